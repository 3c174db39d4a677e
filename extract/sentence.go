package extract

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/incidentmap/incidentmap/incident"
)

// sent is one sentence with everything the dictionaries found in it.
type sent struct {
	idx      int
	span     Span
	toks     []token
	actors   []actorHit
	stmts    []match // statement cues
	verifs   []match
	events   []match // event cues, label = type or "event"
	cues     []match // killed, injured, abducted, habitual, separator, anaphora, origin, negation
	figures  []Figure
	dates    []dateHit
	places   []Place
	series   string
	seriesEv *Evidence
	generic  bool
	meta     bool // a byline or publication stamp: no part of any event
	front    bool // before the body: headline, standfirst, bullets
}

type actorHit struct {
	id, kind string
	i, j     int
}

func (s *sent) has(label string) bool {
	for _, c := range s.cues {
		if c.label == label {
			return true
		}
	}
	return false
}

func (s *sent) hasEvent() bool { return len(s.events) > 0 }

func (s *sent) ev(text string, i, j int) Evidence {
	start, end := s.toks[i].start, s.toks[j-1].end
	return Evidence{Sentence: s.idx, SentenceStart: s.span.Start, SentenceEnd: s.span.End, Start: start, End: end, Text: text[start:end]}
}

// analyse runs every dictionary over sentence idx.
func (x *run) analyse(text string, idx int, sp Span, lastGroup *string) *sent {
	s := &sent{idx: idx, span: sp, toks: tokenize(sp.Text, sp.Start)}
	d := x.d
	for _, m := range d.actors.all(s.toks) {
		id, kind := m.label, d.actorKind[m.label]
		if id == "@group" {
			if *lastGroup == "" {
				continue
			}
			id, kind = *lastGroup, "armed_group"
		} else if kind == "armed_group" {
			*lastGroup = id
		}
		s.actors = append(s.actors, actorHit{id: id, kind: kind, i: m.i, j: m.j})
	}
	s.findSeries(text)
	inSeries := func(m match) bool {
		return s.seriesEv != nil && s.toks[m.i].start >= s.seriesEv.Start && s.toks[m.j-1].end <= s.seriesEv.End
	}
	for _, m := range d.statements.all(s.toks) {
		s.stmts = append(s.stmts, m)
	}
	s.verifs = d.verification.all(s.toks)
	for _, m := range d.events.all(s.toks) {
		if !inSeries(m) {
			s.events = append(s.events, m)
		}
	}
	s.cues = d.cues.all(s.toks)
	s.findFigures(x, text)
	s.findDates(x)
	s.generic = s.has("habitual") && len(s.events) > 0 && len(s.figures) == 0 && len(s.dates) == 0
	return s
}

// findSeries looks for a named campaign: "Operation Baam", or "an operation
// called/named/codenamed X".
func (s *sent) findSeries(text string) {
	t := s.toks
	for i := 0; i < len(t); i++ {
		if t[i].norm != "operation" && t[i].norm != "campaign" {
			continue
		}
		j := i + 1
		if t[i].upper && t[i].norm == "operation" {
			// Operation Baam, "Operation Zarb-e-Azb"
		} else if j < len(t) && (t[j].norm == "named" || t[j].norm == "called" || t[j].norm == "codenamed" || t[j].norm == "dubbed" || t[j].norm == "code-named") {
			j++
		} else {
			continue
		}
		for j < len(t) && (t[j].norm == `"` || t[j].norm == "'") {
			j++
		}
		k := j
		for k < len(t) && k < j+3 && t[k].word && t[k].upper && !stopName[t[k].norm] {
			k++
		}
		if k == j {
			continue
		}
		words := make([]string, 0, k-j)
		for _, w := range t[j:k] {
			words = append(words, text[w.start:w.end])
		}
		name := strings.Join(words, " ")
		if t[i].norm == "operation" {
			name = "Operation " + name
		}
		s.series = name
		e := s.ev(text, i, k)
		s.seriesEv = &e
		return
	}
}

// stopName are capitalised words that do not continue a campaign's name.
var stopName = map[string]bool{"in": true, "on": true, "the": true, "and": true, "across": true, "against": true, "at": true, "of": true}

// --- numbers and casualty figures ---

