package exchange

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// plainSink hides StoreSink's staging, so that an import writes through
// PutBatch as any other sink's does.
type plainSink struct{ Sink }

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
	if err := db.Each(t.Context(), incident.Filter{}, func(in *incident.Incident) error {
		out = append(out, in)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b *incident.Incident) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// An import into a store stages its rows on the parsing goroutines
// (StoreSink): the store must end up exactly as when the same rows go
// through PutBatch, in both the strict and the skipping mode, for new,
// unchanged and changed rows.
func TestImportStagedMatchesPutBatch(t *testing.T) {
	src := seeded(t)
	text := exportAll(t, src, GeoJSONSeq, WriteOptions{Series: src.seriesFn}).String()
	changed := strings.Replace(text, `"title":"Synthetic: quotes`, `"title":"Changed: quotes`, 1)
	if changed == text {
		t.Fatal("test input has no title to change")
	}
	for _, skip := range []bool{false, true} {
		staged, plain := openStore(t, "staged.db"), openStore(t, "plain.db")
		if _, ok := StoreSink(staged).(stagingSink); !ok {
			t.Fatal("StoreSink does not stage")
		}
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
			a, err := importString(t, StoreSink(staged), "in.geojsons", step.input, opt)
			if err != nil {
				t.Fatalf("skip=%v step %d: staged import: %v", skip, i, err)
			}
			b, err := importString(t, plainSink{StoreSink(plain)}, "in.geojsons", step.input, opt)
			if err != nil {
				t.Fatalf("skip=%v step %d: plain import: %v", skip, i, err)
			}
			if a.Created != step.created || a.Updated != step.updated || a.Unchanged != step.unchngd {
				t.Errorf("skip=%v step %d: staged import %+v, want %d created, %d updated, %d unchanged",
					skip, i, a, step.created, step.updated, step.unchngd)
			}
			if a.Created != b.Created || a.Updated != b.Updated || a.Unchanged != b.Unchanged || a.Batches != b.Batches {
				t.Errorf("skip=%v step %d: staged %+v, plain %+v", skip, i, a, b)
			}
			got, want := storeAll(t, staged), storeAll(t, plain)
			sameIncidents(t, got, want)
			for j := range got {
				if got[j].Revision != want[j].Revision || got[j].UpdatedBy != want[j].UpdatedBy {
					t.Errorf("skip=%v step %d: %s: revision %d by %q, plain %d by %q", skip, i, got[j].ID,
						got[j].Revision, got[j].UpdatedBy, want[j].Revision, want[j].UpdatedBy)
				}
			}
		}
		h, err := staged.History(t.Context(), src.all()[0].ID)
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
func TestImportStagedBadRowWritesNothing(t *testing.T) {
	db := openStore(t, "bad.db")
	in := `{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"a","date":"2024-01-02","claimant":"BLA"}}
{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"a","date":"2024-01-03","claimant":"BLA"}}
`
	sum, err := importString(t, StoreSink(db), "dup.geojsons", in, Options{})
	if err == nil || sum.Invalid != 1 || !strings.Contains(sum.Errors[0].Error(), "duplicate id") {
		t.Fatalf("got %+v, %v; want the duplicate refused", sum, err)
	}
	if n, err := db.Count(context.Background(), incident.Filter{}); err != nil || n != 0 {
		t.Errorf("store holds %d incidents (%v) after a refused import", n, err)
	}
}

// With a staging sink, the incident rules are applied once, by the store's
// Stager, and a row that breaks one is still a bad row of the file that
// names its line and field, for the plain sink as for the staging one.
func TestImportStagedRuleError(t *testing.T) {
	in := `{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"a","date":"2024-01-02","claimant":"BLA"}}
{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.18]},"properties":{"id":"b","date":"2024-01-03","date_precision":"range","claimant":"BLA"}}
`
	for _, tc := range []struct {
		name string
		sink func(db *store.DB) Sink
	}{
		{"staging", StoreSink},
		{"plain", func(db *store.DB) Sink { return plainSink{StoreSink(db)} }},
	} {
		db := openStore(t, tc.name+".db")
		sum, err := importString(t, tc.sink(db), "rule.geojsons", in, Options{})
		if err == nil || sum.Invalid != 1 || len(sum.Errors) != 1 {
			t.Fatalf("%s: got %+v, %v; want one bad row", tc.name, sum, err)
		}
		if e := sum.Errors[0]; e.Line != 2 || e.Field != "end_date" {
			t.Errorf("%s: bad row %+v, want line 2, field end_date", tc.name, e)
		}
		if n, err := db.Count(t.Context(), incident.Filter{}); err != nil || n != 0 {
			t.Errorf("%s: store holds %d incidents (%v) after a refused import", tc.name, n, err)
		}
	}
}
