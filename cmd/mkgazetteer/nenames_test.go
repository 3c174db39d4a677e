package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

const namesHeader = "# a comment\nlayer\tname\tname_ur\n"

func TestNameUr(t *testing.T) {
	n, err := parseNENames("t.tsv", strings.NewReader(namesHeader+
		"country\tIran\tایران\nsea\tArabian Sea\tبحیرہ عرب\nsea\tGulf of Oman\tخلیج عمان\nregion\tKUH RUD MOUNTAINS\tکوہ رد پہاڑ\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ layer, name, want string }{
		{"country", "Iran", "ایران"},
		// Case and spacing do not matter; the layer does.
		{"region", "Kuh  Rud Mountains", "کوہ رد پہاڑ"},
		{"sea", "Iran", ""},
		{"country", "Oman", ""},
		// A name made of two Natural Earth names: both parts, joined the same way.
		{"sea", "Arabian Sea / Gulf of Oman", "بحیرہ عرب / خلیج عمان"},
		// One part without an Urdu name: none at all, never half a name.
		{"sea", "Arabian Sea / Persian Gulf", ""},
		{"sea", "", ""},
	} {
		if got := n.nameUr(c.layer, c.name); got != c.want {
			t.Errorf("nameUr(%q, %q) = %q, want %q", c.layer, c.name, got, c.want)
		}
	}
}

func TestParseNENamesErrors(t *testing.T) {
	for name, c := range map[string]struct{ in, want string }{
		"no header":      {"country\tIran\tایران\n", "t.tsv:1: header"},
		"empty":          {"# only a comment\n", "t.tsv: no header line"},
		"fields":         {namesHeader + "country\tIran\n", "t.tsv:3: 2 fields"},
		"unknown layer":  {namesHeader + "river\tIndus\tسندھ\n", "t.tsv:3: layer: unknown layer \"river\""},
		"empty name":     {namesHeader + "country\t \tایران\n", "t.tsv:3: name: empty"},
		"empty name_ur":  {namesHeader + "country\tIran\t\n", "t.tsv:3: name_ur: empty"},
		"listed twice":   {namesHeader + "country\tIran\tایران\ncountry\tIRAN\tایران\n", "t.tsv:4: name: \"IRAN\" is listed twice"},
		"not UTF-8":      {namesHeader + "country\tIran\t\xff\n", "t.tsv:3: not UTF-8"},
		"too many field": {namesHeader + "country\tIran\tایران\textra\n", "t.tsv:3: 4 fields"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseNENames("t.tsv", strings.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// FuzzParseNENames: any input either fails with a message naming the file,
// or gives a table whose every entry is non-empty and which survives being
// written out and read again unchanged.
func FuzzParseNENames(f *testing.F) {
	f.Add(namesHeader + "country\tIran\tایران\nsea\tArabian Sea\tبحیرہ عرب\n")
	f.Add("layer\tname\tname_ur\nregion\tSalt Ra.\tسالٹ رینج\n")
	f.Add("layer\tname\tname_ur\n\n")
	f.Add("#\nlayer\tname\tname_ur\ncountry\t\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		n, err := parseNENames("f.tsv", strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.tsv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		var b strings.Builder
		b.WriteString("layer\tname\tname_ur\n")
		for layer, m := range n {
			for k, ur := range m {
				if k == "" || ur == "" || k != nameKey(k) {
					t.Fatalf("bad entry %q %q -> %q", layer, k, ur)
				}
				b.WriteString(layer + "\t" + k + "\t" + ur + "\n")
			}
		}
		again, err := parseNENames("again", strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("the table read back fails: %v\n%s", err, b.String())
		}
		for layer, m := range n {
			for k, ur := range m {
				if again[layer][k] != ur {
					t.Fatalf("%s %q: %q read back as %q", layer, k, ur, again[layer][k])
				}
			}
		}
	})
}

// writeFC writes a feature collection of named points (the geometry does
// not matter to the names).
func writeFC(t *testing.T, path string, names ...string) {
	t.Helper()
	var fs []string
	for _, n := range names {
		p, _ := json.Marshal(map[string]any{"name": n})
		fs = append(fs, `{"type":"Feature","geometry":{"type":"Point","coordinates":[63,25]},"properties":`+string(p)+`}`)
	}
	if err := os.WriteFile(path, []byte(`{"type":"FeatureCollection","features":[`+strings.Join(fs, ",")+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteNENames runs the table's writer on small Natural Earth tables in
// each format it reads (CSV, GeoJSON, gzipped GeoJSON) and reads the table
// back with the build's reader.
func TestWriteNENames(t *testing.T) {
	region, ne := t.TempDir(), t.TempDir()
	writeFC(t, filepath.Join(region, "ne_countries.geojson"), "Iran", "Oman", "Atlantis")
	writeFC(t, filepath.Join(region, "ne_ocean.geojson"), "Arabian Sea / Gulf of Oman")
	writeFC(t, filepath.Join(region, "ne_geography_regions.geojson"), "LUT DESERT", "Salt Ra.")
	// Countries as ogr2ogr writes a shapefile's attributes (upper-case
	// columns, quoted fields); a name Natural Earth has without name_ur.
	csv := "NAME,NAME_EN,NAME_UR\nIran,Iran,ایران\n\"Oman\",Oman,\nFrance,France,فرانس\n"
	if err := os.WriteFile(filepath.Join(ne, "ne_10m_admin_0_countries.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	marine := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Arabian Sea","name_ur":"بحیرہ عرب"},"geometry":null},
{"type":"Feature","properties":{"name":"Gulf of Oman","name_ur":"خلیج عمان"},"geometry":null},
{"type":"Feature","properties":{"name":"Red Sea","name_ur":"بحیرہ احمر"},"geometry":null}]}`
	if err := os.WriteFile(filepath.Join(ne, "ne_10m_geography_marine_polys.geojson"), []byte(marine), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"NAME":"LUT DESERT","NAME_UR":"دشت لوت"},"geometry":null},
{"type":"Feature","properties":{"NAME":"Salt Ra.","NAME_UR":"سالٹ رینج"},"geometry":null}]}`))
	zw.Close()
	if err := os.WriteFile(filepath.Join(ne, "ne_10m_geography_regions_polys.geojson.gz"), gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sources", "names.tsv")
	n, missing, err := writeNENames(ne, region, out, "test tables\nsecond line")
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("wrote %d names, want 5", n)
	}
	if strings.Join(missing, "|") != "country: Atlantis|country: Oman" {
		t.Errorf("missing: %q", missing)
	}
	body, _ := os.ReadFile(out)
	for _, want := range []string{"# Source: test tables\n# Source: second line\n", "# Licence: Natural Earth is in the public domain",
		"layer\tname\tname_ur\ncountry\tIran\tایران\nregion\tLUT DESERT\tدشت لوت\nregion\tSalt Ra.\tسالٹ رینج\nsea\tArabian Sea\tبحیرہ عرب\nsea\tGulf of Oman\tخلیج عمان\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("table lacks %q:\n%s", want, body)
		}
	}
	names, err := readNENames(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := names.nameUr("sea", "Arabian Sea / Gulf of Oman"); got != "بحیرہ عرب / خلیج عمان" {
		t.Errorf("sea: %q", got)
	}

	// Two features of one name with different Urdu names: an error naming
	// the file and line.
	os.WriteFile(filepath.Join(ne, "ne_10m_admin_0_countries.csv"), []byte(csv+"Iran,Iran,ایرانی\n"), 0o644)
	if _, _, err := writeNENames(ne, region, out, "x"); err == nil || !strings.Contains(err.Error(), "ne_10m_admin_0_countries.csv:5: name_ur") {
		t.Errorf("conflicting names: got %v", err)
	}
	// A table that is not there.
	os.WriteFile(filepath.Join(ne, "ne_10m_admin_0_countries.csv"), []byte(csv), 0o644)
	os.Remove(filepath.Join(ne, "ne_10m_geography_marine_polys.geojson"))
	if _, _, err := writeNENames(ne, region, out, "x"); err == nil || !strings.Contains(err.Error(), "ne_10m_geography_marine_polys") {
		t.Errorf("missing table: got %v", err)
	}
}

// TestShippedBasemapUrdu checks the shipped basemap against the shipped
// table: every feature whose name the table has carries its Urdu name, in
// Urdu's script; no other feature has one.
func TestShippedBasemapUrdu(t *testing.T) {
	names, err := readNENames("../../data/sources/ne_names_ur.tsv")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := readFC("../../data/basemap.geojson")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range fc.Features {
		layer, name, ur := str(f.Properties, "layer"), str(f.Properties, "name"), str(f.Properties, "name_ur")
		if want := names.nameUr(layer, name); ur != want {
			t.Errorf("%s %q: name_ur %q, want %q", layer, name, ur, want)
		}
		for _, r := range ur {
			if unicode.IsLetter(r) && !unicode.Is(unicode.Arabic, r) {
				t.Errorf("%s %q: name_ur %q is not in Arabic script", layer, name, ur)
				break
			}
		}
		if ur != "" {
			got[layer+"|"+name] = ur
		}
	}
	for k, want := range map[string]string{"country|Iran": "ایران", "country|Afghanistan": "افغانستان", "country|India": "بھارت",
		"sea|Arabian Sea / Gulf of Oman": "بحیرہ عرب / خلیج عمان", "region|LUT DESERT": "دشت لوت", "region|Kirthar Ra.": "کھیرتھر"} {
		if got[k] != want {
			t.Errorf("%s: got %q, want %q", k, got[k], want)
		}
	}
}
