package store

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// fileFreelist reads the freelist page id of the newer of the two bbolt
// meta pages of the file at path, as a crash would leave it: 1<<64-1 means
// the file holds no freelist and the next Open walks every page.
func fileFreelist(t *testing.T, path string) uint64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Page header (16 bytes), then the meta: magic, version, page size,
	// flags (4 bytes each), root bucket (16), freelist (8), pgid (8), txid (8).
	pageSize := int(binary.LittleEndian.Uint32(b[16+8:]))
	var freelist, txid uint64
	for p := range 2 {
		m := b[p*pageSize+16:]
		if binary.LittleEndian.Uint32(m) != 0xED0CDAED {
			t.Fatalf("page %d is not a bbolt meta page", p)
		}
		if id := binary.LittleEndian.Uint64(m[48:]); p == 0 || id > txid {
			txid, freelist = id, binary.LittleEndian.Uint64(m[32:])
		}
	}
	return freelist
}

const noFreelist = 1<<64 - 1

// TestOpenWritesNothing: opening a file that is already set up commits
// nothing, so a server killed before its first write leaves the freelist
// that the last Close wrote; a write drops it until the next Close.
func TestOpenWritesNothing(t *testing.T) {
	db := mustOpen(t, "")
	if _, err := db.PutBatch(t.Context(), synth(200, 3), "t"); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fileFreelist(t, path) == noFreelist {
		t.Fatal("Close left no freelist")
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db = mustOpen(t, path)
	if _, err := db.Get(t.Context(), synth(1, 3)[0].ID); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path) // what a kill would leave
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("Open of a set-up file changed the file")
	}
	if _, err := db.PutBatch(t.Context(), synth(201, 5)[200:], "t"); err != nil {
		t.Fatal(err)
	}
	if fileFreelist(t, path) != noFreelist {
		t.Error("a write kept the freelist: this test no longer reads the meta pages right")
	}
}

// TestOpenRefusesNewerSchema: a file written by a newer layout is refused
// with a message naming it, and the refused Open leaves the file unchanged.
func TestOpenRefusesNewerSchema(t *testing.T) {
	db := mustOpen(t, "")
	path := db.Path()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bktMeta).Put(keySchema, u64(schemaVersion+1))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if db, err := Open(path, Options{NoSync: true}); err == nil {
		db.Close()
		t.Fatal("Open of a newer schema succeeded")
	} else if !strings.Contains(err.Error(), "newer incidentmap") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q names neither the cause nor the file", err)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("refused Open changed the file (%v)", err)
	}
}
