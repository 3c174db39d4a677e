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
	// A different id with the same hash is not a repeat, and is itself
	// remembered exactly.
	h := maphash.String(s.seed, "collider")
	s.at[h] = s.at[maphash.String(s.seed, "BAL-0000003")]
	if _, dup := s.add("collider", 30000); dup {
		t.Fatal("a hash collision was reported as a repeated id")
	}
	if first, dup := s.add("collider", 30001); !dup || first != 30000 {
		t.Errorf("repeat of a colliding id: %d, %v; want 30000, true", first, dup)
	}
	if first, dup := s.add("BAL-0000003", 30002); !dup || first != 4 {
		t.Errorf("the id collided with: %d, %v; want 4, true", first, dup)
	}
}
