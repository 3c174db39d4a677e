package extract

import "github.com/incidentmap/incidentmap/incident"

// typeSentences is how many of an event's first typed sentences decide its
// type.
const typeSentences = 2

func (r *run) chooseType(g *evGroup, c *Candidate) {
	var best *match
	var bestSent *sent
	var types []match
	killed, official, armedClaim := false, false, false
	for _, cl := range c.Claims {
		for _, f := range cl.Figures {
			if f.Outcome == "killed" && f.Range.High > 0 {
				killed = true
			}
		}
		official = official || cl.Kind == incident.KindOfficial
		armedClaim = armedClaim || cl.Kind == incident.KindResponsibility
	}
	// The type comes from the sentences that report the event, not from
	// what follows (an operation launched after an attack, the weapons
	// seized, where the wounded were taken): the first sentences with a
	// typed cue decide.
	typed := 0
	for _, s := range g.sents {
		has := false
		for _, m := range s.events {
			has = has || m.label != "event"
		}
		if !has {
			continue
		}
		if typed++; typed > typeSentences {
			break
		}
		for _, m := range s.events {
			if m.label == "event" {
				continue
			}
			if m.label == string(incident.TypeInfrastructure) && killed {
				continue
			}
			if m.label == string(incident.TypeOperation) && !official && armedClaim {
				continue
			}
			types = append(types, m)
			if best == nil || m.rank < best.rank {
				mm := m
				best, bestSent = &mm, s
			}
		}
	}
	if best == nil {
		// all cues demoted: take the demoted type rather than none
		for _, s := range g.sents {
			for _, m := range s.events {
				if m.label != "event" && (best == nil || m.rank < best.rank) {
					mm := m
					best, bestSent = &mm, s
				}
			}
		}
	}
	if best == nil {
		c.Type = incident.TypeOther
		c.Notes = append(c.Notes, "no cue for the incident type: set to other")
		return
	}
	if best.label == string(incident.TypeOperation) && !official && armedClaim {
		best.label = string(incident.TypeArmedClash)
	}
	c.Type = incident.Type(best.label)
	e := bestSent.ev(r.text, best.i, best.j)
	c.TypeEvidence = &e
}
