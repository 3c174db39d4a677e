package server

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geotest"
	"github.com/incidentmap/incidentmap/incident"
)

func TestParseTile(t *testing.T) {
	tests := []struct {
		z, x, y string
		param   string
	}{
		{"0", "0", "0", ""},
		{"22", "4194303", "4194303", ""},
		{"23", "0", "0", "z"},
		{"-1", "0", "0", "z"},
		{"1", "2", "0", "x"},
		{"1", "0", "2", "y"},
		{"22", "4194304", "0", "x"},
		{"3", "99999999999999999999", "0", "x"},
		{"a", "0", "0", "z"},
	}
	for _, tt := range tests {
		_, err := parseTile(tt.z, tt.x, tt.y)
		var pe *incident.ParamError
		switch {
		case tt.param == "" && err != nil:
			t.Errorf("parseTile(%s/%s/%s): %v", tt.z, tt.x, tt.y, err)
		case tt.param != "" && (!errors.As(err, &pe) || pe.Param != tt.param):
			t.Errorf("parseTile(%s/%s/%s) error %v, want one naming %s", tt.z, tt.x, tt.y, err, tt.param)
		}
	}
}

// TestTileBoundsMatchOrb checks every tile of zooms 0-6 and edge tiles at
// zoom 22 against orb's maptile, and that the tile's own corners map back
// into it.
func TestTileBoundsMatchOrb(t *testing.T) {
	check := func(z, x, y uint32) {
		got := tileID{z, x, y}.bound()
		want := maptile.New(x, y, maptile.Zoom(z)).Bound()
		for i := range 2 {
			if math.Abs(got.Min[i]-want.Min[i]) > 1e-9 || math.Abs(got.Max[i]-want.Max[i]) > 1e-9 {
				t.Fatalf("tile %d/%d/%d bound %v, orb %v", z, x, y, got, want)
			}
		}
		cx, cy := geo.PointTile((got.Min[0]+got.Max[0])/2, (got.Min[1]+got.Max[1])/2, z)
		if cx != x || cy != y {
			t.Fatalf("centre of %d/%d/%d maps to %d/%d", z, x, y, cx, cy)
		}
	}
	geotest.EachTile(check)
}

func FuzzParseTile(f *testing.F) {
	f.Add("5", "21", "13")
	f.Add("22", "0", "4194303")
	f.Fuzz(func(t *testing.T, z, x, y string) {
		tl, err := parseTile(z, x, y)
		if err != nil {
			return
		}
		if tl.z > MaxZoom || uint64(tl.x) >= 1<<tl.z || uint64(tl.y) >= 1<<tl.z {
			t.Fatalf("accepted out-of-range tile %+v", tl)
		}
	})
}
