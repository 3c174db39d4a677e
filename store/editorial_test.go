package store

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

func TestSetState(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(2, 9)
	for _, in := range ins {
		in.State = incident.Draft
		if _, _, err := db.Put(ctx, in, "writer"); err != nil {
			t.Fatal(err)
		}
	}
	a, b := ins[0].ID, ins[1].ID
	out, err := db.SetState(ctx, a, "boss", incident.Published)
	if err != nil || out.State != incident.Published || out.ApprovedBy != "boss" || out.Revision != 2 || out.UpdatedBy != "boss" {
		t.Fatalf("approve: %+v %v", out, err)
	}
	if n, _ := db.Count(ctx, incident.Filter{}); n != 1 {
		t.Errorf("public count after approval = %d, want 1 (the index follows the state)", n)
	}
	if _, err := db.SetState(ctx, a, "boss", incident.Published); !errors.Is(err, ErrState) {
		t.Errorf("approve twice: %v, want ErrState", err)
	}
	if _, err := db.SetState(ctx, a, "boss", incident.Rejected); !errors.Is(err, ErrState) {
		t.Errorf("reject a published incident: %v, want ErrState", err)
	}
	if _, err := db.SetState(ctx, b, "boss", incident.Rejected); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetState(ctx, b, "boss", incident.Draft); !errors.Is(err, ErrState) {
		t.Errorf("set draft: %v, want ErrState", err)
	}
	h, _ := db.History(ctx, a)
	if len(h) != 2 || h[0].Action != "create" || h[1].Action != "approve" || h[1].Who != "boss" || h[0].Incident.State != incident.Draft {
		t.Errorf("history %+v", h)
	}
	h, _ = db.History(ctx, b)
	if h[len(h)-1].Action != "reject" || h[len(h)-1].Incident.ApprovedBy != "" {
		t.Errorf("history of the rejected %+v", h[len(h)-1])
	}
	db.Delete(ctx, b, "boss")
	if _, err := db.SetState(ctx, b, "boss", incident.Published); !errors.Is(err, ErrDeleted) {
		t.Errorf("approve deleted: %v", err)
	}
	if _, err := db.SetState(ctx, "NOPE", "boss", incident.Published); !errors.Is(err, ErrNotFound) {
		t.Errorf("approve unknown: %v", err)
	}
}

func TestTokenRoles(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	sec, err := db.CreateTokenRole(ctx, "desk editor", incident.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	if tk, err := db.AuthenticateToken(ctx, sec); err != nil || tk.Role != incident.RoleEditor || tk.Name != "desk editor" {
		t.Fatalf("AuthenticateToken = %+v %v", tk, err)
	}
	for _, bad := range []string{"", "a\u202eb", "<b>", "tab\there", string(make([]byte, 101))} {
		if _, err := db.CreateTokenRole(ctx, bad, incident.RoleEditor); !errors.Is(err, ErrTokenName) {
			t.Errorf("name %q: %v, want ErrTokenName", bad, err)
		}
	}
	if _, err := db.CreateTokenRole(ctx, "ناظر", incident.RoleAdmin); err != nil {
		t.Errorf("a name in Urdu script: %v", err)
	}
	if _, err := db.CreateTokenRole(ctx, "x", incident.Role("owner")); err == nil {
		t.Error("unknown role accepted")
	}
	// A token stored before roles existed reads as a publisher.
	legacy := "imt_legacy-secret"
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bktTokens).Put([]byte("old"), []byte(`{"name":"old","created":"2024-01-01T00:00:00Z","hash":"`+b64(hashSecret(legacy))+`"}`)); err != nil {
			return err
		}
		return tx.Bucket(bktTokenHash).Put(hashSecret(legacy), []byte("old"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err := db.AuthenticateToken(ctx, legacy); err != nil || tk.Role != incident.RolePublisher {
		t.Errorf("legacy token = %+v %v, want a publisher", tk, err)
	}
	for _, c := range []struct {
		r, need incident.Role
		ok      bool
	}{{incident.RoleEditor, incident.RoleEditor, true}, {incident.RoleEditor, incident.RolePublisher, false}, {incident.RolePublisher, incident.RoleEditor, true},
		{incident.RolePublisher, incident.RoleAdmin, false}, {incident.RoleAdmin, incident.RolePublisher, true}, {incident.Role(""), incident.RoleEditor, false}, {incident.RoleAdmin, incident.Role("x"), false}} {
		if got := c.r.Allows(c.need); got != c.ok {
			t.Errorf("%q.Allows(%q) = %v, want %v", c.r, c.need, got, c.ok)
		}
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// FuzzTokenName checks the rules for token names, which come from HTTP
// bodies and end up in public history: an accepted name is 1 to 100 bytes
// of valid UTF-8 with no control, format (bidirectional, zero-width) or
// markup character, and incident.ParseRole accepts exactly the three roles.
func FuzzTokenName(f *testing.F) {
	for _, s := range []string{"editor", "night desk", "a\u202eb", "<img>", "ناظر", "", " x ", "a\x00b", "admin", "PUBLISHER"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if validTokenName(s) {
			if len(s) == 0 || len(s) > 100 || !utf8.ValidString(s) {
				t.Fatalf("accepted %q", s)
			}
			for _, r := range s {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune("<>&\"'/\\", r) {
					t.Fatalf("accepted %q with %U", s, r)
				}
			}
		}
		if r, err := incident.ParseRole(s); err == nil {
			if r.Rank() == 0 || string(r) != strings.ToLower(strings.TrimSpace(s)) {
				t.Fatalf("incident.ParseRole(%q) = %q", s, r)
			}
		}
	})
}

func TestDeleted(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(5, 3)
	if _, err := db.PutBatch(ctx, ins, "w"); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{3, 1} { // deleted in this order: 1 is the latest
		if err := db.Delete(ctx, ins[i].ID, "boss"); err != nil {
			t.Fatal(err)
		}
	}
	got, total, err := db.Deleted(ctx, 0)
	if err != nil || total != 2 || len(got) != 2 || got[0].ID != ins[1].ID || got[1].ID != ins[3].ID || got[0].UpdatedBy != "boss" {
		t.Fatalf("Deleted = %v %d %v", got, total, err)
	}
	if got, total, _ := db.Deleted(ctx, 1); len(got) != 1 || total != 2 {
		t.Errorf("limit 1: %d of %d", len(got), total)
	}
	db.Restore(ctx, ins[1].ID, "boss")
	if got, _, _ := db.Deleted(ctx, 0); len(got) != 1 || got[0].ID != ins[3].ID {
		t.Errorf("after a restore: %v", got)
	}
}
