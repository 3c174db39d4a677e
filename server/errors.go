package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error string `json:"error"`
	Param string `json:"param,omitempty"` // the query parameter at fault (400)
	Field string `json:"field,omitempty"` // the incident field at fault (422)
}

// statusError carries a status and a client message for conditions found by
// the handlers themselves.
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

func errStatus(status int, msg string) error { return &statusError{status: status, msg: msg} }

// errorResponse maps err to a status and a client-safe body. It is the one
// place that decides statuses: 4xx carry a short message, 5xx a generic one.
func errorResponse(err error) (int, errorBody) {
	var (
		pe *incident.ParamError
		fe *incident.FieldError
		se *statusError
		me *http.MaxBytesError
	)
	switch {
	case errors.As(err, &pe):
		return http.StatusBadRequest, errorBody{Error: pe.Error(), Param: pe.Param}
	case errors.As(err, &se):
		return se.status, errorBody{Error: se.msg}
	case errors.As(err, &me):
		return http.StatusRequestEntityTooLarge, errorBody{Error: fmt.Sprintf("request body larger than the limit of %d bytes", me.Limit)}
	case errors.Is(err, incident.ErrInvalid):
		b := errorBody{Error: err.Error()}
		if errors.As(err, &fe) {
			b.Error, b.Field = fe.Error(), fe.Field
		}
		return http.StatusUnprocessableEntity, b
	case errors.Is(err, incident.ErrUnauthorized):
		return http.StatusUnauthorized, errorBody{Error: "missing or invalid bearer token"}
	case errors.Is(err, incident.ErrNotFound):
		return http.StatusNotFound, errorBody{Error: "not found"}
	case errors.Is(err, incident.ErrDeleted):
		return http.StatusGone, errorBody{Error: "deleted"}
	case errors.Is(err, incident.ErrBadCursor):
		return http.StatusBadRequest, errorBody{Error: "invalid cursor", Param: "cursor"}
	case errors.Is(err, incident.ErrExists):
		return http.StatusConflict, errorBody{Error: "already exists"}
	case errors.Is(err, geo.ErrBadQuery):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Param: "q"}
	case errors.Is(err, geo.ErrBadPoint):
		return http.StatusBadRequest, errorBody{Error: err.Error(), Param: "lon"}
	case errors.Is(err, incident.ErrNoSpace):
		// A resource failure the client should know of (it is not the
		// request's fault, and retrying at once will not help); the
		// errno and path stay in the log.
		return http.StatusInsufficientStorage, errorBody{Error: "insufficient storage: the database's disk is full or over quota; nothing was written"}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return statusClientClosed, errorBody{Error: "request cancelled"}
	}
	return http.StatusInternalServerError, errorBody{Error: "internal server error"}
}

// statusClientClosed is logged for requests whose client went away.
const statusClientClosed = 499

// writeError answers r with err mapped by errorResponse. Server errors are
// logged once, with the full error; cancelled requests are not logged.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := errorResponse(err)
	if status >= 500 && status != statusClientClosed {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("err", err.Error()))
	}
	if status == statusClientClosed {
		w.WriteHeader(status)
		return
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="incidentmap"`)
	}
	writeJSON(w, status, body)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, status, "application/json", v)
}

func writeJSONType(w http.ResponseWriter, status int, ctype string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own types are encoded here; a failure is a bug.
		http.Error(w, `{"error":"internal server error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
