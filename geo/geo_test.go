package geo_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geotest"
	"github.com/paulmach/orb"
)

func mustGazetteer(tb testing.TB) *geo.Gazetteer {
	tb.Helper()
	return geotest.Gazetteer(tb)
}

func TestGeocodeNames(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		q, restrict string
		name        string // want name of the best candidate ("" = don't check)
		kind        geo.Kind
		district    string
	}{
		// Districts under their own names, transliterations and aliases.
		{q: "Kech", kind: geo.KindDistrict, district: "kech"},
		{q: "Kej", kind: geo.KindDistrict, district: "kech"},
		{q: "Turbat district", kind: geo.KindDistrict, district: "kech"},
		{q: "Panjgur", kind: geo.KindDistrict, district: "panjgur"},
		{q: "Panjgoor", kind: geo.KindDistrict, district: "panjgur"},
		{q: "the Awaran district", kind: geo.KindDistrict, district: "awaran"},
		{q: "Awaran", kind: geo.KindDistrict, district: "awaran"},
		{q: "Kharan", kind: geo.KindDistrict, district: "kharan"},
		{q: "Kharaan", kind: geo.KindDistrict, district: "kharan"},
		{q: "Quetta", kind: geo.KindDistrict, district: "quetta"},
		{q: "Hub", kind: geo.KindDistrict, district: "hub"},
		{q: "Hub Chowki", kind: geo.KindDistrict, district: "hub"},
		{q: "Surab", kind: geo.KindDistrict, district: "surab"},
		{q: "Soorab", kind: geo.KindDistrict, district: "surab"},
		{q: "Shaheed Sikandarabad", kind: geo.KindDistrict, district: "surab"},
		{q: "Qila Abdullah", kind: geo.KindDistrict, district: "killa-abdullah"},
		{q: "Killa Abdullah", kind: geo.KindDistrict, district: "killa-abdullah"},
		{q: "Qilla Saifullah", kind: geo.KindDistrict, district: "killa-saifullah"},
		{q: "Kila Saifulla", kind: geo.KindDistrict, district: "killa-saifullah"},
		{q: "Khuzdar", kind: geo.KindDistrict, district: "khuzdar"},
		{q: "KHUZDAAR", kind: geo.KindDistrict, district: "khuzdar"},
		{q: "Bolan", kind: geo.KindDistrict, district: "kachhi"},
		{q: "Kachhi", kind: geo.KindDistrict, district: "kachhi"},
		{q: "Las Bela", kind: geo.KindDistrict, district: "lasbela"},
		{q: "Lasbela", kind: geo.KindDistrict, district: "lasbela"},
		{q: "Gwadar", kind: geo.KindDistrict, district: "gwadar"},
		{q: "Gawadar", kind: geo.KindDistrict, district: "gwadar"},
		{q: "Dera Bugti", kind: geo.KindDistrict, district: "dera-bugti"},
		{q: "Derabugti", kind: geo.KindDistrict, district: "dera-bugti"},
		{q: "Kohlu", kind: geo.KindDistrict, district: "kohlu"},
		{q: "Kholu", kind: geo.KindDistrict, district: "kohlu"},
		{q: "Barkhan", kind: geo.KindDistrict, district: "barkhan"},
		{q: "Loralai", kind: geo.KindDistrict, district: "loralai"},
		{q: "Zhob", kind: geo.KindDistrict, district: "zhob"},
		{q: "Zhob's", kind: geo.KindDistrict, district: "zhob"},
		{q: "Sherani", kind: geo.KindDistrict, district: "sherani"},
		{q: "Musa Khel", kind: geo.KindDistrict, district: "musakhel"},
		{q: "Ziarat", kind: geo.KindDistrict, district: "ziarat"},
		{q: "Harnai", kind: geo.KindDistrict, district: "harnai"},
		{q: "Sibbi", kind: geo.KindDistrict, district: "sibi"},
		{q: "Noshki", kind: geo.KindDistrict, district: "nushki"},
		{q: "Chaman", kind: geo.KindDistrict, district: "chaman"},
		{q: "Pishin", kind: geo.KindDistrict, district: "pishin"},
		{q: "Mastung", kind: geo.KindDistrict, district: "mastung"},
		{q: "Qalat", kind: geo.KindDistrict, district: "kalat"},
		{q: "Washuk", kind: geo.KindDistrict, district: "washuk"},
		{q: "Jaffarabad", kind: geo.KindDistrict, district: "jafarabad"},
		{q: "Naseerabad", kind: geo.KindDistrict, district: "nasirabad"},
		{q: "Usta Mohammad", kind: geo.KindDistrict, district: "usta-muhammad"},
		{q: "Sohbat Pur", kind: geo.KindDistrict, district: "sohbatpur"},
		{q: "Jhal Magsi", kind: geo.KindDistrict, district: "jhal-magsi"},
		{q: "Dukki", kind: geo.KindDistrict, district: "duki"},
		{q: "Lehri", kind: geo.KindDistrict, district: "lehri"},
		{q: "Chaghi", kind: geo.KindDistrict, district: "chagai"},
		// The province.
		{q: "Balochistan", kind: geo.KindProvince},
		{q: "Baluchistan", kind: geo.KindProvince},
		{q: "بلوچستان", kind: geo.KindProvince},
		// Tehsils named in reports.
		{q: "Gichk", kind: geo.KindTehsil, district: "panjgur"},
		{q: "Zehri", kind: geo.KindTehsil, district: "khuzdar"},
		{q: "Dasht", kind: geo.KindTehsil, district: "kech"},
		{q: "Parom", kind: geo.KindTehsil, district: "panjgur"},
		{q: "Wadh", kind: geo.KindTehsil, district: "khuzdar"},
		{q: "Panjgur tehsil", kind: geo.KindTehsil, district: "panjgur"},
		// Towns, including ambiguous names resolved by the data's ranking.
		{q: "Turbat", name: "Turbat", kind: geo.KindTown, district: "kech"},
		{q: "Tump", name: "Tump", kind: geo.KindTown, district: "kech"},
		{q: "Tump", restrict: "kharan", name: "Tump", kind: geo.KindVillage, district: "kharan"},
		{q: "Mand", kind: geo.KindTown, district: "kech"},
		{q: "Buleda", kind: geo.KindTown, district: "kech"},
		{q: "Jhal Jhao", kind: geo.KindTown, district: "awaran"},
		{q: "Mashkai", kind: geo.KindTown, district: "awaran"},
		{q: "Pasni", kind: geo.KindTown, district: "gwadar"},
		{q: "Jiwani", kind: geo.KindTown, district: "gwadar"},
		{q: "Ormara", kind: geo.KindTown, district: "gwadar"},
		{q: "Sui", kind: geo.KindTown, district: "dera-bugti"},
		{q: "Mach", kind: geo.KindTown, district: "kachhi"},
		{q: "Dadhar", kind: geo.KindTown, district: "kachhi"},
		{q: "Dalbandin", kind: geo.KindTown, district: "chagai"},
		{q: "Nok Kundi", kind: geo.KindTown, district: "chagai"},
		{q: "Nokkundi", kind: geo.KindTown, district: "chagai"},
		{q: "Taftan", kind: geo.KindTown, district: "chagai"},
		{q: "Uthal", kind: geo.KindTown, district: "lasbela"},
		{q: "Bela", kind: geo.KindTown, district: "lasbela"},
		{q: "Naal", kind: geo.KindTown, district: "khuzdar"},
		{q: "Dera Murad Jamali", kind: geo.KindTown, district: "nasirabad"},
		{q: "Gandava", kind: geo.KindTown, district: "jhal-magsi"},
		{q: "Hoshab", kind: geo.KindVillage, district: "kech"},
		{q: "Khuzdar town", kind: geo.KindTown, district: "khuzdar"},
		// Misspellings.
		{q: "Panjgure", kind: geo.KindDistrict, district: "panjgur"},
		{q: "Khuzdr", kind: geo.KindDistrict, district: "khuzdar"},
		{q: "Kharn", kind: geo.KindDistrict, district: "kharan"},
		{q: "Mastang", kind: geo.KindDistrict, district: "mastung"},
		{q: "Lorali", kind: geo.KindDistrict, district: "loralai"},
	}
	districts := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.q+"/"+tt.restrict, func(t *testing.T) {
			cs, err := g.Geocode(tt.q, geo.GeocodeOptions{District: tt.restrict})
			if err != nil {
				t.Fatalf("Geocode(%q): %v", tt.q, err)
			}
			c := cs[0]
			if c.Kind != tt.kind || c.DistrictID != tt.district || (tt.name != "" && c.Name != tt.name) {
				t.Errorf("Geocode(%q)[0] = %s %q in %q, want %s %q in %q", tt.q, c.Kind, c.Name, c.DistrictID, tt.kind, tt.name, tt.district)
			}
			for i := 1; i < len(cs); i++ {
				if cs[i].Score > cs[i-1].Score {
					t.Errorf("candidates not ranked: %v after %v", cs[i].Score, cs[i-1].Score)
				}
			}
			if c.Kind != geo.KindProvince {
				if res, _ := g.Reverse(c.Point); res.DistrictID != c.DistrictID {
					t.Errorf("point %v of %q lies in %q, want %q", c.Point, c.Name, res.DistrictID, c.DistrictID)
				}
			}
		})
		districts[tt.district] = true
	}
	if len(tests) < 60 || len(districts) < 20 {
		t.Errorf("table covers %d names in %d districts, want >= 60 in >= 20", len(tests), len(districts))
	}
}

