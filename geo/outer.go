package geo

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// The outer ring: incidents of this conflict also happen beyond the
// province (Karachi, Dera Ghazi Khan, Iran's Sistan and Baluchestan,
// Afghanistan's Kandahar). The gazetteer holds the rest of Pakistan's
// districts, the first-level units of Pakistan, Iran and Afghanistan around
// Balochistan, and their towns, so that such incidents are located to their
// own district or province and country, never to a Balochistan district.

// Regions a located point can be in (Place.Region, Candidate.Region).
const (
	RegionBalochistan = "balochistan"
	RegionOutside     = "outside" // in the outer ring: elsewhere in Pakistan, or Iran's and Afghanistan's provinces near it
)

// RegionBound is the bounding box of the mapped region: Balochistan and the
// outer ring (all of Pakistan, and the provinces of Iran and Afghanistan
// the gazetteer holds). Incidents must lie inside it.
var RegionBound = orb.Bound{Min: orb.Point{56, 23}, Max: orb.Point{78, 38}}

// File names of the outer ring and the routes, read by LoadFS.
const (
	OuterDistrictsFile = "outer_districts.geojson"
	OuterAdmin1File    = "outer_admin1.geojson"
	OuterPlacesFile    = "outer_places.tsv"
	RoutesFile         = "routes.geojson"
)

// Area is a district or first-level unit (province) of the outer ring.
type Area struct {
	ID       string // slug: "central-karachi", "dera-ghazi-khan", "sindh", "sistan-and-baluchestan"
	Name     string
	Level    Kind   // KindDistrict or KindProvince
	Country  string // ISO 3166-1 alpha-2: PK, IR, AF
	Admin1   string // the province's name ("Sindh"); for a province, its own name
	Admin1ID string
	HQ       string // headquarters town of a district, if known
	NameUr   string // the name in Urdu (Arabic script) where the gazetteer has one (provinces), else ""
	AltNames []string
	Label    orb.Point // a point inside the polygon
	Geometry orb.MultiPolygon
	Bound    orb.Bound
}

// OuterDistricts returns Pakistan's districts outside Balochistan, sorted by
// id. The slice must not be modified.
func (g *Gazetteer) OuterDistricts() []*Area { return g.outerDistricts }

// OuterAdmin1 returns the first-level units of the outer ring. The slice
// must not be modified.
func (g *Gazetteer) OuterAdmin1() []*Area { return g.admin1 }

// OuterPlaces returns the populated places of the outer ring. The slice must
// not be modified.
func (g *Gazetteer) OuterPlaces() []*Locality { return g.outerPlaces }

// Area finds a district or, failing that, a first-level unit of the outer
// ring by id or name.
func (g *Gazetteer) Area(s string) (*Area, bool) {
	if a, ok := findArea(g.outerDistrictByKey, s); ok {
		return a, true
	}
	return findArea(g.admin1ByKey, s)
}

func findArea(m map[string]*Area, s string) (*Area, bool) {
	if a, ok := m[strings.ToLower(strings.TrimSpace(s))]; ok {
		return a, true
	}
	k, _ := Key(s)
	a, ok := m[k]
	return a, ok
}

// AnyDistrict resolves a district id or name of Balochistan or of the rest
// of Pakistan to its id and name: what a district filter accepts.
func (g *Gazetteer) AnyDistrict(s string) (id, name string, ok bool) {
	if d, ok := g.District(s); ok {
		return d.ID, d.CommonName, true
	}
	if a, ok := g.Area(s); ok && a.Level == KindDistrict {
		return a.ID, a.Name, true
	}
	return "", "", false
}

