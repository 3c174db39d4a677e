package geo

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Errors returned by Geocode. Both are wrapped with detail.
var (
	ErrBadQuery = errors.New("geo: bad query")
	ErrNoMatch  = errors.New("geo: no match")
)

// MaxQueryLen is the longest query Geocode accepts, in bytes.
const MaxQueryLen = 256

// Candidate is one answer of forward geocoding.
type Candidate struct {
	Name       string    `json:"name"`
	Kind       Kind      `json:"kind"`
	ID         string    `json:"id"` // district id, tehsil pcode, place id, province or route id
	DistrictID string    `json:"district_id,omitempty"`
	District   string    `json:"district,omitempty"`
	Tehsil     string    `json:"tehsil,omitempty"`
	Region     string    `json:"region,omitempty"`  // RegionBalochistan or RegionOutside
	Country    string    `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Admin1     string    `json:"admin1,omitempty"`  // first-level unit (province)
	Point      orb.Point `json:"point"`             // lon/lat
	Precision  Precision `json:"precision"`
	Score      float64   `json:"score"` // 0..1, higher is better
	Match      string    `json:"match"` // exact, alias or fuzzy
	Matched    string    `json:"matched,omitempty"`
	// NameUr and DistrictUr are the Urdu names of the candidate and of its
	// district where the gazetteer has them.
	NameUr     string `json:"name_ur,omitempty"`
	DistrictUr string `json:"district_ur,omitempty"`
	// Line is the route or the route's stretch a KindRoute candidate
	// stands for, for a map to draw.
	Line *geojson.Geometry `json:"line,omitempty"`
}

// GeocodeOptions restrict and size a forward lookup. The zero value asks for
// the 10 best candidates anywhere in the mapped region.
type GeocodeOptions struct {
	District string // id, pcode or name (Balochistan or elsewhere in Pakistan); only candidates in this district
	Limit    int    // at most this many candidates; 0 means 10
}

type matchType uint8

const (
	matchName  matchType = iota // the entry's own name
	matchAlt                    // one of its alternate names from the sources
	matchAlias                  // the explicit alias table
	matchFuzzy
)

var matchWeight = [...]float64{matchName: 1, matchAlt: 0.95, matchAlias: 0.9, matchFuzzy: 0.75}
var matchLabel = [...]string{matchName: "exact", matchAlt: "exact", matchAlias: "alias", matchFuzzy: "fuzzy"}

// entry is one name of one gazetteer feature.
type entry struct {
	kind  Kind
	outer bool  // a feature of the outer ring: idx is into outerDistricts, admin1 or outerPlaces
	idx   int32 // into districts, tehsils, places or routes; 0 for the province
	match matchType
	score float64 // static: match weight x importance
	name  string  // the name as written in the source
}

// importance ranks features that share a name, from what the data offers:
// the administrative level, seats of districts and tehsils, feature code and
// population.
func (g *Gazetteer) placeImportance(p *Locality, seatOfTehsil, seatOfDistrict bool) float64 {
	v := 0.3
	if placeIsTown(p, seatOfTehsil, seatOfDistrict) {
		v = 0.5
	}
	switch p.FeatureCode {
	case "PPLA":
		v += 0.35
	case "PPLA2":
		v += 0.2
	case "PPLQ": // abandoned
		v -= 0.2
	}
	if seatOfDistrict {
		v += 0.15
	}
	if seatOfTehsil {
		v += 0.25
	}
	if p.Population > 0 {
		v += math.Log10(float64(p.Population)+1) / 40
	}
	return math.Min(v, 0.92)
}

func placeIsTown(p *Locality, seatOfTehsil, seatOfDistrict bool) bool {
	return seatOfTehsil || seatOfDistrict || p.Population > 0 || strings.HasPrefix(p.FeatureCode, "PPLA")
}

func (g *Gazetteer) buildNames() {
	g.names = make(map[string][]entry, 40000)
	add := func(name string, e entry) {
		k, _ := Key(name)
		if k == "" {
			return
		}
		for _, x := range g.names[k] { // one entry per feature and key: keep the best match
			if x.kind == e.kind && x.idx == e.idx && x.outer == e.outer {
				return
			}
		}
		e.name = name
		g.names[k] = append(g.names[k], e)
	}
	// Province.
	provNames := []string{"Balochistan", "بلوچستان"}
	for _, n := range provNames {
		add(n, entry{kind: KindProvince, match: matchName, score: 1})
	}
	// Districts: own names first, then the source alternates.
	for i, d := range g.districts {
		for _, n := range []string{d.CommonName, d.Name} {
			add(n, entry{kind: KindDistrict, idx: int32(i), match: matchName, score: 0.95})
		}
		// The Urdu name is one of the alternates, perhaps without the
		// word for district ("ضلع کیچ" is کیچ).
		for _, n := range append(d.AltNames, d.NameUr) {
			add(n, entry{kind: KindDistrict, idx: int32(i), match: matchAlt, score: 0.95 * matchWeight[matchAlt]})
		}
	}
	// Tehsils.
	tehsilKeys := map[string]string{} // pcode + "/" + key of any of its names (for seats)
	for i, t := range g.tehsils {
		names := []string{t.Name}
		names = append(names, t.AltNames...)
		// "Kech (Turbat)": both parts name the tehsil.
		if a, b, ok := strings.Cut(t.Name, "("); ok {
			names = append(names, strings.TrimSpace(a), strings.TrimSuffix(b, ")"))
		}
		if t.NameUr != "" {
			names = append(names, t.NameUr)
		}
		for j, n := range names {
			m := matchAlt
			if j == 0 {
				m = matchName
			}
			add(n, entry{kind: KindTehsil, idx: int32(i), match: m, score: 0.7 * matchWeight[m]})
			k, _ := Key(n)
			tehsilKeys[t.Pcode+"/"+k] = k
		}
	}
	hqKeys := map[string]string{}
	for _, d := range g.districts {
		k, _ := Key(d.HQ)
		hqKeys[d.ID] = k
	}
	// Places.
	for i, p := range g.places {
		k, _ := Key(p.Name)
		_, seatT := tehsilKeys[p.TehsilPcode+"/"+k]
		seatD := k != "" && k == hqKeys[p.DistrictID]
		if d := g.districtByKey[p.DistrictID]; d != nil && !seatD && d.HQPoint != (orb.Point{}) {
			seatD = d.HQPoint == p.Point
		}
		imp := g.placeImportance(p, seatT, seatD)
		kind := KindVillage
		if placeIsTown(p, seatT, seatD) {
			kind = KindTown
		}
		add(p.Name, entry{kind: kind, idx: int32(i), match: matchName, score: imp})
		for _, n := range p.AltNames {
			add(n, entry{kind: kind, idx: int32(i), match: matchAlt, score: imp * matchWeight[matchAlt]})
		}
	}
	g.buildOuterNames(add)
	// The alias table.
	for _, a := range aliases {
		e := entry{kind: a.kind, match: matchAlias}
		switch a.kind {
		case KindDistrict:
			d, ok := g.districtByKey[a.target]
			if !ok {
				panic("geo: alias table names unknown district " + a.target)
			}
			e.idx, e.score = int32(g.districtIndex(d)), 0.95*matchWeight[matchAlias]
		case KindTehsil:
			t, ok := g.tehsilByPcode[a.target]
			if !ok {
				panic("geo: alias table names unknown tehsil " + a.target)
			}
			e.idx, e.score = int32(g.tehsilIndex(t)), 0.7*matchWeight[matchAlias]
		case KindProvince:
			e.score = matchWeight[matchAlias]
		}
		add(a.name, e)
	}
	for k, es := range g.names {
		sort.SliceStable(es, func(i, j int) bool { return es[i].score > es[j].score })
		g.names[k] = es
	}
}

func (g *Gazetteer) districtIndex(d *District) int {
	for i, x := range g.districts {
		if x == d {
			return i
		}
	}
	return -1
}

func (g *Gazetteer) tehsilIndex(t *Tehsil) int {
	for i, x := range g.tehsils {
		if x == t {
			return i
		}
	}
	return -1
}

// candidate turns an entry into a Candidate with score s.
func (g *Gazetteer) candidate(e entry, s float64) Candidate {
	var c Candidate
	switch {
	case e.kind == KindRoute:
		c = g.routeCandidate(g.routes[e.idx])
	case e.outer:
		c = g.outerCandidate(e)
	default:
		c = g.balochistanCandidate(e)
	}
	c.Score, c.Match, c.Matched = math.Round(s*1000)/1000, matchLabel[e.match], e.name
	return c
}

func (g *Gazetteer) balochistanCandidate(e entry) Candidate {
	c := Candidate{Kind: e.kind, Region: RegionBalochistan, Country: "PK", Admin1: "Balochistan"}
	switch e.kind {
	case KindProvince:
		c.Name, c.ID, c.Point, c.Precision = "Balochistan", "balochistan", g.provLabel, PrecisionProvince
	case KindDistrict:
		d := g.districts[e.idx]
		c.Name, c.ID, c.DistrictID, c.District, c.Point, c.Precision = d.CommonName, d.ID, d.ID, d.CommonName, d.Label, PrecisionDistrict
		c.NameUr, c.DistrictUr = d.NameUr, d.NameUr
	case KindTehsil:
		t := g.tehsils[e.idx]
		d := g.districtByKey[t.DistrictID]
		c.Name, c.ID, c.DistrictID, c.District, c.Tehsil, c.Point, c.Precision = t.Name, t.Pcode, d.ID, d.CommonName, t.Name, t.Label, PrecisionTehsil
		c.NameUr, c.DistrictUr = t.NameUr, d.NameUr
	default:
		p := g.places[e.idx]
		d := g.districtByKey[p.DistrictID]
		c.Name, c.ID, c.DistrictID, c.District, c.Point, c.Precision = p.Name, p.ID, d.ID, d.CommonName, p.Point, PrecisionTown
		c.NameUr, c.DistrictUr = p.NameUr, d.NameUr
		if t := g.tehsilByPcode[p.TehsilPcode]; t != nil {
			c.Tehsil = t.Name
		}
	}
	return c
}

// entryDistrict returns the district id an entry lies in ("" for a
// province, a route, or a place beyond Pakistan).
func (g *Gazetteer) entryDistrict(e entry) string {
	switch {
	case e.kind == KindRoute:
		return ""
	case e.outer:
		switch e.kind {
		case KindDistrict:
			return g.outerDistricts[e.idx].ID
		case KindTown, KindVillage:
			return g.outerPlaces[e.idx].DistrictID
		}
		return ""
	}
	switch e.kind {
	case KindDistrict:
		return g.districts[e.idx].ID
	case KindTehsil:
		return g.tehsils[e.idx].DistrictID
	case KindTown, KindVillage:
		return g.places[e.idx].DistrictID
	}
	return ""
}

// hintBoost raises entries of the kind a suffix word asked for above all
// others.
func hintBoost(h Hint, k Kind) float64 {
	switch {
	case h == HintDistrict && k == KindDistrict,
		h == HintTehsil && k == KindTehsil,
		h == HintTown && (k == KindTown || k == KindVillage),
		h == HintProvince && k == KindProvince:
		return 1
	}
	return 0
}

// CheckQuery returns an error wrapping ErrBadQuery for a query that cannot
// be looked up: empty, longer than MaxQueryLen bytes, or not UTF-8.
func CheckQuery(q string) error {
	switch {
	case len(q) > MaxQueryLen:
		return fmt.Errorf("%w: query is %d bytes, longer than the limit of %d", ErrBadQuery, len(q), MaxQueryLen)
	case !utf8.ValidString(q):
		return fmt.Errorf("%w: query is not valid UTF-8", ErrBadQuery)
	case strings.TrimSpace(q) == "":
		return fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	return nil
}

// Geocode returns the places a name may mean, best first. Exact names rank
// above aliases, aliases above fuzzy matches (misspellings); among equal
// matches the data's own ranking applies (administrative level, seats,
// feature code, population), so districts, large towns and the outer ring's
// cities outrank villages of a similar spelling. Suffix words steer the
// kind: "Turbat" is the town, "Turbat district" is Kech district. A route
// with a place ("the N-25 near Mastung") is the route's stretch there, and
// "PLACE, WHERE" ("Pishin, Iran") is PLACE within a district, province or
// country.
// Ambiguous names return every candidate; opt.District restricts them to one
// district. A fuzzy match below MinFuzzyScore is not an answer: a name with
// no confident match returns ErrNoMatch, never a guess.
func (g *Gazetteer) Geocode(q string, opt GeocodeOptions) ([]Candidate, error) {
	if err := CheckQuery(q); err != nil {
		return nil, err
	}
	district, err := g.districtOption(opt.District)
	if err != nil {
		return nil, err
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = 10
	}
	if len(g.routes) > 0 && strings.ContainsAny(q, " ,") { // "ROUTE near PLACE" has a space
		if out := g.geocodeRoute(q, district); out != nil {
			if len(out) == 0 {
				return nil, fmt.Errorf("%w: %q in district %s", ErrNoMatch, q, district)
			}
			return out, nil
		}
	}
	if strings.Contains(q, ",") {
		if qualified := g.geocodeQualified(q, district, limit); len(qualified) > 0 {
			return qualified, nil
		}
	}
	return g.geocodePlace(q, district, limit)
}

// geocodeQualified answers "PLACE, WHERE" ("Pishin, Iran", "Tump,
// Kharan", "Karachi, Sindh"): the candidates of PLACE that lie in WHERE, a
// district, a province or a country (Pakistan, Iran, Afghanistan).
func (g *Gazetteer) geocodeQualified(q, district string, limit int) []Candidate {
	i := strings.LastIndex(q, ",")
	place, where := strings.TrimSpace(q[:i]), strings.TrimSpace(q[i+1:])
	if place == "" || where == "" {
		return nil
	}
	in := func(c Candidate) bool { return false }
	if cc, ok := countryNames[strings.ToLower(where)]; ok {
		in = func(c Candidate) bool { return c.Country == cc }
	} else {
		ws, err := g.geocodePlace(where, "", 1)
		if err != nil {
			return nil
		}
		w := ws[0]
		switch w.Kind {
		case KindDistrict:
			in = func(c Candidate) bool { return c.DistrictID == w.DistrictID }
		case KindProvince:
			in = func(c Candidate) bool { return c.Admin1 == w.Admin1 && c.Country == w.Country }
		default:
			return nil
		}
	}
	cands, err := g.geocodePlace(place, district, 1000)
	if err != nil {
		return nil
	}
	var out []Candidate
	for _, c := range cands {
		if in(c) && len(out) < limit {
			c.Matched = q
			out = append(out, c)
		}
	}
	return out
}

// countryNames are the countries a qualifier may name.
var countryNames = map[string]string{"pakistan": "PK", "iran": "IR", "afghanistan": "AF"}

// districtOption resolves GeocodeOptions.District to a district id.
func (g *Gazetteer) districtOption(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	id, _, ok := g.AnyDistrict(s)
	if !ok {
		return "", fmt.Errorf("%w: unknown district %q", ErrBadQuery, s)
	}
	return id, nil
}

// geocodePlace is Geocode of one name (no route, no qualifier), with the
// query already checked and the district already resolved to its id.
func (g *Gazetteer) geocodePlace(q, district string, limit int) ([]Candidate, error) {
	var buf [96]byte
	kb, hint := appendKey(buf[:0], q)
	if len(kb) == 0 {
		return nil, fmt.Errorf("%w: query %q has no letters or digits", ErrBadQuery, q)
	}
	out := g.lookup(g.names[string(kb)], hint, district, limit, nil) // no allocation for the key
	if len(out) == 0 {
		out = g.fuzzy(string(kb), hint, district, limit)
	}
	if len(out) == 0 {
		if district != "" {
			return nil, fmt.Errorf("%w: %q in district %s", ErrNoMatch, q, district)
		}
		return nil, fmt.Errorf("%w: %q", ErrNoMatch, q)
	}
	return out, nil
}

// lookup turns the entries of one key into candidates.
func (g *Gazetteer) lookup(es []entry, hint Hint, district string, limit int, out []Candidate) []Candidate {
	if len(es) == 0 {
		return out
	}
	boosted := false
	for _, e := range es {
		if hintBoost(hint, e.kind) > 0 {
			boosted = true
			break
		}
	}
	n := 0
	for _, e := range es {
		if district != "" && g.entryDistrict(e) != district {
			continue
		}
		n++
	}
	if n == 0 {
		return out
	}
	if out == nil {
		out = make([]Candidate, 0, min(n, limit))
	}
	start := len(out)
	for _, e := range es {
		if district != "" && g.entryDistrict(e) != district {
			continue
		}
		s := e.score
		if boosted {
			s = s/2 + hintBoost(hint, e.kind)/2
		}
		if !boosted && len(out)-start >= limit {
			break // entries are sorted by static score already
		}
		out = append(out, g.candidate(e, s))
	}
	if boosted {
		sortCandidates(out[start:])
		if len(out)-start > limit {
			out = out[:start+limit]
		}
	}
	return out
}

func sortCandidates(cs []Candidate) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Score > cs[j].Score })
}
