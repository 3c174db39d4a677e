package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"github.com/incidentmap/incidentmap/incident"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

type ctxKey int

const principalKey ctxKey = iota

// principal is who made an authenticated request: the token's name and
// role, and the session when the request came with the desk's cookie.
type principal struct {
	name    string
	role    incident.Role
	session *session
}

// tokenName is the name of the token that authenticated the request: the
// server records it as the author of every change (updated_by, approved_by,
// history), whatever the body says.
func tokenName(ctx context.Context) string {
	p, _ := ctx.Value(principalKey).(*principal)
	if p == nil {
		return ""
	}
	return p.name
}

// roleOf is the role of the token that authenticated the request.
func roleOf(ctx context.Context) incident.Role {
	p, _ := ctx.Value(principalKey).(*principal)
	if p == nil {
		return ""
	}
	return p.role
}

// csrfHeader carries a session's CSRF token on every write made with the
// session cookie. A page on another site cannot read the token, and cannot
// send a custom header cross-origin without a CORS preflight, which this
// server never approves for writes.
const csrfHeader = "X-CSRF-Token"

// auth requires a token of at least role need: in the header
// "Authorization: Bearer TOKEN" or, for the desk, through its session
// cookie. The token is checked against the database on every request, so a
// revoked token (and every session signed in with it) fails on the next one.
// Failed authentications count against the client address's budget
// (authLimiter): past it, 429 with Retry-After. A write made with the
// cookie must come from this origin (Origin, Sec-Fetch-Site) and carry the
// session's CSRF token. Bodies are capped at MaxBodyBytes (413 beyond).
func (s *Server) auth(need incident.Role, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		p, ok := s.authenticate(w, r)
		if !ok {
			return
		}
		if !p.role.Allows(need) {
			s.writeError(w, r, errStatus(http.StatusForbidden,
				fmt.Sprintf("this needs the %s role; token %q has the %s role", need, p.name, p.role)))
			return
		}
		if p.session != nil && !safeMethod(r.Method) {
			if err := checkSameOrigin(r); err != nil {
				s.writeError(w, r, err)
				return
			}
			if subtle.ConstantTimeCompare([]byte(r.Header.Get(csrfHeader)), []byte(p.session.csrf)) != 1 {
				s.writeError(w, r, errStatus(http.StatusForbidden, "missing or wrong "+csrfHeader+" header for a write signed in by cookie"))
				return
			}
		}
		if r.ContentLength > s.opt.MaxBodyBytes {
			s.writeError(w, r, &http.MaxBytesError{Limit: s.opt.MaxBodyBytes})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBodyBytes)
		h(w, r.WithContext(context.WithValue(r.Context(), principalKey, p)))
	}
}

// authenticate finds the request's token, from the Authorization header or
// the session cookie, and answers 401 or 429 itself when there is none.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*principal, bool) {
	addr := clientAddr(r)
	if wait := s.limiter.blocked(addr); wait > 0 {
		s.tooManyFailures(w, r, addr, wait)
		return nil, false
	}
	var (
		secret string
		sess   *session
	)
	if hdr := r.Header.Get("Authorization"); hdr != "" {
		scheme, sec, ok := strings.Cut(hdr, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(sec) == "" {
			s.authFailed(w, r, addr, "malformed Authorization header")
			return nil, false
		}
		secret = strings.TrimSpace(sec)
	} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		sess = s.sessions.get(c.Value)
		if sess == nil {
			clearSessionCookie(w, r)
			s.authFailed(w, r, addr, "unknown or expired session")
			return nil, false
		}
		secret = sess.secret
	} else {
		// No credentials at all is not a guess: it does not count.
		s.writeError(w, r, incident.ErrUnauthorized)
		return nil, false
	}
	tok, err := s.db.AuthenticateToken(r.Context(), secret)
	if errors.Is(err, incident.ErrUnauthorized) {
		if sess != nil { // signed in with a token revoked since
			s.sessions.drop(sess)
			clearSessionCookie(w, r)
		}
		s.authFailed(w, r, addr, "unknown token")
		return nil, false
	}
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return &principal{name: tok.Name, role: tok.Role, session: sess}, true
}

// authFailed counts a failed authentication against addr, logs it at
// warning level and answers 401, or 429 when the budget is now spent.
func (s *Server) authFailed(w http.ResponseWriter, r *http.Request, addr, why string) {
	wait := s.limiter.fail(addr)
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "authentication failed",
		slog.String("addr", addr), slog.String("remote", r.RemoteAddr), slog.String("path", r.URL.Path), slog.String("why", why))
	if wait > 0 {
		s.tooManyFailures(w, r, addr, wait)
		return
	}
	s.writeError(w, r, incident.ErrUnauthorized)
}

// tooManyFailures answers 429 with Retry-After (whole seconds, rounded up).
func (s *Server) tooManyFailures(w http.ResponseWriter, r *http.Request, addr string, wait float64) {
	secs := int(wait)
	if float64(secs) < wait {
		secs++
	}
	if s.limiter.warnOnce(addr) {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "authentication rate limit reached",
			slog.String("addr", addr), slog.Int("retry_after", secs))
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, http.StatusTooManyRequests, errorBody{Error: fmt.Sprintf(
		"too many failed authentications from this address; try again in %d seconds", secs)})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkSameOrigin refuses a request a browser says comes from another site:
// Sec-Fetch-Site other than same-origin (or none: typed by the user), or an
// Origin whose host is not the request's. Clients that send neither (curl)
// pass; browsers send at least Origin on every cross-origin write.
func checkSameOrigin(r *http.Request) error {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return errStatus(http.StatusForbidden, "cross-site request refused")
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if o == "null" || err != nil || !strings.EqualFold(u.Host, r.Host) {
			return errStatus(http.StatusForbidden, "cross-site request refused: Origin "+strconv.Quote(o)+" is not this server")
		}
	}
	return nil
}
