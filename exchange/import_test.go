package exchange

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

func importString(t *testing.T, sink Sink, name, text string, opt Options) (*Summary, error) {
	t.Helper()
	opt.Name = name
	if opt.Geocoder == nil {
		opt.Geocoder = mustGazetteer(t)
	}
	return Import(t.Context(), strings.NewReader(text), sink, opt)
}

// Lines in the shape of the shared benchmark generator's output.
const genLines = `{"type":"Feature","id":"BAL-0000001","geometry":{"type":"Point","coordinates":[69.065959,31.039345]},"properties":{"id":"BAL-0000001","date":"2019-03-04","claimant":"unclaimed","type":"ied","killed":1,"injured":1,"verified":false,"description":"IED blast targeting power pylon on the outskirts of Zhob"}}
{"type":"Feature","id":"BAL-0000002","geometry":{"type":"Point","coordinates":[63.083865,25.992514]},"properties":{"id":"BAL-0000002","date":"2017-07-09","claimant":"BLF","type":"ibo","killed":0,"injured":3,"verified":true,"description":"Intelligence-based operation at mobile tower on the outskirts of Turbat"}}
`

func TestImportFlatSequence(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"plain.geojsons", genLines},
		{"rfc8142.geojsons", "\x1e" + strings.ReplaceAll(strings.TrimSuffix(genLines, "\n"), "\n", "\n\x1e") + "\n"},
		{"sniffed", genLines},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemSink()
			sum, err := importString(t, sink, tc.name, tc.text, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Created != 2 || sum.Format != GeoJSONSeq {
				t.Fatalf("summary %+v, want 2 created from geojsonseq", sum)
			}
			in, _ := sink.lookup("BAL-0000002")
			if in.Type != incident.TypeOperation || in.Location.DistrictID != "kech" || in.Location.Precision != geo.PrecisionExact ||
				in.Location.Method != incident.MethodReverse {
				t.Errorf("got %+v", in)
			}
			if in.Title != "Intelligence-based operation at mobile tower on the outskirts of Turbat" || in.Description != "" {
				t.Errorf("title %q description %q", in.Title, in.Description)
			}
			c := in.Claims[0]
			if len(in.Claims) != 1 || c.Actor != "BLF" || c.Kind != incident.KindResponsibility || c.Status != incident.Confirmed {
				t.Errorf("claim %+v", c)
			}
			if k := c.Casualties[incident.Unspecified]; k.Killed == nil || *k.Killed != (incident.Range{}) || k.Injured.Low != 3 {
				t.Errorf("casualties %+v", c.Casualties)
			}
			first, _ := sink.lookup("BAL-0000001")
			if first.Claims[0].Actor != "unknown" || first.Claims[0].Kind != incident.KindMedia || first.Location.DistrictID != "killa-saifullah" {
				t.Errorf("unclaimed row: %+v", first)
			}
		})
	}
}

func TestImportGeocodesRowsWithoutPoints(t *testing.T) {
	g := mustGazetteer(t)
	kech, _ := g.District("kech")
	text := "id,date,claimant,type,killed,location,district\n" +
		"A1,2025-07-01,BLA,ied,2,,Kech\n" +
		"A2,2025-07-02,BLA,ied,2,Turbat,\n" +
		"A3,2025-07-03,BLA,ied,2,Kech,Kech\n"
	sink := newMemSink()
	if _, err := importString(t, sink, "rows.csv", text, Options{}); err != nil {
		t.Fatal(err)
	}
	a1, _ := sink.lookup("A1")
	if a1.Location.Precision != geo.PrecisionDistrict || a1.Location.Lon != kech.Label[0] || a1.Location.Lat != kech.Label[1] ||
		a1.Location.Method != incident.MethodGazetteer || a1.Location.DistrictID != "kech" {
		t.Errorf("district-only row: %+v, want district precision at %v", a1.Location, kech.Label)
	}
	a2, _ := sink.lookup("A2")
	if a2.Location.Precision != geo.PrecisionTown || a2.Location.DistrictID != "kech" {
		t.Errorf("town row: %+v, want town precision in kech", a2.Location)
	}
	a3, _ := sink.lookup("A3")
	if a3.Location.Precision != geo.PrecisionDistrict {
		t.Errorf("place naming the district: %+v, want district precision", a3.Location)
	}
}

