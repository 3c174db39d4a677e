package exchange

import (
	"fmt"
	"hash/maphash"
	"testing"
)

func TestIDSet(t *testing.T) {
	s := newIDSet()
	for i := range 10000 {
		if _, dup := s.add(fmt.Sprintf("BAL-%07d", i), i+1); dup {
			t.Fatalf("id %d reported as a repeat", i)
		}
	}
	for _, i := range []int{0, 1, 4999, 9999} {
		first, dup := s.add(fmt.Sprintf("BAL-%07d", i), 20000)
		if !dup || first != i+1 {
			t.Errorf("repeat of id %d: first line %d, dup %v; want %d, true", i, first, dup, i+1)
		}
	}
	if _, dup := s.add("", 7); dup {
		t.Error("empty id reported as a repeat")
	}
	if first, dup := s.add("", 8); !dup || first != 7 {
		t.Errorf("repeat of the empty id: %d, %v", first, dup)
	}
}

// Ids whose hashes collide are told apart by their bytes, whatever order
// they come in, and across the table's growth.
func TestIDSetCollisions(t *testing.T) {
	s := newIDSet()
	s.hashFn = func(id string) uint64 {
		if len(id) > 0 && id[0] == 'c' { // every "c..." id has one hash
			return 42
		}
		return maphash.String(s.seed, id)
	}
	for i := range 3000 {
		if _, dup := s.add(fmt.Sprintf("c%d", i), i+1); dup {
			t.Fatalf("colliding id c%d reported as a repeat", i)
		}
		if _, dup := s.add(fmt.Sprintf("other-%d", i), 10000+i); dup {
			t.Fatalf("id other-%d reported as a repeat", i)
		}
	}
	for _, i := range []int{0, 1, 1500, 2999} {
		if first, dup := s.add(fmt.Sprintf("c%d", i), 99999); !dup || first != i+1 {
			t.Errorf("repeat of c%d: first line %d, dup %v; want %d, true", i, first, dup, i+1)
		}
		if first, dup := s.add(fmt.Sprintf("other-%d", i), 99999); !dup || first != 10000+i {
			t.Errorf("repeat of other-%d: first line %d, dup %v; want %d, true", i, first, dup, 10000+i)
		}
	}
}

// BenchmarkIDSet adds a million distinct ids, as a million-row import does.
func BenchmarkIDSet(b *testing.B) {
	ids := make([]string, 1_000_000)
	for i := range ids {
		ids[i] = fmt.Sprintf("BAL-%07d", i+1)
	}
	for b.Loop() {
		s := newIDSet()
		for i, id := range ids {
			s.add(id, i+1)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ids)), "ns/id")
}
