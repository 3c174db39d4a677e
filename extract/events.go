package extract

import (
	"strconv"
	"strings"
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
	res.setAside("dated only by an earlier month: background", func(c *Candidate) bool {
		if !c.Date.Known || c.Date.Precision != incident.DateMonth || c.Series != "" {
			return false
		}
		d, err := time.Parse(time.DateOnly, c.Date.Date)
		return err == nil && d.Before(first)
	})
}

// setAside removes the candidates for which drop is true, listing their
// sentences as skipped for reason.
func (res *Result) setAside(reason string, drop func(c *Candidate) bool) {
	keep := res.Candidates[:0]
	for _, c := range res.Candidates {
		if drop(&c) {
			for _, i := range c.Sentences {
				res.Skipped = append(res.Skipped, Skipped{Sentence: i, Reason: reason})
			}
			continue
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
		located = located || c.Location.Precision != geo.PrecisionProvince || outside(&c.Location)
	}
	if !located {
		return
	}
	res.setAside("names no place, in a report of located events: taken as a statement about them", func(c *Candidate) bool {
		return c.Location.Precision == geo.PrecisionProvince && !outside(&c.Location) && c.Series == "" && !c.separate
	})
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
	summary   bool // a sentence listing a wave's sites, or saying there was one
	waveWords bool // opened by words for a wave ("coordinated attacks"), with no list of sites
	// wave is the summary this event is one site of: an event with no
	// date of its own takes the wave's.
	wave *evGroup
	// claims are the claims built for the event (set by build): a clause
	// of the same sentence reporting the next event shares its speakers.
	claims []Claim
	// seriesAt is the index in Result.SeriesInfo of the series the event
	// made (set by build), or -1
	seriesAt int
	// before is the event the text reported just before this one
	before *evGroup
}

// waveOf returns the wave told in words ("coordinated attacks in several
// cities") this event is a site of, following the chain of sites, or nil.
func (g *evGroup) waveOf() *evGroup {
	for w := g.wave; w != nil; w = w.wave {
		if w.waveWords {
			return w
		}
	}
	return nil
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
	past := false // inside sentences recalling an earlier event
	for _, s := range sents {
		if s.subhead && !s.front && !s.meta {
			// a subheading: what follows is not the event before it
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "subheading: what follows starts afresh"})
			cur = nil
			continue
		}
		why := setAside(s, bodyHasEvent, &past, r.pub)
		if why == "" && cur != nil && s.pastMonthOnly(r.pub) {
			why = "dated only by an earlier month: background"
		}
		if why != "" {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: why})
			continue
		}
		ds := s.districts()
		if back := goesBack(out, cur, s, ds); back != nil {
			// "Mastung Deputy Commissioner said two Levies personnel ..."
			// after the report moved on to Kalat: back to the Mastung event
			back.sents = append(back.sents, s)
			back.figures = back.figures || len(s.figures) > 0
			continue
		}
		g, opened := r.eventFor(s, cur, out, ds)
		if g == nil {
			res.Skipped = append(res.Skipped, Skipped{Sentence: s.idx, Reason: "no event cue and no claim about an event"})
			continue
		}
		if opened {
			out = append(out, g)
		}
		cur = g
		cur.add(s, ds)
	}
	return out
}

