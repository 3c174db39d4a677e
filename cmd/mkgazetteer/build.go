package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/incidentmap/incidentmap/geo"
)

// stats counts what a build wrote.
type stats struct {
	Districts, Tehsils, Places, Within, Nearest, Dropped int
	OuterDistricts, Admin1, OuterPlaces, Routes, Basemap int
	// Urdu names kept: districts, tehsils, places of Balochistan, places
	// beyond it, provinces and basemap features (both from the Natural
	// Earth table).
	DistrictsUr, TehsilsUr, PlacesUr, OuterPlacesUr, Admin1Ur, BasemapUr int
}

// nearestLimit is how far (degrees) outside every district polygon a place may
// lie and still be assigned to the nearest district: the source boundaries are
// coarse along the coast and the borders.
const nearestLimit = 0.05

// decimals is the rounding applied to every output coordinate (about 1 m).
const decimals = 5

type district struct {
	ID, Name, CommonName, Pcode, ParentPcode, Status, Division, Note string
	HQ                                                               string
	HQPoint, Label                                                   orb.Point
	AltNames                                                         []string
	Tehsils                                                          []string
	Geometry                                                         orb.MultiPolygon
	NameUr                                                           string // the Urdu form among the source's names (urduName), or its seat town's (seatUrdu), or ""
}

// build derives data/ (out) from the sources in src; namesTSV is the table
// of Urdu names for the basemap and the provinces around Balochistan
// (data/sources/ne_names_ur.tsv).
func build(src, out, namesTSV string) (stats, error) {
	var st stats
	names, err := readNENames(namesTSV)
	if err != nil {
		return st, err
	}
	hq, err := readHQ(filepath.Join(src, "balochistan_district_hq.csv"))
	if err != nil {
		return st, err
	}
	districts, err := readDistricts(filepath.Join(src, "balochistan_districts.geojson"), hq)
	if err != nil {
		return st, err
	}
	st.Districts = len(districts)
	tehsilFC, err := readTehsils(filepath.Join(src, "balochistan_tehsils.geojson"))
	if err != nil {
		return st, err
	}
	st.Tehsils = len(tehsilFC.Features)
	if err := copyProvince(filepath.Join(src, "balochistan_province.geojson"), filepath.Join(out, "province.geojson")); err != nil {
		return st, err
	}
	tehsils := tehsilShapes(tehsilFC)
	if err := writePlaces(filepath.Join(src, "balochistan_places.tsv"), filepath.Join(out, "places.tsv"), districts, tehsils, &st); err != nil {
		return st, err
	}
	// Tehsils, too, are written after the places, whose Urdu names they
	// may take.
	st.TehsilsUr = tehsilNamesUr(tehsilFC, tehsils, districts)
	if err := writeJSON(filepath.Join(out, "tehsils.geojson"), tehsilFC); err != nil {
		return st, err
	}
	// Districts are written after the places: a district without an Urdu
	// name of its own takes the one of the town it is named after (seatUrdu
	// in writePlaces).
	for _, d := range districts {
		if d.NameUr != "" {
			st.DistrictsUr++
		}
	}
	if err := writeDistricts(filepath.Join(out, "districts.geojson"), districts); err != nil {
		return st, err
	}
	if err := buildOuter(src, out, districts, names, &st); err != nil {
		return st, err
	}
	return st, nil
}

