package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// OnlineTiles configures the web map's optional online background: raster
// tiles from another server, drawn over the offline basemap when the reader
// ticks it. The zero value (no URL) leaves it off: the page then offers no
// online background and its Content-Security-Policy allows no outside
// images.
type OnlineTiles struct {
	// URL is a Leaflet tile URL template, http or https, with {z}, {x} and
	// {y}, and optionally {s} (a subdomain, as the whole first label of the
	// host) and {r} (Leaflet's "@2x" on high-density screens), e.g.
	// https://tile.openstreetmap.org/{z}/{x}/{y}.png. Check it with
	// TileSource.
	URL string
	// Attribution is the credit the tiles' licence asks for, shown as text
	// on the map, e.g. "© OpenStreetMap contributors".
	Attribution string
}

// TileSource checks a tile URL template and returns the Content-Security-
// Policy host source that allows its images: the scheme, host and port,
// with "*." for a {s} subdomain (https://*.tile.example.org).
func TileSource(template string) (string, error) {
	if template == "" {
		return "", errors.New("empty tile URL template")
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(template, p) {
			return "", fmt.Errorf("tile URL template %q: no %s", template, p)
		}
	}
	// Every placeholder must be one Leaflet fills in for a tile layer.
	rest := template
	for _, p := range []string{"{z}", "{x}", "{y}", "{s}", "{r}"} {
		rest = strings.ReplaceAll(rest, p, "")
	}
	if strings.ContainsAny(rest, "{}") {
		return "", fmt.Errorf("tile URL template %q: only {z}, {x}, {y}, {s} and {r} may be in braces", template)
	}
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0", "{r}", "", "{s}", "a").Replace(template))
	if err != nil {
		return "", fmt.Errorf("tile URL template %q: %w", template, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("tile URL template %q: want an http or https URL with a host and no user", template)
	}
	// The host as written, with {s} as the wildcard CSP allows: the whole
	// first label only.
	host := template[len(u.Scheme)+3:]
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if strings.Contains(host, "{s}") {
		if !strings.HasPrefix(host, "{s}.") || strings.Count(host, "{s}") > 1 {
			return "", fmt.Errorf("tile URL template %q: {s} must be the whole first label of the host", template)
		}
		host = "*" + strings.TrimPrefix(host, "{s}")
	}
	if strings.ContainsAny(host, "{}") {
		return "", fmt.Errorf("tile URL template %q: only {s} may be in the host", template)
	}
	host = strings.ToLower(host)
	if !hostSource.MatchString(host) {
		return "", fmt.Errorf("tile URL template %q: host %q is not a plain host name or IPv4 address with an optional port", template, host)
	}
	return u.Scheme + "://" + host, nil
}

// hostSource is a host name or IPv4 address, perhaps with a "*." first
// label and a port: what a CSP host source may hold, nothing that could end
// the directive.
var hostSource = regexp.MustCompile(`^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$`)

// handleConfig answers what the page needs to know about this server's
// configuration: {"tiles":{"url":...,"attribution":...}} for the online
// background, or {"tiles":null} when there is none.
func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	var tiles any
	if s.tileSource != "" {
		tiles = map[string]string{"url": s.opt.Tiles.URL, "attribution": s.opt.Tiles.Attribution}
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, map[string]any{"tiles": tiles})
}
