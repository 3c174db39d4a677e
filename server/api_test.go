package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func mustQuery(s string) url.Values {
	q, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return q
}

func decodeJSON(tb testing.TB, rec *httptest.ResponseRecorder, v any) {
	tb.Helper()
	if rec.Code != http.StatusOK {
		tb.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		tb.Fatalf("decode: %v: %.300s", err, rec.Body)
	}
}

func errorOf(tb testing.TB, rec *httptest.ResponseRecorder) errorBody {
	tb.Helper()
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		tb.Fatalf("error body not JSON: %v: %s", err, rec.Body)
	}
	return e
}

// TestEveryReadEndpoint: each read route answers 200 with its content type,
// and 400 naming the parameter for an unknown one.
func TestEveryReadEndpoint(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 200, 1)
	tests := []struct {
		path, ctype string
	}{
		{"/healthz", "application/json"},
		{"/api/geocode?q=Turbat", "application/json"},
		{"/api/reverse?lon=63.05&lat=26", "application/json"},
		{"/api/incidents", "application/geo+json"},
		{"/api/incidents.geojson", "application/geo+json"},
		{"/api/incidents.csv", "text/csv; charset=utf-8"},
		{"/api/incidents/T-00001", "application/geo+json"},
		{"/api/incidents/T-00001/history", "application/json"},
		{"/api/districts", "application/geo+json"},
		{"/api/province", "application/geo+json"},
		{"/api/routes", "application/geo+json"},
		{"/api/stats", "application/json"},
		{"/api/claimants", "application/json"},
		{"/api/types", "application/json"},
		{"/api/clusters?zoom=6", "application/geo+json"},
		{"/tiles/5/21/13.mvt", mvtContentType},
		{"/tiles/5/21/13.pbf", mvtContentType},
		{"/tiles.json", "application/json"},
		{"/ogc", "application/json"},
		{"/ogc/conformance", "application/json"},
		{"/ogc/api", "application/vnd.oai.openapi+json;version=3.0"},
		{"/ogc/collections", "application/json"},
		{"/ogc/collections/incidents", "application/json"},
		{"/ogc/collections/districts", "application/json"},
		{"/ogc/collections/incidents/items", "application/geo+json"},
		{"/ogc/collections/districts/items", "application/geo+json"},
		{"/ogc/collections/incidents/items/T-00001", "application/geo+json"},
		{"/ogc/collections/districts/items/kech", "application/geo+json"},
		{"/", "text/html; charset=utf-8"},
		{"/embed", "text/html; charset=utf-8"},
		{"/app.js", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := env.get(t, tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %.300s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != tt.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tt.ctype)
			}
			if strings.HasPrefix(tt.path, "/api/incidents.") && !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
				t.Errorf("download without Content-Disposition")
			}
			if tt.path == "/" || tt.path == "/embed" || tt.path == "/app.js" {
				return
			}
			sep := "?"
			if strings.Contains(tt.path, "?") {
				sep = "&"
			}
			bad := env.get(t, tt.path+sep+"bogus=1")
			if bad.Code != http.StatusBadRequest {
				t.Fatalf("unknown parameter: status %d", bad.Code)
			}
			if e := errorOf(t, bad); e.Param != "bogus" {
				t.Errorf("error names %q, want bogus", e.Param)
			}
		})
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 5, 1)
	for _, u := range []string{"/api/incidents/DRAFT-1", "/api/incidents/DRAFT-1/history", "/api/incidents/nope", "/api/incidents/nope/history", "/ogc/collections/roads", "/ogc/collections/incidents/items/nope", "/nope.js"} {
		if rec := env.get(t, u); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", u, rec.Code)
		}
	}
	if rec := env.do(t, http.MethodPost, "/api/districts", nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/districts: %d", rec.Code)
	}
}

func TestIncidentsPagingAndFilters(t *testing.T) {
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 250, 7)
	bla := 0
	for _, in := range ins {
		for _, c := range in.Claims {
			if c.Actor == "BLA" {
				bla++
				break
			}
		}
	}
	seen := map[string]bool{}
	next := "/api/incidents?claimant=BLA&limit=40"
	pages := 0
	for next != "" {
		var fc struct {
			NumberMatched  int `json:"numberMatched"`
			NumberReturned int `json:"numberReturned"`
			Features       []struct {
				ID         string `json:"id"`
				Properties struct {
					Claimants []string `json:"claimants"`
					Date      string   `json:"date"`
					KilledLow *int     `json:"killed_low"`
				} `json:"properties"`
			} `json:"features"`
			Links []link `json:"links"`
		}
		decodeJSON(t, env.get(t, next), &fc)
		pages++
		if fc.NumberMatched != bla {
			t.Fatalf("numberMatched %d, want %d", fc.NumberMatched, bla)
		}
		if fc.NumberReturned != len(fc.Features) || fc.NumberReturned > 40 {
			t.Fatalf("numberReturned %d with %d features", fc.NumberReturned, len(fc.Features))
		}
		for _, f := range fc.Features {
			if seen[f.ID] {
				t.Fatalf("%s on two pages", f.ID)
			}
			seen[f.ID] = true
			if f.Properties.KilledLow == nil || !strings.Contains(strings.Join(f.Properties.Claimants, ","), "BLA") {
				t.Fatalf("feature %s: %+v", f.ID, f.Properties)
			}
			if f.ID == "DRAFT-1" {
				t.Fatal("draft in public read")
			}
		}
		next = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				u, _ := url.Parse(l.Href)
				next = u.RequestURI()
			}
		}
	}
	if len(seen) != bla || pages < 2 {
		t.Errorf("saw %d incidents over %d pages, want %d", len(seen), pages, bla)
	}
	for _, u := range []string{"/api/incidents?limit=0", "/api/incidents?limit=10001", "/api/incidents?limit=x", "/api/incidents?cursor=garbage"} {
		rec := env.get(t, u)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d", u, rec.Code)
			continue
		}
		if e := errorOf(t, rec); e.Param == "" {
			t.Errorf("%s: error names no parameter: %+v", u, e)
		}
	}
}

