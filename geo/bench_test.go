package geo_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// BenchmarkLoad measures start-up: parsing the embedded files and building
// every index.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := geo.LoadFS(data.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGeocode is a forward lookup of a known name (one core).
func BenchmarkGeocode(b *testing.B) {
	g := mustGazetteer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Geocode("Turbat", geo.GeocodeOptions{Limit: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGeocodeFuzzy is a lookup of a misspelled name.
func BenchmarkGeocodeFuzzy(b *testing.B) {
	g := mustGazetteer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Geocode("Panjgure", geo.GeocodeOptions{Limit: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

// boxPoints returns 4096 points spread over the province's bounding box
// (about a third fall outside the province).
func boxPoints() []orb.Point {
	return spread(orb.Bound{Min: orb.Point{60.8, 24.8}, Max: orb.Point{70.3, 32.1}}, 1)
}

// spread returns 4096 pseudo-random points in b, the same for the same seed.
func spread(b orb.Bound, seed uint64) []orb.Point {
	pts := make([]orb.Point, 4096)
	s := seed
	for i := range pts {
		s = s*6364136223846793005 + 1442695040888963407
		x := float64(s>>11) / (1 << 53)
		s = s*6364136223846793005 + 1442695040888963407
		y := float64(s>>11) / (1 << 53)
		pts[i] = orb.Point{b.Min[0] + x*(b.Max[0]-b.Min[0]), b.Min[1] + y*(b.Max[1]-b.Min[1])}
	}
	return pts
}

// BenchmarkReverse reverse-geocodes points spread over the province's
// bounding box.
func BenchmarkReverse(b *testing.B) {
	g := mustGazetteer(b)
	pts := boxPoints()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := g.Reverse(pts[i&4095]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkReverseNear is the importer's check of the same points: a point
// outside gets the district within BorderTolerance, which measures its
// distance to nearby boundaries.
func BenchmarkReverseNear(b *testing.B) {
	g := mustGazetteer(b)
	pts := boxPoints()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := g.ReverseNear(pts[i&4095], geo.BorderTolerance); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkParse geoparses a news paragraph.
func BenchmarkParse(b *testing.B) {
	g := mustGazetteer(b)
	text := "The BLF said it attacked military checkpoints across several districts, including Panjgur, Kech, and Kharan. " +
		"Separately, ISPR said a Major and three militants were killed in a clash in the Awaran district. " +
		"Gunmen stopped buses on the national highway in Zhob's Sur-Dakai area."
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		g.Parse(text)
	}
}

// BenchmarkGeocodeMix is a mixed set of queries as reports write them:
// Balochistan names, places beyond the province, misspellings, a name the
// gazetteer must not guess, and a highway with a place. It reports queries
// per second over the whole set.
func BenchmarkGeocodeMix(b *testing.B) {
	g := mustGazetteer(b)
	qs := []string{"Turbat", "Kech", "Panjgur", "Quetta", "Karachi", "Zahedan", "Dera Ghazi Khan", "Mastang",
		"Panjgure", "London", "N-25 near Mastung", "the Coastal Highway near Ormara"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Geocode(qs[i%len(qs)], geo.GeocodeOptions{Limit: 5})
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
}

// BenchmarkReverseRegion reverse-geocodes points over the whole region.
func BenchmarkReverseRegion(b *testing.B) {
	g := mustGazetteer(b)
	pts := spread(geo.RegionBound, 7) // the province, the outer ring and the sea
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := g.ReverseNear(pts[i&4095], geo.BorderTolerance); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
