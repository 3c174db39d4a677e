package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Extractor finds incidents in report text (POST /api/extract). The result is
// answered as JSON.
type Extractor interface {
	Extract(ctx context.Context, text string, published time.Time) (any, error)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": s.db.Version()})
}

// districtResolver resolves a district id or name, of Balochistan or of the
// rest of Pakistan, with the gazetteer.
func (s *Server) districtResolver(v string) (string, bool) {
	if s.gaz == nil {
		return v, v != ""
	}
	id, _, ok := s.gaz.AnyDistrict(v)
	return id, ok
}

func (s *Server) handleGeocode(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "q", "district", "limit"); err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := parseIntParam(q, "limit", 10, 1, 100)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	opt := geo.GeocodeOptions{Limit: limit}
	if d := q.Get("district"); d != "" {
		id, ok := s.districtResolver(d)
		if !ok {
			s.writeError(w, r, incident.ParamErrorf("district", "unknown district %q", d))
			return
		}
		opt.District = id
	}
	cands, err := s.gaz.Geocode(q.Get("q"), opt)
	if errors.Is(err, geo.ErrNoMatch) {
		cands, err = []geo.Candidate{}, nil
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, http.StatusOK, map[string]any{"query": q.Get("q"), "candidates": cands})
}

func (s *Server) handleReverse(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "lon", "lat"); err != nil {
		s.writeError(w, r, err)
		return
	}
	var p orb.Point
	for i, k := range []string{"lon", "lat"} {
		f, err := strconv.ParseFloat(q.Get(k), 64)
		if err != nil {
			s.writeError(w, r, incident.ParamErrorf(k, "want a number, got %q", q.Get(k)))
			return
		}
		p[i] = f
	}
	if err := geo.CheckPoint(p); err != nil {
		param := "lon"
		if strings.Contains(err.Error(), "latitude") {
			param = "lat"
		}
		s.writeError(w, r, &incident.ParamError{Param: param, Msg: err.Error()})
		return
	}
	place, err := s.gaz.ReverseNear(p, geo.BorderTolerance)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, http.StatusOK, map[string]any{"lon": p[0], "lat": p[1], "place": place})
}

// onlyParams rejects any query parameter not in allowed.
func onlyParams(q map[string][]string, allowed ...string) error {
	for k, vs := range q {
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok {
			return incident.ParamErrorf(k, "unknown parameter")
		}
		if len(vs) > 1 {
			return incident.ParamErrorf(k, "given more than once")
		}
		if len(vs[0]) > incident.MaxParamBytes {
			return incident.ParamErrorf(k, "longer than %d bytes", incident.MaxParamBytes)
		}
	}
	return nil
}

// handlePage serves one HTML page of the web map. Without a built bundle it
// answers a placeholder that says how to build it.
func (s *Server) handlePage(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.static != nil {
			if b, err := fs.ReadFile(s.static, name); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Header().Set("Cache-Control", "no-cache")
				http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(b)))
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, placeholderPage)
	}
}

const placeholderPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>incidentmap</title></head>
<body><h1>incidentmap</h1>
<p>The web map is not built into this binary (run <code>make build</code>).
The API works: <a href="/api/incidents?limit=10">/api/incidents</a>, <a href="/tiles.json">/tiles.json</a>,
<a href="/ogc">/ogc</a>.</p></body></html>
`

// handleAsset serves the web map's own files (app.js, app.css, images) from
// the root of the static file system.
func (s *Server) handleAsset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if s.static == nil || name == "" || strings.HasSuffix(name, ".html") {
		s.writeError(w, r, errStatus(http.StatusNotFound, "not found"))
		return
	}
	st, err := fs.Stat(s.static, name)
	if err != nil || st.IsDir() {
		s.writeError(w, r, errStatus(http.StatusNotFound, "not found"))
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	http.ServeFileFS(w, r, s.static, name)
}
