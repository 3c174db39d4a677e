package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sharedData is where the source files sit beside the project (see
// data/README.md).
const sharedData = "../../../shared/data"

// TestReproducible rebuilds the gazetteer from the sources and checks that
// the result is byte-identical to what data/ ships.
func TestReproducible(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedData, "SOURCES.md")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("source data not found beside the project: %v", err)
		}
		t.Skipf("source data not found beside the project: %v", err)
	}
	out := t.TempDir()
	st, err := build(sharedData, out, "../../data/sources/ne_names_ur.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if st.Districts != 37 || st.Tehsils != 103 || st.Places < 16000 {
		t.Errorf("built %d districts, %d tehsils, %d places", st.Districts, st.Tehsils, st.Places)
	}
	// Outside Balochistan: Pakistan's other 125 districts; 6 Pakistani, 9
	// Iranian and 34 Afghan provinces; every row of region_places.tsv; and
	// every route of the table.
	if st.OuterDistricts != 125 || st.Admin1 != 49 || st.OuterPlaces != 24522 || st.Routes != len(routes) {
		t.Errorf("built %d outer districts, %d provinces, %d outer places, %d routes; want 125, 49, 24522, %d",
			st.OuterDistricts, st.Admin1, st.OuterPlaces, st.Routes, len(routes))
	}
	// Urdu names chosen from the sources' Arabic-script forms (urdu.go; 25
	// districts, and 8 more named after a town in them; tehsils from their
	// seat town or their district; one place fewer since Drug's
	// mistranslations are dropped), and the provinces' from the Natural
	// Earth table (all but Daykundi and Panjshir).
	if st.DistrictsUr != 33 || st.TehsilsUr != 44 || st.PlacesUr != 727 || st.OuterPlacesUr != 908 || st.Admin1Ur != 47 {
		t.Errorf("Urdu names: %d districts, %d tehsils, %d places, %d outer places, %d provinces; want 33, 44, 727, 908, 47",
			st.DistrictsUr, st.TehsilsUr, st.PlacesUr, st.OuterPlacesUr, st.Admin1Ur)
	}
	for _, name := range []string{"districts.geojson", "tehsils.geojson", "province.geojson", "places.tsv",
		"outer_districts.geojson", "outer_admin1.geojson", "outer_places.tsv", "routes.geojson", "basemap.geojson"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("../../data", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("data/%s differs from a fresh build: run `make data`", name)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	if _, err := build(t.TempDir(), t.TempDir(), "../../data/sources/ne_names_ur.tsv"); err == nil {
		t.Error("build from an empty folder succeeded")
	}
}
