package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb/geojson"
)

// Urdu names for the basemap's Natural Earth features and for the
// provinces around Balochistan.
//
// The source pack's Natural Earth files (region/ne_*.geojson, version
// 4.0.0) carry English names only; Natural Earth added name_ur in a later
// release. Its provinces (region/admin1_provinces.geojson, from Who's On
// First) have no Urdu names either. The names are kept in a small table in
// the repository, data/sources/ne_names_ur.tsv (layer, the source pack's
// name, Natural Earth's name_ur), written by `mkgazetteer -ne-names DIR`
// from a Natural Earth download (writeNENames), and joined into
// basemap.geojson and outer_admin1.geojson by every build (readNENames,
// nameUr, provinceNameUr). The build never writes a name itself: a feature
// gets the Urdu name the table gives for its own name, or none.

// neLayers maps each layer that is named in Urdu (the basemap's, and the
// provinces of outer_admin1.geojson, which the server adds to the basemap
// as layer "province") to the Natural Earth table its names come from (by
// file name, without extension) and the source pack's file whose names are
// looked up.
var neLayers = []struct{ layer, table, ours string }{
	{"country", "ne_10m_admin_0_countries", "ne_countries.geojson"},
	{"sea", "ne_10m_geography_marine_polys", "ne_ocean.geojson"},
	{"region", "ne_10m_geography_regions_polys", "ne_geography_regions.geojson"},
	{"peak", "ne_10m_geography_regions_elevation_points", "ne_geography_points.geojson"},
	{"province", "ne_10m_admin_1_states_provinces", "admin1_provinces.geojson"},
}

// nameParts splits a basemap name into the Natural Earth names it is made
// of: the source pack joined the Arabian Sea and the Gulf of Oman into one
// ocean polygon named "Arabian Sea / Gulf of Oman".
func nameParts(name string) []string {
	var out []string
	for _, p := range strings.Split(name, " / ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// nameKey is how names are compared: case and runs of spaces ignored
// (Natural Earth writes "KUH RUD MOUNTAINS" and "Salt Ra." as they are).
func nameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// neNames holds the table: layer -> name key -> Urdu name.
type neNames map[string]map[string]string

// nameUr is the Urdu name of a basemap feature of layer named name: the
// table's, or for a name made of parts ("A / B") the parts' Urdu names
// joined the same way when every part has one; "" otherwise.
func (n neNames) nameUr(layer, name string) string {
	parts := nameParts(name)
	if len(parts) == 0 {
		return ""
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		ur := n[layer][nameKey(p)]
		if ur == "" {
			return ""
		}
		out[i] = ur
	}
	return strings.Join(out, " / ")
}

// provinceBefore and provinceAfter are the words Natural Earth's Urdu names
// of provinces carry beside the name: صوبہ (province) before or after it,
// and after it پراونس (the English word, transliterated) or علاقہ (region).
var (
	provinceBefore = "صوبہ"
	provinceAfter  = []string{"صوبہ", "پراونس", "علاقہ"}
)

// provinceNameUr is the Urdu name of the province named name, for a map
// label: the table's, without a leading or trailing word for "province"
// (provinceBefore, provinceAfter: "صوبہ ہلمند" is ہلمند, "یزد علاقہ" is
// یزد), as the build drops ضلع and تحصیل from district and tehsil names.
// A word is dropped only when a word remains ("صوبہ" alone stays), and no
// other letter is changed.
func (n neNames) provinceNameUr(name string) string {
	return dropProvinceWord(n.nameUr("province", name))
}

func dropProvinceWord(s string) string {
	if rest, ok := strings.CutPrefix(s, provinceBefore+" "); ok && strings.TrimSpace(rest) != "" {
		s = strings.TrimSpace(rest)
	}
	for _, w := range provinceAfter {
		if rest, ok := strings.CutSuffix(s, " "+w); ok && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// readNENames reads the table: '#' lines are comments, then a header line
// "layer\tname\tname_ur" and one row per name. Errors name the file, line
// and field.
func readNENames(path string) (neNames, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseNENames(path, f)
}

func parseNENames(path string, r io.Reader) (neNames, error) {
	known := map[string]bool{}
	for _, l := range neLayers {
		known[l.layer] = true
	}
	out := neNames{}
	sc := bufio.NewScanner(r)
	line, header := 0, false
	for sc.Scan() {
		line++
		s := sc.Text()
		if strings.HasPrefix(s, "#") {
			continue
		}
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("%s:%d: not UTF-8", path, line)
		}
		cols := strings.Split(s, "\t")
		if !header {
			if s != "layer\tname\tname_ur" {
				return nil, fmt.Errorf("%s:%d: header: got %q, want \"layer\\tname\\tname_ur\"", path, line, s)
			}
			header = true
			continue
		}
		if len(cols) != 3 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 3 (layer, name, name_ur)", path, line, len(cols))
		}
		layer, name, ur := cols[0], strings.TrimSpace(cols[1]), strings.TrimSpace(cols[2])
		switch {
		case !known[layer]:
			return nil, fmt.Errorf("%s:%d: layer: unknown layer %q", path, line, layer)
		case name == "":
			return nil, fmt.Errorf("%s:%d: name: empty", path, line)
		case ur == "":
			return nil, fmt.Errorf("%s:%d: name_ur: empty", path, line)
		}
		if _, ok := out[layer][nameKey(name)]; ok {
			return nil, fmt.Errorf("%s:%d: name: %q is listed twice in layer %s", path, line, name, layer)
		}
		if out[layer] == nil {
			out[layer] = map[string]string{}
		}
		out[layer][nameKey(name)] = ur
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	if !header {
		return nil, fmt.Errorf("%s: no header line", path)
	}
	return out, nil
}

// neRow is one feature of a Natural Earth table: its properties (keys
// lower-cased: the shapefiles write NAME_UR in some layers and name_ur in
// others) and where it came from, for messages.
type neRow struct {
	props map[string]string
	where string
}

// readNETable reads a Natural Earth attribute table from dir: table.csv (as
// `ogr2ogr -f CSV` writes a shapefile's attributes), table.geojson or
// table.geojson.gz (as the natural-earth-vector repository keeps them).
func readNETable(dir, table string) ([]neRow, string, error) {
	for _, ext := range []string{".csv", ".geojson", ".geojson.gz"} {
		path := filepath.Join(dir, table+ext)
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, path, err
		}
		defer f.Close()
		var r io.Reader = f
		if strings.HasSuffix(ext, ".gz") {
			gz, err := gzip.NewReader(f)
			if err != nil {
				return nil, path, fmt.Errorf("%s: %w", path, err)
			}
			r = gz
		}
		var rows []neRow
		if ext == ".csv" {
			rows, err = neCSV(path, r)
		} else {
			rows, err = neGeoJSON(path, r)
		}
		return rows, path, err
	}
	return nil, "", fmt.Errorf("%s: no %s.csv, .geojson or .geojson.gz", dir, table)
}

func neCSV(path string, r io.Reader) ([]neRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: %w", path, err)
	}
	for i := range head {
		head[i] = strings.ToLower(strings.TrimPrefix(head[i], "\ufeff"))
	}
	var rows []neRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		p := map[string]string{}
		for i, v := range rec {
			if i < len(head) {
				p[head[i]] = v
			}
		}
		rows = append(rows, neRow{p, fmt.Sprintf("%s:%d", path, line)})
	}
}

