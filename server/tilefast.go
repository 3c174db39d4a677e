package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The cached-tile fast path. A tile URL asked before at the current data
// version is answered from the tile cache before routing, filter parsing
// and the middleware chain: one map lookup and one write. The headers are
// the same as the full path sets (security headers, CORS, Vary, caching,
// ETag), assigned from prebuilt values.

// Prebuilt header values, shared by every response: net/http only reads them.
var (
	hvNosniff      = []string{"nosniff"}
	hvCSPData      = []string{cspData}
	hvDeny         = []string{"DENY"}
	hvAnyOrigin    = []string{"*"}
	hvVaryEncoding = []string{"Accept-Encoding"}
	hvMVT          = []string{mvtContentType}
	hvGzip         = []string{"gzip"}
)

// urlKey appends the cache's URL key of r at version v to b.
func urlKey(b []byte, v uint64, r *http.Request) []byte {
	b = strconv.AppendUint(b, v, 10)
	b = append(b, 0)
	b = append(b, r.URL.Path...)
	b = append(b, '?')
	return append(b, r.URL.RawQuery...)
}

// serveCachedTile answers r from the tile cache when it is a GET or HEAD of
// a tile URL already served at the current version, and reports whether it
// did.
func (s *Server) serveCachedTile(w http.ResponseWriter, r *http.Request) bool {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || !strings.HasPrefix(r.URL.Path, "/tiles/") ||
		!s.tiles.enabled() {
		return false
	}
	var start time.Time
	logOn := s.log.Enabled(r.Context(), slog.LevelInfo)
	if logOn {
		start = time.Now()
	}
	var kb [256]byte
	t, ok := s.tiles.lookupURL(urlKey(kb[:0], s.db.Version(), r))
	if !ok {
		return false
	}
	h := w.Header()
	h["X-Content-Type-Options"] = hvNosniff
	h["Content-Security-Policy"] = hvCSPData
	h["X-Frame-Options"] = hvDeny
	h["Access-Control-Allow-Origin"] = hvAnyOrigin
	h["Vary"] = hvVaryEncoding
	h["Cache-Control"] = s.tileCacheControl
	h["Etag"] = t.etag
	status, n := http.StatusOK, 0
	switch {
	case inmMatches(r.Header.Get("If-None-Match"), t.etag[0]):
		status = http.StatusNotModified
		w.WriteHeader(status)
	case len(t.e.raw) == 0:
		status = http.StatusNoContent
		w.WriteHeader(status)
	default:
		body := t.e.raw
		clen := t.e.rawLen
		if acceptsGzip(r) {
			body = s.tiles.gzipped(t.e)
			clen = t.e.gzLen
			h["Content-Encoding"] = hvGzip
		}
		h["Content-Type"] = hvMVT
		h["Content-Length"] = clen
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			n, _ = w.Write(body)
		}
	}
	if logOn {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("query", r.URL.RawQuery),
			slog.Int("status", status),
			slog.Int64("bytes", int64(n)),
			slog.Duration("dur", time.Since(start)))
	}
	return true
}
