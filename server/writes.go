package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
)

// afterWrite drops cached tiles and aggregates: their keys carry the old
// version, so they would never be served again anyway.
func (s *Server) afterWrite() {
	s.tiles.Purge()
	s.derived.Purge()
}

// decodeIncident reads one incident (the domain JSON form, as stored and
// as returned in history) from the body.
func decodeIncident(r io.Reader) (*incident.Incident, error) {
	var in incident.Incident
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := decodeOnly(dec, &in); err != nil {
		return nil, err
	}
	return &in, nil
}

// decodeOnly decodes one JSON value into v and requires that nothing but
// white space follows it: a body of two values ({...} {...}) is refused, not
// read as its first (issue 15).
func decodeOnly(dec *json.Decoder, v any) error {
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var me *http.MaxBytesError
		if errors.As(err, &me) {
			return err
		}
		return errStatus(http.StatusBadRequest, "invalid JSON body: more than one JSON value")
	}
	return nil
}

// bodyError turns a JSON decoding error into a client error, keeping 413.
func bodyError(err error) error {
	var me *http.MaxBytesError
	if errors.As(err, &me) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: te.Field, Msg: "wrong JSON type " + te.Value})
	}
	return errStatus(http.StatusBadRequest, "invalid JSON body: "+err.Error())
}

func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	in, err := decodeIncident(r.Body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := exchange.LocatePoint(s.gaz, &in.Location); err != nil {
		s.writeError(w, r, err)
		return
	}
	if strings.TrimSpace(in.ID) != "" {
		if _, err := s.db.Get(r.Context(), strings.TrimSpace(in.ID)); err == nil || errors.Is(err, incident.ErrDeleted) {
			s.writeError(w, r, errStatus(http.StatusConflict, "incident "+in.ID+" exists; use PUT to replace it"))
			return
		}
	}
	if err := applyRecordRules(in, nil, roleOf(r.Context()), tokenName(r.Context())); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, _, err := s.db.Put(r.Context(), in, tokenName(r.Context()))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.afterWrite()
	w.Header().Set("Location", "/api/incidents/"+url.PathEscape(out.ID))
	s.writeIncident(w, r, http.StatusCreated, out)
}

func (s *Server) handleReplace(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	in, err := decodeIncident(r.Body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.ID == "" {
		in.ID = id
	}
	if in.ID != id {
		s.writeError(w, r, fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: "id", Msg: "does not match the URL"}))
		return
	}
	s.put(w, r, in)
}

// put writes in, located by its point as every write path does
// (exchange.LocatePoint), and answers with the stored incident. The
// server's record rules (record.go) apply against the stored version.
func (s *Server) put(w http.ResponseWriter, r *http.Request, in *incident.Incident) {
	cur, err := s.db.Get(r.Context(), in.ID)
	if errors.Is(err, incident.ErrNotFound) {
		cur, err = nil, nil
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := applyRecordRules(in, cur, roleOf(r.Context()), tokenName(r.Context())); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := exchange.LocatePoint(s.gaz, &in.Location); err != nil {
		s.writeError(w, r, err)
		return
	}
	out, ch, err := s.db.Put(r.Context(), in, tokenName(r.Context()))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if ch == incident.Created {
		status = http.StatusCreated
	}
	if ch != incident.Unchanged {
		s.afterWrite()
	}
	s.writeIncident(w, r, status, out)
}

// handlePatch applies a JSON merge patch (RFC 7396) to the incident's JSON.
func (s *Server) handlePatch(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	var patch map[string]any
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := decodeOnly(dec, &patch); err != nil {
		s.writeError(w, r, err)
		return
	}
	cur, err := s.db.Get(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := json.Marshal(cur)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var doc map[string]any
	d2 := json.NewDecoder(bytes.NewReader(b))
	d2.UseNumber()
	if err := d2.Decode(&doc); err != nil {
		s.writeError(w, r, err)
		return
	}
	merged, err := json.Marshal(mergePatch(doc, patch))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in, err := decodeIncident(bytes.NewReader(merged))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.ID != id {
		s.writeError(w, r, fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: "id", Msg: "cannot be changed"}))
		return
	}
	s.put(w, r, in)
}

// mergePatch applies patch to doc as RFC 7396 says: null removes a member,
// objects merge recursively, anything else replaces.
func mergePatch(doc, patch map[string]any) map[string]any {
	if doc == nil {
		doc = map[string]any{}
	}
	for k, v := range patch {
		if v == nil {
			delete(doc, k)
			continue
		}
		if pv, ok := v.(map[string]any); ok {
			dv, _ := doc[k].(map[string]any)
			doc[k] = mergePatch(dv, pv)
			continue
		}
		doc[k] = v
	}
	return doc
}

func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.db.Delete(r.Context(), mux.Vars(r)["id"], tokenName(r.Context())); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.afterWrite()
	w.WriteHeader(http.StatusNoContent)
}