// eventFor returns the event a sentence belongs to, and whether it is a
// new one: a sentence listing sites in several districts ("attacks in
// Kalat and Khuzdar") summarises a wave, an event of its own (a series)
// whose sites the sentences after it describe one by one; an event
// sentence starts a new event when startsNew says so (or joins the
// earlier event the lead told); a sentence without an event cue joins the
// current event when it carries claims, figures or verification cues, and
// none (nil) otherwise.
func (r *run) eventFor(s *sent, cur *evGroup, out []*evGroup, ds map[string]bool) (*evGroup, bool) {
	summary := s.hasEvent() && (len(coordinated(r.text, &evGroup{sents: []*sent{s}})) >= 2 || s.has("wave"))
	switch {
	case summary || s.hasEvent() && cur != nil && cur.summary && (len(ds) > 0 || s.has("separator")):
		next := &evGroup{districts: map[string]bool{}, summary: summary, waveWords: summary && s.has("wave"), seriesAt: -1}
		if cur != nil && !summary && !s.has("separator") {
			next.wave = cur
		}
		return next, true
	case s.hasEvent():
		if cur != nil && !r.startsNew(s, cur, ds) {
			return cur, false
		}
		if told := retold(out, cur, s, ds); told != nil {
			return told, false // the lead told this event already: now its details
		}
		next := &evGroup{districts: map[string]bool{}, seriesAt: -1, before: cur}
		if cur != nil && (!s.has("separator") || s.sameDay()) {
			// the next site of the same report ("In Nushki, ...", "On the
			// same day, ...")
			next.wave = cur
		}
		return next, true
	case cur == nil || len(s.stmts) == 0 && len(s.verifs) == 0 && len(s.figures) == 0:
		return nil, false
	}
	return cur, false
}

// add puts a sentence into the event.
func (g *evGroup) add(s *sent, ds map[string]bool) {
	g.sents = append(g.sents, s)
	for d := range ds {
		g.districts[d] = true
	}
	g.figures = g.figures || len(s.figures) > 0
	if g.date == "" {
		for _, h := range s.dates {
			if !h.stmt && h.date != "" {
				g.date = h.date
				break
			}
		}
	}
	if s.series != "" && g.series == "" {
		g.series = s.series
	}
}

func (r *run) startsNew(s *sent, cur *evGroup, ds map[string]bool) bool {
	if s.parent != nil && s.parent.separate && s.toks[0].start > s.parent.toks[0].start {
		return true // the clause announcing "a separate ambush"
	}
	if s.has("separator") {
		// "Separately, the hospital's chief said the toll from the blast
		// had risen to four": an aside from another source about the same
		// event, not another event; "Meanwhile" at the same place is one
		// too
		aside := s.has("anaphora") || s.toks[0].norm == "meanwhile"
		return !(aside && !newDistrict(ds, cur.districts) && !s.has("background"))
	}
	if s.series != "" && cur.series != "" && s.series != cur.series {
		return true
	}
	if lp := s.leadPlace(); lp != nil && !cur.names(lp) {
		// "In Nushki, terrorists ...", "Pasni witnessed an attack": a
		// sentence opening with a place the event has not named moves on
		// to the next site
		return true
	}
	if s.refersToEvent() {
		return false // "the attack", "the blast": the event before
	}
	if s.has("anaphora") && (len(ds) == 0 || len(s.figures) == 0 || len(cur.districts) == 0) {
		return false // "it said", "he added": the speaker goes on
	}
	return s.elsewhere(cur, ds) || s.anotherDay(cur, ds)
}

// elsewhere reports whether the sentence reports something of its own
// (figures, a date, or an attack rather than an operation) in districts
// the event has not named; a follow-up at the same site ("security forces
// launched a search operation in the area") names no new event. Figures
// in a district after an event that named none but had figures start one
// too.
func (s *sent) elsewhere(cur *evGroup, ds map[string]bool) bool {
	if len(ds) == 0 {
		return false
	}
	if len(cur.districts) == 0 {
		return cur.figures && len(s.figures) > 0
	}
	return newDistrict(ds, cur.districts) && (len(s.figures) > 0 || s.ownDate() || !s.onlyOperation())
}

