package server

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"github.com/incidentmap/incidentmap/incident"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// deskEnv is a test server with one token of each role.
type deskEnv struct {
	*testEnv
	editor, publisher, admin string
}

func newDeskEnv(tb testing.TB, opt Options) *deskEnv {
	tb.Helper()
	e := &deskEnv{testEnv: newTestEnv(tb, opt)}
	for _, x := range []struct {
		name string
		role incident.Role
		dst  *string
	}{{"ed", incident.RoleEditor, &e.editor}, {"pub", incident.RolePublisher, &e.publisher}, {"root", incident.RoleAdmin, &e.admin}} {
		sec, err := e.db.CreateTokenRole(tb.Context(), x.name, x.role)
		if err != nil {
			tb.Fatal(err)
		}
		*x.dst = sec
	}
	return e
}

// as runs a request with a bearer token.
func (e *deskEnv) as(tb testing.TB, token, method, target, body string) *httptest.ResponseRecorder {
	tb.Helper()
	return e.do(tb, method, target, strings.NewReader(body), "Authorization", "Bearer "+token, "Content-Type", "application/json")
}

const draftBody = `{"id":"D-1","title":"Unapproved wording about a blast","date":"2024-03-05","type":"bombing",
  "location":{"name":"Turbat","lon":63.05,"lat":26.0,"precision":"town"},
  "claims":[{"actor":"BLF","kind":"claim_of_responsibility","status":"unverified","source":{"name":"Example wire","url":"https://example.org/a"},
  "casualties":{"security_forces":{"killed":{"low":2,"high":2}}}}]}`

type histBody struct {
	Revisions []struct {
		Revision int    `json:"revision"`
		Who      string `json:"who"`
		Action   string `json:"action"`
		Incident struct {
			Title      string `json:"title"`
			State      string `json:"state"`
			ApprovedBy string `json:"approved_by"`
		} `json:"incident"`
	} `json:"revisions"`
}

// sameAsUnknown checks that target answers exactly as the same route does
// for an id that never existed: status, content type and body.
func sameAsUnknown(t *testing.T, e *deskEnv, target, unknown string) {
	t.Helper()
	got, want := e.get(t, target), e.get(t, unknown)
	if got.Code != want.Code || got.Code != http.StatusNotFound || got.Body.String() != want.Body.String() ||
		got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
		t.Errorf("%s: %d %q, want as %s: %d %q", target, got.Code, got.Body, unknown, want.Code, want.Body)
	}
}

