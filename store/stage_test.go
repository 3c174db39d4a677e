package store

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

func stageAllOrFail(t *testing.T, s *Stager, ins []*incident.Incident) []*Staged {
	t.Helper()
	out := make([]*Staged, len(ins))
	for i, in := range ins {
		var err error
		if out[i], err = s.Stage(in); err != nil {
			t.Fatalf("Stage %s: %v", in.ID, err)
		}
	}
	return out
}

// PutStaged writes what PutBatch writes: the same content, indexes, point
// index and history, for new incidents (deferred and immediate index
// entries), unchanged ones and changed ones.
func TestPutStagedMatchesPutBatch(t *testing.T) {
	for _, n := range []int{immediateMax / 2, immediateMax * 3} {
		ins := synth(n, 11)
		a, b := mustOpen(t, ""), mustOpen(t, "")
		if err := b.Preload(t.Context()); err != nil { // b: the point index is live while writing
			t.Fatal(err)
		}
		before := make([]*incident.Incident, len(ins))
		for i, in := range ins {
			c := *in
			before[i] = &c
		}
		ra, err := a.PutBatch(t.Context(), ins, "import")
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.PutStaged(t.Context(), stageAllOrFail(t, b.NewStager("import"), ins))
		if err != nil {
			t.Fatal(err)
		}
		if ra != rb || rb.Created != n {
			t.Errorf("n=%d: PutBatch %+v, PutStaged %+v", n, ra, rb)
		}
		for i := range ins {
			if !reflect.DeepEqual(ins[i], before[i]) {
				t.Fatalf("Stage changed its input %s", ins[i].ID)
			}
		}
		// Again, with every tenth incident changed.
		again := make([]*incident.Incident, len(ins))
		for i, in := range ins {
			c := *in
			if i%10 == 0 {
				c.Title += " (corrected)"
			}
			again[i] = &c
		}
		ra, err = a.PutBatch(t.Context(), again, "fix")
		if err != nil {
			t.Fatal(err)
		}
		rb, err = b.PutStaged(t.Context(), stageAllOrFail(t, b.NewStager("fix"), again))
		if err != nil {
			t.Fatal(err)
		}
		if ra != rb || rb.Updated != (n+9)/10 || rb.Unchanged != n-(n+9)/10 {
			t.Errorf("n=%d: second write: PutBatch %+v, PutStaged %+v", n, ra, rb)
		}
		for _, db := range []*DB{a, b} {
			if err := db.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
			checkIndex(t, db)
			checkQueries(t, db, again)
		}
		for _, in := range again[:3] {
			ga, err1 := a.Get(t.Context(), in.ID)
			gb, err2 := b.Get(t.Context(), in.ID)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !reflect.DeepEqual(ga, gb) {
				t.Errorf("n=%d: %s differs:\nPutBatch  %+v\nPutStaged %+v", n, in.ID, ga, gb)
			}
			ha, _ := a.History(t.Context(), in.ID)
			hb, _ := b.History(t.Context(), in.ID)
			if len(ha) != len(hb) {
				t.Errorf("n=%d: %s: history %d and %d revisions", n, in.ID, len(ha), len(hb))
			}
		}
	}
}

func TestStageAndPutStagedErrors(t *testing.T) {
	db := mustOpen(t, "")
	s := db.NewStager("test")
	bad := synth(1, 3)[0]
	bad.Date = "2025-13-01"
	_, err := s.Stage(bad)
	var fe *incident.FieldError
	if !errors.Is(err, incident.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "date" {
		t.Errorf("Stage of a bad date: %v", err)
	}
	ins := synth(3, 4)
	st := stageAllOrFail(t, s.Fork(), ins)
	dup := append(slices.Clone(st), st[1])
	if _, err := db.PutStaged(t.Context(), dup); !errors.Is(err, incident.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "id" {
		t.Errorf("PutStaged with a repeated id: %v", err)
	}
	if _, err := db.PutStaged(t.Context(), []*Staged{st[0], nil}); !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("PutStaged with nil: %v", err)
	}
	if n, err := db.Count(t.Context(), incident.Filter{}); err != nil || n != 0 {
		t.Errorf("failed batches wrote %d incidents (%v)", n, err)
	}
	if r, err := db.PutStaged(t.Context(), st); err != nil || r.Created != 3 {
		t.Errorf("PutStaged: %+v %v", r, err)
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
