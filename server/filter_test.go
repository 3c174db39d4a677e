package server

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

func TestParseFilter(t *testing.T) {
	g := testGazetteer(t)
	s := &Server{gaz: g}
	tests := []struct {
		name  string
		query string
		want  incident.Filter
		param string // non-empty: want a ParamError naming it
	}{
		{name: "empty", query: ""},
		{name: "dates", query: "from=2020-01-01&to=2024-12-31", want: incident.Filter{From: "2020-01-01", To: "2024-12-31"}},
		{name: "rfc3339 date", query: "from=2020-01-01T10:00:00Z", want: incident.Filter{From: "2020-01-01"}},
		{name: "claimant comma and repeat, aliases", query: "claimant=BLA,baloch+liberation+front&claimant=Pakistani+Taliban&claimant=BLA",
			want: incident.Filter{Claimants: []string{"BLA", "BLF", "TTP"}}},
		{name: "district by name and id", query: "district=Kech,panjgur", want: incident.Filter{Districts: []string{"kech", "panjgur"}}},
		{name: "district by alias", query: "district=Kej", want: incident.Filter{Districts: []string{"kech"}}},
		{name: "type alias", query: "type=ied,armed_clash", want: incident.Filter{Types: []incident.Type{incident.TypeBombing, incident.TypeArmedClash}}},
		{name: "status", query: "status=confirmed", want: incident.Filter{Statuses: []incident.Verification{incident.Confirmed}}},
		{name: "verified (issue 18)", query: "verified=confirmed&claimant=BLF", want: incident.Filter{Verified: true, Claimants: []string{"BLF"}}},
		{name: "series", query: "series=op-baam", want: incident.Filter{Series: []string{"op-baam"}}},
		{name: "q", query: "q=+Turbat+", want: incident.Filter{Text: "Turbat"}},
		{name: "bbox", query: "bbox=62,25,64.5,27", want: incident.Filter{BBox: boundPtr(62, 25, 64.5, 27)}},
		{name: "region outside", query: "region=outside", want: incident.Filter{Region: incident.RegionOutside}},
		{name: "region balochistan, any case", query: "region=Balochistan", want: incident.Filter{Region: incident.RegionBalochistan}},
		{name: "region all is no restriction", query: "region=all", want: incident.Filter{}},

		{name: "unknown param", query: "foo=1", param: "foo"},
		{name: "bad from", query: "from=2020-13-01", param: "from"},
		{name: "to before from", query: "from=2021-01-01&to=2020-01-01", param: "to"},
		{name: "from twice", query: "from=2021-01-01&from=2021-01-02", param: "from"},
		{name: "empty claimant", query: "claimant=", param: "claimant"},
		{name: "empty claimant in list", query: "claimant=BLA,,BLF", param: "claimant"},
		{name: "unknown district", query: "district=atlantis", param: "district"},
		{name: "unknown type", query: "type=picnic", param: "type"},
		{name: "empty status", query: "status=", param: "status"},
		{name: "bad status", query: "status=maybe", param: "status"},
		{name: "bbox three numbers", query: "bbox=1,2,3", param: "bbox"},
		{name: "bbox not numbers", query: "bbox=a,b,c,d", param: "bbox"},
		{name: "bbox inverted", query: "bbox=64,25,62,27", param: "bbox"},
		{name: "bbox out of range", query: "bbox=-200,25,62,27", param: "bbox"},
		{name: "bbox NaN", query: "bbox=NaN,25,62,27", param: "bbox"},
		{name: "empty q", query: "q=", param: "q"},
		{name: "long q", query: "q=" + strings.Repeat("x", 201), param: "q"},
		{name: "huge value", query: "claimant=" + strings.Repeat("x", 2000), param: "claimant"},
		{name: "invalid utf8", query: "q=%ff%fe", param: "q"},
		{name: "unknown region", query: "region=inside", param: "region"},
		{name: "empty region", query: "region=", param: "region"},
		{name: "region list", query: "region=balochistan,outside", param: "region"},
		{name: "region twice", query: "region=outside&region=all", param: "region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseFilter(q, s.districtResolver)
			if tt.param != "" {
				var pe *ParamError
				if !errors.As(err, &pe) || pe.Param != tt.param {
					t.Fatalf("got error %v, want a ParamError for %q", err, tt.param)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseFilterExtraParams(t *testing.T) {
	q := url.Values{"limit": {"5"}, "claimant": {"BLA"}}
	if _, err := parseFilter(q, nil); err == nil {
		t.Fatal("limit accepted without being allowed")
	}
	if _, err := parseFilter(q, nil, "limit"); err != nil {
		t.Fatalf("limit allowed as extra: %v", err)
	}
}

func TestFilterKeyOrderIndependent(t *testing.T) {
	a, _ := parseFilter(url.Values{"claimant": {"BLA,BLF"}, "type": {"ied"}}, nil)
	b, _ := parseFilter(url.Values{"type": {"ied"}, "claimant": {"BLF", "BLA"}}, nil)
	if filterKey(&a) != filterKey(&b) {
		t.Errorf("keys differ: %q vs %q", filterKey(&a), filterKey(&b))
	}
	c, _ := parseFilter(url.Values{"claimant": {"BLA"}}, nil)
	if filterKey(&a) == filterKey(&c) {
		t.Error("different filters share a key")
	}
	// Tiles and aggregates are cached under this key: each region has its
	// own, "all" is the same as no region, and the region cannot be
	// confused with text.
	keys := map[string]string{}
	for _, q := range []string{"", "region=balochistan", "region=outside", "q=x", "q=x&region=outside", "q=x%00outside"} {
		f, err := parseFilter(mustQuery(q), nil)
		if err != nil {
			t.Fatal(err)
		}
		k := filterKey(&f)
		if other, dup := keys[k]; dup {
			t.Errorf("%q and %q share a key", q, other)
		}
		keys[k] = q
	}
	all, _ := parseFilter(url.Values{"region": {"all"}}, nil)
	if filterKey(&all) != filterKey(&incident.Filter{}) {
		t.Error("region=all has a key of its own")
	}
}

func TestParseDatetime(t *testing.T) {
	tests := []struct {
		in, from, to string
		bad          bool
	}{
		{in: "2020-01-01T00:00:00Z/2024-12-31T23:59:59Z", from: "2020-01-01", to: "2024-12-31"},
		{in: "../2024-12-31T23:59:59Z", to: "2024-12-31"},
		{in: "2020-01-01T00:00:00Z/..", from: "2020-01-01"},
		{in: "2020-01-01T00:00:00Z/", from: "2020-01-01"},
		{in: "2021-03-04T05:00:00+05:00", from: "2021-03-04", to: "2021-03-04"},
		{in: "2021-03-04", from: "2021-03-04", to: "2021-03-04"},
		{in: "yesterday", bad: true},
		{in: "2024-01-01/2020-01-01", bad: true},
		// issue 14: GDAL's forms for date >= / <= / BETWEEN on a date field
		{in: "2025-07-01T/..", from: "2025-07-01"},
		{in: "../2025-07-31T", to: "2025-07-31"},
		{in: "2025-07-01T/2025-07-31T", from: "2025-07-01", to: "2025-07-31"},
		{in: "2025-07-01T10:00:00/..", from: "2025-07-01"},
		{in: "2025-07-01t10:00:00z", from: "2025-07-01", to: "2025-07-01"},
		{in: "2025-07-01T23:30:00-02:00", from: "2025-07-02", to: "2025-07-02"},
		{in: "../..", from: "", to: ""},
		{in: "/", from: "", to: ""},
		{in: "2025-07-01/2025-07-01/2025", bad: true},
		{in: "2025-13-01", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		dt, err := parseDatetime(tt.in)
		from, to := dt.from, dt.to
		if tt.bad != (err != nil) {
			t.Errorf("parseDatetime(%q) error %v, want bad=%v", tt.in, err, tt.bad)
			continue
		}
		if from != tt.from || to != tt.to {
			t.Errorf("parseDatetime(%q) = %q, %q, want %q, %q", tt.in, from, to, tt.from, tt.to)
		}
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"claimant=BLA&from=2020-01-01", "bbox=62,25,64,27", "district=kech&type=ied", "q=x&status=confirmed", "%zz",
		"region=outside&claimant=BLA", "region=all", "region=Balochistan&region=outside", "verified=confirmed", "verified=no"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got, err := parseFilter(q, nil)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param == "" {
				t.Fatalf("error %v is not a ParamError naming a parameter", err)
			}
			return
		}
		if got.BBox != nil && (got.BBox.Min[0] > got.BBox.Max[0] || got.BBox.Min[1] > got.BBox.Max[1]) {
			t.Fatalf("inverted bbox %v accepted", got.BBox)
		}
		if got.From != "" && got.To != "" && got.To < got.From {
			t.Fatalf("to %s before from %s accepted", got.To, got.From)
		}
		if got.Region != "" && got.Region != incident.RegionBalochistan && got.Region != incident.RegionOutside {
			t.Fatalf("region %q accepted", got.Region)
		}
		if got.Verified != q.Has("verified") {
			t.Fatalf("verified %v from %q", got.Verified, raw)
		}
	})
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"62,25,64,27", "-180,-90,180,90", "1,2,3", "1e400,0,0,0", " 62 , 25 ,64,27"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseBBox(s)
		if err != nil {
			return
		}
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
			t.Fatalf("parseBBox(%q) = %v: out of range", s, b)
		}
	})
}

// FuzzParseDatetime: no panics; an error names datetime; a result is a
// pair of valid dates in order, and an instant is one day.
func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2025-07-10", "2025-07-01T/..", "../2025-07-31", "2020-01-01T00:00:00Z/2024-12-31T23:59:59Z",
		"2021-03-04T05:00:00+05:00", "..", "/", "2025-07-01t", "x/y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		dt, err := parseDatetime(v)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param != "datetime" {
				t.Fatalf("parseDatetime(%q): error %v does not name datetime", v, err)
			}
			return
		}
		for _, d := range []string{dt.from, dt.to} {
			if d == "" {
				continue
			}
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				t.Fatalf("parseDatetime(%q) gave date %q", v, d)
			}
		}
		if dt.from != "" && dt.to != "" && dt.to < dt.from {
			t.Fatalf("parseDatetime(%q) = %q..%q, out of order", v, dt.from, dt.to)
		}
		if dt.instant && (dt.from == "" || dt.from != dt.to) {
			t.Fatalf("parseDatetime(%q) instant %q..%q", v, dt.from, dt.to)
		}
	})
}