func TestImportBadRowWritesNothing(t *testing.T) {
	badDate := strings.Replace(genLines, `"2017-07-09"`, `"9/7/2017"`, 1)
	atSea := strings.Replace(genLines, `[63.083865,25.992514]`, `[64,24.5]`, 1) // the Arabian Sea
	csvText := "id,date,claimant,type,killed,district\nB1,2025-07-01,BLA,ied,2,Kech\nB2,17/3/2025,BLA,ied,2,Kech\n"
	fc := `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[63.08,25.99]},"properties":{"id":"C1","date":"2020-01-01","type":"ied"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[63.08,25.99]},"properties":{"id":"C2","date":"2020-01-01","type":"volcano"}}
]}`
	for _, tc := range []struct{ name, text, want string }{
		{"a.geojsons", badDate, `a.geojsons:2: field "date": want YYYY-MM-DD, got "9/7/2017"`},
		{"b.geojsons", atSea, `b.geojsons:2: field "geometry": point 64,24.5 is in the open sea or beyond the mapped region (` + RegionWords + `)`},
		{"unknown.csv", "id,date,district\nD1,2025-07-01,Kech\nD2,2025-07-01,Atlantis\n", `unknown.csv:3: field "district": unknown district "Atlantis"`},
		{"incidents.csv", csvText, `incidents.csv:3: field "date": want YYYY-MM-DD, got "17/3/2025"`},
		{"c.geojson", fc, `c.geojson:3: field "type": unknown incident type "volcano"`},
		{"series.geojson", `{"type":"FeatureCollection","features":[` + strings.ReplaceAll(strings.TrimSpace(genLines), "\n", ",\n") + `],
"series":[{"id":"s1","name":""}]}`, `series.geojson:3: field "series.name": required`},
		{"dup.geojsons", genLines + genLines[:strings.Index(genLines, "\n")+1], `dup.geojsons:3: field "id": duplicate id "BAL-0000001" (first on line 1)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemSink()
			sum, err := importString(t, sink, tc.name, tc.text, Options{BatchSize: 1})
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused", err)
			}
			if len(sink.byID) != 0 || sink.batches != 0 {
				t.Errorf("%d incidents written, want none", len(sink.byID))
			}
			if len(sum.Errors) != 1 || sum.Errors[0].Error() != tc.want {
				t.Errorf("errors %v, want [%s]", sum.Errors, tc.want)
			}
			// With SkipInvalid the good row goes in and the bad one is listed.
			sink = newMemSink()
			sum, err = importString(t, sink, tc.name, tc.text, Options{SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Skipped != 1 || len(sum.Errors) != 1 || sum.Errors[0].Error() != tc.want || len(sink.byID) < 1 {
				t.Errorf("skip-invalid: %+v, %d written", sum, len(sink.byID))
			}
		})
	}
}

func TestImportIdempotent(t *testing.T) {
	sink := newMemSink()
	g := mustGazetteer(t)
	if _, err := LoadSeed(t.Context(), sink, g); err != nil {
		t.Fatal(err)
	}
	n := len(sink.byID)
	sum, err := LoadSeed(t.Context(), sink, g)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Unchanged != n || sum.Created != 0 || sum.Updated != 0 {
		t.Errorf("re-import: %+v, want %d unchanged", sum, n)
	}
	changed := strings.Replace(genLines, `"killed":1,`, `"killed":2,`, 1)
	if _, err := importString(t, sink, "x.geojsons", genLines, Options{}); err != nil {
		t.Fatal(err)
	}
	sum, err = importString(t, sink, "x.geojsons", changed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Updated != 1 || sum.Unchanged != 1 {
		t.Errorf("changed row: %+v, want 1 updated 1 unchanged", sum)
	}
	if in, _ := sink.lookup("BAL-0000001"); in.Revision != 2 {
		t.Errorf("revision %d, want 2", in.Revision)
	}
}

func TestImportStdinSpool(t *testing.T) {
	// A reader that is not seekable is spooled for the second pass.
	sink := newMemSink()
	r := struct{ *bytes.Buffer }{bytes.NewBufferString(genLines)}
	sum, err := Import(t.Context(), r, sink, Options{Geocoder: mustGazetteer(t)})
	if err != nil || sum.Created != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestImportParsesTwiceOverBudget(t *testing.T) {
	// Past KeepBytes the checking pass keeps nothing and the input is read
	// again, from the start of a seekable reader or from the spool.
	for _, tc := range []struct {
		name string
		r    func() io.Reader
	}{
		{"seekable", func() io.Reader { return bytes.NewReader([]byte(genLines)) }},
		{"stream", func() io.Reader { return struct{ io.Reader }{strings.NewReader(genLines)} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sink := newMemSink()
			var acks []Ack
			sum, err := Import(t.Context(), tc.r(), sink, Options{Geocoder: mustGazetteer(t), KeepBytes: -1, BatchSize: 1,
				OnBatch: func(a Ack) { acks = append(acks, a) }})
			if err != nil || sum.Created != 2 || len(sink.byID) != 2 {
				t.Fatalf("%+v %v", sum, err)
			}
			if len(acks) != 2 || acks[1].String() != "committed batch 2 (rows 2-2, lines 2-2)" {
				t.Errorf("acks %v", acks)
			}
		})
	}
}

// A point just outside the coarse province outline (here off Gwadar's
// coast) is within the border tolerance: it goes to the nearest district.
func TestImportPointNearBorder(t *testing.T) {
	line := `{"type":"Feature","geometry":{"type":"Point","coordinates":[62.33,25.085]},"properties":{"id":"N1","date":"2025-07-01","claimant":"BLA","type":"ied","killed":1}}` + "\n"
	sink := newMemSink()
	if _, err := importString(t, sink, "near.geojsons", line, Options{}); err != nil {
		t.Fatal(err)
	}
	in, ok := sink.lookup("N1")
	if !ok || in.Location.DistrictID != "gwadar" {
		t.Fatalf("imported %+v, want an incident in gwadar", in)
	}
}
