package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

var indexBuckets = [][]byte{bktDate, bktActor, bktDistrict, bktSeriesIdx, bktCell}

// indexContents lists every entry (key and seq) of the secondary indexes,
// per bucket, in order.
func indexContents(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range indexBuckets {
			keys := []string{}
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				if len(v) == 0 {
					t.Errorf("%s: empty list under %x", name, k)
				}
				return eachSeq(v, func(seq uint64) bool {
					keys = append(keys, entryString(k, seq))
					return true
				})
			})
			if err != nil {
				return err
			}
			slices.Sort(keys)
			out[string(name)] = keys
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantIndex derives the index keys every live record should have, with the
// same function the immediate write path uses.
func wantIndex(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, name := range indexBuckets {
		out[string(name)] = []string{}
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktIncidents).ForEach(func(k, v []byte) error {
			flags, _, in, err := decodeRecord(v)
			if err != nil || flags&flagDeleted != 0 {
				return err
			}
			indexKeys(in, func(bkt, key []byte) {
				out[string(bkt)] = append(out[string(bkt)], entryString(key, binary.BigEndian.Uint64(k)))
			})
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, keys := range out {
		slices.Sort(keys)
	}
	return out
}

func entryString(key []byte, seq uint64) string {
	return string(binary.BigEndian.AppendUint64(slices.Clone(key), seq))
}

func checkIndex(t *testing.T, db *DB) {
	t.Helper()
	got, want := indexContents(t, db), wantIndex(t, db)
	for _, name := range indexBuckets {
		g, w := got[string(name)], want[string(name)]
		if !slices.Equal(g, w) {
			t.Errorf("%s: %d keys, want %d (first difference at %d)", name, len(g), len(w), firstDiff(g, w))
		}
	}
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func checkQueries(t *testing.T, db *DB, ins []*incident.Incident) {
	t.Helper()
	for _, tc := range queryCases {
		var got []string
		if err := db.Each(t.Context(), tc.f, func(in *incident.Incident) error {
			got = append(got, in.ID)
			return nil
		}); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := reference(ins, tc.f); !slices.Equal(got, want) {
			t.Errorf("%s: got %d incidents, want %d", tc.name, len(got), len(want))
		}
	}
}

// crash closes the file without flushing deferred index entries, as a
// killed process leaves it (every committed batch is in the file).
func crash(t *testing.T, db *DB) {
	t.Helper()
	db.mu.Lock()
	defer db.mu.Unlock()
	db.closed = true
	if err := db.bolt.Close(); err != nil {
		t.Fatal(err)
	}
}

func seedDeferred(t *testing.T, path string) []*incident.Incident {
	t.Helper()
	db := mustOpen(t, path)
	ins := variedSynth(4000)
	for i := 0; i < len(ins); i += 2000 {
		if _, err := db.PutBatch(t.Context(), ins[i:i+2000], "seed"); err != nil {
			t.Fatal(err)
		}
	}
	if !db.pendingIndex() {
		t.Fatal("a batch of 2000 new incidents wrote its index entries at once, want them deferred")
	}
	if n := len(indexContents(t, db)[string(bktDate)]); n != 0 {
		t.Fatalf("idx_date holds %d keys before Flush, want 0", n)
	}
	crash(t, db)
	return ins
}

// TestDeferredIndexRecovery: batches commit with deferred index entries and
// the process dies before Flush. A read-only open answers queries from the
// point index; a read-write open rebuilds the entries before serving.
func TestDeferredIndexRecovery(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	ins := seedDeferred(t, path)

	ro := mustOpenReadOnly(t, path)
	if !ro.pendingIndex() {
		t.Error("read-only open: no deferred entries, want some")
	}
	checkQueries(t, ro, ins)
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	db := mustOpen(t, path)
	if db.pendingIndex() {
		t.Fatalf("after Open: watermark %d < %d incidents", db.indexed, db.top)
	}
	checkIndex(t, db)
	checkQueries(t, db, ins)
	n, err := db.Count(t.Context(), incident.Filter{Drafts: true})
	if err != nil || n != len(ins) {
		t.Errorf("count %d (%v), want %d", n, err, len(ins))
	}
}

// TestDeferredIndexWithChanges changes, deletes and restores incidents
// whose entries are deferred, and incidents already indexed, then checks
// the indexes hold exactly the entries of the current versions.
func TestDeferredIndexWithChanges(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(3000, 7)
	if _, err := db.PutBatch(ctx, ins[:1500], "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	checkIndex(t, db)
	if _, err := db.PutBatch(ctx, ins[1500:], "a"); err != nil {
		t.Fatal(err)
	}
	if !db.pendingIndex() {
		t.Fatal("want deferred entries")
	}
	// Change incidents on both sides of the watermark.
	for _, i := range []int{3, 700, 1499, 1500, 2000, 2999} {
		c := *ins[i]
		c.Date = "2001-02-03"
		c.Location.DistrictID = "zhob"
		c.Series = "op-moved"
		c.Claims = []incident.Claim{{Actor: "TTP", Kind: incident.KindResponsibility}}
		if _, ch, err := db.Put(ctx, &c, "b"); err != nil || ch != Updated {
			t.Fatalf("put %s: %v %v", c.ID, ch, err)
		}
		ins[i] = &c
	}
	for _, i := range []int{10, 1600, 2500} {
		if err := db.Delete(ctx, ins[i].ID, "b"); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{10, 2500} {
		if err := db.Restore(ctx, ins[i].ID, "b"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Delete(ctx, ins[20].ID, "b"); err != nil {
		t.Fatal(err)
	}
	live := slices.Clone(ins)
	live = slices.DeleteFunc(live, func(in *incident.Incident) bool { return in.ID == ins[1600].ID || in.ID == ins[20].ID })
	// A query flushes first.
	checkQueries(t, db, live)
	if db.pendingIndex() {
		t.Error("a query left deferred entries")
	}
	checkIndex(t, db)

	// Small writes with nothing pending are indexed at once.
	x := *ins[0]
	x.ID = "NEW-1"
	if _, _, err := db.Put(ctx, &x, "c"); err != nil {
		t.Fatal(err)
	}
	if db.pendingIndex() {
		t.Error("a single new incident was deferred")
	}
	checkIndex(t, db)
}

// TestCloseFlushes: Close writes the deferred entries; the file reopens
// with nothing pending, and a second Close is harmless.
func TestCloseFlushes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ins := synth(1500, 3)
	if _, err := db.PutBatch(t.Context(), ins, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := db.Flush(t.Context()); err == nil {
		t.Error("Flush after Close: no error")
	}
	ro := mustOpenReadOnly(t, path)
	if ro.pendingIndex() {
		t.Error("deferred entries left after Close")
	}
	checkIndex(t, ro)
	var pl plan
	f := incident.Filter{Claimants: []string{"BLF"}, From: "2010-01-01", To: "2010-12-31"}
	if err := ro.iterate(t.Context(), &f, nil, &pl, func(cand, func() *incident.Incident) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if pl.kind == planScan {
		t.Error("read-only store scans though its indexes are complete")
	}
}

// TestLegacyFileWithoutWatermark: a file written before meta/indexed
// existed has complete indexes and must not be rebuilt or scanned.
func TestLegacyFileWithoutWatermark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db := mustOpen(t, path)
	if _, err := db.PutBatch(t.Context(), synth(50, 1), "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktMeta).Delete(keyIndexed) }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	ro := mustOpenReadOnly(t, path)
	if ro.pendingIndex() {
		t.Errorf("legacy file: watermark %d, want %d", ro.indexed, ro.top)
	}
}

// TestMigrateLayout1 opens a file whose indexes have the layout 1 form
// (one key per entry): read-only it answers from the point index; read-write
// it rebuilds the indexes as posting lists.
func TestMigrateLayout1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db := mustOpen(t, path)
	ins := synth(300, 5)
	if _, err := db.PutBatch(t.Context(), ins, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bktMeta).Put(keySchema, u64(1)); err != nil {
			return err
		}
		// a layout 1 entry: date(4) seq(8) -> ""
		return tx.Bucket(bktDate).Put([]byte{0, 0x32, 0x8b, 0x1d, 0, 0, 0, 0, 0, 0, 0, 1}, nil)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	ro := mustOpenReadOnly(t, path)
	if !ro.pendingIndex() {
		t.Error("read-only open of layout 1 trusts its indexes")
	}
	checkQueries(t, ro, ins)
	ro.Close()

	db = mustOpen(t, path)
	checkIndex(t, db)
	checkQueries(t, db, ins)
	err = db.bolt.View(func(tx *bolt.Tx) error {
		if v := getU64(tx.Bucket(bktMeta), keySchema); v != schemaVersion {
			t.Errorf("schema %d after migration, want %d", v, schemaVersion)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPointIndexOnFirstRead: writes alone never build the point index (an
// import does not pay for it); the first read builds it from the file,
// including what was written before, and later writes keep it in step.
func TestPointIndexOnFirstRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lazy.db")
	db := mustOpen(t, path)
	ctx := t.Context()
	ins := synth(2500, 5)
	if _, err := db.PutBatch(ctx, ins[:2000], "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if db.pix != nil {
		t.Fatal("writes built the point index")
	}
	checkIndex(t, db)
	n, err := db.Count(ctx, incident.Filter{})
	if err != nil || n != 2000 {
		t.Fatalf("Count = %d, %v; want 2000", n, err)
	}
	if db.pix == nil {
		t.Fatal("a read did not build the point index")
	}
	if _, err := db.PutBatch(ctx, ins[2000:], "a"); err != nil {
		t.Fatal(err)
	}
	checkQueries(t, db, ins)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Preload(ctx); err == nil {
		t.Error("Preload after Close: no error")
	}
}

// TestMappedRangeOnlyInMapping: the pages handed back while the point index
// loads are only those of bbolt's mapping; a record bbolt copied onto the
// heap (a small inline bucket) is never among them.
func TestMappedRangeOnlyInMapping(t *testing.T) {
	mapping := make([]byte, 1<<16)
	start := sliceAddr(mapping)
	m := mappedRange{start: start, end: start + uintptr(len(mapping))}
	m.add(make([]byte, 100)) // elsewhere on the heap
	if m.hi != 0 {
		t.Fatalf("a slice outside the mapping was recorded: %+v", m)
	}
	m.add(mapping[4096:4200])
	m.add(mapping[100:120])
	if m.lo != start+100 || m.hi != start+4200 {
		t.Errorf("range %#x-%#x, want %#x-%#x", m.lo, m.hi, start+100, start+4200)
	}
}

// TestSmallStoreReopenedAndRead: in a store of a few incidents the
// incidents bucket is inline in its parent, and bbolt may copy its records
// onto the heap; loading the point index from such a store must not hand
// those pages back to the kernel (which zeroed live heap memory).
func TestSmallStoreReopenedAndRead(t *testing.T) {
	onHeap := 0
	for n := 1; n <= 8; n++ {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("small%d.db", n))
		db := mustOpen(t, path)
		ins := make([]*incident.Incident, n)
		for i := range ins {
			ins[i] = &incident.Incident{ID: fmt.Sprintf("S%d", i), Title: strings.Repeat("t", i+1), Date: "2025-07-10",
				Type: incident.TypeOther, Location: incident.Location{Lon: 66, Lat: 29, Precision: "exact"}}
		}
		if _, err := db.PutBatch(t.Context(), ins, "a"); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db = mustOpen(t, path)
		err := db.bolt.View(func(tx *bolt.Tx) error {
			start := db.bolt.Info().Data
			_, v := tx.Bucket(bktIncidents).Cursor().First()
			if a := sliceAddr(v); a < start || a >= start+uintptr(tx.Size()) {
				onHeap++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if c, err := db.Count(t.Context(), incident.Filter{}); err != nil || c != n {
			t.Fatalf("%d incidents: Count = %d, %v", n, c, err)
		}
		runtime.GC()
	}
	if onHeap == 0 {
		t.Error("no store had its records copied onto the heap: the case this test is for did not occur")
	}
}

// TestRadixSort: the flush's sort orders by k and keeps the input order
// (ascending seqs) within one k, as a stable sort does.
func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 100, 5000} {
		for _, mask := range []uint64{0, 0xff, 0x3ff_ffff, 0xff<<32 | 0x1ff_ffff, ^uint64(0)} {
			es := make([]ientry, n)
			for i := range es {
				es[i] = ientry{r.Uint64() & mask, uint64(i)}
			}
			want := slices.Clone(es)
			slices.SortStableFunc(want, func(a, b ientry) int { return cmp.Compare(a.k, b.k) })
			radixSort(es)
			if !slices.Equal(es, want) {
				t.Fatalf("n %d, mask %#x: radixSort differs from a stable sort", n, mask)
			}
		}
	}
}

// mustOpenReadOnly opens path read-only; the store is closed at the end of
// the test if the test has not closed it.
func mustOpenReadOnly(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestEachReadOnlyAfterCrash: an export of a store whose last bulk write
// was never flushed (read-only, planned as a scan) visits every matching
// incident once, in the same order as the same store once recovered.
func TestEachReadOnlyAfterCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	seedDeferred(t, path)
	filters := []incident.Filter{{Drafts: true}, {Claimants: []string{"BLA"}}, {From: "2015-01-01", To: "2019-12-31"}}
	each := func(db *DB, f incident.Filter) []string {
		var ids []string
		if err := db.Each(t.Context(), f, func(in *incident.Incident) error { ids = append(ids, in.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	ro := mustOpenReadOnly(t, path)
	if !ro.pendingIndex() {
		t.Fatal("want deferred entries")
	}
	var got [][]string
	for _, f := range filters {
		got = append(got, each(ro, f))
	}
	stop := errors.New("stop")
	n := 0
	if err := ro.Each(t.Context(), incident.Filter{}, func(*incident.Incident) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Each with a failing fn: %v after %d calls, want the fn's error after 1", err, n)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	db := mustOpen(t, path)
	for i, f := range filters {
		want := each(db, f)
		if len(want) == 0 || !slices.Equal(got[i], want) {
			t.Errorf("filter %+v: read-only Each gave %d incidents, the recovered store %d (or another order)", f, len(got[i]), len(want))
		}
	}
}
