package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// seedRegionDB writes incidents inside and outside Balochistan straight
// into a database (their country and province set directly: placing them
// is the gazetteer's job) and returns its path.
func seedRegionDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(id string, lon, lat float64, country, admin1 string) *incident.Incident {
		return &incident.Incident{ID: id, Title: "Attack " + id, Date: "2025-07-01", Type: incident.TypeArmedClash,
			Location: incident.Location{Lon: lon, Lat: lat, Precision: geo.PrecisionExact, Country: country, Admin1: admin1},
			Claims:   []incident.Claim{{Actor: "BLA", Kind: incident.KindResponsibility}}}
	}
	ins := []*incident.Incident{
		mk("IN-OLD", 63.05, 26.0, "", ""), // stored before countries were recorded
		mk("IN-QUETTA", 67.0, 30.18, "PK", "Balochistan"),
		mk("OUT-KARACHI", 67.01, 24.86, "PK", "Sindh"),
		mk("OUT-ZAHEDAN", 60.86, 29.5, "IR", "Sistan and Baluchestan"),
	}
	ins[0].Location.DistrictID, ins[1].Location.DistrictID = "kech", "quetta"
	ins[1].Claims[0].Status = incident.Confirmed
	if _, err := db.PutBatch(t.Context(), ins, "test"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCLIExportRegion(t *testing.T) {
	db := seedRegionDB(t)
	all := []string{"IN-OLD", "IN-QUETTA", "OUT-KARACHI", "OUT-ZAHEDAN"}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, all},
		{[]string{"--region", "all"}, all},
		{[]string{"--region", "balochistan"}, []string{"IN-OLD", "IN-QUETTA"}},
		{[]string{"--region", "outside"}, []string{"OUT-KARACHI", "OUT-ZAHEDAN"}},
		{[]string{"--region=OUTSIDE", "--claimant", "BLA"}, []string{"OUT-KARACHI", "OUT-ZAHEDAN"}},
		// The API's filter parser (issue 17): district names and aliases
		// resolve with the gazetteer, boxes are checked and applied.
		{[]string{"--district", "Kej"}, []string{"IN-OLD"}},
		{[]string{"--district", "Kech, quetta"}, []string{"IN-OLD", "IN-QUETTA"}},
		{[]string{"--bbox", "66, 29, 68, 31"}, []string{"IN-QUETTA"}},
		{[]string{"--verified", "confirmed"}, []string{"IN-QUETTA"}},
	} {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			r := runBin(t, "", append([]string{"export", "--db", db, "--format", "csv"}, tc.args...)...)
			if r.code != 0 {
				t.Fatalf("export: %+v", r)
			}
			recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := slices.Index(recs[0], "region") // by name: wkt came after it (issue 14)
			if col < 0 {
				t.Fatalf("no region column in %v", recs[0])
			}
			var got []string
			for _, rec := range recs[1:] {
				got = append(got, rec[0])
				wantRegion := incident.RegionBalochistan
				if strings.HasPrefix(rec[0], "OUT-") {
					wantRegion = incident.RegionOutside
				}
				if rec[col] != wantRegion {
					t.Errorf("%s: region column %q, want %q", rec[0], rec[col], wantRegion)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("csv: got %v, want %v", got, tc.want)
			}

			r = runBin(t, "", append([]string{"export", "--db", db, "--format", "geojson"}, tc.args...)...)
			if r.code != 0 {
				t.Fatalf("export geojson: %+v", r)
			}
			var fc struct {
				Features []struct {
					ID         string         `json:"id"`
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &fc); err != nil {
				t.Fatal(err)
			}
			got = got[:0]
			for _, f := range fc.Features {
				got = append(got, f.ID)
				if f.ID == "OUT-ZAHEDAN" && (f.Properties["country"] != "IR" || f.Properties["admin1"] != "Sistan and Baluchestan" ||
					f.Properties["region"] != "outside") {
					t.Errorf("%s: properties %v", f.ID, f.Properties)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("geojson: got %v, want %v", got, tc.want)
			}
		})
	}
}
