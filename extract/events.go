package extract

import (
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// dropPastMonths sets aside a candidate dated only by a month before the
// month of publication ("In January 2025, gunmen ...", in a March report):
// a report recalls such events as background; what it reports happened
// days ago, and is dated by a day or a weekday.
func (r *run) dropPastMonths(res *Result) {
	if r.pub.IsZero() {
		return
	}
	first := time.Date(r.pub.Year(), r.pub.Month(), 1, 0, 0, 0, 0, time.UTC)
	keep := res.Candidates[:0]
	for _, c := range res.Candidates {
		if c.Date.Known && c.Date.Precision == incident.DateMonth && c.Series == "" {
			if d, err := time.Parse(time.DateOnly, c.Date.Date); err == nil && d.Before(first) {
				for _, i := range c.Sentences {
					res.Skipped = append(res.Skipped, Skipped{Sentence: i, Reason: "dated only by an earlier month: background"})
				}
				continue
			}
		}
		keep = append(keep, c)
	}
	res.Candidates = keep
}

// dropPlaceless sets aside a candidate that names no place at all, unless
// the text reports it as a separate event ("Separately, ..."), when the
// text locates other events: in a report of located events, a sentence
// group with no place is a statement about them (a toll, a wave's total, a
// reaction), not an event of its own. Its sentences are listed as skipped.
func dropPlaceless(res *Result) {
	located := false
	for _, c := range res.Candidates {
		located = located || c.Location.Precision != geo.PrecisionProvince
	}
	if !located {
		return
	}
	keep := res.Candidates[:0]
	for _, c := range res.Candidates {
		if c.Location.Precision == geo.PrecisionProvince && c.Series == "" && !c.separate {
			for _, i := range c.Sentences {
				res.Skipped = append(res.Skipped, Skipped{Sentence: i, Reason: "names no place, in a report of located events: taken as a statement about them"})
			}
			continue
		}
		keep = append(keep, c)
	}
	res.Candidates = keep
}

// dropDescribedMembers removes a wave's member incidents located only to a
// district when the text describes an event in that district on its own:
// one incident per site.
func dropDescribedMembers(res *Result) {
	described := map[string]bool{}
	for _, c := range res.Candidates {
		if c.Series == "" && c.Location.DistrictID != "" {
			described[c.Location.DistrictID] = true
		}
	}
	if len(described) == 0 {
		return
	}
	drop := map[string]bool{}
	keep := res.Candidates[:0]
	for _, c := range res.Candidates {
		if c.Series != "" && c.LocationNote != "" && described[c.Location.DistrictID] {
			drop[c.ID] = true
			continue
		}
		keep = append(keep, c)
	}
	res.Candidates = keep
	for i := range res.SeriesInfo {
		ms := res.SeriesInfo[i].Members[:0]
		for _, id := range res.SeriesInfo[i].Members {
			if !drop[id] {
				ms = append(ms, id)
			}
		}
		res.SeriesInfo[i].Members = ms
	}
}

// evGroup is the sentences of one event.
type evGroup struct {
	sents     []*sent
	districts map[string]bool
	figures   bool
	date      string
	series    string
	summary   bool // a sentence listing a wave's sites
	// wave is the summary this event is one site of: an event with no
	// date of its own takes the wave's.
	wave *evGroup
	// claims are the claims built for the event (set by build): a clause
	// of the same sentence reporting the next event shares its speakers.
	claims []Claim
}

// group walks the sentences and groups them into events. A sentence with an
// event cue that is not general or habitual starts a new event when there is
// none yet, when it says "separately" or the like, when it names a different
// campaign, when it places itself in districts the event has not named, or
// when it gives a different explicit date; a sentence referring back ("the
// attack", "it added") stays with the event. Sentences without an event cue
// join the current event when they carry claims, figures or verification
// cues. General statements are skipped with a reason.
func (r *run) group(sents []*sent, res *Result) []*evGroup {
	var out []*evGroup
	var cur *evGroup
	bodyHasEvent := false
	for _, s := range sents {
		bodyHasEvent = bodyHasEvent || !s.front && !s.meta && !s.generic && s.hasEvent()
	}
	for _, s := range sents {
		if s.meta {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "byline or publication stamp"})
			continue
		}
		if s.front && bodyHasEvent {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "headline or summary before the body: restates it"})
			continue
		}
		if s.item {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "item of a bulleted list in the body: recalls or restates"})
			continue
		}
		if s.has("aggregate") && len(s.figures) == 0 && !s.ownDate() {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "speaks of attacks in aggregate: names no specific event"})
			continue
		}
		if s.has("background") && !s.has("separator") {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "background: recalls earlier events"})
			continue
		}
		if s.generic {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "general or habitual statement: names no specific event"})
			continue
		}
		ds := s.districts()
		// A sentence listing sites in several districts ("attacks in Kalat
		// and Khuzdar") summarises a wave: it is an event of its own (a
		// series), and the sentences after it describe the sites one by one.
		summary := s.hasEvent() && len(coordinated(r.text, &evGroup{sents: []*sent{s}})) >= 2
		if summary || (s.hasEvent() && cur != nil && cur.summary && (len(ds) > 0 || s.has("separator"))) {
			next := &evGroup{districts: map[string]bool{}, summary: summary}
			if cur != nil && !summary && !s.has("separator") {
				next.wave = cur
			}
			cur = next
			out = append(out, cur)
		} else if s.hasEvent() {
			if cur == nil || r.startsNew(s, cur, ds) {
				next := &evGroup{districts: map[string]bool{}}
				if cur != nil && !s.has("separator") {
					// the next site of the same report ("In Nushki, ...")
					next.wave = cur
				}
				cur = next
				out = append(out, cur)
			}
		} else if cur == nil || (len(s.stmts) == 0 && len(s.verifs) == 0 && len(s.figures) == 0) {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "no event cue and no claim about an event"})
			continue
		}
		cur.sents = append(cur.sents, s)
		for d := range ds {
			cur.districts[d] = true
		}
		cur.figures = cur.figures || len(s.figures) > 0
		if cur.date == "" {
			for _, h := range s.dates {
				if !h.stmt && h.date != "" {
					cur.date = h.date
					break
				}
			}
		}
		if s.series != "" && cur.series == "" {
			cur.series = s.series
		}
	}
	return out
}

