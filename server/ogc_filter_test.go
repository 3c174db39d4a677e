package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

type ogcPage struct {
	Features []struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	NumberMatched  int `json:"numberMatched"`
	NumberReturned int `json:"numberReturned"`
}

// TestOGCDatetime pins the datetime semantics of issue 14: a date or
// instant selects the incidents whose date is that day (what QGIS means by
// "date" = '...'); an interval selects those whose span overlaps it,
// including GDAL's "YYYY-MM-DDT/.." forms.
func TestOGCDatetime(t *testing.T) {
	env := newTestEnv(t, Options{})
	span := newIncident("SPAN", 66.99, 30.19, "2025-07-08", "BLA", 1)
	span.EndDate, span.DatePrecision = "2025-07-12", incident.DateRange
	on := newIncident("ON", 66.98, 30.18, "2025-07-10", "BLF", 1)
	after := newIncident("AFTER", 66.97, 30.17, "2025-07-11", "BLF", 1)
	before := newIncident("BEFORE", 66.96, 30.16, "2025-06-30", "BLF", 1)
	if _, err := env.db.PutBatch(t.Context(), []*incident.Incident{span, on, after, before}, "t"); err != nil {
		t.Fatal(err)
	}
	tests := map[string][]string{
		"datetime=2025-07-10":                            {"ON"},
		"datetime=2025-07-10T12:00:00Z":                  {"ON"},
		"datetime=2025-07-10T":                           {"ON"},
		"date=2025-07-10":                                {"ON"},
		"date=2025-07-10&datetime=2025-07-11":            {},
		"datetime=2025-07-10/2025-07-10":                 {"ON", "SPAN"},
		"datetime=2025-07-01T/..":                        {"AFTER", "ON", "SPAN"},
		"datetime=2025-07-01T/":                          {"AFTER", "ON", "SPAN"},
		"datetime=../2025-07-09T":                        {"BEFORE", "SPAN"},
		"datetime=../..":                                 {"AFTER", "BEFORE", "ON", "SPAN"},
		"datetime=2025-07-09/2025-07-10&date=2025-07-10": {"ON"},
	}
	for q, want := range tests {
		t.Run(q, func(t *testing.T) {
			var p ogcPage
			decodeJSON(t, env.get(t, "/ogc/collections/incidents/items?"+q), &p)
			got := map[string]bool{}
			for _, f := range p.Features {
				got[f.ID] = true
			}
			if len(got) != len(want) || p.NumberMatched != len(want) {
				t.Errorf("got %v (numberMatched %d), want %v", got, p.NumberMatched, want)
			}
			for _, id := range want {
				if !got[id] {
					t.Errorf("got %v, want %v", got, want)
				}
			}
		})
	}
}

// TestOGCPropertyFilters checks each property filter against the items'
// own property values.
func TestOGCPropertyFilters(t *testing.T) {
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 200, 31)
	in0 := ins[0]
	tests := []struct {
		q     string
		check func(p map[string]any) bool
	}{
		{"primary_claimant=" + in0.PrimaryActor(), func(p map[string]any) bool { return p["primary_claimant"] == in0.PrimaryActor() }},
		{"district_id=" + in0.Location.DistrictID, func(p map[string]any) bool { return p["district_id"] == in0.Location.DistrictID }},
		{"primary_claimant=BLF&district_id=" + in0.Location.DistrictID, func(p map[string]any) bool {
			return p["primary_claimant"] == "BLF" && p["district_id"] == in0.Location.DistrictID
		}},
		{"claimants=ISPR", func(p map[string]any) bool { return containsComma(p["claimants"], "ISPR") }},
		{"type=armed_clash", func(p map[string]any) bool { return p["type"] == "armed_clash" }},
		{"status=confirmed", func(p map[string]any) bool { return p["status"] == "confirmed" }},
		{"region=balochistan", func(p map[string]any) bool { return p["region"] == "balochistan" }},
		{"precision=exact", func(p map[string]any) bool { return p["precision"] == "exact" }},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var all, page ogcPage
			decodeJSON(t, env.get(t, "/ogc/collections/incidents/items?limit=10000"), &all)
			want := 0
			for _, f := range all.Features {
				if tt.check(f.Properties) {
					want++
				}
			}
			decodeJSON(t, env.get(t, "/ogc/collections/incidents/items?limit=10000&"+tt.q), &page)
			if page.NumberMatched != want || len(page.Features) != want {
				t.Errorf("numberMatched %d, features %d, want %d", page.NumberMatched, len(page.Features), want)
			}
			for _, f := range page.Features {
				if !tt.check(f.Properties) {
					t.Errorf("feature %s does not match: %v", f.ID, f.Properties)
				}
			}
		})
	}
}

