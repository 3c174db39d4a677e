package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"github.com/incidentmap/incidentmap/incident"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The desk's session: a random id in an HttpOnly, SameSite=Strict cookie
// (Secure when the request came over TLS), kept in this process's memory
// only, so a restart signs everyone out. A session holds the token it was
// opened with and checks it on every request: revoking the token ends it.
const (
	sessionCookie = "incidentmap_session"
	sessionTTL    = 12 * time.Hour
	maxSessions   = 10000
)

type session struct {
	key     [32]byte // sha256 of the cookie value: the map key
	secret  string   // the token signed in with, checked on every request
	csrf    string
	expires time.Time
}

type sessionStore struct {
	mu  sync.Mutex
	m   map[[32]byte]*session
	now func() time.Time
}

func newSessionStore() *sessionStore {
	return &sessionStore{m: map[[32]byte]*session{}, now: time.Now}
}

func randomString() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// open starts a session for secret and returns its cookie value.
func (ss *sessionStore) open(secret string) (string, *session) {
	id := randomString()
	sess := &session{key: sha256.Sum256([]byte(id)), secret: secret, csrf: randomString(), expires: ss.now().Add(sessionTTL)}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if len(ss.m) >= maxSessions {
		now := ss.now()
		var oldest *session
		for k, v := range ss.m {
			if now.After(v.expires) {
				delete(ss.m, k)
			} else if oldest == nil || v.expires.Before(oldest.expires) {
				oldest = v
			}
		}
		if len(ss.m) >= maxSessions && oldest != nil {
			delete(ss.m, oldest.key)
		}
	}
	ss.m[sess.key] = sess
	return id, sess
}

// get finds a live session by its cookie value.
func (ss *sessionStore) get(id string) *session {
	k := sha256.Sum256([]byte(id))
	ss.mu.Lock()
	defer ss.mu.Unlock()
	sess := ss.m[k]
	if sess == nil {
		return nil
	}
	if ss.now().After(sess.expires) {
		delete(ss.m, k)
		return nil
	}
	return sess
}

func (ss *sessionStore) drop(sess *session) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, sess.key)
}

func secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func setSessionCookie(w http.ResponseWriter, r *http.Request, id string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: secureRequest(r), SameSite: http.SameSiteStrictMode})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secureRequest(r), SameSite: http.SameSiteStrictMode})
}

// sessionInfo is the body of the /api/session answers.
type sessionInfo struct {
	Name string        `json:"name"`
	Role incident.Role `json:"role"`
	CSRF string        `json:"csrf,omitempty"`
}

// handleSignIn opens a session: JSON {"token": "..."} in, the cookie and
// {"name", "role", "csrf"} out. A wrong token counts as a failed
// authentication like any other.
func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := checkSameOrigin(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	addr := clientAddr(r)
	if wait := s.limiter.blocked(addr); wait > 0 {
		s.tooManyFailures(w, r, addr, wait)
		return
	}
	var req struct {
		Token string `json:"token"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := decodeOnly(dec, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	secret := strings.TrimSpace(req.Token)
	if secret == "" {
		s.writeError(w, r, errStatus(http.StatusBadRequest, "token: required"))
		return
	}
	tok, err := s.db.AuthenticateToken(r.Context(), secret)
	if errors.Is(err, incident.ErrUnauthorized) {
		s.authFailed(w, r, addr, "unknown token at sign-in")
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id, sess := s.sessions.open(secret)
	setSessionCookie(w, r, id)
	writeJSON(w, http.StatusOK, sessionInfo{Name: tok.Name, Role: tok.Role, CSRF: sess.csrf})
}

// handleSession says who is signed in (the cookie's session, or a bearer
// token), with the session's CSRF token.
func (s *Server) handleSession(w http.ResponseWriter, r *http.Request) {
	p, _ := r.Context().Value(principalKey).(*principal)
	info := sessionInfo{Name: p.name, Role: p.role}
	if p.session != nil {
		info.CSRF = p.session.csrf
	}
	writeJSON(w, http.StatusOK, info)
}

// handleSignOut ends the cookie's session.
func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if p, _ := r.Context().Value(principalKey).(*principal); p != nil && p.session != nil {
		s.sessions.drop(p.session)
	}
	clearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}
