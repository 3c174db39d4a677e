package server

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/incident"
)

// regionPlaces are incidents in and around Balochistan, their country and
// province set directly (placing them is the gazetteer's job). Every point
// lies in the box incident.Validate accepts.
var regionPlaces = []struct {
	id              string
	lon, lat        float64
	district        string
	country, admin1 string
	outside         bool
}{
	{"IN-TURBAT", 63.05, 26.0, "kech", "", "", false}, // stored before countries were recorded
	{"IN-QUETTA", 67.0, 30.18, "quetta", "PK", "Balochistan", false},
	{"IN-PANJGUR", 64.1, 26.97, "panjgur", "PK", "Balochistan", false},
	{"OUT-KARACHI", 67.01, 24.86, "central-karachi", "PK", "Sindh", true},
	{"OUT-DGKHAN", 70.64, 30.05, "dera-ghazi-khan", "PK", "Punjab", true},
	{"OUT-ZAHEDAN", 60.86, 29.5, "", "IR", "Sistan and Baluchestan", true},
	{"OUT-KANDAHAR", 65.71, 31.61, "", "AF", "Kandahar", true},
}

// seedRegions stores regionPlaces (and a draft outside, which must never
// show) and returns the ids of each region, sorted.
func seedRegions(t *testing.T, env *testEnv) (inside, outside []string) {
	t.Helper()
	var ins []*incident.Incident
	for i, p := range regionPlaces {
		in := newIncident(p.id, p.lon, p.lat, fmt.Sprintf("2025-0%d-01", i+1), "BLA", i)
		in.Location.DistrictID, in.Location.Country, in.Location.Admin1 = p.district, p.country, p.admin1
		ins = append(ins, in)
		if p.outside {
			outside = append(outside, p.id)
		} else {
			inside = append(inside, p.id)
		}
	}
	draft := newIncident("DRAFT-OUT", 60.9, 29.4, "2025-05-05", "BLA", 1)
	draft.Location.Country, draft.Location.Admin1 = "IR", "Sistan and Baluchestan"
	draft.State = incident.Draft
	if _, err := env.db.PutBatch(t.Context(), append(ins, draft), "seed"); err != nil {
		t.Fatal(err)
	}
	sort.Strings(inside)
	sort.Strings(outside)
	return inside, outside
}

// regionCases are the values of the region parameter and the ids each
// selects.
func regionCases(inside, outside []string) []struct {
	query string
	want  []string
} {
	all := slices.Sorted(slices.Values(append(slices.Clone(inside), outside...)))
	return []struct {
		query string
		want  []string
	}{
		{"", all},
		{"region=all", all},
		{"region=balochistan", inside},
		{"region=outside", outside},
		{"region=Outside", outside},
	}
}

// TestRegionParameterErrors: a bad region is 400 naming the parameter, on
// every endpoint that takes the filters.
func TestRegionParameterErrors(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRegions(t, env)
	tl := maptile.At([2]float64{65, 28}, 3)
	paths := []string{"/api/incidents", "/api/incidents.csv", "/api/incidents.geojson", "/api/districts", "/api/stats",
		"/api/claimants", "/api/types", "/api/clusters?zoom=3", fmt.Sprintf("/tiles/3/%d/%d.mvt", tl.X, tl.Y), "/tiles.json",
		"/ogc/collections/incidents/items", "/ogc/collections/districts/items"}
	for _, path := range paths {
		for _, bad := range []string{"region=inside", "region=", "region=outside&region=balochistan", "region=PK"} {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			rec := env.get(t, path+sep+bad)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("%s%s%s: status %d, want 400", path, sep, bad, rec.Code)
				continue
			}
			if e := errorOf(t, rec); e.Param != "region" || !strings.Contains(e.Error, "region") {
				t.Errorf("%s%s%s: error %+v, want one naming region", path, sep, bad, e)
			}
		}
	}
}

func TestRegionIncidentsGeoJSON(t *testing.T) {
	env := newTestEnv(t, Options{})
	inside, outside := seedRegions(t, env)
	for _, tc := range regionCases(inside, outside) {
		for _, path := range []string{"/api/incidents", "/api/incidents.geojson"} {
			t.Run(path+"?"+tc.query, func(t *testing.T) {
				rec := env.get(t, path+"?"+tc.query)
				if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
					t.Errorf("Content-Type %q", ct)
				}
				var fc struct {
					NumberMatched *int `json:"numberMatched"`
					Features      []struct {
						ID         string         `json:"id"`
						Properties map[string]any `json:"properties"`
					} `json:"features"`
				}
				decodeJSON(t, rec, &fc)
				var got []string
				for _, f := range fc.Features {
					got = append(got, f.ID)
					p := f.Properties
					want := placeOf(t, f.ID)
					region := incident.RegionBalochistan
					if want.outside {
						region = incident.RegionOutside
					}
					if p["country"] != want.country || p["admin1"] != want.admin1 || p["region"] != region {
						t.Errorf("%s: country %v admin1 %v region %v, want %q %q %q", f.ID, p["country"], p["admin1"], p["region"],
							want.country, want.admin1, region)
					}
				}
				sort.Strings(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
				if fc.NumberMatched != nil && *fc.NumberMatched != len(tc.want) {
					t.Errorf("numberMatched %d, want %d", *fc.NumberMatched, len(tc.want))
				}
			})
		}
	}
}