func containsComma(v any, x string) bool {
	s, _ := v.(string)
	for _, p := range splitComma(s) {
		if p == x {
			return true
		}
	}
	return false
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// TestOGCBadFilters: malformed values answer 400 naming the parameter.
func TestOGCBadFilters(t *testing.T) {
	env := newTestEnv(t, Options{})
	for q, param := range map[string]string{
		"datetime=2025-13-40":            "datetime",
		"datetime=2025-07-10/2025-07-01": "datetime",
		"date=yesterday":                 "date",
		"date=2025-07-10,2025-07-11":     "date",
		"district_id=atlantis":           "district_id",
		"precision=vague":                "precision",
		"primary_claimant=":              "primary_claimant",
		"limit=10001":                    "limit",
		"status=maybe":                   "status",
	} {
		t.Run(q, func(t *testing.T) {
			rec := env.get(t, "/ogc/collections/incidents/items?"+q)
			var body struct {
				Param string `json:"param"`
			}
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", rec.Code)
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %s: %v", rec.Body, err)
			}
			if body.Param != param {
				t.Errorf("param %q, want %q (body %s)", body.Param, param, rec.Body)
			}
		})
	}
	if rec := env.get(t, "/ogc/collections/districts/items?primary_claimant=BLA"); rec.Code != http.StatusBadRequest {
		t.Errorf("districts with a property filter: status %d, want 400", rec.Code)
	}
}