// buildOuter writes the files outside Balochistan (provinces, Pakistani
// districts, places) and the routes, which run through places on both sides.
func buildOuter(src, out string, districts []*district, names neNames, st *stats) error {
	region := filepath.Join(src, "region")
	provinces, err := readAdmin1(filepath.Join(region, "admin1_provinces.geojson"))
	if err != nil {
		return err
	}
	st.Admin1 = len(provinces)
	for _, a := range provinces {
		if a.NameUr = names.provinceNameUr(a.Name); a.NameUr != "" {
			st.Admin1Ur++
		}
	}
	if err := writeAdmin1(filepath.Join(out, "outer_admin1.geojson"), provinces); err != nil {
		return err
	}
	outer, err := readOuterDistricts(filepath.Join(region, "pakistan_districts.geojson"), provinces)
	if err != nil {
		return err
	}
	st.OuterDistricts = len(outer)
	if err := writeOuterDistricts(filepath.Join(out, "outer_districts.geojson"), outer); err != nil {
		return err
	}
	if st.OuterPlaces, st.OuterPlacesUr, err = writeOuterPlaces(filepath.Join(region, "region_places.tsv"), filepath.Join(out, "outer_places.tsv"), provinces, outer); err != nil {
		return err
	}
	ids := map[string]bool{}
	for _, d := range districts {
		ids[d.ID] = true
	}
	for _, d := range outer {
		if ids[d.ID] {
			return fmt.Errorf("district id %q is both in Balochistan and outside it", d.ID)
		}
		ids[d.ID] = true
	}
	places, err := readRoutePlaces(filepath.Join(out, "places.tsv"), filepath.Join(out, "outer_places.tsv"))
	if err != nil {
		return err
	}
	if st.Routes, err = writeRoutes(filepath.Join(out, "routes.geojson"), places, ids); err != nil {
		return err
	}
	st.Basemap, st.BasemapUr, err = writeBasemap(region, filepath.Join(out, "basemap.geojson"), names)
	return err
}

func readFC(path string) (*geojson.FeatureCollection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fc, nil
}

type hqRow struct {
	label, hq orb.Point
	hqName    string
}

func readHQ(path string) (map[string]hqRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"district_id", "label_lat", "label_lon", "hq_name", "hq_lat", "hq_lon"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", path, need)
		}
	}
	out := map[string]hqRow{}
	for n, row := range rows[1:] {
		num := func(name string) (float64, error) {
			s := row[col[name]]
			if s == "" {
				return math.NaN(), nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return 0, fmt.Errorf("%s:%d: field %q: %w", path, n+2, name, err)
			}
			return v, nil
		}
		var h hqRow
		vals := make([]float64, 4)
		for i, name := range []string{"label_lon", "label_lat", "hq_lon", "hq_lat"} {
			if vals[i], err = num(name); err != nil {
				return nil, err
			}
		}
		h.label = orb.Point{vals[0], vals[1]}
		h.hq = orb.Point{vals[2], vals[3]}
		h.hqName = row[col["hq_name"]]
		out[row[col["district_id"]]] = h
	}
	return out, nil
}

func str(p geojson.Properties, key string) string {
	s, _ := p[key].(string)
	return s
}

