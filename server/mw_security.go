package server

import (
	"net/http"
)

// Content-Security-Policy values. The pages load only their own scripts and
// styles; map imagery may come from any https tile server; the data comes
// from this server. Only the embed page may be framed, by anyone.
const (
	cspBase = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
	cspPage  = cspBase + "; frame-ancestors 'none'"
	cspEmbed = cspBase + "; frame-ancestors *"
)

// securityHeaders sets CSP, nosniff, the referrer policy and the frame
// policy: every response forbids framing except the embed page (/embed and
// /embed.html).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if isEmbedPath(r.URL.Path) {
			h.Set("Content-Security-Policy", cspEmbed)
		} else {
			h.Set("Content-Security-Policy", cspPage)
			h.Set("X-Frame-Options", "DENY")
		}
		next.ServeHTTP(w, r)
	})
}

func isEmbedPath(p string) bool { return p == "/embed" || p == "/embed/" || p == "/embed.html" }
