package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb/maptile"
)

// ogrinfoPath finds GDAL's ogrinfo. In CI (env CI set) its absence is a
// failure: .ci/run installs gdal-bin.
func ogrinfoPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ogrinfo not found; CI must install gdal-bin")
		}
		t.Skip("ogrinfo not found (install gdal-bin); skipping the GDAL integration test")
	}
	return p
}

var featureCountRE = regexp.MustCompile(`(?m)^Layer name: (\S+)\n(?:.*\n)*?Feature Count: (\d+)`)

// ogrCounts runs ogrinfo -so -al and returns the feature count per layer.
func ogrCounts(t *testing.T, ogrinfo string, args ...string) map[string]int {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), ogrinfo, append([]string{"-ro", "-so", "-al"}, args...)...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_VSIL_CURL_ALLOWED_EXTENSIONS=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	counts := map[string]int{}
	for _, m := range featureCountRE.FindAllStringSubmatch(string(out), -1) {
		counts[m[1]], _ = strconv.Atoi(m[2])
	}
	if len(counts) == 0 {
		t.Fatalf("ogrinfo %v printed no feature count:\n%s", args, out)
	}
	return counts
}

// TestGDAL reads the server with GDAL as a GIS user would: the GeoJSON and
// CSV downloads, one vector tile, and the OGC API - Features endpoint; the
// counts must match the API's.
func TestGDAL(t *testing.T) {
	ogrinfo := ogrinfoPath(t)
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 230, 17)
	ts := httptest.NewServer(env.srv)
	defer ts.Close()

	var api struct {
		NumberMatched int `json:"numberMatched"`
	}
	decodeJSON(t, env.get(t, "/api/incidents?claimant=BLA&limit=1"), &api)
	wantBLA := api.NumberMatched
	decodeJSON(t, env.get(t, "/api/incidents?limit=1"), &api)
	wantAll := api.NumberMatched
	if wantBLA == 0 || wantAll <= wantBLA {
		t.Fatalf("test data: %d BLA of %d", wantBLA, wantAll)
	}

	t.Run("geojson download", func(t *testing.T) {
		c := ogrCounts(t, ogrinfo, ts.URL+"/api/incidents.geojson?claimant=BLA")
		if got := sumCounts(c); got != wantBLA {
			t.Errorf("ogrinfo counts %v, API %d", c, wantBLA)
		}
	})
	t.Run("csv download", func(t *testing.T) {
		// Saved to a file as a browser would; GDAL's CSV driver reads it.
		path := filepath.Join(t.TempDir(), "incidents.csv")
		fetch(t, ts.URL+"/api/incidents.csv?claimant=BLA", path)
		c := ogrCounts(t, ogrinfo, path)
		if got := sumCounts(c); got != wantBLA {
			t.Errorf("ogrinfo counts %v, API %d", c, wantBLA)
		}
	})
	t.Run("mvt tile", func(t *testing.T) {
		tl := maptile.At([2]float64{66, 29}, 4)
		u := fmt.Sprintf("%s/tiles/%d/%d/%d.pbf?mode=points", ts.URL, tl.Z, tl.X, tl.Y)
		rec := env.get(t, strings.TrimPrefix(u, ts.URL))
		want := len(decodeTile(t, rec.Body.Bytes())["incidents"].Features)
		// Saved under z/x/y.pbf, from which GDAL's MVT driver takes the tile.
		dir := filepath.Join(t.TempDir(), strconv.Itoa(int(tl.Z)), strconv.Itoa(int(tl.X)))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, strconv.Itoa(int(tl.Y))+".pbf")
		fetch(t, u, path)
		c := ogrCounts(t, ogrinfo, path)
		if c["incidents"] != want || want == 0 {
			t.Errorf("ogrinfo counts %v, tile has %d incidents", c, want)
		}
	})
	t.Run("oapif", func(t *testing.T) {
		c := ogrCounts(t, ogrinfo, "OAPIF:"+ts.URL+"/ogc", "incidents")
		if c["incidents"] != wantAll {
			t.Errorf("ogrinfo counts %v, API %d", c, wantAll)
		}
		// List every feature: GDAL pages through the next links.
		cmd := exec.CommandContext(t.Context(), ogrinfo, "-ro", "-al", "-q", "OAPIF:"+ts.URL+"/ogc", "incidents")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo: %v\n%s", err, out)
		}
		if n := strings.Count(string(out), "OGRFeature("); n != wantAll {
			t.Errorf("ogrinfo listed %d features, API has %d", n, wantAll)
		}
	})
}

func sumCounts(c map[string]int) int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

func fetch(t *testing.T, url, path string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
