package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// MaxText is the largest text Extract accepts, in bytes.
const MaxText = 1 << 20

// ErrBadText is returned for text that is too long or not valid UTF-8.
var ErrBadText = errors.New("extract: bad text")

// Extractor finds candidate incidents in news text. It is safe for
// concurrent use.
type Extractor struct {
	d  *dicts
	gp Geoparser
	// province is the point used for incidents located only to the province.
	province Place
}

// ProvincePoint is a representative point inside Balochistan (lon, lat) used
// for incidents that can be located only to the province when the geoparser
// gives none.
var ProvincePoint = [2]float64{65.6, 28.3}

// NewWith returns an Extractor that finds places with gp (which may be nil:
// then no places are found and every incident is located to the province).
func NewWith(gp Geoparser) (*Extractor, error) {
	d, err := loadDicts(dictFS)
	if err != nil {
		return nil, err
	}
	return &Extractor{d: d, gp: gp, province: Place{Name: "Balochistan", Kind: "province", Country: "PK", Admin1: "Balochistan",
		Lon: ProvincePoint[0], Lat: ProvincePoint[1], Precision: geo.PrecisionProvince}}, nil
}

// run is the state of one Extract call.
type run struct {
	*Extractor
	x    *Extractor
	pub  time.Time
	text string
	// lastSpeaker is the actor of the latest claim, across events: "he
	// said" in a later event still speaks for it.
	lastSpeaker string
	// issuer is the body whose press release the text is (from its number
	// line): it speaks where the text names no one else.
	issuer string
}

// Extract finds candidate incidents and series in text. published is the
// publication date of the text, used to resolve relative dates ("late
// Tuesday"); the zero time means unknown, and relative dates then stay
// unknown.
func (x *Extractor) Extract(text string, published time.Time) (*Result, error) {
	if len(text) > MaxText {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrBadText, len(text), MaxText)
	}
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrBadText)
	}
	r := &run{Extractor: x, x: x, text: text}
	if !published.IsZero() {
		r.pub = time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
	}
	res := &Result{Sentences: Sentences(text), Candidates: []Candidate{}, Series: []*incident.Series{}, SeriesInfo: []SeriesCandidate{}}
	if res.Sentences == nil {
		res.Sentences = []Span{}
	}
	if !r.pub.IsZero() {
		res.Published = fmtDate(r.pub)
	}
	var places []Place
	if x.gp != nil {
		for _, p := range x.gp.Parse(text) {
			if p.Start < 0 || p.End > len(text) || p.Start >= p.End {
				continue
			}
			p.Text = text[p.Start:p.End]
			places = append(places, p)
		}
	}
	sort.SliceStable(places, func(i, j int) bool { return places[i].Start < places[j].Start })
	doc := layout(text)
	if doc.header != nil {
		// "No PR-312/2025-ISPR": the issuer's name is glued to the number
		clean := strings.NewReplacer("-", " ", "/", " ").Replace(doc.header.Text)
		if ms := x.d.actors.all(tokenize(clean, 0)); len(ms) > 0 {
			r.issuer = ms[0].label
		}
	}
	lastGroup := ""
	sents := make([]*sent, len(res.Sentences))
	for i, sp := range res.Sentences {
		s := r.analyse(text, i, sp, &lastGroup)
		s.meta = inSpans(doc.meta, sp.Start, sp.End)

		s.front = sp.End <= doc.bodyStart
		// a date in a dateline or a byline dates the report, not the event
		dates := s.dates[:0]
		for _, h := range s.dates {
			a, b := s.toks[h.i].start, s.toks[h.j-1].end
			if !inSpans(doc.meta, a, b) && !inSpans(doc.datelines, a, b) {
				dates = append(dates, h)
			}
		}
		s.dates = dates
		for _, p := range places {
			if p.Start >= sp.Start && p.End <= sp.End {
				p.Sentence = i
				p.Excluded = s.placeExclusion(text, p, doc)
				s.places = append(s.places, p)
			}
		}
		sents[i] = s
	}
	groups := r.group(sents, res)
	hash := sha256.Sum256([]byte(text))
	prefix := "x" + hex.EncodeToString(hash[:5])
	for _, g := range groups {
		r.build(g, prefix, res)
	}
	dropDescribedMembers(res)
	dropPlaceless(res)
	r.dropPastMonths(res)
	return res, nil
}

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

