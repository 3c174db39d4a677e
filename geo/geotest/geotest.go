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
