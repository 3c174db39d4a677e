package extract

import (
	"sort"
	"strings"
)

// People named as an actor's speaker: news English names an official or
// a spokesman once with the role ("Assistant Commissioner Muhammad
// Akram", "Shahid Rind, a spokesman for the Balochistan government") and
// then by name alone ("Akram said", "Rind told Radio Mashaal"). The names
// learned from the roles let later sentences bind such statements to the
// actor the person speaks for.

// people maps a person's name (lower case: the full name and, unless it is
// a common one, the last name) to the actor id the person speaks for.
type people struct {
	names  map[string]string
	firsts map[string]bool // the first words of names
}

// commonNames are last names too common to stand for one person alone.
var commonNames = map[string]bool{"baloch": true, "khan": true, "ahmed": true, "ahmad": true, "muhammad": true,
	"mohammad": true, "ali": true, "shah": true, "hussain": true, "jan": true, "gul": true, "sahib": true, "din": true}

// nameStop are capitalised words that start no person's name.
var nameStop = map[string]bool{"the": true, "a": true, "an": true, "on": true, "in": true, "at": true, "said": true,
	"he": true, "she": true, "it": true, "they": true, "of": true, "and": true, "for": true, "to": true, "but": true}

// learnNames records the people the sentence names with an actor's role:
// a name right after the role ("BLA spokesperson Jeeyand Baloch") or in
// apposition before it ("Shahid Rind, a spokesman for the provincial
// government").
func (s *sent) learnNames(pp *people) {
	for _, a := range s.actors {
		if a.kind == "" {
			continue
		}
		if k, e := s.nameAt(a.j); e > k {
			pp.add(s.toks[k:e], a.id)
			continue
		}
		// NAME , a|an|the ... ACTOR (within eight words)
		for c := a.i - 1; c >= 1 && c >= a.i-8; c-- {
			if s.toks[c].norm != "," {
				continue
			}
			if c+1 < a.i && (s.toks[c+1].norm == "a" || s.toks[c+1].norm == "an" || s.toks[c+1].norm == "the") {
				b := c
				for b > 0 && b > c-4 && s.isNameTok(b-1) {
					b--
				}
				if c-b >= 2 && !nameStop[s.toks[b].norm] {
					pp.add(s.toks[b:c], a.id)
				}
			}
			break
		}
	}
}

// nameAt returns the capitalised name starting at token k ([k, e)), at
// most four words, or e == k.
func (s *sent) nameAt(k int) (int, int) {
	if k >= len(s.toks) || nameStop[s.toks[k].norm] {
		return k, k
	}
	e := k
	for e < len(s.toks) && e < k+4 && s.isNameTok(e) {
		e++
	}
	if e-k < 2 { // a single capitalised word is too often something else
		return k, k
	}
	return k, e
}

// isNameTok reports whether token k can be part of a person's name: a
// capitalised word that is no weekday, month or actor.
func (s *sent) isNameTok(k int) bool {
	t := s.toks[k]
	if !t.word || !t.upper || nameStop[t.norm] || monthWords[t.norm] || s.actorAt(k) {
		return false
	}
	_, wd := weekdays[t.norm]
	return !wd
}

func (pp *people) add(toks []token, id string) {
	if pp.names == nil {
		pp.names, pp.firsts = map[string]string{}, map[string]bool{}
	}
	var ws []string
	for _, t := range toks {
		ws = append(ws, t.norm)
	}
	pp.names[strings.Join(ws, " ")] = id
	pp.firsts[ws[0]] = true
	if last := ws[len(ws)-1]; !commonNames[last] && len(ws) > 1 {
		pp.names[last] = id
		pp.firsts[last] = true
	}
}

// findPeople adds an actor mention for each learned person named in the
// sentence (full name first, else a last name alone).
func (s *sent) findPeople(pp *people, d *dicts) {
	if len(pp.names) == 0 {
		return
	}
	added := false
	for k := 0; k < len(s.toks); k++ {
		if !s.toks[k].upper || !pp.firsts[s.toks[k].norm] || s.actorAt(k) {
			continue
		}
		for n := min(4, len(s.toks)-k); n >= 1; n-- {
			var ws []string
			for _, t := range s.toks[k : k+n] {
				ws = append(ws, t.norm)
			}
			if id, ok := pp.names[strings.Join(ws, " ")]; ok {
				s.actors = append(s.actors, actorHit{id: id, kind: d.kindOf(id), i: k, j: k + n})
				added = true
				k += n - 1
				break
			}
		}
	}
	if added {
		sort.SliceStable(s.actors, func(a, b int) bool { return s.actors[a].i < s.actors[b].i })
	}
}

// actorAt reports whether an actor name covers token i.
func (s *sent) actorAt(i int) bool {
	for _, a := range s.actors {
		if a.i <= i && i < a.j {
			return true
		}
	}
	return false
}
