package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
)

const geoJSONType = "application/geo+json"

// link is a web link in API documents (RFC 8288 fields, as OGC API uses).
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// featureCollection is a GeoJSON FeatureCollection with OGC API paging
// members.
type featureCollection struct {
	Type           string `json:"type"`
	NumberMatched  int    `json:"numberMatched"`
	NumberReturned int    `json:"numberReturned"`
	TimeStamp      string `json:"timeStamp,omitempty"`
	Features       []any  `json:"features"`
	Links          []link `json:"links"`
}

// readPrologue handles what every cacheable read shares: the ETag from the
// data version and URL, 304 for a matching If-None-Match, and a short
// Cache-Control. It reports whether the handler should go on.
// etagFor makes a strong ETag from the data version and the request URL:
// the same URL at the same version always has the same body.
func etagFor(version uint64, r *http.Request) string {
	h := fnv.New64a()
	h.Write([]byte(r.URL.Path))
	h.Write([]byte{'?'})
	h.Write([]byte(r.URL.RawQuery))
	b := make([]byte, 0, 40)
	b = append(b, '"', 'v')
	b = strconv.AppendUint(b, version, 36)
	b = append(b, '-')
	b = strconv.AppendUint(b, h.Sum64(), 36)
	b = append(b, '"')
	return string(b)
}

func (s *Server) readPrologue(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Set("Cache-Control", "public, max-age=10")
	return !notModified(w, r, etagFor(s.db.Version(), r))
}

// seriesCache keeps every series by id for the current data version.
type seriesCache struct {
	mu      sync.Mutex
	version uint64
	byID    map[string]*incident.Series
}

func (s *Server) seriesByID(ctx context.Context) (map[string]*incident.Series, error) {
	v := s.db.Version()
	s.series.mu.Lock()
	if s.series.byID != nil && s.series.version == v {
		m := s.series.byID
		s.series.mu.Unlock()
		return m, nil
	}
	s.series.mu.Unlock()
	list, err := s.db.ListSeries(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*incident.Series, len(list))
	for _, sr := range list {
		m[sr.ID] = sr
	}
	s.series.mu.Lock()
	s.series.version, s.series.byID = v, m
	s.series.mu.Unlock()
	return m, nil
}

func seriesName(m map[string]*incident.Series, id string) string {
	if sr, ok := m[id]; ok {
		return sr.Name
	}
	return ""
}

// requestBase is the scheme and host the client used, for absolute links.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// nextLink is the request URL with cursor replaced.
func nextLink(r *http.Request, param, value string) string {
	q := r.URL.Query()
	q.Set(param, value)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return requestBase(r) + u.String()
}

