package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

func TestPutGetRoundTrip(t *testing.T) {
	db := mustOpen(t, "")
	in := synth(1, 1)[0]
	in.Tags = []string{"synthetic"}
	in.Sources = []incident.Source{{Name: "test", URL: "https://example.org/a"}}
	out, ch, err := db.Put(t.Context(), in, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if ch != Created || out.Revision != 1 || out.UpdatedBy != "alice" || out.Created.IsZero() {
		t.Fatalf("got change %v rev %d by %q created %v, want created rev 1 by alice", ch, out.Revision, out.UpdatedBy, out.Created)
	}
	got, err := db.Get(t.Context(), in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != in.Title || got.Location != out.Location || len(got.Claims) != 1 ||
		got.Claims[0].Casualties[incident.SecurityForces].Killed.Low != in.Claims[0].Casualties[incident.SecurityForces].Killed.Low ||
		!got.Updated.Equal(out.Updated) || got.State != incident.Published || !slices.Equal(got.Tags, in.Tags) {
		t.Fatalf("got %+v, want %+v", got, out)
	}
	if _, err := db.Get(t.Context(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(nope) = %v, want ErrNotFound", err)
	}
	if v := db.Version(); v != 1 {
		t.Fatalf("Version = %d, want 1", v)
	}
}

func TestPutIdempotentAndRevisions(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	in := synth(1, 2)[0]
	if _, ch, err := db.Put(ctx, in, "a"); err != nil || ch != Created {
		t.Fatalf("first put: %v %v", ch, err)
	}
	v := db.Version()
	if _, ch, err := db.Put(ctx, in, "b"); err != nil || ch != Unchanged {
		t.Fatalf("same put: %v %v, want unchanged", ch, err)
	}
	if db.Version() != v {
		t.Fatalf("version moved on an unchanged put")
	}
	in2 := *in
	in2.Title = "changed title"
	out, ch, err := db.Put(ctx, &in2, "b")
	if err != nil || ch != Updated || out.Revision != 2 {
		t.Fatalf("changed put: %v %v rev %d, want updated rev 2", ch, err, out.Revision)
	}
	if err := db.Delete(ctx, in.ID, "c"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Get(ctx, in.ID); !errors.Is(err, ErrDeleted) {
		t.Fatalf("Get after delete = %v, want ErrDeleted", err)
	}
	if _, _, err := db.Put(ctx, in, "d"); !errors.Is(err, ErrDeleted) {
		t.Fatalf("Put on tombstone = %v, want ErrDeleted", err)
	}
	if err := db.Delete(ctx, in.ID, "c"); !errors.Is(err, ErrDeleted) {
		t.Fatalf("second delete = %v, want ErrDeleted", err)
	}
	if n, _ := db.Count(ctx, incident.Filter{}); n != 0 {
		t.Fatalf("Count after delete = %d, want 0", n)
	}
	if err := db.Restore(ctx, in.ID, "e"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Get(ctx, in.ID)
	if err != nil || got.Title != "changed title" || got.Revision != 4 {
		t.Fatalf("after restore: %+v %v, want the changed title at revision 4", got, err)
	}
	h, err := db.History(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		rev         int
		who, action string
		title       string
	}{
		{1, "a", "create", in.Title},
		{2, "b", "update", "changed title"},
		{3, "c", "delete", "changed title"},
		{4, "e", "restore", "changed title"},
	}
	if len(h) != len(want) {
		t.Fatalf("history has %d revisions, want %d", len(h), len(want))
	}
	for i, w := range want {
		r := h[i]
		if r.Revision != w.rev || r.Who != w.who || r.Action != w.action || r.Incident.Title != w.title || r.Time.IsZero() {
			t.Errorf("revision %d: got %d %s %s %q, want %d %s %s %q", i, r.Revision, r.Who, r.Action, r.Incident.Title, w.rev, w.who, w.action, w.title)
		}
	}
	if n, _ := db.Count(ctx, incident.Filter{}); n != 1 {
		t.Fatalf("Count after restore = %d, want 1", n)
	}
}

func TestPutValidation(t *testing.T) {
	db := mustOpen(t, "")
	in := synth(1, 3)[0]
	in.Location.Lon = 10
	_, _, err := db.Put(t.Context(), in, "a")
	var fe *incident.FieldError
	if !errors.Is(err, incident.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "location" {
		t.Fatalf("got %v, want ErrInvalid on field location", err)
	}
	ins := synth(3, 4)
	ins[2].ID = ins[0].ID
	if _, err := db.PutBatch(t.Context(), ins, "a"); !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("batch with repeated id: %v, want ErrInvalid", err)
	}
	if n, _ := db.Count(t.Context(), incident.Filter{}); n != 0 {
		t.Fatalf("failed batch wrote %d incidents", n)
	}
}

func TestPutBatch(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(500, 5)
	res, err := db.PutBatch(ctx, ins, "import")
	if err != nil || res != (BatchResult{Created: 500}) {
		t.Fatalf("PutBatch = %+v %v", res, err)
	}
	res, err = db.PutBatch(ctx, ins, "import")
	if err != nil || res != (BatchResult{Unchanged: 500}) {
		t.Fatalf("re-import = %+v %v, want all unchanged", res, err)
	}
	ins[7].Title = "edited"
	res, err = db.PutBatch(ctx, ins, "import")
	if err != nil || res != (BatchResult{Updated: 1, Unchanged: 499}) {
		t.Fatalf("changed import = %+v %v", res, err)
	}
	got, err := db.Get(ctx, ins[7].ID)
	if err != nil || got.Revision != 2 || got.Title != "edited" {
		t.Fatalf("got %+v %v", got, err)
	}
	if n, _ := db.Count(ctx, incident.Filter{}); n != 500 {
		t.Fatalf("Count = %d, want 500", n)
	}
}

// An id repeated within a batch fails the whole batch and names both
// positions, whether the id is new, stored and changed, or stored and
// unchanged.
func TestPutBatchRepeatedID(t *testing.T) {
	db := mustOpen(t, "")
	stored := synth(3, 5)
	if _, err := db.PutBatch(t.Context(), stored, "test"); err != nil {
		t.Fatal(err)
	}
	v := db.Version()
	fresh := synth(6, 6)[3:]
	for i, in := range fresh {
		in.ID = fmt.Sprintf("new-%d", i)
	}
	changed := *stored[1]
	changed.Title += " (changed)"
	for _, tc := range []struct {
		name  string
		batch []*incident.Incident
		msg   string
	}{
		{"new", []*incident.Incident{fresh[0], fresh[1], fresh[2], fresh[1]}, `incident 3: invalid incident: id: "new-1" repeats incident 1 of the batch`},
		{"stored, changed", []*incident.Incident{fresh[0], &changed, stored[1]}, `incident 2: invalid incident: id: "` + stored[1].ID + `" repeats incident 1 of the batch`},
		{"stored, unchanged", []*incident.Incident{stored[2], fresh[0], stored[2]}, `incident 2: invalid incident: id: "` + stored[2].ID + `" repeats incident 0 of the batch`},
	} {
		_, err := db.PutBatch(t.Context(), tc.batch, "test")
		var fe *incident.FieldError
		if !errors.Is(err, incident.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "id" || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.msg)
		}
	}
	if n, err := db.Count(t.Context(), incident.Filter{}); err != nil || n != 3 || db.Version() != v {
		t.Errorf("after the refused batches: %d incidents (%v), version %d, want 3 and %d", n, err, db.Version(), v)
	}
	if in, err := db.Get(t.Context(), stored[1].ID); err != nil || in.Revision != 1 {
		t.Errorf("%s after the refused batches: %+v %v, want revision 1", stored[1].ID, in, err)
	}
}
