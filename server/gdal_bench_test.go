package server

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
)

// BenchmarkGDALPaging100k copies the incidents collection of 100,000
// synthetic incidents with ogr2ogr, at GDAL 3.6's default page size (10,
// which it sends whatever the server advertises) and at PAGE_SIZE=1000
// (the server's default limit, which QGIS uses; GDAL >= 3.8 takes the
// advertised maximum). Run it alone:
//
//	go test -run '^$' -bench GDALPaging -benchtime 1x ./server
//
// It needs ogr2ogr; without it the benchmark is skipped (it is not part of
// the CI test run).
func BenchmarkGDALPaging100k(b *testing.B) {
	bin, err := exec.LookPath("ogr2ogr")
	if err != nil {
		b.Skip("ogr2ogr not found")
	}
	env := newTestEnv(b, Options{})
	const n = 100_000
	var batch []*incident.Incident
	err = exchange.Synthetic(testGazetteer(b), n, 1, func(in *incident.Incident) error {
		batch = append(batch, in)
		if len(batch) == 10_000 {
			_, err := env.db.PutBatch(b.Context(), batch, "bench")
			batch = batch[:0]
			return err
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		_, err = env.db.PutBatch(b.Context(), batch, "bench")
	}
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(env.srv)
	defer ts.Close()
	for _, page := range []int{10, 1000, 10000} {
		b.Run("page"+strconv.Itoa(page), func(b *testing.B) {
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "out.geojsonl")
				cmd := exec.CommandContext(b.Context(), bin, "-f", "GeoJSONSeq", out, "OAPIF:"+ts.URL+"/ogc", "incidents",
					"-oo", "PAGE_SIZE="+strconv.Itoa(page))
				cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=60")
				if o, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("ogr2ogr: %v\n%s", err, o)
				}
			}
		})
	}
}
