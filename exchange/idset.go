package exchange

import "hash/maphash"

// idSet remembers the ids an import has seen, and the line each was first
// on, to report a repeated id. A million ids as map[string]int cost about a
// second of an import's CPU: string hashing, growth, a map of string
// headers the collector scans, and above all the fresh memory all that
// touches. Here an open-addressing table of 8-byte slots holds each id's
// entry number and the top half of its hash, the ids and their lines sit in
// chunks that never move, and a match of the hash half is confirmed against
// the stored bytes, so the answer is exact: ids whose hashes collide take
// the next free slots.
type idSet struct {
	seed   maphash.Seed
	hashFn func(string) uint64 // tests: replaces the seeded hash
	slots  []uint64            // hash>>32 << 32 | entry+1 (0: free); len a power of two, at most half full
	n      int
	arenas [][]byte    // the ids, back to back, in chunks of arenaChunk bytes (or one longer id)
	ents   [][]idEntry // entry i is ents[i>>entShift][i&entMask]
}

type idEntry struct {
	arena, off uint32 // the id is arenas[arena][off:off+len]
	len        uint32
	line       uint32
}

const (
	arenaChunk = 1 << 20
	entShift   = 16
	entMask    = 1<<entShift - 1
)

func newIDSet() *idSet {
	return &idSet{seed: maphash.MakeSeed(), slots: make([]uint64, 1<<12)}
}

func (s *idSet) hash(id string) uint64 {
	if s.hashFn != nil {
		return s.hashFn(id)
	}
	return maphash.String(s.seed, id)
}

func (s *idSet) hashBytes(id []byte) uint64 {
	if s.hashFn != nil {
		return s.hashFn(string(id))
	}
	return maphash.Bytes(s.seed, id)
}

func (s *idSet) entry(e uint32) *idEntry { return &s.ents[e>>entShift][e&entMask] }

func (s *idSet) id(e *idEntry) []byte { return s.arenas[e.arena][e.off : e.off+e.len] }

// add records id at line, or returns the line of its first occurrence.
// Lines past 2^32 are recorded as 2^32-1.
func (s *idSet) add(id string, line int) (first int, dup bool) {
	h := s.hash(id)
	top := h >> 32 << 32
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := s.slots[i]
		if sl == 0 {
			s.slots[i] = top | uint64(s.push(id, line)+1)
			if s.n++; s.n*2 > len(s.slots) {
				s.grow()
			}
			return 0, false
		}
		if sl&^0xffffffff == top {
			if e := s.entry(uint32(sl) - 1); string(s.id(e)) == id {
				return int(e.line), true
			}
		}
	}
}

// push stores id and line as the next entry and returns its number.
func (s *idSet) push(id string, line int) uint32 {
	n := len(s.arenas)
	if n == 0 || cap(s.arenas[n-1])-len(s.arenas[n-1]) < len(id) {
		s.arenas = append(s.arenas, make([]byte, 0, max(arenaChunk, len(id))))
		n++
	}
	a := &s.arenas[n-1]
	off := len(*a)
	*a = append(*a, id...)
	e := uint32(s.n)
	if e&entMask == 0 {
		s.ents = append(s.ents, make([]idEntry, 0, entMask+1))
	}
	last := &s.ents[len(s.ents)-1]
	*last = append(*last, idEntry{arena: uint32(n - 1), off: uint32(off), len: uint32(len(id)), line: uint32(min(line, 1<<32-1))})
	return e
}

// grow doubles the table. A slot keeps only the top half of its hash, so
// the entries are hashed again, in the order they were added: that reads
// the ids sequentially.
func (s *idSet) grow() {
	s.slots = make([]uint64, 2*len(s.slots))
	mask := uint64(len(s.slots) - 1)
	e := uint64(0)
	for _, chunk := range s.ents {
		for k := range chunk {
			e++
			h := s.hashBytes(s.id(&chunk[k]))
			i := h & mask
			for s.slots[i] != 0 {
				i = (i + 1) & mask
			}
			s.slots[i] = h>>32<<32 | e
		}
	}
}