// handleImport reads a GeoJSON FeatureCollection, a GeoJSON text sequence or
// a CSV body. The format comes from ?format=, else the Content-Type, else
// the content. By default a body with any bad row is refused whole (422,
// listing the rows); ?skip_invalid=true writes the good rows.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "format", "skip_invalid"); err != nil {
		s.writeError(w, r, err)
		return
	}
	opt := exchange.Options{Name: "body", Who: tokenName(r.Context()), Geocoder: s.gaz}
	if v := q.Get("format"); v != "" {
		f, err := exchange.ParseFormat(v)
		if err != nil {
			s.writeError(w, r, incident.ParamErrorf("format", "%v", err))
			return
		}
		opt.Format = f
	} else if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil {
		switch mt {
		case "application/geo+json", "application/json":
			opt.Format = exchange.GeoJSON
		case "application/geo+json-seq", "application/x-ndjson":
			opt.Format = exchange.GeoJSONSeq
		case "text/csv":
			opt.Format = exchange.CSV
		}
	}
	switch q.Get("skip_invalid") {
	case "", "false":
	case "true":
		opt.SkipInvalid = true
	default:
		s.writeError(w, r, incident.ParamErrorf("skip_invalid", "want true or false"))
		return
	}
	sum, err := exchange.Import(r.Context(), r.Body, s.db, opt)
	if sum != nil && sum.Created+sum.Updated+sum.Series > 0 {
		s.afterWrite()
	}
	type rowErr struct {
		Line  int    `json:"line"`
		Field string `json:"field,omitempty"`
		Error string `json:"error"`
	}
	body := map[string]any{}
	if sum != nil {
		errs := make([]rowErr, 0, len(sum.Errors))
		for _, e := range sum.Errors {
			errs = append(errs, rowErr{Line: e.Line, Field: e.Field, Error: e.Msg})
		}
		body = map[string]any{"format": sum.Format, "rows": sum.Rows, "created": sum.Created, "updated": sum.Updated,
			"unchanged": sum.Unchanged, "skipped": sum.Skipped, "series": sum.Series, "invalid": sum.Invalid, "errors": errs}
	}
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, body)
	case errors.Is(err, exchange.ErrRefused):
		body["error"] = "import refused: some rows are invalid; nothing was written"
		if len(sum.Errors) > 0 && sum.Errors[0].Field != "" {
			body["field"] = sum.Errors[0].Field
		}
		writeJSON(w, http.StatusUnprocessableEntity, body)
	case errors.Is(err, exchange.ErrFormat):
		s.writeError(w, r, errStatus(http.StatusBadRequest, err.Error()))
	default:
		var me *http.MaxBytesError
		if errors.As(err, &me) {
			s.writeError(w, r, err)
			return
		}
		var re *exchange.RowError
		if errors.As(err, &re) {
			s.writeError(w, r, errStatus(http.StatusBadRequest, re.Error()))
			return
		}
		s.writeError(w, r, err)
	}
}

// handleExtract runs the extractor over a report's text: a text/plain body,
// or JSON {"text": "...", "published": "2025-07-01"}. It returns candidate
// incidents for review and writes nothing.
func (s *Server) handleExtract(w http.ResponseWriter, r *http.Request) {
	if s.opt.Extractor == nil {
		s.writeError(w, r, errStatus(http.StatusNotImplemented, "extraction is not available on this server"))
		return
	}
	var req struct {
		Text      string `json:"text"`
		Published string `json:"published"`
	}
	// The text is bounded by MaxExtractBytes; a JSON body may spell it
	// with escapes up to six bytes a byte, so its body may be that much
	// larger. Either is refused with 413 before the extractor sees it
	// (issue 15: a 30 MB body answered 500).
	limit := s.opt.MaxExtractBytes
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "application/json" {
		limit = 6*limit + 4096
	}
	if r.ContentLength > limit {
		s.writeError(w, r, &http.MaxBytesError{Limit: limit})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if mt == "application/json" {
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := decodeOnly(dec, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
	} else {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		req.Text = string(b)
	}
	if int64(len(req.Text)) > s.opt.MaxExtractBytes {
		s.writeError(w, r, &http.MaxBytesError{Limit: s.opt.MaxExtractBytes})
		return
	}
	if strings.TrimSpace(req.Text) == "" {
		s.writeError(w, r, errStatus(http.StatusBadRequest, "empty text"))
		return
	}
	var pub time.Time
	if req.Published != "" {
		var err error
		if pub, err = time.Parse(time.DateOnly, req.Published); err != nil {
			if pub, err = time.Parse(time.RFC3339, req.Published); err != nil {
				s.writeError(w, r, fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: "published", Msg: "want YYYY-MM-DD"}))
				return
			}
		}
	}
	res, err := s.opt.Extractor.Extract(r.Context(), req.Text, pub)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
