package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// outsideIncident is an incident in Iran's Sistan and Baluchestan, with its
// country and province set directly (placing it is the gazetteer's job).
func outsideIncident() *incident.Incident {
	in := &incident.Incident{ID: "IR-1", Title: "Clash near Saravan", Date: "2025-03-01", Type: incident.TypeArmedClash,
		Location: incident.Location{Name: "Saravan", Country: "IR", Admin1: "Sistan and Baluchestan",
			Lon: 62.33, Lat: 27.37, Precision: geo.PrecisionTown, Method: incident.MethodManual},
		Claims: []incident.Claim{{Actor: "BLA", Kind: incident.KindResponsibility}}}
	in.Normalize()
	return in
}

// TestWriteRegion: GeoJSON properties and the last CSV columns carry
// country, admin1 and region; an incident stored before countries (neither
// field) is written with empty ones and region balochistan.
func TestWriteRegion(t *testing.T) {
	old := outsideIncident()
	old.ID, old.Location.Country, old.Location.Admin1 = "OLD-1", "", ""
	sindh := outsideIncident()
	sindh.ID, sindh.Location.Country, sindh.Location.Admin1 = "PK-1", "PK", "Sindh"
	want := map[string][3]string{
		"IR-1":  {"IR", "Sistan and Baluchestan", incident.RegionOutside},
		"OLD-1": {"", "", incident.RegionBalochistan},
		"PK-1":  {"PK", "Sindh", incident.RegionOutside},
	}
	ins := []*incident.Incident{outsideIncident(), old, sindh}

	t.Run("geojson", func(t *testing.T) {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, GeoJSON, WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range ins {
			if err := w.Write(in); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != len(ins) {
			t.Fatalf("%d features, want %d", len(fc.Features), len(ins))
		}
		for _, f := range fc.Features {
			p := f.Properties
			w := want[p["id"].(string)]
			if p["country"] != w[0] || p["admin1"] != w[1] || p["region"] != w[2] {
				t.Errorf("%s: country %v, admin1 %v, region %v; want %q", p["id"], p["country"], p["admin1"], p["region"], w)
			}
		}
	})

	t.Run("csv", func(t *testing.T) {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, CSV, WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range ins {
			if err := w.Write(in); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// The columns of earlier releases keep their positions; the new
		// ones come last.
		before := []string{"id", "title", "description", "date", "end_date", "date_precision", "type", "type_label",
			"place", "district_id", "district", "lon", "lat", "precision", "method", "series", "tags", "state",
			"claimants", "primary_claimant", "status", "killed_low", "killed_best", "killed_high",
			"claims", "sources", "revision", "updated"}
		if h := recs[0]; !slices.Equal(h[:len(before)], before) || !slices.Equal(h[len(before):], []string{"country", "admin1", "region", "wkt"}) {
			t.Fatalf("header %v", h)
		}
		for _, r := range recs[1:] {
			n := len(r)
			if got, w := [3]string{r[n-4], r[n-3], r[n-2]}, want[r[0]]; got != w {
				t.Errorf("%s: last columns %q, want %q", r[0], got, w)
			}
		}
	})
}

// TestReadCountryBack: the rich GeoJSON form and the project's CSV read
// country and admin1 back (region is derived and ignored); files written
// before those columns existed read as before, without them.
func TestReadCountryBack(t *testing.T) {
	in := outsideIncident()
	feature, err := json.Marshal(NewFeature(in, ""))
	if err != nil {
		t.Fatal(err)
	}
	var csvBuf bytes.Buffer
	w, _ := NewWriter(&csvBuf, CSV, WriteOptions{})
	if err := w.Write(in); err != nil {
		t.Fatal(err)
	}
	w.Close()
	recs, err := csv.NewReader(&csvBuf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	parseCSV := func(header, rec []string) (*row, error) {
		p := &csvParser{file: "t.csv"}
		if err := p.setHeader(header); err != nil {
			return nil, err
		}
		return p.parse(rec)
	}

	t.Run("geojson", func(t *testing.T) {
		r, err := parseFeature(feature)
		if err != nil {
			t.Fatal(err)
		}
		if l := r.in.Location; l.Country != "IR" || l.Admin1 != "Sistan and Baluchestan" {
			t.Errorf("read back %+v", l)
		}
	})
	t.Run("geojson without country", func(t *testing.T) {
		var f map[string]any
		json.Unmarshal(feature, &f)
		props := f["properties"].(map[string]any)
		delete(props, "country")
		delete(props, "admin1")
		delete(props, "region")
		b, _ := json.Marshal(f)
		r, err := parseFeature(b)
		if err != nil {
			t.Fatal(err)
		}
		if l := r.in.Location; l.Country != "" || l.Admin1 != "" {
			t.Errorf("read %+v from a feature without country", l)
		}
	})
	t.Run("csv", func(t *testing.T) {
		r, err := parseCSV(recs[0], recs[1])
		if err != nil {
			t.Fatal(err)
		}
		if l := r.in.Location; l.Country != "IR" || l.Admin1 != "Sistan and Baluchestan" {
			t.Errorf("read back %+v", l)
		}
	})
	t.Run("csv of an earlier release", func(t *testing.T) {
		n := len(recs[0]) - 4 // without country, admin1, region and wkt
		r, err := parseCSV(recs[0][:n], recs[1][:n])
		if err != nil {
			t.Fatal(err)
		}
		if l := r.in.Location; l.Country != "" || l.Admin1 != "" || l.Name != "Saravan" || r.in.ID != "IR-1" {
			t.Errorf("read %+v", r.in)
		}
	})
}

// TestImportCountryOfEarlierCSV: a project CSV without the country columns
// (as earlier releases wrote it) still imports through the whole importer.
func TestImportCountryOfEarlierCSV(t *testing.T) {
	src := seeded(t)
	buf := exportAll(t, src, CSV, WriteOptions{})
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if !strings.HasSuffix(lines[0], ",country,admin1,region,wkt") {
		t.Fatalf("header %q", lines[0])
	}
	recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var old bytes.Buffer
	cw := csv.NewWriter(&old)
	for _, r := range recs {
		cw.Write(r[:len(r)-4])
	}
	cw.Flush()
	dst := newMemSink()
	sum, err := importString(t, dst, "old.csv", old.String(), Options{})
	if err != nil || sum.Created != len(src.byID) {
		t.Fatalf("import of the earlier CSV: %+v, %v", sum, err)
	}
}
