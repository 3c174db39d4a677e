package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestUrduName(t *testing.T) {
	for _, c := range []struct {
		latin string
		forms []string
		want  string
	}{
		// Urdu's heh goal beats Persian's heh.
		{"Abdullah", []string{"عبدالله", "عبد اللہ"}, "عبد اللہ"},
		// Arabic kaf and yeh are not Urdu; the form with Urdu's letters is.
		{"Sokal", []string{"سوكال", "سوکال"}, "سوکال"},
		// Sindhi's kaf is not Urdu.
		{"Kunri", []string{"ڪنري", "کنری"}, "کنری"},
		// Urdu's word for district is dropped; Persian, Pashto, Sindhi and
		// Arabic forms are not taken.
		{"Quetta", []string{"ناحیه کوئته", "ضلع کوئٹہ", "د کوټه ولسوالۍ", "ڪوئيٽا ضلعو"}, "کوئٹہ"},
		{"Chagai", []string{"ناحية شاغي", "بخش چاغی", "ضلع چاغی", "د چاغي ولسوالۍ"}, "چاغی"},
		// Persian's zero-width non-joiner.
		{"Nok Kundi", []string{"نوک\u200cکندی", "نوک کنڈی"}, "نوک کنڈی"},
		// Equal forms: the number of words closest to the Latin name's, then the first.
		{"Muhammad Ali", []string{"محمد علي", "محمد علی کلی", "محمد علی"}, "محمد علی"},
		{"Awaran", []string{"آواران", "آوران"}, "آواران"},
		// The form that sounds like the Latin name, not another language's
		// transliteration of it.
		{"Gwādar", []string{"Gwadar", "جوادر", "كوادر", "گوادر", "گوادار"}, "گوادر"},
		{"Chaman", []string{"شامان", "شمن", "چمن", "Caman"}, "چمن"},
		{"Zhob", []string{"زوب", "ژوب", "ږوب"}, "ژوب"},
		{"Mastung", []string{"مستونك", "موستنگ", "مستونگ", "مسٹانگ"}, "مستونگ"},
		// Uyghur's initial hamza is not Urdu.
		{"Islamabad", []string{"ئیسلاماباد", "اسلام آباد", "اسلام اباد"}, "اسلام آباد"},
		// Latin and other scripts are never Urdu; none left gives "".
		{"Turbat", []string{"Turbat", "trbt", "TUK"}, ""},
		{"Jhang", []string{"جهنك"}, ""},
		{"Nowhere", nil, ""},
	} {
		if got := urduName(c.latin, c.forms); got != c.want {
			t.Errorf("urduName(%q, %q) = %q, want %q", c.latin, c.forms, got, c.want)
		}
	}
}

// TestHQUrdu: a district without an Urdu name takes its headquarters town's
// when it is named after the town, and only then.
func TestHQUrdu(t *testing.T) {
	hq := orb.Point{67.72562, 30.38244}
	for _, c := range []struct {
		why  string
		d    district
		p    orb.Point
		name string
		alts []string
		want string
	}{
		{"same name, diacritics folded", district{CommonName: "Ziarat", Name: "Ziarat", HQPoint: hq}, hq, "Ziārat", nil, "زیارت"},
		{"an alternate name of the town", district{CommonName: "Surab", Name: "Shaheed Sikandarabad", HQPoint: hq}, hq, "Soorab", []string{"Surab"}, "زیارت"},
		{"within 0.01°", district{CommonName: "Ziarat", HQPoint: hq}, orb.Point{hq[0] + 0.009, hq[1] - 0.009}, "Ziarat", nil, "زیارت"},
		{"a town of that name elsewhere", district{CommonName: "Ziarat", HQPoint: hq}, orb.Point{hq[0] + 0.02, hq[1]}, "Ziarat", nil, ""},
		{"headquarters named otherwise", district{CommonName: "Kachhi", HQPoint: hq}, hq, "Dhadar", []string{"Dadhar"}, ""},
		{"no headquarters point", district{CommonName: "Ziarat"}, orb.Point{}, "Ziarat", nil, ""},
		{"the district's own name kept", district{CommonName: "Ziarat", HQPoint: hq, NameUr: "زيارت"}, hq, "Ziarat", nil, "زيارت"},
	} {
		d := c.d
		hqUrdu([]*district{&d}, c.p, c.name, c.alts, "زیارت")
		if d.NameUr != c.want {
			t.Errorf("%s: NameUr = %q, want %q", c.why, d.NameUr, c.want)
		}
	}
}

