package store

import (
	"context"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/store/internal/pointindex"
)

// Preload builds the in-memory point index now, if no read has yet: a
// server calls it before it listens, so that its first request does not
// wait for the index (several seconds at a million incidents).
func (db *DB) Preload(ctx context.Context) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	if err := db.readLock(); err != nil {
		return err
	}
	db.mu.RUnlock()
	return nil
}

// readLock returns with db.mu held for reading and the point index built.
func (db *DB) readLock() error {
	for {
		db.mu.RLock()
		if db.closed {
			db.mu.RUnlock()
			return fmt.Errorf("store: %s is closed", db.path)
		}
		if db.pix != nil {
			return nil
		}
		db.mu.RUnlock()
		db.mu.Lock()
		var err error
		if db.pix == nil && !db.closed {
			err = db.bolt.View(func(tx *bolt.Tx) error {
				p := pointindex.New(db.titleMax)
				mapped := db.bolt.Info().Data // the start of bbolt's mapping of the file
				m := mappedRange{start: mapped, end: mapped + uintptr(tx.Size())}
				if err := loadPoints(db.path, p, tx.Bucket(bktIncidents), &m); err != nil {
					return err
				}
				db.pix = p
				return nil
			})
		}
		db.mu.Unlock()
		if err != nil {
			return err
		}
	}
}

// loadPoints builds the point index p from the incidents bucket.
//
// Memory: reading every record faults the whole incidents bucket of the
// memory-mapped file into the process (about 800 MB at a million
// incidents), and decoding leaves a decoded incident of garbage per record.
// The pages already read are handed back as the load goes (dropMapped: they
// stay in the kernel's page cache and fault back in if read again). A
// program that cares for its peak memory can lower GOGC while Preload runs
// (the serve command does): the store leaves process-wide settings alone.
func loadPoints(path string, p *pointindex.Index, inc *bolt.Bucket, pages *mappedRange) error {
	// Size the rows and the arena once rather than by doubling, which
	// would hold the old and the new copy at once: rows from the highest
	// seq, the arena from the first records' average.
	total := inc.Sequence()
	if total < 1<<32 {
		p.Grow(total, 0)
	}
	c := inc.Cursor()
	i := 0
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if i == arenaSample && total > arenaSample && total < 1<<32 {
			per := float64(p.ArenaLen()) / arenaSample
			p.Grow(0, int(per*float64(total-arenaSample)*1.05))
		}
		if len(k) != 8 {
			return fmt.Errorf("store: %s: bad incident key %x", path, k)
		}
		flags, _, in, err := decodeRecord(v)
		if err != nil {
			return fmt.Errorf("store: %s: incident seq %d: %w", path, binary.BigEndian.Uint64(k), err)
		}
		p.Set(binary.BigEndian.Uint64(k), in, flags&flagDeleted != 0)
		pages.add(v)
		if i++; i%dropEvery == 0 {
			pages.drop()
		}
	}
	pages.drop()
	p.Clip()
	return nil
}

const (
	// arenaSample is how many records size the arena.
	arenaSample = 4096
	// dropEvery is how many records are read between two dropMapped calls.
	dropEvery = 8192
)

// mappedRange is the span of mapped addresses read since the last drop,
// within the mapping of the file [start, end). A value outside it is not
// in the mapping (bbolt copies the records of a small, inline bucket whose
// bytes are misaligned onto the heap) and must never be dropped.
type mappedRange struct{ start, end, lo, hi uintptr }

func (m *mappedRange) add(v []byte) {
	if len(v) == 0 {
		return
	}
	a := sliceAddr(v)
	if a < m.start || a+uintptr(len(v)) > m.end {
		return
	}
	if m.hi == 0 || a < m.lo {
		m.lo = a
	}
	m.hi = max(m.hi, a+uintptr(len(v)))
}

func (m *mappedRange) drop() {
	if m.hi != 0 {
		dropMapped(m.lo, m.hi)
	}
	m.lo, m.hi = 0, 0
}