func (r *run) startsNew(s *sent, cur *evGroup, ds map[string]bool) bool {
	if s.has("separator") {
		// "Separately, the hospital's chief said the toll from the blast
		// had risen to four": an aside from another source about the same
		// event, not another event
		return !(s.has("anaphora") && !newDistrict(ds, cur.districts) && !s.has("background"))
	}
	if s.series != "" && cur.series != "" && s.series != cur.series {
		return true
	}
	if s.has("anaphora") {
		return false
	}
	if len(ds) > 0 && len(cur.districts) > 0 {
		shared := false
		for d := range ds {
			shared = shared || cur.districts[d]
		}
		// A follow-up at the same site ("security forces launched a search
		// operation in the area") names no new event: a place elsewhere
		// starts one only with something of its own (figures, a date, or
		// an attack rather than an operation).
		if !shared && (len(s.figures) > 0 || s.ownDate() || !s.onlyOperation()) {
			return true
		}
	}

	if len(ds) > 0 && len(cur.districts) == 0 && cur.figures && len(s.figures) > 0 {
		return true
	}
	sameSite := false
	for d := range ds {
		sameSite = sameSite || cur.districts[d]
	}
	for _, h := range s.dates {
		// a different day at the same place with the same kind of event is
		// the event retold ("A suicide bomber Friday targeted ..." after a
		// lead dated by Saturday's toll)
		if sameSite && s.sameType(cur) {
			break
		}
		if !h.stmt && h.date != "" && cur.date != "" && h.date != cur.date && h.prec == incident.DateDay {
			return true
		}
	}
	return false
}

