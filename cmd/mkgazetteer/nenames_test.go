package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
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
	f.Add("layer\tname\tname_ur\nprovince\tHelmand\tصوبہ ہلمند\nprovince\tX\tصوبہ\nprovince\tYazd\tیزد علاقہ\n")
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
				// A province's label is the table's name or a part of it,
				// never empty.
				if label := dropProvinceWord(ur); label == "" || !strings.Contains(ur, label) {
					t.Fatalf("dropProvinceWord(%q) = %q", ur, label)
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

func TestDropProvinceWord(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"صوبہ ہلمند", "ہلمند"},
		{"لاگھمان صوبہ", "لاگھمان"},
		{"زابل پراونس", "زابل"},
		{"یزد علاقہ", "یزد"},
		{"صوبہ خراسان شمالی", "خراسان شمالی"},
		// Names without the word are kept as they are.
		{"سندھ", "سندھ"},
		{"خیبر پختونخوا", "خیبر پختونخوا"},
		// Only a whole word at either end: a word inside the name, or the
		// word as part of another, stays.
		{"قبائلی علاقہ جات", "قبائلی علاقہ جات"},
		{"صوبہدار", "صوبہدار"},
		{"پراونس زابل", "پراونس زابل"},
		// Before and after at once: both go.
		{"صوبہ یزد علاقہ", "یزد"},
		// A name that is only the word stays: a word must remain.
		{"صوبہ", "صوبہ"},
		{"علاقہ", "علاقہ"},
		{"صوبہ صوبہ", "صوبہ"},
		{"", ""},
	} {
		if got := dropProvinceWord(c.in); got != c.want {
			t.Errorf("dropProvinceWord(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	n, err := parseNENames("t.tsv", strings.NewReader(namesHeader+"province\tHelmand\tصوبہ ہلمند\ncountry\tIran\tایران\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := n.provinceNameUr("Helmand"); got != "ہلمند" {
		t.Errorf("provinceNameUr(Helmand) = %q", got)
	}
	if got := n.provinceNameUr("Iran"); got != "" {
		t.Errorf("provinceNameUr(Iran) = %q: a province's name is looked up in the province layer only", got)
	}
}

// province is a feature of admin1_provinces.geojson, for the tests.
type province struct{ name, wof, country, pcode string }

func provinceFC(ps ...province) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, p := range ps {
		f := geojson.NewFeature(orb.Point{63, 25})
		f.Properties = geojson.Properties{"name": p.name, "country": p.country}
		if p.wof != "" {
			f.Properties["name_wof"] = p.wof
		}
		if p.pcode != "" {
			f.Properties["pcode"] = p.pcode
		}
		fc.Append(f)
	}
	return fc
}

func neRows(rows ...map[string]string) []neRow {
	out := make([]neRow, len(rows))
	for i, r := range rows {
		out[i] = neRow{r, fmt.Sprintf("ne.csv:%d", i+2)}
	}
	return out
}

// TestProvinceNames: which Natural Earth admin-1 row gives a province its
// Urdu name.
func TestProvinceNames(t *testing.T) {
	ne := neRows(
		// name_en, not name, is ours.
		map[string]string{"iso_a2": "AF", "name": "Hilmand", "name_en": "Helmand", "name_ur": "صوبہ ہلمند"},
		// Matched through a part of name_alt.
		map[string]string{"iso_a2": "PK", "name": "F.C.T.", "name_en": "Islamabad Capital Territory", "name_alt": "Federal Capital Territory|Islamabad", "name_ur": "اسلام آباد"},
		// '-' counts as a space: "Gilgit-Baltistan" is our "Gilgit Baltistan".
		map[string]string{"iso_a2": "PK", "name": "Northern Areas", "name_en": "Gilgit-Baltistan", "name_ur": "گلگت بلتستان"},
		// The parent of a split-off province twice, once with the child's
		// gn_name and woe_name: the child gets nothing from it.
		map[string]string{"iso_a2": "AF", "name": "Uruzgan", "name_en": "Urozgan", "gn_name": "Uruzgan", "woe_name": "Uruzgan", "name_ur": "اروزگان"},
		map[string]string{"iso_a2": "AF", "name": "Uruzgan", "name_en": "Urozgan", "gn_name": "Wilayat-e Daykundi", "woe_name": "Daykundi", "name_ur": "اروزگان"},
		// A name of another country: not Sistan's (IR) though it names it.
		map[string]string{"iso_a2": "PK", "name": "Sistan and Baluchestan", "name_ur": "غلط"},
		map[string]string{"iso_a2": "IR", "name": "Sistan and Baluchestan", "name_ur": "صوبہ سیستان و بلوچستان"},
		// Kerman only in another country.
		map[string]string{"iso_a2": "AF", "name": "Kerman", "name_ur": "کرمان"},
		// Our name_wof ("Zabol") is NE's name_alt part; the row without
		// name_ur is passed over.
		map[string]string{"iso_a2": "AF", "name": "Zaboul", "name_alt": "Zabol|Zabul Province", "name_ur": ""},
		map[string]string{"iso_a2": "AF", "name": "Zaboul", "name_alt": "Zabol", "name_ur": "زابل پراونس"},
		// Balochistan is not an outer province: not in the table.
		map[string]string{"iso_a2": "PK", "name": "Baluchistan", "name_en": "Balochistan", "name_ur": "بلوچستان"},
	)
	fc := provinceFC(
		province{name: "Helmand", wof: "Helmand", country: "AF"},
		province{name: "Islamabad", country: "PK", pcode: "PK4"},
		province{name: "Gilgit Baltistan", country: "PK", pcode: "PK3"},
		province{name: "Uruzgan", wof: "Oruzgan", country: "AF"},
		province{name: "Daykundi", wof: "Daikondi", country: "AF"},
		province{name: "Sistan and Baluchestan", wof: "Sistan and Baluchestan", country: "IR"},
		province{name: "Kerman", wof: "Kerman", country: "IR"},
		province{name: "Zabul", wof: "Zabol", country: "AF"},
		province{name: "Balochistan", country: "PK", pcode: balochistanPcode},
	)
	rows, missing, err := provinceNames("province", fc, ne)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if r.layer != "province" {
			t.Errorf("%q: layer %q", r.name, r.layer)
		}
		got[r.name] = r.ur
	}
	want := map[string]string{"Helmand": "صوبہ ہلمند", "Islamabad": "اسلام آباد", "Gilgit Baltistan": "گلگت بلتستان",
		"Uruzgan": "اروزگان", "Sistan and Baluchestan": "صوبہ سیستان و بلوچستان", "Zabul": "زابل پراونس"}
	if !maps.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if strings.Join(missing, "|") != "province: Daykundi|province: Kerman" {
		t.Errorf("missing: %q", missing)
	}

	// Two rows of one province with different Urdu names: an error naming
	// the second row and the first.
	ne = append(ne, neRow{map[string]string{"iso_a2": "AF", "name": "Helmand", "name_ur": "ہلمند"}, "ne.csv:40"})
	if _, _, err := provinceNames("province", fc, ne); err == nil || !strings.Contains(err.Error(), `ne.csv:40: name_ur: province "Helmand"`) ||
		!strings.Contains(err.Error(), "ne.csv:2") {
		t.Errorf("conflicting names: got %v", err)
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
	writeFC(t, filepath.Join(region, "ne_geography_points.geojson"), "Kuh-e Taftan", "Ra's al Had")
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
	// Peaks and passes as a CSV; a cape Natural Earth has without name_ur.
	peaks := "name,name_ur\nKuh-e Taftan,کوہ تفتان\nRa's al Had,\nK2,کے ٹو\n"
	if err := os.WriteFile(filepath.Join(ne, "ne_10m_geography_regions_elevation_points.csv"), []byte(peaks), 0o644); err != nil {
		t.Fatal(err)
	}
	// Provinces: the source pack's file and Natural Earth's admin-1 table
	// as a CSV (a quoted name_alt with '|'-separated parts; a split-off
	// province's row that names it only in gn_name and woe_name).
	writeProvinces(t, filepath.Join(region, "admin1_provinces.geojson"),
		province{name: "Balochistan", country: "PK", pcode: balochistanPcode},
		province{name: "Sindh", country: "PK", pcode: "PK7"},
		province{name: "Islamabad", country: "PK", pcode: "PK4"},
		province{name: "Kandahar", wof: "Kandahar", country: "AF"},
		province{name: "Daykundi", wof: "Daikondi", country: "AF"})
	admin1 := "featurecla,iso_a2,name,name_alt,gn_name,woe_name,name_en,name_ur\n" +
		"Admin-1 states provinces,PK,Sind,Sindh,Sindh,Sind,Sindh,سندھ\n" +
		"Admin-1 states provinces,PK,F.C.T.,\"Islamabad|Federal Capital Territory\",Islamabad Capital Territory,F.C.T.,Islamabad Capital Territory,اسلام آباد\n" +
		"Admin-1 states provinces,PK,Baluchistan,,Balochistan,Baluchistan,Balochistan,بلوچستان\n" +
		"Admin-1 states provinces,AF,Kandahar,Qandahar,Kandahar,Kandahar,Kandahar,صوبہ قندھار\n" +
		"Admin-1 states provinces,AF,Uruzgan,Urozgan,Wilayat-e Daykundi,Daykundi,Urozgan,اروزگان\n" +
		"Admin-1 states provinces,IR,Sindh,,,,,غلط\n"
	if err := os.WriteFile(filepath.Join(ne, "ne_10m_admin_1_states_provinces.csv"), []byte(admin1), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sources", "names.tsv")
	n, missing, err := writeNENames(ne, region, out, "test tables\nsecond line")
	if err != nil {
		t.Fatal(err)
	}
	if n != 9 {
		t.Errorf("wrote %d names, want 9", n)
	}
	if strings.Join(missing, "|") != "country: Atlantis|country: Oman|peak: Ra's al Had|province: Daykundi" {
		t.Errorf("missing: %q", missing)
	}
	body, _ := os.ReadFile(out)
	for _, want := range []string{"# Source: test tables\n# Source: second line\n", "# Licence: Natural Earth is in the public domain",
		"layer\tname\tname_ur\ncountry\tIran\tایران\npeak\tKuh-e Taftan\tکوہ تفتان\n" +
			"province\tIslamabad\tاسلام آباد\nprovince\tKandahar\tصوبہ قندھار\nprovince\tSindh\tسندھ\n" +
			"region\tLUT DESERT\tدشت لوت\nregion\tSalt Ra.\tسالٹ رینج\nsea\tArabian Sea\tبحیرہ عرب\nsea\tGulf of Oman\tخلیج عمان\n"} {
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
	if got := names.provinceNameUr("Kandahar"); got != "قندھار" {
		t.Errorf("province Kandahar: %q", got)
	}

	// Two admin-1 rows of one province with different Urdu names: an
	// error naming the file and line.
	os.WriteFile(filepath.Join(ne, "ne_10m_admin_1_states_provinces.csv"), []byte(admin1+"Admin-1 states provinces,AF,Qandahar,Kandahar,,,,قندہار\n"), 0o644)
	if _, _, err := writeNENames(ne, region, out, "x"); err == nil || !strings.Contains(err.Error(), "ne_10m_admin_1_states_provinces.csv:8: name_ur: province \"Kandahar\"") {
		t.Errorf("conflicting province names: got %v", err)
	}
	os.WriteFile(filepath.Join(ne, "ne_10m_admin_1_states_provinces.csv"), []byte(admin1), 0o644)

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

// writeProvinces writes a feature collection like admin1_provinces.geojson.
func writeProvinces(t *testing.T, path string, ps ...province) {
	t.Helper()
	b, err := json.Marshal(provinceFC(ps...))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// arabicScript reports whether every letter of s is in Arabic script.
func arabicScript(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Arabic, r) {
			return false
		}
	}
	return true
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
		if !arabicScript(ur) {
			t.Errorf("%s %q: name_ur %q is not in Arabic script", layer, name, ur)
		}
		if ur != "" {
			got[layer+"|"+name] = ur
		}
	}
	for k, want := range map[string]string{"country|Iran": "ایران", "country|Afghanistan": "افغانستان", "country|India": "بھارت",
		"sea|Arabian Sea / Gulf of Oman": "بحیرہ عرب / خلیج عمان", "region|LUT DESERT": "دشت لوت", "region|Kirthar Ra.": "کھیرتھر", "peak|Ras Koh": "راس کوہ"} {
		if got[k] != want {
			t.Errorf("%s: got %q, want %q", k, got[k], want)
		}
	}
}

// TestShippedAdmin1Urdu checks the shipped provinces against the shipped
// table: each has the table's name without the word for province, in
// Urdu's script; the split-off provinces Natural Earth does not have get
// none.
func TestShippedAdmin1Urdu(t *testing.T) {
	names, err := readNENames("../../data/sources/ne_names_ur.tsv")
	if err != nil {
		t.Fatal(err)
	}
	fc, err := readFC("../../data/outer_admin1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var none []string
	for _, f := range fc.Features {
		name := str(f.Properties, "name")
		ur, ok := f.Properties["name_ur"]
		if !ok {
			t.Errorf("%s: no name_ur property (null when there is no name)", name)
		}
		s, _ := ur.(string)
		if ur != nil && s == "" {
			t.Errorf("%s: name_ur %v, want a name or null", name, ur)
		}
		if want := names.provinceNameUr(name); s != want {
			t.Errorf("%s: name_ur %q, want %q", name, s, want)
		}
		if strings.HasPrefix(s, "صوبہ") || strings.HasSuffix(s, "صوبہ") {
			t.Errorf("%s: name_ur %q keeps the word for province", name, s)
		}
		if !arabicScript(s) {
			t.Errorf("%s: name_ur %q is not in Arabic script", name, s)
		}
		if s == "" {
			none = append(none, name)
		} else {
			got[name] = s
		}
	}
	for name, want := range map[string]string{"Sindh": "سندھ", "Punjab": "پنجاب", "Sistan and Baluchestan": "سیستان و بلوچستان",
		"Kandahar": "قندھار", "Helmand": "ہلمند", "Islamabad": "اسلام آباد", "Zabul": "زابل", "Yazd": "یزد", "Laghman": "لاگھمان"} {
		if got[name] != want {
			t.Errorf("%s: name_ur %q, want %q", name, got[name], want)
		}
	}
	slices.Sort(none)
	if len(got) != 47 || strings.Join(none, "|") != "Daykundi|Panjshir" {
		t.Errorf("%d provinces named in Urdu, none for %q; want 47, Daykundi and Panjshir", len(got), none)
	}
}