// anotherDay reports whether the sentence dates its event on another day
// than the event's: a different day, unless the same kind of event at the
// same place is retold ("A suicide bomber Friday targeted ..." after a
// lead dated by Saturday's toll); or a dated event with figures of its
// own after an undated one that had its own ("... killing one soldier. On
// Friday, September 5, fighters detonated an IED, killing two").
func (s *sent) anotherDay(cur *evGroup, ds map[string]bool) bool {
	sameSite := false
	for d := range ds {
		sameSite = sameSite || cur.districts[d]
	}
	for _, h := range s.dates {
		if sameSite && s.sameType(cur) {
			break
		}
		if !h.stmt && h.date != "" && cur.date != "" && h.date != cur.date && h.prec == incident.DateDay {
			return true
		}
		if !h.stmt && h.date != "" && cur.date == "" && h.prec == incident.DateDay && cur.figures && len(s.figures) > 0 && !s.has("anaphora") {
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
	for _, h := range s.dates {
		if h.date != "" && !h.stmt && h.prec == incident.DateDay && !hasDay(days, h.date) {
			days = append(days, h)
		}
	}
	if len(days) < 2 {
		if parts := s.separateClause(text); parts != nil {
			return parts
		}
		if parts := s.sceneClause(text); parts != nil {
			return parts
		}
		return s.placeClauses(text)
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
	return s.cutAt(text, cuts, func(i, j int) bool { return s.eventIn(i, j) || s.placeIn(i, j) })
}

// cutAt splits the sentence into the clauses between the break tokens at
// cuts (ascending token indexes; the breaks themselves belong to no
// clause). Every clause must be non-empty and satisfy keep, else nil.
func (s *sent) cutAt(text string, cuts []int, keep func(i, j int) bool) []Span {
	var parts []Span
	from := 0
	for n := 0; n <= len(cuts); n++ {
		to := len(s.toks)
		if n < len(cuts) {
			to = cuts[n]
		}
		if from >= to || !keep(from, to) {
			return nil
		}
		a, b := s.toks[from].start, s.toks[to-1].end
		parts = append(parts, Span{Start: a, End: b, Text: text[a:b]})
		from = to + 1
	}
	return parts
}

// separateClause splits a sentence at ", while" or ", and" when the
// clause after it announces another event ("..., while the BLF claimed a
// separate ambush in Kolwah"), each side with an event cue of its own.
func (s *sent) separateClause(text string) []Span {
	for k := 1; k+1 < len(s.toks); k++ {
		if s.toks[k-1].norm != "," || (s.toks[k].norm != "while" && s.toks[k].norm != "and" && s.toks[k].norm != "whereas") {
			continue
		}
		other := false
		for m := k + 1; m < len(s.toks) && m <= k+14; m++ {
			other = other || s.toks[m].norm == "separate" || s.toks[m].norm == "another"
		}
		if !other || !s.eventIn(0, k-1) || !s.eventIn(k+1, len(s.toks)) {
			continue
		}
		a, b := s.toks[0].start, s.toks[k-2].end
		c, d := s.toks[k+1].start, s.toks[len(s.toks)-1].end
		s.separate = true
		return []Span{{Start: a, End: b, Text: text[a:b]}, {Start: c, End: d, Text: text[c:d]}}
	}
	return nil
}

// sceneClause splits "The attacks targeted Quetta and the city of Gwadar,
// where a camp was attacked, killing 11" before the place that has its
// own event (", where ...") when an earlier place in another district is
// named, each part with an event cue.
func (s *sent) sceneClause(text string) []Span {
	for n, p := range s.places {
		if !p.scene || p.Excluded != "" || p.DistrictID == "" {
			continue
		}
		k := -1
		for _, q := range s.places[:n] {
			if q.Excluded != "" || q.DistrictID == "" || q.DistrictID == p.DistrictID {
				continue
			}
			for i, t := range s.toks {
				if t.start >= q.End && t.end <= p.Start && t.norm == "and" {
					k = i
				}
			}
		}
		if k <= 0 || !s.eventIn(0, k) || !s.eventIn(k+1, len(s.toks)) {
			return nil
		}
		a, b := s.toks[0].start, s.toks[k-1].end
		c, d := s.toks[k+1].start, s.toks[len(s.toks)-1].end
		s.ownSpeakers = true // the speaker at the end speaks of the scene
		return []Span{{Start: a, End: b, Text: text[a:b]}, {Start: c, End: d, Text: text[c:d]}}
	}
	return nil
}

// placeClauses splits a sentence that reports figures at two or more
// places in different districts ("Eight people were killed in A and six
// others were shot dead in B") before the clause break that precedes
// each further place, when every clause has a figure of its own.
func (s *sent) placeClauses(text string) []Span {
	if len(s.places) < 2 || len(s.figures) < 2 {
		return nil
	}
	var ps []Place
	for _, p := range s.places {
		if p.Excluded == "" && p.DistrictID != "" && !hasDistrict(ps, p.DistrictID) {
			ps = append(ps, p)
		}
	}
	if len(ps) < 2 {
		return nil
	}
	var cuts []int
	prevEnd := 0
	for n := 1; n < len(ps); n++ {
		k := -1
		for i, t := range s.toks {
			if t.start >= ps[n].Start {
				break
			}
			if t.start >= ps[n-1].End && (t.norm == "and" || t.norm == "while" || t.norm == "whereas" || t.norm == ";") {
				k = i
			}
		}
		if k < 0 || k <= prevEnd {
			return nil
		}
		cuts = append(cuts, k)
		prevEnd = k
	}
	return s.cutAt(text, cuts, s.figureIn)
}

// figureIn reports whether a figure of the sentence lies in tokens [i, j).
func (s *sent) figureIn(i, j int) bool {
	for _, f := range s.figures {
		if f.Start >= s.toks[i].start && f.End <= s.toks[j-1].end {
			return true
		}
	}
	return false
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

// leadPlace returns the usable place the sentence opens with ("In
// Nushki, ...", "Pasni witnessed ..."), or nil.
func (s *sent) leadPlace() *Place {
	if len(s.places) == 0 || len(s.toks) == 0 {
		return nil
	}
	p := &s.places[0]
	if p.Excluded != "" || p.DistrictID == "" {
		return nil
	}
	k := 0
	switch s.toks[0].norm {
	case "in", "at", "near":
		k = 1
	}
	if k >= len(s.toks) || s.toks[k].start != p.Start {
		return nil
	}
	return p
}

// names reports whether the event has named the place p (by name or, for
// a district, the district).
func (g *evGroup) names(p *Place) bool {
	for _, s := range g.sents {
		for _, q := range s.places {
			if q.Excluded == "" && (q.Name == p.Name || q.DistrictID == p.DistrictID && p.Precision == geo.PrecisionDistrict) {
				return true
			}
		}
	}
	return false
}

// sameDay reports whether the sentence says its event happened on the day
// of the one before ("on the same day", "later that day").
func (s *sent) sameDay() bool {
	for k := 0; k+1 < len(s.toks); k++ {
		a, b := s.toks[k].norm, s.toks[k+1].norm
		if (a == "same" || a == "that") && (b == "day" || b == "night" || b == "evening") {
			return true
		}
	}
	return false
}

// setAside returns why a sentence starts no event and adds to none, or "".
// past carries a recollection over sentences: a sentence opening with an
// earlier time ("Last week, fighters ...") recalls an earlier event, and
// so do the sentences after it that go on with a pronoun ("They ...").
func setAside(s *sent, bodyHasEvent bool, past *bool, pub time.Time) string {
	wasPast := *past
	*past = false
	switch {
	case s.meta:
		return "byline or publication stamp"
	case s.front && bodyHasEvent:
		return "headline or summary before the body: restates it"
	case s.item:
		return "item of a bulleted list in the body: recalls or restates"
	case s.has("aggregate") && len(s.figures) == 0 && !s.ownDate():
		return "speaks of attacks in aggregate: names no specific event"
	case s.has("accident") && !s.typed():
		return "an accident or a disaster, not an incident of the conflict"
	case s.has("statistics") && s.manyOrPeriod():
		return "counts cases over a period: statistics, not an event"
	case s.has("background") && !s.has("separator"):
		return "background: recalls earlier events"
	case s.generic:
		return "general or habitual statement: names no specific event"
	case s.announced():
		return "announced for a later day: no event yet"
	case s.opensInPast(pub):
		*past = true
		return "opens with an earlier time: recalls an earlier event"
	case wasPast && s.goesOn():
		*past = true
		return "goes on recalling the earlier event"
	}
	return ""
}

// pastOpenings are openings that put a sentence at an earlier time than
// the report's event.
var pastOpenings = [][]string{{"last", "week"}, {"last", "month"}, {"last", "year"}, {"earlier", "this", "month"},
	{"earlier", "this", "year"}, {"earlier", "last", "week"}, {"the", "previous", "week"}, {"a", "week", "earlier"},
	{"weeks", "earlier"}, {"months", "earlier"}}

// opensInPast reports whether the sentence opens with an earlier time
// ("Last week, ...", "Earlier this month, ...").
func (s *sent) opensInPast(pub time.Time) bool {
	// "In December, ..." in a report of April
	if len(s.toks) > 2 && s.toks[0].norm == "in" && !pub.IsZero() {
		for _, h := range s.dates {
			if h.i == 1 && h.prec == incident.DateMonth && h.date != "" && h.date < fmtDate(time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)) {
				return true
			}
		}
	}
	for _, o := range pastOpenings {
		if len(s.toks) <= len(o) {
			continue
		}
		ok := true
		for k, w := range o {
			ok = ok && s.toks[k].norm == w
		}
		if ok {
			return true
		}
	}
	return false
}

// goesOn reports whether the sentence goes on with a pronoun subject (or
// "However, the attacks ...") and names no place of its own.
func (s *sent) goesOn() bool {
	if len(s.toks) == 0 || len(s.districts()) > 0 {
		return false
	}
	switch s.toks[0].norm {
	case "they", "it", "he", "she":
		return true
	case "however", "but", "also":
		return s.has("anaphora")
	case "the":
		return len(s.toks) > 1 && (s.toks[1].norm == "group" || s.toks[1].norm == "attackers" || s.toks[1].norm == "militants" || s.toks[1].norm == "attacks")
	}
	return false
}

// earlierSite returns the earlier event a sentence goes back to: one that
// names no place of its own but an official of a district ("the Mastung
// deputy commissioner said") that the current event has not named and an
// earlier event has. Reports often give both events in the lead and then
// each in turn.
func earlierSite(out []*evGroup, cur *evGroup, s *sent, ds map[string]bool) *evGroup {
	if cur == nil || len(ds) > 0 || s.has("separator") {
		return nil
	}
	var ts []string
	for _, p := range s.places {
		if p.Excluded == "title" && p.DistrictID != "" && !cur.districts[p.DistrictID] {
			ts = append(ts, p.DistrictID)
		}
	}
	if len(ts) == 0 {
		return nil
	}
	for k := len(out) - 1; k >= 0; k-- {
		if out[k] == cur {
			continue
		}
		for _, d := range ts {
			if out[k].districts[d] {
				return out[k]
			}
		}
	}
	return nil
}

func hasDay(hs []dateHit, day string) bool {
	for _, h := range hs {
		if h.date == day {
			return true
		}
	}
	return false
}

func hasDistrict(ps []Place, id string) bool {
	for _, p := range ps {
		if p.DistrictID == id {
			return true
		}
	}
	return false
}

// pastMonthOnly reports whether the sentence's own dates are all months
// before the month of publication ("was killed in July 2015" in a 2016
// report): told within a report of another event, it is background.
func (s *sent) pastMonthOnly(pub time.Time) bool {
	if pub.IsZero() {
		return false
	}
	first := fmtDate(time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC))
	n := 0
	for _, h := range s.dates {
		if h.stmt {
			continue
		}
		if h.prec != incident.DateMonth || h.date == "" || h.date >= first {
			return false
		}
		n++
	}
	return n > 0
}

// retold returns an earlier event (not the current one) that the sentence
// tells again: the same district, no other day, the same kind of event.
// Reports give each event in the lead and again in detail below.
func retold(out []*evGroup, cur *evGroup, s *sent, ds map[string]bool) *evGroup {
	if len(ds) == 0 || s.has("separator") {
		return nil
	}
	for _, g := range out {
		if g == cur || g.summary || len(g.districts) == 0 {
			continue
		}
		same := true
		for d := range ds {
			same = same && g.districts[d]
		}
		if !same || !s.sameType(&evGroup{sents: g.sents[:1]}) {
			continue // (the kind of event the lead gave it)
		}
		for _, h := range s.dates {
			if !h.stmt && h.date != "" && g.date != "" && h.date != g.date {
				same = false
			}
		}
		if same {
			return g
		}
	}
	return nil
}

// goesBack returns the earlier event a sentence returns to, or nil: by an
// official's title (earlierSite) or by referring back to its districts
// (referredBack).
func goesBack(out []*evGroup, cur *evGroup, s *sent, ds map[string]bool) *evGroup {
	if g := earlierSite(out, cur, s, ds); g != nil {
		return g
	}
	if s.refersToEvent() {
		return referredBack(out, cur, ds)
	}
	return nil
}

// referredBack returns the earlier event (not the current one) that a
// sentence referring back ("The attacks took place in Mastung and
// Soorab") names the districts of, when the current event has none of
// them: the report has gone back to that event.
func referredBack(out []*evGroup, cur *evGroup, ds map[string]bool) *evGroup {
	if cur == nil || len(ds) == 0 || len(cur.districts) == 0 {
		return nil // (an event with no place yet takes the place)
	}
	for d := range ds {
		if cur.districts[d] {
			return nil
		}
	}
	for k := len(out) - 1; k >= 0; k-- {
		g := out[k]
		if g == cur {
			continue
		}
		all := true
		for d := range ds {
			all = all && g.districts[d]
		}
		if all {
			return g
		}
	}
	return nil
}

// refersToEvent reports whether the sentence refers back to an event by a
// noun ("the attack", "this blast"), not only to a speaker ("it said").
func (s *sent) refersToEvent() bool {
	for _, c := range s.cues {
		if c.label == "anaphora" {
			if w := s.toks[c.i].norm; w == "the" || w == "this" {
				return true
			}
		}
	}
	return false
}

// dayAfter reports whether the sentence puts its event on the day after
// the one before ("A day after the attack, ...", "the next day").
func (s *sent) dayAfter() bool {
	for k := 0; k+1 < len(s.toks); k++ {
		a, b := s.toks[k].norm, s.toks[k+1].norm
		if a == "day" && (b == "after" || b == "later") && k > 0 && (s.toks[k-1].norm == "a" || s.toks[k-1].norm == "one") ||
			(a == "next" || a == "following") && b == "day" {
			return true
		}
	}
	return false
}

// announced reports whether the sentence announces an event for a later
// day ("will be holding a rally in Quetta on August 12" in an August 8
// report).
func (s *sent) announced() bool {
	future := false
	for k, t := range s.toks {
		future = future || t.norm == "will" || (t.norm == "to" && k > 0 && (s.toks[k-1].norm == "plans" || s.toks[k-1].norm == "set"))
	}
	if !future {
		return false
	}
	for _, h := range s.dates {
		if h.later {
			return true
		}
	}
	return false
}

// manyOrPeriod reports whether the sentence counts many (a number of 50
// or more) or over a period ("since", "during", "from ... to").
func (s *sent) manyOrPeriod() bool {
	from := false
	for _, t := range s.toks {
		switch t.norm {
		case "since", "during":
			return true
		case "from":
			from = true
		case "to":
			if from {
				return true
			}
		}
		if n, err := strconv.Atoi(strings.ReplaceAll(t.norm, ",", "")); err == nil && startsDigit(t.norm) && n >= 50 && (n < 1900 || n > 2100) {
			return true
		}
	}
	return false
}
