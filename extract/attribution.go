package extract

import (
	"github.com/incidentmap/incidentmap/incident"
)

// The attribution stage: each statement cue of a sentence ("said",
// "according to", "claimed responsibility") is bound to its speaker.

// statement is a resolved statement in one sentence: who said it (actor ""
// when no speaker was found) and what kind of statement it is.
type statement struct {
	actor   string
	kind    stmtKind
	cue     match
	speaker *actorHit
}

// victimNouns after an actor name mark it as the target, not a speaker
// ("a police checkpoint", "FC personnel").
var victimNouns = map[string]bool{"checkpoint": true, "check": true, "post": true, "posts": true, "camp": true, "convoy": true,
	"vehicle": true, "vehicles": true, "station": true, "personnel": true, "soldiers": true, "men": true, "van": true,
	"headquarters": true, "building": true, "office": true, "offices": true, "officer": true, "major": true, "captain": true,
	"camps": true, "patrol": true, "team": true, "mobile": true, "fort": true, "compound": true, "installation": true}

// statements resolves the statement cues of s to speakers, one statement
// per speaker (the strongest cue).
func (r *run) statements(s *sent) []statement {
	var out []statement
	for _, c := range s.stmts {
		kind := stmtKind(c.label)
		// "no group has claimed", "has not claimed": no claim
		if kind == stmtResponsibility && negatedBefore(s, c.i) {
			continue
		}
		st := statement{kind: kind, cue: c}
		if sp := s.speakerOf(c); sp != nil {
			st.actor, st.speaker = sp.id, sp
		}
		out = append(out, st)
	}
	return mergeStatements(out)
}

// speakerOf finds the speaker of statement cue c: the nearest usable actor
// before it (within ten words), else one right after it; after "according
// to" and "no ... comment" the actor after it.
func (s *sent) speakerOf(c match) *actorHit {
	after := s.toks[c.i].norm == "according" || stmtKind(c.label) == stmtSilence && s.toks[c.i].norm == "no"
	find := func(before bool) *actorHit {
		var best *actorHit
		for k := range s.actors {
			a := &s.actors[k]
			if !s.canSpeak(a) {
				continue
			}
			if before && a.j <= c.i && c.i-a.j <= 10 && !s.inRelative(a.i, c.i) {
				best = a // the nearest one before wins: keep the last
			}
			if !before && a.i >= c.j && a.i-c.j <= 4 && best == nil {
				best = a
			}
		}
		return best
	}
	if after {
		return find(false)
	}
	if sp := find(true); sp != nil {
		return sp
	}
	if sp := find(false); sp != nil {
		return sp
	}
	if stmtKind(c.label) == stmtResponsibility {
		// "The Jaish al-Adl group, which the governor called ..., has
		// claimed responsibility": the group is the sentence's subject
		for k := range s.actors {
			if a := &s.actors[k]; a.kind == ArmedGroup && a.j <= c.i && s.canSpeak(a) {
				return a
			}
		}
	}
	return nil
}

// canSpeak reports whether an actor mention can be a speaker: not a target
// ("a police checkpoint", "FC personnel"), not the one told ("told Dawn",
// "speaking to Reuters"), not inside a casualty figure.
func (s *sent) canSpeak(a *actorHit) bool {
	if a.j < len(s.toks) && victimNouns[s.toks[a.j].norm] {
		return false
	}
	if k := a.i - 1; k >= 0 && (s.toks[k].norm == "told" || s.toks[k].norm == "to" && (k == 0 || s.toks[k-1].norm != "according")) {
		return false
	}
	for _, f := range s.figures {
		if s.toks[a.i].start >= f.Start && s.toks[a.j-1].end <= f.End {
			return false
		}
	}
	return true
}

// mergeStatements keeps one statement per speaker, with the strongest cue
// (a silence stays a silence).
func mergeStatements(sts []statement) []statement {
	merged := sts[:0]
	for _, st := range sts {
		dup := false
		for k := range merged {
			if merged[k].actor == st.actor {
				dup = true
				if cueStrength[st.kind] > cueStrength[merged[k].kind] && merged[k].kind != stmtSilence {
					merged[k].kind, merged[k].cue = st.kind, st.cue
				}
			}
		}
		if !dup {
			merged = append(merged, st)
		}
	}
	return merged
}

// groupSpeaking reports whether the latest speaker of the text is an armed
// group named in s as the one acting ("BLA fighters ambushed ...").
func (r *run) groupSpeaking(s *sent) bool {
	if r.lastSpeaker == "" || r.d.kindOf(r.lastSpeaker) != ArmedGroup {
		return false
	}
	for _, a := range s.actors {
		if a.id == r.lastSpeaker {
			return true
		}
	}
	return false
}

// pronounSpeaker reports whether the subject of the statement cue at token
// i is a pronoun or a bare title ("he said", "He further said", "the
// spokesperson stated").
func pronounSpeaker(s *sent, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		switch s.toks[k].norm {
		case "he", "she", "it", "they", "spokesperson", "spokesman", "spokeswoman":
			return true
		}
	}
	return false
}

// passiveReport reports whether the statement cue at token i is a
// passive without an agent ("three more cases were reported", "it was
// stated"): the text's latest speaker goes on.
func passiveReport(s *sent, i int) bool {
	if i == 0 || i+1 < len(s.toks) && s.toks[i+1].norm == "by" {
		return false
	}
	switch s.toks[i-1].norm {
	case "was", "were", "been", "is", "are":
		return true
	}
	return false
}

// negatedBefore reports whether a negation comes within five words before
// token i ("no one has so far claimed").
func negatedBefore(s *sent, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch s.toks[k].norm {
		case "no", "not", "never", "n't", "none", "nobody", "yet":
			return true
		}
	}
	return false
}

// claimKind maps a statement and its speaker's kind to a claim kind and the
// default verification status.
func claimKind(st stmtKind, k ActorKind) (incident.ClaimKind, incident.Verification) {
	switch st {
	case stmtDenial:
		return incident.KindDenial, incident.Denied
	case stmtIndependent:
		return incident.KindIndependent, incident.Independent
	}
	switch {
	case k == ArmedGroup:
		return incident.KindResponsibility, incident.Unverified
	case k.Official():
		return incident.KindOfficial, incident.Confirmed
	}
	return incident.KindMedia, incident.Unverified
}

// inRelative reports whether token i lies in a relative clause (", which
// officials call ...,", ", who ...,") that closes before token end: an
// actor there is not the subject of a verb after it.
func (s *sent) inRelative(i, end int) bool {
	open := -1
	for k := 0; k < end && k < len(s.toks); k++ {
		switch s.toks[k].norm {
		case "which", "who", "whom", "whose":
			if k > 0 && s.toks[k-1].norm == "," {
				open = k
			}
		case ",":
			if open >= 0 && open < i && i < k {
				return true
			}
			if open >= 0 && k > open {
				open = -1
			}
		}
	}
	return false
}
