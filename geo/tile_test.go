package geo_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geotest"
)

// TestTileOfMatchesOrb: for every tile of zooms 0-6 and edge tiles at zoom
// 22, the centre of orb's bound of the tile maps back to the tile, the
// bound's corners map back through LonOf and LatOf, and the quadkey is
// orb's.
func TestTileOfMatchesOrb(t *testing.T) {
	check := func(z, x, y uint32) {
		tl := maptile.New(x, y, maptile.Zoom(z))
		b := tl.Bound()
		if gx, gy := geo.PointTile((b.Min[0]+b.Max[0])/2, (b.Min[1]+b.Max[1])/2, z); gx != x || gy != y {
			t.Fatalf("centre of %d/%d/%d in tile %d/%d", z, x, y, gx, gy)
		}
		n := float64(uint64(1) << z)
		if lon := geo.LonOf(float64(x) / n); math.Abs(lon-b.Min[0]) > 1e-9 {
			t.Fatalf("tile %d/%d/%d west edge %v, orb %v", z, x, y, lon, b.Min[0])
		}
		if lat := geo.LatOf(float64(y) / n); math.Abs(lat-b.Max[1]) > 1e-9 {
			t.Fatalf("tile %d/%d/%d north edge %v, orb %v", z, x, y, lat, b.Max[1])
		}
		if z <= 16 {
			if got, want := geo.Quadkey(x, y, z), uint32(tl.Quadkey()); got != want {
				t.Fatalf("quadkey of %d/%d/%d = %d, orb %d", z, x, y, got, want)
			}
		}
	}
	geotest.EachTile(check)
}

// TestPointTileAgreesWithOrb: random points of the mapped region fall in
// the tile orb's maptile.At gives, at the store's index zoom and below.
func TestPointTileAgreesWithOrb(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		lon, lat := 55+r.Float64()*25, 20+r.Float64()*20
		for _, z := range []uint32{0, 7, 14, 16} {
			want := maptile.At(orb.Point{lon, lat}, maptile.Zoom(z))
			if x, y := geo.PointTile(lon, lat, z); x != want.X || y != want.Y {
				t.Fatalf("geo.PointTile(%v, %v, %d) = %d/%d, orb %d/%d", lon, lat, z, x, y, want.X, want.Y)
			}
		}
	}
}

func TestTileOfEdges(t *testing.T) {
	// World edges belong to the last tile; beyond-Mercator latitudes clamp.
	if x, y := geo.PointTile(180, -90, 3); x != 7 || y != 7 {
		t.Errorf("south-east corner in tile %d,%d, want 7,7", x, y)
	}
	if x, y := geo.PointTile(-180, 90, 3); x != 0 || y != 0 {
		t.Errorf("north-west corner in tile %d,%d, want 0,0", x, y)
	}
	for _, lat := range []float64{-85, -30, 0, 25.5, 31.2, 85} {
		if got := geo.LatOf(geo.MercatorY(lat)); math.Abs(got-lat) > 1e-9 {
			t.Errorf("geo.LatOf(geo.MercatorY(%v)) = %v", lat, got)
		}
	}
	// The tiles under a coarser tile form one quadkey range.
	lo, hi := geo.Quadkey(8, 4, 4)<<4, geo.Quadkey(8, 4, 4)<<4|0xf
	for x := uint32(32); x < 36; x++ {
		for y := uint32(16); y < 20; y++ {
			if k := geo.Quadkey(x, y, 6); k < lo || k > hi {
				t.Errorf("quadkey of 6/%d/%d = %d, outside %d..%d", x, y, k, lo, hi)
			}
		}
	}
}
