package server

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestCachedTileFastPathSameAsFull: a tile URL answered from the cache
// before routing (the second request) has the same status, headers and
// body as the first, fully handled one, for plain, gzip, HEAD, 304 and
// empty tiles; the access log still has a line for it; and a write moves
// the URL off the fast path.
func TestCachedTileFastPathSameAsFull(t *testing.T) {
	var logBuf bytes.Buffer
	env := newTestEnv(t, Options{Logger: slog.New(slog.NewJSONHandler(&logBuf, nil))})
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
		second := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, c.target, nil)
		for i := 0; i+1 < len(c.hdr); i += 2 {
			req.Header.Set(c.hdr[i], c.hdr[i+1])
		}
		if !env.srv.serveCachedTile(second, req) {
			t.Fatalf("%s: second request not answered from the cache", c.target)
		}
		if second.Code != first.Code || !bytes.Equal(second.Body.Bytes(), first.Body.Bytes()) {
			t.Errorf("%s: fast path status %d, %d bytes; full path %d, %d bytes", c.target, second.Code, second.Body.Len(), first.Code, first.Body.Len())
		}
		for k, v := range first.Header() {
			if !slices.Equal(second.Header()[k], v) {
				t.Errorf("%s: header %s fast %q, full %q", c.target, k, second.Header()[k], v)
			}
		}
		if len(second.Header()) != len(first.Header()) {
			t.Errorf("%s: fast path headers %v, full %v", c.target, second.Header(), first.Header())
		}
		head := env.do(t, http.MethodHead, c.target, nil, c.hdr...)
		if head.Code != first.Code || head.Body.Len() != 0 || head.Header().Get("Content-Length") != first.Header().Get("Content-Length") {
			t.Errorf("%s: HEAD %d, %d bytes, length %q", c.target, head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
		}
		if nm := env.get(t, c.target, append([]string{"If-None-Match", first.Header().Get("ETag")}, c.hdr...)...); nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
			t.Errorf("%s: If-None-Match: %d, %d bytes", c.target, nm.Code, nm.Body.Len())
		}
	}
	if n := strings.Count(logBuf.String(), `"msg":"request"`); n < 4*len(cases) {
		t.Errorf("%d access log lines, want at least %d", n, 4*len(cases))
	}
	if _, _, err := env.db.Put(t.Context(), newIncident("NEW-1", 64, 27, "2022-01-01", "BLA", 1), "t"); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, cases[0].target, nil)
	if env.srv.serveCachedTile(httptest.NewRecorder(), req) {
		t.Error("after a write the old tile is still answered from the cache")
	}
}

// TestTileCacheURLAliasesEvicted: URL aliases are charged to the cache and
// leave with their tile, so many URLs of a small cache stay bounded.
func TestTileCacheURLAliasesEvicted(t *testing.T) {
	env := newTestEnv(t, Options{TileCacheBytes: 64 << 10})
	seedRandom(t, env, 200, 5)
	for i := range 300 {
		env.get(t, fmt.Sprintf("/tiles/6/%d/%d.mvt?layers=incidents", 40+i%8, 24+i/8%8))
		env.get(t, fmt.Sprintf("/tiles/6/%d/%d.mvt?layers=incidents&claimant=BLA&from=2001-01-%02d", 40+i%8, 24+i/8%8, 1+i%28))
	}
	c := env.srv.tiles
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size > c.max {
		t.Errorf("cache size %d over its max %d", c.size, c.max)
	}
	for u, a := range c.urls {
		if _, ok := c.items[a.e.key]; !ok {
			t.Errorf("URL %q points to an evicted tile", u)
		}
	}
}

// BenchmarkCachedTile: a repeated tile request answered from the cache.
func BenchmarkCachedTile(b *testing.B) {
	env := newTestEnv(b, Options{})
	seedRandom(b, env, 2000, 3)
	target := "/tiles/7/86/53.pbf?mode=points&claimant=BLA&from=2020-01-01&to=2024-12-31"
	env.get(b, target)
	req := httptest.NewRequest(http.MethodGet, target, nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		env.srv.ServeHTTP(w, req)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return io.Discard.Write(b) }
func (d *discardWriter) WriteHeader(int)             {}
