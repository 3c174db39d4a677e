package server

import (
	"encoding/json"
	"errors"
	"github.com/incidentmap/incidentmap/incident"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// handleTokens lists the tokens: name, role, created; never secrets.
func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	toks, err := s.db.ListTokens(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toks)
}

// handleCreateToken makes a token from JSON {"name", "role"} and answers
// 201 with its secret, which is never shown again.
func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
		Role string `json:"role"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := decodeOnly(dec, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	role, err := incident.ParseRole(req.Role)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, errorBody{Error: "role: " + err.Error(), Field: "role"})
		return
	}
	secret, err := s.db.CreateTokenRole(r.Context(), req.Name, role)
	switch {
	case errors.Is(err, incident.ErrTokenName):
		writeJSON(w, http.StatusUnprocessableEntity, errorBody{Error: "name: " + incident.ErrTokenName.Error(), Field: "name"})
		return
	case errors.Is(err, incident.ErrExists):
		s.writeError(w, r, errStatus(http.StatusConflict, "a token with that name exists"))
		return
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	s.log.Info("token created", "name", req.Name, "role", role, "by", tokenName(r.Context()))
	info := incident.TokenInfo{Name: req.Name, Role: role, Created: time.Now().UTC()}
	if toks, err := s.db.ListTokens(r.Context()); err == nil {
		for _, t := range toks {
			if t.Name == strings.TrimSpace(req.Name) {
				info = t
			}
		}
	}
	writeJSON(w, http.StatusCreated, struct {
		incident.TokenInfo
		Token string `json:"token"`
	}{info, secret})
}

// handleRevokeToken deletes a token: its next request (and every session
// signed in with it) fails with 401.
func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["name"]
	if err := s.db.RevokeToken(r.Context(), name); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.log.Info("token revoked", "name", name, "by", tokenName(r.Context()))
	w.WriteHeader(http.StatusNoContent)
}
