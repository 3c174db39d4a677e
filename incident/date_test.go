package incident_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// sameAsTimeParse checks ParseDate against time.Parse, the definition of
// a valid date it must keep.
func sameAsTimeParse(t *testing.T, s string) {
	t.Helper()
	got, err := incident.ParseDate(s)
	want, werr := time.Parse(time.DateOnly, s)
	if (err == nil) != (werr == nil) || !got.Equal(want) || got.Location() != want.Location() {
		t.Fatalf("ParseDate(%q) = %v, %v; time.Parse gives %v, %v", s, got, err, want, werr)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{
		"2025-07-10", "2024-02-29", "2023-02-29", "2023-02-28", "2025-04-31", "2025-12-31",
		"0000-01-01", "9999-12-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-01",
		"2025-01-1", "2025/01/01", "", "2025-01-01T00:00:00Z", "+025-01-01", "2025-0a-01", "１２３４-01-01",
	} {
		sameAsTimeParse(t, s)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-07-10", "2024-02-29", "2023-02-29", "2025-13-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(sameAsTimeParse)
}

// TestNormalized: Normalized is true exactly when Normalize changes nothing.
func TestNormalized(t *testing.T) {
	base := func() *incident.Incident {
		return &incident.Incident{ID: "X-1", Title: "Attack", Date: "2025-07-10", DatePrecision: incident.DateDay,
			State: incident.Published, Location: incident.Location{Method: incident.MethodManual},
			Claims: []incident.Claim{{Actor: "BLF", Kind: incident.KindResponsibility, Status: incident.Unverified}}}
	}
	cases := map[string]func(*incident.Incident){
		"as is":            func(*incident.Incident) {},
		"no claims":        func(in *incident.Incident) { in.Claims = []incident.Claim{} },
		"nil claims":       func(in *incident.Incident) { in.Claims = nil },
		"padded id":        func(in *incident.Incident) { in.ID = " X-1" },
		"padded title":     func(in *incident.Incident) { in.Title = "Attack\n" },
		"no precision":     func(in *incident.Incident) { in.DatePrecision = "" },
		"no state":         func(in *incident.Incident) { in.State = "" },
		"draft":            func(in *incident.Incident) { in.State = incident.Draft },
		"no method":        func(in *incident.Incident) { in.Location.Method = "" },
		"actor alias":      func(in *incident.Incident) { in.Claims[0].Actor = "Balochistan Liberation Front" },
		"actor lower case": func(in *incident.Incident) { in.Claims[0].Actor = "blf" },
		"unknown actor":    func(in *incident.Incident) { in.Claims[0].Actor = "Some group" },
		"padded unknown":   func(in *incident.Incident) { in.Claims[0].Actor = "Some group " },
		"no status":        func(in *incident.Incident) { in.Claims[0].Status = "" },
	}
	for name, change := range cases {
		in := base()
		change(in)
		got := in.Normalized()
		before := *in
		before.Claims = slices.Clone(in.Claims)
		in.Normalize()
		same := reflect.DeepEqual(before, *in) && (before.Claims == nil) == (in.Claims == nil)
		if got != same {
			t.Errorf("%s: Normalized() = %v, but Normalize changed nothing: %v", name, got, same)
		}
	}
}
