package exchange

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

func openStore(t *testing.T, name string) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), name), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func storeAll(t *testing.T, db *store.DB) []*incident.Incident {
	t.Helper()
	var out []*incident.Incident
	if err := db.Each(t.Context(), incident.Filter{Drafts: true}, func(in *incident.Incident) error {
		out = append(out, in)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b *incident.Incident) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// An import writes into the store as it is (*store.DB is a Sink): new,
// unchanged and changed rows are counted as the store reports them, in
// both the strict and the skipping mode, in batches, and the store ends up
// holding what the rows say.
func TestImportIntoStore(t *testing.T) {
	src := seeded(t)
	text := exportAll(t, src, GeoJSONSeq, WriteOptions{Series: src.seriesFn}).String()
	changed := strings.Replace(text, `"title":"Synthetic: quotes`, `"title":"Changed: quotes`, 1)
	if changed == text {
		t.Fatal("test input has no title to change")
	}
	for _, skip := range []bool{false, true} {
		db := openStore(t, "into.db")
		steps := []struct {
			input                     string
			created, updated, unchngd int
		}{
			{text, len(src.byID), 0, 0},
			{text, 0, 0, len(src.byID)},
			{changed, 0, 1, len(src.byID) - 1},
		}
		for i, step := range steps {
			opt := Options{SkipInvalid: skip, BatchSize: 7}
			a, err := importString(t, db, "in.geojsons", step.input, opt)
			if err != nil {
				t.Fatalf("skip=%v step %d: import: %v", skip, i, err)
			}
			if a.Created != step.created || a.Updated != step.updated || a.Unchanged != step.unchngd {
				t.Errorf("skip=%v step %d: import %+v, want %d created, %d updated, %d unchanged",
					skip, i, a, step.created, step.updated, step.unchngd)
			}
			if want := (len(src.byID) + 6) / 7; a.Batches != want {
				t.Errorf("skip=%v step %d: %d batches, want %d", skip, i, a.Batches, want)
			}
			if i == 1 {
				sameIncidents(t, storeAll(t, db), src.all())
			}
		}
		h, err := db.History(t.Context(), src.all()[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || h[0].Incident.Title == h[1].Incident.Title {
			t.Errorf("skip=%v: history of the changed incident: %d revisions", skip, len(h))
		}
	}
}

// A row the store's rules refuse is a bad row of the file, found while
// parsing: a strict import writes nothing.
func TestImportDuplicateWritesNothing(t *testing.T) {
	db := openStore(t, "bad.db")
	in := `{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"a","date":"2024-01-02","claimant":"BLA"}}
{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"a","date":"2024-01-03","claimant":"BLA"}}
`
	sum, err := importString(t, db, "dup.geojsons", in, Options{})
	if err == nil || sum.Invalid != 1 || !strings.Contains(sum.Errors[0].Error(), "duplicate id") {
		t.Fatalf("got %+v, %v; want the duplicate refused", sum, err)
	}
	if n, err := db.Count(t.Context(), incident.Filter{}); err != nil || n != 0 {
		t.Errorf("store holds %d incidents (%v) after a refused import", n, err)
	}
}

// A row that breaks an incident rule is a bad row of the file that names
// its line and field, though the store applies the rules again; a strict
// import writes nothing.
func TestImportRuleError(t *testing.T) {
	in := `{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"a","date":"2024-01-02","claimant":"BLA"}}
{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"b","date":"2024-01-03","date_precision":"range","claimant":"BLA"}}
`
	db := openStore(t, "rule.db")
	sum, err := importString(t, db, "rule.geojsons", in, Options{})
	if err == nil || sum.Invalid != 1 || len(sum.Errors) != 1 {
		t.Fatalf("got %+v, %v; want one bad row", sum, err)
	}
	if e := sum.Errors[0]; e.Line != 2 || e.Field != "end_date" {
		t.Errorf("bad row %+v, want line 2, field end_date", e)
	}
	if n, err := db.Count(t.Context(), incident.Filter{}); err != nil || n != 0 {
		t.Errorf("store holds %d incidents (%v) after a refused import", n, err)
	}
}
