// Package extract reads English news text about incidents in
// Balochistan and proposes candidate incidents (drafts for a person to
// review): where and when, what kind of event, who said what about it and
// with which casualty figures, each with the words it came from.
//
// Extract runs a fixed line of stages, each in a file of its own: the
// document layer (doc.go: headline, dateline, stamps, press-release
// header, lists, subheadings), sentences and tokens (text.go), what the
// dictionaries find in each sentence (analyse.go, numbers.go, figures.go,
// dates.go, speakers.go), events (events.go), attribution and claims
// (attribution.go, claims.go), the type (typing.go), places (places.go)
// and assembly into candidates and series (assemble.go). The words are
// data, in dict/*.txt. docs/extract.md describes the rules.
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
	pub  time.Time
	text string
	// lastSpeaker is the actor of the latest claim, across events: "he
	// said" in a later event still speaks for it.
	lastSpeaker string
	// issuer is the body whose press release the text is (from its number
	// line): it speaks where the text names no one else.
	issuer string
	// people are the persons named with an actor's role so far
	people people
	// prevClaims are the claims of the event built last
	prevClaims []Claim
}

// Extract finds candidate incidents and series in text. published is the
// publication date of the text, used to resolve relative dates ("late
// Tuesday"); the zero time means unknown, and relative dates then stay
// unknown.
//
// The stages: the document layer (headline, dateline, press-release
// header, body), sentences with what the dictionaries find in each
// (actors, statement cues, events, figures, dates, places), events (which
// sentences report one event), then per event its claims and figures,
// type, date and place, assembled into candidates and series; last,
// candidates that are statements about others or background are set aside.
func (x *Extractor) Extract(text string, published time.Time) (*Result, error) {
	if len(text) > MaxText {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrBadText, len(text), MaxText)
	}
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrBadText)
	}
	r := &run{Extractor: x, text: text}
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
	doc := r.document()
	sents := r.sentences(res.Sentences, doc, r.places())
	hash := sha256.Sum256([]byte(text))
	prefix := "x" + hex.EncodeToString(hash[:5])
	for _, g := range r.group(sents, res) {
		r.build(g, prefix, res)
	}
	dropDescribedMembers(res)
	dropPlaceless(res)
	r.dropPastMonths(res)
	return res, nil
}

// document reads the page layout and the press release's issuer.
func (r *run) document() docLayout {
	doc := layout(r.text)
	if doc.header != nil {
		// "No PR-312/2025-ISPR": the issuer's name is glued to the number
		clean := strings.NewReplacer("-", " ", "/", " ").Replace(doc.header.Text)
		if ms := r.d.actors.all(tokenize(clean, 0)); len(ms) > 0 {
			r.issuer = ms[0].label
		}
	}
	return doc
}

// places returns the geoparser's places in text order.
func (r *run) places() []Place {
	if r.gp == nil {
		return nil
	}
	var places []Place
	for _, p := range r.gp.Parse(r.text) {
		if p.Start < 0 || p.End > len(r.text) || p.Start >= p.End {
			continue
		}
		p.Text = r.text[p.Start:p.End]
		places = append(places, p)
	}
	places = append(places, r.areaPlaces(places)...)
	sort.SliceStable(places, func(i, j int) bool { return places[i].Start < places[j].Start })
	return places
}

// areaWords after a capitalised name make it a locality ("the Chitkan
// area", "Killi Ismail village").
var areaWords = map[string]bool{"area": true, "village": true, "locality": true, "town": true, "tehsil": true}

// areaPlaces finds localities the geoparser left out because of the
// article before them ("in the Chitkan area"): the name is looked up as
// if written "in Chitkan", and kept at its own offsets.
func (r *run) areaPlaces(found []Place) []Place {
	var out []Place
	for _, art := range []string{"the ", "The "} {
		out = append(out, r.areaPlacesAfter(art, found)...)
	}
	return out
}

