package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mention is a place named in a text.
type Mention struct {
	Text      string    `json:"text"`  // as written
	Start     int       `json:"start"` // byte offset of the first byte
	End       int       `json:"end"`   // byte offset just past the last byte
	Candidate Candidate `json:"candidate"`
	// Alternatives counts the other features the name could mean.
	Alternatives int `json:"alternatives,omitempty"`
}

// MaxParseLen is the longest text Parse reads, in bytes; the rest is ignored.
const MaxParseLen = 1 << 20

type token struct {
	start, end int
	upper      bool // starts with an upper-case letter, or is not in a cased script
	lower      string
}

// notPlaces are capitalised words that news texts use often and that happen
// to be the names of villages in the gazetteer, or are names of countries
// and regions whose gazetteer entries would place an event wrongly. They are
// never read as a place in free text. (Karachi is not among them: it is read
// like every place beyond the province, only after a locative word such as
// "in Karachi", so that "the Quetta-Karachi highway" or "Karachi-bound"
// stays a route.)
var notPlaces = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "he": true, "she": true, "it": true,
	"they": true, "this": true, "that": true, "these": true, "his": true, "her": true, "their": true, "but": true,
	"army": true, "major": true, "captain": true, "police": true, "levies": true, "officials": true, "official": true,
	"government": true, "security": true, "forces": true, "soldiers": true, "militants": true, "news": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"bla": true, "blf": true, "bras": true, "ispr": true, "ttp": true, "fc": true, "ctd": true, "brg": true, "uba": true,
	"baloch": true, "balochi": true, "pakistan": true, "pakistani": true, "punjab": true, "punjabi": true, "sindh": true,
	"iran": true, "afghanistan": true, "china": true, "chinese": true, "operation": true,
	"liberation": true, "front": true, "islam": true, "allah": true, "national": true, "highway": true,
	"inter": true, "services": true, "public": true, "relations": true, "media": true, "reuters": true,
	"sunni": true, "shia": true, "shiite": true, "hazara": true,
	"dawn": true, "sources": true, "local": true, "district": true, "tehsil": true, "province": true,
}

// locatives are words after which a village name is accepted in free text.
// A place beyond the province needs one of outerLocatives: "and", "to",
// "from" and "between" too often join it to a route or an origin ("from
// Quetta to Karachi").
var locatives = map[string]bool{
	"in": true, "near": true, "at": true, "of": true, "from": true, "outside": true, "village": true,
	"town": true, "area": true, "around": true, "between": true, "and": true, "to": true,
}

var outerLocatives = map[string]bool{
	"in": true, "near": true, "at": true, "of": true, "outside": true, "around": true,
}

func tokenize(text string) []token {
	var toks []token
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		upper := unicode.IsUpper(r) || !unicode.In(r, unicode.Latin)
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			i += size
		}
		lower := strings.ToLower(text[start:i])
		if lower == "s" && (strings.HasSuffix(text[:start], "'") || strings.HasSuffix(text[:start], "’")) {
			continue // possessive: "Zhob's"
		}
		toks = append(toks, token{start: start, end: i, upper: upper, lower: lower})
	}
	return toks
}

// hintNear reads suffix and list words around tokens [i, j): "Awaran
// district", "the district of Awaran", "districts, including Panjgur, Kech
// and Kharan".
func hintNear(toks []token, i, j int) Hint {
	if j < len(toks) {
		if h, ok := suffixWords[toks[j].lower]; ok && h != HintNone {
			return h
		}
	}
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		w := toks[k].lower
		switch w {
		case "districts", "district":
			return HintDistrict
		case "tehsils", "tehsil":
			return HintTehsil
		case "towns", "town", "city", "cities", "village", "villages":
			return HintTown
		}
	}
	return HintNone
}

// preferInside moves the best candidate inside Balochistan to the front
// when the best one lies beyond it: news about the province that names
// "Surab" means the Surab there, not the one in Iran. (A place beyond the
// province reached only through such a shared name stays an alternative.)
func preferInside(cs []Candidate) {
	if len(cs) < 2 || cs[0].Region != RegionOutside {
		return
	}
	for k, c := range cs {
		if c.Region != RegionOutside {
			copy(cs[1:k+1], cs[:k])
			cs[0] = c
			return
		}
	}
}

// joinedName reports whether the tokens are joined only by a space, a
// hyphen, an apostrophe or a period, as the words of one name are.
func joinedName(text string, toks []token) bool {
	for k := 1; k < len(toks); k++ {
		switch text[toks[k-1].end:toks[k].start] {
		case " ", "-", "'", "’", ".", ". ":
		default:
			return false
		}
	}
	return true
}

type found struct {
	m     Mention
	cands []Candidate
}

