package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Deferred secondary index entries.
//
// The idx_* keys are ordered by date or place, so a batch of incidents with
// scattered dates touches pages all over each index: loading N incidents in
// batches of B rewrites O(N/B) times every index page. Large writes therefore
// defer the index entries of the incidents they create: the transaction
// writes the record, the id, and the point index row, and leaves the meta
// watermark W (meta/indexed) where it was. Flush later writes the entries of
// every incident with seq > W in key order, in one transaction that also
// moves W, so each index page is written once.
//
// The entries are derived from the point index rows, which hold everything
// the keys need (date, actors, district, series, point) and are always in
// step with the committed records. A write that changes an incident with
// seq > W touches no index: Flush derives its entries from its latest
// version. Incidents with seq <= W keep their entries current at every write.
//
// Queries that walk an index flush first; counts, aggregates and tiles read
// only the point index. Open flushes what a crash left deferred; a read-only
// Open cannot, and walks the point index instead (planScan).

// immediateMax is the largest write whose new incidents are indexed in the
// same transaction (when nothing is pending): a few random inserts cost
// less than a later flush.
const immediateMax = 1000

// Flush writes the secondary index entries deferred by bulk writes (for
// example PutBatch of more than a thousand new incidents) in one
// transaction. Importers call it when they finish; Close and the first
// index-walking query after a bulk write call it too. It does nothing when
// no entry is pending.
func (db *DB) Flush(ctx context.Context) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return fmt.Errorf("store: flush %s: closed", db.path)
	}
	if err := db.flushLocked(); err != nil {
		return fmt.Errorf("store: flush %s: %w", db.path, err)
	}
	return nil
}

// pendingIndex reports whether some index entries are deferred. Callers
// hold db.mu.
func (db *DB) pendingIndex() bool { return db.indexed < db.top }

// flushLocked writes the deferred entries. Callers hold db.mu for writing.
func (db *DB) flushLocked() error {
	if db.readOnly || !db.pendingIndex() {
		return nil
	}
	var top uint64
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		top = tx.Bucket(bktIncidents).Sequence()
		from := getU64(tx.Bucket(bktMeta), keyIndexed)
		if from > top {
			return fmt.Errorf("%w: index watermark %d beyond the last incident %d", errCorrupt, from, top)
		}
		if err := db.writeIndex(tx, from, top); err != nil {
			return err
		}
		return tx.Bucket(bktMeta).Put(keyIndexed, u64(top))
	})
	if err != nil {
		return err
	}
	db.indexed = top
	return nil
}

// ientry is one index entry to write: k orders it within its bucket
// (prefix rank << 32 | date, or the quadkey), then seq.
type ientry struct{ k, seq uint64 }

func cmpEntry(a, b ientry) int {
	if c := cmp.Compare(a.k, b.k); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// writeIndex puts the index entries of the live incidents with seq in
// (from, to], bucket by bucket in key order. It reads what the entries need
// from the stored records (readFacts), so it needs no point index.
func (db *DB) writeIndex(tx *bolt.Tx, from, to uint64) error {
	n := int(min(to-min(from, to), 1<<24))
	dates := make([]ientry, 0, n)
	cells := make([]ientry, 0, n)
	dists := make([]ientry, 0, n)
	acts := make([]ientry, 0, n+n/4)
	var sers []ientry
	// Prefixes are interned as found, in k's high 32 bits, and replaced by
	// their rank in sorted order once all are known, so that sorting
	// numbers gives the byte order of the keys.
	var districts, actors, series interner
	var f facts
	c := tx.Bucket(bktIncidents).Cursor()
	for k, v := c.Seek(u64(from + 1)); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return fmt.Errorf("%w: incident key %x", errCorrupt, k)
		}
		seq := binary.BigEndian.Uint64(k)
		if seq > to {
			break
		}
		if err := readFacts(v, &f); err != nil {
			return fmt.Errorf("incident seq %d: %w", seq, err)
		}
		if f.deleted {
			continue
		}
		d := uint64(f.date)
		dates = append(dates, ientry{d, seq})
		cells = append(cells, ientry{uint64(idxCell(f.lon, f.lat)), seq})
		dists = append(dists, ientry{districts.id(f.district)<<32 | d, seq})
		for _, a := range f.actors {
			acts = append(acts, ientry{actors.id(a)<<32 | d, seq})
		}
		if f.series != "" {
			sers = append(sers, ientry{series.id(f.series)<<32 | d, seq})
		}
	}
	distNames := districts.rerank(dists)
	actorNames := actors.rerank(acts)
	serNames := series.rerank(sers)
	lists := []struct {
		bkt   []byte
		es    []ientry
		names []string // by rank; nil: no prefix, k is the first 4 key bytes
	}{
		{bktDate, dates, nil},
		{bktCell, cells, nil},
		{bktDistrict, dists, distNames},
		{bktActor, acts, actorNames},
		{bktSeriesIdx, sers, serNames},
	}
	// Sorting is most of the CPU here and needs no transaction: on every
	// core, while bbolt's writes below stay on this goroutine.
	var wg sync.WaitGroup
	for _, w := range lists {
		wg.Go(func() { slices.SortFunc(w.es, cmpEntry) })
	}
	wg.Wait()
	for _, w := range lists {
		if err := putEntries(tx.Bucket(w.bkt), w.es, w.names); err != nil {
			return fmt.Errorf("index %s: %w", w.bkt, err)
		}
	}
	return nil
}

// putEntries adds the entries' seqs, sorted by cmpEntry, to the posting
// lists of b: entries with equal k share one list.
func putEntries(b *bolt.Bucket, es []ientry, names []string) error {
	if len(es) == 0 {
		return nil
	}
	// Into an empty bucket keys arrive in order: pack pages full.
	b.FillPercent = 0.9
	if k, _ := b.Cursor().Last(); k == nil {
		b.FillPercent = 1
	}
	key := make([]byte, 0, 64)
	seqs := make([]uint64, 0, 1024)
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].k == es[i].k {
			j++
		}
		seqs = seqs[:0]
		for _, e := range es[i:j] {
			seqs = append(seqs, e.seq)
		}
		key = key[:0]
		if names != nil {
			key = append(key, names[es[i].k>>32]...)
			key = append(key, 0)
		}
		key = binary.BigEndian.AppendUint32(key, uint32(es[i].k))
		if err := putList(b, key, seqs, nil); err != nil { // Put copies key
			return err
		}
		i = j
	}
	return nil
}

// ensureIndexed flushes deferred entries before a query walks an index,
// and returns with db.mu held for reading. On a read-only store the entries
// stay deferred and the caller must not rely on the indexes
// (db.pendingIndex()).
func (db *DB) ensureIndexed() error {
	for {
		if err := db.readLock(); err != nil {
			return err
		}
		if db.readOnly || !db.pendingIndex() {
			return nil
		}
		db.mu.RUnlock()
		db.mu.Lock()
		err := db.flushLocked()
		db.mu.Unlock()
		if err != nil {
			return fmt.Errorf("flush deferred index entries: %w", err)
		}
	}
}
