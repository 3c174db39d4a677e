package exchange

import (
	"bytes"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// exportAll writes every incident of src in format f.
func exportAll(t *testing.T, src *memSink, f Format, opt WriteOptions) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, f, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range src.all() {
		if err := w.Write(in); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// seeded returns a sink holding the seed data plus a few synthetic
// incidents with the awkward values a round trip must keep (ranges,
// "at least", several groups, commas and quotes, drafts, tags).
func seeded(t *testing.T) *memSink {
	t.Helper()
	sink := newMemSink()
	g := mustGazetteer(t)
	if _, err := LoadSeed(t.Context(), sink, g); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := Synthetic(g, 20, 7, func(in *incident.Incident) error {
		n++
		if n == 1 {
			in.Title = `Synthetic: quotes "here", commas, and a newline` + "\nsecond line"
			in.Claims = append(in.Claims, incident.Claim{Actor: "ISPR", Kind: incident.KindDenial, Status: incident.Denied,
				Casualties: incident.Casualties{incident.Militants: {Killed: &incident.Range{Low: 3, High: 7}, Injured: &incident.Range{Low: 2, High: 2, AtLeast: true}}},
				Source:     incident.Source{Name: "ISPR, statement", URL: "https://example.org/a?b=c,d"}, Notes: "semi;colon"})
			in.Tags = append(in.Tags, "two words", "x|y")
			in.State = incident.Draft
			in.Location.Precision = geo.PrecisionTown
			in.Sources = []incident.Source{{Name: "Dawn", URL: "https://example.org/dawn"}}
		}
		if n == 2 { // a location that states its country and province
			in.Location.Country, in.Location.Admin1 = "PK", "Balochistan"
		}
		_, err := sink.PutBatch(t.Context(), []*incident.Incident{in}, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sink
}

func TestRoundTrip(t *testing.T) {
	src := seeded(t)
	for _, tc := range []struct {
		name string
		f    Format
		rs   bool
	}{
		{"out.geojson", GeoJSON, false},
		{"out.geojsons", GeoJSONSeq, false},
		{"out-rs.geojsons", GeoJSONSeq, true},
		{"out.csv", CSV, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			buf := exportAll(t, src, tc.f, WriteOptions{Series: src.seriesFn, RS: tc.rs})
			dst := newMemSink()
			// Recognised from the content alone, too.
			sum, err := importString(t, dst, "-", buf.String(), Options{})
			if err != nil {
				t.Fatalf("%v\n%v", err, sum.Errors)
			}
			if sum.Format != tc.f {
				t.Errorf("sniffed %s, want %s", sum.Format, tc.f)
			}
			sameIncidents(t, dst.all(), src.all())
			if tc.f != CSV { // CSV carries series ids, not the series themselves
				sameSeries(t, dst.series, src.series)
			}
			// Importing the export into its source changes nothing.
			sum, err = importString(t, src, tc.name, buf.String(), Options{})
			if err != nil || sum.Unchanged != len(src.byID) {
				t.Errorf("re-import into source: %+v %v, want all unchanged", sum, err)
			}
		})
	}
}

func TestSeedData(t *testing.T) {
	sink := newMemSink()
	if _, err := LoadSeed(t.Context(), sink, mustGazetteer(t)); err != nil {
		t.Fatal(err)
	}
	baam, ok := sink.series["operation-baam-2025"]
	if !ok || baam.Name != "Operation Baam" || len(baam.Claims) != 2 {
		t.Fatalf("series: %+v", baam)
	}
	for i, want := range []int{20, 50} {
		c := baam.Claims[i]
		k := c.Casualties[incident.SecurityForces].Killed
		if c.Actor != "BLF" || k == nil || k.Low != want || !k.AtLeast || c.Status != incident.Unverified {
			t.Errorf("series claim %d: %+v", i, c)
		}
	}
	members := map[string]bool{}
	for _, in := range sink.all() {
		if in.Series == baam.ID {
			members[in.Location.DistrictID] = true
			if in.Location.Precision != geo.PrecisionDistrict {
				t.Errorf("%s: precision %s, want district", in.ID, in.Location.Precision)
			}
			if k := incident.DeriveKilled(in.Claims); k != (incident.Killed{}) {
				t.Errorf("%s: series figures leaked into the member: %+v", in.ID, k)
			}
		}
	}
	if len(members) != 3 || !members["panjgur"] || !members["kech"] || !members["kharan"] {
		t.Errorf("Operation Baam members in %v, want panjgur, kech, kharan", members)
	}
	bus, _ := sink.lookup("seed-2025-07-10-zhob-bus-attack")
	if bus == nil || bus.Location.DistrictID != "zhob" || bus.Date != "2025-07-10" {
		t.Fatalf("bus attack: %+v", bus)
	}
	if k := incident.DeriveKilled(bus.Claims); k.Best != 9 || bus.Verification() != incident.Confirmed {
		t.Errorf("bus attack killed %+v status %s, want best 9 confirmed", k, bus.Verification())
	}
	loralai := false
	for _, c := range bus.Claims {
		loralai = loralai || strings.Contains(c.Notes, "Loralai")
	}
	if !loralai || len(bus.Claims) < 4 {
		t.Errorf("bus attack claims: want the Loralai placement and attributions kept apart, got %+v", bus.Claims)
	}
	awaran, _ := sink.lookup("seed-2025-awaran-ibo")
	if awaran == nil || awaran.DatePrecision != incident.DateRange || awaran.Date != "2025-06-01" || awaran.EndDate != "2025-07-31" {
		t.Errorf("awaran: %+v", awaran)
	}
	if len(sink.byID) != 5 {
		t.Errorf("%d seed incidents, want 5", len(sink.byID))
	}
}

func TestImportACLED(t *testing.T) {
	const text = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n" +
		`PAK1001,2025-07-10,2025,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,BLA: Balochistan Liberation Army,,2,Military Forces of Pakistan (2018-),,1,12,,586,Caucasus and Central Asia,Pakistan,Balochistan,Kech,Turbat,Turbat,26.0031,63.0440,1,Dawn,National,"On 10 July 2025, an IED hit an FC vehicle near Turbat, Kech.",3,,1720000000` + "\n" +
		`PAK1002,12 July 2025,2025,3,Political violence,Battles,Armed clash,Military Forces of Pakistan (2018-),,1,BLF: Balochistan Liberation Front,,2,12,,586,Caucasus and Central Asia,Pakistan,Balochistan,Panjgur,,Panjgur,,,3,ISPR,National,Clash in Panjgur district.,5,,1720000000` + "\n"
	sink := newMemSink()
	sum, err := importString(t, sink, "acled.csv", text, Options{})
	if err != nil {
		t.Fatalf("%v %v", err, sum.Errors)
	}
	a, _ := sink.lookup("PAK1001")
	if a.Type != incident.TypeBombing || a.Location.DistrictID != "kech" || a.Location.Precision != geo.PrecisionExact ||
		a.Claims[0].Actor != "BLA" || a.Claims[0].Casualties[incident.Unspecified].Killed.Low != 3 || a.Claims[0].Source.Name != "Dawn" {
		t.Errorf("PAK1001: %+v", a)
	}
	b, _ := sink.lookup("PAK1002")
	if b.Date != "2025-07-12" || b.DatePrecision != incident.DateMonth || b.Type != incident.TypeArmedClash ||
		b.Claims[0].Actor != "ISPR" || b.Location.Precision != geo.PrecisionDistrict || b.Location.DistrictID != "panjgur" {
		t.Errorf("PAK1002: %+v", b)
	}
	// Beyond the province: a row in Karachi is located to its own district,
	// province and country; a point in the open sea and an unknown province
	// are errors naming their field.
	outside := strings.Replace(text, ",Balochistan,Kech,Turbat,Turbat,26.0031,63.0440,", ",Sindh,South Karachi,,Karachi,24.8608,67.0104,", 1)
	sink = newMemSink()
	if sum, err := importString(t, sink, "acled.csv", outside, Options{}); err != nil {
		t.Fatalf("%v %v", err, sum.Errors)
	}
	if k, _ := sink.lookup("PAK1001"); k.Location.DistrictID != "south-karachi" || k.Location.Country != "PK" || k.Location.Admin1 != "Sindh" || k.Location.Region() != incident.RegionOutside {
		t.Errorf("Karachi row located to %+v", k.Location)
	}
	bad := strings.Replace(text, "2025-07-10", "17/3/2025", 1)
	bad = strings.Replace(bad, ",Balochistan,Panjgur", ",Atlantis,Panjgur", 1)
	bad += strings.Replace(strings.Split(text, "\n")[1], "26.0031,63.0440", "24.5,64.0", 1) + "\n"
	_, err = importString(t, newMemSink(), "acled.csv", bad, Options{})
	sum, _ = importString(t, newMemSink(), "acled.csv", bad, Options{})
	if err == nil || len(sum.Errors) != 3 ||
		sum.Errors[0].Error() != `acled.csv:2: field "event_date": want YYYY-MM-DD, got "17/3/2025"` ||
		!strings.HasPrefix(sum.Errors[1].Error(), `acled.csv:3: field "admin1": unknown province "Atlantis"`) ||
		!strings.HasPrefix(sum.Errors[2].Error(), `acled.csv:4: field "geometry": point 64,24.5 is in the open sea or beyond the mapped region`) {
		t.Errorf("bad ACLED rows: %v", sum.Errors)
	}
}
