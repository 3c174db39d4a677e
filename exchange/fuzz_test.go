package exchange

import (
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
)

// fuzzGeocoder is a tiny stand-in for the gazetteer, so that fuzzing
// spends its time in the parsers: one district (Kech, a box) and one town.
type fuzzGeocoder struct{}

var fuzzKech = &geo.District{ID: "kech", Name: "Kech", Label: orb.Point{63.09, 26.01},
	Bound: orb.Bound{Min: orb.Point{62, 25.3}, Max: orb.Point{64.5, 26.7}}}

func (fuzzGeocoder) Geocode(q string, _ geo.GeocodeOptions) ([]geo.Candidate, error) {
	if strings.EqualFold(strings.TrimSpace(q), "turbat") {
		return []geo.Candidate{{Name: "Turbat", Kind: geo.KindTown, DistrictID: "kech", District: "Kech",
			Point: orb.Point{63.05, 26.0}, Precision: geo.PrecisionTown, Match: "exact"}}, nil
	}
	return nil, geo.ErrNoMatch
}

func (fuzzGeocoder) ReverseNear(p orb.Point, _ float64) (geo.Place, error) {
	if err := geo.CheckPoint(p); err != nil {
		return geo.Place{}, err
	}
	if fuzzKech.Bound.Contains(p) {
		return geo.Place{Inside: true, Region: geo.RegionBalochistan, Country: "PK", Admin1: "Balochistan", DistrictID: "kech", District: "Kech"}, nil
	}
	return geo.Place{}, nil
}

func (fuzzGeocoder) District(s string) (*geo.District, bool) {
	if strings.EqualFold(strings.TrimSpace(s), "kech") {
		return fuzzKech, true
	}
	return nil, false
}

// rowErrorShape is what every row error must look like: file, line, and a
// field when one is named.
var rowErrorShape = regexp.MustCompile(`^fuzz\.[a-z]+:[1-9][0-9]*: (field "[^"]*": )?\S`)

func checkImport(t *testing.T, name, text string, f Format) {
	sink := newMemSink()
	sum, err := importString(t, sink, name, text, Options{Format: f, SkipInvalid: true, MaxErrors: 1000, Geocoder: fuzzGeocoder{}})
	if err != nil {
		return // a malformed whole (not a row) is a plain error
	}
	for _, e := range sum.Errors {
		if !rowErrorShape.MatchString(e.Error()) || e.Line < 1 {
			t.Fatalf("row error without file:line: %q", e.Error())
		}
		if e.Line > strings.Count(text, "\n")+1 {
			t.Fatalf("row error on line %d of a %d-line input: %q", e.Line, strings.Count(text, "\n")+1, e)
		}
	}
	if sum.Rows+sum.Invalid == 0 && len(sink.byID) != 0 {
		t.Fatalf("wrote %d incidents from no rows", len(sink.byID))
	}
	for _, in := range sink.byID {
		if err := in.Validate(); err != nil {
			t.Fatalf("imported an invalid incident: %v", err)
		}
	}
}

func FuzzGeoJSONSeq(f *testing.F) {
	f.Add(genLines)
	f.Add("\x1e" + genLines)
	f.Add(`{"type":"Feature","geometry":null,"properties":{"id":"x","date":"2025-01-01","location":"Turbat","killed":"3-7","verified":"independent","tags":["a","b"]}}` + "\n")
	f.Add(`{"type":"Feature","geometry":{"type":"Point","coordinates":[63,26]},"properties":{"id":"y","title":"t","date":"2025-01-01","type":"ied","claims":[{"actor":"BLA","kind":"denial","status":"denied"}]}}`)
	f.Add(`{"type":"FeatureCollection","features":[],"series":[{"id":"s","name":"S","claims":[]}]}`)
	f.Add(`{"type":"Feature","id":1e400,"properties":{"id":"\u00e9\ud800","date":"2025-02-29"}}`)
	f.Fuzz(func(t *testing.T, text string) {
		checkImport(t, "fuzz.geojsons", text, GeoJSONSeq)
	})
}

func FuzzGeoJSON(f *testing.F) {
	f.Add(`{"type":"FeatureCollection","features":[` + strings.ReplaceAll(strings.TrimSpace(genLines), "\n", ",\n") + `]}`)
	f.Add("{\n\"type\": \"FeatureCollection\",\n\"series\": [{\"id\":\"s\",\"name\":\"S\"}],\n\"features\": [\n{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":\"a\",\"date\":\"2025-01-01\",\"district\":\"Kech\"}}\n]}")
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}`)
	f.Fuzz(func(t *testing.T, text string) {
		checkImport(t, "fuzz.geojson", text, GeoJSON)
	})
}

func FuzzCSV(f *testing.F) {
	f.Add("id,date,claimant,type,killed,injured,verified,location,district,lon,lat\nA,2025-07-01,BLA,ied,2,1,true,,Kech,,\nB,2025-07-01,BLF,ied,at least 3,,no,,,63.05,26.0\n")
	f.Add("event_id_cnty,event_date,event_type,sub_event_type,actor1,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,notes,fatalities\n" +
		"PAK1,2025-07-10,Battles,Armed clash,BLA: Balochistan Liberation Army,Balochistan,Kech,Turbat,Turbat,26.0,63.05,2,Dawn,\"a, b\",3\n" +
		"PAK2,10 July 2025,Battles,,Military Forces of Pakistan (2018-),Balochistan,Panjgur,,,,,3,ISPR,,\n")
	// The project's CSV as written before the country columns, and now.
	f.Add(strings.Join(CSVColumns[:28], ",") + "\nX,T,,2025-01-01,,day,ied,,,,kech,,,district,,,,,,,,,,,\"[{\"\"actor\"\":\"\"BLA\"\",\"\"kind\"\":\"\"denial\"\",\"\"status\"\":\"\"denied\"\"}]\",,,\n")
	f.Add(strings.Join(CSVColumns, ",") + "\nX,T,,2025-01-01,,day,ied,,,,kech,,,district,,,,,,,,,,,\"[{\"\"actor\"\":\"\"BLA\"\",\"\"kind\"\":\"\"denial\"\",\"\"status\"\":\"\"denied\"\"}]\",,,,PK,Balochistan,balochistan\n")
	f.Add("id,date\n\"unterminated,2025-01-01\n")
	f.Fuzz(func(t *testing.T, text string) {
		checkImport(t, "fuzz.csv", text, CSV)
	})
}

// FuzzFigure checks the casualty figure parser: no panics, and a parsed
// range is ordered and in bounds.
func FuzzFigure(f *testing.F) {
	for _, s := range []string{"12", "3-7", "at least 20", "20+", "-1", "1e3", "7-3", "100001", " 4 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseFigure("killed", s)
		if err != nil {
			if !strings.Contains(err.Error(), `field "killed"`) {
				t.Fatalf("error does not name the field: %v", err)
			}
			return
		}
		if r != nil && (r.Low < 0 || r.High < r.Low || r.High > 100000) {
			t.Fatalf("%q parsed to %+v", s, r)
		}
	})
}
