package main

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/incidentmap/incidentmap/geo"
)

// balochistanPcode is Balochistan's COD ADM1 pcode: the outer files hold
// everything else.
const balochistanPcode = "PK2"

// countryOrder is the order of the countries in the outer files: Pakistan,
// then its two neighbours on Balochistan's borders.
var countryOrder = map[string]int{"PK": 0, "IR": 1, "AF": 2}

// admin1AltNames are spellings of first-level units added by hand, not taken
// from any data source: the forms news reports use. Keys are admin1 ids.
var admin1AltNames = map[string][]string{
	"sistan-and-baluchestan": {"Sistan-Baluchestan", "Sistan va Baluchestan", "Sistan-o-Baluchestan",
		"Iranian Baluchestan", "Seistan and Baluchestan", "Sistan and Baluchistan"},
	"khyber-pakhtunkhwa": {"KP", "KPK", "Khyber-Pakhtunkhwa", "NWFP", "North-West Frontier Province"},
	"azad-kashmir":       {"AJK", "Azad Jammu and Kashmir"},
	"gilgit-baltistan":   {"Gilgit-Baltistan"},
	"islamabad":          {"ICT", "Islamabad Capital Territory"},
	"nimruz":             {"Nimroz"},
	"helmand":            {"Helmund"},
	"kandahar":           {"Qandahar"},
	"zabul":              {"Zabol"},
	"paktia":             {"Paktiya"},
	"kunar":              {"Konar"},
}

// admin1 is a first-level unit (province) outside Balochistan.
type admin1 struct {
	ID, Name, Country, CountryName string
	NameUr                         string // from the Natural Earth table (provinceNameUr), or ""
	AltNames                       []string
	Label                          orb.Point
	Geometry                       orb.MultiPolygon
}

