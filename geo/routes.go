package geo

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
)

// Route is a national highway, motorway or main railway line: a linear
// place. Reports put many attacks "on the N-25 near Mastung"; the route
// alone says little (it crosses the province), the route with a place names
// the route's stretch in one district, with PrecisionRoute.
type Route struct {
	ID       string // "n-25", "m-8", "rohri-chaman"
	Ref      string // "N-25"; empty for railways
	Name     string // "N-25 National Highway"
	Kind     string // "highway", "motorway" or "railway"
	AltNames []string
	Line     orb.LineString
	// Stretches are the route's parts per district (or, beyond Pakistan,
	// per province), in the order the route first enters them.
	Stretches []*Stretch
	mid       orb.Point // the whole route's point: the middle of its longest stretch
	midPlace  Place     // where mid lies
}

// Stretch is the part of a route that runs through one district or
// province.
type Stretch struct {
	Place Place // where it runs: Region, Country, Admin1 and, in Pakistan, the district
	Line  orb.MultiLineString
	Mid   orb.Point // on the stretch, halfway along its longest part
	KM    float64   // length, kilometres
}

// stretchStep is the distance (degrees, about 1 km) at which a route is
// sampled to find where it crosses from one district into the next.
const stretchStep = 0.01

// nearRoute is how far (degrees, about 25 km) a place may lie from a route
// for "the N-25 near Mastung" to mean the route's stretch there.
const nearRoute = 0.25

// Routes returns the routes sorted by id. The slice must not be modified.
func (g *Gazetteer) Routes() []*Route { return g.routes }

func (g *Gazetteer) loadRoutes(r io.Reader) error {
	fs, err := readFeatures(r)
	if err != nil {
		return err
	}
	for i, f := range fs {
		p := f.Properties
		rt := &Route{ID: propString(p, "id"), Ref: propString(p, "ref"), Name: propString(p, "name"),
			Kind: propString(p, "kind"), AltNames: propStrings(p, "alt_names")}
		if rt.ID == "" || rt.Name == "" {
			return fmt.Errorf("feature %d: missing id or name", i)
		}
		ls, ok := f.Geometry.(orb.LineString)
		if !ok || len(ls) < 2 {
			return fmt.Errorf("route %q: want a LineString of two or more points", rt.ID)
		}
		if _, dup := g.routeByID[rt.ID]; dup {
			return fmt.Errorf("route %q: id used twice", rt.ID)
		}
		rt.Line = ls
		if err := g.stretch(rt); err != nil {
			return fmt.Errorf("route %q: %w", rt.ID, err)
		}
		// The whole route's point: the middle of its longest stretch, which
		// lies on the route and in a known unit (the line's own midpoint
		// can fall at sea where a coastal road is drawn across a bay).
		longest := rt.Stretches[0]
		for _, st := range rt.Stretches[1:] {
			if st.KM > longest.KM {
				longest = st
			}
		}
		rt.mid, rt.midPlace = longest.Mid, longest.Place
		g.routes = append(g.routes, rt)
		g.routeByID[rt.ID] = rt
	}
	return nil
}

