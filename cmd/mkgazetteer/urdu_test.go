package main

import (
	"testing"

	"github.com/paulmach/orb"
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
