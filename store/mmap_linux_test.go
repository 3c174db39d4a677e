package store

import (
	"bytes"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

// TestDropMappedKeepsBytes: pages handed back with dropMapped read the same
// bytes afterwards, and the database still answers after a reopen (whose
// load drops pages as it goes) and a Close that writes the freelist.
func TestDropMappedKeepsBytes(t *testing.T) {
	db := mustOpen(t, "")
	ins := synth(3000, 9)
	if _, err := db.PutBatch(t.Context(), ins, "t"); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpen(t, path)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var copies [][]byte
		var m mappedRange
		c := tx.Bucket(bktIncidents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			copies = append(copies, bytes.Clone(v))
			m.add(v)
		}
		m.drop()
		i := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if !bytes.Equal(v, copies[i]) {
				t.Fatalf("record %x changed after dropMapped", k)
			}
			i++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins[:50] {
		if _, err := db.Get(t.Context(), in.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.Count(t.Context(), incident.Filter{}); err != nil || n != len(ins) {
		t.Fatalf("Count after reopen = %d, %v; want %d", n, err, len(ins))
	}
}
