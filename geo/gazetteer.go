package geo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Kind is the sort of place a gazetteer entry is.
type Kind string

// Kinds of place.
const (
	KindProvince Kind = "province"
	KindDistrict Kind = "district"
	KindTehsil   Kind = "tehsil"
	KindTown     Kind = "town"    // a populated place of some importance (seat, known population)
	KindVillage  Kind = "village" // any other populated place
	KindRoute    Kind = "route"   // a highway, motorway or railway line
)

// District is one of Balochistan's districts.
type District struct {
	ID          string // stable slug, e.g. "kech", "dera-bugti"
	Name        string // official (COD-AB) name, e.g. "Shaheed Sikandarabad"
	CommonName  string // the usual current name, e.g. "Surab"
	Pcode       string // COD-AB ADM2 pcode; empty for districts newer than COD 2022
	ParentPcode string // the COD district a new district was carved from
	Status      string // "as in COD 2022", "modified (tehsils split off)", "new (derived from COD tehsils)"
	Division    string
	HQ          string    // headquarters town
	HQPoint     orb.Point // lon/lat; zero if unknown
	Label       orb.Point // a point inside the polygon, for labels and district-precision incidents
	AltNames    []string
	Tehsils     []string
	Note        string // known problems with this district's status or boundary
	NameUr      string // the name in Urdu (Arabic script) where the sources give one, else ""
	Geometry    orb.MultiPolygon
	Bound       orb.Bound
}

// Tehsil is a sub-district.
type Tehsil struct {
	Pcode      string // COD-AB ADM3 pcode, e.g. "PK21105"
	Name       string
	AltNames   []string
	DistrictID string
	NameUr     string    // the name in Urdu (Arabic script) where the gazetteer has one, else ""
	Label      orb.Point // a point inside the polygon
	Geometry   orb.MultiPolygon
	Bound      orb.Bound
}

// Locality is a populated place from GeoNames / Who's On First.
type Locality struct {
	ID          string // GeoNames id, or "wof:" + WOF id
	Name        string
	AltNames    []string
	Point       orb.Point
	FeatureCode string // GeoNames code: PPL, PPLA2, PPLQ (abandoned), ...
	Population  int
	DistrictID  string
	TehsilPcode string
	// Outer-ring places only (see OuterPlaces): the country (ISO2), the
	// province's id, and the district's name where DistrictID is empty
	// (Iran's shahrestan, Afghanistan's district).
	Country, Admin1ID, DistrictName string
	// NameUr is the place's name in Urdu (Arabic script) where the sources
	// give one, else "".
	NameUr string
}

// Gazetteer holds Balochistan's province outline, districts, tehsils and
// places, the outer ring around it (see Area) and the main routes, with the
// indexes for forward, reverse and free-text geocoding. It is immutable
// after loading and safe for concurrent use.
type Gazetteer struct {
	province  orb.MultiPolygon
	provBound orb.Bound
	provLabel orb.Point
	districts []*District
	tehsils   []*Tehsil
	places    []*Locality

	districtByKey map[string]*District // id, pcode and name keys
	tehsilByPcode map[string]*Tehsil

	names       map[string][]entry // Key -> entries, best first
	trigramOnce sync.Once
	trigram     map[uint32][]int32 // packed trigram -> indexes into keys
	keys        []string           // every key in names, sorted (for fuzzy matching)

	districtGrid *grid
	tehsilGrid   *grid

	outerDistricts     []*Area
	admin1             []*Area
	outerDistrictByKey map[string]*Area // id and name key
	admin1ByKey        map[string]*Area // id and name key
	outerPlaces        []*Locality
	outerDistrictGrid  *grid
	admin1Grid         *grid

	routes    []*Route
	routeByID map[string]*Route
}

// File names LoadFS reads.
const (
	DistrictsFile = "districts.geojson"
	TehsilsFile   = "tehsils.geojson"
	ProvinceFile  = "province.geojson"
	PlacesFile    = "places.tsv"
)

// Sources are the readers Load takes the gazetteer from. The first four are
// required; the outer ring (OuterDistricts, OuterAdmin1, OuterPlaces, all
// three or none) and Routes are optional.
type Sources struct {
	Districts, Tehsils, Province, Places     io.Reader
	OuterDistricts, OuterAdmin1, OuterPlaces io.Reader
	Routes                                   io.Reader
}