// stretch cuts rt into its stretches: the line is sampled every
// stretchStep degrees and each sample is located; where the answer changes,
// a stretch ends and the next begins at the same sample.
func (g *Gazetteer) stretch(rt *Route) error {
	byKey := map[string]*Stretch{}
	var cur *Stretch
	var part orb.LineString
	flush := func() {
		if cur != nil && len(part) >= 2 {
			cur.Line = append(cur.Line, part)
		}
		part = nil
	}
	visit := func(p orb.Point, vertex bool) error {
		pl, err := g.ReverseNear(p, BorderTolerance)
		if err != nil {
			return err
		}
		key := pl.DistrictID
		if key == "" {
			key = pl.Country + "/" + pl.Admin1
		}
		s := byKey[key]
		if s == nil && pl.Region != "" {
			pl.Near = false
			s = &Stretch{Place: pl}
			byKey[key] = s
			rt.Stretches = append(rt.Stretches, s)
		}
		if s != cur {
			if cur != nil && s != nil {
				part = append(part, p) // the crossing ends one stretch...
			}
			flush()
			cur = s
			if cur != nil {
				part = append(part, p) // ...and begins the next
			}
			return nil
		}
		if vertex && cur != nil {
			part = append(part, p)
		}
		return nil
	}
	for i := 1; i < len(rt.Line); i++ {
		a, b := rt.Line[i-1], rt.Line[i]
		if i == 1 {
			if err := visit(a, true); err != nil {
				return err
			}
		}
		n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / stretchStep))
		for k := 1; k < n; k++ {
			t := float64(k) / float64(n)
			if err := visit(orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, false); err != nil {
				return err
			}
		}
		if err := visit(b, true); err != nil {
			return err
		}
	}
	flush()
	if len(rt.Stretches) == 0 {
		return errors.New("no part of the route lies in the mapped region")
	}
	kept := rt.Stretches[:0]
	for _, s := range rt.Stretches {
		if len(s.Line) == 0 {
			continue // touched at a single sample only
		}
		longest := 0
		for i, l := range s.Line {
			km := geo.Length(l) / 1000
			s.KM += km
			if km > geo.Length(s.Line[longest])/1000 {
				longest = i
			}
		}
		s.Mid = alongLine(s.Line[longest], 0.5)
		kept = append(kept, s)
	}
	rt.Stretches = kept
	return nil
}

// alongLine returns the point at fraction t of the line's planar length.
func alongLine(ls orb.LineString, t float64) orb.Point {
	total := 0.0
	for i := 1; i < len(ls); i++ {
		total += math.Hypot(ls[i][0]-ls[i-1][0], ls[i][1]-ls[i-1][1])
	}
	want := total * t
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		l := math.Hypot(b[0]-a[0], b[1]-a[1])
		if l > 0 && want <= l {
			f := want / l
			return orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
		}
		want -= l
	}
	return ls[len(ls)-1]
}

// Nearest returns the point of the route nearest to p, the stretch it lies
// on, and its planar distance from p in degrees.
func (rt *Route) Nearest(p orb.Point) (orb.Point, *Stretch, float64) {
	var best orb.Point
	var bestS *Stretch
	bestD := math.Inf(1)
	for _, s := range rt.Stretches {
		for _, l := range s.Line {
			for i := 1; i < len(l); i++ {
				q := closestOnSegment(p, l[i-1], l[i])
				if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d < bestD {
					best, bestS, bestD = q, s, d
				}
			}
		}
	}
	return best, bestS, bestD
}

// StretchIn returns the route's stretch in a district (by id) or
// first-level unit (by name).
func (rt *Route) StretchIn(district string) (*Stretch, bool) {
	for _, s := range rt.Stretches {
		if s.Place.DistrictID == district || (s.Place.DistrictID == "" && s.Place.Admin1 == district) {
			return s, true
		}
	}
	return nil, false
}

func closestOnSegment(p, a, b orb.Point) orb.Point {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return orb.Point{a[0] + t*dx, a[1] + t*dy}
}

// routeNames are the names a route is found by: its own, its ref and
// alternates, and a ref followed by the words news reports add ("the N-25
// highway", "N-40 road").
func routeNames(rt *Route) []string {
	names := append([]string{rt.Name, rt.Ref}, rt.AltNames...)
	out := make([]string, 0, len(names)*3)
	for _, n := range names {
		if n == "" {
			continue
		}
		out = append(out, n)
		if base, ok := strings.CutSuffix(n, " Highway"); ok && !strings.HasSuffix(base, " National") {
			out = append(out, base+" National Highway") // "the Quetta-Taftan national highway"
		}
		if strings.ContainsAny(n, "0123456789") && !strings.Contains(strings.ToLower(n), " ") {
			for _, w := range routeWords {
				out = append(out, n+" "+w)
			}
		}
	}
	return out
}

var routeWords = []string{"highway", "national highway", "road", "motorway", "railway", "route"}

// routeConnectors join a route and a place in a query: "N-25 near Mastung".
var routeConnectors = []string{" near ", " in ", " at ", " around ", " outside ", " close to ", " between ", ", "}

