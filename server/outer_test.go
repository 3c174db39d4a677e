package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paulmach/orb/maptile"
)

// TestOutsideIncidentsEverywhere: incidents beyond Balochistan, written
// through the API by their coordinates, are served by every read path: the
// GeoJSON list with a bbox, the CSV download, a vector tile over them (also
// beyond the point index's dense grid: Lahore and Zahedan), OGC items, and
// the region filter includes or leaves them out.
func TestOutsideIncidentsEverywhere(t *testing.T) {
	env := newTestEnv(t, Options{})
	places := []struct {
		id       string
		lon, lat float64
		admin1   string
	}{
		{"O-LAHORE", 74.34, 31.55, "Punjab"},
		{"O-ZAHEDAN", 60.86, 29.49, "Sistan and Baluchestan"},
		{"O-KANDAHAR", 65.71, 31.61, "Kandahar"},
		{"I-TURBAT", 63.05, 26.0, "Balochistan"},
	}
	for _, p := range places {
		body := strings.NewReplacer(`"id":"W-1"`, `"id":"`+p.id+`"`, `"lon":65.5,"lat":28.5`, fmt.Sprintf(`"lon":%v,"lat":%v`, p.lon, p.lat)).Replace(validBody)
		if rec := env.write(t, http.MethodPost, "/api/incidents", body); rec.Code != http.StatusCreated {
			t.Fatalf("create %s: %d %s", p.id, rec.Code, rec.Body)
		}
	}
	ids := func(path string) map[string]string {
		t.Helper()
		var fc struct {
			Features []struct {
				ID         string `json:"id"`
				Properties struct {
					Admin1 string `json:"admin1"`
				} `json:"properties"`
			} `json:"features"`
		}
		decodeJSON(t, env.get(t, path), &fc)
		out := map[string]string{}
		for _, f := range fc.Features {
			out[f.ID] = f.Properties.Admin1
		}
		return out
	}
	all := ids("/api/incidents")
	for _, p := range places {
		if all[p.id] != p.admin1 {
			t.Errorf("/api/incidents: %s in %q, want %q (%v)", p.id, all[p.id], p.admin1, all)
		}
	}
	if got := ids("/api/incidents?region=outside"); len(got) != 3 || got["I-TURBAT"] != "" {
		t.Errorf("region=outside: %v", got)
	}
	if got := ids("/api/incidents?region=balochistan"); len(got) != 1 || got["I-TURBAT"] == "" {
		t.Errorf("region=balochistan: %v", got)
	}
	if got := ids("/api/incidents?bbox=74,31,75,32"); len(got) != 1 || got["O-LAHORE"] == "" {
		t.Errorf("bbox over Lahore: %v", got)
	}
	if got := ids("/ogc/collections/incidents/items?bbox=60,29,61,30"); len(got) != 1 || got["O-ZAHEDAN"] == "" {
		t.Errorf("OGC items over Zahedan: %v", got)
	}
	csv := env.get(t, "/api/incidents.csv?region=outside").Body.String()
	for _, p := range places[:3] {
		if !strings.Contains(csv, p.id) || !strings.Contains(csv, p.admin1) {
			t.Errorf("CSV lacks %s in %s:\n%s", p.id, p.admin1, csv)
		}
	}
	for _, p := range places {
		for _, z := range []uint32{5, 9, 14} {
			tl := maptile.At([2]float64{p.lon, p.lat}, maptile.Zoom(z))
			rec := env.get(t, fmt.Sprintf("/tiles/%d/%d/%d.pbf?mode=points", z, tl.X, tl.Y))
			if rec.Code != http.StatusOK {
				t.Errorf("%s tile z%d: %d", p.id, z, rec.Code)
				continue
			}
			found := false
			for _, f := range decodeTile(t, rec.Body.Bytes())["incidents"].Features {
				found = found || f.Properties["id"] == p.id
			}
			if !found {
				t.Errorf("%s is not in its z%d tile", p.id, z)
			}
		}
	}
	// The point index and the stored records agree on where each one is.
	var ft struct {
		Properties map[string]any `json:"properties"`
	}
	json.Unmarshal(env.get(t, "/api/incidents/O-KANDAHAR").Body.Bytes(), &ft)
	if ft.Properties["country"] != "AF" || ft.Properties["region"] != "outside" {
		t.Errorf("Kandahar incident: %v", ft.Properties)
	}
}

// TestBasemapWithoutGazetteer: a server built without a gazetteer (as some
// handler tests build one) answers the basemap and places instead of
// crashing the process from the goroutine that builds them.
func TestBasemapWithoutGazetteer(t *testing.T) {
	srv := New(Options{})
	for _, path := range []string{"/api/basemap", "/api/places?bbox=60,24,71,33&zoom=6"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
}