func neGeoJSON(path string, r io.Reader) ([]neRow, error) {
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.NewDecoder(r).Decode(&fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var rows []neRow
	for i, f := range fc.Features {
		p := map[string]string{}
		for k, v := range f.Properties {
			if s, ok := v.(string); ok {
				p[strings.ToLower(k)] = s
			}
		}
		rows = append(rows, neRow{p, fmt.Sprintf("%s: feature %d", path, i)})
	}
	return rows, nil
}

// neRowName is a name of the table: its layer, the source pack's name,
// Natural Earth's name_ur and the row it came from (for messages).
type neRowName struct{ layer, name, ur, where string }

// writeNENames writes the table from the Natural Earth tables in neDir: for
// every named feature of the source pack's files in region (countries,
// seas, ranges and deserts, peaks and passes: namesByName; provinces:
// provinceNames), the Natural Earth feature that matches it in its layer's
// table and that feature's name_ur. Names Natural Earth does not have, or has without
// name_ur, are left out; a name that two features give different Urdu
// names is an error. source describes where the tables came from; it is
// written into the header. It returns the rows written and the names
// without an Urdu name.
func writeNENames(neDir, region, path, source string) (int, []string, error) {
	var rows []neRowName
	var missing []string
	for _, l := range neLayers {
		fc, err := readFC(filepath.Join(region, l.ours))
		if err != nil {
			return 0, nil, err
		}
		ne, _, err := readNETable(neDir, l.table)
		if err != nil {
			return 0, nil, err
		}
		match := namesByName
		if l.layer == "province" {
			match = provinceNames
		}
		r, m, err := match(l.layer, fc, ne)
		if err != nil {
			return 0, nil, err
		}
		rows, missing = append(rows, r...), append(missing, m...)
	}
	for _, r := range rows {
		if strings.ContainsAny(r.ur, "\t\n") {
			return 0, nil, fmt.Errorf("%s: name_ur: a tab or newline in %q", r.where, r.ur)
		}
	}
	slices.SortFunc(rows, func(a, b neRowName) int { return cmp.Or(cmp.Compare(a.layer, b.layer), cmp.Compare(a.name, b.name)) })
	slices.Sort(missing)
	var b strings.Builder
	b.WriteString("# Urdu names of the basemap's Natural Earth features (countries, seas, ranges and deserts, peaks) and of\n")
	b.WriteString("# the provinces around Balochistan, by layer: the source pack's name (region/ne_*.geojson,\n")
	b.WriteString("# region/admin1_provinces.geojson) and Natural Earth's name_ur for the feature of that name\n")
	b.WriteString("# (provinces: in the same country, by name, name_en or name_alt; see data/README.md).\n")
	for _, s := range strings.Split(strings.TrimSpace(source), "\n") {
		b.WriteString("# Source: " + strings.TrimSpace(s) + "\n")
	}
	b.WriteString("# Licence: Natural Earth is in the public domain (naturalearthdata.com/about/terms-of-use).\n")
	b.WriteString("# Written by: go run ./cmd/mkgazetteer -src ../shared/data -ne-names DIR -ne-source TEXT (see data/README.md); do not edit by hand.\n")
	b.WriteString("layer\tname\tname_ur\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", r.layer, r.name, r.ur)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, nil, err
	}
	return len(rows), missing, os.WriteFile(path, []byte(b.String()), 0o644)
}

