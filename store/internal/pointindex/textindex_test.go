package pointindex

import "testing"

func TestWordPostingsDense(t *testing.T) {
	var p wordPostings
	for s := uint32(0); s < 3000; s += 2 {
		p.add(s)
	}
	p.add(4) // again: no change
	if p.bits == nil || p.n != 1500 {
		t.Fatalf("n %d, dense %v; want 1500 slots as a bitmap", p.n, p.bits != nil)
	}
	p.remove(4)
	p.remove(5)
	set := make([]uint64, 3000/64+1)
	p.orInto(set)
	if got := bitCount(set); got != 1499 || set[0]&(1<<4) != 0 {
		t.Errorf("%d slots set, want 1499 without 4", got)
	}
}
