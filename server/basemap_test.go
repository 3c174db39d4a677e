package server

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

var testBasemap = []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[60,20],[70,20],[70,25],[60,20]]]},"properties":{"layer":"sea","name":"Arabian Sea"}}]}`)

func TestBasemap(t *testing.T) {
	e := newTestEnv(t, Options{Basemap: testBasemap})
	rec := e.get(t, "/api/basemap")
	if rec.Code != http.StatusOK {
		t.Fatalf("status: got %d, want 200: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != geoJSONType {
		t.Errorf("Content-Type: got %q, want %q", ct, geoJSONType)
	}
	if cc := rec.Header().Get("Cache-Control"); cc == "" {
		t.Error("no Cache-Control")
	}
	fc, err := geojson.UnmarshalFeatureCollection(rec.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	layers := map[string]map[string]bool{}
	provinceUr := map[string]any{} // province name -> its name_ur property (absent: nil)
	for _, f := range fc.Features {
		l := f.Properties.MustString("layer", "")
		if layers[l] == nil {
			layers[l] = map[string]bool{}
		}
		layers[l][f.Properties.MustString("name", "")] = true
		if l == "province" {
			provinceUr[f.Properties.MustString("name", "")] = f.Properties["name_ur"]
		}
	}
	if !layers["sea"]["Arabian Sea"] {
		t.Errorf("the sea from Options.Basemap is missing: %v", layers["sea"])
	}
	for _, want := range []string{"Sindh", "Punjab", "Kandahar"} {
		if !layers["province"][want] {
			t.Errorf("province %s missing from the basemap", want)
		}
	}
	// Provinces carry the gazetteer's Urdu name; one without it has no
	// name_ur at all (not null, not "").
	for name, want := range map[string]any{"Sindh": "سندھ", "Sistan and Baluchestan": "سیستان و بلوچستان", "Helmand": "ہلمند", "Daykundi": nil} {
		if got := provinceUr[name]; got != want {
			t.Errorf("province %s: name_ur %v, want %v", name, got, want)
		}
	}
	if !strings.Contains(rec.Body.String(), `"name":"Daykundi"`) || strings.Contains(rec.Body.String(), `"name_ur":null`) || strings.Contains(rec.Body.String(), `"name_ur":""`) {
		t.Error("a province without an Urdu name should have no name_ur property")
	}
	if rec := e.get(t, "/api/basemap?x=1"); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown parameter: got %d, want 400", rec.Code)
	}
}

func TestPlaces(t *testing.T) {
	e := newTestEnv(t, Options{})
	type answer struct {
		Places []mapPlace `json:"places"`
	}
	get := func(t *testing.T, target string) answer {
		t.Helper()
		rec := e.get(t, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: got %d, want 200: %s", target, rec.Code, rec.Body)
		}
		var a answer
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	t.Run("province view shows cities only", func(t *testing.T) {
		a := get(t, "/api/places?bbox=60.8,24.8,70.3,32.2&zoom=6")
		names := map[string]int{}
		for i, p := range a.Places {
			names[p.Name] = p.Rank
			if p.Rank > 2 {
				t.Errorf("rank %d place %s offered at zoom 6", p.Rank, p.Name)
			}
			if i > 0 && p.Rank < a.Places[i-1].Rank {
				t.Errorf("places not ordered by rank at %d", i)
			}
		}
		if names["Quetta"] != 1 {
			t.Errorf("Quetta: got rank %d, want 1", names["Quetta"])
		}
		if _, ok := names["Turbat"]; !ok {
			t.Error("Turbat missing at zoom 6")
		}
		// Urdu names where the gazetteer has them.
		for _, p := range a.Places {
			if p.Name == "Quetta" && p.NameUr != "کوئٹہ" || p.Name == "Turbat" && p.NameUr != "تُربت" {
				t.Errorf("%s: Urdu name %q", p.Name, p.NameUr)
			}
		}
	})
	t.Run("zoom 12 over Quetta shows its neighbourhoods", func(t *testing.T) {
		a := get(t, "/api/places?bbox=66.9,30.1,67.1,30.3&zoom=12&limit=20")
		if len(a.Places) != 20 {
			t.Errorf("got %d places, want the limit of 20", len(a.Places))
		}
		for _, p := range a.Places {
			if p.Lon < 66.9 || p.Lon > 67.1 || p.Lat < 30.1 || p.Lat > 30.3 {
				t.Errorf("%s at %v,%v outside the bbox", p.Name, p.Lon, p.Lat)
			}
		}
	})
	for name, target := range map[string]string{
		"no bbox":   "/api/places",
		"bad zoom":  "/api/places?bbox=60,24,70,32&zoom=x",
		"big limit": "/api/places?bbox=60,24,70,32&limit=99999",
		"unknown":   "/api/places?bbox=60,24,70,32&q=1",
	} {
		t.Run(name, func(t *testing.T) {
			if rec := e.get(t, target); rec.Code != http.StatusBadRequest {
				t.Errorf("got %d, want 400", rec.Code)
			}
		})
	}
}

// TestBasemapTehsils: the basemap has the lines between the tehsils of each
// district, and none of them runs along a district's outline.
func TestBasemapTehsils(t *testing.T) {
	e := newTestEnv(t, Options{Basemap: testBasemap})
	fc, err := geojson.UnmarshalFeatureCollection(e.get(t, "/api/basemap").Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	outline := map[orb.Point]bool{} // every vertex of a district outline
	for _, d := range testGazetteer(t).Districts() {
		for _, poly := range d.Geometry {
			for _, ring := range poly {
				for _, p := range ring {
					outline[orb.Point{math.Round(p[0]*1e3) / 1e3, math.Round(p[1]*1e3) / 1e3}] = true
				}
			}
		}
	}
	districts := map[string]bool{}
	points, onOutline := 0, 0
	names := map[string]bool{}
	urdu := map[string]string{} // tehsil name -> Urdu name
	for _, f := range fc.Features {
		if f.Properties.MustString("layer", "") == "tehsil_name" {
			if _, ok := f.Geometry.(orb.Point); ok {
				names[f.Properties.MustString("name", "")] = true
			}
			if ur, ok := f.Properties["name_ur"].(string); ok {
				urdu[f.Properties.MustString("name", "")] = ur
			}
		}
		if f.Properties.MustString("layer", "") != "tehsil" {
			continue
		}
		districts[f.Properties.MustString("district_id", "")] = true
		ml, ok := f.Geometry.(orb.MultiLineString)
		if !ok {
			t.Fatalf("tehsil feature of %T, want MultiLineString", f.Geometry)
		}
		for _, l := range ml {
			if len(l) < 2 {
				t.Errorf("line of %d points", len(l))
			}
			// A line's inner points lie inside its district; only its ends
			// may touch the outline.
			for _, p := range l[1 : len(l)-1] {
				points++
				if outline[p] {
					onOutline++
				}
			}
		}
	}
	// Every district made of two or more tehsils has lines (Kech has 9
	// tehsils; Sherani is one).
	for _, d := range testGazetteer(t).Districts() {
		if want := len(d.Tehsils) > 1; districts[d.ID] != want {
			t.Errorf("district %s (%d tehsils): tehsil lines %v", d.ID, len(d.Tehsils), districts[d.ID])
		}
	}
	if !districts["kech"] || points < 100 {
		t.Errorf("tehsil lines in %d districts with %d inner points", len(districts), points)
	}
	if len(names) < 90 || !names["Quetta City"] {
		t.Errorf("%d tehsil names, Quetta City %v", len(names), names["Quetta City"])
	}
	// Tehsil names in Urdu where the gazetteer has them: the seat town's
	// (Panjgur), the district's when they share a name (Kalat), none for
	// Quetta City.
	if urdu["Panjgur"] != "پنجگور" || urdu["Kalat"] != "قلات" || urdu["Quetta City"] != "" || len(urdu) != 44 {
		t.Errorf("%d tehsils in Urdu: Panjgur %q, Kalat %q, Quetta City %q", len(urdu), urdu["Panjgur"], urdu["Kalat"], urdu["Quetta City"])
	}
	if onOutline > points/50 {
		t.Errorf("%d of %d inner points of tehsil lines lie on a district outline", onOutline, points)
	}
}
