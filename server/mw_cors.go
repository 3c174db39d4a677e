package server

import (
	"net/http"
)

// cors lets pages on any origin read the API (maps embedded elsewhere) but
// never write: GET and HEAD responses carry Access-Control-Allow-Origin: *,
// a preflight is approved only for GET and HEAD, and responses to writes
// carry no CORS headers at all, so browsers refuse cross-origin writes.
// Tokens travel in the Authorization header, never in cookies, so a
// same-origin page cannot be abused to write either.
// corsExposeHeaders are the response headers pages on other origins may read.
// Tiles carry none a page would read (the browser's cache uses their ETag
// without it being exposed), so they go without the list.
const corsExposeHeaders = "ETag, Content-Disposition, Link"

func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			switch r.Header.Get("Access-Control-Request-Method") {
			case http.MethodGet, http.MethodHead:
				h := w.Header()
				h.Set("Access-Control-Allow-Origin", "*")
				h.Set("Access-Control-Allow-Methods", "GET, HEAD")
				h.Set("Access-Control-Allow-Headers", "If-None-Match, Accept, Accept-Encoding")
				h.Set("Access-Control-Max-Age", "86400")
				h.Add("Vary", "Origin")
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			h := w.Header()
			h["Access-Control-Allow-Origin"] = hvAnyOrigin
			if !isTilePath(r.URL.Path) {
				h["Access-Control-Expose-Headers"] = hvExpose
			}
		}
		next.ServeHTTP(w, r)
	})
}
