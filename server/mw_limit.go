package server

import (
	"net/http"
	"strings"
	"time"
)

// limitExpensive bounds how many expensive reads run at once: text
// searches (any read with q, bar the geocoder's) and whole downloads. A
// request beyond the bound waits up to wait for a slot, then answers 503
// with Retry-After, so that a flood of searches cannot take every core
// from the cheap reads and the writes (issue 15).
func limitExpensive(slots chan struct{}, wait time.Duration, writeError func(http.ResponseWriter, *http.Request, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !expensive(r) {
				next.ServeHTTP(w, r)
				return
			}
			select {
			case slots <- struct{}{}:
			default:
				t := time.NewTimer(wait)
				select {
				case slots <- struct{}{}:
					t.Stop()
				case <-t.C:
					w.Header().Set("Retry-After", "1")
					writeError(w, r, errStatus(http.StatusServiceUnavailable,
						"too many searches and downloads at once; retry in a second"))
					return
				case <-r.Context().Done():
					t.Stop()
					writeError(w, r, r.Context().Err())
					return
				}
			}
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		})
	}
}

// expensive reports a read whose cost grows with the data rather than the
// answer: a text search or a download of a whole filtered set.
func expensive(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	if p == "/api/incidents.geojson" || p == "/api/incidents.csv" {
		return true
	}
	return p != "/api/geocode" && strings.Contains(r.URL.RawQuery, "q=") && r.URL.Query().Has("q")
}
