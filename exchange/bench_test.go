package exchange

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// benchInput is the input of the import benchmarks: the file named by
// INCIDENTMAP_BENCH_FILE (e.g. the shared generator's output), else 100,000
// lines in the generator's flat shape.
func benchInput(tb testing.TB) []byte {
	tb.Helper()
	if name := os.Getenv("INCIDENTMAP_BENCH_FILE"); name != "" {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	g := mustGazetteer(tb)
	r := rand.New(rand.NewPCG(1, 2))
	ds := g.Districts()
	claimants := []string{"BLA", "BLF", "BRAS", "ISPR", "TTP", "unclaimed", "Police", "Levies", "unknown"}
	types := []string{"ambush", "ied", "targeted_killing", "clash", "ibo", "attack_on_infrastructure", "abduction"}
	var buf bytes.Buffer
	for i := range 100000 {
		d := ds[r.IntN(len(ds))]
		fmt.Fprintf(&buf, `{"type":"Feature","id":"BAL-%07d","geometry":{"type":"Point","coordinates":[%.6f,%.6f]},"properties":{"id":"BAL-%07d","date":"%04d-%02d-%02d","claimant":%q,"type":%q,"killed":%d,"injured":%d,"verified":%t,"description":"Synthetic benchmark row near %s"}}`+"\n",
			i+1, d.Label[0]+r.NormFloat64()*0.01, d.Label[1]+r.NormFloat64()*0.01, i+1, 2004+r.IntN(22), 1+r.IntN(12), 1+r.IntN(28),
			claimants[r.IntN(len(claimants))], types[r.IntN(len(types))], r.IntN(10), r.IntN(20), r.IntN(2) == 0, d.Name)
	}
	return buf.Bytes()
}

// countSink discards incidents.
type countSink struct{ n int }

func (c *countSink) PutBatch(_ context.Context, ins []*incident.Incident, _ string) (Counts, error) {
	c.n += len(ins)
	return Counts{Created: len(ins)}, nil
}
func (c *countSink) PutSeries(context.Context, *incident.Series, string) error { return nil }

// BenchmarkImportParse measures reading, parsing, geocoding and validating
// (both passes of a strict import) without a store.
func BenchmarkImportParse(b *testing.B) {
	in := benchInput(b)
	g := mustGazetteer(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		sum, err := Import(b.Context(), bytes.NewReader(in), &countSink{}, Options{Name: "bench.geojsons", Geocoder: g, SkipInvalid: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Rows)/b.Elapsed().Seconds()*float64(b.N), "rows/s")
	}
}

// BenchmarkImportStore measures a whole strict import into a fresh store.
func BenchmarkImportStore(b *testing.B) {
	in := benchInput(b)
	g := mustGazetteer(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_, err = Import(b.Context(), bytes.NewReader(in), StoreSink(db), Options{Name: "bench.geojsons", Geocoder: g, SkipInvalid: true})
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}