// geocodeRoute answers "ROUTE near PLACE": the route's stretch at the
// place, or nil if q does not start with a route followed by a place.
func (g *Gazetteer) geocodeRoute(q, district string) []Candidate {
	lq := strings.ToLower(q)
	for _, c := range routeConnectors {
		i := strings.Index(lq, c)
		if i <= 0 {
			continue
		}
		rk, _ := Key(trimLeadingWords(q[:i], "on", "along", "at", "near"))
		var re *entry
		for _, e := range g.names[rk] {
			if e.kind == KindRoute {
				re = &e
				break
			}
		}
		if re == nil {
			continue
		}
		rt := g.routes[re.idx]
		places, err := g.geocodePlace(q[i+len(c):], "", 1)
		if err != nil || len(places) == 0 {
			// The place is unknown: the route is what we know, or its
			// stretch in the district the answer must lie in.
			if district == "" {
				return []Candidate{g.candidate(*re, re.score)}
			}
			s, _ := rt.StretchIn(district)
			if s == nil {
				return []Candidate{}
			}
			cand := g.stretchCandidate(rt, s, s.Mid, re.score)
			cand.Matched = q
			return []Candidate{cand}
		}
		cand, ok := g.stretchAt(rt, places[0], math.Min(re.score, places[0].Score))
		if !ok {
			// The route does not pass there: the place is what we know.
			if district != "" && places[0].DistrictID != district {
				return []Candidate{}
			}
			return places
		}
		cand.Matched = q
		if district != "" && cand.DistrictID != district {
			return []Candidate{}
		}
		return []Candidate{cand}
	}
	return nil
}

// stretchAt is the candidate of rt at the place pc: the stretch in pc's
// district (or province) for an area, else the point of the route nearest
// to pc, if it passes within nearRoute of it.
func (g *Gazetteer) stretchAt(rt *Route, pc Candidate, score float64) (Candidate, bool) {
	var s *Stretch
	var at orb.Point
	if pc.Kind == KindDistrict || pc.Kind == KindProvince {
		key := pc.DistrictID
		if key == "" {
			key = pc.Admin1
		}
		if s, _ = rt.StretchIn(key); s != nil {
			at = s.Mid
		}
	}
	if s == nil {
		var d float64
		if at, s, d = rt.Nearest(pc.Point); s == nil || d > nearRoute {
			return Candidate{}, false
		}
	}
	return g.stretchCandidate(rt, s, at, score), true
}

// stretchCandidate is the Candidate for a point at on stretch s of rt.
func (g *Gazetteer) stretchCandidate(rt *Route, s *Stretch, at orb.Point, score float64) Candidate {
	where := s.Place.District
	if where == "" {
		where = s.Place.Admin1
	}
	id := s.Place.DistrictID
	if id == "" {
		id = s.Place.Admin1
	}
	return Candidate{
		Name: rt.Name + " in " + where, Kind: KindRoute, ID: rt.ID + "/" + id,
		DistrictID: s.Place.DistrictID, District: s.Place.District, Region: s.Place.Region, Country: s.Place.Country, Admin1: s.Place.Admin1,
		Point: roundPoint(at), Precision: PrecisionRoute, Score: math.Round(score*1000) / 1000, Match: "exact",
		Line: geojson.NewGeometry(s.Line),
	}
}

// routeCandidate is the Candidate for a whole route: a point halfway along
// it, located only as far as the route's length allows (a province).
func (g *Gazetteer) routeCandidate(rt *Route) Candidate {
	pl := rt.midPlace
	return Candidate{Name: rt.Name, Kind: KindRoute, ID: rt.ID, Region: pl.Region, Country: pl.Country, Admin1: pl.Admin1,
		Point: roundPoint(rt.mid), Precision: PrecisionProvince, Line: geojson.NewGeometry(orb.MultiLineString{rt.Line})}
}

func roundPoint(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e5) / 1e5, math.Round(p[1]*1e5) / 1e5}
}

// trimLeadingWords drops any of words (case-insensitive) from the start of s.
func trimLeadingWords(s string, words ...string) string {
	for {
		s = strings.TrimSpace(s)
		w, rest, ok := strings.Cut(s, " ")
		if !ok || !containsFold(words, w) {
			return s
		}
		s = rest
	}
}

func containsFold(words []string, w string) bool {
	for _, x := range words {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}
