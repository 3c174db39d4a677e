package extract

import "strings"

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
	vague    []vagueFigure // counts given only in words ("dozens of people")
	dates    []dateHit
	places   []Place
	series   string
	seriesEv *Evidence
	generic  bool
	meta     bool // a byline or publication stamp: no part of any event
	front    bool // before the body: headline, standfirst, bullets
	item     bool // a bulleted line in the body
	subhead  bool // a subheading in the body
	prev     *sent
	// parent is the whole sentence when s is one of its clauses
	parent *sent
	// separate is set on a sentence split where a clause announces a
	// separate event
	separate bool
	// ownSpeakers is set on a sentence split whose clauses do not share
	// its verbs of saying
	ownSpeakers bool
	// mixed: the sentence counts people of more than one kind together
	// ("five people, including a policeman")
	mixed bool
}

type actorHit struct {
	id   string
	kind ActorKind
	i, j int
}

func (s *sent) has(label string) bool {
	for _, c := range s.cues {
		if c.label == label {
			return true
		}
	}
	return false
}

func (s *sent) hasEvent() bool {
	return len(s.events) > 0 || s.parent != nil && len(s.parent.events) > 0
}

func (s *sent) ev(text string, i, j int) Evidence {
	start, end := s.toks[i].start, s.toks[j-1].end
	return Evidence{Sentence: s.idx, SentenceStart: s.span.Start, SentenceEnd: s.span.End, Start: start, End: end, Text: text[start:end]}
}

// analyse runs every dictionary over sentence idx.
func (x *run) analyse(text string, idx int, sp Span, lastGroup *string, prev *sent) *sent {
	s := &sent{idx: idx, span: sp, toks: tokenize(sp.Text, sp.Start), prev: prev}
	d := x.d
	for _, m := range d.actors.all(s.toks) {
		id, kind := m.label, d.actorKind[m.label]
		if id == "@group" {
			if *lastGroup == "" {
				continue
			}
			id, kind = *lastGroup, ArmedGroup
		} else if kind == ArmedGroup {
			*lastGroup = id
		}
		if n := len(s.actors); n > 0 && s.actors[n-1].j == m.i && m.j == m.i+1 && roleWords[s.toks[m.i].norm] {
			// "Edhi sources", "Levies officials": the body the role speaks for
			s.actors[n-1].j = m.j
			continue
		}
		s.actors = append(s.actors, actorHit{id: id, kind: kind, i: m.i, j: m.j})
	}
	s.findPeople(&x.people, d)
	s.learnNames(&x.people)
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
	s.generic = s.has("habitual") && len(s.events) > 0 && len(s.figures) == 0 && len(s.dates) == 0 && !s.claimsBack()
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

// roleWords right after an actor's name are that actor's people ("Edhi
// sources", "FC officials"), not a second, generic actor.
var roleWords = map[string]bool{"sources": true, "source": true, "officials": true, "official": true,
	"spokesman": true, "spokesperson": true, "spokeswoman": true}

// claimsBack reports whether the sentence claims or denies the event the
// text reports ("also claimed responsibility for the attack"): however it
// goes on ("but they could not confirm it"), it is about that event.
func (s *sent) claimsBack() bool {
	if !s.has("anaphora") {
		return false
	}
	for _, m := range s.stmts {
		if k := stmtKind(m.label); k == stmtResponsibility || k == stmtDenial {
			return true
		}
	}
	return false
}
