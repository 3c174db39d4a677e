package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTileSource(t *testing.T) {
	for _, c := range []struct{ tmpl, want string }{
		{"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"},
		{"https://{s}.tile.example.org/{z}/{x}/{y}{r}.png", "https://*.tile.example.org"},
		{"http://127.0.0.1:8091/t/{z}/{x}/{y}.png?key=1", "http://127.0.0.1:8091"},
		{"https://Tiles.Example.org:8443/{z}/{y}/{x}", "https://tiles.example.org:8443"},
	} {
		got, err := TileSource(c.tmpl)
		if err != nil || got != c.want {
			t.Errorf("TileSource(%q) = %q, %v; want %q", c.tmpl, got, err, c.want)
		}
	}
	for _, bad := range []string{
		"",
		"tile.openstreetmap.org/{z}/{x}/{y}.png", // no scheme
		"ftp://tiles.example.org/{z}/{x}/{y}.png",       // not http
		"javascript:alert(1)//{z}/{x}/{y}",              // not http
		"https://tiles.example.org/{z}/{x}.png",         // no {y}
		"https://a{s}.example.org/{z}/{x}/{y}.png",      // {s} not a whole label
		"https://tiles.{s}.example.org/{z}/{x}/{y}.png", // {s} not first
		"https://{z}.example.org/{z}/{x}/{y}.png",       // other placeholder in the host
		"https://tiles.example.org/{z}/{x}/{y}.png?k={apikey}",
		"https://user:pw@tiles.example.org/{z}/{x}/{y}.png",
		"https:///{z}/{x}/{y}.png",
		"https://tiles.example.org; script-src *//{z}/{x}/{y}", // CSP injection
	} {
		if got, err := TileSource(bad); err == nil {
			t.Errorf("TileSource(%q) = %q, want an error", bad, got)
		}
	}
}

// FuzzTileSource: a template TileSource accepts gives a source that is one
// CSP host source (no spaces, semicolons or commas) and that allows the
// template's own tiles.
func FuzzTileSource(f *testing.F) {
	for _, s := range []string{"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://{s}.t.example/{z}/{x}/{y}{r}.png",
		"http://127.0.0.1:1/{z}/{x}/{y}", "https://a b/{z}/{x}/{y}", "https://x;y/{z}/{x}/{y}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tmpl string) {
		src, err := TileSource(tmpl)
		if err != nil {
			return
		}
		if strings.ContainsAny(src, " \t\n;,'\"{}") || !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
			t.Fatalf("TileSource(%q) = %q: not one host source", tmpl, src)
		}
		u, err := url.Parse(strings.NewReplacer("{z}", "3", "{x}", "1", "{y}", "2", "{r}", "", "{s}", "b").Replace(tmpl))
		if err != nil {
			t.Fatalf("accepted %q, whose tile URL does not parse: %v", tmpl, err)
		}
		origin := u.Scheme + "://" + strings.ToLower(u.Host)
		if !strings.HasPrefix(src, u.Scheme+"://*.") && origin != src {
			t.Fatalf("TileSource(%q) = %q does not allow its tile origin %q", tmpl, src, origin)
		}
	})
}

func TestConfigAndCSP(t *testing.T) {
	type config struct {
		Tiles *struct{ URL, Attribution string } `json:"tiles"`
	}
	get := func(t *testing.T, e *testEnv) (config, string) {
		t.Helper()
		rec := e.get(t, "/api/config")
		if rec.Code != http.StatusOK {
			t.Fatalf("/api/config: %d %s", rec.Code, rec.Body)
		}
		var c config
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		return c, e.get(t, "/").Header().Get("Content-Security-Policy")
	}
	t.Run("off", func(t *testing.T) {
		c, csp := get(t, newTestEnv(t, Options{}))
		if c.Tiles != nil || !strings.Contains(csp, "img-src 'self' data: blob:;") {
			t.Errorf("tiles %+v, CSP %q; want no tiles and images from this server only", c.Tiles, csp)
		}
	})
	t.Run("on", func(t *testing.T) {
		e := newTestEnv(t, Options{Tiles: OnlineTiles{URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png", Attribution: "© Example"}})
		c, csp := get(t, e)
		if c.Tiles == nil || c.Tiles.URL != "https://{s}.tiles.example.org/{z}/{x}/{y}.png" || c.Tiles.Attribution != "© Example" {
			t.Errorf("tiles %+v", c.Tiles)
		}
		if !strings.Contains(csp, "img-src 'self' data: blob: https://*.tiles.example.org;") {
			t.Errorf("CSP %q does not allow the tile host", csp)
		}
		if embed := e.get(t, "/embed").Header().Get("Content-Security-Policy"); !strings.Contains(embed, "https://*.tiles.example.org;") {
			t.Errorf("embed CSP %q does not allow the tile host", embed)
		}
	})
	t.Run("bad template is off", func(t *testing.T) {
		c, csp := get(t, newTestEnv(t, Options{Tiles: OnlineTiles{URL: "ftp://x/{z}/{x}/{y}"}}))
		if c.Tiles != nil || strings.Contains(csp, "ftp") {
			t.Errorf("tiles %+v, CSP %q", c.Tiles, csp)
		}
	})
	if rec := newTestEnv(t, Options{}).get(t, "/api/config?x=1"); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown parameter: %d", rec.Code)
	}
}
