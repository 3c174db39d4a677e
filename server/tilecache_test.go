package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// TestCachedTileSameAsBuilt: a tile answered from the cache (the second
// request) has the same status, headers and body as the first, built one,
// for plain, gzip, HEAD, 304 and empty tiles; both go through the same
// middleware, so each has its access log line; the ETag does not depend on
// the order of the parameters; and a write changes the tile's ETag.
func TestCachedTileSameAsBuilt(t *testing.T) {
	var logBuf bytes.Buffer
	env := newTestEnv(t, Options{AccessLog: slog.New(slog.NewJSONHandler(&logBuf, nil))})
	seedRandom(t, env, 300, 3)
	cases := []struct {
		target string
		hdr    []string
	}{
		{"/tiles/5/21/13.mvt", nil},
		{"/tiles/5/21/13.mvt", []string{"Accept-Encoding", "gzip"}},
		{"/tiles/7/86/53.pbf?mode=points&claimant=BLA", nil},
		{"/tiles/5/0/0.mvt", nil}, // empty: 204
		{"/tiles/5/21/13.mvt?layers=incidents", []string{"Accept-Encoding", "gzip"}},
	}
	for _, c := range cases {
		first := env.get(t, c.target, c.hdr...)
		if first.Code != 200 && first.Code != 204 {
			t.Fatalf("%s: status %d", c.target, first.Code)
		}
		if _, ok := env.srv.tiles.Get(tileKeyOf(t, env, c.target)); !ok {
			t.Fatalf("%s: not cached after the first request", c.target)
		}
		second := env.get(t, c.target, c.hdr...)
		if second.Code != first.Code || !bytes.Equal(second.Body.Bytes(), first.Body.Bytes()) {
			t.Errorf("%s: cached status %d, %d bytes; built %d, %d bytes", c.target, second.Code, second.Body.Len(), first.Code, first.Body.Len())
		}
		for k, v := range first.Header() {
			if !slices.Equal(second.Header()[k], v) {
				t.Errorf("%s: header %s cached %q, built %q", c.target, k, second.Header()[k], v)
			}
		}
		if len(second.Header()) != len(first.Header()) {
			t.Errorf("%s: cached headers %v, built %v", c.target, second.Header(), first.Header())
		}
		for _, h := range []string{"Etag", "Cache-Control", "Access-Control-Allow-Origin", "X-Content-Type-Options", "Vary"} {
			if first.Header().Get(h) == "" {
				t.Errorf("%s: no %s header", c.target, h)
			}
		}
		head := env.do(t, http.MethodHead, c.target, nil, c.hdr...)
		if head.Code != first.Code || head.Body.Len() != 0 || head.Header().Get("Content-Length") != first.Header().Get("Content-Length") {
			t.Errorf("%s: HEAD %d, %d bytes, length %q", c.target, head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
		}
		if nm := env.get(t, c.target, append([]string{"If-None-Match", first.Header().Get("ETag")}, c.hdr...)...); nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
			t.Errorf("%s: If-None-Match: %d, %d bytes", c.target, nm.Code, nm.Body.Len())
		}
	}
	if n := strings.Count(logBuf.String(), `"msg":"request"`); n != 4*len(cases) {
		t.Errorf("%d access log lines, want %d", n, 4*len(cases))
	}
	a := env.get(t, "/tiles/7/86/53.pbf?mode=points&claimant=BLA&from=2020-01-01")
	b := env.get(t, "/tiles/7/86/53.pbf?from=2020-01-01&claimant=BLA&mode=points")
	if a.Header().Get("ETag") != b.Header().Get("ETag") || !bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
		t.Errorf("reordered parameters: ETag %q vs %q", a.Header().Get("ETag"), b.Header().Get("ETag"))
	}
	before := env.get(t, cases[0].target).Header().Get("ETag")
	if _, _, err := env.db.Put(t.Context(), newIncident("NEW-1", 64, 27, "2022-01-01", "BLA", 1), "t"); err != nil {
		t.Fatal(err)
	}
	env.srv.afterWrite()
	if after := env.get(t, cases[0].target).Header().Get("ETag"); after == before {
		t.Errorf("ETag %s unchanged by a write", after)
	}
}

// tileKeyOf is the cache key of a tile URL at the store's version.
func tileKeyOf(tb testing.TB, env *testEnv, target string) string {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	m := regexp.MustCompile(`^/tiles/(\d+)/(\d+)/(\d+)\.`).FindStringSubmatch(req.URL.Path)
	if m == nil {
		tb.Fatalf("%s is not a tile URL", target)
	}
	tr, err := env.srv.parseTileRequest(mux.SetURLVars(req, map[string]string{"z": m[1], "x": m[2], "y": m[3]}))
	if err != nil {
		tb.Fatal(err)
	}
	return tileKey(env.srv.db.Version(), &tr)
}

// BenchmarkCachedTile: a repeated tile request answered from the cache,
// through the router and the whole middleware chain, access log included
// (formatted, then discarded).
func BenchmarkCachedTile(b *testing.B) {
	env := newTestEnv(b, Options{AccessLog: slog.New(slog.NewTextHandler(io.Discard, nil))})
	seedRandom(b, env, 2000, 3)
	target := "/tiles/7/86/53.pbf?mode=points&claimant=BLA&from=2020-01-01&to=2024-12-31"
	env.get(b, target)
	benchServe(b, env.srv, target)
}

// benchServe serves GET target again and again, the response discarded.
func benchServe(b *testing.B, srv http.Handler, target string) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		srv.ServeHTTP(w, req)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return io.Discard.Write(b) }
func (d *discardWriter) WriteHeader(int)             {}