// readAdmin1 reads the provinces of Pakistan, Iran and Afghanistan other than
// Balochistan, sorted by country (countryOrder) then id. Ids must be unique.
func readAdmin1(path string) ([]*admin1, error) {
	fc, err := readFC(path)
	if err != nil {
		return nil, err
	}
	var out []*admin1
	byID := map[string]bool{}
	for i, f := range fc.Features {
		p := f.Properties
		a := &admin1{Name: str(p, "name"), Country: str(p, "country"), CountryName: str(p, "country_name")}
		if a.Country == "PK" && str(p, "pcode") == balochistanPcode {
			continue
		}
		if _, ok := countryOrder[a.Country]; !ok {
			return nil, fmt.Errorf("%s: feature %d (%q): country %q, want PK, IR or AF", path, i, a.Name, a.Country)
		}
		if a.ID, err = slug(a.Name); err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w", path, i, err)
		}
		if byID[a.ID] {
			return nil, fmt.Errorf("%s: feature %d (%q): id %q is not unique", path, i, a.Name, a.ID)
		}
		byID[a.ID] = true
		a.AltNames = altNames([]string{a.Name}, []string{str(p, "name_wof")}, admin1AltNames[a.ID])
		if a.Geometry, err = shape(f.Geometry); err != nil {
			return nil, fmt.Errorf("%s: %q: %w", path, a.ID, err)
		}
		if a.Label, err = labelPoint(a.Geometry); err != nil {
			return nil, fmt.Errorf("%s: %q: %w", path, a.ID, err)
		}
		out = append(out, a)
	}
	for id := range admin1AltNames {
		if !byID[id] {
			return nil, fmt.Errorf("%s: hand-added alternate names for %q, which is not a province", path, id)
		}
	}
	slices.SortFunc(out, func(a, b *admin1) int {
		return cmp.Or(cmp.Compare(countryOrder[a.Country], countryOrder[b.Country]), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// shape returns a boundary geometry as an RFC 7946 MultiPolygon.
func shape(g orb.Geometry) (orb.MultiPolygon, error) {
	mp, err := geo.MultiPolygonOf(g)
	if err != nil {
		return nil, err
	}
	return rfc7946(mp)
}

func writeAdmin1(path string, as []*admin1) error {
	fc := geojson.NewFeatureCollection()
	for _, a := range as {
		f := geojson.NewFeature(a.Geometry)
		f.ID = a.ID
		f.Properties = geojson.Properties{
			"id": a.ID, "name": a.Name, "country": a.Country, "country_name": a.CountryName,
			"alt_names": nonNil(a.AltNames), "label_point": pointOrNil(a.Label), "name_ur": nullable(a.NameUr),
		}
		fc.Append(f)
	}
	return writeJSON(path, fc)
}

// outerDistrict is a Pakistani district outside Balochistan.
type outerDistrict struct {
	ID, Name, Admin1, Admin1ID, Pcode, HQ string
	AltNames                              []string
	Label                                 orb.Point
	Geometry                              orb.MultiPolygon
}

// readOuterDistricts reads the Pakistani districts outside Balochistan,
// sorted by id. Each must lie in one of the provinces of as.
func readOuterDistricts(path string, as []*admin1) ([]*outerDistrict, error) {
	fc, err := readFC(path)
	if err != nil {
		return nil, err
	}
	provinces := map[string]bool{}
	for _, a := range as {
		if a.Country == "PK" {
			provinces[a.ID] = true
		}
	}
	var out []*outerDistrict
	for i, f := range fc.Features {
		p := f.Properties
		if str(p, "adm1_pcode") == balochistanPcode {
			continue
		}
		d := &outerDistrict{
			ID: str(p, "id"), Name: str(p, "name"), Admin1: str(p, "adm1_name"),
			Pcode: str(p, "pcode"), HQ: str(p, "headquarters"),
		}
		if d.ID == "" || d.Name == "" {
			return nil, fmt.Errorf("%s: feature %d: missing id or name", path, i)
		}
		if d.Admin1ID, err = slug(d.Admin1); err != nil {
			return nil, fmt.Errorf("%s: district %q: %w", path, d.ID, err)
		}
		if !provinces[d.Admin1ID] {
			return nil, fmt.Errorf("%s: district %q: province %q is not in the province file", path, d.ID, d.Admin1)
		}
		d.AltNames = altNames([]string{d.Name, str(p, "common_name")}, strs(p, "alt_names_extra"), strs(p, "alt_names"))
		if d.Geometry, err = shape(f.Geometry); err != nil {
			return nil, fmt.Errorf("%s: district %q: %w", path, d.ID, err)
		}
		if d.Label, err = labelPoint(d.Geometry); err != nil {
			return nil, fmt.Errorf("%s: district %q: %w", path, d.ID, err)
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *outerDistrict) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(out); i++ {
		if out[i].ID == out[i-1].ID {
			return nil, fmt.Errorf("%s: district id %q is not unique", path, out[i].ID)
		}
	}
	return out, nil
}

func writeOuterDistricts(path string, ds []*outerDistrict) error {
	fc := geojson.NewFeatureCollection()
	for _, d := range ds {
		f := geojson.NewFeature(d.Geometry)
		f.ID = d.ID
		f.Properties = geojson.Properties{
			"id": d.ID, "name": d.Name, "country": "PK", "admin1": d.Admin1, "admin1_id": d.Admin1ID,
			"pcode": d.Pcode, "headquarters": d.HQ, "alt_names": nonNil(d.AltNames), "label_point": pointOrNil(d.Label),
		}
		fc.Append(f)
	}
	return writeJSON(path, fc)
}

// outerPlace is one row of outer_places.tsv.
type outerPlace struct {
	id, name, featureCode, country, admin1ID, districtID, districtName string
	nameUr                                                             string
	alts                                                               []string
	pt                                                                 orb.Point
	pop                                                                int64
}

// writeOuterPlaces writes the populated places outside Balochistan, each
// tied to its province in as and, in Pakistan, to its district in ds. It
// returns how many it wrote, and how many of them have an Urdu name.
func writeOuterPlaces(in, out string, as []*admin1, ds []*outerDistrict) (n, nUr int, err error) {
	f, err := os.Open(in)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	t, err := newTSVReader(f, in, slices.Concat(placeColumns, []string{"country", "admin1", "district_id", "district_name"})...)
	if err != nil {
		return 0, 0, err
	}
	provinces := map[[2]string]string{} // country and name -> id
	for _, a := range as {
		provinces[[2]string{a.Country, a.Name}] = a.ID
	}
	districts := map[string]*outerDistrict{}
	for _, d := range ds {
		districts[d.ID] = d
	}
	var rows []outerPlace
	for t.next() {
		var r outerPlace
		if r.pt, err = t.point(); err != nil {
			return 0, 0, err
		}
		if r.pop, err = t.population(); err != nil {
			return 0, 0, err
		}
		r.id, r.name, r.alts = t.placeNames()
		r.featureCode, r.country = clean(t.get("feature_code")), t.get("country")
		var ok bool
		if r.admin1ID, ok = provinces[[2]string{r.country, t.get("admin1")}]; !ok {
			return 0, 0, t.errorf("place %s: province %q of %q is not in the province file", r.id, t.get("admin1"), r.country)
		}
		if r.country == "PK" {
			d, ok := districts[t.get("district_id")]
			if !ok {
				return 0, 0, t.errorf("place %s: district %q is not in the district file", r.id, t.get("district_id"))
			}
			if d.Admin1ID != r.admin1ID {
				return 0, 0, t.errorf("place %s: district %q lies in %q, not in %q", r.id, d.ID, d.Admin1ID, r.admin1ID)
			}
			r.districtID, r.districtName = d.ID, d.Name
			// Urdu names only in Pakistan: an Iranian or Afghan place's
			// Arabic-script forms are Persian or Pashto.
			r.nameUr = urduName(r.name, r.alts)
		} else {
			r.districtName = clean(t.get("district_name"))
		}
		rows = append(rows, r)
	}
	if err := t.err(); err != nil {
		return 0, 0, err
	}
	slices.SortFunc(rows, func(a, b outerPlace) int {
		return cmp.Or(
			cmp.Compare(countryOrder[a.country], countryOrder[b.country]),
			strings.Compare(a.admin1ID, b.admin1ID),
			strings.Compare(a.districtID, b.districtID),
			cmp.Compare(b.pop, a.pop),
			strings.Compare(a.name, b.name),
			strings.Compare(a.id, b.id),
		)
	})
	var buf bytes.Buffer
	buf.WriteString("id\tname\talt_names\tlon\tlat\tfeature_code\tpopulation\tcountry\tadmin1_id\tdistrict_id\tdistrict_name\tname_ur\n")
	for _, r := range rows {
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.id, r.name, strings.Join(r.alts, "|"),
			formatCoord(r.pt[0]), formatCoord(r.pt[1]), r.featureCode, r.pop, r.country, r.admin1ID, r.districtID, r.districtName, r.nameUr)
	}
	for _, r := range rows {
		if r.nameUr != "" {
			nUr++
		}
	}
	return len(rows), nUr, os.WriteFile(out, buf.Bytes(), 0o644)
}