func TestRecordFieldsAreTheServers(t *testing.T) {
	e := newDeskEnv(t, Options{})
	v0 := e.db.Version()
	for _, c := range []struct{ field, json string }{
		{"approved_by", `"approved_by":"Someone Else"`},
		{"updated_by", `"updated_by":"Someone Else"`},
		{"created", `"created":"2020-01-01T00:00:00Z"`},
		{"updated", `"updated":"2020-01-01T00:00:00Z"`},
		{"revision", `"revision":7`},
	} {
		body := strings.Replace(draftBody, `"id":"D-1",`, `"id":"D-1",`+c.json+`,`, 1)
		rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents", body)
		if rec.Code != http.StatusUnprocessableEntity || errorOf(t, rec).Field != c.field {
			t.Errorf("create with %s: %d %s, want 422 naming the field", c.field, rec.Code, rec.Body)
		}
	}
	if e.db.Version() != v0 {
		t.Fatal("a refused write changed the database")
	}
	// An editor's incident is a draft whatever it asks.
	if rec := e.as(t, e.editor, http.MethodPost, "/api/incidents", strings.Replace(draftBody, `"id":"D-1",`, `"id":"D-1","state":"published",`, 1)); rec.Code != http.StatusForbidden {
		t.Errorf("editor creating a published incident: %d, want 403", rec.Code)
	}
	if rec := e.as(t, e.editor, http.MethodPost, "/api/incidents", draftBody); rec.Code != http.StatusCreated {
		t.Fatalf("editor create: %d %s", rec.Code, rec.Body)
	}
	in, err := e.db.Get(t.Context(), "D-1")
	if err != nil || in.State != "draft" || in.UpdatedBy != "ed" || in.ApprovedBy != "" || in.Revision != 1 {
		t.Fatalf("stored %+v %v: want a draft by ed, revision 1", in, err)
	}
	// A body read from the desk goes back as it is; a stale revision is 409.
	var desk struct {
		Incident json.RawMessage `json:"incident"`
	}
	decodeJSON(t, e.do(t, http.MethodGet, "/api/desk/incidents/D-1", nil, "Authorization", "Bearer "+e.editor), &desk)
	edited := strings.Replace(string(desk.Incident), "Unapproved wording", "Still unapproved wording", 1)
	if rec := e.as(t, e.editor, http.MethodPut, "/api/incidents/D-1", edited); rec.Code != http.StatusOK {
		t.Fatalf("round-trip put: %d %s", rec.Code, rec.Body)
	}
	if rec := e.as(t, e.editor, http.MethodPut, "/api/incidents/D-1", edited); rec.Code != http.StatusConflict {
		t.Errorf("put of revision 1 over revision 2: %d %s, want 409", rec.Code, rec.Body)
	}
	if rec := e.as(t, e.editor, http.MethodPatch, "/api/incidents/D-1", `{"approved_by":"ed"}`); rec.Code != http.StatusUnprocessableEntity || errorOf(t, rec).Field != "approved_by" {
		t.Errorf("patch approved_by: %d %s", rec.Code, rec.Body)
	}
	if rec := e.as(t, e.editor, http.MethodPatch, "/api/incidents/D-1", `{"state":"published"}`); rec.Code != http.StatusConflict {
		t.Errorf("patch state published: %d %s, want 409", rec.Code, rec.Body)
	}
	// Never public before approval: like an id that never existed.
	sameAsUnknown(t, e, "/api/incidents/D-1", "/api/incidents/NEVER-1")
	sameAsUnknown(t, e, "/api/incidents/D-1/history", "/api/incidents/NEVER-1/history")
	sameAsUnknown(t, e, "/ogc/collections/incidents/items/D-1", "/ogc/collections/incidents/items/NEVER-1")

	// Approval is its own action, a publisher's.
	if rec := e.as(t, e.editor, http.MethodPost, "/api/incidents/D-1/approve", ""); rec.Code != http.StatusForbidden {
		t.Errorf("editor approving: %d, want 403", rec.Code)
	}
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/approve", ""); rec.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", rec.Code, rec.Body)
	}
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/approve", ""); rec.Code != http.StatusConflict {
		t.Errorf("approving twice: %d, want 409", rec.Code)
	}
	if rec := e.as(t, e.editor, http.MethodPatch, "/api/incidents/D-1", `{"title":"An editor's change"}`); rec.Code != http.StatusForbidden {
		t.Errorf("editor editing a published incident: %d, want 403", rec.Code)
	}
	if rec := e.as(t, e.publisher, http.MethodPatch, "/api/incidents/D-1", `{"title":"A published title"}`); rec.Code != http.StatusOK {
		t.Fatalf("publisher edit: %d %s", rec.Code, rec.Body)
	}
	var pub histBody
	rec := e.get(t, "/api/incidents/D-1/history")
	decodeJSON(t, rec, &pub)
	if strings.Contains(rec.Body.String(), `"title":"Unapproved wording`) { // revision 1, a draft
		t.Errorf("public history shows text written before approval: %s", rec.Body)
	}
	if len(pub.Revisions) != 2 || pub.Revisions[0].Action != "approve" || pub.Revisions[0].Who != "pub" ||
		pub.Revisions[0].Incident.ApprovedBy != "pub" || pub.Revisions[1].Action != "update" || pub.Revisions[1].Incident.ApprovedBy != "pub" {
		t.Errorf("public history %+v: want the approval by pub, then the update", pub.Revisions)
	}
	var all histBody
	decodeJSON(t, e.do(t, http.MethodGet, "/api/desk/incidents/D-1/history", nil, "Authorization", "Bearer "+e.editor), &all)
	if len(all.Revisions) != 4 || all.Revisions[0].Who != "ed" || all.Revisions[0].Incident.State != "draft" {
		t.Errorf("desk history %+v: want all four revisions", all.Revisions)
	}
	if rec := e.get(t, "/api/desk/incidents/D-1/history"); rec.Code != http.StatusUnauthorized {
		t.Errorf("desk history without a token: %d", rec.Code)
	}
}

