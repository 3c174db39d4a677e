package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	if s.namesPeople(p.Start) {
		return "person"
	}
	if longerName(text, p) {
		return "name"
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
	if routeCompound(text, p) || k >= 0 && s.fromTo(k) {
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
	first, note := eventPlace(c.Places)
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
	if note != "" {
		c.LocationNote = note
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

// eventPlace returns the place that decides the event's district, in
// order of preference: a place followed by ", where" and the event; the
// first usable place (one beyond the province counts even without a
// district); a place named for another reason (a route's ends, an
// incidental mention), better than nothing; a district town's dateline
// ("GWADAR:") when the event names no place, since a local correspondent
// files from where it happened (not the provincial capital's, which
// covers the whole province). The note says why when it is the dateline.
func eventPlace(ps []Place) (*Place, string) {
	for k := range ps {
		if p := &ps[k]; p.scene && p.Excluded == "" && p.DistrictID != "" {
			return p, ""
		}
	}
	for k := range ps {
		if p := &ps[k]; p.Excluded == "" && (p.DistrictID != "" || outside(p)) {
			return p, ""
		}
	}
	for k := range ps {
		if p := &ps[k]; weakExclusion[p.Excluded] && p.DistrictID != "" {
			return p, ""
		}
	}
	for k := range ps {
		if p := &ps[k]; p.Excluded == "dateline" && p.DistrictID != "" && p.DistrictID != "quetta" && !outside(p) {
			return p, "no place named but the dateline: located to the dateline's town"
		}
	}
	return nil, ""
}

// weakExclusion are the reasons that keep a place as a fallback location.
var weakExclusion = map[string]bool{"route": true, "incidental": true, "title": true, "street": true, "name": true}

// outside reports whether a place lies beyond Balochistan.
func outside(p *Place) bool {
	return p.Admin1 != "" && !strings.EqualFold(p.Admin1, "Balochistan") || p.Country != "" && p.Country != "PK"
}

// namesPeople reports whether the words before byte offset at introduce
// people's names ("the slain were identified as ...", "alias"): a place
// name there is part of a person's name.
func (s *sent) namesPeople(at int) bool {
	for k, t := range s.toks {
		if t.start >= at {
			break
		}
		if t.norm == "alias" && k+3 >= len(s.toks) || t.norm == "alias" && s.toks[min(k+3, len(s.toks)-1)].start >= at {
			return true // "Taj Muhammad alias Babul"
		}
		if (t.norm == "identified" || t.norm == "named") && k+1 < len(s.toks) && s.toks[k+1].norm == "as" {
			return true
		}
	}
	return false
}

// homonyms excludes a place whose context puts it elsewhere: "the X area
// of Y", "X, Y" or "X in Y" where Y is a coarser place in another
// province or district than the gazetteer's X. Later mentions of the same
// name in the text are the same place, elsewhere, and are excluded too.
func homonyms(text string, sents []*sent) {
	elsewhere := map[string]bool{}
	// "the Kolachi area of Dera Ismail Khan": a name the gazetteer may not
	// read there, placed in q by the text
	in := map[string]Place{}
	for _, s := range sents {
		for _, q := range s.places {
			if name := areaOfBefore(text[max(0, q.Start-60):q.Start]); name != "" {
				in[name] = q
			}
		}
	}
	for _, s := range sents {
		for i := range s.places {
			p := &s.places[i]
			if q, ok := in[p.Text]; ok && p.Excluded == "" && (p.Admin1 != q.Admin1 || p.DistrictID != "" && q.DistrictID != "" && p.DistrictID != q.DistrictID) {
				p.Excluded = "homonym"
			}
		}
	}
	for _, s := range sents {
		for i := range s.places {
			p := &s.places[i]
			if elsewhere[p.Text] && p.Excluded == "" {
				p.Excluded = "homonym"
				continue
			}
			if i+1 >= len(s.places) {
				continue
			}
			q := s.places[i+1]
			if !withinWords(text[p.End:q.Start]) || q.Precision.Rank() <= p.Precision.Rank() {
				continue
			}
			if p.Admin1 != q.Admin1 || p.DistrictID != "" && q.DistrictID != "" && p.DistrictID != q.DistrictID {
				if p.Excluded == "" {
					p.Excluded = "homonym"
				}
				elsewhere[p.Text] = true
			}
		}
	}
}

// withinWords reports whether the text between two places says the first
// lies in the second: "area of", "in", ",", "district of".
func withinWords(gap string) bool {
	g := strings.ToLower(strings.TrimSpace(gap))
	g = strings.TrimSpace(strings.TrimPrefix(g, ","))
	if g == "" {
		return strings.TrimSpace(gap) == ","
	}
	g = strings.TrimPrefix(g, "area ")
	g = strings.TrimPrefix(g, "town ")
	g = strings.TrimPrefix(g, "village ")
	switch g {
	case ",", "of", "in", "of the", "in the", "district of", "area of", "in district", "district", "":
		return g != ""
	}
	return false
}

// areaOfBefore returns the name in "... the NAME area of " at the end of
// before, or "".
func areaOfBefore(before string) string {
	for _, w := range []string{" area of ", " town of ", " village of ", " areas of "} {
		if !strings.HasSuffix(before, w) && !strings.HasSuffix(before, strings.TrimRight(w, " ")+" the ") {
			continue
		}
		head := before[:strings.LastIndex(before, strings.TrimLeft(strings.TrimRight(w, " "), " "))]
		f := strings.Fields(head)
		var name []string
		for k := len(f) - 1; k >= 0 && len(name) < 3; k-- {
			r, _ := utf8.DecodeRuneInString(f[k])
			if !unicode.IsUpper(r) {
				break
			}
			name = append([]string{f[k]}, name...)
		}
		return strings.Join(name, " ")
	}
	return ""
}

// placeFollowers are capitalised words that may follow a place name
// without making it part of a longer name.
var placeFollowers = map[string]bool{"district": true, "districts": true, "tehsil": true, "town": true, "city": true, "village": true,
	"area": true, "areas": true, "division": true, "valley": true, "region": true, "province": true, "bazaar": true, "market": true,
	"highway": true, "road": true, "cantonment": true, "port": true, "airport": true, "sub-division": true, "subdivision": true,
	"and": true, "or": true, "on": true, "in": true, "at": true, "of": true}

// longerName reports whether the place name runs on into a capitalised
// word that is no place word, weekday or month, and then into what a
// person did or was ("Qamber Noor was abducted", "Taj Muhammad alias"):
// the name is a person's.
func longerName(text string, p Place) bool {
	rest := text[p.End:]
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	rest = rest[1:]
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(rest)
	}
	w := rest[:end]
	r, _ := utf8.DecodeRuneInString(w)
	if w == "" || !unicode.IsUpper(r) {
		return false
	}
	low := strings.ToLower(w)
	if _, ok := weekdays[low]; ok {
		return false
	}
	if monthWords[low] || placeFollowers[low] || strings.ToUpper(w) == w {
		return false
	}
	// a person's name goes on with what the person did or was
	next := strings.Fields(rest[end:])
	if len(next) == 0 {
		return false
	}
	return personAfter[strings.Trim(next[0], ",.;:")] || strings.HasPrefix(rest[end:], ",")
}

// personAfter are the words after a person's name ("Qamber Noor was
// abducted", "Taj Muhammad alias ...").
var personAfter = map[string]bool{"was": true, "were": true, "is": true, "has": true, "had": true, "alias": true,
	"said": true, "who": true, "son": true, "s/o": true}

// fromTo reports whether the place at token k ends a journey named by
// its ends ("a bus travelling from Karachi to Quetta"): where the vehicle
// was going, not where the event happened.
func (s *sent) fromTo(k int) bool {
	if k < 3 || s.toks[k-1].norm != "to" {
		return false
	}
	for m := k - 2; m >= 0 && m >= k-5; m-- {
		if s.toks[m].norm == "from" {
			return true
		}
	}
	return false
}