func strs(p geojson.Properties, key string) []string {
	arr, _ := p[key].([]any)
	var out []string
	for _, v := range arr {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// usefulName keeps names written in Latin or Arabic script: the ones news
// about Balochistan uses (English, Urdu, Balochi, Pashto, Brahui, Persian).
func usefulName(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.In(r, unicode.Latin, unicode.Arabic) {
			return false
		}
	}
	return strings.TrimSpace(s) != ""
}

// altNames merges lists of names in order, keeping those in a useful script
// and dropping any that repeats, ignoring case, one of own or an earlier one.
func altNames(own []string, lists ...[]string) []string {
	seen := map[string]bool{}
	for _, n := range own {
		seen[strings.ToLower(n)] = true
	}
	var out []string
	for _, list := range lists {
		for _, n := range list {
			if k := strings.ToLower(n); usefulName(n) && !seen[k] {
				seen[k] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func readDistricts(path string, hq map[string]hqRow) ([]*district, error) {
	fc, err := readFC(path)
	if err != nil {
		return nil, err
	}
	var out []*district
	for i, f := range fc.Features {
		p := f.Properties
		d := &district{
			ID: str(p, "id"), Name: str(p, "name"), CommonName: str(p, "common_name"),
			Pcode: str(p, "pcode"), ParentPcode: str(p, "parent_pcode"), Status: str(p, "status"),
			Division: str(p, "division"), Note: str(p, "note"), Tehsils: strs(p, "tehsils"),
		}
		if d.ID == "" || d.Name == "" {
			return nil, fmt.Errorf("%s: feature %d: missing id or name", path, i)
		}
		d.AltNames = altNames([]string{d.Name, d.CommonName}, strs(p, "alt_names_extra"), strs(p, "alt_names"))
		d.NameUr = urduName(d.CommonName, d.AltNames)
		h, ok := hq[d.ID]
		if !ok {
			return nil, fmt.Errorf("%s: district %q has no row in the headquarters table", path, d.ID)
		}
		d.Label, d.HQ, d.HQPoint = h.label, h.hqName, h.hq
		if d.Geometry, err = geo.MultiPolygonOf(f.Geometry); err != nil {
			return nil, fmt.Errorf("%s: district %q: %w", path, d.ID, err)
		}
		d.Geometry = roundMP(d.Geometry)
		if !planar.MultiPolygonContains(d.Geometry, d.Label) {
			return nil, fmt.Errorf("%s: district %q: label point %v lies outside its polygon", path, d.ID, d.Label)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func round(v float64) float64 {
	const k = 1e5
	return math.Round(v*k) / k
}

func roundMP(mp orb.MultiPolygon) orb.MultiPolygon {
	for _, poly := range mp {
		for _, ring := range poly {
			for i := range ring {
				ring[i] = orb.Point{round(ring[i][0]), round(ring[i][1])}
			}
		}
	}
	return mp
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func pointOrNil(p orb.Point) any {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
		return nil
	}
	return []float64{round(p[0]), round(p[1])}
}

func writeDistricts(path string, ds []*district) error {
	fc := geojson.NewFeatureCollection()
	for _, d := range ds {
		f := geojson.NewFeature(d.Geometry)
		f.ID = d.ID
		f.Properties = geojson.Properties{
			"id": d.ID, "name": d.Name, "common_name": d.CommonName, "pcode": nullable(d.Pcode),
			"parent_pcode": nullable(d.ParentPcode), "status": d.Status, "division": nullable(d.Division),
			"headquarters": nullable(d.HQ), "hq_point": pointOrNil(d.HQPoint), "label_point": pointOrNil(d.Label),
			"alt_names": nonNil(d.AltNames), "tehsils": nonNil(d.Tehsils), "note": nullable(d.Note),
			"name_ur": nullable(d.NameUr),
		}
		fc.Append(f)
	}
	return writeJSON(path, fc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeJSON writes v with one feature per line: small diffs, stable bytes.
func writeJSON(path string, fc *geojson.FeatureCollection) error {
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i, f := range fc.Features {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		buf.Write(b)
		if i < len(fc.Features)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// readTehsils reads the source's tehsils as they are written to
// tehsils.geojson, sorted by pcode; name_ur is null until seatUrdu finds
// one.
func readTehsils(in string) (*geojson.FeatureCollection, error) {
	fc, err := readFC(in)
	if err != nil {
		return nil, err
	}
	res := geojson.NewFeatureCollection()
	for i, f := range fc.Features {
		p := f.Properties
		mp, err := geo.MultiPolygonOf(f.Geometry)
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w", in, i, err)
		}
		nf := geojson.NewFeature(roundMP(mp))
		nf.ID = str(p, "pcode")
		var alts []string
		for _, n := range strs(p, "alt_names_extra") {
			if usefulName(n) {
				alts = append(alts, n)
			}
		}
		nf.Properties = geojson.Properties{
			"pcode": str(p, "pcode"), "name": str(p, "name"), "alt_names": nonNil(alts),
			"district_id": str(p, "district_id"), "name_ur": nil,
		}
		if nf.ID == "" || str(p, "district_id") == "" {
			return nil, fmt.Errorf("%s: feature %d: missing pcode or district_id", in, i)
		}
		res.Append(nf)
	}
	sort.Slice(res.Features, func(i, j int) bool { return res.Features[i].ID.(string) < res.Features[j].ID.(string) })
	return res, nil
}

func copyProvince(in, out string) error {
	fc, err := readFC(in)
	if err != nil {
		return err
	}
	if len(fc.Features) != 1 {
		return fmt.Errorf("%s: %d features, want 1", in, len(fc.Features))
	}
	f := fc.Features[0]
	mp, err := geo.MultiPolygonOf(f.Geometry)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	nf := geojson.NewFeature(roundMP(mp))
	nf.ID = "balochistan"
	nf.Properties = geojson.Properties{
		"id": "balochistan", "name": str(f.Properties, "name"), "pcode": str(f.Properties, "pcode"),
		"alt_names": nonNil(strs(f.Properties, "alt_names_extra")),
	}
	res := geojson.NewFeatureCollection().Append(nf)
	return writeJSON(out, res)
}

type areaShape struct {
	pcode, district string
	geom            orb.MultiPolygon
	bound           orb.Bound
	names           map[string]bool // the area's name and alternate names (geo.Normalize)
	nameUr          *urduSeat       // the place whose Urdu name the area takes (seatUrdu), or nil
}

// tehsilShapes are fc's tehsils (readTehsils), in its order.
func tehsilShapes(fc *geojson.FeatureCollection) []*areaShape {
	var out []*areaShape
	for _, f := range fc.Features {
		mp := f.Geometry.(orb.MultiPolygon)
		t := &areaShape{pcode: str(f.Properties, "pcode"), district: str(f.Properties, "district_id"), geom: mp, bound: mp.Bound(),
			names: map[string]bool{geo.Normalize(str(f.Properties, "name")): true}}
		for _, n := range strs(f.Properties, "alt_names") {
			t.names[geo.Normalize(n)] = true
		}
		out = append(out, t)
	}
	return out
}

// urduSeat is a place an area may be named after, with an Urdu name.
type urduSeat struct {
	ur   string
	rank int   // featureRank of its feature code
	pop  int64 // population
	id   string
}

// seatUrdu gives area a (a district or a tehsil) the Urdu name of a place
// in it that bears its name: districts and tehsils are mostly named after
// their seat, and the town's Urdu name is the same word ("Panjgur" is
// پنجگور, town, tehsil and district). The place's name or one of its
// alternate names must be the area's name or one of its alternate names,
// compared without case and diacritics ("Ziārat" is Ziarat; Soorab, also
// written Surab, is Surab). When several places in the area bear its name,
// the seat is the one of highest administrative rank (PPLA before PPLA2 ...
// before PPL), then the most populous, then the first by id. An area named
// otherwise than any place in it with an Urdu name (Kachhi, whose seat is
// Dhadar) gets none.
func seatUrdu(a *areaShape, s urduSeat, name string, alts []string) {
	match := false
	for _, n := range append([]string{name}, alts...) {
		if a.names[geo.Normalize(n)] {
			match = true
			break
		}
	}
	if !match {
		return
	}
	if b := a.nameUr; b != nil && (b.rank > s.rank || b.rank == s.rank && (b.pop > s.pop || b.pop == s.pop && b.id <= s.id)) {
		return
	}
	a.nameUr = &s
}

// tehsilNamesUr sets name_ur on fc's tehsils (tehsils are their shapes, in
// the same order, after writePlaces found their seats) and returns how many
// have one: the seat town's Urdu name, or, for a tehsil that bears its
// district's name, the district's, so that the two labels agree (Kalat is
// قلات, district and tehsil, where the town's own form is کیلات).
func tehsilNamesUr(fc *geojson.FeatureCollection, tehsils []*areaShape, ds []*district) int {
	byID := map[string]*district{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	n := 0
	for i, t := range tehsils {
		ur := ""
		if t.nameUr != nil {
			ur = t.nameUr.ur
		}
		if d := byID[t.district]; d != nil && d.NameUr != "" && (t.names[geo.Normalize(d.CommonName)] || t.names[geo.Normalize(d.Name)]) {
			ur = d.NameUr
		}
		if ur != "" {
			fc.Features[i].Properties["name_ur"] = ur
			n++
		}
	}
	return n
}

// featureRank orders GeoNames' codes for populated places by administrative
// rank: the seat of a first-order division first.
func featureRank(code string) int {
	switch code {
	case "PPLC":
		return 6
	case "PPLA":
		return 5
	case "PPLA2":
		return 4
	case "PPLA3":
		return 3
	case "PPLA4":
		return 2
	case "PPL":
		return 1
	}
	return 0
}

// assign returns the index of the shape containing p, or the nearest shape
// within nearestLimit degrees, and whether p was inside.
func assign(p orb.Point, shapes []*areaShape, filter func(*areaShape) bool) (int, bool) {
	for i, s := range shapes {
		if filter != nil && !filter(s) {
			continue
		}
		if s.bound.Contains(p) && planar.MultiPolygonContains(s.geom, p) {
			return i, true
		}
	}
	best, bestD := -1, math.Inf(1)
	for i, s := range shapes {
		if filter != nil && !filter(s) {
			continue
		}
		if d := distToMP(p, s.geom); d < bestD {
			best, bestD = i, d
		}
	}
	if bestD > nearestLimit {
		return -1, false
	}
	return best, false
}

func distToMP(p orb.Point, mp orb.MultiPolygon) float64 {
	d := math.Inf(1)
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				d = math.Min(d, segDist(p, ring[i-1], ring[i]))
			}
		}
	}
	return d
}

func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	x, y := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
	return math.Sqrt(x*x + y*y)
}

// writePlaces re-assigns every place to its district and tehsil by
// point-in-polygon against the shipped polygons and writes the slim TSV the
// geo package reads. On the way it finds the town each district and tehsil
// is named after (seatUrdu): a district without an Urdu name of its own
// takes the town's; the tehsils' are left in their shapes for the caller.
func writePlaces(in, out string, ds []*district, tehsils []*areaShape, st *stats) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	shapes := make([]*areaShape, len(ds))
	for i, d := range ds {
		shapes[i] = &areaShape{pcode: d.ID, district: d.ID, geom: d.Geometry, bound: d.Geometry.Bound(),
			names: map[string]bool{geo.Normalize(d.CommonName): true, geo.Normalize(d.Name): true}}
	}
	t, err := newTSVReader(f, in, placeColumns...)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("id\tname\talt_names\tlon\tlat\tfeature_code\tpopulation\tdistrict_id\ttehsil_pcode\tdistrict_match\tname_ur\n")
	for t.next() {
		p, err := t.point()
		if err != nil {
			return err
		}
		pop, err := t.population()
		if err != nil {
			return err
		}
		di, inside := assign(p, shapes, nil)
		if di < 0 {
			st.Dropped++
			continue
		}
		match := "nearest"
		if inside {
			st.Within++
			match = "within"
		} else {
			st.Nearest++
		}
		dist := shapes[di].district
		ti, _ := assign(p, tehsils, func(s *areaShape) bool { return s.district == dist })
		tehsil := ""
		if ti >= 0 {
			tehsil = tehsils[ti].pcode
		}
		id, name, alts := t.placeNames()
		ur := urduName(name, alts)
		if ur != "" {
			st.PlacesUr++
			seat := urduSeat{ur: ur, rank: featureRank(t.get("feature_code")), pop: pop, id: id}
			seatUrdu(shapes[di], seat, name, alts)
			if ti >= 0 {
				seatUrdu(tehsils[ti], seat, name, alts)
			}
		}
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", id, name, strings.Join(alts, "|"),
			formatCoord(p[0]), formatCoord(p[1]), t.get("feature_code"), pop, dist, tehsil, match, ur)
		st.Places++
	}
	if err := t.err(); err != nil {
		return err
	}
	for i, d := range ds {
		if d.NameUr == "" && shapes[i].nameUr != nil {
			d.NameUr = shapes[i].nameUr.ur
		}
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// clean removes tabs, pipes and newlines, which the TSV format reserves.
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\t' || r == '|' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s))
}