// placeExclusion says why a place is not where the event happened, or "".
func (s *sent) placeExclusion(text string, p Place, doc docLayout) string {
	if inSpans(doc.datelines, p.Start, p.Start+1) {
		return "dateline"
	}
	for _, a := range s.actors {
		if p.Start < s.toks[a.j-1].end && p.End > s.toks[a.i].start {
			return "actor"
		}
	}
	if s.seriesEv != nil && p.Start < s.seriesEv.End && p.End > s.seriesEv.Start {
		return "series"
	}
	// the place's first token and the words just before it
	k := -1
	for i, t := range s.toks {
		if t.start >= p.Start {
			k = i
			break
		}
	}
	for _, c := range s.cues {
		if c.label == "incidental" && k >= 0 && (c.j == k || (c.j == k-1 && s.toks[k-1].norm == "the")) {
			return "incidental"
		}
		if c.label != "origin" || k < 0 {
			continue
		}
		// "from Punjab", "belonging to the Kech district", "natives of"
		if c.j == k || (c.j == k-1 && s.toks[k-1].norm == "the") {
			// "from Quetta to Karachi" is a route, not an origin: keep
			// "from" only for people (the sentence has a casualty figure or
			// a word for people right before it).
			if s.toks[c.i].norm == "from" && !s.peopleBefore(c.i) {
				continue
			}
			return "origin"
		}
	}
	if k >= 0 && s.nearWord(k, p.End, 2, incidentalNouns) {
		return "incidental"
	}
	if routeCompound(text, p) {
		return "route"
	}
	// "Maal Road near Chaman": a street named after a place
	if k >= 0 && s.wordAfter(p.End, streetWords) {
		return "street"
	}
	// "Kalat Division Commissioner", "the Khuzdar deputy commissioner": the
	// speaker's jurisdiction, which may be wider than the event's place
	if k >= 0 && s.titleAfter(p.End) {
		return "title"
	}
	return ""
}

// titleWords after a place name make it part of an official's title.
var titleWords = map[string]bool{"division": true, "divisional": true, "commissioner": true, "deputy": true, "assistant": true,
	"ssp": true, "dig": true, "sho": true, "dpo": true, "dc": true, "ac": true}

// streetWords after a place name make it the name of a street or square.
var streetWords = map[string]bool{"road": true, "street": true, "chowk": true, "avenue": true, "lane": true}

// titleAfter reports whether the token right after byte end is a title word.
func (s *sent) titleAfter(end int) bool { return s.wordAfter(end, titleWords) }

// wordAfter reports whether the token right after byte end is one of words.
func (s *sent) wordAfter(end int, words map[string]bool) bool {
	for _, t := range s.toks {
		if t.start >= end {
			return words[t.norm]
		}
	}
	return false
}

// incidentalNouns next to a place name make it the name of an institution
// somewhere else ("Civil Hospital Quetta", "Quetta's trauma centre"), not
// the event's place.
var incidentalNouns = map[string]bool{"hospital": true, "hospitals": true, "cmh": true, "trauma": true, "jail": true,
	"prison": true, "court": true, "university": true, "press": true, "club": true}

// nearWord reports whether one of words is within n tokens before token k
// or after the place ending at byte end.
func (s *sent) nearWord(k, end, n int, words map[string]bool) bool {
	for i := max(0, k-n); i < k; i++ {
		if words[s.toks[i].norm] {
			return true
		}
	}
	for i := k; i < len(s.toks); i++ {
		if s.toks[i].start < end {
			continue
		}
		for m := i; m < len(s.toks) && m < i+n; m++ {
			if words[s.toks[m].norm] {
				return true
			}
		}
		break
	}
	return false
}

// routeWords after a hyphenated pair of places make it a route ("the
// Quetta-Karachi highway", "a Khuzdar-bound coach").
var routeWords = []string{"highway", "road", "motorway", "bus", "coach", "train", "railway", "route", "van", "national highway", "passenger", "bound"}

// routeCompound reports whether p is one end of a route named by its ends
// ("Quetta-Chaman highway", "Noshki-Dalbandin"): such a place is used only
// when no other place is named.
func routeCompound(text string, p Place) bool {
	joined := p.End < len(text) && text[p.End] == '-' || p.Start > 0 && text[p.Start-1] == '-'
	if !joined {
		return false
	}
	// the words after the compound
	e := p.End
	for e < len(text) && (text[e] == '-' || unicode.IsLetter(rune(text[e]))) {
		e++
	}
	tail := strings.ToLower(text[e:min(len(text), e+30)])
	tail = strings.TrimLeft(tail, " ")
	for _, w := range routeWords {
		if strings.HasPrefix(tail, w) {
			return true
		}
	}
	return p.End < len(text) && text[p.End] == '-' && strings.HasPrefix(strings.ToLower(text[p.End+1:]), "bound")
}

// peopleBefore reports whether a word for people (a group noun or "who
// were", "identified as being") comes shortly before token i.
func (s *sent) peopleBefore(i int) bool {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		switch s.toks[k].norm {
		case "being", "hailing", "were", "was", "all", "mostly", "mainly", "them", "whom":
			return true
		}
	}
	for _, f := range s.figures {
		if f.End <= s.toks[i].start && s.toks[i].start-f.End < 40 {
			return true
		}
	}
	return false
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
		return true
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
