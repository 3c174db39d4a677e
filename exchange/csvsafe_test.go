package exchange

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// TestCSVFormulaNeutralized: no cell of the project's CSV starts with a
// character a spreadsheet takes for a formula (OWASP), and import undoes
// the neutralisation exactly, leading spaces and quotes included (issue 14).
func TestCSVFormulaNeutralized(t *testing.T) {
	src := newMemSink()
	g := mustGazetteer(t)
	awkward := []struct{ title, desc, place string }{
		{"=HYPERLINK(\"http://x\")", "+1+2", "@SUM(A1)"},
		{"-2 killed", "\t=cmd|' /C calc'!A0", "=1"},
		{"CR first", "\r=1+1", "-2 km from Turbat"}, // a place is one line: CR only in the description
		{"'=already quoted", "''", "'plain quote"},
		{"Plain title", "  leading spaces kept", " spaced place"},
	}
	n := 0
	err := Synthetic(g, len(awkward), 3, func(in *incident.Incident) error {
		a := awkward[n]
		n++
		in.Title, in.Description, in.Location.Name = a.title, a.desc, a.place
		in.Tags = []string{"=tag", "ok"}
		_, err := src.PutBatch(t.Context(), []*incident.Incident{in}, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	buf := exportAll(t, src, CSV, WriteOptions{})
	recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		for i, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("column %s cell %q starts with a formula character", recs[0][i], c)
			}
		}
	}
	dst := newMemSink()
	if sum, err := importString(t, dst, "out.csv", buf.String(), Options{}); err != nil {
		t.Fatalf("%v\n%v", err, sum.Errors)
	}
	sameIncidents(t, dst.all(), src.all())
	for _, in := range dst.all() {
		found := false
		for _, a := range awkward {
			if in.Description == a.desc && in.Location.Name == a.place {
				found = true
			}
		}
		if !found || in.Tags[0] != "=tag" {
			t.Errorf("%s: description %q place %q tags %q not as written", in.ID, in.Description, in.Location.Name, in.Tags)
		}
	}
}

func TestNeutralizeCell(t *testing.T) {
	for _, s := range []string{"", "=", "'", "''", "'=", "a", "-1", "@", "\t", "\r\n", " =x", "'a"} {
		n := NeutralizeCell(s)
		if n != "" && strings.ContainsRune("=+-@\t\r", rune(n[0])) {
			t.Errorf("NeutralizeCell(%q) = %q", s, n)
		}
		if got := UnneutralizeCell(n); got != s {
			t.Errorf("UnneutralizeCell(NeutralizeCell(%q)) = %q", s, got)
		}
	}
}

func FuzzNeutralizeCell(f *testing.F) {
	for _, s := range []string{"=1", "'", "''=", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NeutralizeCell(s)
		if n != "" && strings.ContainsRune("=+-@\t\r", rune(n[0])) {
			t.Fatalf("NeutralizeCell(%q) = %q", s, n)
		}
		if got := UnneutralizeCell(n); got != s {
			t.Fatalf("round trip %q -> %q -> %q", s, n, got)
		}
	})
}