// namesByName matches the named features of fc (countries, seas, regions)
// with the Natural Earth features of the same name (name, compared by
// nameKey; a name made of parts, by each part).
func namesByName(layer string, fc *geojson.FeatureCollection, ne []neRow) ([]neRowName, []string, error) {
	want := map[string]string{} // name key -> name as written by the source pack
	for _, f := range fc.Features {
		for _, p := range nameParts(str(f.Properties, "name")) {
			want[nameKey(p)] = p
		}
	}
	found := map[string]neRow{}
	for _, r := range ne {
		k := nameKey(r.props["name"])
		ur := strings.TrimSpace(r.props["name_ur"])
		if _, ok := want[k]; !ok || ur == "" {
			continue
		}
		if prev, ok := found[k]; ok && strings.TrimSpace(prev.props["name_ur"]) != ur {
			return nil, nil, fmt.Errorf("%s: name_ur: %q is %q here and %q at %s", r.where, r.props["name"], ur, prev.props["name_ur"], prev.where)
		}
		found[k] = r
	}
	var rows []neRowName
	var missing []string
	for k, name := range want {
		r, ok := found[k]
		if !ok {
			missing = append(missing, layer+": "+name)
			continue
		}
		rows = append(rows, neRowName{layer, name, strings.TrimSpace(r.props["name_ur"]), r.where})
	}
	return rows, missing, nil
}

// provinceKey is how province names are compared: as nameKey, with '-' as
// a space ("Gilgit-Baltistan" is "Gilgit Baltistan").
func provinceKey(s string) string {
	return nameKey(strings.ReplaceAll(s, "-", " "))
}

// provinceNames matches the provinces of fc (admin1_provinces.geojson,
// Balochistan left out as readAdmin1 does) with Natural Earth's admin-1
// rows. A row matches a province when it is in the same country (iso_a2
// equals the province's country) and one of its name, name_en or the
// '|'-separated parts of name_alt equals the province's name or name_wof
// (by provinceKey). gn_name and woe_name are not read: Natural Earth keeps
// provinces split off later (Panjshir, Daykundi) as rows whose name,
// name_en and name_ur are the parent's (Parwan, Uruzgan), and only those
// two columns name the child.
func provinceNames(layer string, fc *geojson.FeatureCollection, ne []neRow) ([]neRowName, []string, error) {
	byCountry := map[string][]neRow{}
	for _, r := range ne {
		if strings.TrimSpace(r.props["name_ur"]) != "" {
			c := strings.ToUpper(strings.TrimSpace(r.props["iso_a2"]))
			byCountry[c] = append(byCountry[c], r)
		}
	}
	var rows []neRowName
	var missing []string
	for _, f := range fc.Features {
		p := f.Properties
		name, country := str(p, "name"), str(p, "country")
		if name == "" || country == "PK" && str(p, "pcode") == balochistanPcode {
			continue
		}
		ours := map[string]bool{provinceKey(name): true}
		if w := str(p, "name_wof"); w != "" {
			ours[provinceKey(w)] = true
		}
		var found *neRow
		for i, r := range byCountry[country] {
			if !neProvinceMatches(r, ours) {
				continue
			}
			if found != nil && strings.TrimSpace(found.props["name_ur"]) != strings.TrimSpace(r.props["name_ur"]) {
				return nil, nil, fmt.Errorf("%s: name_ur: province %q is %q here and %q at %s", r.where, name,
					strings.TrimSpace(r.props["name_ur"]), strings.TrimSpace(found.props["name_ur"]), found.where)
			}
			if found == nil {
				found = &byCountry[country][i]
			}
		}
		if found == nil {
			missing = append(missing, layer+": "+name)
			continue
		}
		rows = append(rows, neRowName{layer, name, strings.TrimSpace(found.props["name_ur"]), found.where})
	}
	return rows, missing, nil
}

// neProvinceMatches reports whether one of the row's name, name_en or
// name_alt parts is among ours (keys by provinceKey).
func neProvinceMatches(r neRow, ours map[string]bool) bool {
	names := append([]string{r.props["name"], r.props["name_en"]}, strings.Split(r.props["name_alt"], "|")...)
	for _, n := range names {
		if k := provinceKey(n); k != "" && ours[k] {
			return true
		}
	}
	return false
}
