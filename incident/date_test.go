package incident_test

import (
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