// numberAt parses a plain number at token i: digits ("1,200"), words
// ("twenty-five", "twenty five", "a dozen"). It returns the value and the
// index after it.
func (s *sent) numberAt(d *dicts, i int) (int, int, bool) {
	if i < 0 || i >= len(s.toks) {
		return 0, i, false
	}
	t := s.toks[i]
	if t.word && unicode.IsDigit(rune(t.norm[0])) {
		n, err := strconv.Atoi(strings.ReplaceAll(t.norm, ",", ""))
		if err != nil || n > 100000 {
			return 0, i, false
		}
		return n, i + 1, true
	}
	if m, ok := d.numbers.at(s.toks, i); ok {
		n, _ := strconv.Atoi(m.label)
		j := m.j
		// "three dozen" = 36
		if n > 1 && n < 12 && j < len(s.toks) && s.toks[j].norm == "dozen" {
			return n * 12, j + 1, true
		}
		if n >= 20 && n%10 == 0 && n < 100 && j < len(s.toks) {
			if u, ok := d.numbers.at(s.toks, j); ok {
				if v, _ := strconv.Atoi(u.label); v > 0 && v < 10 && u.j == j+1 {
					return n + v, u.j, true
				}
			}
		}
		return n, j, true
	}
	// "twenty-five"
	if parts := strings.Split(t.norm, "-"); len(parts) == 2 {
		a, b := wordValue(d, parts[0]), wordValue(d, parts[1])
		if a >= 20 && a%10 == 0 && b > 0 && b < 10 {
			return a + b, i + 1, true
		}
		// "3-7" is handled by rangeAt
	}
	return 0, i, false
}

func wordValue(d *dicts, w string) int {
	if m, ok := d.numbers.at([]token{{norm: w}}, 0); ok {
		n, _ := strconv.Atoi(m.label)
		return n
	}
	return -1
}

// rangeAt parses a casualty figure's number expression at token i, with its
// qualifiers: "at least 5", "more than 10", "between 3 and 7", "3 to 7",
// "3-7", "up to 12", "about 20".
func (s *sent) rangeAt(d *dicts, i int) (incident.Range, int, bool) {
	t := s.toks
	w := func(k int) string {
		if k < len(t) {
			return t[k].norm
		}
		return ""
	}
	atLeast, upTo, more := false, false, false
	j := i
	switch {
	case w(j) == "at" && (w(j+1) == "least" || w(j+1) == "minimum"):
		atLeast, j = true, j+2
	case (w(j) == "more" || w(j) == "over") && w(j+1) == "than":
		more, j = true, j+2
	case w(j) == "over" || w(j) == "above":
		more, j = true, j+1
	case w(j) == "no" && w(j+1) == "fewer" && w(j+2) == "than", w(j) == "no" && w(j+1) == "less" && w(j+2) == "than":
		atLeast, j = true, j+3
	case w(j) == "up" && w(j+1) == "to", w(j) == "as" && w(j+1) == "many" && w(j+2) == "as":
		upTo = true
		if w(j) == "up" {
			j += 2
		} else {
			j += 3
		}
	case w(j) == "nearly" || w(j) == "about" || w(j) == "around" || w(j) == "approximately" || w(j) == "some" || w(j) == "almost" || w(j) == "roughly" || w(j) == "all":
		j++
	case w(j) == "between":
		if a, k, ok := s.numberAt(d, j+1); ok && (w(k) == "and" || w(k) == "to") {
			if b, k2, ok := s.numberAt(d, k+1); ok && b >= a {
				return incident.Range{Low: a, High: b}, k2, true
			}
		}
		return incident.Range{}, i, false
	}
	if j < len(t) {
		if parts := strings.Split(t[j].norm, "-"); len(parts) == 2 && parts[0] != "" && unicode.IsDigit(rune(parts[0][0])) {
			a, e1 := strconv.Atoi(parts[0])
			b, e2 := strconv.Atoi(parts[1])
			if e1 == nil && e2 == nil && b >= a && b <= 100000 {
				return incident.Range{Low: a, High: b}, j + 1, true
			}
		}
	}
	n, k, ok := s.numberAt(d, j)
	if !ok {
		return incident.Range{}, i, false
	}
	if (w(k) == "to" || w(k) == "or") && !atLeast && !more && !upTo {
		if b, k2, ok := s.numberAt(d, k+1); ok && b > n && k+1 < len(s.toks) && s.toks[k+1].norm != "a" && s.toks[k+1].norm != "an" {
			return incident.Range{Low: n, High: b}, k2, true
		}
	}
	switch {
	case atLeast:
		return incident.Range{Low: n, High: n, AtLeast: true}, k, true
	case more:
		return incident.Range{Low: n + 1, High: n + 1, AtLeast: true}, k, true
	case upTo:
		return incident.Range{Low: 0, High: n}, k, true
	}
	return incident.Range{Low: n, High: n}, k, true
}

