package geo_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Qila Abdullah", "the Awaran district", "Zhob's", "Awārān", "بلوچستان", "a\xffb", "", "ee oo ou qq", "abahh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, _ := geo.Key(s)
		if utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q is not valid UTF-8", s, k)
		}
		if strings.ContainsAny(k, " \t\n'-.,ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Fatalf("Key(%q) = %q keeps spaces, punctuation or upper case", s, k)
		}
		if k2, _ := geo.Key(k); utf8.ValidString(s) && k2 != k {
			t.Fatalf("Key not idempotent: Key(%q) = %q, Key(%q) = %q", s, k, k, k2)
		}
		_ = geo.Normalize(s)
	})
}

func FuzzGeocode(f *testing.F) {
	g := mustGazetteer(f)
	for _, s := range []string{"Turbat", "Kej", "Panjgoor", "the Awaran district", "", "\xff", "Tump", "Karachi", "Zahedan",
		"N-25 near Mastung", "on the RCD highway in Kalat", "N-40 near ", " near Quetta", "Coastal Highway, Ormara", "London", "Pishin, Iran", ",", "Tump,", ", Kharan"} {
		f.Add(s, "")
	}
	f.Add("Tump", "kharan")
	f.Add("N-25 near Mastung", "khuzdar")
	f.Add("Karachi", "south-karachi")
	f.Fuzz(func(t *testing.T, q, district string) {
		cs, err := g.Geocode(q, geo.GeocodeOptions{District: district, Limit: 5})
		if err != nil {
			if !errors.Is(err, geo.ErrBadQuery) && !errors.Is(err, geo.ErrNoMatch) {
				t.Fatalf("Geocode(%q) unexpected error %v", q, err)
			}
			return
		}
		if len(cs) == 0 || len(cs) > 5 {
			t.Fatalf("Geocode(%q) gave %d candidates", q, len(cs))
		}
		for _, c := range cs {
			if !c.Precision.Valid() || geo.CheckPoint(c.Point) != nil || !geo.RegionBound.Contains(c.Point) {
				t.Fatalf("bad candidate %+v", c)
			}
			if c.Match == "fuzzy" && c.Score < geo.MinFuzzyScore {
				t.Fatalf("Geocode(%q): a fuzzy guess below the threshold: %+v", q, c)
			}
			if c.Region != geo.RegionBalochistan && c.Region != geo.RegionOutside {
				t.Fatalf("Geocode(%q): candidate without a region: %+v", q, c)
			}
			if id, _, ok := g.AnyDistrict(district); district != "" && ok && c.DistrictID != id {
				t.Fatalf("Geocode(%q, district %q) gave a candidate in %q", q, district, c.DistrictID)
			}
			if c.Precision == geo.PrecisionRoute && (c.Kind != geo.KindRoute || c.Line == nil) {
				t.Fatalf("Geocode(%q): route precision without a route: %+v", q, c)
			}
		}
	})
}

func FuzzParsePoint(f *testing.F) {
	for _, s := range []string{"63.05,26.0", " 1 , 2 ", "NaN,1", "1e400,0", ",", "63.05"} {
		f.Add(s)
	}
	g := mustGazetteer(f)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := geo.ParsePoint(s)
		if err != nil {
			if !errors.Is(err, geo.ErrBadPoint) {
				t.Fatalf("ParsePoint(%q) error %v does not wrap ErrBadPoint", s, err)
			}
			return
		}
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			t.Fatalf("ParsePoint(%q) = %v out of range", s, p)
		}
		if _, err := g.Reverse(p); err != nil {
			t.Fatalf("Reverse(%v): %v", p, err)
		}
	})
}

func FuzzParse(f *testing.F) {
	g := mustGazetteer(f)
	for _, s := range []string{"Attacks across Panjgur, Kech, and Kharan.", "in the Awaran district", "Zhob's \xff Kech", "",
		"on the N-25 near Mastung", "the RCD Highway in Khuzdar district", "in Karachi and near Zahedan"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range g.Parse(s) {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Text {
				t.Fatalf("bad mention %+v in %q", m, s)
			}
		}
	})
}