// sameType reports whether the sentence's most specific event type is the
// most specific type the event has so far.
func (s *sent) sameType(g *evGroup) bool {
	top := func(ms []match) (match, bool) {
		var best match
		ok := false
		for _, m := range ms {
			if m.label != "event" && (!ok || m.rank < best.rank) {
				best, ok = m, true
			}
		}
		return best, ok
	}
	mine, ok := top(s.events)
	if !ok {
		return false
	}
	var all []match
	for _, o := range g.sents {
		all = append(all, o.events...)
	}
	theirs, ok := top(all)
	return ok && theirs.label == mine.label
}

// ownDate reports whether the sentence dates an event (not a statement).
func (s *sent) ownDate() bool {
	for _, h := range s.dates {
		if !h.stmt && h.date != "" {
			return true
		}
	}
	return false
}

// onlyOperation reports whether the sentence's only typed event cues are
// security operations.
func (s *sent) onlyOperation() bool {
	typed := false
	for _, m := range s.events {
		if m.label == "event" {
			continue
		}
		if m.label != string(incident.TypeOperation) {
			return false
		}
		typed = true
	}
	return typed
}

// districts returns the districts of the sentence's usable places.
func (s *sent) districts() map[string]bool {
	m := map[string]bool{}
	for _, p := range s.places {
		if p.Excluded == "" && p.DistrictID != "" {
			m[p.DistrictID] = true
		}
	}
	return m
}

// newDistrict reports whether ds names districts and none of them is in
// the event's.
func newDistrict(ds, event map[string]bool) bool {
	if len(ds) == 0 {
		return false
	}
	for d := range ds {
		if event[d] {
			return false
		}
	}
	return true
}

// clauseBreaks end a clause of a sentence listing events.
var clauseBreaks = map[string]bool{",": true, ";": true, "while": true, "whereas": true}

// placeIn reports whether a place of the sentence lies in tokens [i, j).
func (s *sent) placeIn(i, j int) bool {
	for _, p := range s.places {
		if p.Start >= s.toks[i].start && p.End <= s.toks[j-1].end {
			return true
		}
	}
	return false
}

// clauses splits a sentence that reports events on different days clause
// by clause ("X was abducted in A on July 20, Y was taken from B on July
// 22, and Z ... on July 23") at the first clause break after each date.
// Each clause must have an event cue or a place of its own; otherwise, or for a
// sentence with fewer than two different days, it returns nil.
func (s *sent) clauses(text string) []Span {
	var days []dateHit
	seen := map[string]bool{}
	for _, h := range s.dates {
		if h.date != "" && !h.stmt && h.prec == incident.DateDay && !seen[h.date] {
			seen[h.date] = true
			days = append(days, h)
		}
	}
	if len(days) < 2 {
		return nil
	}
	var cuts []int // token indexes of the breaks
	for n := 0; n+1 < len(days); n++ {
		k := days[n].j
		for k < days[n+1].i && !clauseBreaks[s.toks[k].norm] {
			k++
		}
		if k >= days[n+1].i {
			return nil
		}
		cuts = append(cuts, k)
	}
	var parts []Span
	from := 0
	for n := 0; n <= len(cuts); n++ {
		to := len(s.toks)
		if n < len(cuts) {
			to = cuts[n]
		}
		if from >= to || !s.eventIn(from, to) && !s.placeIn(from, to) {
			return nil
		}
		a, b := s.toks[from].start, s.toks[to-1].end
		parts = append(parts, Span{Start: a, End: b, Text: text[a:b]})
		from = to + 1
	}
	return parts
}

// eventIn reports whether an event cue lies in tokens [i, j).
func (s *sent) eventIn(i, j int) bool {
	for _, m := range s.events {
		if m.i >= i && m.j <= j {
			return true
		}
	}
	return false
}
