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

// TestSeatUrdu: an area takes the Urdu name of a place in it that bears its
// name, the seat of highest rank, then the most populous, then the first by
// id.
func TestSeatUrdu(t *testing.T) {
	fc := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}})
	f.Properties = geojson.Properties{"pcode": "PK1", "name": "Dhadar", "alt_names": []any{"Dadhar"}, "district_id": "kachhi"}
	fc.Append(f)
	type place struct {
		name string
		seat urduSeat
	}
	for _, c := range []struct {
		why    string
		places []place
		want   string
	}{
		{"no place of its name", []place{{"Mach", urduSeat{ur: "مچھ", rank: 4, id: "1"}}}, ""},
		{"diacritics and an alternate name", []place{{"Dādhar", urduSeat{ur: "دھادر", rank: 1, id: "1"}}}, "دھادر"},
		{"the seat of higher rank", []place{{"Dhadar", urduSeat{ur: "دھادر", rank: 4, id: "2"}}, {"Dhadar", urduSeat{ur: "دادر", rank: 1, pop: 9000, id: "1"}}}, "دھادر"},
		{"then the most populous", []place{{"Dhadar", urduSeat{ur: "دادر", rank: 1, pop: 10, id: "1"}}, {"Dhadar", urduSeat{ur: "دھادر", rank: 1, pop: 500, id: "2"}}}, "دھادر"},
		{"then the first by id", []place{{"Dhadar", urduSeat{ur: "دادر", rank: 1, id: "2"}}, {"Dhadar", urduSeat{ur: "دھادر", rank: 1, id: "1"}}}, "دھادر"},
	} {
		ts := tehsilShapes(fc)
		for _, p := range c.places {
			seatUrdu(ts[0], p.seat, p.name, nil)
		}
		got := ""
		if ts[0].nameUr != nil {
			got = ts[0].nameUr.ur
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.why, got, c.want)
		}
	}
	// A tehsil that bears its district's name takes the district's Urdu
	// name over its seat's; one named otherwise keeps its seat's.
	for _, c := range []struct {
		district district
		want     any
	}{
		{district{ID: "kachhi", CommonName: "Dhadar", NameUr: "دادر"}, "دادر"},
		{district{ID: "kachhi", CommonName: "Kachhi", NameUr: "کچھی"}, "دھادر"},
		{district{ID: "kachhi", CommonName: "Dhadar"}, "دھادر"},
	} {
		ts := tehsilShapes(fc)
		seatUrdu(ts[0], urduSeat{ur: "دھادر", rank: 1, id: "1"}, "Dhadar", nil)
		if n := tehsilNamesUr(fc, ts, []*district{&c.district}); n != 1 || fc.Features[0].Properties["name_ur"] != c.want {
			t.Errorf("district %+v: %d named, name_ur %v, want %v", c.district, n, fc.Features[0].Properties["name_ur"], c.want)
		}
	}
	if featureRank("PPLA") <= featureRank("PPLA2") || featureRank("PPLA2") <= featureRank("PPL") || featureRank("PPL") <= featureRank("PPLQ") {
		t.Error("featureRank: want PPLA > PPLA2 > PPL > PPLQ")
	}
}

// TestShippedSeatUrdu: the shipped tehsils have Urdu names in Arabic
// script, the seat's or the district's when they share a name; districts
// without a name of their own have their seat's; and the mistranslations of
// Drug are gone from the places.
func TestShippedSeatUrdu(t *testing.T) {
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
	// Districts keep the Urdu name of their own sources (Kalat قلات, where
	// the town Kelat is کیلات); those without one take their seat's.
	dfc, err := readFC(filepath.Join("..", "..", "data", "districts.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	dur := map[string]any{}
	for _, f := range dfc.Features {
		dur[str(f.Properties, "id")] = f.Properties["name_ur"]
	}
	for id, want := range map[string]any{"kalat": "قلات", "ziarat": "زیارت", "surab": "سوراب", "jafarabad": "جعفرآباد", "kachhi": nil, "hub": nil} {
		if dur[id] != want {
			t.Errorf("district %s: name_ur %v, want %v", id, dur[id], want)
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
