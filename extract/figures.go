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
	for _, o := range x.d.outcomes.all(s.toks) {
		// "whose identity was not released": a negated word is no outcome
		if o.i > 0 && (s.toks[o.i-1].norm == "not" || s.toks[o.i-1].norm == "never" || o.i > 1 && s.toks[o.i-2].norm == "not") {
			continue
		}
		sc.outcomes = append(sc.outcomes, o)
	}
	if len(sc.outcomes) == 0 {
		return
	}
	sc.groups = x.d.groups.all(s.toks)
	for n, g := range sc.groups {
		// a civilian setting or a civilian noun anywhere in the sentence
		// ("near a passenger bus", "women and children"), but not in a list
		// with security forces ("both civilians and soldiers")
		if (g.label == "@civilian" || g.label == string(incident.Civilians)) && !s.nearOnly(g.i) && !mixedList(s.toks, sc.groups, n) {
			sc.civilCtx = true
		}
	}
	if s.mixedParts(sc.groups) {
		// "five people, including a policeman": the people are of more
		// than one kind, whatever the setting
		sc.civilCtx, s.mixed = false, true
	}
	for i := 0; i < len(s.toks); i++ {
		if next := s.figureAt(x, sc, text, i); next > i+1 {
			i = next - 1
		}
	}
	s.figures = splitTotals(s.figures, sc.parts)
	s.findVague(x, sc, text)
}

// vagueWords are quantities without a number ("dozens of people").
var vagueWords = map[string]bool{"dozens": true, "scores": true, "several": true, "many": true, "hundreds": true,
	"numerous": true, "multiple": true}

// findVague keeps the words of a casualty count given without a number
// ("dozens of people were injured"): the text says how many only in
// words, and the draft says so instead of inventing a number.
func (s *sent) findVague(x *run, sc *figScan, text string) {
	t := s.toks
	for i := 0; i+1 < len(t); i++ {
		if !vagueWords[t[i].norm] {
			continue
		}
		k := i + 1
		if t[k].norm == "of" {
			k++
		}
		for k < len(t) && k <= i+3 && !t[k].word {
			k++
		}
		if k >= len(t) {
			return
		}
		n, ok := x.groupNoun(t, k)
		if !ok && k+1 < len(t) {
			n, ok = x.groupNoun(t, k+1) // "several other people"
		}
		if !ok {
			continue
		}
		outcome := s.figureOutcome(x.d, sc, i, n.j)
		if outcome != "killed" && outcome != "injured" {
			continue
		}
		e := s.ev(text, i, n.j)
		s.vague = append(s.vague, vagueFigure{outcome: outcome, ev: e})
		i = n.j - 1
	}
}

// vagueFigure is a casualty count given only in words.
type vagueFigure struct {
	outcome string
	ev      Evidence
}

