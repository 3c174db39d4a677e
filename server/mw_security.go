package server

import (
	"net/http"
	"strings"
)

// Content-Security-Policy values. The pages load only their own scripts and
// styles; images (map imagery included) only from this server, data: and
// blob: URLs (snapshots), and the host of the online background's tile
// template if one is configured (Options.Tiles); the data comes from this
// server. Only the embed page may be framed, by anyone.
//
// Data responses (JSON, GeoJSON, CSV, tiles) are never pages: their policy
// lets them load nothing and be framed by nobody, the form OWASP recommends
// for APIs. Neither the page policy nor a referrer policy has anything to
// govern there, and every header is parsed again by every client, so they
// stay off.
const cspData = "default-src 'none'; frame-ancestors 'none'"

// pagePolicies returns the page and embed policies, with tileSource (a CSP
// host source such as https://*.tile.example.org, or "") allowed for
// images.
func pagePolicies(tileSource string) (page, embed string) {
	img := "img-src 'self' data: blob:"
	if tileSource != "" {
		img += " " + tileSource
	}
	base := "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " + img +
		"; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
	return base + "; frame-ancestors 'none'", base + "; frame-ancestors *"
}

// securityHeaders sets nosniff and the frame policy on every response, which
// forbids framing except of the embed page (/embed and /embed.html); data
// answers get the data policy, pages their CSP (images allowed from
// tileSource too) and a referrer policy.
func securityHeaders(next http.Handler, tileSource string) http.Handler {
	page, embed := pagePolicies(tileSource)
	cspPage, cspEmbed := []string{page}, []string{embed}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["X-Content-Type-Options"] = hvNosniff
		switch p := r.URL.Path; {
		case isDataPath(p):
			h["Content-Security-Policy"] = hvCSPData
			h["X-Frame-Options"] = hvDeny
		case isEmbedPath(p):
			h["Referrer-Policy"] = hvReferrer
			h["Content-Security-Policy"] = cspEmbed
		default:
			h["Referrer-Policy"] = hvReferrer
			h["Content-Security-Policy"] = cspPage
			h["X-Frame-Options"] = hvDeny
		}
		next.ServeHTTP(w, r)
	})
}

func isEmbedPath(p string) bool { return p == "/embed" || p == "/embed/" || p == "/embed.html" }

// isDataPath reports whether p is a route that answers data, never a page.
func isDataPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/tiles/") || p == "/tiles.json" ||
		p == "/ogc" || strings.HasPrefix(p, "/ogc/") || p == "/healthz"
}

// isTilePath reports whether p is a vector tile route.
func isTilePath(p string) bool { return strings.HasPrefix(p, "/tiles/") }
