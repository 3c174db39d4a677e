package incident

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var updateKilled = flag.Bool("update", false, "rewrite testdata/killed_cases.json")

// killedCase is one set of claims with its derived figures: the desk's
// copy of the rule in JavaScript (static/src/desk/derive.js) is checked
// against these (static/test/desk-unit.test.mjs).
type killedCase struct {
	Claims []Claim `json:"claims"`
	Killed Killed  `json:"killed"`
}

// killedCases makes n claim sets, the same every time: every status and
// kind, one to three groups, single figures, ranges and "at least".
func killedCases(n int) []killedCase {
	r := rand.New(rand.NewPCG(16, 16))
	out := make([]killedCase, n)
	for i := range out {
		claims := make([]Claim, r.IntN(4))
		for j := range claims {
			c := Claim{Actor: "X", Kind: ClaimKinds[r.IntN(len(ClaimKinds))], Status: Verifications[r.IntN(len(Verifications))]}
			if r.IntN(5) > 0 {
				c.Casualties = Casualties{}
				for range 1 + r.IntN(3) {
					lo := r.IntN(30)
					rg := &Range{Low: lo, High: lo}
					switch r.IntN(3) {
					case 1:
						rg.High = lo + 1 + r.IntN(10)
					case 2:
						rg.AtLeast = true
					}
					f := Figures{Killed: rg}
					if r.IntN(3) == 0 {
						f = Figures{Injured: rg}
					}
					c.Casualties[Groups[r.IntN(len(Groups))]] = f
				}
			}
			claims[j] = c
		}
		out[i] = killedCase{Claims: claims, Killed: DeriveKilled(claims)}
	}
	return out
}

func TestKilledCasesGolden(t *testing.T) {
	// One case a line: a diff shows the cases that changed.
	b := []byte("[\n")
	for i, c := range killedCases(300) {
		line, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, line...)
	}
	b = append(b, "\n]\n"...)
	path := filepath.Join("testdata", "killed_cases.json")
	if *updateKilled {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./incident -run KilledCases -update)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s is not what DeriveKilled gives: run go test ./incident -run KilledCases -update, and check the desk's copy of the rule", path)
	}
}