// figureAt reads a figure starting at token i, adds it (or a part of the
// latest total) and returns the token to go on from.
func (s *sent) figureAt(x *run, sc *figScan, text string, i int) int {
	d, t := x.d, s.toks
	r, k, ok := s.rangeAt(d, i)
	if !ok {
		return s.definiteOne(x, sc, text, i)
	}
	single := k == i+1 && (t[i].norm == "a" || t[i].norm == "an" || t[i].norm == "another" || t[i].norm == "no")
	if s.noCount(d, i, k, single) {
		return i + 1
	}
	if k < len(t) && t[k].norm == "more" && s.updateAfter(d, i) {
		// "seven more people succumbed, taking the toll to 59": the
		// increment is in the new toll
		return k
	}
	group, mod, end := s.figureNoun(x, sc, i, k, single)
	update := s.tollUpdate(i)
	if group == "" {
		if group, end = s.headless(d, sc, i, k, single, update); group == "" {
			return i + 1
		}
	}
	if a := s.actorAcross(end); a >= 0 {
		// "a Levies official said": a speaker, not a figure; "a senior
		// Levies officer was martyred": the figure is the whole name
		end = a
	}
	if s.notPeople(d, group, k, end, single) {
		return end
	}
	isPart, skip := s.partOfTotal(sc, i, end)
	if skip {
		return end
	}
	group = s.resolveGroup(x, sc, i, end, group, mod)
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

// noCount reports whether the number phrase [i, k) counts no one by its
// words alone: "both civilians and soldiers" (a conjunction), "two sons of
// a trader" (whose sons).
func (s *sent) noCount(d *dicts, i, k int, single bool) bool {
	t := s.toks
	if t[i].norm == "both" && s.andWithin(k, 4) {
		return true
	}
	return single && i > 0 && t[i-1].norm == "of" && len(s.figures) > 0 && s.figures[len(s.figures)-1].End >= t[i-1].start-1
}

// headless reads a number with no group noun after it: a toll ("taking
// the death toll to 59"), a total before "including" ("Fourteen,
// including seven FC personnel"), or a bare count next to an outcome word
// ("three were killed", "killing five"), which counts the people the text
// spoke of just before ("@bare"). It returns "" when the number counts no
// one.
func (s *sent) headless(d *dicts, sc *figScan, i, k int, single, update bool) (incident.Group, int) {
	t := s.toks
	switch {
	case update:
		return incident.Unspecified, k
	case !single && k < len(t) && (t[k].norm == "including" || t[k].norm == "," && k+1 < len(t) && t[k+1].norm == "including"):
		return incident.Unspecified, k
	case single || !s.bareOutcome(d, k) && !outcomeBefore(sc.outcomes, i) || t[i].norm == "one" && i > 0 && quantifiers[t[i-1].norm]:
		return "", k
	}
	return "@bare", k
}

// notPeople reports whether the figure's words [.., end) name a speaker or
// a thing rather than casualties: "a government official said", "a dozen
// militants to take control", "four FC personnel among fifteen persons"
// (a part of the total after it), "a major operation", "a passenger
// coach".
func (s *sent) notPeople(d *dicts, group incident.Group, k, end int, single bool) bool {
	t := s.toks
	switch {
	case s.speaksAt(d, end):
		return true
	case group == incident.Militants && end+1 < len(t) && t[end].norm == "to" && t[end+1].word && !t[end+1].upper && !startsDigit(t[end+1].norm):
		return true
	case end+1 < len(t) && t[end].norm == "among" && s.numberBetween(d, end+1, min(end+3, len(t))):
		return true
	case single && end == k+1 && adjectiveRanks[t[k].norm] && !t[k].upper:
		return true
	}
	return end < len(t) && modifiedNouns[t[end].norm]
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
	for m < len(t) && (t[m].norm == "were" || t[m].norm == "was" || t[m].norm == "have" || t[m].norm == "had" || t[m].norm == "been" || t[m].norm == "people" || t[m].norm == "others" || t[m].norm == "more") {
		m++
	}
	c, ok := d.cues.at(t, m)
	return ok && (c.label == "killed" || c.label == "injured")
}

// outcomeBefore reports whether an outcome word ends right before token i
// ("killing two", "injuring another two").
func outcomeBefore(outcomes []match, i int) bool {
	for _, o := range outcomes {
		if o.j == i && o.label != "abducted" {
			return true
		}
	}
	return false
}

// partOfTotal decides whether the figure [i, end) is a part of the latest
// total: the first part follows "including" or "among them"; the ones after
// it continue the list until an outcome word. skip is set for a part with
// no total before it.
func (s *sent) partOfTotal(sc *figScan, i, end int) (isPart, skip bool) {
	t := s.toks
	if i > 0 && (t[i-1].norm == "including" || t[i-1].norm == "includes" || t[i-1].norm == "include" || t[i-1].norm == "included" || (i > 1 && t[i-2].norm == "among" && (t[i-1].norm == "them" || t[i-1].norm == "whom"))) {
		if sc.head < 0 {
			// "the dead included two soldiers": the list itself; "...,
			// including two soldiers" with no total here: a part of one
			// given elsewhere
			return false, t[i-1].norm != "include" && t[i-1].norm != "included"
		}
		sc.partEnd = end
		return true, false
	}
	if i > 0 && (t[i-1].norm == "-" || t[i-1].norm == ":") && sc.head >= 0 && s.figures[sc.head].Group == incident.Unspecified {
		// "at least three people died - two guards and a policeman"
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
func (s *sent) resolveGroup(x *run, sc *figScan, i, end int, group incident.Group, mod string) incident.Group {
	if group == "@others" || group == "@bare" {
		ofThem := end+1 < len(s.toks) && s.toks[end].norm == "of" && (s.toks[end+1].norm == "them" || s.toks[end+1].norm == "those")
		switch before := nounBefore(sc.groups, i); {
		case len(s.figures) > 0:
			group = s.figures[len(s.figures)-1].Group
		case before != "" && !ofThem: // ("one of them": the people counted before, not the sentence's subject)
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
		case s.ownMembers(i, end):
			// "the BLA lost two of its own members": the group's own dead
			return incident.Militants
		case rankNouns[s.toks[end-1].norm] && s.securitySetting(sc):
			// "an IED attack on a military post, killing one officer"
			return incident.SecurityForces
		}
	}
	return group
}

// rankNouns are words for people that name a rank, not a role outside
// the forces, when the setting is a military or police one.
var rankNouns = map[string]bool{"officer": true, "officers": true}

// securitySetting reports whether the sentence names a security force or
// post other than as a speaker ("a military post", "an army convoy").
func (s *sent) securitySetting(sc *figScan) bool {
	for _, g := range sc.groups {
		if g.label == "@security" && !s.actorAt(g.i) {
			return true
		}
	}
	return false
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
		// "34 lives were lost": the outcome phrase takes in the noun
		if o.i > i && o.i < end && o.j > end {
			return o.label
		}
	}
	conj := i > 0 && (t[i-1].norm == "and" || t[i-1].norm == "while" || t[i-1].norm == "whereas" || t[i-1].norm == "," || t[i-1].norm == "with")
	if conj {
		for _, o := range sc.outcomes {
			if o.i >= end && o.i-end <= 20 && !s.numberBetween(d, end, o.i) {
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

// nearOnly reports whether the word at token i is a bus the people were
// not said to be on ("a blast near a bus", "a bus was targeted"): only
// people on or aboard a bus are its passengers.
func (s *sent) nearOnly(i int) bool {
	switch s.toks[i].norm {
	case "bus", "buses", "coach", "coaches":
	default:
		return false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch s.toks[k].norm {
		case "on", "aboard", "in", "inside", "onboard", "board":
			return false // "gunmen opened fire on a bus": its passengers
		case "a", "an", "the", "to", "moving", "crowded", "packed":
			continue
		}
		return true
	}
	return true
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
		if strings.Contains(strings.ToLower(f.Text), "other") && otherGroup(ps, f.Group) {
			// "four soldiers were killed and 12 others, including two
			// children, wounded": the others are not all soldiers
			f.Group = incident.Unspecified
		}
		if len(ps) == 0 || !exact || sum != f.Range.Low {
			// "at least three people, two guards and a policeman": parts
			// of one group adding up to the total say who they were
			if g, ok := oneVictimGroup(ps, f.Range); ok && f.Group == incident.Unspecified && sum == f.Range.Low {
				f.Group = g
			}
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
			if k > 0 && (s.toks[k-1].norm == "including" || s.toks[k-1].norm == "them") {
				continue // "12 others, including two children, wounded": a part, not another count
			}
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
	"colony": true, "hostel": true, "residence": true, "house": true, "houses": true,
	"attack": true, "attacks": true, "group": true, "groups": true, "outfit": true, "organisation": true,
	"organization": true, "hideout": true, "hideouts": true, "network": true, "cell": true, "base": true,
	"operation": true, "operations": true, "incident": true, "incidents": true, "raid": true, "raids": true,
	"blast": true, "explosion": true, "ambush": true, "clash": true, "day": true, "time": true, "statement": true,
	"patrol": true, "patrols": true, "team": true, "party": true, "squad": true, "unit": true, "mobile": true}

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
	// "a senior official of the Levies Force told Dawn", "four security
	// officials, speaking to Reuters, said"
	for k := end; k < len(s.toks) && k < end+5; k++ {
		if k > end && s.toks[k-1].norm == "," {
			return s.toks[k].norm == "speaking" || s.toks[k].norm == "talking"
		}
		if m, ok := d.statements.at(s.toks, k); ok {
			switch stmtKind(m.label) {
			case stmtReport, stmtDenial, stmtResponsibility:
				return s.toks[k].norm != "statement" && s.toks[k].norm != "statements"
			}
			return false
		}
		if k > end && s.toks[k].norm != "of" && s.toks[k].norm != "the" && !s.actorAt(k) && s.toks[k].norm != "," {
			return false
		}
		if o, ok := d.outcomes.at(s.toks, k); ok && o.i == k {
			return false
		}
	}
	return false
}

// adjectiveRanks are ranks that are also adjectives: lower-case after "a"
// they describe a thing ("a major operation").
var adjectiveRanks = map[string]bool{"major": true, "general": true}

// andWithin reports whether "and" comes within n tokens from token k.
func (s *sent) andWithin(k, n int) bool {
	for m := k; m < len(s.toks) && m < k+n; m++ {
		if s.toks[m].norm == "and" {
			return true
		}
	}
	return false
}

// updateAfter reports whether a toll update comes after token i in the
// sentence.
func (s *sent) updateAfter(d *dicts, i int) bool {
	for k := i + 1; k < len(s.toks); k++ {
		if s.tollUpdate(k) {
			if _, _, ok := s.numberAt(d, k); ok {
				return true
			}
		}
	}
	return false
}

// mixedList reports whether group noun n is one of a list naming
// civilians and security forces together ("including both civilians and
// soldiers"): such a total is of people of both kinds.
func mixedList(toks []token, groups []match, n int) bool {
	for m := n - 1; m <= n+1; m += 2 {
		if m < 0 || m >= len(groups) || abs(groups[m].i-groups[n].i) > 4 {
			continue
		}
		if l := groups[m].label; l != string(incident.SecurityForces) && l != "@security" {
			continue
		}
		first := min(groups[m].i, groups[n].i)
		for k := max(0, first-3); k < first; k++ {
			if w := toks[k].norm; w == "both" || w == "including" || w == "among" {
				return true
			}
		}
	}
	return false
}

// definiteOne reads "the terrorist was killed", "the driver was injured":
// a definite singular group noun right before "was" and an outcome word
// counts one. It returns the token to go on from.
func (s *sent) definiteOne(x *run, sc *figScan, text string, i int) int {
	t := s.toks
	if t[i].norm != "the" || i+3 >= len(t) {
		return i + 1
	}
	n, ok := x.groupNoun(t, i+1)
	if !ok || n.j >= len(t) || t[n.j].norm != "was" || strings.HasSuffix(t[n.j-1].norm, "s") {
		return i + 1
	}
	if o, ok := x.d.outcomes.at(t, n.j+1); !ok || o.label == "abducted" || s.actorAt(i+1) {
		return i + 1
	}
	best := s.figureOutcome(x.d, sc, i, n.j)
	f := Figure{Group: n.group, Outcome: best, Range: incident.Range{Low: 1, High: 1}, Evidence: s.ev(text, i, n.j)}
	if n.group == incident.Unspecified {
		return n.j
	}
	s.figures = append(s.figures, f)
	sc.head, sc.partEnd = len(s.figures)-1, 0
	return n.j
}

// mixedParts reports whether the sentence names security forces after
// "including" or "among them" ("five people, including a policeman").
func (s *sent) mixedParts(groups []match) bool {
	for _, g := range groups {
		if g.label != string(incident.SecurityForces) {
			continue
		}
		for k := g.i - 1; k >= 0 && k >= g.i-3; k-- {
			if n := s.toks[k].norm; n == "including" || n == "among" {
				return true
			}
		}
	}
	return false
}

// ownMembers reports whether the figure [i, end) counts an armed group's
// own people ("two of its own members", "three of their fighters") in a
// sentence naming an armed group.
func (s *sent) ownMembers(i, end int) bool {
	own := false
	for k := i; k < end; k++ {
		own = own || s.toks[k].norm == "its" || s.toks[k].norm == "their"
	}
	if !own {
		return false
	}
	for _, a := range s.actors {
		if a.kind == ArmedGroup && a.i < i {
			return true
		}
	}
	return false
}

// otherGroup reports whether a part counts people of another group than g.
func otherGroup(ps []Figure, g incident.Group) bool {
	for _, p := range ps {
		if p.Group != g && p.Group != incident.Unspecified {
			return true
		}
	}
	return false
}