func TestRejectedAndDeletedDraftsAnswerAsUnknown(t *testing.T) {
	e := newDeskEnv(t, Options{})
	for _, id := range []string{"D-1", "D-2", "D-3"} {
		body := strings.Replace(draftBody, `"D-1"`, `"`+id+`"`, 1)
		if rec := e.as(t, e.editor, http.MethodPost, "/api/incidents", body); rec.Code != http.StatusCreated {
			t.Fatalf("create %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/reject", ""); rec.Code != http.StatusOK {
		t.Fatalf("reject: %d %s", rec.Code, rec.Body)
	}
	if rec := e.as(t, e.editor, http.MethodDelete, "/api/incidents/D-2", ""); rec.Code != http.StatusForbidden {
		t.Errorf("editor delete: %d, want 403", rec.Code)
	}
	if rec := e.as(t, e.publisher, http.MethodDelete, "/api/incidents/D-2", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("delete draft: %d", rec.Code)
	}
	for _, id := range []string{"D-1", "D-2"} {
		sameAsUnknown(t, e, "/api/incidents/"+id, "/api/incidents/NEVER-1")
		sameAsUnknown(t, e, "/api/incidents/"+id+"/history", "/api/incidents/NEVER-1/history")
		sameAsUnknown(t, e, "/ogc/collections/incidents/items/"+id, "/ogc/collections/incidents/items/NEVER-1")
	}
	// The desk lists the deleted draft, for restoring.
	var del struct {
		Total     int `json:"total"`
		Incidents []struct {
			Incident struct{ ID string } `json:"incident"`
		} `json:"incidents"`
	}
	decodeJSON(t, e.do(t, http.MethodGet, "/api/desk/incidents?state=deleted", nil, "Authorization", "Bearer "+e.editor), &del)
	if del.Total != 1 || len(del.Incidents) != 1 || del.Incidents[0].Incident.ID != "D-2" {
		t.Errorf("deleted list %+v: want D-2", del)
	}
	// A deleted published incident was public: it answers 410.
	e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-3/approve", "")
	e.as(t, e.publisher, http.MethodDelete, "/api/incidents/D-3", "")
	if rec := e.get(t, "/api/incidents/D-3"); rec.Code != http.StatusGone {
		t.Errorf("deleted published incident: %d, want 410", rec.Code)
	}
	// An edit sends a rejected draft back to the queue.
	if rec := e.as(t, e.editor, http.MethodPatch, "/api/incidents/D-1", `{"title":"Reworded after rejection"}`); rec.Code != http.StatusOK {
		t.Fatalf("edit rejected: %d %s", rec.Code, rec.Body)
	}
	var q struct {
		Incidents []struct {
			Incident struct{ ID, State string } `json:"incident"`
			Issues   []string                   `json:"issues"`
		} `json:"incidents"`
	}
	decodeJSON(t, e.do(t, http.MethodGet, "/api/desk/incidents?state=draft", nil, "Authorization", "Bearer "+e.editor), &q)
	if len(q.Incidents) != 1 || q.Incidents[0].Incident.ID != "D-1" || q.Incidents[0].Incident.State != "draft" {
		t.Errorf("review queue %+v: want D-1 back as a draft", q.Incidents)
	}
}

func TestRestoreAsNewRevision(t *testing.T) {
	e := newDeskEnv(t, Options{})
	e.as(t, e.publisher, http.MethodPost, "/api/incidents", draftBody) // published: a publisher's create
	e.as(t, e.publisher, http.MethodPatch, "/api/incidents/D-1", `{"title":"Second wording"}`)
	if rec := e.as(t, e.editor, http.MethodPost, "/api/incidents/D-1/restore", `{"revision":1}`); rec.Code != http.StatusForbidden {
		t.Errorf("editor restore: %d, want 403", rec.Code)
	}
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/restore", `{"revision":9}`); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("restore of a revision that does not exist: %d, want 422", rec.Code)
	}
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/restore", `{"revision":1}`); rec.Code != http.StatusOK {
		t.Fatalf("restore revision 1: %d %s", rec.Code, rec.Body)
	}
	in, _ := e.db.Get(t.Context(), "D-1")
	if in.Title != "Unapproved wording about a blast" || in.Revision != 3 || in.UpdatedBy != "pub" {
		t.Errorf("after restore: %q revision %d by %s", in.Title, in.Revision, in.UpdatedBy)
	}
	e.as(t, e.publisher, http.MethodDelete, "/api/incidents/D-1", "")
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/restore", ""); rec.Code != http.StatusOK {
		t.Fatalf("restore deleted: %d %s", rec.Code, rec.Body)
	}
	var h histBody
	decodeJSON(t, e.get(t, "/api/incidents/D-1/history"), &h)
	if n := len(h.Revisions); n != 5 || h.Revisions[n-1].Action != "restore" || h.Revisions[n-2].Action != "delete" {
		t.Errorf("history %+v", h.Revisions)
	}
	if rec := e.as(t, e.publisher, http.MethodPost, "/api/incidents/D-1/restore", ""); rec.Code != http.StatusConflict {
		t.Errorf("restore of a live incident without a revision: %d, want 409", rec.Code)
	}
}

