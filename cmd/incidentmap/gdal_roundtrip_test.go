package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gdalTool finds a GDAL program. In CI (env CI set) its absence is a
// failure: .ci/run installs gdal-bin.
func gdalTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found; CI must install gdal-bin", name)
		}
		t.Skipf("%s not found (install gdal-bin)", name)
	}
	return p
}

func ogr2ogr(t *testing.T, bin string, args ...string) {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogr2ogr %v: %v\n%s", args, err, out)
	}
}

// TestCLIImportGDALRewrites imports the files GDAL writes when a user
// converts an export (issue 14): a CSV rewritten by GDAL's CSV driver (dates
// as YYYY/MM/DD), and GeoJSON that went through a GeoPackage (claims,
// sources and tags as JSON text in strings). Each must import back into the
// database it came from with every incident unchanged.
func TestCLIImportGDALRewrites(t *testing.T) {
	bin := gdalTool(t, "ogr2ogr")
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	if r := runBin(t, "", "gen", "-n", "40", "-seed", "3", "--format", "geojson", filepath.Join(dir, "gen.geojson")); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	if r := runBin(t, "", "import", "--db", db, filepath.Join(dir, "gen.geojson")); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	csvOut := filepath.Join(dir, "export.csv")
	geoOut := filepath.Join(dir, "export.geojson")
	for _, out := range []string{csvOut, geoOut} {
		if r := runBin(t, "", "export", "--db", db, out); r.code != 0 {
			t.Fatalf("export %s: %+v", out, r)
		}
	}
	t.Run("csv via GDAL", func(t *testing.T) {
		// GDAL types the columns from export.csvt and writes dates back
		// as YYYY/MM/DD.
		re := filepath.Join(t.TempDir(), "gdal.csv")
		ogr2ogr(t, bin, "-f", "CSV", re, csvOut)
		b, _ := os.ReadFile(re)
		if !strings.Contains(string(b), "/") {
			t.Fatalf("GDAL's CSV has no YYYY/MM/DD date:\n%.300s", b)
		}
		r := runBin(t, "", "import", "--db", db, re)
		if r.code != 0 || !strings.Contains(r.stdout, "40 unchanged") {
			t.Fatalf("import GDAL's CSV: %+v", r)
		}
	})
	t.Run("geojson via geopackage", func(t *testing.T) {
		tmp := t.TempDir()
		gpkg, back := filepath.Join(tmp, "x.gpkg"), filepath.Join(tmp, "back.geojson")
		ogr2ogr(t, bin, "-f", "GPKG", gpkg, geoOut)
		ogr2ogr(t, bin, "-f", "GeoJSON", back, gpkg)
		r := runBin(t, "", "import", "--db", db, back)
		if r.code != 0 || !strings.Contains(r.stdout, "40 unchanged") {
			b, _ := os.ReadFile(back)
			t.Fatalf("import GDAL's GeoJSON: %+v\n%.600s", r, b)
		}
	})
}
