package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// loadPoints builds the point index from the incidents bucket.
func (db *DB) loadPoints(inc *bolt.Bucket) error {
	c := inc.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			return fmt.Errorf("store: %s: bad incident key %x", db.path, k)
		}
		flags, _, in, err := decodeRecord(v)
		if err != nil {
			return fmt.Errorf("store: %s: incident seq %d: %w", db.path, binary.BigEndian.Uint64(k), err)
		}
		db.pix.set(binary.BigEndian.Uint64(k), in, flags&flagDeleted != 0)
	}
	db.pix.clip()
	return nil
}
