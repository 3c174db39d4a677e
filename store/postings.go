package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Secondary index entries are posting lists: one key per indexed value and
// day (or spatial cell), whose value lists the seqs of the incidents under
// it. A million incidents make a few hundred thousand keys instead of
// several million, so a bulk load puts far fewer keys into bbolt and the
// indexes take a few bytes per incident.
//
// A list is the seqs in ascending order, each as the uvarint of its
// difference from the one before (the first from zero).

// appendList encodes seqs (ascending, distinct) after dst.
func appendList(dst []byte, seqs []uint64) []byte {
	var prev uint64
	for _, s := range seqs {
		dst = binary.AppendUvarint(dst, s-prev)
		prev = s
	}
	return dst
}

// eachSeq calls fn for every seq of an encoded list, in order, and stops
// early when fn returns false. Seqs start at 1 and strictly increase, so a
// list is corrupt if a delta is zero or carries the sum past the largest
// uint64 (it would wrap to a smaller seq); fn sees the seqs before the bad
// one.
func eachSeq(v []byte, fn func(seq uint64) bool) error {
	var seq uint64
	for off := 0; off < len(v); {
		d, n := binary.Uvarint(v[off:])
		switch {
		case n <= 0:
			return fmt.Errorf("%w: posting list: bad varint at byte %d", errCorrupt, off)
		case d == 0:
			return fmt.Errorf("%w: posting list: zero delta at byte %d", errCorrupt, off)
		case d > math.MaxUint64-seq:
			return fmt.Errorf("%w: posting list: delta %d at byte %d overflows seq %d", errCorrupt, d, off, seq)
		}
		seq += d
		off += n
		if !fn(seq) {
			return nil
		}
	}
	return nil
}

// mergeList returns the list old without del and with add (both sorted).
func mergeList(old []byte, add, del []uint64) ([]byte, error) {
	cur := make([]uint64, 0, len(old)/2+len(add))
	err := eachSeq(old, func(s uint64) bool {
		if _, found := slices.BinarySearch(del, s); !found {
			cur = append(cur, s)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if len(add) > 0 {
		if len(cur) == 0 || add[0] > cur[len(cur)-1] {
			cur = append(cur, add...) // the common case: new seqs are the largest
		} else {
			cur = append(cur, add...)
			slices.Sort(cur)
			cur = slices.Compact(cur)
		}
	}
	return appendList(nil, cur), nil
}

// postings collects one transaction's changes to the posting lists, per
// bucket and key.
type postings map[string]map[string]*listEdit

type listEdit struct{ add, del []uint64 }

func (ps postings) edit(bkt, key []byte) *listEdit {
	m := ps[string(bkt)]
	if m == nil {
		m = map[string]*listEdit{}
		ps[string(bkt)] = m
	}
	e := m[string(key)]
	if e == nil {
		e = &listEdit{}
		m[string(key)] = e
	}
	return e
}

// write applies the edits bucket by bucket in key order. Within one
// transaction a seq is removed from its old keys before it is added to its
// new ones, so an incident whose key did not change stays listed.
func (ps postings) write(tx *bolt.Tx) error {
	for name, m := range ps {
		b := tx.Bucket([]byte(name))
		b.FillPercent = 0.9
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			e := m[k]
			slices.Sort(e.add)
			slices.Sort(e.del)
			if err := putList(b, []byte(k), e.add, e.del); err != nil {
				return fmt.Errorf("index %s: %w", name, err)
			}
		}
	}
	return nil
}

// putList merges add and del into the list stored under key.
func putList(b *bolt.Bucket, key []byte, add, del []uint64) error {
	add = slices.Compact(add)
	old := b.Get(key)
	if old == nil && len(del) == 0 {
		return b.Put(key, appendList(make([]byte, 0, 2*len(add)), add))
	}
	v, err := mergeList(old, add, del)
	if err != nil {
		return fmt.Errorf("key %x: %w", key, err)
	}
	if len(v) == 0 {
		if old == nil {
			return nil
		}
		return b.Delete(key)
	}
	return b.Put(key, v)
}
