package incident

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func boundPtr(minLon, minLat, maxLon, maxLat float64) *orb.Bound {
	return &orb.Bound{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}
}

func TestParseFilter(t *testing.T) {
	// A stand-in for the gazetteer's resolver: ids and names of two districts.
	districts := DistrictResolver(func(v string) (string, bool) {
		id, ok := map[string]string{"kech": "kech", "Kech": "kech", "Kej": "kech", "panjgur": "panjgur"}[v]
		return id, ok
	})
	tests := []struct {
		name  string
		query string
		want  Filter
		param string // non-empty: want a ParamError naming it
	}{
		{name: "empty", query: ""},
		{name: "dates", query: "from=2020-01-01&to=2024-12-31", want: Filter{From: "2020-01-01", To: "2024-12-31"}},
		{name: "rfc3339 date", query: "from=2020-01-01T10:00:00Z", want: Filter{From: "2020-01-01"}},
		{name: "claimant comma and repeat, aliases", query: "claimant=BLA,baloch+liberation+front&claimant=Pakistani+Taliban&claimant=BLA",
			want: Filter{Claimants: []string{"BLA", "BLF", "TTP"}}},
		{name: "district by name and id", query: "district=Kech,panjgur", want: Filter{Districts: []string{"kech", "panjgur"}}},
		{name: "district by alias", query: "district=Kej", want: Filter{Districts: []string{"kech"}}},
		{name: "type alias", query: "type=ied,armed_clash", want: Filter{Types: []Type{TypeBombing, TypeArmedClash}}},
		{name: "status", query: "status=confirmed", want: Filter{Statuses: []Verification{Confirmed}}},
		{name: "verified (issue 18)", query: "verified=confirmed&claimant=BLF", want: Filter{Verified: true, Claimants: []string{"BLF"}}},
		{name: "series", query: "series=op-baam", want: Filter{Series: []string{"op-baam"}}},
		{name: "q", query: "q=+Turbat+", want: Filter{Text: "Turbat"}},
		{name: "bbox", query: "bbox=62,25,64.5,27", want: Filter{BBox: boundPtr(62, 25, 64.5, 27)}},
		{name: "region outside", query: "region=outside", want: Filter{Region: RegionOutside}},
		{name: "region balochistan, any case", query: "region=Balochistan", want: Filter{Region: RegionBalochistan}},
		{name: "region all is no restriction", query: "region=all", want: Filter{}},

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
			got, err := ParseFilter(q, districts)
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
	if _, err := ParseFilter(q, nil); err == nil {
		t.Fatal("limit accepted without being allowed")
	}
	if _, err := ParseFilter(q, nil, "limit"); err != nil {
		t.Fatalf("limit allowed as extra: %v", err)
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
		got, err := ParseFilter(q, nil)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param == "" {
				t.Fatalf("error %v is not a ParamError naming a parameter", err)
			}
			return
		}
		if got.Verified != q.Has("verified") {
			t.Fatalf("verified %v from %q", got.Verified, raw)
		}
		if got.BBox != nil && (got.BBox.Min[0] > got.BBox.Max[0] || got.BBox.Min[1] > got.BBox.Max[1]) {
			t.Fatalf("inverted bbox %v accepted", got.BBox)
		}
		if got.From != "" && got.To != "" && got.To < got.From {
			t.Fatalf("to %s before from %s accepted", got.To, got.From)
		}
		if got.Region != "" && got.Region != RegionBalochistan && got.Region != RegionOutside {
			t.Fatalf("region %q accepted", got.Region)
		}
	})
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"62,25,64,27", "-180,-90,180,90", "1,2,3", "1e400,0,0,0", " 62 , 25 ,64,27"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBBox(s)
		if err != nil {
			return
		}
		if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] {
			t.Fatalf("ParseBBox(%q) = %v: out of range", s, b)
		}
	})
}
