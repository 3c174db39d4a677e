package pointindex

import (
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/incidentmap/incidentmap/incident"
)

// textIndex maps every word (incident.TextWords) of the searched text
// fields of the indexed incidents to the slots holding it, so that a text
// query costs a walk of the postings of the words it names, not a decode
// of every record (issue 15: 0.6 CPU-seconds a query at 180,000
// incidents). It lives in the point index and is guarded by DB.mu.
//
// A word's postings are a sorted slot list while short, and a bitmap once
// the list would be larger than one (a word that most incidents share, as
// in templated reports, costs one bit a slot rather than 32).
type textIndex struct {
	words map[string]*wordPostings

	// vocab finds the words with a prefix without visiting them all: the
	// words sorted, plus those added since (a million unique words, such
	// as report numbers, made a scan of the map cost 0.2 s a query).
	// Queries run under the read lock, so vocabMu guards the merge.
	vocabMu sync.Mutex
	sorted  []string // may hold removed words: check words
	added   []string
}

type wordPostings struct {
	list []uint32 // ascending; nil once bits is used
	bits []uint64 // bit slot set when the slot holds the word
	n    int
}

// denseMin is the shortest list that may become a bitmap.
const denseMin = 1024

func newTextIndex() *textIndex { return &textIndex{words: map[string]*wordPostings{}} }

// wordsOf calls fn once for each distinct word of in's searched fields.
func wordsOf(in *incident.Incident, fn func(w string)) {
	var seen map[string]bool
	var few [32]string
	n := 0
	in.TextFields(func(s string) {
		incident.TextWords(s, func(w string) bool {
			if seen == nil {
				if slices.Contains(few[:n], w) {
					return true
				}
				if n < len(few) {
					few[n] = w
					n++
					fn(w)
					return true
				}
				seen = make(map[string]bool, 2*n)
				for _, x := range few[:n] {
					seen[x] = true
				}
			}
			if !seen[w] {
				seen[w] = true
				fn(w)
			}
			return true
		})
	})
}

// add lists slot under every word of in.
func (t *textIndex) add(slot uint32, in *incident.Incident) {
	wordsOf(in, func(w string) {
		p := t.words[w]
		if p == nil {
			p = &wordPostings{}
			w = strings.Clone(w)
			t.words[w] = p
			t.added = append(t.added, w)
		}
		p.add(slot)
	})
}

// remove takes slot off every word of in (the incident as indexed).
func (t *textIndex) remove(slot uint32, in *incident.Incident) {
	wordsOf(in, func(w string) {
		if p := t.words[w]; p != nil {
			p.remove(slot)
			if p.n == 0 {
				delete(t.words, w)
			}
		}
	})
}

func (p *wordPostings) add(slot uint32) {
	if p.bits != nil {
		i := int(slot / 64)
		if i >= len(p.bits) {
			p.bits = slices.Grow(p.bits, i+1-len(p.bits))[:i+1]
		}
		if p.bits[i]&(1<<(slot%64)) == 0 {
			p.bits[i] |= 1 << (slot % 64)
			p.n++
		}
		return
	}
	if n := len(p.list); n == 0 || p.list[n-1] < slot { // the common case: a new incident
		p.list = append(p.list, slot)
	} else if i, found := slices.BinarySearch(p.list, slot); !found {
		p.list = slices.Insert(p.list, i, slot)
	} else {
		return
	}
	p.n++
	// A bitmap up to the highest slot costs slot/8 bytes, the list 4 a slot.
	if p.n >= denseMin && uint64(p.n)*32 > uint64(p.list[p.n-1])+64 {
		p.bits = make([]uint64, p.list[p.n-1]/64+1)
		for _, s := range p.list {
			p.bits[s/64] |= 1 << (s % 64)
		}
		p.list = nil
	}
}

func (p *wordPostings) remove(slot uint32) {
	if p.bits != nil {
		if i := int(slot / 64); i < len(p.bits) && p.bits[i]&(1<<(slot%64)) != 0 {
			p.bits[i] &^= 1 << (slot % 64)
			p.n--
		}
		return
	}
	if i, found := slices.BinarySearch(p.list, slot); found {
		p.list = slices.Delete(p.list, i, i+1)
		p.n--
	}
}

// orInto sets the bits of p's slots in set.
func (p *wordPostings) orInto(set []uint64) {
	if p.bits != nil {
		for i, w := range p.bits[:min(len(p.bits), len(set))] {
			set[i] |= w
		}
		return
	}
	for _, s := range p.list {
		if int(s/64) < len(set) {
			set[s/64] |= 1 << (s % 64)
		}
	}
}

// textSet returns the slots (as a bitmap over nslots) whose incidents match
// the query q by word, as incident.MatchText decides for its words; the
// id half of MatchText is added by the caller, which has the ids.
func (t *textIndex) textSet(q string, nslots int) []uint64 {
	size := (nslots + 63) / 64
	var acc []uint64
	none := false
	t.vocabMu.Lock()
	defer t.vocabMu.Unlock()
	if len(t.added) > 256 {
		t.merge()
	}
	incident.TextWords(q, func(qw string) bool {
		cur := make([]uint64, size)
		i, _ := slices.BinarySearch(t.sorted, qw)
		for ; i < len(t.sorted) && strings.HasPrefix(t.sorted[i], qw); i++ {
			if p := t.words[t.sorted[i]]; p != nil {
				p.orInto(cur)
			}
		}
		for _, w := range t.added { // a word in both is ORed twice: no harm
			if strings.HasPrefix(w, qw) {
				t.words[w].orInto(cur)
			}
		}
		if acc == nil {
			acc = cur
		} else {
			for i := range acc {
				acc[i] &= cur[i]
			}
		}
		if allZero(acc) {
			none = true
			return false
		}
		return true
	})
	if acc == nil || none {
		return make([]uint64, size)
	}
	return acc
}

// merge sorts the words added since the last merge into sorted, dropping
// removed words and duplicates (a word removed and added again). Queries
// merge once more than 256 words wait, so a stream of writes costs a
// query a short scan of added, and a merge O(sorted) now and then.
func (t *textIndex) merge() {
	slices.Sort(t.added)
	out := make([]string, 0, len(t.sorted)+len(t.added))
	i, j := 0, 0
	for i < len(t.sorted) || j < len(t.added) {
		var w string
		if j >= len(t.added) || i < len(t.sorted) && t.sorted[i] <= t.added[j] {
			w, i = t.sorted[i], i+1
		} else {
			w, j = t.added[j], j+1
		}
		if t.words[w] != nil && (len(out) == 0 || out[len(out)-1] != w) {
			out = append(out, w)
		}
	}
	t.sorted, t.added = out, nil
}

func allZero(set []uint64) bool {
	for _, w := range set {
		if w != 0 {
			return false
		}
	}
	return true
}

// bitCount is the number of slots in set.
func bitCount(set []uint64) int {
	n := 0
	for _, w := range set {
		n += bits.OnesCount64(w)
	}
	return n
}
