package geo

import "sort"

// Fuzzy matching finds misspellings ("Panjgure", "Khuzdaar" is already equal
// by Key; "Kharn", "Awaraan district") by trigram overlap, then confirms
// with the Damerau-Levenshtein edit distance on keys.

const minFuzzyKey = 4 // shorter keys are too ambiguous to guess at

// MinFuzzyScore is the lowest score a fuzzy match must reach to be an
// answer. A fuzzy score is the feature's static score (its importance: a
// district 0.95, a seat of a district or a city about 0.9, a village 0.3)
// times 0.75 times the spelling's similarity (1 - edits/length), so only
// districts, tehsils and towns within one or two edits pass, and a
// misspelled village is never guessed. Calibrated on the misspellings and
// foreign names of TestFuzzyCalibration: real misspellings score 0.51 and
// above ("Pasny" for Pasni 0.517, "Turbet" 0.575, "Kharn" 0.593), names
// that are not in the gazetteer at most 0.40 ("Delhi" to the Iranian
// village Dehi 0.399, "Tehran" 0.338); the threshold sits between them.
const MinFuzzyScore = 0.45

// trigrams calls f with each trigram of k padded with spaces, packed into
// an integer.
func trigrams(k string, f func(uint32)) {
	at := func(i int) uint32 {
		if i < 0 || i >= len(k) {
			return ' '
		}
		return uint32(k[i])
	}
	for i := -2; i < len(k); i++ {
		f(at(i)<<16 | at(i+1)<<8 | at(i+2))
	}
}

func (g *Gazetteer) buildTrigrams() {
	g.keys = make([]string, 0, len(g.names))
	for k := range g.names {
		g.keys = append(g.keys, k)
	}
	sort.Strings(g.keys)
	g.trigram = make(map[uint32][]int32, 8192)
	// A fuzzy score is at most the static score times matchWeight[matchFuzzy],
	// so names whose best feature scores below that bound can never reach
	// MinFuzzyScore: villages are left out of the index, which keeps it
	// small however many of them the gazetteer holds.
	minStatic := MinFuzzyScore / matchWeight[matchFuzzy]
	for i, k := range g.keys {
		if len(k) < minFuzzyKey || g.names[k][0].score < minStatic {
			continue
		}
		trigrams(k, func(t uint32) {
			l := g.trigram[t]
			if len(l) == 0 || l[len(l)-1] != int32(i) {
				g.trigram[t] = append(l, int32(i))
			}
		})
	}
}

// maxEdits is how many edits a key of n bytes may be from a name.
func maxEdits(n int) int {
	switch {
	case n < minFuzzyKey:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}

func (g *Gazetteer) fuzzy(key string, hint Hint, district string, limit int) []Candidate {
	g.trigramOnce.Do(g.buildTrigrams) // built on first use: most lookups never need it
	allowed := maxEdits(len(key))
	if allowed == 0 {
		return nil
	}
	shared := map[int32]int{}
	n := 0
	trigrams(key, func(t uint32) {
		n++
		for _, k := range g.trigram[t] {
			shared[k]++
		}
	})
	type hit struct {
		key  string
		dist int
	}
	var hits []hit
	for ki, s := range shared {
		if s*3 < n { // fewer than a third of the trigrams in common
			continue
		}
		k := g.keys[ki]
		if d := editDistance(key, k, allowed); d <= allowed {
			hits = append(hits, hit{k, d})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].dist != hits[j].dist {
			return hits[i].dist < hits[j].dist
		}
		return hits[i].key < hits[j].key
	})
	var out []Candidate
	for _, h := range hits {
		sim := 1 - float64(h.dist)/float64(max(len(key), len(h.key)))
		start := len(out)
		out = g.lookup(g.names[h.key], hint, district, limit, out)
		kept := start
		for i := start; i < len(out); i++ {
			out[i].Score = float64(int(out[i].Score*matchWeight[matchFuzzy]*sim*1000)) / 1000
			out[i].Match = matchLabel[matchFuzzy]
			if out[i].Score >= MinFuzzyScore {
				out[kept] = out[i]
				kept++
			}
		}
		out = out[:kept]
	}
	sortCandidates(out)
	out = dedupe(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// editDistance is the optimal-string-alignment (Damerau-Levenshtein) distance
// between a and b, or max+1 once it is known to exceed max.
func editDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// dedupe keeps the first (best) candidate of each feature.
func dedupe(cs []Candidate) []Candidate {
	out := cs[:0]
	for _, c := range cs {
		dup := false
		for _, o := range out {
			if o.Kind == c.Kind && o.ID == c.ID {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}
