package server

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/store"
)

// BenchmarkTileList serves the shared bench's tiles.txt (filtered, anchor
// rules, no cache) from a database built by bench/compare.sh. Set
// INCIDENTMAP_BENCH_DB to the database and INCIDENTMAP_BENCH_TILES to
// tiles.txt; skipped otherwise.
func BenchmarkTileList(b *testing.B) {
	db, list := benchStore(b, "INCIDENTMAP_BENCH_TILES")
	f, err := os.Open(filepath.Clean(list))
	if err != nil {
		b.Fatal(err)
	}
	var tiles []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		tiles = append(tiles, sc.Text())
	}
	f.Close()
	srv := New(Options{Store: db, Gazetteer: testGazetteer(b), TileCacheBytes: -1})
	query := os.Getenv("INCIDENTMAP_BENCH_QUERY")
	if query == "" {
		query = "mode=points&claimant=BLA&from=2020-01-01&to=2024-12-31"
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/tiles/%s.pbf?%s", tiles[i%len(tiles)], query), nil)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 204 {
			b.Fatalf("%s: %d", tiles[i%len(tiles)], rec.Code)
		}
		i++
	}
}

// BenchmarkFeatureList serves the shared bench's features.txt (OGC items
// queries: bbox, datetime, claimant, limit=1000) from a database built by
// bench/compare.sh. Set INCIDENTMAP_BENCH_DB and INCIDENTMAP_BENCH_FEATURES;
// skipped otherwise.
func BenchmarkFeatureList(b *testing.B) {
	db, list := benchStore(b, "INCIDENTMAP_BENCH_FEATURES")
	raw, err := os.ReadFile(filepath.Clean(list))
	if err != nil {
		b.Fatal(err)
	}
	queries := strings.Fields(string(raw))
	srv := New(Options{Store: db, Gazetteer: testGazetteer(b)})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/ogc/collections/incidents/items?"+queries[i%len(queries)], nil)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%s: %d %s", queries[i%len(queries)], rec.Code, rec.Body)
		}
		i++
	}
}

// benchStore opens the database named by INCIDENTMAP_BENCH_DB read-only
// with its point index built (as serve does, outside the timing), and
// returns it with the request list named by listVar; it skips the
// benchmark when either is unset.
func benchStore(b *testing.B, listVar string) (*store.DB, string) {
	b.Helper()
	dbPath, list := os.Getenv("INCIDENTMAP_BENCH_DB"), os.Getenv(listVar)
	if dbPath == "" || list == "" {
		b.Skip("set INCIDENTMAP_BENCH_DB and " + listVar)
	}
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Preload(b.Context()); err != nil {
		b.Fatal(err)
	}
	return db, list
}
