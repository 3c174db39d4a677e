package extract

import (
	"bufio"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
)

// fakeGeo is a tiny geoparser over testdata/places.tsv: exact, case-sensitive
// whole-word matches, longest name first.
type fakeGeo struct{ places []Place }

func loadFakeGeo(tb testing.TB) *fakeGeo {
	tb.Helper()
	f, err := os.Open("testdata/places.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	g := &fakeGeo{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		lat, _ := strconv.ParseFloat(c[4], 64)
		lon, _ := strconv.ParseFloat(c[5], 64)
		prec := map[string]geo.Precision{"province": geo.PrecisionProvince, "district": geo.PrecisionDistrict, "town": geo.PrecisionTown}[c[1]]
		g.places = append(g.places, Place{Name: c[0], Kind: c[1], DistrictID: c[2], District: c[3], Lat: lat, Lon: lon, Precision: prec})
	}
	sort.SliceStable(g.places, func(i, j int) bool { return len(g.places[i].Name) > len(g.places[j].Name) })
	return g
}

func (g *fakeGeo) Parse(text string) []Place {
	var out []Place
	taken := make([]bool, len(text))
	for _, p := range g.places {
		for from := 0; ; {
			k := strings.Index(text[from:], p.Name)
			if k < 0 {
				break
			}
			s, e := from+k, from+k+len(p.Name)
			from = e
			before, _ := utf8.DecodeLastRuneInString(text[:s])
			after, _ := utf8.DecodeRuneInString(text[e:])
			if s > 0 && (unicode.IsLetter(before) || unicode.IsDigit(before)) || e < len(text) && (unicode.IsLetter(after) || unicode.IsDigit(after)) {
				continue
			}
			busy := false
			for i := s; i < e; i++ {
				busy = busy || taken[i]
			}
			if busy {
				continue
			}
			for i := s; i < e; i++ {
				taken[i] = true
			}
			m := p
			m.Span = Span{Start: s, End: e, Text: text[s:e]}
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