// LoadFS loads the gazetteer from the eight files at the root of fsys (see
// the *File constants), e.g. the embedded data.FS.
func LoadFS(fsys fs.FS) (*Gazetteer, error) {
	var src Sources
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	for _, f := range []struct {
		name string
		dst  *io.Reader
	}{{DistrictsFile, &src.Districts}, {TehsilsFile, &src.Tehsils}, {ProvinceFile, &src.Province}, {PlacesFile, &src.Places},
		{OuterDistrictsFile, &src.OuterDistricts}, {OuterAdmin1File, &src.OuterAdmin1}, {OuterPlacesFile, &src.OuterPlaces},
		{RoutesFile, &src.Routes}} {
		r, err := fsys.Open(f.name)
		if err != nil {
			return nil, fmt.Errorf("geo: load gazetteer: %w", err)
		}
		closers = append(closers, r)
		*f.dst = r
	}
	return Load(src)
}

// Load reads the gazetteer from src and builds its indexes.
func Load(src Sources) (*Gazetteer, error) {
	g := &Gazetteer{districtByKey: map[string]*District{}, tehsilByPcode: map[string]*Tehsil{},
		outerDistrictByKey: map[string]*Area{}, admin1ByKey: map[string]*Area{}, routeByID: map[string]*Route{}}
	if err := g.loadProvince(src.Province); err != nil {
		return nil, fmt.Errorf("geo: load %s: %w", ProvinceFile, err)
	}
	if err := g.loadDistricts(src.Districts); err != nil {
		return nil, fmt.Errorf("geo: load %s: %w", DistrictsFile, err)
	}
	if err := g.loadTehsils(src.Tehsils); err != nil {
		return nil, fmt.Errorf("geo: load %s: %w", TehsilsFile, err)
	}
	if err := g.loadPlaces(src.Places); err != nil {
		return nil, fmt.Errorf("geo: load %s: %w", PlacesFile, err)
	}
	g.districtGrid = newGrid(g.provBound, gridCell, len(g.districts), func(i int) orb.MultiPolygon { return g.districts[i].Geometry })
	g.tehsilGrid = newGrid(g.provBound, gridCell, len(g.tehsils), func(i int) orb.MultiPolygon { return g.tehsils[i].Geometry })
	if err := g.loadOuter(src); err != nil {
		return nil, err
	}
	if src.Routes != nil {
		if err := g.loadRoutes(src.Routes); err != nil {
			return nil, fmt.Errorf("geo: load %s: %w", RoutesFile, err)
		}
	}
	g.buildNames()
	return g, nil
}

// loadOuter reads the outer ring, if src has it, and builds its grids.
func (g *Gazetteer) loadOuter(src Sources) error {
	n := 0
	for _, r := range []io.Reader{src.OuterDistricts, src.OuterAdmin1, src.OuterPlaces} {
		if r != nil {
			n++
		}
	}
	switch n {
	case 0:
		g.outerDistrictGrid, g.admin1Grid = emptyGrid(), emptyGrid()
		return nil
	case 3:
	default:
		return errors.New("geo: the outer ring needs all three of its files")
	}
	var err error
	if g.outerDistricts, err = loadAreas(src.OuterDistricts, KindDistrict, g.outerDistrictByKey); err != nil {
		return fmt.Errorf("geo: load %s: %w", OuterDistrictsFile, err)
	}
	if g.admin1, err = loadAreas(src.OuterAdmin1, KindProvince, g.admin1ByKey); err != nil {
		return fmt.Errorf("geo: load %s: %w", OuterAdmin1File, err)
	}
	if err := g.loadOuterPlaces(src.OuterPlaces); err != nil {
		return fmt.Errorf("geo: load %s: %w", OuterPlacesFile, err)
	}
	g.outerDistrictGrid = newGrid(areasBound(g.outerDistricts), outerGridCell, len(g.outerDistricts), func(i int) orb.MultiPolygon { return g.outerDistricts[i].Geometry })
	g.admin1Grid = newGrid(areasBound(g.admin1), outerGridCell, len(g.admin1), func(i int) orb.MultiPolygon { return g.admin1[i].Geometry })
	return nil
}

func areasBound(as []*Area) orb.Bound {
	b := as[0].Bound
	for _, a := range as[1:] {
		b = b.Union(a.Bound)
	}
	return b
}

func readFeatures(r io.Reader) ([]*geojson.Feature, error) {
	if r == nil {
		return nil, errors.New("no reader")
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, err
	}
	return fc.Features, nil
}