// TestOGCExtentAndLimit: extents come from the data; the default page is
// the OpenAPI default; queryables are typed properties of the items.
func TestOGCExtentAndLimit(t *testing.T) {
	env := newTestEnv(t, Options{})
	var empty struct {
		Extent struct {
			Temporal struct {
				Interval [][]any `json:"interval"`
			} `json:"temporal"`
		} `json:"extent"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents"), &empty)
	if iv := empty.Extent.Temporal.Interval; len(iv) != 1 || iv[0][0] != nil || iv[0][1] != nil {
		t.Errorf("empty store: temporal interval %v, want [[null,null]]", iv)
	}
	ins := seedRandom(t, env, 1200, 5)
	first, last := ins[0].Date, ins[0].Date
	minLon, maxLon := 180.0, -180.0
	for _, in := range ins {
		first, last = min(first, in.Date), max(last, in.Date)
		minLon, maxLon = min(minLon, in.Location.Lon), max(maxLon, in.Location.Lon)
	}
	var c struct {
		Extent struct {
			Spatial struct {
				BBox [][]float64 `json:"bbox"`
			} `json:"spatial"`
			Temporal struct {
				Interval [][]any `json:"interval"`
			} `json:"temporal"`
		} `json:"extent"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents"), &c)
	if iv := c.Extent.Temporal.Interval; len(iv) != 1 || iv[0][0] != first+"T00:00:00Z" || iv[0][1] != last+"T23:59:59Z" {
		t.Errorf("temporal interval %v, want %s..%s", iv, first, last)
	}
	if b := c.Extent.Spatial.BBox; len(b) != 1 || b[0][0] != minLon || b[0][2] != maxLon {
		t.Errorf("bbox %v, want lon %v..%v", b, minLon, maxLon)
	}
	var p ogcPage
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/items"), &p)
	if p.NumberReturned != ogcDefaultLimit {
		t.Errorf("default page %d, want %d", p.NumberReturned, ogcDefaultLimit)
	}
	var api struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct {
					Name   string         `json:"name"`
					Schema map[string]any `json:"schema"`
				} `json:"parameters"`
			} `json:"get"`
		} `json:"paths"`
	}
	decodeJSON(t, env.get(t, "/ogc/api"), &api)
	params := map[string]map[string]any{}
	for _, prm := range api.Paths["/collections/{collectionId}/items"].Get.Parameters {
		params[prm.Name] = prm.Schema
	}
	if l := params["limit"]; l["default"] != float64(ogcDefaultLimit) || l["maximum"] != float64(DefaultMaxLimit) {
		t.Errorf("limit schema %v", l)
	}
	var qs struct {
		Properties map[string]map[string]any `json:"properties"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/queryables"), &qs)
	item := p.Features[0].Properties
	for name, schema := range qs.Properties {
		if _, ok := item[name]; !ok {
			t.Errorf("queryable %s is not a property of the items", name)
		}
		if schema["type"] == nil {
			t.Errorf("queryable %s has no type", name)
		}
		if _, ok := params[name]; !ok {
			t.Errorf("queryable %s is not an items parameter in the OpenAPI document (GDAL sends only those)", name)
		}
	}
}

// FuzzParseOGCItems: any query either parses or is a ParamError naming a
// parameter; a parsed page size is within bounds.
func FuzzParseOGCItems(f *testing.F) {
	for _, s := range []string{"primary_claimant=BLF&district_id=kech", "date=2025-07-10", "datetime=2025-07-01T/..",
		"claimants=BLA,ISPR&precision=town", "country=pk&admin1=Sindh", "limit=5&offset=3", "bbox=60,24,0,70,33,0", "%zz"} {
		f.Add(s)
	}
	srv := New(Options{Store: nil, Gazetteer: nil})
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		oq, err := srv.parseOGCItems(q)
		if err != nil {
			var pe *incident.ParamError
			if !errors.As(err, &pe) || pe.Param == "" {
				t.Fatalf("error %v is not a ParamError naming a parameter", err)
			}
			return
		}
		if oq.limit < 1 || oq.limit > DefaultMaxLimit || oq.offset < 0 {
			t.Fatalf("limit %d offset %d", oq.limit, oq.offset)
		}
	})
}

// TestOGCItemsFull: items carry whole titles (the point index keeps 48
// bytes), null for absent values, and the place, description and source
// fields, on a page and alone (issue 14).
func TestOGCItemsFull(t *testing.T) {
	env := newTestEnv(t, Options{})
	long := newIncident("LONG", 66.99, 30.19, "2025-07-10", "BLF", 2)
	long.Title = "Attack on the Quetta–Karachi highway near Khuzdar, with a title well past forty-eight bytes 🚩"
	long.Description = "=cmd|' /C calc'!A0"
	long.Location.Name = "Khuzdar bypass"
	long.Sources = []incident.Source{{Name: "Dawn", URL: "https://example.org/a"}, {Name: "BBC"}}
	bare := newIncident("BARE", 66.98, 30.18, "2025-07-11", "BLA", 0)
	bare.Location.Name = ""
	if _, err := env.db.PutBatch(t.Context(), []*incident.Incident{long, bare}, "t"); err != nil {
		t.Fatal(err)
	}
	var p ogcPage
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/items?limit=10"), &p)
	var one struct {
		Properties map[string]any `json:"properties"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/items/LONG"), &one)
	byID := map[string]map[string]any{"item LONG": one.Properties}
	for _, f := range p.Features {
		byID[f.ID] = f.Properties
	}
	for _, k := range []string{"LONG", "item LONG"} {
		pr := byID[k]
		if pr["title"] != long.Title || pr["description"] != long.Description || pr["place"] != "Khuzdar bypass" ||
			pr["source"] != "Dawn" || pr["source_url"] != "https://example.org/a" || pr["end_date"] != nil {
			t.Errorf("%s: properties %v", k, pr)
		}
	}
	pr := byID["BARE"]
	for _, k := range []string{"end_date", "description", "place", "source", "source_url", "series"} {
		if v, ok := pr[k]; !ok || v != nil {
			t.Errorf("BARE: %s = %v (present %v), want null", k, v, ok)
		}
	}
	if len(byID["LONG"]) != len(pr) {
		t.Errorf("features have different property sets: %d and %d", len(byID["LONG"]), len(pr))
	}
}

// TestOGCSchema: the items' JSON Schema (GDAL types fields from it) names
// exactly the items' properties, with end_date a date.
func TestOGCSchema(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 5, 1)
	var p ogcPage
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/items?limit=1"), &p)
	var sc struct {
		Properties struct {
			Properties struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"properties"`
		} `json:"properties"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/schema"), &sc)
	props := sc.Properties.Properties.Properties
	if len(props) != len(p.Features[0].Properties) {
		t.Errorf("schema has %d properties, items %d", len(props), len(p.Features[0].Properties))
	}
	for k := range p.Features[0].Properties {
		if props[k]["type"] == nil {
			t.Errorf("schema lacks %s", k)
		}
	}
	if props["end_date"]["format"] != "date" {
		t.Errorf("end_date schema %v", props["end_date"])
	}
}
