package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// ogrSummary runs ogrinfo -so -al and returns its output.
func ogrSummary(t *testing.T, ogrinfo string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), ogrinfo, append([]string{"-ro", "-so", "-al"}, args...)...)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// TestGDALCSV opens the CSV download as GDAL users do (issue 14): straight
// from the server through /vsicurl/ (which needs Content-Length), and saved
// to a file; both must be points, and with the .csvt beside them, typed.
func TestGDALCSV(t *testing.T) {
	ogrinfo := ogrinfoPath(t)
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 120, 41)
	ts := httptest.NewServer(env.srv)
	defer ts.Close()

	resp, err := http.Head(ts.URL + "/api/incidents.csv")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n, err := strconv.Atoi(resp.Header.Get("Content-Length")); err != nil || n == 0 {
		t.Errorf("HEAD: Content-Length %q", resp.Header.Get("Content-Length"))
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/incidents.csv", nil)
	req.Header.Set("Range", "bytes=0-9")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Length") != "10" {
		t.Errorf("Range: %s, Content-Length %q", resp.Status, resp.Header.Get("Content-Length"))
	}

	typed := func(t *testing.T, out string) {
		t.Helper()
		for _, want := range []string{"Geometry: Point", "Feature Count: 120", "date: Date", "lon: Real", "killed_best: Integer", "WGS 84"} {
			if !strings.Contains(out, want) {
				t.Errorf("ogrinfo lacks %q:\n%s", want, out)
			}
		}
	}
	t.Run("vsicurl", func(t *testing.T) {
		typed(t, ogrSummary(t, ogrinfo, "/vsicurl/"+ts.URL+"/api/incidents.csv"))
	})
	t.Run("saved file", func(t *testing.T) {
		dir := t.TempDir()
		fetch(t, ts.URL+"/api/incidents.csv", filepath.Join(dir, "incidents.csv"))
		out := ogrSummary(t, ogrinfo, filepath.Join(dir, "incidents.csv"))
		if !strings.Contains(out, "Geometry: Point") && !strings.Contains(out, "Geometry: Unknown") || !strings.Contains(out, "Feature Count: 120") {
			t.Errorf("without .csvt: not points:\n%s", out)
		}
		fetch(t, ts.URL+"/api/incidents.csvt", filepath.Join(dir, "incidents.csvt"))
		fetch(t, ts.URL+"/api/incidents.prj", filepath.Join(dir, "incidents.prj"))
		typed(t, ogrSummary(t, ogrinfo, filepath.Join(dir, "incidents.csv")))
	})
}