// findFigures finds casualty figures: a number expression followed, within a
// few words, by a group noun ("20 soldiers", "a Major", "three of the
// attackers") or directly by an outcome word ("three were killed"), in a
// sentence with a killed or injured word. The nearest outcome word decides
// whether the figure counts killed or injured; a figure nearest to
// "abducted" or "arrested" is no casualty. Figures after "including" or
// "among them" are parts of a figure already counted and are skipped.
func (s *sent) findFigures(x *run, text string) {
	d := x.d
	var outcomes []match
	civilCtx := false
	for _, c := range s.cues {
		if c.label == "killed" || c.label == "injured" || c.label == "abducted" {
			outcomes = append(outcomes, c)
		}
	}
	if len(outcomes) == 0 {
		return
	}
	groups := d.groups.all(s.toks)
	for _, g := range groups {
		// a civilian setting or a civilian noun anywhere in the sentence
		// ("near a passenger bus", "women and children")
		if (g.label == "@civilian" || g.label == string(incident.Civilians)) && !s.nearOnly(g.i) {
			civilCtx = true
		}
	}
	groupAt := func(k int) (match, bool) {
		for _, g := range groups {
			if g.i == k {
				return g, true
			}
		}
		return match{}, false
	}
	t := s.toks
	head, partEnd := -1, 0
	parts := map[int][]Figure{}
	defer func() { s.figures = splitTotals(s.figures, parts) }()
	for i := 0; i < len(t); i++ {
		r, k, ok := s.rangeAt(d, i)
		if !ok {
			continue
		}
		single := t[i].norm == "a" || t[i].norm == "an" || t[i].norm == "another" || t[i].norm == "no"
		if k != i+1 {
			single = false
		}
		// find the group noun: skip modifiers, "of the", up to four words
		group := incident.Group("")
		mod := ""
		end := k
		for m := k; m < len(t) && m < k+5; m++ {
			if g, ok := groupAt(m); ok {
				switch g.label {
				case "@security":
					mod = "security"
					if m+1 < len(t) {
						if g2, ok := groupAt(g.j); ok && g2.label[0] != '@' || g.j == len(t) {
							_ = g2
						}
					}
					// "soldiers"/"personnel" are both a modifier and a noun
					if n, ok := x.groupNoun(t, m); ok {
						group, end = n.group, n.j
					} else {
						m = g.j - 1
						continue
					}
				case "@civilian":
					mod = "civilian"
					if n, ok := x.groupNoun(t, m); ok {
						group, end = n.group, n.j
					} else {
						m = g.j - 1
						continue
					}
				case "@others":
					group, end = "@others", g.j
				default:
					group, end = incident.Group(g.label), g.j
				}
				break
			}
			if !t[m].word || t[m].norm == "and" || t[m].norm == "or" || t[m].norm == "were" || t[m].norm == "was" || scanStop[t[m].norm] {
				break
			}
			if t[m].norm == "of" && m != k {
				break
			}
			if single && m >= k+2 {
				break // "a Pakistan Army Major": at most two words between
			}
			if _, _, isNum := s.numberAt(d, m); isNum && t[m].norm != "a" && t[m].norm != "an" {
				break
			}
			if c, ok := d.cues.at(t, m); ok && (c.label == "killed" || c.label == "injured" || c.label == "abducted") {
				break
			}
		}
		if group == "" && t[i].norm == "another" && k == i+1 {
			group, end = "@others", k // "two were killed and another injured"
		}
		update := s.tollUpdate(i)
		if group == "" && update {
			// "taking the death toll to 59", "the toll rose to 12"
			group, end = incident.Unspecified, k
		}
		if group == "" {
			if single || t[i].norm == "one" {
				continue
			}
			// "three were killed", "two died", "killing five"
			m := k
			for m < len(t) && (t[m].norm == "were" || t[m].norm == "was" || t[m].norm == "have" || t[m].norm == "had" || t[m].norm == "been" || t[m].norm == "people" || t[m].norm == "others") {
				m++
			}
			c, ok := d.cues.at(t, m)
			if !ok || (c.label != "killed" && c.label != "injured") {
				continue
			}
			group = incident.Unspecified
			end = k
		}
		if s.insideActor(end) {
			i = end - 1
			continue // "a Levies official said": a speaker, not a figure
		}
		if end < len(t) && modifiedNouns[t[end].norm] {
			i = end - 1
			continue // "a passenger coach", "a police station": a thing, not people
		}
		// Parts of a total: "ten people, including five police officers
		// and five civilians". The first part follows "including"; the
		// ones after it continue the list until an outcome word.
		isPart := false
		if i > 0 && (t[i-1].norm == "including" || t[i-1].norm == "includes" || (i > 1 && t[i-2].norm == "among" && (t[i-1].norm == "them" || t[i-1].norm == "whom"))) {
			isPart = head >= 0
			if !isPart {
				i = end - 1
				continue
			}
			partEnd = end
		} else if head >= 0 && partEnd > 0 && !s.outcomeBetween(outcomes, partEnd, i) {
			isPart = true
			partEnd = end
		} else {
			partEnd = 0
		}
		if group == "@others" {
			group = incident.Unspecified
			if len(s.figures) > 0 {
				group = s.figures[len(s.figures)-1].Group
			}
		}
		if group == incident.Unspecified {
			switch {
			case mod == "security":
				group = incident.SecurityForces
			case mod == "civilian" || civilCtx:
				group = incident.Civilians
			}
		}
		// The outcome word: one right before the figure ("killing five",
		// "martyred three"); else the first one after it in the clause
		// ("two were killed and three others injured": three are
		// injured); else the nearest one.
		best, bestDist := "", 1<<30
		for _, o := range outcomes {
			if o.j == i {
				best, bestDist = o.label, 0
			}
		}
		conj := i > 0 && (t[i-1].norm == "and" || t[i-1].norm == "while" || t[i-1].norm == "whereas" || t[i-1].norm == "," || t[i-1].norm == "with")
		if best == "" && conj {
			for _, o := range outcomes {
				if o.i >= end && o.i-end <= 12 && !s.numberBetween(d, end, o.i) {
					best, bestDist = o.label, 0
					break
				}
			}
		}
		for _, o := range outcomes {
			if bestDist == 0 {
				break
			}
			var dist int
			switch {
			case o.i >= end:
				dist = o.i - end
			case o.j <= i:
				dist = i - o.j + 1 // ties go to the word after
			default:
				continue
			}
			if dist < bestDist {
				best, bestDist = o.label, dist
			}
		}
		if best != "killed" && best != "injured" {
			i = end - 1
			continue
		}
		// "at least four Chinese nationals and nine personnel": the
		// qualifier covers the figures joined to the first
		if i > 0 && t[i-1].norm == "and" && len(s.figures) > 0 && !r.AtLeast && r.Low == r.High {
			if p := s.figures[len(s.figures)-1]; p.Range.AtLeast && p.End <= t[i-1].start && t[i-1].start-p.End <= 2 {
				r.AtLeast = true
			}
		}
		e := s.ev(text, i, end)
		if update && (best == "" || tollKilled(t, i)) {
			best = "killed"
		}
		f := Figure{Group: group, Outcome: best, Range: r, Evidence: e, Update: update}
		if isPart {
			parts[head] = append(parts[head], f)
			i = end - 1
			continue
		}
		s.figures = append(s.figures, f)
		head, partEnd = len(s.figures)-1, 0
		i = end - 1
	}
}