func TestReads304(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 20, 2)
	for _, u := range []string{"/api/incidents", "/api/districts", "/api/stats", "/ogc/collections/incidents/items", "/api/incidents/T-00003"} {
		first := env.get(t, u)
		etag := first.Header().Get("ETag")
		if first.Code != 200 || etag == "" {
			t.Fatalf("%s: %d, ETag %q", u, first.Code, etag)
		}
		if rec := env.get(t, u, "If-None-Match", etag); rec.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match gave %d", u, rec.Code)
		}
	}
}

func TestStatsAndVocabularies(t *testing.T) {
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 120, 5)
	var st struct {
		Months []struct {
			Month  string         `json:"month"`
			Counts map[string]int `json:"counts"`
		} `json:"months"`
		Total int `json:"total"`
	}
	decodeJSON(t, env.get(t, "/api/stats"), &st)
	sum := 0
	for i, m := range st.Months {
		if i > 0 && m.Month <= st.Months[i-1].Month {
			t.Errorf("months out of order: %s after %s", m.Month, st.Months[i-1].Month)
		}
		for _, n := range m.Counts {
			sum += n
		}
	}
	if st.Total != len(ins) || sum != len(ins) {
		t.Errorf("stats total %d, sum %d, want %d", st.Total, sum, len(ins))
	}
	var cl []vocabEntry
	decodeJSON(t, env.get(t, "/api/claimants"), &cl)
	if len(cl) < len(testActors) || cl[0].ID != "BLA" || cl[0].Count == 0 {
		t.Errorf("claimants %+v", cl)
	}
	var ty []vocabEntry
	decodeJSON(t, env.get(t, "/api/types"), &ty)
	if ty[0].ID != "armed_clash" || ty[0].Count != len(ins) {
		t.Errorf("types %+v", ty)
	}
	var ds struct {
		Features []struct {
			Properties struct {
				ID         string  `json:"id"`
				Count      int     `json:"count"`
				KilledBest int     `json:"killed_best"`
				LabelLon   float64 `json:"label_lon"`
			} `json:"properties"`
		} `json:"features"`
	}
	decodeJSON(t, env.get(t, "/api/districts?claimant=BLA"), &ds)
	if len(ds.Features) != len(testGazetteer(t).Districts()) {
		t.Errorf("%d district features", len(ds.Features))
	}
}

