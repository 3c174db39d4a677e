package extract

import "github.com/incidentmap/incidentmap/incident"

// typeSentences is how many of an event's first typed sentences decide its
// type.
const typeSentences = 2

func (r *run) chooseType(g *evGroup, c *Candidate) {
	var tc typeContext
	civilians, others := false, false
	for _, cl := range c.Claims {
		for g, x := range cl.Casualties {
			if x.Killed == nil || x.Killed.High == 0 {
				continue
			}
			if g == incident.Civilians {
				civilians = true
			} else {
				others = true
			}
		}
		for _, f := range cl.Figures {
			if f.Outcome == "killed" && f.Range.High > 0 {
				tc.killed = true
			}
		}
		tc.official = tc.official || cl.Kind == incident.KindOfficial
		tc.armedClaim = tc.armedClaim || cl.Kind == incident.KindResponsibility
	}
	tc.onlyCivilians = civilians && !others
	best, bestSent := tc.cue(g, true)
	if best == nil {
		// all cues demoted: take the demoted type rather than none
		best, bestSent = tc.cue(g, false)
	}
	if best == nil && tc.onlyCivilians {
		// "the killing of two labourers": civilians killed, and no other cue
		c.Type = incident.TypeTargetedKilling
		c.Notes = append(c.Notes, "no cue for the incident type but civilians killed: a targeted killing")
		return
	}
	if best == nil {
		c.Type = incident.TypeOther
		c.Notes = append(c.Notes, "no cue for the incident type: set to other")
		return
	}
	if best.label == string(incident.TypeOperation) && !tc.official && tc.armedClaim {
		best.label = string(incident.TypeArmedClash)
	}
	if best.label == string(incident.TypeArmedClash) && tc.onlyCivilians {
		// gunmen killing civilians and no one else is no clash
		best.label = string(incident.TypeTargetedKilling)
		c.Notes = append(c.Notes, "only civilians were killed: a targeted killing rather than a clash")
	}
	c.Type = incident.Type(best.label)
	e := bestSent.ev(r.text, best.i, best.j)
	c.TypeEvidence = &e
}

// typeContext is what the claims say that bears on the type.
type typeContext struct {
	killed     bool // someone was killed
	official   bool // an official speaks
	armedClaim bool // an armed group claims it
	// onlyCivilians: the killed are civilians and no one else
	onlyCivilians bool
}

// cue returns the highest-priority typed event cue of the event's first
// typed sentences, and its sentence. With demote, an attack on
// infrastructure in which anyone was killed, and an operation only an
// armed group speaks of, give way. A clause split from a sentence that
// has no cue of its own takes its sentence's cues.
func (tc typeContext) cue(g *evGroup, demote bool) (*match, *sent) {
	var best *match
	var bestSent *sent
	typed := 0
	for _, s := range g.sents {
		if !s.typed() && s.parent != nil {
			s = s.parent
		}
		if !s.typed() {
			continue
		}
		if typed++; demote && typed > typeSentences {
			break
		}
		protest := s.hasType(incident.TypeProtest)
		for _, m := range s.events {
			if m.label == "event" {
				continue
			}
			if protest && m.label != string(incident.TypeProtest) && s.after(m.i, "against") {
				continue // "a sit-in against enforced disappearances": a protest
			}
			if m.label == string(incident.TypeAbduction) && s.thingAfter(m.j) {
				continue // "seized their weapons": things taken, no one abducted
			}
			if demote && (m.label == string(incident.TypeInfrastructure) && tc.killed ||
				m.label == string(incident.TypeOperation) && !tc.official && tc.armedClaim) {
				continue
			}
			if best == nil || m.rank < best.rank {
				mm := m
				best, bestSent = &mm, s
			}
		}
	}
	return best, bestSent
}

// typed reports whether the sentence has an event cue that suggests a type.
func (s *sent) typed() bool {
	for _, m := range s.events {
		if m.label != "event" {
			return true
		}
	}
	return false
}

// hasType reports whether the sentence has an event cue of type t.
func (s *sent) hasType(t incident.Type) bool {
	for _, m := range s.events {
		if m.label == string(t) {
			return true
		}
	}
	return false
}

// after reports whether word comes within three words before token i
// ("against the enforced disappearance").
func (s *sent) after(i int, word string) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if s.toks[k].norm == word {
			return true
		}
	}
	return false
}

// things are what is seized or taken when no one is abducted.
var things = map[string]bool{"weapons": true, "weapon": true, "arms": true, "ammunition": true, "vehicle": true,
	"vehicles": true, "documents": true, "phones": true, "money": true, "cash": true, "goods": true, "equipment": true,
	"explosives": true, "motorcycle": true, "motorcycles": true, "rifles": true, "guns": true, "records": true}

// thingAfter reports whether a thing is named within three words from
// token j ("seized their weapons", "took away two vehicles").
func (s *sent) thingAfter(j int) bool {
	for k := j; k < len(s.toks) && k < j+3; k++ {
		if things[s.toks[k].norm] {
			return true
		}
	}
	return false
}