// nearOnly reports whether the word at token i is a setting the people
// were only near ("a blast near a bus"): being near a bus does not make
// them passengers.
func (s *sent) nearOnly(i int) bool {
	switch s.toks[i].norm {
	case "bus", "buses", "coach", "coaches":
	default:
		return false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch s.toks[k].norm {
		case "near", "outside", "beside", "next", "close":
			return true
		case "a", "an", "the", "to":
			continue
		}
		return false
	}
	return false
}

// tollUpdate reports whether the figure at token i updates an earlier one:
// "taking the death toll to 59", "the toll rose to 12", "had risen to four".
func (s *sent) tollUpdate(i int) bool {
	t := s.toks
	if i == 0 || t[i-1].norm != "to" {
		return false
	}
	for k := i - 2; k >= 0 && k >= i-6; k-- {
		switch t[k].norm {
		case "rose", "risen", "climbed", "jumped", "increased", "reached", "mounted", "soared", "toll":
			return true
		}
	}
	return false
}

// tollKilled reports whether the update at token i counts deaths ("death
// toll", "toll" alone) rather than injuries.
func tollKilled(t []token, i int) bool {
	for k := i - 2; k >= 0 && k >= i-6; k-- {
		switch t[k].norm {
		case "injured", "wounded", "injuries":
			return false
		case "toll", "death", "dead", "killed", "deaths":
			return true
		}
	}
	return false
}

