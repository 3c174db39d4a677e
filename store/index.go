package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
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

// flushLocked writes the deferred entries. Callers hold db.mu for writing,
// so nothing changes the file between reading the records (in read
// transactions, on every core) and writing the entries (one write
// transaction).
func (db *DB) flushLocked() error {
	if db.readOnly || !db.pendingIndex() {
		return nil
	}
	from, top := db.indexed, db.top
	lists, err := db.collectEntries(from, top)
	if err != nil {
		return err
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		seq := tx.Bucket(bktIncidents).Sequence()
		w := getU64(tx.Bucket(bktMeta), keyIndexed)
		if w != from || seq != top {
			return fmt.Errorf("%w: index watermark %d and last incident %d, expected %d and %d", errCorrupt, w, seq, from, top)
		}
		for _, l := range lists {
			if err := putEntries(tx.Bucket(l.bkt), l.es, l.names); err != nil {
				return fmt.Errorf("index %s: %w", l.bkt, err)
			}
		}
		return tx.Bucket(bktMeta).Put(keyIndexed, u64(top))
	})
	err = writeErr(err)
	if err != nil {
		return err
	}
	db.indexed = top
	return nil
}

// ientry is one index entry to write: k orders it within its bucket
// (prefix rank << 32 | date, or the quadkey), then seq.
type ientry struct{ k, seq uint64 }

// entryList is the entries of one index bucket, sorted by k then seq.
type entryList struct {
	bkt   []byte
	es    []ientry
	names []string // prefixes by rank; nil: no prefix, k is the first 4 key bytes
}

// segment is the entries of a run of seqs: k's high 32 bits number the
// prefix in the segment's own interners.
type segment struct {
	es [nIx][]ientry
	in [nIx]interner // for the prefixed indexes
}

// collectEntries reads the entries of the live incidents with seq in
// (from, to] from the stored records (readFacts), so it needs no point
// index. The seqs are split among the cores, each reading in its own read
// transaction; the segments are then joined in seq order, the prefixes
// ranked, and each bucket's entries sorted with a stable radix sort by k,
// which keeps the seqs of one key in order.
func (db *DB) collectEntries(from, to uint64) ([]entryList, error) {
	n := to - min(from, to)
	parts := uint64(runtime.GOMAXPROCS(0))
	if n < 1<<14 {
		parts = 1
	}
	segs := make([]segment, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range segs {
		lo := from + n*uint64(i)/parts
		hi := from + n*uint64(i+1)/parts
		wg.Go(func() {
			errs[i] = db.bolt.View(func(tx *bolt.Tx) error { return segs[i].read(tx, lo, hi) })
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	lists := make([]entryList, nIx)
	for ix := range ixKind(nIx) {
		lists[ix].bkt = ixBuckets[ix]
		wg.Go(func() { lists[ix].join(segs, ix) })
	}
	wg.Wait()
	return lists, nil
}

// read collects the entries of the live incidents with seq in (lo, hi].
func (s *segment) read(tx *bolt.Tx, lo, hi uint64) error {
	n := int(min(hi-lo, 1<<24))
	for _, ix := range [...]ixKind{ixDate, ixCell, ixDistrict} { // one entry per incident
		s.es[ix] = make([]ientry, 0, n)
	}
	s.es[ixActor] = make([]ientry, 0, n+n/4)
	var f facts
	var seq uint64
	add := func(ix ixKind, prefix string, n uint32) {
		k := uint64(n)
		if ix.prefixed() {
			k |= s.in[ix].id(prefix) << 32
		}
		s.es[ix] = append(s.es[ix], ientry{k, seq})
	}
	c := tx.Bucket(bktIncidents).Cursor()
	for k, v := c.Seek(u64(lo + 1)); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return fmt.Errorf("%w: incident key %x", errCorrupt, k)
		}
		seq = binary.BigEndian.Uint64(k)
		if seq > hi {
			break
		}
		if err := readFacts(v, &f); err != nil {
			return fmt.Errorf("incident seq %d: %w", seq, err)
		}
		if !f.deleted {
			f.eachEntry(add)
		}
	}
	return nil
}

// join concatenates one bucket's entries of every segment (in seq order),
// gives prefixed keys the rank of their prefix among all segments'
// prefixes, and sorts by k.
func (l *entryList) join(segs []segment, ix ixKind) {
	total := 0
	var all interner
	for i := range segs {
		total += len(segs[i].es[ix])
		for _, name := range segs[i].in[ix].names {
			all.id(name)
		}
	}
	rank, sorted := all.ranks()
	if len(sorted) > 0 {
		l.names = sorted
	}
	l.es = make([]ientry, 0, total)
	for i := range segs {
		es, in := segs[i].es[ix], &segs[i].in[ix]
		if !ix.prefixed() {
			l.es = append(l.es, es...)
			continue
		}
		// The segment's numbers -> ranks among all the prefixes.
		to := make([]uint64, len(in.names))
		for j, name := range in.names {
			to[j] = rank[all.ids[name]]
		}
		for _, e := range es {
			l.es = append(l.es, ientry{to[e.k>>32]<<32 | e.k&0xffffffff, e.seq})
		}
	}
	radixSort(l.es)
}

// radixSort sorts entries by k, stably: a least-significant-digit radix
// sort over the bits k uses, 11 bits a pass, skipping digits every entry
// shares.
func radixSort(es []ientry) {
	if len(es) < 2 {
		return
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, e := range es {
		or |= e.k
		and &= e.k
	}
	varying := or ^ and // the bits that differ between some entries
	if varying == 0 {
		return
	}
	const bits = 11
	buf := make([]ientry, len(es))
	src, dst := es, buf
	for shift := uint(0); shift < 64 && varying>>shift != 0; shift += bits {
		if (varying>>shift)&(1<<bits-1) == 0 {
			continue
		}
		var count [1 << bits]int
		for _, e := range src {
			count[(e.k>>shift)&(1<<bits-1)]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, e := range src {
			d := (e.k >> shift) & (1<<bits - 1)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &es[0] {
		copy(es, src)
	}
}

// putEntries adds the entries' seqs, sorted by k then seq, to the posting
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