func TestTokensOverHTTP(t *testing.T) {
	e := newDeskEnv(t, Options{})
	if rec := e.as(t, e.publisher, http.MethodGet, "/api/tokens", ""); rec.Code != http.StatusForbidden {
		t.Errorf("publisher listing tokens: %d, want 403", rec.Code)
	}
	rec := e.as(t, e.admin, http.MethodPost, "/api/tokens", `{"name":"field desk","role":"editor"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var made struct{ Name, Role, Token string }
	json.Unmarshal(rec.Body.Bytes(), &made)
	if made.Role != "editor" || !strings.HasPrefix(made.Token, "imt_") {
		t.Fatalf("created %+v", made)
	}
	for _, c := range []struct {
		body  string
		code  int
		field string
	}{
		{`{"name":"field desk","role":"editor"}`, http.StatusConflict, ""},
		{`{"name":"x","role":"owner"}`, http.StatusUnprocessableEntity, "role"},
		{`{"name":"evil\u202ename","role":"editor"}`, http.StatusUnprocessableEntity, "name"},
		{`{"name":"<img src=x onerror=alert(1)>","role":"editor"}`, http.StatusUnprocessableEntity, "name"},
		{`{"name":"","role":"editor"}`, http.StatusUnprocessableEntity, "name"},
	} {
		rec := e.as(t, e.admin, http.MethodPost, "/api/tokens", c.body)
		if rec.Code != c.code || (c.field != "" && errorOf(t, rec).Field != c.field) {
			t.Errorf("create %s: %d %s, want %d", c.body, rec.Code, rec.Body, c.code)
		}
	}
	rec = e.as(t, e.admin, http.MethodGet, "/api/tokens", "")
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), made.Token) || strings.Contains(rec.Body.String(), "hash") {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}
	var list []incident.TokenInfo
	json.Unmarshal(rec.Body.Bytes(), &list)
	roles := map[string]incident.Role{}
	for _, tk := range list {
		roles[tk.Name] = tk.Role
	}
	if roles["tester"] != incident.RolePublisher || roles["field desk"] != incident.RoleEditor || roles["root"] != incident.RoleAdmin {
		t.Errorf("roles %v: the pre-role token is a publisher", roles)
	}
	// The new token works, and stops working on the next request after
	// its revocation, signed-in sessions included.
	if rec := e.as(t, made.Token, http.MethodPost, "/api/incidents", draftBody); rec.Code != http.StatusCreated {
		t.Fatalf("new token write: %d %s", rec.Code, rec.Body)
	}
	cookie, _ := signIn(t, e.testEnv, made.Token)
	if rec := e.do(t, http.MethodGet, "/api/session", nil, "Cookie", cookie); rec.Code != http.StatusOK {
		t.Fatalf("session before revocation: %d", rec.Code)
	}
	if rec := e.as(t, e.admin, http.MethodDelete, "/api/tokens/field%20desk", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
	}
	if rec := e.as(t, made.Token, http.MethodPatch, "/api/incidents/D-1", `{"title":"After revocation"}`); rec.Code != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", rec.Code)
	}
	if rec := e.do(t, http.MethodGet, "/api/session", nil, "Cookie", cookie); rec.Code != http.StatusUnauthorized {
		t.Errorf("session of a revoked token: %d, want 401", rec.Code)
	}
	if rec := e.as(t, e.admin, http.MethodDelete, "/api/tokens/field%20desk", ""); rec.Code != http.StatusNotFound {
		t.Errorf("revoke twice: %d, want 404", rec.Code)
	}
}

func TestAuthRateLimit(t *testing.T) {
	var logs bytes.Buffer
	e := newDeskEnv(t, Options{AuthFailBurst: 3, AuthFailEvery: time.Minute,
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	e.srv.limiter.now = func() time.Time { return now }
	from := func(addr, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/incidents", strings.NewReader(draftBody)).WithContext(t.Context())
		req.RemoteAddr = addr
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		return rec
	}
	for i := range 3 {
		if rec := from("203.0.113.7:4000", "imt_guess"); rec.Code != http.StatusUnauthorized && !(i == 2 && rec.Code == http.StatusTooManyRequests) {
			t.Fatalf("failure %d: %d", i+1, rec.Code)
		}
	}
	rec := from("203.0.113.7:4001", e.editor) // right token, same address: refused unchecked
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "60" ||
		rec.Header().Get("Content-Type") != "application/json" || !strings.Contains(errorOf(t, rec).Error, "too many failed") {
		t.Fatalf("past the budget: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if _, err := e.db.Get(t.Context(), "D-1"); err == nil {
		t.Fatal("a refused request wrote")
	}
	if rec := from("198.51.100.9:4000", e.editor); rec.Code != http.StatusCreated {
		t.Errorf("another address: %d, want 201", rec.Code)
	}
	// IPv6 addresses share the budget of their /64.
	for range 3 {
		from("[2001:db8:1:2::a]:1", "imt_guess")
	}
	if rec := from("[2001:db8:1:2::b]:1", "imt_guess"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("same /64: %d, want 429", rec.Code)
	}
	// Sign-in counts too.
	if rec := e.do(t, http.MethodPost, "/api/session", strings.NewReader(`{"token":"imt_x"}`)); rec.Code != http.StatusUnauthorized {
		t.Errorf("bad sign-in: %d", rec.Code)
	}
	now = now.Add(time.Minute)
	if rec := from("203.0.113.7:4000", e.editor); rec.Code != http.StatusConflict && rec.Code != http.StatusCreated {
		t.Errorf("a minute later: %d, want the write to go through", rec.Code)
	}
	var warned, limited bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, `"level":"WARN"`) && strings.Contains(line, `"addr":"203.0.113.7"`) {
			warned = warned || strings.Contains(line, "authentication failed")
			limited = limited || strings.Contains(line, "rate limit")
		}
	}
	if !warned || !limited {
		t.Errorf("want warning lines with the address for failures and the limit; log:\n%s", logs.String())
	}
}

// signIn opens a session and returns its Cookie header and CSRF token.
func signIn(t *testing.T, e *testEnv, token string) (cookie, csrf string) {
	t.Helper()
	rec := e.do(t, http.MethodPost, "/api/session", strings.NewReader(`{"token":"`+token+`"}`), "Content-Type", "application/json")
	if rec.Code != http.StatusOK {
		t.Fatalf("sign in: %d %s", rec.Code, rec.Body)
	}
	var info sessionInfo
	json.Unmarshal(rec.Body.Bytes(), &info)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			return c.Name + "=" + c.Value, info.CSRF
		}
	}
	t.Fatal("sign in set no cookie")
	return "", ""
}

func TestSessionCookieAndCSRF(t *testing.T) {
	e := newDeskEnv(t, Options{})
	rec := e.do(t, http.MethodPost, "/api/session", strings.NewReader(`{"token":"`+e.editor+`"}`))
	if rec.Code != http.StatusOK {
		t.Fatalf("sign in: %d", rec.Code)
	}
	set := rec.Header().Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(set, want) {
			t.Errorf("cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("cookie over plain HTTP marked Secure (the browser would drop it): %q", set)
	}
	if strings.Contains(rec.Body.String(), e.editor) {
		t.Error("the sign-in answer repeats the token")
	}
	rec = e.do(t, http.MethodPost, "/api/session", strings.NewReader(`{"token":"`+e.editor+`"}`), "X-Forwarded-Proto", "https")
	if !strings.Contains(rec.Header().Get("Set-Cookie"), "Secure") {
		t.Errorf("cookie over TLS not Secure: %q", rec.Header().Get("Set-Cookie"))
	}
	if rec := e.do(t, http.MethodPost, "/api/session", strings.NewReader(`{"token":"`+e.editor+`"}`), "Origin", "https://evil.example"); rec.Code != http.StatusForbidden {
		t.Errorf("cross-site sign-in: %d, want 403", rec.Code)
	}
	tlsReq := httptest.NewRequest(http.MethodPost, "/api/session", strings.NewReader(`{"token":"`+e.editor+`"}`)).WithContext(t.Context())
	tlsReq.TLS = &tls.ConnectionState{}
	tlsRec := httptest.NewRecorder()
	e.srv.ServeHTTP(tlsRec, tlsReq)
	if !strings.Contains(tlsRec.Header().Get("Set-Cookie"), "Secure") {
		t.Errorf("cookie over TLS not Secure: %q", tlsRec.Header().Get("Set-Cookie"))
	}
	cookie, csrf := signIn(t, e.testEnv, e.editor)
	var info sessionInfo
	decodeJSON(t, e.do(t, http.MethodGet, "/api/session", nil, "Cookie", cookie), &info)
	if info.Name != "ed" || info.Role != incident.RoleEditor || info.CSRF != csrf {
		t.Errorf("session %+v", info)
	}
	v0 := e.db.Version()
	for _, c := range []struct {
		name string
		hdr  []string
	}{
		{"no CSRF header", []string{"Cookie", cookie, "Content-Type", "application/json"}},
		{"wrong CSRF header", []string{"Cookie", cookie, csrfHeader, "x" + csrf}},
		{"other Origin", []string{"Cookie", cookie, csrfHeader, csrf, "Origin", "https://evil.example"}},
		{"cross-site fetch", []string{"Cookie", cookie, csrfHeader, csrf, "Sec-Fetch-Site", "cross-site"}},
		{"same-site, other origin", []string{"Cookie", cookie, csrfHeader, csrf, "Sec-Fetch-Site", "same-site"}},
	} {
		if rec := e.do(t, http.MethodPost, "/api/incidents", strings.NewReader(draftBody), c.hdr...); rec.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.name, rec.Code)
		}
	}
	if e.db.Version() != v0 {
		t.Fatal("a refused cookie write changed the database")
	}
	rec = e.do(t, http.MethodPost, "/api/incidents", strings.NewReader(draftBody), "Cookie", cookie, csrfHeader, csrf,
		"Origin", "http://example.com", "Sec-Fetch-Site", "same-origin")
	if rec.Code != http.StatusCreated {
		t.Fatalf("same-origin write with the CSRF token: %d %s", rec.Code, rec.Body)
	}
	// A session lasts 12 hours.
	later, _ := signIn(t, e.testEnv, e.editor)
	e.srv.sessions.now = func() time.Time { return time.Now().Add(sessionTTL + time.Minute) }
	if rec := e.do(t, http.MethodGet, "/api/session", nil, "Cookie", later); rec.Code != http.StatusUnauthorized {
		t.Errorf("session past its 12 hours: %d, want 401", rec.Code)
	}
	e.srv.sessions.now = time.Now
	if rec := e.do(t, http.MethodDelete, "/api/session", nil, "Cookie", cookie, csrfHeader, csrf); rec.Code != http.StatusNoContent {
		t.Fatalf("sign out: %d", rec.Code)
	}
	if rec := e.do(t, http.MethodGet, "/api/session", nil, "Cookie", cookie); rec.Code != http.StatusUnauthorized {
		t.Errorf("after sign out: %d, want 401", rec.Code)
	}
}

func TestDeskPageSecurityHeaders(t *testing.T) {
	static := fstest.MapFS{}
	for k, v := range testStatic {
		static[k] = v
	}
	static["desk.html"] = &fstest.MapFile{Data: []byte("<!doctype html><title>desk</title>")}
	e := newDeskEnv(t, Options{Static: static})
	desk, page := e.get(t, "/desk"), e.get(t, "/")
	if desk.Code != http.StatusOK || !strings.Contains(desk.Body.String(), "<title>desk") {
		t.Fatalf("/desk: %d %s", desk.Code, desk.Body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} {
		if got, want := desk.Header().Get(h), page.Header().Get(h); got == "" || got != want {
			t.Errorf("/desk %s = %q, the map's is %q", h, got, want)
		}
	}
}

// FuzzClientAddr checks the address failures are counted against: never
// empty for a parsable peer, an IPv4 address as itself, an IPv6 one as its
// /64 (so two addresses of one /64 share a budget).
func FuzzClientAddr(f *testing.F) {
	for _, s := range []string{"192.0.2.1:80", "[2001:db8::1]:443", "[::ffff:192.0.2.1]:1", "garbage", "", "[fe80::1%eth0]:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remote string) {
		got := clientAddr(&http.Request{RemoteAddr: remote})
		host, _, err := net.SplitHostPort(remote)
		if err != nil {
			host = remote
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return
		}
		ip = ip.Unmap()
		if ip.Is4() && got != ip.String() {
			t.Fatalf("clientAddr(%q) = %q, want %s", remote, got, ip)
		}
		if ip.Is6() {
			p, err := netip.ParsePrefix(got)
			if err != nil || p.Bits() != 64 || !p.Contains(ip.WithZone("")) {
				t.Fatalf("clientAddr(%q) = %q, want the /64 holding %s", remote, got, ip)
			}
		}
	})
}
