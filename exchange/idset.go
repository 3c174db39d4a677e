package exchange

import "hash/maphash"

// idSet remembers every id an import has seen, with the line it was first
// on, to report a repeated id. A million ids as map[string]int cost about a
// second of an import's CPU (string hashing, and a map of string headers
// the collector scans); here the map holds 64-bit hashes and indexes into
// one byte arena, and a hash match is confirmed against the stored bytes,
// so the answer is exact.
type idSet struct {
	seed  maphash.Seed
	at    map[uint64]uint32 // hash -> entry
	arena []byte            // the ids, back to back
	ends  []uint32          // end of entry i in arena; it starts at ends[i-1]
	lines []int
	other map[string]int // ids whose hash an earlier, different id has
}

func newIDSet() *idSet {
	return &idSet{seed: maphash.MakeSeed(), at: map[uint64]uint32{}}
}

// add records id at line, or returns the line of its first occurrence.
func (s *idSet) add(id string, line int) (first int, dup bool) {
	h := maphash.String(s.seed, id)
	i, ok := s.at[h]
	if !ok {
		s.at[h] = uint32(len(s.ends))
		s.arena = append(s.arena, id...)
		s.ends = append(s.ends, uint32(len(s.arena)))
		s.lines = append(s.lines, line)
		return 0, false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	if string(s.arena[start:s.ends[i]]) == id {
		return s.lines[i], true
	}
	if first, dup := s.other[id]; dup { // a hash collision, extremely rare
		return first, true
	}
	if s.other == nil {
		s.other = map[string]int{}
	}
	s.other[id] = line
	return 0, false
}