func TestGeocodeEndpoints(t *testing.T) {
	env := newTestEnv(t, Options{})
	var g struct {
		Candidates []struct {
			DistrictID string `json:"district_id"`
		} `json:"candidates"`
	}
	decodeJSON(t, env.get(t, "/api/geocode?q=Turbat"), &g)
	if len(g.Candidates) == 0 || g.Candidates[0].DistrictID != "kech" {
		t.Errorf("geocode Turbat: %+v", g)
	}
	var none struct {
		Candidates []any `json:"candidates"`
	}
	decodeJSON(t, env.get(t, "/api/geocode?q=Xqzvwpt"), &none)
	if none.Candidates == nil || len(none.Candidates) != 0 {
		t.Errorf("no match: %+v", none)
	}
	var rv struct {
		Place struct {
			Inside bool `json:"inside"`
		} `json:"place"`
	}
	decodeJSON(t, env.get(t, "/api/reverse?lon=2.35&lat=48.85"), &rv)
	if rv.Place.Inside {
		t.Error("Paris inside Balochistan")
	}
	// Beyond the province: its own district, province and country; a
	// name the gazetteer does not hold is no match, not a guess; a highway
	// with a place is the highway's stretch, with its line.
	type cand struct {
		Name, Kind, Region, Country, Admin1, Precision string
		DistrictID                                     string          `json:"district_id"`
		Line                                           json.RawMessage `json:"line"`
	}
	for q, want := range map[string]cand{
		"Karachi":           {Kind: "town", Region: "outside", Country: "PK", Admin1: "Sindh", DistrictID: "south-karachi", Precision: "town"},
		"Zahedan":           {Kind: "town", Region: "outside", Country: "IR", Admin1: "Sistan and Baluchestan", Precision: "town"},
		"N-25 near Mastung": {Kind: "route", Region: "balochistan", Country: "PK", Admin1: "Balochistan", DistrictID: "mastung", Precision: "route"},
	} {
		var outer struct{ Candidates []cand }
		decodeJSON(t, env.get(t, "/api/geocode?q="+url.QueryEscape(q)), &outer)
		if len(outer.Candidates) == 0 {
			t.Errorf("geocode %s: no candidates", q)
			continue
		}
		c := outer.Candidates[0]
		if c.Kind != want.Kind || c.Region != want.Region || c.Country != want.Country || c.Admin1 != want.Admin1 || c.DistrictID != want.DistrictID || c.Precision != want.Precision {
			t.Errorf("geocode %s: %+v, want %+v", q, c, want)
		}
		if (want.Kind == "route") != (len(c.Line) > 0) {
			t.Errorf("geocode %s: line %s", q, c.Line)
		}
	}
	decodeJSON(t, env.get(t, "/api/geocode?q=London"), &none)
	if len(none.Candidates) != 0 {
		t.Errorf("London guessed: %+v", none)
	}
	var karachi struct {
		Place struct {
			Inside          bool
			Region, Country string
			Admin1          string
			DistrictID      string `json:"district_id"`
		}
	}
	decodeJSON(t, env.get(t, "/api/reverse?lon=67.01&lat=24.86"), &karachi)
	if p := karachi.Place; p.Inside || p.Region != "outside" || p.Country != "PK" || p.Admin1 != "Sindh" || p.DistrictID != "south-karachi" {
		t.Errorf("reverse Karachi: %+v", p)
	}
	for u, param := range map[string]string{
		"/api/geocode?q=": "q",
		"/api/geocode?q=" + strings.Repeat("a", 300):    "q",
		"/api/reverse?lon=x&lat=1":                      "lon",
		"/api/reverse?lon=1&lat=100":                    "lat",
		"/api/reverse?lon=NaN&lat=1":                    "lon",
		"/api/geocode?q=Tump&district=nowhere":          "district",
		"/api/geocode?q=Tur%FFbat":                      "q",
		"/api/geocode?q=" + strings.Repeat("a", 10<<20): "q",
		"/api/reverse?lon=181&lat=26":                   "lon",
		"/api/reverse?lat=26":                           "lon",
	} {
		rec := env.get(t, u)
		if rec.Code != 400 || errorOf(t, rec).Param != param {
			t.Errorf("%s: %d %s, want 400 naming %s", u, rec.Code, rec.Body, param)
		}
	}
}

func TestDownloads(t *testing.T) {
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 150, 11)
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	decodeJSON(t, env.get(t, "/api/incidents.geojson"), &fc)
	if len(fc.Features) != len(ins) {
		t.Errorf("GeoJSON download: %d features, want %d", len(fc.Features), len(ins))
	}
	rec := env.get(t, "/api/incidents.csv?claimant=TTP")
	lines := strings.Count(rec.Body.String(), "\n")
	ttp := 0
	for _, in := range ins {
		if in.Claims[0].Actor == "TTP" {
			ttp++
		}
	}
	if lines != ttp+1 {
		t.Errorf("CSV download: %d lines, want %d rows + header", lines, ttp)
	}
	gz := env.get(t, "/api/incidents.geojson", "Accept-Encoding", "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("download not gzipped when accepted")
	}
}

// TestRoutesEndpoint: the routes the geocoder resolves against, with their
// stretches, for a map to draw.
func TestRoutesEndpoint(t *testing.T) {
	env := newTestEnv(t, Options{})
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][2]float64
			}
			Properties struct {
				ID, Ref, Kind string
				Stretches     []struct {
					DistrictID string `json:"district_id"`
					Admin1     string
					KM         float64
				}
			}
		}
	}
	decodeJSON(t, env.get(t, "/api/routes"), &fc)
	found := false
	for _, f := range fc.Features {
		if f.Geometry.Type != "LineString" || len(f.Geometry.Coordinates) < 2 || len(f.Properties.Stretches) == 0 {
			t.Errorf("route %s: %s with %d points, %d stretches", f.Properties.ID, f.Geometry.Type, len(f.Geometry.Coordinates), len(f.Properties.Stretches))
		}
		if f.Properties.ID == "n-25" {
			found = true
			districts := map[string]bool{}
			for _, s := range f.Properties.Stretches {
				districts[s.DistrictID] = s.KM > 0
			}
			for _, d := range []string{"quetta", "mastung", "kalat", "khuzdar", "lasbela", "hub"} {
				if !districts[d] {
					t.Errorf("N-25 has no stretch in %s: %v", d, districts)
				}
			}
		}
	}
	if !found {
		t.Error("no N-25 in /api/routes")
	}
	if rec := env.get(t, "/api/routes?x=1"); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown parameter: %d", rec.Code)
	}
}