// areaPlacesAfter finds "<art>Name area" localities (see areaPlaces).
func (r *run) areaPlacesAfter(art string, found []Place) []Place {
	var out []Place
	text := r.text
	for from := 0; from < len(text); {
		k := strings.Index(text[from:], art)
		if k < 0 {
			break
		}
		start := from + k + len(art)
		from = start
		if start-len(art) > 0 && isWordByte(text[start-len(art)-1]) {
			continue // "breathe " is no article
		}
		end := start
		for end < len(text) && (isWordByte(text[end]) || text[end] >= 0x80) {
			end++
		}
		if end == start || end >= len(text) || text[end] != ' ' || text[start] < 'A' || text[start] > 'Z' {
			continue
		}
		next := text[end+1:]
		w := next[:min(len(next), strings.IndexFunc(next+" ", func(r rune) bool { return !unicode.IsLetter(r) }))]
		if !areaWords[strings.ToLower(w)] || covered(found, start, end) {
			continue
		}
		name := text[start:end]
		for _, p := range r.gp.Parse("in " + name) {
			if p.Start != 3 || p.End != 3+len(name) || outside(&p) {
				continue // (a locality abroad would need more than its name)
			}
			p.Span = Span{Start: start, End: end, Text: name}
			out = append(out, p)
			break
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '\''
}

// covered reports whether a found place overlaps [s, e).
func covered(ps []Place, s, e int) bool {
	for _, p := range ps {
		if p.Start < e && p.End > s {
			return true
		}
	}
	return false
}

// sentences analyses each sentence and places it in the page: bylines
// and stamps, front matter before the body, dates in a dateline or byline
// (they date the report, not the event), and its places with the reason a
// place is not the event's, if any. A sentence that reports events on
// different days clause by clause ("X was abducted in A on July 20, Y was
// taken from B on July 22") is read as one sentence per clause.
func (r *run) sentences(spans []Span, doc docLayout, places []Place) []*sent {
	lastGroup := ""
	sents := make([]*sent, 0, len(spans))
	for i, sp := range spans {
		var prev *sent
		if n := len(sents); n > 0 {
			prev = sents[n-1]
		}
		s := r.analyseIn(i, sp, sp, doc, places, &lastGroup, prev)
		parts := s.clauses(r.text)
		if len(parts) < 2 {
			sents = append(sents, s)
			continue
		}
		for _, part := range parts {
			c := r.analyseIn(i, sp, part, doc, places, &lastGroup, prev)
			c.parent = s
			sents = append(sents, c)
			prev = c
		}
	}
	homonyms(r.text, sents)
	return sents
}

// analyseIn analyses the part of sentence i (whose span is full) that lies
// in part, and places it in the page.
func (r *run) analyseIn(i int, full, part Span, doc docLayout, places []Place, lastGroup *string, prev *sent) *sent {
	s := r.analyse(r.text, i, part, lastGroup, prev)
	s.span = full // evidence names the whole sentence
	s.meta = inSpans(doc.meta, full.Start, full.End)
	s.front = full.End <= doc.bodyStart
	s.item = overlaps(doc.items, full.Start, full.End)
	s.subhead = inSpans(doc.subheads, full.Start, full.End)
	dates := s.dates[:0]
	for _, h := range s.dates {
		a, b := s.toks[h.i].start, s.toks[h.j-1].end
		if !inSpans(doc.meta, a, b) && !inSpans(doc.datelines, a, b) {
			dates = append(dates, h)
		}
	}
	s.dates = dates
	for _, p := range places {
		if p.Start >= part.Start && p.End <= part.End {
			p.Sentence = i
			p.Excluded = s.placeExclusion(r.text, p, doc)
			p.scene = whereFollows(r.text[p.End:min(len(r.text), p.End+12)]) && len(s.events) > 0
			s.places = append(s.places, p)
		}
	}
	return s
}

// whereFollows reports whether text starts with ", where".
func whereFollows(text string) bool {
	rest, ok := strings.CutPrefix(text, ",")
	return ok && strings.HasPrefix(strings.TrimLeft(rest, " \t\r\n"), "where ")
}
