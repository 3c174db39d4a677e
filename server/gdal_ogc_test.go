package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// requestLog records the request URIs a client sends to a handler.
type requestLog struct {
	mu   sync.Mutex
	uris []string
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.uris = append(l.uris, r.URL.RequestURI())
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// take returns the URIs recorded since the last call and forgets them.
func (l *requestLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.uris
	l.uris = nil
	return u
}

// itemsRequests are the items requests among uris.
func itemsRequests(uris []string) []string {
	var out []string
	for _, u := range uris {
		if strings.Contains(u, "/items") {
			out = append(out, u)
		}
	}
	return out
}

// ogrFeatures runs ogrinfo -al -q and counts the features it lists.
func ogrFeatures(t *testing.T, ogrinfo string, args ...string) int {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), ogrinfo, append([]string{"-ro", "-al", "-q"}, args...)...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	return strings.Count(string(out), "OGRFeature(")
}

// TestGDALOGCFilters has GDAL's OAPIF driver filter the incidents collection
// as a user's -where would (issue 14): the filter must reach the server
// (no full download filtered on the client), and the counts must match the
// API's.
func TestGDALOGCFilters(t *testing.T) {
	ogrinfo := ogrinfoPath(t)
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 300, 23)
	var log requestLog
	ts := httptest.NewServer(log.wrap(env.srv))
	defer ts.Close()

	dist0 := ins[0].Location.DistrictID
	count := func(pred func(i int) bool) int {
		n := 0
		for i := range ins {
			if pred(i) {
				n++
			}
		}
		return n
	}
	primary := func(i int) string { return ins[i].PrimaryActor() }
	tests := []struct {
		name, where string
		want        int
		param       string // a parameter the items requests must carry
	}{
		{"primary_claimant", "primary_claimant = 'BLF'", count(func(i int) bool { return primary(i) == "BLF" }), "primary_claimant=BLF"},
		{"district_id", "district_id = 'kech'", count(func(i int) bool { return ins[i].Location.DistrictID == "kech" }), "district_id=kech"},
		{"two properties", "primary_claimant = '" + primary(0) + "' AND district_id = '" + dist0 + "'",
			count(func(i int) bool { return primary(i) == primary(0) && ins[i].Location.DistrictID == dist0 }), "district_id=" + dist0},
		// GDAL 3.6 evaluates date = 'D' on the client (it sends no
		// datetime for it); QGIS sends datetime=D, see TestOGCDatetime.
		{"date from", "date >= '2024-01-01'", count(func(i int) bool { return ins[i].Date >= "2024-01-01" }), "datetime="},
		{"date to", "date <= '2016-06-30'", count(func(i int) bool { return ins[i].Date <= "2016-06-30" }), "datetime="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == 0 {
				t.Fatalf("test data: nothing matches %s", tt.where)
			}
			log.take()
			got := ogrFeatures(t, ogrinfo, "OAPIF:"+ts.URL+"/ogc", "incidents", "-where", tt.where)
			if got != tt.want {
				t.Errorf("ogrinfo -where %q listed %d features, want %d", tt.where, got, tt.want)
			}
			items := itemsRequests(log.take())
			if len(items) == 0 {
				t.Fatal("no items request")
			}
			// The first items request, without the filter, is GDAL's look
			// at the schema; every other must carry the filter.
			for _, u := range items[1:] {
				if !strings.Contains(u, tt.param) {
					t.Errorf("items request %s lacks %s: the filter ran on the client", u, tt.param)
				}
			}
			t.Logf("GDAL sent %v", items)
		})
	}
}

// TestGDALOGCTypes: GDAL types the items' fields from the first page (issue
// 14): end_date, null when absent, must come out a Date, not a String.
func TestGDALOGCTypes(t *testing.T) {
	ogrinfo := ogrinfoPath(t)
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 50, 3)
	ts := httptest.NewServer(env.srv)
	defer ts.Close()
	out := ogrSummary(t, ogrinfo, "OAPIF:"+ts.URL+"/ogc", "incidents")
	for _, want := range []string{"date: Date", "end_date: Date", "killed_best: Integer", "title: String", "place: String", "source: String"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo lacks %q:\n%s", want, out)
		}
	}
}

// TestGDALDistrictTiles reads the districts layer of the tiles over the
// province with GDAL's MVT driver, an independent decoder that builds
// polygons from the ring winding: every district must come out as a
// polygon with area (issue 14: eight districts vanished in QGIS).
func TestGDALDistrictTiles(t *testing.T) {
	ogrinfo := ogrinfoPath(t)
	env := newTestEnv(t, Options{})
	ts := httptest.NewServer(env.srv)
	defer ts.Close()
	dir := t.TempDir()
	z := 5
	seen := map[string]bool{}
	for x := 21; x <= 22; x++ {
		for y := 12; y <= 13; y++ {
			sub := filepath.Join(dir, strconv.Itoa(z), strconv.Itoa(x))
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(sub, strconv.Itoa(y)+".pbf")
			resp, err := http.Get(ts.URL + "/tiles/" + strconv.Itoa(z) + "/" + strconv.Itoa(x) + "/" + strconv.Itoa(y) + ".mvt?layers=districts")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusNoContent {
				continue
			}
			fetch(t, resp.Request.URL.String(), path)
			cmd := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-al", "-q", "-dialect", "SQLite", "-sql",
				"SELECT id, ST_Area(geometry) AS area, ST_IsValid(geometry) AS valid FROM districts", path)
			b, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("ogrinfo %s: %v\n%s", path, err, b)
			}
			var id string
			for _, line := range strings.Split(string(b), "\n") {
				line = strings.TrimSpace(line)
				if v, ok := strings.CutPrefix(line, "id (String) = "); ok {
					id = v
				}
				if v, ok := strings.CutPrefix(line, "area (Real) = "); ok {
					if a, _ := strconv.ParseFloat(v, 64); a > 0 {
						seen[id] = true
					} else {
						t.Errorf("tile %d/%d/%d: district %s has area %s in GDAL", z, x, y, id, v)
					}
				}
			}
		}
	}
	for _, d := range env.srv.gaz.Districts() {
		if !seen[d.ID] {
			t.Errorf("district %s not read by GDAL from any tile", d.ID)
		}
	}
}
