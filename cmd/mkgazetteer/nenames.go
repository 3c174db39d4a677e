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
)

// Urdu names for the basemap's Natural Earth features.
//
// The source pack's Natural Earth files (region/ne_*.geojson, version
// 4.0.0) carry English names only; Natural Earth added name_ur in a later
// release. The names are kept in a small table in the repository,
// data/sources/ne_names_ur.tsv (layer, Natural Earth's name, its name_ur),
// written by `mkgazetteer -ne-names DIR` from a Natural Earth download
// (writeNENames), and joined into basemap.geojson by every build
// (readNENames, nameUr). The build never writes a name itself: a feature
// gets the Urdu name the table gives for its own name, or none.

// neLayers maps each basemap layer that is named in Urdu to the Natural
// Earth table its names come from (by file name, without extension) and the
// source pack's file whose names are looked up.
var neLayers = []struct{ layer, table, ours string }{
	{"country", "ne_10m_admin_0_countries", "ne_countries.geojson"},
	{"sea", "ne_10m_geography_marine_polys", "ne_ocean.geojson"},
	{"region", "ne_10m_geography_regions_polys", "ne_geography_regions.geojson"},
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

// writeNENames writes the table from the Natural Earth tables in neDir: for
// every named feature of the source pack's files in region (countries,
// seas, ranges and deserts), the Natural Earth feature of the same name
// (name, compared by nameKey) in its layer's table and that feature's
// name_ur. Names Natural Earth does not have, or has without name_ur, are
// left out; a name that two features give different Urdu names is an error.
// source describes where the tables came from; it is written into the
// header. It returns the rows written and the names without an Urdu name.
func writeNENames(neDir, region, path, source string) (int, []string, error) {
	type row struct{ layer, name, ur string }
	var rows []row
	var missing []string
	for _, l := range neLayers {
		fc, err := readFC(filepath.Join(region, l.ours))
		if err != nil {
			return 0, nil, err
		}
		want := map[string]string{} // name key -> name as written by the source pack
		for _, f := range fc.Features {
			for _, p := range nameParts(str(f.Properties, "name")) {
				want[nameKey(p)] = p
			}
		}
		ne, _, err := readNETable(neDir, l.table)
		if err != nil {
			return 0, nil, err
		}
		found := map[string]neRow{}
		for _, r := range ne {
			k := nameKey(r.props["name"])
			ur := strings.TrimSpace(r.props["name_ur"])
			if _, ok := want[k]; !ok || ur == "" {
				continue
			}
			if prev, ok := found[k]; ok && strings.TrimSpace(prev.props["name_ur"]) != ur {
				return 0, nil, fmt.Errorf("%s: name_ur: %q is %q here and %q at %s", r.where, r.props["name"], ur, prev.props["name_ur"], prev.where)
			}
			found[k] = r
		}
		for k, name := range want {
			r, ok := found[k]
			if !ok {
				missing = append(missing, l.layer+": "+name)
				continue
			}
			if strings.ContainsAny(r.props["name_ur"], "\t\n") {
				return 0, nil, fmt.Errorf("%s: name_ur: a tab or newline in %q", r.where, r.props["name_ur"])
			}
			rows = append(rows, row{l.layer, name, strings.TrimSpace(r.props["name_ur"])})
		}
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(a.layer, b.layer), cmp.Compare(a.name, b.name)) })
	slices.Sort(missing)
	var b strings.Builder
	b.WriteString("# Urdu names of the basemap's Natural Earth features (countries, seas, ranges and deserts),\n")
	b.WriteString("# by layer: the source pack's name (region/ne_*.geojson) and Natural Earth's name_ur for the\n")
	b.WriteString("# feature of that name.\n")
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
