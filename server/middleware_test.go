package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

func okHandler(body string, ctype string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		io.WriteString(w, body)
	})
}

func serve(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestCORS(t *testing.T) {
	h := cors(okHandler("x", "text/plain"))
	if rec := serve(h, http.MethodGet, "/api/incidents", "Origin", "https://news.example"); rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET: ACAO %q", rec.Header().Get("Access-Control-Allow-Origin"))
	} else if !strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "Link") {
		t.Errorf("GET /api/incidents: exposes %q", rec.Header().Get("Access-Control-Expose-Headers"))
	}
	if tile := serve(h, http.MethodGet, "/tiles/6/43/25.pbf", "Origin", "https://news.example"); tile.Header().Get("Access-Control-Allow-Origin") != "*" ||
		tile.Header().Get("Access-Control-Expose-Headers") != "" {
		t.Errorf("GET tile: CORS headers %v", tile.Header())
	}
	pre := serve(h, http.MethodOptions, "/api/incidents", "Origin", "https://news.example", "Access-Control-Request-Method", "GET")
	if pre.Code != http.StatusNoContent || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("GET preflight: %d %v", pre.Code, pre.Header())
	}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
		pre := serve(h, http.MethodOptions, "/api/incidents", "Origin", "https://evil.example", "Access-Control-Request-Method", m)
		if pre.Header().Get("Access-Control-Allow-Origin") != "" || pre.Header().Get("Access-Control-Allow-Methods") != "" {
			t.Errorf("%s preflight allowed: %v", m, pre.Header())
		}
		if rec := serve(h, m, "/api/incidents", "Origin", "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s response carries ACAO", m)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := securityHeaders(okHandler("x", "text/html"), "")
	cspPage, _ := pagePolicies("")
	page := serve(h, http.MethodGet, "/")
	if page.Header().Get("X-Content-Type-Options") != "nosniff" || page.Header().Get("X-Frame-Options") != "DENY" ||
		!strings.Contains(page.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("page headers %v", page.Header())
	}
	for _, p := range []string{"/embed", "/embed.html"} {
		embed := serve(h, http.MethodGet, p)
		if embed.Header().Get("X-Frame-Options") != "" || !strings.Contains(embed.Header().Get("Content-Security-Policy"), "frame-ancestors *") {
			t.Errorf("%s headers %v", p, embed.Header())
		}
	}
	for _, p := range []string{"/api/incidents", "/api/incidents.csv", "/tiles/6/43/25.pbf", "/tiles.json", "/ogc", "/ogc/collections", "/healthz"} {
		data := serve(h, http.MethodGet, p).Header()
		if data.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'none'" || data.Get("X-Frame-Options") != "DENY" ||
			data.Get("X-Content-Type-Options") != "nosniff" || data.Get("Referrer-Policy") != "" {
			t.Errorf("%s: data headers %v", p, data)
		}
	}
	for _, p := range []string{"/", "/app.js", "/ogcx", "/apix"} {
		if got := serve(h, http.MethodGet, p).Header().Get("Content-Security-Policy"); got != cspPage {
			t.Errorf("%s: CSP %q, want the page policy", p, got)
		}
	}
}

func TestGzipResponses(t *testing.T) {
	body := strings.Repeat(`{"a":1}`, 200)
	h := gzipResponses(okHandler(body, "application/json"))
	rec := serve(h, http.MethodGet, "/", "Accept-Encoding", "br, gzip;q=0.8")
	if rec.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("headers %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != body {
		t.Error("round trip differs")
	}
	for _, ae := range []string{"", "identity", "gzip;q=0", "br"} {
		if rec := serve(h, http.MethodGet, "/", "Accept-Encoding", ae); rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != body {
			t.Errorf("Accept-Encoding %q: compressed", ae)
		}
	}
	img := gzipResponses(okHandler("\x89PNG....", "image/png"))
	if rec := serve(img, http.MethodGet, "/", "Accept-Encoding", "gzip"); rec.Header().Get("Content-Encoding") != "" {
		t.Error("PNG compressed")
	}
}

func TestAccessLogAndRecover(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	h := recoverPanics(log)(accessLog(log)(okHandler("hello", "text/plain")))
	serve(h, http.MethodGet, "/tiles/1/0/0.mvt?x=1")
	out := buf.String()
	for _, want := range []string{`"path":"/tiles/1/0/0.mvt"`, `"status":200`, `"bytes":5`, `"dur":`, `"method":"GET"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log %s lacks %s", out, want)
		}
	}
	buf.Reset()
	boom := recoverPanics(log)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := serve(boom, http.MethodGet, "/")
	if rec.Code != 500 || !strings.Contains(buf.String(), "boom") || strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("panic: %d %s; log %s", rec.Code, rec.Body, buf.String())
	}
}

func TestErrorResponseMapping(t *testing.T) {
	tests := []struct {
		err    error
		status int
	}{
		{incident.ParamErrorf("bbox", "bad"), 400},
		{&http.MaxBytesError{Limit: 1}, 413},
		{errors.New("disk on fire"), 500},
	}
	for _, tt := range tests {
		if got, body := errorResponse(tt.err); got != tt.status || (got == 500 && body.Error != "internal server error") {
			t.Errorf("%v: %d %+v, want %d", tt.err, got, body, tt.status)
		}
	}
}

// TestSecurityHeadersThroughServer: through the real router and middleware
// chain, data answers carry the data policy and pages the page policy.
func TestSecurityHeadersThroughServer(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 50, 1)
	cspPage, cspEmbed := pagePolicies("")
	for _, c := range []struct{ target, csp, referrer string }{
		{"/api/incidents?limit=1", cspData, ""},
		{"/tiles/6/43/25.pbf", cspData, ""},
		{"/ogc/collections", cspData, ""},
		{"/", cspPage, "strict-origin-when-cross-origin"},
		{"/embed", cspEmbed, "strict-origin-when-cross-origin"},
	} {
		rec := env.get(t, c.target)
		h := rec.Header()
		if rec.Code >= 400 || h.Get("Content-Security-Policy") != c.csp || h.Get("Referrer-Policy") != c.referrer ||
			h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d, headers %v", c.target, rec.Code, h)
		}
	}
}
