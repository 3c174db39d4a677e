package server

import (
	"strings"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
)

// TestTagInternedDeduplicates: values added by pointer (tagInterned) and by
// content (tagString) share one entry per distinct string, also across a
// reset that reuses the layer, and decode to the strings given.
func TestTagInternedDeduplicates(t *testing.T) {
	l := newMVTLayer()
	a := "2024-01-02"
	b := strings.Clone(a) // same content, another pointer
	for round := range 2 {
		l.resetIncidents("incidents", tileExtent)
		l.tagInterned(keyDate, a)
		l.addPoint(1, 1, 1)
		l.tagInterned(keyDate, b)
		l.addPoint(2, 2, 2)
		l.tagString(keyDate, a)
		l.addPoint(3, 3, 3)
		other := "2024-01-03"
		if round == 1 {
			other = "2024-01-04"
		}
		l.tagInterned(keyDate, other)
		l.addPoint(4, 4, 4)
		if l.nvals != 2 {
			t.Fatalf("round %d: %d values, want 2", round, l.nvals)
		}
		layers, err := mvt.Unmarshal(l.appendTile(nil))
		if err != nil {
			t.Fatal(err)
		}
		fs := layers[0].Features
		want := []string{a, a, a, other}
		for i, f := range fs {
			if f.Properties["date"] != want[i] {
				t.Errorf("round %d feature %d: date %v, want %s", round, i, f.Properties["date"], want[i])
			}
		}
	}
}
