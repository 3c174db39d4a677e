package extract

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// statement is a resolved statement in one sentence: who said it (actor ""
// when no speaker was found) and what kind of statement it is.
type statement struct {
	actor, kind string // kind: responsibility, denial, report, independent, silence
	cue         match
	speaker     *actorHit
}

var cueStrength = map[string]int{"report": 1, "responsibility": 2, "independent": 3, "denial": 4, "silence": 5}

// victimNouns after an actor name mark it as the target, not a speaker
// ("a police checkpoint", "FC personnel").
var victimNouns = map[string]bool{"checkpoint": true, "check": true, "post": true, "posts": true, "camp": true, "convoy": true,
	"vehicle": true, "vehicles": true, "station": true, "personnel": true, "soldiers": true, "men": true, "van": true,
	"headquarters": true, "building": true, "office": true, "offices": true, "officer": true, "major": true, "captain": true,
	"camps": true, "patrol": true, "team": true, "mobile": true, "fort": true, "compound": true, "installation": true}

// statements resolves the statement cues of s to speakers.
func (r *run) statements(s *sent) []statement {
	var out []statement
	usable := func(a actorHit) bool {
		if a.j < len(s.toks) && victimNouns[s.toks[a.j].norm] {
			return false
		}
		// "told Dawn", "speaking to Reuters": the listener, not the speaker
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
	for _, c := range s.stmts {
		var sp *actorHit
		after := s.toks[c.i].norm == "according" || c.label == "silence" && s.toks[c.i].norm == "no"
		find := func(before bool) *actorHit {
			var best *actorHit
			for k := range s.actors {
				a := &s.actors[k]
				if !usable(*a) {
					continue
				}
				if before && a.j <= c.i && c.i-a.j <= 10 {
					best = a // the nearest one before wins: keep the last
				}
				if !before && a.i >= c.j && a.i-c.j <= 4 && best == nil {
					best = a
				}
			}
			return best
		}
		if after {
			sp = find(false)
		} else if sp = find(true); sp == nil {
			sp = find(false)
		}
		// "no group has claimed", "has not claimed": no claim
		if c.label == "responsibility" && negatedBefore(s, c.i) {
			continue
		}
		st := statement{kind: c.label, cue: c}
		if sp != nil {
			st.actor, st.speaker = sp.id, sp
		}
		out = append(out, st)
	}
	// one statement per speaker per sentence, the strongest cue
	merged := out[:0]
	for _, st := range out {
		dup := false
		for k := range merged {
			if merged[k].actor == st.actor {
				dup = true
				if cueStrength[st.kind] > cueStrength[merged[k].kind] && !(merged[k].kind == "silence") {
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
	if r.lastSpeaker == "" || r.d.actorKind[r.lastSpeaker] != "armed_group" {
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

func negatedBefore(s *sent, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		switch s.toks[k].norm {
		case "no", "not", "never", "n't", "none", "nobody", "yet":
			return true
		}
	}
	return false
}

// claimKind maps a statement and its speaker's kind to a claim kind and the
// default verification status.
func claimKind(st, actorKind string) (incident.ClaimKind, incident.Verification) {
	switch st {
	case "denial":
		return incident.KindDenial, incident.Denied
	case "independent":
		return incident.KindIndependent, incident.Independent
	}
	switch actorKind {
	case "armed_group":
		return incident.KindResponsibility, incident.Unverified
	case "military", "police", "government":
		return incident.KindOfficial, incident.Confirmed
	}
	return incident.KindMedia, incident.Unverified
}

// build turns one event group into candidates (and a series when the event
// names a campaign or spans several districts).
func (r *run) build(g *evGroup, prefix string, res *Result) {
	c := Candidate{Places: []Place{}, Actors: []ActorMention{}, Claims: []Claim{}}
	text := r.text
	var descr []string
	seenActor := map[string]bool{}
	lastClaimSent := -1
	var unclaimed bool
	for _, s := range g.sents {
		c.Sentences = append(c.Sentences, s.idx)
		descr = append(descr, s.span.Text)
		c.Places = append(c.Places, s.places...)
		for _, a := range s.actors {
			if !seenActor[a.id] {
				seenActor[a.id] = true
				c.Actors = append(c.Actors, ActorMention{ID: a.id, Kind: a.kind, Evidence: s.ev(text, a.i, a.j)})
			}
		}
		for _, cm := range s.stmts {
			if cm.label == "responsibility" && negatedBefore(s, cm.i) {
				unclaimed = true
			}
		}
		// claims made in this sentence
		var here []int // indexes into c.Claims, parallel to sts
		var sts []statement
		for _, st := range r.statements(s) {
			if st.kind == "condemnation" {
				continue // a condemnation states no fact about the event
			}
			if st.kind == "silence" {
				if st.actor != "" {
					c.Silent = appendActor(c.Silent, ActorMention{ID: st.actor, Kind: r.d.actorKind[st.actor], Evidence: s.ev(text, st.speaker.i, st.speaker.j)})
				}
				continue
			}
			if st.actor == "" && r.lastSpeaker != "" && (st.kind == "report" || st.kind == "responsibility") && pronounSpeaker(s, st.cue.i) {
				// "He further said that ...", "the spokesperson stated":
				// the speaker named last in the text goes on
				st.actor = r.lastSpeaker
				st.speaker = &actorHit{id: st.actor, kind: r.d.actorKind[st.actor], i: st.cue.i, j: st.cue.j}
			}
			if st.actor == "" {
				continue
			}
			r.lastSpeaker = st.actor
			kind, status := claimKind(st.kind, r.d.actorKind[st.actor])
			// One claim per speaker and event: a speaker's later sentences
			// ("the ISPR said ... It rejected the group's claim") add to
			// its claim; the kind of its first statement stands.
			k := -1
			for i := range c.Claims {
				if c.Claims[i].Actor == st.actor {
					k = i
				}
			}
			if k < 0 {
				cl := Claim{Claim: incident.Claim{Actor: st.actor, Kind: kind, Status: status}, speakerFound: true,
					Speaker: s.ev(text, st.speaker.i, st.speaker.j)}
				c.Claims = append(c.Claims, cl)
				k = len(c.Claims) - 1
			}
			c.Claims[k].sentence = s.idx
			here = append(here, k)
			sts = append(sts, st)
		}
		// figures go to the nearest statement in the sentence, else to the
		// event's latest claim, else to the text's own report
		for _, f := range s.figures {
			k := -1
			if len(here) > 0 {
				best := 1 << 30
				for n, st := range sts {
					d := abs(s.toks[st.cue.i].start - f.Start)
					if d < best {
						best, k = d, here[n]
					}
				}
			} else if lastClaimSent >= 0 {
				for i := range c.Claims {
					if c.Claims[i].sentence == lastClaimSent {
						k = i
					}
				}
			}
			if k < 0 && r.issuer != "" {
				// a press release: its unattributed figures are the issuer's
				kind, status := claimKind("report", r.d.actorKind[r.issuer])
				c.Claims = append(c.Claims, Claim{Claim: incident.Claim{Actor: r.issuer, Kind: kind, Status: status,
					Notes: "the text is the issuer's press release"}, speakerFound: true})
				k = len(c.Claims) - 1
				c.Claims[k].sentence = s.idx
				here = append(here, k)
				sts = append(sts, statement{cue: match{i: 0}})
			}
			if k < 0 && r.groupSpeaking(s) {
				// a group's statement going on operation by operation ("On
				// the same day, BLA fighters ambushed troops, killing two")
				g := r.lastSpeaker
				c.Claims = append(c.Claims, Claim{Claim: incident.Claim{Actor: g, Kind: incident.KindResponsibility, Status: incident.Unverified,
					Notes: "part of the group's statement reported before it"}, speakerFound: true})
				k = len(c.Claims) - 1
				c.Claims[k].sentence = s.idx
				here = append(here, k)
				sts = append(sts, statement{cue: match{i: 0}})
			}
			if k < 0 {
				c.Claims = append(c.Claims, Claim{Claim: incident.Claim{Actor: "media", Kind: incident.KindMedia, Status: incident.Unverified,
					Notes: "no source named in the text for these figures: recorded as the report's own account"}})
				k = len(c.Claims) - 1
				c.Claims[k].sentence = s.idx
				here = append(here, k)
				sts = append(sts, statement{cue: match{i: 0}})
			}
			addFigure(&c.Claims[k], f)
		}
		// verification cues
		for _, v := range s.verifs {
			status := incident.Verification(v.label)
			if status != incident.Unverified && negatedBefore(s, v.i) {
				status = incident.Unverified
			} else if status == incident.Unverified && negatedBefore(s, v.i) && strings.HasPrefix(s.toks[v.i].norm, "claim") {
				continue // "no group has claimed": says nothing of the other claims
			}
			ev := s.ev(text, v.i, v.j)
			var targets []int
			if len(here) > 0 {
				best, k := 1<<30, -1
				for n, st := range sts {
					if d := abs(st.cue.i - v.i); d < best {
						best, k = d, here[n]
					}
				}
				targets = []int{k}
			} else {
				for i := range c.Claims {
					if c.Claims[i].sentence == lastClaimSent {
						targets = append(targets, i)
					}
				}
			}
			for _, k := range targets {
				applyStatus(&c.Claims[k], status, ev)
			}
		}
		if len(here) > 0 {
			lastClaimSent = s.idx
		}
	}
	if unclaimed {
		c.Notes = append(c.Notes, "the text says no group has claimed responsibility")
	}
	// The media's own account matters for its figures; a media "claim"
	// without any ("state media quoted Levies officials", "told Dawn")
	// only relays someone else.
	kept := c.Claims[:0]
	for _, cl := range c.Claims {
		if cl.Actor == "media" && len(cl.Casualties) == 0 && cl.Kind == incident.KindMedia {
			continue
		}
		kept = append(kept, cl)
	}
	c.Claims = kept
	c.text = strings.Join(descr, " ")
	c.separate = len(g.sents) > 0 && g.sents[0].has("separator")
	r.chooseType(g, &c)
	r.chooseDate(g, &c)
	// (not when the event's own words say it is undated: "recently")
	for prev := g.wave; !c.Date.Known && c.Date.Evidence == nil && prev != nil; prev = prev.wave {
		var pc Candidate
		if r.chooseDate(prev, &pc); pc.Date.Known {
			c.Date = pc.Date
			c.Date.Note = "no date in this event's sentences: the date of the event the text reports just before it"
		}
	}
	c.dateFill = r.dateFill()
	for i := range c.Claims {
		if c.Claims[i].Date == "" && !r.pub.IsZero() {
			c.Claims[i].Date = fmtDate(r.pub)
		}
	}

	// Location, members and series.
	// Only the event's opening sentence can make it a wave: a list later on
	// is a passing mention ("roads were also blocked in A, B and C").
	lists := coordinated(text, &evGroup{sents: g.sents[:1]})
	name := g.series
	if name == "" && len(lists) >= 2 {
		var names []string
		for _, p := range lists {
			names = append(names, p.District)
		}
		name = "Attacks across " + joinAnd(names)
		if !r.pub.IsZero() {
			name += " (" + fmtDate(r.pub) + ")"
		}
	}
	if name == "" {
		r.locate(&c)
		c.ID = fmt.Sprintf("%s-%d", prefix, len(res.Candidates)+1)
		c.Title = title(&c)
		res.Candidates = append(res.Candidates, c)
		return
	}
	sc := SeriesCandidate{ID: slug(name), Name: name, Date: c.Date, Claims: c.Claims, Silent: c.Silent, Members: []string{}}
	if sc.ID == "" {
		sc.ID = prefix + "-series"
	}
	for _, s := range g.sents {
		if s.seriesEv != nil && s.series == g.series {
			sc.Evidence = s.seriesEv
			break
		}
	}
	var respActors []string
	for _, cl := range c.Claims {
		if cl.Kind == incident.KindResponsibility {
			respActors = appendUnique(respActors, cl.Actor)
		}
	}
	if len(respActors) > 0 {
		sc.Actor = respActors[0]
	} else if len(c.Claims) > 0 {
		sc.Actor = c.Claims[0].Actor
	}
	memberClaims := func() []Claim {
		var out []Claim
		for _, cl := range c.Claims {
			if cl.Kind == incident.KindMedia && !cl.speakerFound {
				continue // the report's own account of the wave
			}
			m := Claim{Claim: incident.Claim{Actor: cl.Actor, Kind: cl.Kind, Date: cl.Date, Status: cl.Status,
				Notes: "stated as part of " + name + "; figures are given for the whole series and kept on the series"},
				Speaker: cl.Speaker, StatusCues: cl.StatusCues, speakerFound: cl.speakerFound}
			out = append(out, m)
		}
		if out == nil {
			out = []Claim{}
		}
		return out
	}
	base := c
	base.Claims = nil
	base.Silent = nil
	base.Series, base.SeriesName = sc.ID, name
	if len(lists) >= 2 {
		for _, p := range lists {
			m := base
			m.Claims = memberClaims()
			m.Location = p
			m.Location.Precision = geo.PrecisionDistrict
			m.Location.Name = p.District
			if m.Location.Name == "" {
				m.Location.Name = p.Name
			}
			m.LocationNote = "one of several districts named together: located to the district"
			m.ID = fmt.Sprintf("%s-%d", prefix, len(res.Candidates)+1)
			m.Title = title(&m)
			res.Candidates = append(res.Candidates, m)
			sc.Members = append(sc.Members, m.ID)
		}
	} else {
		m := base
		m.Claims = memberClaims()
		r.locate(&m)
		m.ID = fmt.Sprintf("%s-%d", prefix, len(res.Candidates)+1)
		m.Title = title(&m)
		res.Candidates = append(res.Candidates, m)
		sc.Members = append(sc.Members, m.ID)
	}
	res.SeriesInfo = append(res.SeriesInfo, sc)
	is := &incident.Series{ID: sc.ID, Name: sc.Name, Actor: sc.Actor, Description: c.text, Claims: []incident.Claim{}}
	if c.Date.Known {
		is.Date, is.EndDate = c.Date.Date, c.Date.EndDate
	}
	for _, cl := range sc.Claims {
		is.Claims = append(is.Claims, cl.Claim)
	}
	res.Series = append(res.Series, is)
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
			if p != nil {
				p.Low += r.Low
				p.High += r.High
				p.AtLeast = p.AtLeast || r.AtLeast
				cl.Figures = append(cl.Figures, f)
				return
			}
		}
	}
	if f.Update {
		// a toll update supersedes the speaker's earlier figures for the
		// outcome ("52 killed initially" ... "the toll rose to 59")
		for g, x := range cl.Casualties {
			if f.Outcome == "killed" {
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

func (r *run) chooseDate(g *evGroup, c *Candidate) {
	var stmtHit, noteHit *dateHit
	var stmtSent, noteSent *sent
	// A day beats a month: in a report of an event, "in July 2015" is
	// mostly background; it dates the event only when nothing else does.
	var monthHit *dateHit
	var monthSent *sent
	for _, s := range g.sents {
		for k := range s.dates {
			h := &s.dates[k]
			switch {
			case h.date != "" && !h.stmt && h.prec == incident.DateMonth:
				if monthHit == nil {
					monthHit, monthSent = h, s
				}
			case h.date != "" && !h.stmt:
				e := s.ev(r.text, h.i, h.j)
				c.Date = DateInfo{Known: true, Date: h.date, EndDate: h.end, Precision: h.prec, Note: h.note, Evidence: &e}
				return
			case h.date != "" && stmtHit == nil:
				stmtHit, stmtSent = h, s
			case h.date == "" && noteHit == nil:
				noteHit, noteSent = h, s
			}
		}
	}
	if monthHit != nil {
		e := monthSent.ev(r.text, monthHit.i, monthHit.j)
		c.Date = DateInfo{Known: true, Date: monthHit.date, EndDate: monthHit.end, Precision: monthHit.prec, Note: monthHit.note, Evidence: &e}
		return
	}
	if stmtHit != nil {
		e := stmtSent.ev(r.text, stmtHit.i, stmtHit.j)
		c.Date = DateInfo{Known: true, Date: stmtHit.date, EndDate: stmtHit.end, Precision: stmtHit.prec, Evidence: &e,
			Note: "the text dates only the statement; the event may have happened earlier"}
		return
	}
	if noteHit != nil {
		e := noteSent.ev(r.text, noteHit.i, noteHit.j)
		c.Date = DateInfo{Note: "date unknown: " + noteHit.note, Evidence: &e}
		return
	}
	c.Date = DateInfo{Note: "date unknown: the text gives no date for this event"}
}

// dateFill is the placeholder date range written into a draft whose date is
// unknown: the 30 days up to publication (or up to today without a
// publication date). The reviewer must correct it.
func (r *run) dateFill() string {
	if !r.pub.IsZero() {
		return fmtDate(r.pub)
	}
	return fmtDate(time.Now().UTC())
}

// coordinated returns, when one sentence of the event names places in
// several districts as a list ("across Panjgur, Kech and Kharan"), one place
// per district in text order.
func coordinated(text string, g *evGroup) []Place {
	for _, s := range g.sents {
		var ps []Place
		for _, p := range s.places {
			if p.Excluded == "" && p.DistrictID != "" {
				ps = append(ps, p)
			}
		}
		for i := 0; i < len(ps); i++ {
			run := []Place{ps[i]}
			for j := i + 1; j < len(ps); j++ {
				gap := strings.ToLower(text[run[len(run)-1].End:ps[j].Start])
				for _, w := range []string{"districts", "district", "areas", "area", "as well as", "and", "&", ",", "the"} {
					gap = strings.ReplaceAll(gap, w, " ")
				}
				if strings.TrimSpace(gap) != "" {
					break
				}
				run = append(run, ps[j])
			}
			seen := map[string]bool{}
			var out []Place
			for _, p := range run {
				if !seen[p.DistrictID] {
					seen[p.DistrictID] = true
					out = append(out, p)
				}
			}
			if len(out) >= 2 {
				return out
			}
		}
	}
	return nil
}

// locate chooses the event's location: the district of the first usable
// place, and within it the most precise place named; the province when no
// place in Balochistan is named.
func (r *run) locate(c *Candidate) {
	var first *Place
	for k := range c.Places {
		p := &c.Places[k]
		// a place beyond the province counts even without a district
		if p.Excluded == "" && (p.DistrictID != "" || outside(p)) {
			first = p
			break
		}
	}
	if first == nil {
		// a route's ends or an incidental mention are better than nothing
		for k := range c.Places {
			p := &c.Places[k]
			if weakExclusion[p.Excluded] && p.DistrictID != "" {
				first = p
				break
			}
		}
	}
	if first == nil {
		c.Location = r.province
		why := "no place in Balochistan named"
		for _, p := range c.Places {
			if p.Excluded == "origin" {
				why = fmt.Sprintf("only where people came from is named (%q)", p.Text)
				break
			}
		}
		c.LocationNote = why + ": located to the province"
		return
	}
	best := first
	for k := range c.Places {
		p := &c.Places[k]
		if p.Excluded == first.Excluded && p.DistrictID == first.DistrictID && p.Precision.Rank() < best.Precision.Rank() {
			best = p
		}
	}
	c.Location = *best
}

// weakExclusion are the reasons that keep a place as a fallback location.
var weakExclusion = map[string]bool{"route": true, "incidental": true, "title": true, "street": true}

// outside reports whether a place lies beyond Balochistan.
func outside(p *Place) bool {
	return p.Admin1 != "" && !strings.EqualFold(p.Admin1, "Balochistan") || p.Country != "" && p.Country != "PK"
}

func title(c *Candidate) string {
	where := c.Location.Name
	if where == "" {
		where = c.Location.District
	}
	t := c.Type.Label()
	switch c.Location.Precision {
	case geo.PrecisionProvince:
		t += " in Balochistan (place not stated)"
	case geo.PrecisionDistrict:
		t += " in " + where + " district"
		if strings.HasSuffix(strings.ToLower(where), "district") {
			t = c.Type.Label() + " in " + where
		}
	default:
		t += " in " + where
	}
	if c.SeriesName != "" {
		t = c.SeriesName + ": " + t
	}
	return t
}

func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

func appendActor(xs []ActorMention, a ActorMention) []ActorMention {
	for _, y := range xs {
		if y.ID == a.ID {
			return xs
		}
	}
	return append(xs, a)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Incident returns the candidate as a draft incident for the review queue.
// An unknown date becomes a 30-day range ending on the publication date,
// tagged "date-unknown", for the reviewer to correct.
func (c *Candidate) Incident() *incident.Incident {
	in := &incident.Incident{
		ID:          c.ID,
		Title:       c.Title,
		Description: c.text,
		Type:        c.Type,
		Series:      c.Series,
		State:       incident.Draft,
		Tags:        []string{"extracted"},
		Claims:      []incident.Claim{},
		Location: incident.Location{Name: c.Location.Text, DistrictID: c.Location.DistrictID, District: c.Location.District,
			Country: c.Location.Country, Admin1: c.Location.Admin1,
			Lon: c.Location.Lon, Lat: c.Location.Lat, Precision: c.Location.Precision, Method: incident.MethodGazetteer},
	}
	if in.Location.Name == "" {
		in.Location.Name = c.Location.Name
	}
	if c.Date.Known {
		in.Date, in.EndDate, in.DatePrecision = c.Date.Date, c.Date.EndDate, c.Date.Precision
		if in.DatePrecision == incident.DateRange && in.EndDate == "" {
			in.DatePrecision = incident.DateDay
		}
	} else {
		end, _ := time.Parse(time.DateOnly, c.dateFill)
		in.Date, in.EndDate, in.DatePrecision = fmtDate(end.Add(-30*day)), fmtDate(end), incident.DateRange
		in.Tags = append(in.Tags, "date-unknown")
	}
	for _, cl := range c.Claims {
		in.Claims = append(in.Claims, cl.Claim)
	}
	var notes []string
	if c.Date.Note != "" {
		notes = append(notes, c.Date.Note)
	}
	if c.LocationNote != "" {
		notes = append(notes, c.LocationNote)
	}
	for _, s := range c.Silent {
		notes = append(notes, s.ID+" made no statement ("+s.Text+")")
	}
	notes = append(notes, c.Notes...)
	if len(notes) > 0 && len(in.Description)+200 < incident.MaxDescriptionBytes {
		in.Description += "\n\nExtraction notes: " + strings.Join(notes, "; ") + "."
	}
	// The text comes from outside: keep it within the rules every write
	// path checks (no control characters, whole characters, the caps).
	in.Title = incident.CleanText(in.Title, incident.MaxTitleBytes, true)
	in.Description = incident.CleanText(in.Description, incident.MaxDescriptionBytes, true)
	in.Location.Name = incident.CleanText(in.Location.Name, incident.MaxNameBytes, false)
	for i := range in.Claims {
		in.Claims[i].Notes = incident.CleanText(in.Claims[i].Notes, incident.MaxNotesBytes, true)
	}
	sort.Strings(in.Tags)
	return in
}
