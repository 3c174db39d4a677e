package exchange

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

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

func (c *countSink) PutBatch(_ context.Context, ins []*incident.Incident, _ string) (incident.BatchResult, error) {
	c.n += len(ins)
	return incident.BatchResult{Created: len(ins)}, nil
}
func (c *countSink) PutSeries(context.Context, *incident.Series, string) error { return nil }

// BenchmarkImportParse measures reading, parsing, geocoding and validating
// (both passes of a strict import) without a store.
func BenchmarkImportParse(b *testing.B) {
	in := benchInput(b)
	g := mustGazetteer(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	rows := 0
	cpu0 := cpuTime()
	for b.Loop() {
		sum, err := Import(b.Context(), bytes.NewReader(in), &countSink{}, Options{Name: "bench.geojsons", Geocoder: g, SkipInvalid: true})
		if err != nil {
			b.Fatal(err)
		}
		rows += sum.Rows + sum.Invalid
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(rows), "cpu-µs/row")
}

// BenchmarkImportStore measures a whole strict import into a fresh store.
func BenchmarkImportStore(b *testing.B) {
	in := benchInput(b)
	g := mustGazetteer(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	i, rows := 0, 0
	cpu0 := cpuTime()
	for b.Loop() {
		i++
		db, err := store.Open(filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sum, err := Import(b.Context(), bytes.NewReader(in), db, Options{Name: "bench.geojsons", Geocoder: g, SkipInvalid: true})
		if err != nil {
			b.Fatal(err)
		}
		rows += sum.Rows + sum.Invalid
		db.Close()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(rows), "cpu-µs/row")
}

// cpuTime is the CPU time (user and system) the process has used: a figure
// that, unlike wall time, does not depend on what else the machine runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
