package geo

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/data"
)

func TestOrientRFC7946(t *testing.T) {
	cw := orb.Ring{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}
	hole := orb.Ring{{0.2, 0.2}, {0.8, 0.2}, {0.8, 0.8}, {0.2, 0.8}, {0.2, 0.2}} // CCW
	flat := orb.Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}
	mp := OrientRFC7946(orb.MultiPolygon{{cw.Clone(), hole.Clone()}, {flat.Clone()}})
	if o := mp[0][0].Orientation(); o != orb.CCW {
		t.Errorf("outer ring: got %d, want CCW", o)
	}
	if o := mp[0][1].Orientation(); o != orb.CW {
		t.Errorf("hole: got %d, want CW", o)
	}
	if !orb.Equal(mp[1][0], flat) {
		t.Errorf("degenerate ring changed: %v", mp[1][0])
	}
	// Idempotent.
	again := OrientRFC7946(mp.Clone())
	if !orb.Equal(again, mp) {
		t.Errorf("second pass changed the rings")
	}
}

func TestGazetteerWinding(t *testing.T) {
	g, err := LoadFS(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, mp orb.MultiPolygon) {
		for i, p := range mp {
			for j, r := range p {
				want := orb.CCW
				if j > 0 {
					want = orb.CW
				}
				if o := r.Orientation(); o != want {
					t.Errorf("%s polygon %d ring %d: got %d, want %d", name, i, j, o, want)
				}
			}
		}
	}
	check("province", g.Province())
	for _, d := range g.Districts() {
		check(d.ID, d.Geometry)
	}
	for _, a := range g.OuterDistricts() {
		check(a.ID, a.Geometry)
	}
}