func TestGeocodePrecision(t *testing.T) {
	g := mustGazetteer(t)
	for q, want := range map[string]geo.Precision{
		"Balochistan": geo.PrecisionProvince, "Kech": geo.PrecisionDistrict, "Gichk": geo.PrecisionTehsil,
		"Turbat": geo.PrecisionTown, "Hoshab": geo.PrecisionTown,
	} {
		cs, err := g.Geocode(q, geo.GeocodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if cs[0].Precision != want {
			t.Errorf("Geocode(%q) precision %s, want %s", q, cs[0].Precision, want)
		}
	}
}

func TestGeocodeAmbiguous(t *testing.T) {
	g := mustGazetteer(t)
	cs, err := g.Geocode("Tump", geo.GeocodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]bool{}
	for _, c := range cs {
		in[c.DistrictID] = true
	}
	for _, d := range []string{"kech", "kharan", "washuk"} {
		if !in[d] {
			t.Errorf("Tump candidates miss district %s: %+v", d, cs)
		}
	}
	cs, err = g.Geocode("Tump", geo.GeocodeOptions{District: "Washuk"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.DistrictID != "washuk" {
			t.Errorf("restricted to Washuk, got candidate in %s", c.DistrictID)
		}
	}
	if _, err := g.Geocode("Turbat", geo.GeocodeOptions{District: "zhob"}); !errors.Is(err, geo.ErrNoMatch) {
		t.Errorf("Turbat in Zhob: err %v, want ErrNoMatch", err)
	}
	cs, _ = g.Geocode("Tump", geo.GeocodeOptions{Limit: 2})
	if len(cs) != 2 {
		t.Errorf("Limit 2 gave %d candidates", len(cs))
	}
}

func TestGeocodeBadInput(t *testing.T) {
	g := mustGazetteer(t)
	tests := map[string]struct {
		q    string
		opt  geo.GeocodeOptions
		want error
	}{
		"empty":            {q: "", want: geo.ErrBadQuery},
		"spaces":           {q: "   \t", want: geo.ErrBadQuery},
		"punctuation":      {q: "?!.", want: geo.ErrBadQuery},
		"10 MB":            {q: strings.Repeat("a", 10<<20), want: geo.ErrBadQuery},
		"invalid UTF-8":    {q: "Tur\xffbat", want: geo.ErrBadQuery},
		"unknown district": {q: "Tump", opt: geo.GeocodeOptions{District: "Atlantis"}, want: geo.ErrBadQuery},
		"no such place":    {q: "Xqzvwy", want: geo.ErrNoMatch},
		"only stop words":  {q: "the", want: geo.ErrNoMatch},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := g.Geocode(tt.q, tt.opt)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReverse(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		name     string
		p        orb.Point
		district string // district id; for a point outside Balochistan, its own district (Pakistan) or none
		region   string // "" = beyond the mapped region
		country  string
		admin1   string
	}{
		{"Turbat", orb.Point{63.0485, 26.0012}, "kech", geo.RegionBalochistan, "PK", "Balochistan"},
		{"CLI example", orb.Point{63.05, 26.0}, "kech", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Quetta", orb.Point{66.99, 30.19}, "quetta", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Gwadar port", orb.Point{62.33, 25.13}, "gwadar", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Panjgur", orb.Point{64.09, 26.97}, "panjgur", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Awaran", orb.Point{65.23, 26.46}, "awaran", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Zhob", orb.Point{69.45, 31.34}, "zhob", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Dera Bugti", orb.Point{69.15, 29.03}, "dera-bugti", geo.RegionBalochistan, "PK", "Balochistan"},
		{"Karachi (Sindh)", orb.Point{67.01, 24.86}, "south-karachi", geo.RegionOutside, "PK", "Sindh"},
		{"Jacobabad (Sindh)", orb.Point{68.44, 28.28}, "jacobabad", geo.RegionOutside, "PK", "Sindh"},
		{"Dera Ghazi Khan (Punjab)", orb.Point{70.64, 30.05}, "dera-ghazi-khan", geo.RegionOutside, "PK", "Punjab"},
		{"Dera Ismail Khan (KP)", orb.Point{70.90, 31.83}, "d-i-khan", geo.RegionOutside, "PK", "Khyber Pakhtunkhwa"},
		{"Kandahar (Afghanistan)", orb.Point{65.71, 31.61}, "", geo.RegionOutside, "AF", "Kandahar"},
		{"Zahedan (Iran)", orb.Point{60.86, 29.49}, "", geo.RegionOutside, "IR", "Sistan and Baluchestan"},
		{"Chabahar (Iran)", orb.Point{60.64, 25.29}, "", geo.RegionOutside, "IR", "Sistan and Baluchestan"},
		{"Arabian Sea", orb.Point{64.0, 24.5}, "", "", "", ""},
		{"Null Island", orb.Point{0, 0}, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := g.Reverse(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if res.DistrictID != tt.district || res.Region != tt.region || res.Country != tt.country || res.Admin1 != tt.admin1 ||
				res.Inside != (tt.region == geo.RegionBalochistan) {
				t.Errorf("Reverse(%v) = %+v, want district %q in %s/%s/%s", tt.p, res, tt.district, tt.region, tt.country, tt.admin1)
			}
			if res.Inside && res.Tehsil == "" {
				t.Errorf("Reverse(%v) has no tehsil", tt.p)
			}
			if !res.Inside {
				if _, ok := g.District(res.DistrictID); ok {
					t.Errorf("Reverse(%v) outside Balochistan gave a Balochistan district %q", tt.p, res.DistrictID)
				}
			}
		})
	}
}

// TestReverseBorders steps across shared district boundaries: a point just
// on each side of the middle of a shared edge must fall in the district on
// that side.
func TestReverseBorders(t *testing.T) {
	g := mustGazetteer(t)
	ds := g.Districts()
	type edge struct{ a, b orb.Point }
	owner := map[edge]string{}
	checked := 0
	for _, d := range ds {
		for _, poly := range d.Geometry {
			for _, ring := range poly {
				for i := 1; i < len(ring); i++ {
					a, b := ring[i-1], ring[i]
					other, shared := owner[edge{b, a}]
					if !shared {
						other, shared = owner[edge{a, b}]
					}
					if !shared {
						owner[edge{a, b}] = d.ID
						continue
					}
					if other == d.ID {
						continue
					}
					dx, dy := b[0]-a[0], b[1]-a[1]
					l := math.Hypot(dx, dy)
					if l < 0.01 {
						continue
					}
					m := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
					n := orb.Point{-dy / l * 1e-4, dx / l * 1e-4} // about 10 m
					r1, _ := g.Reverse(orb.Point{m[0] + n[0], m[1] + n[1]})
					r2, _ := g.Reverse(orb.Point{m[0] - n[0], m[1] - n[1]})
					got := map[string]bool{r1.DistrictID: true, r2.DistrictID: true}
					if !got[d.ID] || !got[other] {
						t.Errorf("edge %v-%v between %s and %s: sides give %s and %s", a, b, d.ID, other, r1.DistrictID, r2.DistrictID)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d shared edges", checked)
	}
}

func TestReverseBadPoint(t *testing.T) {
	g := mustGazetteer(t)
	for _, p := range []orb.Point{{math.NaN(), 26}, {63, math.NaN()}, {math.Inf(1), 0}, {181, 0}, {0, -91}} {
		if _, err := g.Reverse(p); !errors.Is(err, geo.ErrBadPoint) {
			t.Errorf("Reverse(%v) err = %v, want ErrBadPoint", p, err)
		}
	}
}

func TestParsePoint(t *testing.T) {
	tests := []struct {
		in   string
		want orb.Point
		ok   bool
	}{
		{"63.05,26.0", orb.Point{63.05, 26}, true},
		{" 63.05 , 26.0 ", orb.Point{63.05, 26}, true},
		{"-180,-90", orb.Point{-180, -90}, true},
		{"63.05", orb.Point{}, false},
		{"NaN,26", orb.Point{}, false},
		{"63,95", orb.Point{}, false},
		{"east,north", orb.Point{}, false},
		{"1e400,0", orb.Point{}, false},
		{"", orb.Point{}, false},
	}
	for _, tt := range tests {
		got, err := geo.ParsePoint(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParsePoint(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, geo.ErrBadPoint) {
			t.Errorf("ParsePoint(%q) error %v does not wrap ErrBadPoint", tt.in, err)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][]string{
		{"Qila Abdullah", "Killa Abdullah", "Qilla Abdullah", "Kila Abdulla", "QILA-ABDULLAH"},
		{"Panjgur", "Panjgoor", "Panj Gur", "the Panjgur district"},
		{"Dera Bugti", "Derabugti", "Dera-Bugti"},
		{"Naseerabad", "Nasirabad", "Nasir abad"},
		{"Awārān", "Awaran", "Awaraan"},
		{"Sibi", "Sibbi", "Sibi city"},
		{"Zhob", "Zhob's", "Zhob’s", "Zhob tehsil"},
		{"Khuzdar", "Khuẕdār"},
		{"the", "t he", "THE"}, // issue 15: a key is its own key
		{"of", "off", "o f"},
	}
	for _, group := range same {
		k0, _ := geo.Key(group[0])
		for _, s := range group[1:] {
			if k, _ := geo.Key(s); k != k0 {
				t.Errorf("Key(%q) = %q, Key(%q) = %q; want equal", s, k, group[0], k0)
			}
		}
	}
	if _, h := geo.Key("the Awaran district"); h != geo.HintDistrict {
		t.Errorf("hint of 'the Awaran district' = %v, want HintDistrict", h)
	}
	if _, h := geo.Key("Turbat city"); h != geo.HintTown {
		t.Errorf("hint of 'Turbat city' = %v, want HintTown", h)
	}
	if a, _ := geo.Key("Kech"); a == "" {
		t.Error("empty key for Kech")
	}
	if a, _ := geo.Key("Kalat"); a == func() string { k, _ := geo.Key("Kharan"); return k }() {
		t.Error("different names share a key")
	}
}

func TestParseText(t *testing.T) {
	g := mustGazetteer(t)
	type want struct {
		text, district string
		kind           geo.Kind
	}
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"seed districts", "The BLF said it attacked checkpoints across several districts, including Panjgur, Kech, and Kharan, late on Tuesday.",
			[]want{{"Panjgur", "panjgur", geo.KindDistrict}, {"Kech", "kech", geo.KindDistrict}, {"Kharan", "kharan", geo.KindDistrict}}},
		{"Awaran district", "ISPR said a Major and three militants were killed in a clash in the Awaran district.",
			[]want{{"Awaran", "awaran", geo.KindDistrict}}},
		{"province only", "Gunmen killed nine passengers from Punjab somewhere in Balochistan.",
			[]want{{"Balochistan", "", geo.KindProvince}}},
		{"towns and context", "A blast near Hoshab in Turbat killed two; militants attacked a post in Tump.",
			[]want{{"Hoshab", "kech", geo.KindVillage}, {"Turbat", "kech", geo.KindTown}, {"Tump", "kech", geo.KindTown}}},
		{"no places", "The group has long attacked convoys, its spokesman said.", nil},
		{"possessive", "In Zhob's Sur-Dakai area, buses were stopped.", []want{{"Zhob", "zhob", geo.KindDistrict}}},
		{"multiword", "Fighting was reported in Dera Bugti and Qila Saifullah.",
			[]want{{"Dera Bugti", "dera-bugti", geo.KindDistrict}, {"Qila Saifullah", "killa-saifullah", geo.KindDistrict}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := g.Parse(tt.text)
			if len(ms) != len(tt.want) {
				t.Fatalf("Parse found %d places %+v, want %d", len(ms), ms, len(tt.want))
			}
			for i, m := range ms {
				w := tt.want[i]
				if m.Text != w.text || tt.text[m.Start:m.End] != m.Text || m.Candidate.DistrictID != w.district || m.Candidate.Kind != w.kind {
					t.Errorf("mention %d = %q [%d:%d] %s in %q, want %q %s in %q", i, m.Text, m.Start, m.End, m.Candidate.Kind, m.Candidate.DistrictID, w.text, w.kind, w.district)
				}
			}
		})
	}
}

func TestParseHugeAndInvalid(t *testing.T) {
	g := mustGazetteer(t)
	big := strings.Repeat("Attack in Kech. ", (10<<20)/16)
	ms := g.Parse(big)
	if len(ms) == 0 {
		t.Error("no mentions in a long text")
	}
	for _, m := range g.Parse("Kech \xff\xfe Panjgur") {
		if m.Start < 0 || m.End > len("Kech \xff\xfe Panjgur") {
			t.Errorf("offsets out of range: %+v", m)
		}
	}
}

func TestDistrictsCoverProvince(t *testing.T) {
	g := mustGazetteer(t)
	if n := len(g.Districts()); n != 37 {
		t.Errorf("%d districts, want 37", n)
	}
	if n := len(g.Tehsils()); n != 103 {
		t.Errorf("%d tehsils, want 103", n)
	}
	// The districts tile the province: their areas add up to the province's.
	area := func(mp orb.MultiPolygon) float64 {
		a := 0.0
		for _, p := range mp {
			for i, r := range p {
				s := 0.0
				for j := 1; j < len(r); j++ {
					s += r[j-1][0]*r[j][1] - r[j][0]*r[j-1][1]
				}
				if i == 0 {
					a += math.Abs(s / 2)
				} else {
					a -= math.Abs(s / 2)
				}
			}
		}
		return a
	}
	sum := 0.0
	for _, d := range g.Districts() {
		sum += area(d.Geometry)
		if res, _ := g.Reverse(d.Label); res.DistrictID != d.ID {
			t.Errorf("label point of %s lies in %q", d.ID, res.DistrictID)
		}
		if d.Pcode == "" && d.ParentPcode == "" {
			t.Errorf("district %s has neither pcode nor parent pcode", d.ID)
		}
	}
	prov := area(g.Province())
	if rel := math.Abs(sum-prov) / prov; rel > 1e-4 {
		t.Errorf("district areas sum to %.4f sq deg, province %.4f (%.3f%% apart)", sum, prov, rel*100)
	}
	for _, id := range []string{"lehri", "hub", "usta-muhammad", "surab"} {
		d, ok := g.District(id)
		if !ok || d.Note == "" {
			t.Errorf("district %s: present %v, note %q; disputed or new districts must carry a note", id, ok, d.Note)
		}
	}
}

func TestReverseNear(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		name     string
		p        orb.Point
		district string
		near     bool
	}{
		{"inside is unchanged", orb.Point{63.05, 26.0}, "kech", false},
		{"just off Gwadar's coast", orb.Point{62.33, 25.085}, "gwadar", true},
		{"Karachi is its own district", orb.Point{67.01, 24.86}, "south-karachi", false},
		{"just off Karachi's coast", orb.Point{66.98, 24.80}, "south-karachi", true},
		{"far at sea", orb.Point{64.0, 24.5}, "", false},
	}
	for _, tt := range tests {
		r, err := g.ReverseNear(tt.p, geo.BorderTolerance)
		if err != nil {
			t.Fatal(err)
		}
		if _, bal := g.District(tt.district); r.DistrictID != tt.district || r.Near != tt.near || r.Inside != bal {
			t.Errorf("%s: ReverseNear(%v) = %+v, want %q near=%v", tt.name, tt.p, r, tt.district, tt.near)
		}
		if strict, _ := g.Reverse(tt.p); tt.near && strict.Inside {
			t.Errorf("%s: Reverse(%v) must stay strict, got %+v", tt.name, tt.p, strict)
		}
	}
}

// TestGeocodeOuter: places beyond the province are located to their own
// district or province and country, never to a Balochistan district.
func TestGeocodeOuter(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		q        string
		kind     geo.Kind
		district string
		country  string
		admin1   string
	}{
		{"Karachi", geo.KindTown, "south-karachi", "PK", "Sindh"},
		{"Dera Ismail Khan", geo.KindDistrict, "d-i-khan", "PK", "Khyber Pakhtunkhwa"},
		{"D.I. Khan", geo.KindDistrict, "d-i-khan", "PK", "Khyber Pakhtunkhwa"},
		{"Dera Ghazi Khan", geo.KindTown, "dera-ghazi-khan", "PK", "Punjab"},
		{"DG Khan", geo.KindDistrict, "dera-ghazi-khan", "PK", "Punjab"},
		{"Jacobabad", geo.KindTown, "jacobabad", "PK", "Sindh"},
		{"Zahedan", geo.KindTown, "", "IR", "Sistan and Baluchestan"},
		{"Chabahar", geo.KindTown, "", "IR", "Sistan and Baluchestan"},
		{"Sistan and Baluchestan", geo.KindProvince, "", "IR", "Sistan and Baluchestan"},
		{"Kandahar", geo.KindProvince, "", "AF", "Kandahar"},
		{"Sindh", geo.KindProvince, "", "PK", "Sindh"},
	}
	for _, tt := range tests {
		cs, err := g.Geocode(tt.q, geo.GeocodeOptions{})
		if err != nil {
			t.Errorf("Geocode(%q): %v", tt.q, err)
			continue
		}
		c := cs[0]
		if c.Kind != tt.kind || c.DistrictID != tt.district || c.Country != tt.country || c.Admin1 != tt.admin1 || c.Region != geo.RegionOutside {
			t.Errorf("Geocode(%q)[0] = %s %q in %q %s/%s (%s), want %s in %q %s/%s", tt.q, c.Kind, c.Name, c.DistrictID, c.Country, c.Admin1, c.Region, tt.kind, tt.district, tt.country, tt.admin1)
		}
		pl, _ := g.ReverseNear(c.Point, geo.BorderTolerance)
		if pl.Region != geo.RegionOutside || pl.Country != tt.country || pl.Admin1 != tt.admin1 {
			t.Errorf("point %v of %q reverse-geocodes to %+v", c.Point, tt.q, pl)
		}
	}
}

// TestFuzzyCalibration holds the list MinFuzzyScore was calibrated on:
// misspellings of real places must resolve to them above the threshold,
// and names that are not in the gazetteer (foreign cities, words that news
// reports capitalise) must find no match at all.
func TestFuzzyCalibration(t *testing.T) {
	g := mustGazetteer(t)
	misspelt := map[string]string{ // query -> district of the best candidate
		"Panjgure": "panjgur", "Panjgor": "panjgur", "Khuzdr": "khuzdar", "Kharn": "kharan", "Mastang": "mastung",
		"Lorali": "loralai", "Awarn": "awaran", "Turbet": "kech", "Nushky": "nushki", "Gawader": "gwadar",
		"Jiwany": "gwadar", "Pasny": "gwadar",
	}
	for q, want := range misspelt {
		cs, err := g.Geocode(q, geo.GeocodeOptions{})
		if err != nil {
			t.Errorf("Geocode(%q): %v", q, err)
			continue
		}
		if c := cs[0]; c.DistrictID != want || c.Score < geo.MinFuzzyScore {
			t.Errorf("Geocode(%q)[0] = %q in %q, score %.3f; want %q above %.2f", q, c.Name, c.DistrictID, c.Score, want, geo.MinFuzzyScore)
		}
	}
	for _, q := range []string{"London", "Tehran", "Delhi", "Beijing", "Moscow", "Paris", "Berlin", "Washington",
		"Gunmen", "Convoy", "Camp", "Mobile", "Liberation", "Checkpost", "Soldiers", "Kachhiwala Bazaarxyz"} {
		cs, err := g.Geocode(q, geo.GeocodeOptions{})
		if !errors.Is(err, geo.ErrNoMatch) {
			t.Errorf("Geocode(%q) = %+v, %v; want no match", q, cs, err)
		}
	}
}

// TestRoutes: a route with a place is the route's stretch there.
func TestRoutes(t *testing.T) {
	g := mustGazetteer(t)
	tests := []struct {
		q, route, district string
		prec               geo.Precision
	}{
		{"N-25 near Mastung", "n-25", "mastung", geo.PrecisionRoute},
		{"on the N-25 near Mastung", "n-25", "mastung", geo.PrecisionRoute},
		{"the RCD highway near Khuzdar", "n-25", "khuzdar", geo.PrecisionRoute},
		{"N25 highway in Kalat", "n-25", "kalat", geo.PrecisionRoute},
		{"the Coastal Highway near Ormara", "n-10", "gwadar", geo.PrecisionRoute},
		{"Makran Coastal Highway near Hub", "n-10", "hub", geo.PrecisionRoute},
		{"N-40 in Nushki", "n-40", "nushki", geo.PrecisionRoute},
		{"N-65 near Sibi", "n-65", "sibi", geo.PrecisionRoute},
		{"N-70 near Dera Ghazi Khan", "n-70", "dera-ghazi-khan", geo.PrecisionRoute},
		{"RCD Highway", "n-25", "", geo.PrecisionProvince},
		{"N-85", "n-85", "", geo.PrecisionProvince},
	}
	for _, tt := range tests {
		cs, err := g.Geocode(tt.q, geo.GeocodeOptions{})
		if err != nil {
			t.Errorf("Geocode(%q): %v", tt.q, err)
			continue
		}
		c := cs[0]
		rid, _, _ := strings.Cut(c.ID, "/")
		if c.Kind != geo.KindRoute || rid != tt.route || c.DistrictID != tt.district || c.Precision != tt.prec || c.Line == nil {
			t.Errorf("Geocode(%q)[0] = %s %q (%s) in %q at %s, line %v; want route %s in %q at %s", tt.q, c.Kind, c.Name, c.ID, c.DistrictID, c.Precision, c.Line != nil, tt.route, tt.district, tt.prec)
			continue
		}
		if tt.district != "" {
			if pl, _ := g.ReverseNear(c.Point, geo.BorderTolerance); pl.DistrictID != tt.district {
				t.Errorf("Geocode(%q): point %v lies in %q", tt.q, c.Point, pl.DistrictID)
			}
		}
	}
	// A route that does not pass the place named: the place is the answer.
	cs, err := g.Geocode("N-25 near Turbat", geo.GeocodeOptions{})
	if err != nil || cs[0].Kind == geo.KindRoute || cs[0].DistrictID != "kech" {
		t.Errorf("Geocode(N-25 near Turbat) = %+v, %v; want Turbat itself", cs, err)
	}
	// Restricted to a district, every answer lies in it: a route with a
	// place it names nothing of ("N25 near ") is its stretch in the
	// district, or no match where it does not pass; a place the route does
	// not pass is no match outside the district.
	for _, c := range []struct{ q, district, want string }{
		{"N25 near ", "khuzdar", "khuzdar"},
		{"N25 near ", "kech", ""},
		{"N-25 near Turbat", "kech", "kech"},
		{"N-25 near Turbat", "khuzdar", ""},
	} {
		cs, err := g.Geocode(c.q, geo.GeocodeOptions{District: c.district})
		switch {
		case c.want == "" && !errors.Is(err, geo.ErrNoMatch):
			t.Errorf("Geocode(%q, district %s) = %+v, %v; want no match", c.q, c.district, cs, err)
		case c.want != "" && (err != nil || len(cs) != 1 || cs[0].DistrictID != c.want):
			t.Errorf("Geocode(%q, district %s) = %+v, %v; want one answer in %s", c.q, c.district, cs, err, c.want)
		}
	}
	// Every stretch's middle lies in the stretch's own district or province,
	// and the whole route's point lies in a known unit (the N-10's drawn
	// midpoint is at sea).
	for _, rt := range g.Routes() {
		if cs, err := g.Geocode(rt.Name, geo.GeocodeOptions{Limit: 1}); err != nil || cs[0].Kind != geo.KindRoute || cs[0].Region == "" {
			t.Errorf("Geocode(%q) = %+v, %v; want the route, located", rt.Name, cs, err)
		}
		if len(rt.Stretches) == 0 {
			t.Errorf("route %s has no stretches", rt.ID)
		}
		for _, s := range rt.Stretches {
			pl, _ := g.ReverseNear(s.Mid, geo.BorderTolerance)
			if pl.DistrictID != s.Place.DistrictID || pl.Admin1 != s.Place.Admin1 {
				t.Errorf("route %s: stretch in %s/%s has its middle %v in %s/%s", rt.ID, s.Place.DistrictID, s.Place.Admin1, s.Mid, pl.DistrictID, pl.Admin1)
			}
			if s.KM <= 0 {
				t.Errorf("route %s: stretch in %s has length %v", rt.ID, s.Place.DistrictID, s.KM)
			}
		}
	}
}

// TestParseRoutes: a route named right before a place in a text is the
// route's stretch there; alone it is the whole route.
func TestParseRoutes(t *testing.T) {
	g := mustGazetteer(t)
	ms := g.Parse("Gunmen opened fire on a bus on the N-25 near Mastung on Friday. Traffic on the RCD Highway was suspended.")
	var routes []geo.Candidate
	for _, m := range ms {
		if m.Candidate.Kind == geo.KindRoute {
			routes = append(routes, m.Candidate)
		}
	}
	if len(routes) != 2 {
		t.Fatalf("routes found: %+v (mentions %+v)", routes, ms)
	}
	if routes[0].ID != "n-25/mastung" || routes[0].Precision != geo.PrecisionRoute || routes[0].DistrictID != "mastung" {
		t.Errorf("N-25 near Mastung parsed as %+v", routes[0])
	}
	if routes[1].ID != "n-25" || routes[1].Precision != geo.PrecisionProvince {
		t.Errorf("RCD Highway parsed as %+v", routes[1])
	}
}

// TestCorpusPlaces geoparses the place words of the shared news corpus's
// annotations (../shared/corpus/news, read at test time only), a list the
// gazetteer was not tuned on, and checks that the place lands in the district
// the annotator gave, or beyond Balochistan when the annotator says so.
// Places the gazetteer does not name ("a picnic spot", "the local jail") are
// counted as not found. It prints every miss.
func TestCorpusPlaces(t *testing.T) {
	files, _ := filepath.Glob("../../shared/corpus/news/*.json")
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("the news corpus is not beside the project")
		}
		t.Skip("the news corpus is not beside the project")
	}
	g := mustGazetteer(t)
	right, wrong, coarse, none := 0, 0, 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			Incidents []struct {
				District any    `json:"district"` // a name, a list of names, or null (outside Balochistan)
				Place    string `json:"place"`
			} `json:"incidents"`
		}
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, in := range a.Incidents {
			if in.Place == "" {
				continue
			}
			want := map[string]bool{}
			switch d := in.District.(type) {
			case string:
				want[d] = true
			case []any:
				for _, x := range d {
					want[fmt.Sprint(x)] = true
				}
			}
			ms := g.Parse(in.Place)
			ok := false
			for _, m := range ms {
				c := m.Candidate
				if d, inside := g.District(c.DistrictID); inside && (want[d.Name] || want[d.CommonName]) {
					ok = true
				}
				if len(want) == 0 && c.Region == geo.RegionOutside {
					ok = true
				}
			}
			switch {
			case ok:
				right++
			case len(ms) == 0:
				none++
			case ms[0].Candidate.DistrictID == "" && ms[0].Candidate.Precision == geo.PrecisionProvince:
				coarse++ // a whole route, or "Balochistan": true but coarser than the annotation
			default:
				wrong++
				t.Logf("%s: %q placed at %s %q (%s), want %v", filepath.Base(f), in.Place, ms[0].Candidate.Kind, ms[0].Candidate.Name, ms[0].Candidate.DistrictID, in.District)
			}
		}
	}
	t.Logf("corpus places: %d in the annotated district or region, %d elsewhere, %d only to a province or a whole route, %d not named by the gazetteer",
		right, wrong, coarse, none)
	if right < 92 || wrong > 3 {
		t.Errorf("corpus places: %d right, %d wrong; want at least 92 right and at most 3 wrong", right, wrong)
	}
}

// TestGeocodeQualified: "PLACE, WHERE" picks the PLACE in WHERE, a
// district, a province or a country.
func TestGeocodeQualified(t *testing.T) {
	g := mustGazetteer(t)
	for _, tt := range []struct{ q, country, admin1, district string }{
		{"Tump, Kharan", "PK", "Balochistan", "kharan"},
		{"Pishin, Iran", "IR", "Sistan and Baluchestan", ""},
		{"Karachi, Sindh", "PK", "Sindh", "south-karachi"},
		{"Qalat, Afghanistan", "AF", "Zabul", ""},
	} {
		cs, err := g.Geocode(tt.q, geo.GeocodeOptions{})
		if err != nil {
			t.Errorf("Geocode(%q): %v", tt.q, err)
			continue
		}
		for _, c := range cs {
			if c.Country != tt.country || (tt.admin1 != "" && c.Admin1 != tt.admin1) || (tt.district != "" && c.DistrictID != tt.district) {
				t.Errorf("Geocode(%q) gave %q in %s/%s/%s", tt.q, c.Name, c.Country, c.Admin1, c.DistrictID)
			}
		}
	}
	if cs, err := g.Geocode("Turbat, Atlantis", geo.GeocodeOptions{}); !errors.Is(err, geo.ErrNoMatch) {
		t.Errorf("unknown qualifier: %+v, %v", cs, err)
	}
}

// TestGeocodeUrdu: a name written in Urdu finds the place, and candidates
// carry the Urdu names of the place and its district.
func TestGeocodeUrdu(t *testing.T) {
	g := mustGazetteer(t)
	for _, c := range []struct {
		q, name, kind, nameUr, districtUr string
	}{
		{"تربت", "Turbat", "town", "تُربت", "کیچ"},
		{"کوئٹہ", "Quetta", "district", "کوئٹہ", "کوئٹہ"},
		{"کیچ", "Kech", "district", "کیچ", "کیچ"}, // only "ضلع کیچ" in the sources
		{"گوادر", "Gwadar", "district", "گوادر", "گوادر"},
		{"Turbat", "Turbat", "town", "تُربت", "کیچ"},
		// Districts without an Urdu name of their own take that of the town
		// they are named after.
		{"زیارت", "Ziarat", "district", "زیارت", "زیارت"},
		{"Washuk", "Washuk", "district", "واشک", "واشک"},
		// Tehsils take their seat town's Urdu name (Jiwani), or their
		// district's when they share it (Kalat, where the town is کیلات).
		{"Jiwani tehsil", "Jiwani", "tehsil", "جیوانی", "گوادر"},
		{"Kalat tehsil", "Kalat", "tehsil", "قلات", "قلات"},
		// Provinces beyond Balochistan, by their Urdu name (Natural
		// Earth's, without the word for province) or their own.
		{"سندھ", "Sindh", "province", "سندھ", ""},
		{"سیستان و بلوچستان", "Sistan and Baluchestan", "province", "سیستان و بلوچستان", ""},
		{"Kandahar", "Kandahar", "province", "قندھار", ""},
	} {
		cs, err := g.Geocode(c.q, geo.GeocodeOptions{Limit: 3})
		if err != nil || len(cs) == 0 {
			t.Errorf("Geocode(%q): %v, %d candidates", c.q, err, len(cs))
			continue
		}
		got := cs[0]
		if got.Name != c.name || string(got.Kind) != c.kind || got.NameUr != c.nameUr || got.DistrictUr != c.districtUr {
			t.Errorf("Geocode(%q)[0] = %s %s (%q, district %q), want %s %s (%q, %q)", c.q, got.Name, got.Kind, got.NameUr, got.DistrictUr,
				c.name, c.kind, c.nameUr, c.districtUr)
		}
	}
	// A place with no Urdu form in the sources has none.
	cs, err := g.Geocode("Hub", geo.GeocodeOptions{Limit: 1})
	if err != nil || len(cs) != 1 || cs[0].NameUr != "" {
		t.Errorf("Geocode(Hub) = %+v, %v; want a candidate without an Urdu name", cs, err)
	}
	// Every province of the outer ring has its Urdu name, but the two
	// Natural Earth does not have (data/README.md).
	var none []string
	for _, a := range g.OuterAdmin1() {
		if a.NameUr == "" {
			none = append(none, a.Name)
		}
	}
	if strings.Join(none, "|") != "Daykundi|Panjshir" {
		t.Errorf("provinces without an Urdu name: %q, want Daykundi and Panjshir", none)
	}
}