func (s *Server) handleIncidents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := incident.ParseFilter(q, s.districtResolver, "limit", "cursor")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := parseIntParam(q, "limit", defaultLimit, 1, s.opt.MaxLimit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	page, err := s.db.Query(r.Context(), f, limit, q.Get("cursor"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	series, err := s.seriesByID(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fc := featureCollection{Type: "FeatureCollection", NumberMatched: page.Matched,
		NumberReturned: len(page.Incidents), Features: make([]any, 0, len(page.Incidents)),
		Links: []link{{Href: requestBase(r) + r.URL.String(), Rel: "self", Type: geoJSONType}}}
	for _, in := range page.Incidents {
		fc.Features = append(fc.Features, exchange.NewFeature(f.Restrict(in), seriesName(series, in.Series)))
	}
	if page.Next != "" {
		fc.Links = append(fc.Links, link{Href: nextLink(r, "cursor", page.Next), Rel: "next", Type: geoJSONType})
	}
	writeJSONType(w, http.StatusOK, geoJSONType, fc)
}

// incidentDetail is the Feature of GET /api/incidents/{id}: the list's
// properties plus the series' own claims (kept apart from the incident's)
// and revision metadata.
type incidentDetail struct {
	*exchange.Feature
	SeriesClaims []incident.Claim `json:"series_claims"`
}

func (s *Server) handleIncident(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	// Drafts, rejected and deleted drafts are for the desk: the public
	// gets the answer of an unknown id.
	in, err := s.publicGet(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeIncident(w, r, http.StatusOK, in)
}

// publicGet is Get as the public sees it: a draft or rejected incident is
// not found, and so is a deleted one that was not published when it was
// deleted; only a deleted published incident is "deleted" (410). Drafts are
// for reviewers: to the public they answer as an unknown id does.
func (s *Server) publicGet(ctx context.Context, id string) (*incident.Incident, error) {
	in, err := s.db.Get(ctx, id)
	switch {
	case err == nil && !in.Published():
		return nil, incident.ErrNotFound
	case errors.Is(err, incident.ErrDeleted):
		revs, herr := s.db.History(ctx, id)
		if herr != nil {
			return nil, herr
		}
		if last := lastContent(revs); last == nil || !last.Published() {
			return nil, incident.ErrNotFound
		}
	}
	return in, err
}

func (s *Server) writeIncident(w http.ResponseWriter, r *http.Request, status int, in *incident.Incident) {
	series, err := s.seriesByID(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d := incidentDetail{Feature: exchange.NewFeature(in, seriesName(series, in.Series)), SeriesClaims: []incident.Claim{}}
	if sr, ok := series[in.Series]; ok && sr.Claims != nil {
		d.SeriesClaims = sr.Claims
	}
	b, err := json.Marshal(d)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", geoJSONType)
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	// Only the revisions in which the incident was published: text
	// written before approval stays on the desk, and an incident never
	// published answers as an unknown id does.
	revs, err := s.db.History(r.Context(), mux.Vars(r)["id"])
	if err == nil {
		if revs = publicRevisions(revs); len(revs) == 0 {
			err = incident.ErrNotFound
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, historyJSON(mux.Vars(r)["id"], revs))
}

func (s *Server) handleDownloadGeoJSON(w http.ResponseWriter, r *http.Request) {
	s.download(w, r, exchange.GeoJSON, geoJSONType, "incidents.geojson")
}

// handleDownloadCSVT answers the GDAL .csvt line of the CSV download's
// columns: GDAL's /vsicurl/ looks for incidents.csvt beside incidents.csv,
// and a user can save it next to a downloaded file.
func (s *Server) handleDownloadCSVT(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query(), incident.FilterParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	http.ServeContent(w, r, "incidents.csvt", time.Time{}, strings.NewReader(exchange.CSVTypes))
}

// handleDownloadPRJ answers the CRS of the CSV download's lon/lat as a .prj
// file, which GDAL's CSV driver looks for beside incidents.csv.
func (s *Server) handleDownloadPRJ(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query(), incident.FilterParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	http.ServeContent(w, r, "incidents.prj", time.Time{}, strings.NewReader(exchange.WGS84PRJ))
}

func (s *Server) handleDownloadCSV(w http.ResponseWriter, r *http.Request) {
	s.download(w, r, exchange.CSV, "text/csv; charset=utf-8", "incidents.csv")
}

// maxBufferedDownload bounds the downloads built in memory before they are
// sent. Those carry Content-Length and answer HEAD and Range requests
// (GDAL's /vsicurl/ needs the size; curl -C resumes); a larger one is
// streamed without a length.
const maxBufferedDownload = 128 << 20

// download writes every incident matching the filter. Errors after the
// first byte can only cut the stream short; they are logged.
func (s *Server) download(w http.ResponseWriter, r *http.Request, format exchange.Format, ctype, name string) {
	f, err := incident.ParseFilter(r.URL.Query(), s.districtResolver)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	series, err := s.seriesByID(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	bw := &bufferThenStream{w: w, max: maxBufferedDownload}
	ew, err := exchange.NewWriter(bw, format, exchange.WriteOptions{Series: func(id string) (*incident.Series, bool) {
		sr, ok := series[id]
		return sr, ok
	}})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	n := 0
	err = s.db.Each(r.Context(), f, func(in *incident.Incident) error {
		n++
		return ew.Write(f.Restrict(in))
	})
	if err == nil {
		err = ew.Close()
	}
	if err != nil {
		if !bw.streaming {
			s.writeError(w, r, err)
			return
		}
		if r.Context().Err() == nil {
			s.log.Error("download cut short", "path", r.URL.Path, "rows", strconv.Itoa(n), "err", err)
		}
		panic(http.ErrAbortHandler) // tell the client the body is incomplete
	}
	if !bw.streaming {
		// Whole in memory: ServeContent sets Content-Length and answers
		// HEAD, Range and If-Range (no Last-Modified or ETag is set, so
		// every request builds the body afresh).
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(bw.buf.Bytes()))
	}
}

// bufferThenStream keeps what is written in memory up to max bytes; past
// that it sends what it holds and streams the rest (without a length).
type bufferThenStream struct {
	w         http.ResponseWriter
	buf       bytes.Buffer
	max       int
	streaming bool
}

func (b *bufferThenStream) Write(p []byte) (int, error) {
	if b.streaming {
		return b.w.Write(p) // net/http drops the body of a HEAD answer
	}
	if b.buf.Len()+len(p) <= b.max {
		return b.buf.Write(p)
	}
	b.streaming = true
	b.w.WriteHeader(http.StatusOK)
	if _, err := b.w.Write(b.buf.Bytes()); err != nil {
		return 0, err
	}
	b.buf = bytes.Buffer{}
	return b.w.Write(p)
}
