package server

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
)

// TestFlatFieldsAgree: the OGC items, the OGC schema, the TileJSON layer
// and the tiles' features all carry the fields exchange.Fields marks for
// them, and nothing else (issue 17: one field table).
func TestFlatFieldsAgree(t *testing.T) {
	env := newTestEnv(t, Options{})
	in := newIncident("F-1", 66.99, 30.19, "2025-07-10", "BLA", 2)
	in.Location.Country, in.Location.Admin1 = "PK", "Balochistan"
	if _, err := env.db.PutBatch(t.Context(), []*incident.Incident{in}, "t"); err != nil {
		t.Fatal(err)
	}
	names := func(o exchange.Outputs) []string {
		var out []string
		for _, f := range exchange.FieldsIn(o) {
			out = append(out, f.Name)
		}
		slices.Sort(out)
		return out
	}
	decode := func(target string, v any) {
		t.Helper()
		rec := env.get(t, target)
		if rec.Code != 200 {
			t.Fatalf("GET %s: status %d: %s", target, rec.Code, rec.Body)
		}
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
	}

	var item struct{ Properties map[string]any }
	decode("/ogc/collections/incidents/items/F-1", &item)
	if got, want := slices.Sorted(maps.Keys(item.Properties)), names(exchange.InOGC); !slices.Equal(got, want) {
		t.Errorf("OGC item properties %v, want %v", got, want)
	}
	if item.Properties["description"] != nil || item.Properties["killed_best"] != 2.0 || item.Properties["claimants"] != "BLA" {
		t.Errorf("OGC item: description %v, killed_best %v, claimants %v; want null, 2, BLA",
			item.Properties["description"], item.Properties["killed_best"], item.Properties["claimants"])
	}

	var schema struct {
		Properties struct {
			Properties struct{ Properties map[string]map[string]any }
		}
	}
	decode("/ogc/collections/incidents/schema", &schema)
	props := schema.Properties.Properties.Properties
	if got, want := slices.Sorted(maps.Keys(props)), names(exchange.InOGC); !slices.Equal(got, want) {
		t.Errorf("OGC schema properties %v, want %v", got, want)
	}
	if props["killed_low"]["type"] != "integer" || props["end_date"]["format"] != "date" || props["date"]["x-ogc-role"] != "primary-instant" {
		t.Errorf("OGC schema types: killed_low %v, end_date %v, date %v", props["killed_low"], props["end_date"], props["date"])
	}

	var tj struct {
		VectorLayers []struct {
			ID     string            `json:"id"`
			Fields map[string]string `json:"fields"`
		} `json:"vector_layers"`
	}
	decode("/tiles.json", &tj)
	if len(tj.VectorLayers) == 0 || tj.VectorLayers[0].ID != "incidents" {
		t.Fatalf("TileJSON layers %+v", tj.VectorLayers)
	}
	if got, want := slices.Sorted(maps.Keys(tj.VectorLayers[0].Fields)), names(exchange.InTile); !slices.Equal(got, want) {
		t.Errorf("TileJSON incidents fields %v, want %v", got, want)
	}

	// Above the cluster zooms a tile holds the single incident: every
	// property it has is one TileJSON declares.
	rec := env.get(t, "/tiles/14/11240/6749.mvt?mode=points")
	if rec.Code != 200 {
		t.Fatalf("tile: status %d", rec.Code)
	}
	layers, err := mvt.Unmarshal(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range layers {
		if l.Name != "incidents" {
			continue
		}
		for _, f := range l.Features {
			found = true
			for k := range f.Properties {
				if _, ok := tj.VectorLayers[0].Fields[k]; !ok {
					t.Errorf("tile property %q not in TileJSON", k)
				}
			}
			if f.Properties["primary_claimant"] != "BLA" || f.Properties["country"] != "PK" {
				t.Errorf("tile feature properties %v", f.Properties)
			}
		}
	}
	if !found {
		t.Error("no incident in the tile")
	}
}