// MultiPolygonOf accepts a Polygon or a MultiPolygon, as the gazetteer's
// boundary files hold, and returns it as a MultiPolygon wound by RFC 7946
// (see OrientRFC7946); the rings of g are reoriented in place.
func MultiPolygonOf(g orb.Geometry) (orb.MultiPolygon, error) {
	switch g := g.(type) {
	case orb.Polygon:
		return OrientRFC7946(orb.MultiPolygon{g}), nil
	case orb.MultiPolygon:
		return OrientRFC7946(g), nil
	case nil:
		return nil, errors.New("missing geometry")
	}
	return nil, fmt.Errorf("geometry %s, want Polygon or MultiPolygon", g.GeoJSONType())
}

func propString(p geojson.Properties, k string) string {
	s, _ := p[k].(string)
	return s
}

func propStrings(p geojson.Properties, k string) []string {
	a, _ := p[k].([]any)
	out := make([]string, 0, len(a))
	for _, v := range a {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func propPoint(p geojson.Properties, k string) orb.Point {
	a, _ := p[k].([]any)
	if len(a) != 2 {
		return orb.Point{}
	}
	x, _ := a[0].(float64)
	y, _ := a[1].(float64)
	return orb.Point{x, y}
}

func (g *Gazetteer) loadProvince(r io.Reader) error {
	fs, err := readFeatures(r)
	if err != nil {
		return err
	}
	if len(fs) != 1 {
		return fmt.Errorf("%d features, want 1", len(fs))
	}
	if g.province, err = MultiPolygonOf(fs[0].Geometry); err != nil {
		return err
	}
	g.provBound = g.province.Bound()
	return nil
}

func (g *Gazetteer) loadDistricts(r io.Reader) error {
	fs, err := readFeatures(r)
	if err != nil {
		return err
	}
	for i, f := range fs {
		p := f.Properties
		d := &District{
			ID: propString(p, "id"), Name: propString(p, "name"), CommonName: propString(p, "common_name"),
			Pcode: propString(p, "pcode"), ParentPcode: propString(p, "parent_pcode"), Status: propString(p, "status"),
			Division: propString(p, "division"), HQ: propString(p, "headquarters"), Note: propString(p, "note"),
			HQPoint: propPoint(p, "hq_point"), Label: propPoint(p, "label_point"),
			AltNames: propStrings(p, "alt_names"), Tehsils: propStrings(p, "tehsils"), NameUr: propString(p, "name_ur"),
		}
		if d.ID == "" || d.Name == "" {
			return fmt.Errorf("feature %d: missing id or name", i)
		}
		if d.Geometry, err = MultiPolygonOf(f.Geometry); err != nil {
			return fmt.Errorf("district %q: %w", d.ID, err)
		}
		d.Bound = d.Geometry.Bound()
		if d.CommonName == "" {
			d.CommonName = d.Name
		}
		g.districts = append(g.districts, d)
		for _, k := range []string{d.ID, d.Pcode, d.Name, d.CommonName} {
			if k != "" {
				g.districtByKey[strings.ToLower(k)] = d
				key, _ := Key(k)
				g.districtByKey[key] = d
			}
		}
	}
	if len(g.districts) == 0 {
		return errors.New("no districts")
	}
	g.provLabel = interiorPoint(g.province)
	return nil
}

func (g *Gazetteer) loadTehsils(r io.Reader) error {
	fs, err := readFeatures(r)
	if err != nil {
		return err
	}
	for i, f := range fs {
		p := f.Properties
		t := &Tehsil{Pcode: propString(p, "pcode"), Name: propString(p, "name"), AltNames: propStrings(p, "alt_names"), DistrictID: propString(p, "district_id"),
			NameUr: propString(p, "name_ur")}
		if t.Pcode == "" || t.Name == "" {
			return fmt.Errorf("feature %d: missing pcode or name", i)
		}
		if _, ok := g.districtByKey[t.DistrictID]; !ok {
			return fmt.Errorf("tehsil %q: unknown district %q", t.Pcode, t.DistrictID)
		}
		if t.Geometry, err = MultiPolygonOf(f.Geometry); err != nil {
			return fmt.Errorf("tehsil %q: %w", t.Pcode, err)
		}
		t.Bound = t.Geometry.Bound()
		t.Label = interiorPoint(t.Geometry)
		g.tehsils = append(g.tehsils, t)
		g.tehsilByPcode[t.Pcode] = t
	}
	return nil
}

// placeColumns is the header of places.tsv, in order. Every place file
// starts with the first seven (see readPlaces).
var placeColumns = []string{"id", "name", "alt_names", "lon", "lat", "feature_code", "population", "district_id", "tehsil_pcode", "district_match", "name_ur"}

func (g *Gazetteer) loadPlaces(r io.Reader) error {
	var err error
	g.places, err = readPlaces(r, placeColumns, func(p *Locality, f []string) error {
		if _, ok := g.districtByKey[f[7]]; !ok {
			return fmt.Errorf("field \"district_id\": unknown district %q", f[7])
		}
		p.DistrictID, p.TehsilPcode, p.NameUr = f[7], f[8], f[10]
		return nil
	})
	return err
}

// readPlaces reads a tab-separated place file with the header columns. The
// first seven columns of every place file are id, name, alt_names
// (|-separated), lon, lat, feature_code and population; rest reads the
// others of a row into p and names the field of any error.
func readPlaces(r io.Reader, columns []string, rest func(p *Locality, f []string) error) ([]*Locality, error) {
	if r == nil {
		return nil, errors.New("no reader")
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []*Locality
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			if s != strings.Join(columns, "\t") {
				return nil, fmt.Errorf("line 1: unexpected header %q", s)
			}
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != len(columns) {
			return nil, fmt.Errorf("line %d: %d fields, want %d", line, len(f), len(columns))
		}
		lon, err1 := strconv.ParseFloat(f[3], 64)
		lat, err2 := strconv.ParseFloat(f[4], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("line %d: field \"lon\"/\"lat\": not a number", line)
		}
		pop, err := strconv.Atoi(f[6])
		if err != nil {
			return nil, fmt.Errorf("line %d: field \"population\": %w", line, err)
		}
		p := &Locality{ID: f[0], Name: f[1], Point: orb.Point{lon, lat}, FeatureCode: f[5], Population: pop}
		if f[2] != "" {
			p.AltNames = strings.Split(f[2], "|")
		}
		if err := rest(p, f); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no places")
	}
	return out, nil
}

// interiorPoint returns a point inside mp: the centroid of its largest
// polygon if that lies inside, else the midpoint of the widest horizontal
// run through the polygon's middle latitude.
func interiorPoint(mp orb.MultiPolygon) orb.Point {
	best, bestArea := 0, -1.0
	for i, p := range mp {
		if a := math.Abs(ringArea(p[0])); a > bestArea {
			best, bestArea = i, a
		}
	}
	poly := mp[best]
	c := poly.Bound().Center()
	if polygonContains(poly, c) {
		return c
	}
	y := c[1]
	xs := Crossings(poly, y)
	bx, bw := c[0], -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > bw {
			bx, bw = (xs[i]+xs[i+1])/2, w
		}
	}
	return orb.Point{bx, y}
}

// Crossings returns, sorted, the longitudes where the parallel at latitude
// y crosses the rings of poly; consecutive pairs bound the runs inside it.
// Each edge counts as holding its lower end but not its upper one, so a
// parallel through a vertex is counted once.
func Crossings(poly orb.Polygon, y float64) []float64 {
	var xs []float64
	for _, ring := range poly {
		for i := 1; i < len(ring); i++ {
			a, b := ring[i-1], ring[i]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	return xs
}

func ringArea(r orb.Ring) float64 {
	a := 0.0
	for i := 1; i < len(r); i++ {
		a += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return a / 2
}

// Province returns the province outline.
func (g *Gazetteer) Province() orb.MultiPolygon { return g.province }

// ProvinceLabel returns the point used for province-precision incidents: a
// point inside the province outline, standing for "somewhere in Balochistan".
func (g *Gazetteer) ProvinceLabel() orb.Point { return g.provLabel }

// Districts returns the districts sorted by id. The slice must not be modified.
func (g *Gazetteer) Districts() []*District { return g.districts }

// Tehsils returns the tehsils sorted by pcode. The slice must not be modified.
func (g *Gazetteer) Tehsils() []*Tehsil { return g.tehsils }

// Places returns every populated place (locality). The slice must not be modified.
func (g *Gazetteer) Places() []*Locality { return g.places }

// District finds a district by id, pcode or name (any spelling Key accepts,
// and the alias table).
func (g *Gazetteer) District(s string) (*District, bool) {
	if d, ok := g.districtByKey[strings.ToLower(strings.TrimSpace(s))]; ok {
		return d, true
	}
	k, _ := Key(s)
	if d, ok := g.districtByKey[k]; ok {
		return d, true
	}
	for _, e := range g.names[k] {
		if e.kind == KindDistrict && !e.outer && e.match != matchName {
			return g.districts[e.idx], true
		}
	}
	return nil, false
}

// Tehsil finds a tehsil by pcode.
func (g *Gazetteer) Tehsil(pcode string) (*Tehsil, bool) {
	t, ok := g.tehsilByPcode[pcode]
	return t, ok
}
