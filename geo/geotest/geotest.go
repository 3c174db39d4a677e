// Package geotest gives tests of any package the shipped gazetteer, loaded
// once per test binary.
package geotest

import (
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/geo"
)

var (
	once sync.Once
	gaz  *geo.Gazetteer
	err  error
)

// Gazetteer returns the gazetteer embedded in package data, failing tb if
// it does not load. The result is shared: callers must not modify it.
func Gazetteer(tb testing.TB) *geo.Gazetteer {
	tb.Helper()
	once.Do(func() { gaz, err = geo.LoadFS(data.FS) })
	if err != nil {
		tb.Fatalf("load gazetteer: %v", err)
	}
	return gaz
}

// EachTile calls fn with every tile of zooms 0 to 6 and the corner tiles
// (and one over the province) at zoom 22: the tiles that tests of tile
// maths check exhaustively at low zooms and at the edges of the deepest.
func EachTile(fn func(z, x, y uint32)) {
	for z := uint32(0); z <= 6; z++ {
		for x := uint32(0); x < 1<<z; x++ {
			for y := uint32(0); y < 1<<z; y++ {
				fn(z, x, y)
			}
		}
	}
	n := uint32(1)<<22 - 1
	for _, xy := range [][2]uint32{{0, 0}, {n, n}, {0, n}, {n, 0}, {2883584, 1703936}} {
		fn(22, xy[0], xy[1])
	}
}
