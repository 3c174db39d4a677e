package extract

import (
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// The figures stage: casualty figures are number phrases ("at least 5",
// "between 3 and 7", "a Major") bound to a group noun and an outcome word
// in their sentence. Totals and the parts given after "including" are kept
// apart (splitTotals).

// figScan is the state of the figure scan over one sentence.
type figScan struct {
	outcomes []match // killed, injured and abducted words
	groups   []match // group nouns and context words
	civilCtx bool    // the sentence names a civilian setting or civilians
	// head is the index in s.figures of the latest total; partEnd the
	// token after the latest part of its breakdown (0: none open).
	head, partEnd int
	parts         map[int][]Figure
}

// findFigures finds casualty figures: a number expression followed, within a
// few words, by a group noun ("20 soldiers", "a Major", "three of the
// attackers") or directly by an outcome word ("three were killed"), in a
// sentence with a killed or injured word. The nearest outcome word decides
// whether the figure counts killed or injured; a figure nearest to
// "abducted" or "arrested" is no casualty. Figures after "including" or
// "among them" are parts of the total before them (see splitTotals).
func (s *sent) findFigures(x *run, text string) {
	sc := &figScan{head: -1, parts: map[int][]Figure{}}
	sc.outcomes = x.d.outcomes.all(s.toks)
	if len(sc.outcomes) == 0 {
		return
	}
	sc.groups = x.d.groups.all(s.toks)
	for _, g := range sc.groups {
		// a civilian setting or a civilian noun anywhere in the sentence
		// ("near a passenger bus", "women and children")
		if (g.label == "@civilian" || g.label == string(incident.Civilians)) && !s.nearOnly(g.i) {
			sc.civilCtx = true
		}
	}
	for i := 0; i < len(s.toks); i++ {
		if next := s.figureAt(x, sc, text, i); next > i+1 {
			i = next - 1
		}
	}
	s.figures = splitTotals(s.figures, sc.parts)
}

// figureAt reads a figure starting at token i, adds it (or a part of the
// latest total) and returns the token to go on from.
func (s *sent) figureAt(x *run, sc *figScan, text string, i int) int {
	d, t := x.d, s.toks
	r, k, ok := s.rangeAt(d, i)
	if !ok {
		return i + 1
	}
	single := k == i+1 && (t[i].norm == "a" || t[i].norm == "an" || t[i].norm == "another" || t[i].norm == "no")
	group, mod, end := s.figureNoun(x, sc, i, k, single)
	update := s.tollUpdate(i)
	if group == "" && update {
		// "taking the death toll to 59", "the toll rose to 12"
		group, end = incident.Unspecified, k
	}
	if group == "" {
		if single || !s.bareOutcome(d, k) || t[i].norm == "one" && i > 0 && quantifiers[t[i-1].norm] {
			return i + 1
		}
		// "three were killed", "two died", "killing five", "one was
		// killed": the people the text spoke of just before
		group, end = "@bare", k
	}
	if a := s.actorAcross(end); a >= 0 {
		// "a Levies official said": a speaker, not a figure; "a senior
		// Levies officer was martyred": the figure is the whole name
		end = a
	}
	if s.speaksAt(x.d, end) {
		return end
	}
	if end < len(t) && modifiedNouns[t[end].norm] {
		return end // "a passenger coach", "a police station": a thing, not people
	}
	isPart, skip := s.partOfTotal(sc, i, end)
	if skip {
		return end
	}
	group = s.resolveGroup(x, sc, i, group, mod)
	best := s.figureOutcome(d, sc, i, end)
	if best != "killed" && best != "injured" {
		return end
	}
	// "at least four Chinese nationals and nine personnel": the qualifier
	// covers the figures joined to the first
	if i > 0 && t[i-1].norm == "and" && len(s.figures) > 0 && !r.AtLeast && r.Low == r.High {
		if p := s.figures[len(s.figures)-1]; p.Range.AtLeast && p.End <= t[i-1].start && t[i-1].start-p.End <= 2 {
			r.AtLeast = true
		}
	}
	if update && tollKilled(t, i) {
		best = "killed"
	}
	f := Figure{Group: group, Outcome: best, Range: r, Evidence: s.ev(text, i, end), Update: update}
	if isPart {
		sc.parts[sc.head] = append(sc.parts[sc.head], f)
		return end
	}
	s.figures = append(s.figures, f)
	sc.head, sc.partEnd = len(s.figures)-1, 0
	return end
}

// figureNoun finds the group noun of the number phrase [i, k): it skips
// modifiers and "of the", up to four words ("three of the attackers", "two
// FC men"). It returns the group ("@others" for "others"), the modifier
// seen ("security", "civilian") and the token after the noun.
func (s *sent) figureNoun(x *run, sc *figScan, i, k int, single bool) (incident.Group, string, int) {
	d, t := x.d, s.toks
	groupAt := func(m int) (match, bool) {
		for _, g := range sc.groups {
			if g.i == m {
				return g, true
			}
		}
		return match{}, false
	}
	mod := ""
	for m := k; m < len(t) && m < k+5; m++ {
		if g, ok := groupAt(m); ok {
			switch g.label {
			case "@security", "@civilian":
				mod = strings.TrimPrefix(g.label, "@")
				// "soldiers"/"personnel" are both a modifier and a noun
				if n, ok := x.groupNoun(t, m); ok {
					return n.group, mod, n.j
				}
				m = g.j - 1
				continue
			case "@others":
				return "@others", mod, g.j
			}
			return incident.Group(g.label), mod, g.j
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
	if t[i].norm == "another" && k == i+1 {
		return "@others", mod, k // "two were killed and another injured"
	}
	return "", mod, k
}

// bareOutcome reports whether an outcome word follows the number ending
// before token k, with only auxiliaries between ("three were killed",
// "two have died").
func (s *sent) bareOutcome(d *dicts, k int) bool {
	t := s.toks
	m := k
	for m < len(t) && (t[m].norm == "were" || t[m].norm == "was" || t[m].norm == "have" || t[m].norm == "had" || t[m].norm == "been" || t[m].norm == "people" || t[m].norm == "others") {
		m++
	}
	c, ok := d.cues.at(t, m)
	return ok && (c.label == "killed" || c.label == "injured")
}

// partOfTotal decides whether the figure [i, end) is a part of the latest
// total: the first part follows "including" or "among them"; the ones after
// it continue the list until an outcome word. skip is set for a part with
// no total before it.
func (s *sent) partOfTotal(sc *figScan, i, end int) (isPart, skip bool) {
	t := s.toks
	if i > 0 && (t[i-1].norm == "including" || t[i-1].norm == "includes" || (i > 1 && t[i-2].norm == "among" && (t[i-1].norm == "them" || t[i-1].norm == "whom"))) {
		if sc.head < 0 {
			return false, true
		}
		sc.partEnd = end
		return true, false
	}
	if sc.head >= 0 && sc.partEnd > 0 && !s.outcomeBetween(sc.outcomes, sc.partEnd, i) {
		sc.partEnd = end
		return true, false
	}
	sc.partEnd = 0
	return false, false
}

// resolveGroup settles "others" (the group of the figure before) and
// unspecified people (security forces after a security modifier, civilians
// in a civilian setting).
func (s *sent) resolveGroup(x *run, sc *figScan, i int, group incident.Group, mod string) incident.Group {
	if group == "@others" || group == "@bare" {
		switch before := nounBefore(sc.groups, i); {
		case len(s.figures) > 0:
			group = s.figures[len(s.figures)-1].Group
		case before != "":
			group = before // "the terrorist was killed while another was injured"
		default:
			group = s.prev.lastGroup(x.d)
		}
	}
	if group == incident.Unspecified {
		switch {
		case mod == "security":
			return incident.SecurityForces
		case mod == "civilian" || sc.civilCtx:
			return incident.Civilians
		}
	}
	return group
}

// nounBefore is the specific group of the last group noun before token i,
// or "".
func nounBefore(groups []match, i int) incident.Group {
	for k := len(groups) - 1; k >= 0; k-- {
		if groups[k].i >= i {
			continue
		}
		if g := incident.Group(groups[k].label); specificGroup[g] {
			return g
		}
	}
	return ""
}

// specificGroup are the groups that say who the people were.
var specificGroup = map[incident.Group]bool{incident.SecurityForces: true, incident.Militants: true, incident.Civilians: true}

// quantifiers before "one" make it no count ("no one was hurt", "every
// one of them").
var quantifiers = map[string]bool{"no": true, "every": true, "any": true, "the": true, "this": true, "that": true}

// lastGroup is the group of the last casualty figure of s, else of the
// last counted group it names ("four personnel were in the post. One was
// killed"): what a bare figure or "others" in the next sentence count.
// Unspecified when s is nil or names no group.
func (s *sent) lastGroup(d *dicts) incident.Group {
	if s == nil {
		return incident.Unspecified
	}
	if n := len(s.figures); n > 0 {
		return s.figures[n-1].Group
	}
	ms := d.groups.all(s.toks)
	for k := len(ms) - 1; k >= 0; k-- {
		g := incident.Group(ms[k].label)
		if !specificGroup[g] {
			continue
		}
		// only a counted group ("four personnel"): a group merely named
		// ("clashes with terrorists") is not who the next figure counts
		for m := ms[k].i - 1; m >= 0 && m >= ms[k].i-3; m-- {
			if _, _, ok := s.numberAt(d, m); ok {
				return g
			}
		}
	}
	return incident.Unspecified
}

// figureOutcome chooses the outcome word of the figure [i, end): one right
// before it ("killing five", "martyred three"); else, after "and" or
// "while", the first one after it in its clause ("two were killed and
// three others injured": three are injured); else the nearest one (ties go
// to the word after).
func (s *sent) figureOutcome(d *dicts, sc *figScan, i, end int) string {
	t := s.toks
	for _, o := range sc.outcomes {
		// "killing five", "the killing of five people", "injuries to ten"
		if o.j == i || o.j == i-1 && (t[i-1].norm == "of" || t[i-1].norm == "to") {
			return o.label
		}
	}
	conj := i > 0 && (t[i-1].norm == "and" || t[i-1].norm == "while" || t[i-1].norm == "whereas" || t[i-1].norm == "," || t[i-1].norm == "with")
	if conj {
		for _, o := range sc.outcomes {
			if o.i >= end && o.i-end <= 12 && !s.numberBetween(d, end, o.i) {
				return o.label
			}
		}
	}
	best, bestDist := "", 1<<30
	for _, o := range sc.outcomes {
		var dist int
		switch {
		case o.i >= end:
			dist = o.i - end
		case o.j <= i:
			dist = i - o.j + 1
		default:
			continue
		}
		if dist < bestDist {
			best, bestDist = o.label, dist
		}
	}
	return best
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
	if i == 0 {
		return false
	}
	switch t[i-1].norm {
	case "to":
	case "reached", "at", "hit":
		// "the death toll has reached five", "the toll stood at six"
		for k := i - 2; k >= 0 && k >= i-5; k-- {
			if t[k].norm == "toll" {
				return true
			}
		}
		return false
	default:
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
	for k := i - 2; k >= 0 && k >= i-8; k-- {
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
	"convoy": true, "post": true, "posts": true, "checkpost": true, "check": true, "checkposts": true, "checkpoints": true, "checkpoint": true, "camp": true, "camps": true,
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

// actorAcross returns the end of an actor name that the group noun ending
// at token end is part of ("Levies official", "police officials"), or -1.
func (s *sent) actorAcross(end int) int {
	for _, a := range s.actors {
		if a.i < end && a.j > end {
			return a.j
		}
	}
	return -1
}

// speaksAt reports whether a statement verb follows the words ending
// before token end ("a government official said", "two officials told
// reporters"): the words name a speaker, not casualties.
func (s *sent) speaksAt(d *dicts, end int) bool {
	m, ok := d.statements.at(s.toks, end)
	if !ok {
		return false
	}
	switch stmtKind(m.label) {
	case stmtReport, stmtDenial, stmtResponsibility:
		return s.toks[end].norm != "statement" && s.toks[end].norm != "statements"
	}
	return false
}