// Parse finds the places of Balochistan named in a news text and resolves
// each to its most likely feature. Names must be capitalised (in Latin
// script); districts, tehsils and towns are recognised anywhere, villages
// only after a locative word ("in", "near", "village", ...), since many
// village names are also common words. A name's own suffix word or a nearby
// list word ("districts, including ...") steers the kind, and an ambiguous
// name prefers a district named elsewhere in the same text.
func (g *Gazetteer) Parse(text string) []Mention {
	if len(text) > MaxParseLen {
		text = text[:MaxParseLen]
	}
	toks := tokenize(text)
	var fs []found
	for i := 0; i < len(toks); {
		matched := 0
		if toks[i].upper && !notPlaces[toks[i].lower] {
			for n := min(4, len(toks)-i); n >= 1; n-- {
				if _, isSuffix := suffixWords[toks[i+n-1].lower]; isSuffix && n > 1 {
					continue // "Awaran district": the name is "Awaran"
				}
				if n > 1 && !joinedName(text, toks[i:i+n]) {
					continue // "QUETTA: A senior officer": a name does not run across punctuation
				}
				surface := text[toks[i].start:toks[i+n-1].end]
				key, _ := Key(surface)
				es := g.names[key]
				if len(es) == 0 {
					continue
				}
				locative := i > 0 && locatives[toks[i-1].lower]
				outerLoc := i > 0 && outerLocatives[toks[i-1].lower]
				// "Kot-Langove": a name cut out of a hyphenated word is not that word.
				inCompound := strings.HasPrefix(text[toks[i+n-1].end:], "-") || (toks[i].start > 0 && text[toks[i].start-1] == '-')
				hint := hintNear(toks, i, i+n)
				var cands []Candidate
				for _, e := range es {
					if (e.kind == KindVillage && (!locative || inCompound)) || (e.outer && (!outerLoc || inCompound)) {
						continue // a village, or a place beyond the province, only after "in", "near", ... and whole
					}
					s := e.score
					if b := hintBoost(hint, e.kind); b > 0 {
						s = s/2 + b/2 + 0.5
					}
					cands = append(cands, g.candidate(e, s))
				}
				if len(cands) == 0 {
					continue
				}
				sortCandidates(cands)
				preferInside(cands)
				fs = append(fs, found{m: Mention{Text: surface, Start: toks[i].start, End: toks[i+n-1].end}, cands: cands})
				matched = n
				break
			}
		}
		if matched == 0 {
			matched = 1
		}
		i += matched
	}
	g.routeStretches(text, fs)
	// Districts named with confidence (as districts, or unambiguous) steer
	// the ambiguous names.
	named := map[string]bool{}
	for _, f := range fs {
		if c := f.cands[0]; c.Kind == KindDistrict || len(f.cands) == 1 {
			named[c.DistrictID] = true
		}
	}
	out := make([]Mention, 0, len(fs))
	for _, f := range fs {
		best := 0
		if len(f.cands) > 1 && f.cands[0].Kind != KindDistrict && f.cands[0].Kind != KindProvince {
			for k, c := range f.cands {
				if named[c.DistrictID] && c.Score >= f.cands[0].Score-0.5 {
					best = k
					break
				}
			}
		}
		f.m.Candidate = f.cands[best]
		f.m.Alternatives = countDistinct(f.cands) - 1
		out = append(out, f.m)
	}
	return out
}

// routeStretches narrows a route named right before a place ("on the N-25
// near Mastung", "the RCD highway in Khuzdar") to the route's stretch
// there.
func (g *Gazetteer) routeStretches(text string, fs []found) {
	for i := 0; i+1 < len(fs); i++ {
		rc, pc := &fs[i].cands[0], fs[i+1].cands[0]
		if rc.Kind != KindRoute || pc.Kind == KindRoute || strings.Contains(rc.ID, "/") {
			continue
		}
		gap := strings.Fields(strings.ToLower(text[fs[i].m.End:fs[i+1].m.Start]))
		if len(gap) == 0 || len(gap) > 3 || !routeGap(gap) {
			continue
		}
		rt, ok := g.routeByID[rc.ID]
		if !ok {
			continue
		}
		if c, ok := g.stretchAt(rt, pc, rc.Score); ok {
			c.Match, c.Matched = rc.Match, rc.Matched
			*rc = c
		}
	}
}

// routeGap reports whether the words between a route and a place join
// them: "near", "in the", "highway near", ...
func routeGap(words []string) bool {
	joined := false
	for _, w := range words {
		switch strings.Trim(w, ",") {
		case "near", "in", "at", "around", "outside":
			joined = true
		case "the", "highway", "road", "area", "of", "", "district":
		default:
			return false
		}
	}
	return joined
}

// countDistinct counts candidates in distinct districts or of distinct
// kinds: what a reader would call different readings of a name.
func countDistinct(cs []Candidate) int {
	seen := map[string]bool{}
	for _, c := range cs {
		seen[string(c.Kind)+"/"+c.ID] = true
	}
	return len(seen)
}
