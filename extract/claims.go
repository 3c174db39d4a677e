package extract

import (
	"fmt"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// The claims stage: an event's sentences are read in order; each
// statement becomes (or adds to) its speaker's claim, each figure goes to
// a claim, and verification cues adjust the status of the claims they
// are nearest to.

// claimRef is a claim made in the current sentence and the cue it was made
// by: figures and verification cues go to the nearest one.
type claimRef struct {
	k    int // index into Candidate.Claims
	cue  match
	kind stmtKind // the statement's kind in this sentence
}

// attribution is the state of the claims stage for one event.
type attribution struct {
	*run
	c             *Candidate
	lastClaimSent int // the last sentence that made a claim, or -1
	unclaimed     bool
	next          *sent // the event's sentence after the one being read
	seenActor     map[string]bool
}

// attribute reads an event's sentences into a candidate: its sentences,
// places, actors named, claims with their figures and statuses.
func (r *run) attribute(g *evGroup) Candidate {
	c := Candidate{Places: []Place{}, Actors: []ActorMention{}, Claims: []Claim{}}
	a := &attribution{run: r, c: &c, lastClaimSent: -1, seenActor: map[string]bool{}}
	var descr []string
	for n, s := range g.sents {
		a.next = nil
		if n+1 < len(g.sents) {
			a.next = g.sents[n+1]
		}
		c.Sentences = append(c.Sentences, s.idx)
		descr = append(descr, s.span.Text)
		c.Places = append(c.Places, s.places...)
		a.mentions(s)
		here := a.sentenceClaims(s)
		here = a.bindFigures(s, here)
		a.verify(s, here)
		if len(here) > 0 {
			a.lastClaimSent = s.idx
		}
	}
	if a.unclaimed {
		c.Notes = append(c.Notes, "the text says no group has claimed responsibility")
	}
	for _, s := range g.sents {
		for _, v := range s.vague {
			c.Notes = append(c.Notes, fmt.Sprintf("the text gives no number for %q (%s)", v.ev.Text, v.outcome))
		}
	}
	c.Claims = a.creditLead(g, c.Claims)
	publicPlace(g, c.Claims)
	for i := range c.Claims {
		sameVictims(&c.Claims[i])
	}
	c.Claims = dropRelays(c.Claims)
	c.text = strings.Join(descr, " ")
	c.separate = len(g.sents) > 0 && g.sents[0].has("separator")
	return c
}

// mentions records the actors a sentence names and whether it says no
// group has claimed the attack.
func (a *attribution) mentions(s *sent) {
	for _, h := range s.actors {
		if !a.seenActor[h.id] {
			a.seenActor[h.id] = true
			a.c.Actors = append(a.c.Actors, ActorMention{ID: h.id, Kind: h.kind, Evidence: s.ev(a.text, h.i, h.j)})
		}
	}
	for _, cm := range s.stmts {
		if stmtKind(cm.label) == stmtResponsibility && negatedBefore(s, cm.i) {
			a.unclaimed = true
		}
	}
}

// sentenceClaims turns the sentence's statements into claims: one claim per
// speaker and event (a speaker's later sentences add to its claim, and the
// kind of its first statement stands). Condemnations make no claim; actors
// said to be silent are listed; a pronoun or bare title ("he further said")
// speaks for the text's latest speaker.
func (a *attribution) sentenceClaims(s *sent) []claimRef {
	c := a.c
	var here []claimRef
	// a clause without a verb of saying is said by its sentence's speaker
	// ("Eight were killed in A and six in B, the official said")
	src := s
	if len(s.stmts) == 0 && s.parent != nil && !s.parent.ownSpeakers {
		src = s.parent
	}
	aftermath := src.onlyAftermath()
	for _, st := range a.statements(src) {
		if aftermath && st.kind != stmtSilence {
			continue // "rescue officials said the injured were shifted to hospital"
		}
		switch st.kind {
		case stmtCondemnation:
			continue
		case stmtSilence:
			if st.actor != "" {
				c.Silent = appendActor(c.Silent, ActorMention{ID: st.actor, Kind: a.d.kindOf(st.actor), Evidence: src.ev(a.text, st.speaker.i, st.speaker.j)})
			}
			continue
		}
		if st.actor != "" && a.lastSpeaker != "" && st.actor != a.lastSpeaker && src.definiteRole(st.speaker) {
			// "the officials said": the officials named before
			st.actor = a.lastSpeaker
		}
		if st.actor == "" && a.lastSpeaker != "" && (st.kind == stmtReport || st.kind == stmtResponsibility) && (pronounSpeaker(src, st.cue.i) || passiveReport(src, st.cue.i)) {
			st.actor = a.lastSpeaker
			st.speaker = &actorHit{id: st.actor, kind: a.d.kindOf(st.actor), i: st.cue.i, j: st.cue.j}
		}
		if st.actor == "" {
			continue
		}
		a.lastSpeaker = st.actor
		k := a.claimOf(st.actor)
		if k < 0 {
			kind, status := claimKind(st.kind, a.d.kindOf(st.actor))
			c.Claims = append(c.Claims, Claim{Claim: incident.Claim{Actor: st.actor, Kind: kind, Status: status}, speakerFound: true,
				Speaker: src.ev(a.text, st.speaker.i, st.speaker.j), reports: src.toks[st.cue.i].norm == "reported" || src.toks[st.cue.i].norm == "according"})
			k = len(c.Claims) - 1
		}
		c.Claims[k].sentence = s.idx
		if src != s {
			st.cue = match{} // the cue lies outside the clause
		}
		here = append(here, claimRef{k: k, cue: st.cue, kind: st.kind})
	}
	return here
}

// onlyAftermath reports whether the sentence only says where the wounded
// or the dead were taken ("the injured were shifted to the trauma
// centre"): no typed event cue, no figure, and a word of moving people.
func (s *sent) onlyAftermath() bool {
	if s.typed() || len(s.figures) > 0 {
		return false
	}
	for _, c := range s.cues {
		if c.label == "incidental" {
			switch s.toks[c.i].norm {
			case "moved", "shifted", "transferred", "taken", "rushed", "brought", "referred", "evacuated", "airlifted":
				return true
			}
		}
	}
	return false
}

// definiteRole reports whether a speaker is a bare role with "the" ("the
// officials", "the spokesman"): it refers to a speaker already named.
func (s *sent) definiteRole(a *actorHit) bool {
	if a == nil || a.j != a.i+1 || a.i == 0 || s.toks[a.i-1].norm != "the" {
		return false
	}
	switch s.toks[a.i].norm {
	case "officials", "official", "sources", "source", "spokesman", "spokesperson":
		return true
	}
	return false
}

// claimOf returns the index of the event's claim by actor, or -1.
func (a *attribution) claimOf(actor string) int {
	for i := range a.c.Claims {
		if a.c.Claims[i].Actor == actor {
			return i
		}
	}
	return -1
}

// newClaim adds a claim made without a statement cue in sentence s.
func (a *attribution) newClaim(s *sent, cl Claim) claimRef {
	cl.sentence = s.idx
	a.c.Claims = append(a.c.Claims, cl)
	return claimRef{k: len(a.c.Claims) - 1, cue: match{i: 0}}
}

// bindFigures gives each figure of the sentence to a claim: the nearest
// statement of the sentence, else the event's latest claim, else the press
// release's issuer, else the armed group whose statement the text relays
// when the sentence names it acting, else the report's own account. It
// returns here with the claims it made.
func (a *attribution) bindFigures(s *sent, here []claimRef) []claimRef {
	byClaim := map[int][]Figure{}
	var order []int
	for _, f := range s.figures {
		k := -1
		if len(here) > 0 {
			best, kind := 1<<30, stmtKind("")
			var cue match
			for _, h := range here {
				d := abs(s.toks[h.cue.i].start - f.Start)
				if h.kind == stmtDenial {
					d *= 2 // "..., a claim the military rejected": a denial gives no figure of the claim it rejects
				}
				if d < best {
					best, k, kind, cue = d, h.k, h.kind, h.cue
				}
			}
			if kind == stmtDenial && s.deniedFigure(cue, f) {
				// "denied any role in the killing of two labourers": the
				// report's own figure
				if k = a.claimOf("media"); k < 0 {
					ref := a.newClaim(s, mediaClaim())
					here = append(here, ref)
					k = ref.k
				}
			}
		} else if q := a.quoteSpeaker(s); q != "" {
			// “Two of our men were killed. The attackers fled,” the
			// commander said: the speaker of the quote the sentence opens
			if k = a.claimOf(q); k < 0 {
				kind, status := claimKind(stmtReport, a.d.kindOf(q))
				ref := a.newClaim(s, Claim{Claim: incident.Claim{Actor: q, Kind: kind, Status: status,
					Notes: "quoted in the sentences that follow"}})
				here = append(here, ref)
				k = ref.k
			}
		} else if a.lastClaimSent >= 0 {
			for i := range a.c.Claims {
				if a.c.Claims[i].sentence == a.lastClaimSent {
					k = i
				}
			}
		}
		if k < 0 {
			ref := a.newClaim(s, a.defaultClaim(s))
			here = append(here, ref)
			k = ref.k
		}
		byClaim[k] = append(byClaim[k], f)
		if len(byClaim[k]) == 1 {
			order = append(order, k)
		}
	}
	for _, k := range order {
		mergeFigures(&a.c.Claims[k], byClaim[k])
	}
	return here
}

// mergeFigures adds one sentence's figures to a claim. A speaker's later
// sentence that breaks an unspecified total down into groups adding up to
// it exactly ("ten people were killed" ... "the dead included five police
// officers and five civilians") replaces the total by its parts. Otherwise
// a later count of unspecified people, or of one group within a total
// already given, repeats people already counted and is ignored; the rest
// goes through addFigure.
func mergeFigures(cl *Claim, figs []Figure) {
	for _, outcome := range []string{"killed", "injured"} {
		var fs []Figure
		for _, f := range figs {
			if f.Outcome == outcome {
				fs = append(fs, f)
			}
		}
		if len(fs) == 0 {
			continue
		}
		total, others := earlierTotal(cl, outcome, fs[0].Sentence)
		if total != nil && !others && breaksDown(fs, *total) {
			dropOutcome(cl, outcome)
			for _, f := range fs {
				addFigure(cl, f)
			}
			continue
		}
		if total != nil && !others {
			if g, ok := oneVictimGroup(fs, *total); ok {
				// "two people were killed" ... "one passenger died on the
				// spot": the people counted were passengers
				relabel(cl, outcome, g)
				continue
			}
		}
		for _, f := range fs {
			part := total != nil && !others && f.Group != incident.Militants && f.Range.High <= total.Low
			if !f.Update && cl.counted(outcome, f.Sentence) && (f.Group == incident.Unspecified || part) {
				continue
			}
			addFigure(cl, f)
		}
	}
}

// earlierTotal returns the claim's unspecified figure for outcome from an
// earlier sentence than sentence, and whether it has figures for other
// groups too.
func earlierTotal(cl *Claim, outcome string, sentence int) (total *incident.Range, others bool) {
	for _, f := range cl.Figures {
		if f.Outcome != outcome || f.Sentence >= sentence {
			continue
		}
		if f.Group == incident.Unspecified {
			r := f.Range
			total = &r
		} else {
			others = true
		}
	}
	return total, others
}

// oneVictimGroup reports whether fs count people of one group, never
// militants, and no more than the total: they say who the total's people
// were.
func oneVictimGroup(fs []Figure, total incident.Range) (incident.Group, bool) {
	if len(fs) == 0 {
		return "", false
	}
	g, sum := fs[0].Group, 0
	for _, f := range fs {
		if f.Group != g || f.Update {
			return "", false
		}
		sum += f.Range.High
	}
	return g, g != incident.Unspecified && g != incident.Militants && sum <= total.Low
}

// relabel moves the claim's unspecified figure for outcome to group g.
func relabel(cl *Claim, outcome string, g incident.Group) {
	u := cl.Casualties[incident.Unspecified]
	x := cl.Casualties[g]
	if outcome == "killed" {
		if x.Killed != nil {
			return
		}
		x.Killed, u.Killed = u.Killed, nil
	} else {
		if x.Injured != nil {
			return
		}
		x.Injured, u.Injured = u.Injured, nil
	}
	cl.Casualties[g] = x
	if u.Killed == nil && u.Injured == nil {
		delete(cl.Casualties, incident.Unspecified)
	} else {
		cl.Casualties[incident.Unspecified] = u
	}
	for k := range cl.Figures {
		if cl.Figures[k].Outcome == outcome && cl.Figures[k].Group == incident.Unspecified {
			cl.Figures[k].Group = g
		}
	}
}

// breaksDown reports whether fs are exact counts of named groups that add
// up to the exact total.
func breaksDown(fs []Figure, total incident.Range) bool {
	if total.AtLeast || total.Low != total.High || len(fs) < 2 {
		return false
	}
	sum := 0
	for _, f := range fs {
		if f.Group == incident.Unspecified || f.Range.AtLeast || f.Range.Low != f.Range.High {
			return false
		}
		sum += f.Range.Low
	}
	return sum == total.Low
}

// counted reports whether the claim counts outcome in a sentence before
// sentence.
func (cl *Claim) counted(outcome string, sentence int) bool {
	for _, f := range cl.Figures {
		if f.Outcome == outcome && f.Sentence < sentence {
			return true
		}
	}
	return false
}

// dropOutcome removes the claim's figures for outcome.
func dropOutcome(cl *Claim, outcome string) {
	for g, x := range cl.Casualties {
		if outcome == "killed" {
			x.Killed = nil
		} else {
			x.Injured = nil
		}
		if x.Killed == nil && x.Injured == nil {
			delete(cl.Casualties, g)
		} else {
			cl.Casualties[g] = x
		}
	}
	fs := cl.Figures[:0]
	for _, f := range cl.Figures {
		if f.Outcome != outcome {
			fs = append(fs, f)
		}
	}
	cl.Figures = fs
}

// deniedFigure reports whether figure f is part of what a denial cue
// rejects ("denied any involvement in the killing of two labourers"): it
// follows the cue with no verb of saying between ("... and said only one
// soldier was injured" gives the speaker's own figure).
func (s *sent) deniedFigure(cue match, f Figure) bool {
	if s.toks[cue.i].start > f.Start {
		return false
	}
	for _, m := range s.stmts {
		if stmtKind(m.label) == stmtReport && s.toks[m.i].start > s.toks[cue.i].start && s.toks[m.i].start < f.Start {
			return false
		}
	}
	return true
}

// quoteSpeaker returns the speaker of a quotation that the sentence opens
// and the next sentence closes ("... the commander said"), or "".
func (a *attribution) quoteSpeaker(s *sent) string {
	if a.next == nil || len(s.toks) == 0 || s.toks[0].norm != `"` || quotes(s)%2 == 0 || quotes(a.next)%2 == 0 {
		return ""
	}
	for _, st := range a.statements(a.next) {
		if st.kind != stmtReport {
			continue
		}
		if st.actor != "" {
			return st.actor
		}
		if pronounSpeaker(a.next, st.cue.i) {
			return a.lastSpeaker // “...,” he said
		}
	}
	return ""
}

// quotes counts the quotation marks of a sentence.
func quotes(s *sent) int {
	n := 0
	for _, t := range s.toks {
		if t.norm == `"` {
			n++
		}
	}
	return n
}

// defaultClaim is the claim for figures no statement in reach gives.
func (a *attribution) defaultClaim(s *sent) Claim {
	switch {
	case a.issuer != "":
		// (the speaker is named in the header, not in this sentence: no
		// speaker evidence)
		kind, status := claimKind(stmtReport, a.d.kindOf(a.issuer))
		return Claim{Claim: incident.Claim{Actor: a.issuer, Kind: kind, Status: status,
			Notes: "the text is the issuer's press release"}}
	case a.groupSpeaking(s) || a.groupGoesOn(s):
		// a group's statement going on operation by operation ("On the
		// same day, BLA fighters ambushed troops, killing two")
		cl := Claim{Claim: incident.Claim{Actor: a.lastSpeaker, Kind: incident.KindResponsibility, Status: incident.Unverified,
			Notes: "part of the group's statement reported before it"}}
		for _, h := range s.actors {
			if h.id == a.lastSpeaker {
				cl.Speaker, cl.speakerFound = s.ev(a.text, h.i, h.j), true
				break
			}
		}
		return cl
	}
	return mediaClaim()
}

// mediaClaim is the report's own account.
func mediaClaim() Claim {
	return Claim{Claim: incident.Claim{Actor: "media", Kind: incident.KindMedia, Status: incident.Unverified,
		Notes: "no source named in the text for these figures: recorded as the report's own account"}}
}

// groupGoesOn reports whether the text is relaying an armed group's
// statement event by event: the latest speaker is an armed group that
// claimed the event before this one, and the sentence names no actor that
// could speak (a "Frontier Corps convoy" is a target).
func (a *attribution) groupGoesOn(s *sent) bool {
	if a.lastSpeaker == "" || a.d.kindOf(a.lastSpeaker) != ArmedGroup {
		return false
	}
	for k := range s.actors {
		if s.canSpeak(&s.actors[k]) {
			return false // someone else could be speaking
		}
	}
	for _, cl := range a.prevClaims {
		if cl.Actor == a.lastSpeaker && cl.Kind == incident.KindResponsibility {
			return true
		}
	}
	return false
}

// verify applies the sentence's verification cues to the claim whose cue
// is nearest, or to the latest claims when the sentence makes none. A
// positive cue after a negation counts as unverified.
func (a *attribution) verify(s *sent, here []claimRef) {
	for _, v := range s.verifs {
		status := incident.Verification(v.label)
		if status != incident.Unverified && negatedBefore(s, v.i) {
			status = incident.Unverified
		} else if status == incident.Unverified && negatedBefore(s, v.i) && strings.HasPrefix(s.toks[v.i].norm, "claim") {
			continue // "no group has claimed": says nothing of the other claims
		}
		ev := s.ev(a.text, v.i, v.j)
		var targets []int
		if len(here) > 0 {
			best, k := 1<<30, -1
			for _, h := range here {
				if d := abs(h.cue.i - v.i); d < best {
					best, k = d, h.k
				}
			}
			targets = []int{k}
		} else {
			for i := range a.c.Claims {
				if a.c.Claims[i].sentence == a.lastClaimSent {
					targets = append(targets, i)
				}
			}
		}
		for _, k := range targets {
			applyStatus(&a.c.Claims[k], status, ev)
		}
	}
}

// creditLead gives the figures of an unattributed lead to the speaker
// named right after it ("Two soldiers were killed in an attack on a
// checkpost. The deputy commissioner said the attackers fled ..."): news
// English states the facts first and names who gave them next. It applies
// only when the report's own account has figures from the event's first
// sentence alone, the lead has no statement verb of its own, and the next
// sentence names an official speaker that gives no figures of its own: the
// speaker is the source of the lead.
func (a *attribution) creditLead(g *evGroup, cls []Claim) []Claim {
	if len(g.sents) < 2 || len(g.sents[0].stmts) > 0 {
		return cls // a lead with a statement verb of its own keeps it
	}
	lead, next := g.sents[0].idx, g.sents[1].idx
	m := -1
	for i, cl := range cls {
		if cl.Actor == "media" && !cl.speakerFound && cl.Kind == incident.KindMedia {
			m = i
		}
	}
	if m < 0 {
		return cls
	}
	for _, f := range cls[m].Figures {
		if f.Sentence != lead {
			return cls
		}
	}
	for i := range cls {
		cl := &cls[i]
		if i == m || !cl.speakerFound || cl.Speaker.Sentence != next || len(cl.Figures) > 0 {
			continue
		}
		if k := a.d.kindOf(cl.Actor); !k.Official() {
			continue
		}
		cl.Casualties, cl.Figures = cls[m].Casualties, cls[m].Figures
		return append(cls[:m], cls[m+1:]...)
	}
	return cls
}

// dropRelays removes media claims without figures: the media's own account
// matters for its figures; a media "claim" without any ("state media
// quoted Levies officials", "told Dawn") only relays someone else, unless
// the media is named as the source of the account ("local media
// reported", "according to reports").
func dropRelays(cls []Claim) []Claim {
	kept := cls[:0]
	for _, cl := range cls {
		if cl.Actor == "media" && len(cl.Casualties) == 0 && cl.Kind == incident.KindMedia && !cl.reports {
			continue
		}
		kept = append(kept, cl)
	}
	return kept
}

func addFigure(cl *Claim, f Figure) {
	if cl.Casualties == nil {
		cl.Casualties = incident.Casualties{}
	}
	fg := cl.Casualties[f.Group]
	r := f.Range
	// Figures for one group in one sentence are different people ("a
	// Captain and two sepoys"): they add up. Across sentences the first
	// figure stands and repeats are ignored.
	for _, g := range cl.Figures {
		if g.Group == f.Group && g.Outcome == f.Outcome && g.Sentence == f.Sentence {
			p := fg.Killed
			if f.Outcome == "injured" {
				p = fg.Injured
			}
			if p != nil && strings.HasPrefix(strings.ToLower(f.Text), "all ") && p.Low == r.Low && p.High == r.High {
				return // "four gunmen ... all four militants were killed": the same people
			}
			if p != nil {
				p.Low += r.Low
				p.High += r.High
				p.AtLeast = p.AtLeast || r.AtLeast
				cl.Figures = append(cl.Figures, f)
				return
			}
		}
	}
	if f.Update && cl.outcomeTotal(f.Outcome) >= f.Range.High && cl.outcomeTotal(f.Outcome) > 0 {
		return // a toll only rises: one no higher than the speaker's own is a repeat
	}
	if f.Update {
		// a toll update supersedes the speaker's earlier figures for the
		// outcome ("52 killed initially" ... "the toll rose to 59")
		dropOutcome(cl, f.Outcome)
		fg = cl.Casualties[f.Group]
	}
	switch f.Outcome {
	case "killed":
		if fg.Killed != nil {
			return // the first figure for a group stands; repeats are ignored
		}
		fg.Killed = &r
	case "injured":
		if fg.Injured != nil {
			return
		}
		fg.Injured = &r
	}
	cl.Casualties[f.Group] = fg
	cl.Figures = append(cl.Figures, f)
}

// applyStatus applies a verification cue to a claim. Denials stay denied; a
// "confirmed" cue raises only official statements and independent reports
// (a group confirming its own claim is no confirmation by another party);
// "unverified" cues lower any claim but a denial.
func applyStatus(cl *Claim, v incident.Verification, ev Evidence) {
	if cl.Kind == incident.KindDenial {
		return
	}
	switch v {
	case incident.Confirmed:
		if cl.Kind != incident.KindOfficial {
			return
		}
	case incident.Independent:
		cl.Kind = incident.KindIndependent
	}
	cl.Status = v
	cl.StatusCues = append(cl.StatusCues, ev)
}

// outcomeTotal is the sum of the claim's figures for outcome (their
// highs).
func (cl *Claim) outcomeTotal(outcome string) int {
	n := 0
	for _, x := range cl.Casualties {
		r := x.Killed
		if outcome == "injured" {
			r = x.Injured
		}
		if r != nil {
			n += r.High
		}
	}
	return n
}

// sameVictims gives a claim's unspecified injured the group of its killed
// when all its killed are civilians: a speaker who says the dead of an
// attack were civilians speaks of its wounded alike.
func sameVictims(cl *Claim) {
	u, ok := cl.Casualties[incident.Unspecified]
	if !ok || u.Injured == nil || u.Killed != nil {
		return
	}
	for g, x := range cl.Casualties {
		if g != incident.Unspecified && g != incident.Civilians && x.Killed != nil {
			return
		}
	}
	if c, ok := cl.Casualties[incident.Civilians]; !ok || c.Killed == nil || c.Injured != nil {
		return
	}
	relabel(cl, "injured", incident.Civilians)
}

// publicSettings are places where the people hit are civilians.
var publicSettings = map[string]bool{"market": true, "bazaar": true, "mosque": true, "shop": true, "shops": true,
	"shrine": true, "imambargah": true}

// publicPlace makes the unspecified dead and wounded of an event at a
// public place ("The blast went off near a market") civilians, when no
// claim counts security forces or militants: the setting is often told
// in a sentence of its own.
func publicPlace(g *evGroup, cls []Claim) {
	public := false
	for _, s := range g.sents {
		if s.mixed {
			return
		}
		for _, t := range s.toks {
			public = public || publicSettings[t.norm]
		}
	}
	if !public {
		return
	}
	for _, cl := range cls {
		for grp := range cl.Casualties {
			if grp == incident.SecurityForces || grp == incident.Militants {
				return
			}
		}
	}
	for i := range cls {
		if _, ok := cls[i].Casualties[incident.Unspecified]; !ok {
			continue
		}
		if _, ok := cls[i].Casualties[incident.Civilians]; ok {
			continue
		}
		for _, outcome := range []string{"killed", "injured"} {
			relabel(&cls[i], outcome, incident.Civilians)
		}
	}
}
