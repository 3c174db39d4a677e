package incident_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

func TestMatchText(t *testing.T) {
	in := &incident.Incident{ID: "ACLED-PAK12345", Title: "IED-blast in Turbat", Description: "Levies post attacked; 3 killed.",
		Location: incident.Location{Name: "Main Bazaar", District: "Kech"}, Tags: []string{"Coastal Highway"}}
	tests := map[string]bool{
		"turbat":         true,
		"TURB":           true,
		"ied blast":      true,
		"blast ied":      true,
		"urbat":          false, // inside a word
		"levies kech":    true,
		"bazaar coastal": true,
		"highway zhob":   false, // every word must match
		"acled-pak123":   true,  // a prefix of the id
		"pak12345":       false, // the id matches from its start only
		"3":              true,
		"--":             false,
	}
	for q, want := range tests {
		if got := incident.MatchText(in, q); got != want {
			t.Errorf("MatchText(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestTextWords(t *testing.T) {
	var got []string
	incident.TextWords("IED-blast, Ḍera  Bugti's 2025 تربت", func(w string) bool { got = append(got, w); return true })
	want := []string{"ied", "blast", "ḍera", "bugti", "s", "2025", "تربت"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("word %d = %q, want %q", i, got[i], want[i])
		}
	}
}