func loadAreas(r io.Reader, level Kind, byKey map[string]*Area) ([]*Area, error) {
	fs, err := readFeatures(r)
	if err != nil {
		return nil, err
	}
	out := make([]*Area, 0, len(fs))
	for i, f := range fs {
		p := f.Properties
		a := &Area{ID: propString(p, "id"), Name: propString(p, "name"), Level: level, Country: propString(p, "country"),
			Admin1: propString(p, "admin1"), Admin1ID: propString(p, "admin1_id"), HQ: propString(p, "headquarters"),
			NameUr: propString(p, "name_ur"), AltNames: propStrings(p, "alt_names"), Label: propPoint(p, "label_point")}
		if a.ID == "" || a.Name == "" || a.Country == "" {
			return nil, fmt.Errorf("feature %d: missing id, name or country", i)
		}
		if level == KindProvince {
			a.Admin1, a.Admin1ID = a.Name, a.ID
		}
		if a.Geometry, err = MultiPolygonOf(f.Geometry); err != nil {
			return nil, fmt.Errorf("%s %q: %w", level, a.ID, err)
		}
		a.Bound = a.Geometry.Bound()
		if a.Label == (orb.Point{}) {
			a.Label = interiorPoint(a.Geometry)
		}
		if _, dup := byKey[a.ID]; dup {
			return nil, fmt.Errorf("%s %q: id used twice", level, a.ID)
		}
		byKey[a.ID] = a
		if k, _ := Key(a.Name); k != "" {
			if _, taken := byKey[k]; !taken {
				byKey[k] = a
			}
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, errors.New("no features")
	}
	return out, nil
}

// outerPlaceColumns is the header of outer_places.tsv, in order.
var outerPlaceColumns = []string{"id", "name", "alt_names", "lon", "lat", "feature_code", "population", "country", "admin1_id", "district_id", "district_name", "name_ur"}

func (g *Gazetteer) loadOuterPlaces(r io.Reader) error {
	var err error
	g.outerPlaces, err = readPlaces(r, outerPlaceColumns, func(p *Locality, f []string) error {
		if _, ok := g.admin1ByKey[f[8]]; !ok {
			return fmt.Errorf("field \"admin1_id\": unknown province %q", f[8])
		}
		if f[9] != "" {
			if _, ok := g.outerDistrictByKey[f[9]]; !ok {
				return fmt.Errorf("field \"district_id\": unknown district %q", f[9])
			}
		}
		p.Country, p.Admin1ID, p.DistrictID, p.DistrictName, p.NameUr = f[7], f[8], f[9], f[10], f[11]
		return nil
	})
	return err
}

// reverseOuter locates a point outside Balochistan's districts in the outer
// ring: a Pakistani district, else a first-level unit.
func (g *Gazetteer) reverseOuter(p orb.Point) Place {
	if i := g.outerDistrictGrid.find(p); i >= 0 {
		return g.outerDistrictPlace(i)
	}
	if i := g.admin1Grid.find(p); i >= 0 {
		return g.admin1Place(i)
	}
	return Place{}
}

func (g *Gazetteer) outerDistrictPlace(i int) Place {
	a := g.outerDistricts[i]
	return Place{Region: RegionOutside, Country: a.Country, Admin1: a.Admin1, DistrictID: a.ID, District: a.Name}
}

func (g *Gazetteer) admin1Place(i int) Place {
	a := g.admin1[i]
	return Place{Region: RegionOutside, Country: a.Country, Admin1: a.Name}
}

// nearestPlace is the ReverseNear fallback: the district or unit nearest to
// p within tol degrees, over Balochistan's districts and the outer ring.
func (g *Gazetteer) nearestPlace(p orb.Point, tol float64) (Place, bool) {
	best, bestD := Place{}, math.Inf(1)
	if i, d, ok := nearestShape(p, tol, g.districtGrid); ok && d < bestD {
		best, bestD = g.nearDistrict(p, i), d
	}
	if i, d, ok := nearestShape(p, tol, g.outerDistrictGrid); ok && d < bestD {
		best, bestD = g.outerDistrictPlace(i), d
	}
	if i, d, ok := nearestShape(p, tol, g.admin1Grid); ok && d < bestD {
		best, bestD = g.admin1Place(i), d
	}
	if math.IsInf(bestD, 1) {
		return Place{}, false
	}
	best.Near = true
	return best, true
}

// Static scores of the outer ring's names. They sit just below those of
// Balochistan's features of the same standing, so a name shared across the
// border ("Pishin", "Kalat") means the Balochistan place first, while a
// city beyond it (Karachi, Zahedan) still outranks any village.
const (
	outerAdmin1Score   = 0.9
	outerDistrictScore = 0.85
	outerPlaceFactor   = 0.95
	routeScore         = 0.9
)

// buildOuterNames adds the outer ring's and the routes' names to the index.
func (g *Gazetteer) buildOuterNames(add func(string, entry)) {
	addAll := func(names []string, e entry, base float64) {
		for j, n := range names {
			m := matchAlt
			if j == 0 {
				m = matchName
			}
			e.match, e.score = m, base*matchWeight[m]
			add(n, e)
		}
	}
	for i, a := range g.admin1 {
		// The Urdu name, where there is one, is one more alternate (as a
		// district's is); add skips an empty name.
		addAll(append(append([]string{a.Name}, a.AltNames...), a.NameUr), entry{kind: KindProvince, outer: true, idx: int32(i)}, outerAdmin1Score)
	}
	seat := map[string]string{} // district id -> key of its seat
	for i, a := range g.outerDistricts {
		addAll(append([]string{a.Name}, a.AltNames...), entry{kind: KindDistrict, outer: true, idx: int32(i)}, outerDistrictScore)
		hq := a.HQ
		if hq == "" {
			hq = a.Name
		}
		seat[a.ID], _ = Key(hq)
	}
	for i, p := range g.outerPlaces {
		k, _ := Key(p.Name)
		seatD := p.DistrictID != "" && k != "" && k == seat[p.DistrictID]
		kind := KindVillage
		if placeIsTown(p, false, seatD) {
			kind = KindTown
		}
		addAll(append([]string{p.Name}, p.AltNames...), entry{kind: kind, outer: true, idx: int32(i)}, g.placeImportance(p, false, seatD)*outerPlaceFactor)
	}
	for i, rt := range g.routes {
		addAll(routeNames(rt), entry{kind: KindRoute, idx: int32(i)}, routeScore)
	}
}

// outerCandidate turns an entry of the outer ring into a Candidate.
func (g *Gazetteer) outerCandidate(e entry) Candidate {
	c := Candidate{Kind: e.kind, Region: RegionOutside}
	switch e.kind {
	case KindProvince:
		a := g.admin1[e.idx]
		c.Name, c.ID, c.Country, c.Admin1, c.Point, c.Precision = a.Name, a.ID, a.Country, a.Name, a.Label, PrecisionProvince
		c.NameUr = a.NameUr
	case KindDistrict:
		a := g.outerDistricts[e.idx]
		c.Name, c.ID, c.DistrictID, c.District, c.Country, c.Admin1, c.Point, c.Precision = a.Name, a.ID, a.ID, a.Name, a.Country, a.Admin1, a.Label, PrecisionDistrict
	default:
		p := g.outerPlaces[e.idx]
		c.Name, c.ID, c.DistrictID, c.District, c.Country, c.Point, c.Precision = p.Name, p.ID, p.DistrictID, p.DistrictName, p.Country, p.Point, PrecisionTown
		c.NameUr = p.NameUr
		if a := g.outerDistrictByKey[p.DistrictID]; a != nil && p.DistrictID != "" {
			c.District = a.Name
		}
		if a := g.admin1ByKey[p.Admin1ID]; a != nil {
			c.Admin1 = a.Name
		}
	}
	return c
}
