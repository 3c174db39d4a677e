package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// The fake store's side of Editorial: tokens by secret (every one a
// publisher unless made with a role), approve and reject as revisions,
// restore of a tombstone.

func (f *fakeStore) AuthenticateToken(ctx context.Context, secret string) (incident.TokenInfo, error) {
	name, err := f.Authenticate(ctx, secret)
	if err != nil {
		return incident.TokenInfo{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	role := f.roles[name]
	if role == "" {
		role = incident.RolePublisher
	}
	return incident.TokenInfo{Name: name, Role: role}, nil
}

func (f *fakeStore) CreateTokenRole(ctx context.Context, name string, role incident.Role) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.tokens {
		if n == name {
			return "", fmt.Errorf("fake store: token %q: %w", name, incident.ErrExists)
		}
	}
	secret := fmt.Sprintf("fake-%d", len(f.tokens)+1)
	f.tokens[secret] = name
	if f.roles == nil {
		f.roles = map[string]incident.Role{}
	}
	f.roles[name] = role
	return secret, nil
}

func (f *fakeStore) ListTokens(ctx context.Context) ([]incident.TokenInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []incident.TokenInfo
	for _, n := range f.tokens {
		out = append(out, incident.TokenInfo{Name: n, Role: f.roles[n]})
	}
	slices.SortFunc(out, func(a, b incident.TokenInfo) int { return cmpString(a.Name, b.Name) })
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (f *fakeStore) RevokeToken(ctx context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s, n := range f.tokens {
		if n == name {
			delete(f.tokens, s)
			return nil
		}
	}
	return fmt.Errorf("fake store: token %q: %w", name, incident.ErrNotFound)
}

func (f *fakeStore) SetState(ctx context.Context, id, who string, to incident.State) (*incident.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.byID[id]
	switch {
	case !ok:
		return nil, fmt.Errorf("fake store: set state %s: %w", id, incident.ErrNotFound)
	case e.in == nil:
		return nil, fmt.Errorf("fake store: set state %s: %w", id, incident.ErrDeleted)
	case e.in.Published() || e.in.State == to:
		return nil, fmt.Errorf("fake store: set state %s: %w", id, incident.ErrState)
	}
	c := *e.in
	c.State, c.ApprovedBy = to, ""
	if to == incident.Published {
		c.ApprovedBy = who
	}
	now := time.Now().UTC()
	c.Revision, c.Updated, c.UpdatedBy = len(e.history)+1, now, who
	e.in = &c
	action := map[incident.State]string{incident.Published: "approve", incident.Rejected: "reject"}[to]
	e.history = append(e.history, incident.Revision{Revision: c.Revision, Time: now, Who: who, Action: action, Incident: &c})
	f.version++
	out := c
	return &out, nil
}

func (f *fakeStore) Restore(ctx context.Context, id, who string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.byID[id]
	if !ok {
		return fmt.Errorf("fake store: restore %s: %w", id, incident.ErrNotFound)
	}
	if e.in != nil {
		return nil
	}
	var last *incident.Incident
	for _, r := range e.history {
		if r.Incident != nil {
			last = r.Incident
		}
	}
	c := *last
	now := time.Now().UTC()
	c.Revision, c.Updated, c.UpdatedBy = len(e.history)+1, now, who
	e.in = &c
	e.history = append(e.history, incident.Revision{Revision: c.Revision, Time: now, Who: who, Action: "restore", Incident: &c})
	f.version++
	return nil
}

// TestFakeDeletedDraftsAndPublicHistory: over a store whose deletes carry
// no content (the Revision contract allows it), a deleted draft still
// answers as an unknown id and a deleted published incident as deleted,
// with its public history ending in the delete.
func TestFakeDeletedDraftsAndPublicHistory(t *testing.T) {
	srv, fs, tok := newFakeEnv(t, Options{})
	draft := newIncident("F-D", 66.99, 30.19, "2025-07-10", "BLA", 3)
	draft.State = incident.Draft
	mustPutFake(t, fs, draft)
	mustPutFake(t, fs, newIncident("F-P", 66.99, 30.19, "2025-07-10", "BLA", 3))
	for _, id := range []string{"F-D", "F-P"} {
		if rec := fakeDo(t, srv, http.MethodDelete, "/api/incidents/"+id, "", "Authorization", "Bearer "+tok); rec.Code != http.StatusNoContent {
			t.Fatalf("delete %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	unknown := fakeDo(t, srv, http.MethodGet, "/api/incidents/NEVER", "")
	for _, path := range []string{"/api/incidents/F-D", "/api/incidents/F-D/history"} {
		if rec := fakeDo(t, srv, http.MethodGet, path, ""); rec.Code != http.StatusNotFound || rec.Body.String() != unknown.Body.String() {
			t.Errorf("%s: %d %s, want the unknown id's answer", path, rec.Code, rec.Body)
		}
	}
	if rec := fakeDo(t, srv, http.MethodGet, "/api/incidents/F-P", ""); rec.Code != http.StatusGone {
		t.Errorf("deleted published: %d, want 410", rec.Code)
	}
	rec := fakeDo(t, srv, http.MethodGet, "/api/incidents/F-P/history", "")
	var h histBody
	decodeJSON(t, rec, &h)
	if n := len(h.Revisions); n != 2 || h.Revisions[n-1].Action != "delete" {
		t.Errorf("public history of the deleted published incident: %+v", h.Revisions)
	}
}

func (f *fakeStore) Deleted(ctx context.Context, limit int) ([]*incident.Incident, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*incident.Incident
	for _, e := range f.byID {
		if e.in != nil {
			continue
		}
		last := lastContent(e.history)
		if last == nil {
			continue
		}
		c := *last
		c.Updated = e.history[len(e.history)-1].Time
		out = append(out, &c)
	}
	slices.SortFunc(out, func(a, b *incident.Incident) int { return b.Updated.Compare(a.Updated) })
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}
