package store

import (
	"encoding/binary"
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// loadPoints builds the point index from the incidents bucket.
//
// Memory: reading every record faults the whole incidents bucket of the
// memory-mapped file into the process (about 800 MB at a million
// incidents), and decoding leaves a decoded incident of garbage per record.
// The pages already read are handed back as the load goes (dropMapped: they
// stay in the kernel's page cache and fault back in if read again), and the
// collector runs more often during the load, so the peak stays near the
// size of the index itself.
func (db *DB) loadPoints(inc *bolt.Bucket) error {
	defer debug.SetGCPercent(debug.SetGCPercent(loadGCPercent))
	// Size the rows and the arena once rather than by doubling, which
	// would hold the old and the new copy at once: rows from the highest
	// seq, the arena from the first records' average.
	total := inc.Sequence()
	if total < 1<<32 {
		db.pix.growFor(total, 0)
	}
	var pages mappedRange
	c := inc.Cursor()
	i := 0
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if i == arenaSample && total > arenaSample && total < 1<<32 {
			per := float64(len(db.pix.arena)) / arenaSample
			db.pix.growFor(0, int(per*float64(total-arenaSample)*1.05))
		}
		if len(k) != 8 {
			return fmt.Errorf("store: %s: bad incident key %x", db.path, k)
		}
		flags, _, in, err := decodeRecord(v)
		if err != nil {
			return fmt.Errorf("store: %s: incident seq %d: %w", db.path, binary.BigEndian.Uint64(k), err)
		}
		db.pix.set(binary.BigEndian.Uint64(k), in, flags&flagDeleted != 0)
		pages.add(v)
		if i++; i%dropEvery == 0 {
			pages.drop()
		}
	}
	pages.drop()
	db.pix.clip()
	return nil
}

const (
	// loadGCPercent is GOGC while the index is built.
	loadGCPercent = 25
	// arenaSample is how many records size the arena.
	arenaSample = 4096
	// dropEvery is how many records are read between two dropMapped calls.
	dropEvery = 8192
)

// mappedRange is the span of mapped addresses read since the last drop.
type mappedRange struct{ lo, hi uintptr }

func (m *mappedRange) add(v []byte) {
	if len(v) == 0 {
		return
	}
	a := sliceAddr(v)
	if m.hi == 0 || a < m.lo {
		m.lo = a
	}
	m.hi = max(m.hi, a+uintptr(len(v)))
}

func (m *mappedRange) drop() {
	if m.hi != 0 {
		dropMapped(m.lo, m.hi)
	}
	*m = mappedRange{}
}
