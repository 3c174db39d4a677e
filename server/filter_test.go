package server

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

func TestFilterKeyOrderIndependent(t *testing.T) {
	a, _ := incident.ParseFilter(url.Values{"claimant": {"BLA,BLF"}, "type": {"ied"}}, nil)
	b, _ := incident.ParseFilter(url.Values{"type": {"ied"}, "claimant": {"BLF", "BLA"}}, nil)
	if filterKey(&a) != filterKey(&b) {
		t.Errorf("keys differ: %q vs %q", filterKey(&a), filterKey(&b))
	}
	c, _ := incident.ParseFilter(url.Values{"claimant": {"BLA"}}, nil)
	if filterKey(&a) == filterKey(&c) {
		t.Error("different filters share a key")
	}
	// Tiles and aggregates are cached under this key: each region has its
	// own, "all" is the same as no region, and the region cannot be
	// confused with text.
	keys := map[string]string{}
	for _, q := range []string{"", "region=balochistan", "region=outside", "q=x", "q=x&region=outside", "q=x%00outside"} {
		f, err := incident.ParseFilter(mustQuery(q), nil)
		if err != nil {
			t.Fatal(err)
		}
		k := filterKey(&f)
		if other, dup := keys[k]; dup {
			t.Errorf("%q and %q share a key", q, other)
		}
		keys[k] = q
	}
	all, _ := incident.ParseFilter(url.Values{"region": {"all"}}, nil)
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
			var pe *incident.ParamError
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
