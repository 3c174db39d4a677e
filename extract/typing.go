package extract

import "github.com/incidentmap/incidentmap/incident"

// typeSentences is how many of an event's first typed sentences decide its
// type.
const typeSentences = 2

func (r *run) chooseType(g *evGroup, c *Candidate) {
	var tc typeContext
	for _, cl := range c.Claims {
		for _, f := range cl.Figures {
			if f.Outcome == "killed" && f.Range.High > 0 {
				tc.killed = true
			}
		}
		tc.official = tc.official || cl.Kind == incident.KindOfficial
		tc.armedClaim = tc.armedClaim || cl.Kind == incident.KindResponsibility
	}
	best, bestSent := tc.cue(g, true)
	if best == nil {
		// all cues demoted: take the demoted type rather than none
		best, bestSent = tc.cue(g, false)
	}
	if best == nil {
		c.Type = incident.TypeOther
		c.Notes = append(c.Notes, "no cue for the incident type: set to other")
		return
	}
	if best.label == string(incident.TypeOperation) && !tc.official && tc.armedClaim {
		best.label = string(incident.TypeArmedClash)
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
		for _, m := range s.events {
			if m.label == "event" {
				continue
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
