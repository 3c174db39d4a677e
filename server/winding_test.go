package server

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// TestTileDistrictWinding decodes the districts layer of every tile over
// the province at a few zooms with orb's decoder, which reads ring
// orientation as MVT 2.1 defines it (positive surveyor's area in tile
// coordinates is an outer ring), and checks that every district arrives with
// outer rings wound as outer rings and holes as holes (issue 14: eight
// districts vanished in QGIS).
func TestTileDistrictWinding(t *testing.T) {
	env := newTestEnv(t, Options{})
	want := map[string]bool{}
	for _, d := range env.srv.gaz.Districts() {
		want[d.ID] = true
	}
	pb := env.srv.gaz.Province().Bound()
	for _, z := range []maptile.Zoom{4, 5, 6, 7, 8} {
		t.Run(fmt.Sprint("z", z), func(t *testing.T) {
			seen := map[string]bool{}
			min := maptile.At(orb.Point{pb.Min[0], pb.Max[1]}, z)
			max := maptile.At(orb.Point{pb.Max[0], pb.Min[1]}, z)
			for x := min.X; x <= max.X; x++ {
				for y := min.Y; y <= max.Y; y++ {
					rec := env.get(t, fmt.Sprintf("/tiles/%d/%d/%d.mvt?layers=districts", z, x, y))
					if rec.Code == http.StatusNoContent {
						continue
					}
					if rec.Code != http.StatusOK {
						t.Fatalf("tile %d/%d/%d: status %d", z, x, y, rec.Code)
					}
					ls, err := mvt.Unmarshal(rec.Body.Bytes())
					if err != nil {
						t.Fatalf("tile %d/%d/%d: %v", z, x, y, err)
					}
					for _, l := range ls {
						for _, f := range l.Features {
							id, _ := f.Properties["id"].(string)
							seen[id] = true
							for i, p := range polygonsOf(f.Geometry) {
								for j, r := range p {
									wantO := orb.CCW // positive area in tile coordinates, y down
									if j > 0 {
										wantO = orb.CW
									}
									if o := r.Orientation(); o != wantO {
										t.Errorf("tile %d/%d/%d district %s polygon %d ring %d: orientation %d, want %d", z, x, y, id, i, j, o, wantO)
									}
								}
							}
						}
					}
				}
			}
			for id := range want {
				if !seen[id] {
					t.Errorf("district %s in no tile", id)
				}
			}
		})
	}
}

func polygonsOf(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// TestGeoJSONWinding checks RFC 7946's right-hand rule (outer rings
// counterclockwise, holes clockwise) in every polygon answer.
func TestGeoJSONWinding(t *testing.T) {
	env := newTestEnv(t, Options{})
	for _, target := range []string{"/api/districts", "/api/province", "/ogc/collections/districts/items?limit=1000", "/ogc/collections/districts/items/quetta"} {
		t.Run(target, func(t *testing.T) {
			rec := env.get(t, target)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			var fs []*geojson.Feature
			if fc, err := geojson.UnmarshalFeatureCollection(rec.Body.Bytes()); err == nil && fc.Type == "FeatureCollection" {
				fs = fc.Features
			} else {
				f, err := geojson.UnmarshalFeature(rec.Body.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				fs = []*geojson.Feature{f}
			}
			if len(fs) == 0 {
				t.Fatal("no features")
			}
			for _, f := range fs {
				for i, p := range polygonsOf(f.Geometry) {
					for j, r := range p {
						wantO := orb.CCW
						if j > 0 {
							wantO = orb.CW
						}
						if o := r.Orientation(); o != wantO {
							t.Errorf("feature %v polygon %d ring %d: orientation %d, want %d", f.ID, i, j, o, wantO)
						}
					}
				}
			}
		})
	}
}