// outcomeBetween reports whether an outcome word lies in tokens [i, j).
func (s *sent) outcomeBetween(outcomes []match, i, j int) bool {
	for _, o := range outcomes {
		if o.i >= i && o.i < j {
			return true
		}
	}
	return false
}

// splitTotals replaces a total by its parts when the parts given after
// "including" add up to it exactly ("five people, including four Levies
// personnel and a civilian driver" = 4 security forces + 1 civilian);
// otherwise the total stands in its own group and the parts are dropped.
func splitTotals(figs []Figure, parts map[int][]Figure) []Figure {
	if len(parts) == 0 {
		return figs
	}
	var out []Figure
	for n, f := range figs {
		ps := parts[n]
		sum, exact := 0, !f.Range.AtLeast && f.Range.Low == f.Range.High
		for _, p := range ps {
			exact = exact && !p.Range.AtLeast && p.Range.Low == p.Range.High
			sum += p.Range.Low
		}
		if len(ps) == 0 || !exact || sum != f.Range.Low {
			out = append(out, f)
			continue
		}
		for _, p := range ps {
			p.Outcome = f.Outcome
			out = append(out, p)
		}
	}
	return out
}

// numberBetween reports whether a number starts at a token in [i, j).
func (s *sent) numberBetween(d *dicts, i, j int) bool {
	for k := i; k < j; k++ {
		if _, _, ok := s.numberAt(d, k); ok && s.toks[k].norm != "a" && s.toks[k].norm != "an" {
			return true
		}
	}
	return false
}

// modifiedNouns after a group noun make it a modifier of a thing ("a
// passenger coach", "a Levies post", "two police vehicles").
var modifiedNouns = map[string]bool{"coach": true, "coaches": true, "bus": true, "buses": true, "van": true, "vans": true,
	"train": true, "vehicle": true, "vehicles": true, "car": true, "cars": true, "wagon": true, "truck": true, "trucks": true,
	"convoy": true, "post": true, "posts": true, "checkpost": true, "checkpoint": true, "camp": true, "camps": true,
	"station": true, "headquarters": true, "office": true, "offices": true, "compound": true, "quarters": true,
	"colony": true, "hostel": true, "residence": true, "house": true, "houses": true}

// scanStop ends the search for a figure's group noun.
var scanStop = map[string]bool{"with": true, "in": true, "on": true, "at": true, "by": true, "for": true, "to": true,
	"from": true, "into": true, "after": true, "during": true, "near": true, "when": true, "while": true, "who": true,
	"which": true, "that": true, "as": true, "than": true}

type nounHit struct {
	group incident.Group
	j     int
}

// groupNoun reports whether a real group noun (not a modifier) starts at m.
func (x *run) groupNoun(t []token, m int) (nounHit, bool) {
	for _, p := range x.d.groups.byFirst[t[m].norm] {
		if p.label[0] == '@' || m+len(p.toks) > len(t) {
			continue
		}
		ok := true
		for k, w := range p.toks {
			if t[m+k].norm != w {
				ok = false
				break
			}
		}
		if ok {
			return nounHit{group: incident.Group(p.label), j: m + len(p.toks)}, true
		}
	}
	return nounHit{}, false
}

// insideActor reports whether the group noun ending at token end is part of
// a longer actor name ("Levies official", "police officials").
func (s *sent) insideActor(end int) bool {
	for _, a := range s.actors {
		if a.i < end && a.j > end {
			return true
		}
	}
	return false
}