func placeOf(t *testing.T, id string) struct {
	id              string
	lon, lat        float64
	district        string
	country, admin1 string
	outside         bool
} {
	t.Helper()
	for _, p := range regionPlaces {
		if p.id == id {
			return p
		}
	}
	t.Fatalf("unexpected incident %s", id)
	return regionPlaces[0]
}

func TestRegionIncidentsCSV(t *testing.T) {
	env := newTestEnv(t, Options{})
	inside, outside := seedRegions(t, env)
	for _, tc := range regionCases(inside, outside) {
		t.Run(tc.query, func(t *testing.T) {
			rec := env.get(t, "/api/incidents.csv?"+tc.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			recs, err := csv.NewReader(rec.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			h := recs[0]
			// wkt came after the region columns (issue 14).
			if n := len(h); n < 4 || h[n-4] != "country" || h[n-3] != "admin1" || h[n-2] != "region" || h[n-1] != "wkt" {
				t.Fatalf("header %v: want country, admin1, region, wkt last", h)
			}
			var got []string
			for _, r := range recs[1:] {
				got = append(got, r[0])
				p, n := placeOf(t, r[0]), len(r)-1
				if r[n-3] != p.country || r[n-2] != p.admin1 || (r[n-1] == incident.RegionOutside) != p.outside {
					t.Errorf("%s: last columns %q", r[0], r[n-3:])
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRegionTiles: tiles select by region in both modes; a single
// incident carries country, admin1 and region; the tile cache keeps
// regions apart (the same tile is asked for each region in turn, twice).
func TestRegionTiles(t *testing.T) {
	env := newTestEnv(t, Options{})
	inside, outside := seedRegions(t, env)
	tl := maptile.At([2]float64{65, 28}, 3) // the whole region in one tile
	for round := range 2 {
		for _, tc := range regionCases(inside, outside) {
			t.Run(fmt.Sprintf("round %d %s", round, tc.query), func(t *testing.T) {
				rec := env.get(t, fmt.Sprintf("/tiles/3/%d/%d.mvt?mode=points&%s", tl.X, tl.Y, tc.query))
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				if ct := rec.Header().Get("Content-Type"); ct != mvtContentType {
					t.Errorf("Content-Type %q", ct)
				}
				var got []string
				for _, f := range decodeTile(t, rec.Body.Bytes())["incidents"].Features {
					got = append(got, f.Properties["id"].(string))
				}
				sort.Strings(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("points: got %v, want %v", got, tc.want)
				}
				// Cluster mode: the counts of the tile add up to the matches.
				rec = env.get(t, fmt.Sprintf("/tiles/3/%d/%d.mvt?%s", tl.X, tl.Y, tc.query))
				if rec.Code != http.StatusOK {
					t.Fatalf("cluster mode: status %d: %s", rec.Code, rec.Body)
				}
				layers := decodeTile(t, rec.Body.Bytes())
				n := 0
				for _, f := range layers["incidents"].Features {
					n += num(f.Properties["count"])
				}
				if n != len(tc.want) {
					t.Errorf("cluster counts add up to %d, want %d", n, len(tc.want))
				}
				// The districts layer counts under the filter too: Kech's
				// one incident is inside.
				kech := -1
				for _, f := range layers["districts"].Features {
					if f.Properties["id"] == "kech" {
						kech = num(f.Properties["count"])
					}
				}
				if want := map[bool]int{true: 1, false: 0}[slices.Contains(tc.want, "IN-TURBAT")]; kech != want {
					t.Errorf("districts layer: kech count %d, want %d", kech, want)
				}
			})
		}
	}

	// A single incident's properties, above the cluster zoom.
	for _, p := range []struct {
		id, query string
		lon, lat  float64
		want      map[string]any
	}{
		{"OUT-ZAHEDAN", "region=outside", 60.86, 29.5, map[string]any{"country": "IR", "admin1": "Sistan and Baluchestan", "region": "outside"}},
		{"IN-QUETTA", "region=balochistan", 67.0, 30.18, map[string]any{"country": "PK", "admin1": "Balochistan", "region": "balochistan"}},
		{"IN-TURBAT", "", 63.05, 26.0, map[string]any{"region": "balochistan"}},
	} {
		st := maptile.At([2]float64{p.lon, p.lat}, 16)
		rec := env.get(t, fmt.Sprintf("/tiles/16/%d/%d.mvt?%s", st.X, st.Y, p.query))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", p.id, rec.Code)
		}
		fs := decodeTile(t, rec.Body.Bytes())["incidents"].Features
		if len(fs) != 1 || fs[0].Properties["id"] != p.id {
			t.Fatalf("%s: features %v", p.id, fs)
		}
		props := fs[0].Properties
		for _, k := range []string{"country", "admin1", "region"} {
			if props[k] != p.want[k] {
				t.Errorf("%s: %s = %v, want %v", p.id, k, props[k], p.want[k])
			}
		}
		// The other region's filter leaves the incidents layer empty.
		other := "region=balochistan"
		if p.want["region"] == "balochistan" {
			other = "region=outside"
		}
		if rec := env.get(t, fmt.Sprintf("/tiles/16/%d/%d.mvt?layers=incidents&%s", st.X, st.Y, other)); rec.Code != http.StatusNoContent {
			t.Errorf("%s with %s: status %d, want 204", p.id, other, rec.Code)
		}
	}
}

func TestRegionOGC(t *testing.T) {
	env := newTestEnv(t, Options{})
	inside, outside := seedRegions(t, env)
	for _, tc := range regionCases(inside, outside) {
		t.Run(tc.query, func(t *testing.T) {
			var fc struct {
				NumberMatched int `json:"numberMatched"`
				Features      []struct {
					ID         string         `json:"id"`
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			rec := env.get(t, "/ogc/collections/incidents/items?limit=100&"+tc.query)
			if ct := rec.Header().Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("Content-Type %q", ct)
			}
			decodeJSON(t, rec, &fc)
			var got []string
			for _, f := range fc.Features {
				got = append(got, f.ID)
				p := placeOf(t, f.ID)
				// An absent country or admin1 is null in items (issue 14).
				if f.Properties["country"] != nullable(p.country) || f.Properties["admin1"] != nullable(p.admin1) ||
					(f.Properties["region"] == incident.RegionOutside) != p.outside {
					t.Errorf("%s: properties %v", f.ID, f.Properties)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, tc.want) || fc.NumberMatched != len(tc.want) {
				t.Errorf("got %v (matched %d), want %v", got, fc.NumberMatched, tc.want)
			}
		})
	}
	var item struct {
		Properties map[string]any `json:"properties"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/items/OUT-KANDAHAR"), &item)
	if p := item.Properties; p["country"] != "AF" || p["admin1"] != "Kandahar" || p["region"] != "outside" {
		t.Errorf("item properties %v", p)
	}
	var qs struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	decodeJSON(t, env.get(t, "/ogc/collections/incidents/queryables"), &qs)
	// Queryables describe the property's values (issue 14); region=all is
	// still accepted as a filter, as the OpenAPI document says.
	if q, ok := qs.Properties["region"]; !ok || !slices.Equal(q.Enum, []string{"balochistan", "outside"}) {
		t.Errorf("queryables region: %+v", qs.Properties["region"])
	}
	var api struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct {
					Name string `json:"name"`
				} `json:"parameters"`
			} `json:"get"`
		} `json:"paths"`
	}
	decodeJSON(t, env.get(t, "/ogc/api"), &api)
	found := false
	for _, p := range api.Paths["/collections/{collectionId}/items"].Get.Parameters {
		found = found || p.Name == "region"
	}
	if !found {
		t.Error("the OpenAPI items operation does not list region")
	}
}

// TestRegionAggregates: districts, stats, claimants, types and clusters
// count under the region filter.
func TestRegionAggregates(t *testing.T) {
	env := newTestEnv(t, Options{})
	inside, outside := seedRegions(t, env)
	for _, tc := range regionCases(inside, outside) {
		t.Run(tc.query, func(t *testing.T) {
			var stats struct {
				Total int `json:"total"`
			}
			decodeJSON(t, env.get(t, "/api/stats?"+tc.query), &stats)
			if stats.Total != len(tc.want) {
				t.Errorf("stats total %d, want %d", stats.Total, len(tc.want))
			}
			var claimants []struct {
				ID    string `json:"id"`
				Count int    `json:"count"`
			}
			decodeJSON(t, env.get(t, "/api/claimants?"+tc.query), &claimants)
			for _, c := range claimants {
				if c.ID == "BLA" && c.Count != len(tc.want) {
					t.Errorf("claimants: BLA %d, want %d", c.Count, len(tc.want))
				}
			}
			var clusters struct {
				NumberMatched int `json:"numberMatched"`
			}
			decodeJSON(t, env.get(t, "/api/clusters?zoom=4&"+tc.query), &clusters)
			if clusters.NumberMatched != len(tc.want) {
				t.Errorf("clusters matched %d, want %d", clusters.NumberMatched, len(tc.want))
			}
			var districts struct {
				Features []struct {
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			decodeJSON(t, env.get(t, "/api/districts?"+tc.query), &districts)
			counts := map[string]int{}
			for _, f := range districts.Features {
				counts[f.Properties["id"].(string)] = num(f.Properties["count"])
			}
			for _, p := range regionPlaces {
				if p.outside || p.district == "" {
					continue
				}
				want := 0
				if slices.Contains(tc.want, p.id) {
					want = 1
				}
				if counts[p.district] != want {
					t.Errorf("district %s: count %d, want %d", p.district, counts[p.district], want)
				}
			}
		})
	}
}

// nullable is s as a decoded JSON value of the OGC items: nil for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