// TestTehsilUrdu: a tehsil takes the Urdu name of a place in it that bears
// its name, the seat of highest rank, then the most populous, then the
// first by id.
func TestTehsilUrdu(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}})
	f.Properties = geojson.Properties{"pcode": "PK1", "name": "Dhadar", "alt_names": []any{"Dadhar"}, "district_id": "kachhi"}
	fc.Append(f)
	for _, c := range []struct {
		why    string
		places []urduSeat // name is the place's, alt names none
		want   string
	}{
		{"no place of its name", []urduSeat{{ur: "مچھ", rank: 4, name: "Mach", id: "1"}}, ""},
		{"diacritics and an alternate name", []urduSeat{{ur: "دھادر", rank: 1, name: "Dādhar", id: "1"}}, "دھادر"},
		{"the seat of higher rank", []urduSeat{{ur: "دھادر", rank: 4, name: "Dhadar", id: "2"}, {ur: "دادر", rank: 1, pop: 9000, name: "Dhadar", id: "1"}}, "دھادر"},
		{"then the most populous", []urduSeat{{ur: "دادر", rank: 1, pop: 10, name: "Dhadar", id: "1"}, {ur: "دھادر", rank: 1, pop: 500, name: "Dhadar", id: "2"}}, "دھادر"},
		{"then the first by id", []urduSeat{{ur: "دادر", rank: 1, name: "Dhadar", id: "2"}, {ur: "دھادر", rank: 1, name: "Dhadar", id: "1"}}, "دھادر"},
	} {
		ts := tehsilShapes(fc)
		for _, p := range c.places {
			tehsilUrdu(ts[0], p, p.name, nil)
		}
		got := ""
		if ts[0].nameUr != nil {
			got = ts[0].nameUr.ur
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.why, got, c.want)
		}
	}
	if featureRank("PPLA") <= featureRank("PPLA2") || featureRank("PPLA2") <= featureRank("PPL") || featureRank("PPL") <= featureRank("PPLQ") {
		t.Error("featureRank: want PPLA > PPLA2 > PPL > PPLQ")
	}
}

// TestShippedTehsilsUrdu: the shipped tehsils have Urdu names in Arabic
// script; the seat's, or the district's when they share a name; and the
// mistranslations of Drug are gone from the places.
func TestShippedTehsilsUrdu(t *testing.T) {
	fc, err := readFC(filepath.Join("..", "..", "data", "tehsils.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	ur := map[string]string{}
	for _, f := range fc.Features {
		if s, ok := f.Properties["name_ur"].(string); ok {
			if !arabicScript(s) {
				t.Errorf("tehsil %s: name_ur %q is not in Arabic script", str(f.Properties, "name"), s)
			}
			ur[str(f.Properties, "name")] = s
		}
	}
	for name, want := range map[string]string{"Panjgur": "پنجگور", "Jiwani": "جیوانی", "Kalat": "قلات", "Pishin": "پشین", "Drug": "", "Quetta City": ""} {
		if ur[name] != want {
			t.Errorf("tehsil %s: name_ur %q, want %q", name, ur[name], want)
		}
	}
	places, err := os.ReadFile(filepath.Join("..", "..", "data", "places.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	drug := 0
	for _, line := range strings.Split(string(places), "\n") {
		if cols := strings.Split(line, "\t"); len(cols) > 2 && cols[1] == "Drug" {
			drug++
			if strings.Contains(line, "دارو") || strings.Contains(line, "عقار") {
				t.Errorf("places.tsv: Drug keeps its mistranslated names: %s", line)
			}
		}
	}
	if drug == 0 {
		t.Error("places.tsv: no place named Drug")
	}
}
