package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// sharedDir is the shared folder beside the project: the benchmark
// generator and Natural Earth's land polygon, used here as outside
// witnesses.
const sharedDir = "../../../shared"

func needShared(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(sharedDir, rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found beside the project: %v", rel, err)
		}
		t.Skipf("%s not found beside the project: %v", rel, err)
	}
	return p
}

// TestCLIImportGeneratorRegion imports the shared benchmark generator's
// 100,000 rows: every row that lies on land (Natural Earth's 10m land
// polygon, an independent source) is imported with its real location, the
// rows beyond Balochistan are located to their own district or province,
// and every refused row lies in the sea.
func TestCLIImportGeneratorRegion(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 rows")
	}
	genDir := needShared(t, "bench/gen")
	landFile := needShared(t, "data/region/ne_land.geojson")
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen")
	build := exec.Command("go", "build", "-o", gen, ".")
	build.Dir = genDir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the generator: %v\n%s", err, out)
	}
	rows := filepath.Join(dir, "gen.geojsons")
	f, err := os.Create(rows)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gen, "-n", "100000", "-seed", "1")
	cmd.Stdout = f
	if err := cmd.Run(); err != nil {
		t.Fatalf("generate: %v", err)
	}
	f.Close()

	// The binary without the race detector: this test is about the 100,000
	// rows' locations, and under the detector their import takes 20 times
	// longer (other tests run the race-enabled binary).
	bin := filepath.Join(dir, "incidentmap")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build incidentmap: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "im.db")
	imp := exec.Command(bin, "import", "--db", db, "--skip-invalid", "--no-sync", "--json", rows)
	var stdout, stderr strings.Builder
	imp.Stdout, imp.Stderr = &stdout, &stderr
	code := 0
	if err := imp.Run(); err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	r := cliResult{stdout: stdout.String(), stderr: stderr.String(), code: code}
	if r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	var sum struct{ Rows, Created, Skipped int }
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, r.stdout)
	}
	if sum.Rows+sum.Skipped != 100000 || sum.Created != sum.Rows {
		t.Fatalf("summary %+v", sum)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if strings.HasPrefix(line, "...") || strings.Contains(line, "rows:") || line == "" {
			continue
		}
		if !strings.Contains(line, `field "geometry"`) || !strings.Contains(line, "open sea or beyond the mapped region") {
			t.Errorf("refused row for another reason: %s", line)
		}
	}

	land := readLand(t, landFile)
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in, err := os.Open(rows)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	onLand, outside, missing := 0, map[string]int{}, 0
	for sc.Scan() {
		var ft struct {
			ID       string `json:"id"`
			Geometry struct{ Coordinates orb.Point }
		}
		if err := json.Unmarshal(sc.Bytes(), &ft); err != nil {
			t.Fatal(err)
		}
		if !planar.MultiPolygonContains(land, ft.Geometry.Coordinates) {
			continue
		}
		onLand++
		got, err := st.Get(t.Context(), ft.ID)
		if err != nil {
			if missing++; missing <= 5 {
				t.Errorf("row %s at %v lies on land but was not imported: %v", ft.ID, ft.Geometry.Coordinates, err)
			}
			continue
		}
		l := got.Location
		if l.Lon != ft.Geometry.Coordinates[0] || l.Lat != ft.Geometry.Coordinates[1] || l.Country == "" || l.Admin1 == "" {
			t.Errorf("row %s: stored at %v,%v in %q/%q, want its own point and a country and province", ft.ID, l.Lon, l.Lat, l.Country, l.Admin1)
		}
		if l.Region() == incident.RegionOutside {
			outside[l.Country+"/"+l.Admin1]++
			if l.Admin1 == "Balochistan" {
				t.Errorf("row %s outside Balochistan has admin1 Balochistan", ft.ID)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d rows on land were not imported", missing)
	}
	if onLand < 98000 || len(outside) < 3 {
		t.Errorf("%d rows on land, outside Balochistan: %v", onLand, outside)
	}
	t.Logf("%d rows on land imported, %d refused at sea; outside Balochistan: %v", onLand, sum.Skipped, outside)
}

func readLand(t *testing.T, name string) orb.MultiPolygon {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var land orb.MultiPolygon
	for _, f := range fc.Features {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			land = append(land, g)
		case orb.MultiPolygon:
			land = append(land, g...)
		}
	}
	return land
}
