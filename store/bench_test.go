package store

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/incident"
)

// Benchmarks run on benchN synthetic incidents (default 1,000,000; set
// INCIDENTMAP_BENCH_N to change). The data set is only built when a
// benchmark runs, so plain `go test` stays fast.
func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("INCIDENTMAP_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

const benchBatch = 100_000

var bench struct {
	once sync.Once
	dir  string
	db   *DB
}

func benchDB(b *testing.B) *DB {
	b.Helper()
	if err := buildBench(); err != nil {
		b.Fatal(err)
	}
	return bench.db
}

// buildBench loads the shared benchmark database once. TestMain calls it
// before any benchmark runs, so no benchmark's timing includes it.
func buildBench() (err error) {
	bench.once.Do(func() {
		var dir string
		dir, err = os.MkdirTemp("", "storebench")
		if err != nil {
			return
		}
		bench.dir = dir
		ins := synth(benchN(), 1)
		var db *DB
		db, err = Open(filepath.Join(dir, "bench.db"), Options{NoSync: true})
		if err != nil {
			return
		}
		if err = loadBatches(context.Background(), db, ins); err != nil {
			return
		}
		if err = db.Flush(context.Background()); err != nil {
			return
		}
		bench.db = db
		runtime.GC() // the load's garbage would otherwise be collected during the timed loops
	})
	if err == nil && bench.db == nil {
		err = errors.New("no benchmark database")
	}
	return err
}

func loadBatches(ctx context.Context, db *DB, ins []*incident.Incident) error {
	for i := 0; i < len(ins); i += benchBatch {
		if _, err := db.PutBatch(ctx, ins[i:min(i+benchBatch, len(ins))], "bench"); err != nil {
			return err
		}
	}
	return nil
}

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" && !benchIsOnly("PutBatch") {
		if err := buildBench(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	code := m.Run()
	if bench.db != nil {
		bench.db.Close()
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// BenchmarkPutBatch loads the whole data set into a new database in
// batches of 100,000 (fsync on unless INCIDENTMAP_BENCH_NOSYNC is set), then
// flushes the deferred index entries, and reports the file size per incident.
func BenchmarkPutBatch(b *testing.B) {
	ins := synth(benchN(), 1)
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "load.db")
		db, err := Open(path, Options{NoSync: os.Getenv("INCIDENTMAP_BENCH_NOSYNC") != ""})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := loadBatches(b.Context(), db, ins); err != nil {
			b.Fatal(err)
		}
		if err := db.Flush(b.Context()); err != nil { // the deferred index entries
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = fi.Size()
		b.StartTimer()
	}
	b.ReportMetric(float64(size)/float64(len(ins)), "dbbytes/incident")
	b.ReportMetric(float64(len(ins)), "incidents")
}

// BenchmarkReimport puts the same data again: everything is Unchanged.
func BenchmarkReimport(b *testing.B) {
	db := benchDB(b)
	ins := synth(benchN(), 1)
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		if err := loadBatches(b.Context(), db, ins); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen measures opening the database and building the point index
// (Preload, as a server does before it listens), and reports the index's
// heap per incident.
func BenchmarkOpen(b *testing.B) {
	benchDB(b)
	path := filepath.Join(bench.dir, "open.db")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bench.db.Backup(b.Context(), f); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ReportAllocs()
	var heap uint64
	for b.Loop() {
		var m0, m1 runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m0)
		b.StartTimer()
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Preload(b.Context()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&m1)
		heap = m1.HeapAlloc - m0.HeapAlloc
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/float64(benchN()), "heapbytes/incident")
}

func benchQuery(b *testing.B, f incident.Filter, limit int) {
	db := benchDB(b)
	b.ResetTimer()
	b.ReportAllocs()
	var got, matched int
	for b.Loop() {
		p, err := db.Query(b.Context(), f, limit, "")
		if err != nil {
			b.Fatal(err)
		}
		got, matched = len(p.Incidents), p.Matched
	}
	b.ReportMetric(float64(got), "returned")
	b.ReportMetric(float64(matched), "matched")
}

// BenchmarkQueryClaimantDate: one claimant over about two years, all of it
// (about 10,000 incidents at 1M) in one page.
func BenchmarkQueryClaimantDate(b *testing.B) {
	benchQuery(b, incident.Filter{Claimants: []string{"BLF"}, From: "2023-01-01", To: "2024-12-31"}, 10_000)
}

// BenchmarkQueryNarrowBBox: a 0.02-degree box (about 2 km) in Turbat.
func BenchmarkQueryNarrowBBox(b *testing.B) {
	benchQuery(b, incident.Filter{BBox: bound(63.04, 25.99, 63.06, 26.01)}, 100)
}

// BenchmarkQueryFirstPage: the unfiltered first page with its total count.
func BenchmarkQueryFirstPage(b *testing.B) {
	benchQuery(b, incident.Filter{}, 100)
}

// BenchmarkAggregateAll: the choropleth and timeline figures over everything.
func BenchmarkAggregateAll(b *testing.B) {
	db := benchDB(b)
	b.ResetTimer()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Aggregate(b.Context(), incident.Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPointsTile: the points of a z10 tile around Turbat (0.35 deg).
func BenchmarkPointsTile(b *testing.B) {
	db := benchDB(b)
	b.ResetTimer()
	tile := orb.Bound{Min: orb.Point{62.93, 25.8}, Max: orb.Point{63.28, 26.12}}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		if err := db.Points(b.Context(), incident.Filter{}, tile, func(*Point) bool { n++; return true }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "points")
}

// benchIsOnly reports whether -bench names only the given benchmark, which
// needs no shared database.
func benchIsOnly(name string) bool {
	return flag.Lookup("test.bench").Value.String() == name
}

// BenchmarkQueryFile runs the claimant + date-range query on a database
// file made by `incidentmap import` of the shared generator's output
// (INCIDENTMAP_BENCH_DB): the figure the store's bar is about. The query
// is INCIDENTMAP_BENCH_CLAIMANT (default BLA) from INCIDENTMAP_BENCH_FROM
// to INCIDENTMAP_BENCH_TO (default 2024-01-01 to 2024-09-10: 9,911
// incidents of the generator's million), all of it in one page of at most
// 10,000.
func BenchmarkQueryFile(b *testing.B) {
	path := os.Getenv("INCIDENTMAP_BENCH_DB")
	if path == "" {
		b.Skip("set INCIDENTMAP_BENCH_DB to a database made by incidentmap import")
	}
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Preload(b.Context()); err != nil {
		b.Fatal(err)
	}
	f := incident.Filter{Claimants: []string{envOr("INCIDENTMAP_BENCH_CLAIMANT", "BLA")},
		From: envOr("INCIDENTMAP_BENCH_FROM", "2024-01-01"), To: envOr("INCIDENTMAP_BENCH_TO", "2024-09-10")}
	b.ReportAllocs()
	var got, matched int
	for b.Loop() {
		p, err := db.Query(b.Context(), f, 10_000, "")
		if err != nil {
			b.Fatal(err)
		}
		got, matched = len(p.Incidents), p.Matched
	}
	b.ReportMetric(float64(got), "returned")
	b.ReportMetric(float64(matched), "matched")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// BenchmarkQueryText: the first page of a text search with its total
// count, answered from the text index (issue 15: at 180,000 incidents one
// q= cost about 0.6 CPU-seconds decoding every record). "ambush" starts a
// word of an eighth of the incidents, "kech" of a tenth.
func BenchmarkQueryText(b *testing.B) {
	benchQuery(b, incident.Filter{Text: "ambush kech"}, 100)
}

// BenchmarkQueryTextRare: a search for one incident's number.
func BenchmarkQueryTextRare(b *testing.B) {
	benchQuery(b, incident.Filter{Text: "number 123457"}, 100)
}

// BenchmarkQueryTextCommon: a word every incident holds, with a claimant:
// the widest postings.
func BenchmarkQueryTextCommon(b *testing.B) {
	benchQuery(b, incident.Filter{Text: "synthetic", Claimants: []string{"BLF"}}, 100)
}

// BenchmarkCountText: the count alone, as the tiles' and stats' filters
// need it.
func BenchmarkCountText(b *testing.B) {
	db := benchDB(b)
	b.ResetTimer()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		var err error
		if n, err = db.Count(b.Context(), incident.Filter{Text: "ambush"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "matched")
}
