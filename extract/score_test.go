package extract

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo/geotest"
	"github.com/incidentmap/incidentmap/incident"
)

// scoreThreshold is the share of expected fields the extractor must get
// right over all test passages. Set from the measured score, a little below
// it, so that a regression fails the test.
const scoreThreshold = 0.97

// expected is a passage's hand-written expected result (testdata/passages/*.json).
type expected struct {
	Published string        `json:"published"`
	Incidents []expIncident `json:"incidents"`
	Series    []expSeries   `json:"series"`
}

type expIncident struct {
	District  string     `json:"district"`
	Precision string     `json:"precision"`
	Type      string     `json:"type"`
	Date      string     `json:"date"` // "" = the text gives no date
	EndDate   string     `json:"end_date"`
	Series    string     `json:"series"`
	Claims    []expClaim `json:"claims"`
}

type expClaim struct {
	Actor   string            `json:"actor"`
	Kind    string            `json:"kind"`
	Status  string            `json:"status"`
	Killed  map[string]string `json:"killed"`  // group -> incident.Range.String()
	Injured map[string]string `json:"injured"` // group -> figure
}

type expSeries struct {
	Name   string     `json:"name"`
	Actor  string     `json:"actor"`
	Claims []expClaim `json:"claims"`
	Silent []string   `json:"silent"`
}

// realExtractor builds an Extractor over the shipped gazetteer.
func realExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	x, err := New(geotest.Gazetteer(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// tally counts right fields and all fields, and lists the misses.
type tally struct {
	right, total int
	misses       []string
}

func (t *tally) check(ok bool, format string, args ...any) {
	t.total++
	if ok {
		t.right++
		return
	}
	t.misses = append(t.misses, fmt.Sprintf(format, args...))
}

// extra counts a field the extractor produced that the passage does not
// have: a wrong field.
func (t *tally) extra(format string, args ...any) {
	t.total++
	t.misses = append(t.misses, "extra: "+fmt.Sprintf(format, args...))
}

func scoreClaims(t *tally, where string, want []expClaim, got []incident.Claim) {
	used := make([]bool, len(got))
	for _, w := range want {
		k := -1
		for i, g := range got {
			if !used[i] && g.Actor == w.Actor && string(g.Kind) == w.Kind {
				k = i
				break
			}
		}
		t.check(k >= 0, "%s: claim %s/%s not found", where, w.Actor, w.Kind)
		if k < 0 {
			t.total++ // its status
			t.total += len(w.Killed) + len(w.Injured)
			continue
		}
		used[k] = true
		g := got[k]
		t.check(string(g.Status) == w.Status, "%s: claim %s status: got %s, want %s", where, w.Actor, g.Status, w.Status)
		gotFig := figures(g.Casualties)
		for _, f := range []struct {
			name string
			m    map[string]string
		}{{"killed", w.Killed}, {"injured", w.Injured}} {
			for grp, fig := range f.m {
				key := f.name + " " + grp
				t.check(gotFig[key] == fig, "%s: claim %s %s: got %q, want %q", where, w.Actor, key, gotFig[key], fig)
				delete(gotFig, key)
			}
		}
		for key, fig := range gotFig {
			t.extra("%s: claim %s %s %s", where, w.Actor, key, fig)
		}
	}
	for i, g := range got {
		if !used[i] {
			t.extra("%s: claim %s/%s", where, g.Actor, g.Kind)
		}
	}
}

func figures(c incident.Casualties) map[string]string {
	m := map[string]string{}
	for g, f := range c {
		if f.Killed != nil {
			m["killed "+string(g)] = f.Killed.String()
		}
		if f.Injured != nil {
			m["injured "+string(g)] = f.Injured.String()
		}
	}
	return m
}

// scorePassage compares one extraction with its expected result. Expected
// incidents are matched to candidates greedily by district, type and date.
func scorePassage(t *tally, name string, want expected, res *Result) {
	if len(want.Incidents) == 0 {
		t.check(len(res.Candidates) == 0, "%s: want no incident, got %d", name, len(res.Candidates))
	}
	used := make([]bool, len(res.Candidates))
	for n, w := range want.Incidents {
		where := fmt.Sprintf("%s incident %d (%s)", name, n+1, w.District)
		k, best := -1, -1
		for i := range res.Candidates {
			c := &res.Candidates[i]
			if used[i] {
				continue
			}
			s := 0
			if c.Location.DistrictID == w.District {
				s += 2
			}
			if string(c.Type) == w.Type {
				s++
			}
			if c.Date.Date == w.Date {
				s++
			}
			if s > best {
				best, k = s, i
			}
		}
		t.check(k >= 0, "%s: not found", where)
		if k < 0 {
			t.total += 5
			for _, c := range w.Claims {
				t.total += 2 + len(c.Killed) + len(c.Injured)
			}
			continue
		}
		used[k] = true
		c := &res.Candidates[k]
		t.check(c.Location.DistrictID == w.District, "%s: district: got %q", where, c.Location.DistrictID)
		t.check(string(c.Location.Precision) == w.Precision, "%s: precision: got %s, want %s", where, c.Location.Precision, w.Precision)
		t.check(string(c.Type) == w.Type, "%s: type: got %s, want %s", where, c.Type, w.Type)
		gotDate := ""
		if c.Date.Known {
			gotDate = c.Date.Date + "/" + c.Date.EndDate
		}
		wantDate := ""
		if w.Date != "" {
			wantDate = w.Date + "/" + w.EndDate
		}
		t.check(gotDate == wantDate, "%s: date: got %q, want %q", where, gotDate, wantDate)
		t.check(c.SeriesName == w.Series, "%s: series: got %q, want %q", where, c.SeriesName, w.Series)
		var got []incident.Claim
		for _, cl := range c.Claims {
			got = append(got, cl.Claim)
		}
		scoreClaims(t, where, w.Claims, got)
	}
	for i, c := range res.Candidates {
		if !used[i] {
			t.extra("%s: incident %q", name, c.Title)
		}
	}
	usedS := make([]bool, len(res.SeriesInfo))
	for _, w := range want.Series {
		k := -1
		for i, s := range res.SeriesInfo {
			if !usedS[i] && s.Name == w.Name {
				k = i
				break
			}
		}
		t.check(k >= 0, "%s: series %q not found", name, w.Name)
		if k < 0 {
			continue
		}
		usedS[k] = true
		s := res.SeriesInfo[k]
		t.check(s.Actor == w.Actor, "%s: series actor: got %q, want %q", name, s.Actor, w.Actor)
		var got []incident.Claim
		for _, cl := range s.Claims {
			got = append(got, cl.Claim)
		}
		scoreClaims(t, name+" series", w.Claims, got)
		for _, a := range w.Silent {
			found := false
			for _, m := range s.Silent {
				found = found || m.ID == a
			}
			t.check(found, "%s: series: %s not recorded as silent", name, a)
		}
	}
	for i, s := range res.SeriesInfo {
		if !usedS[i] {
			t.extra("%s: series %q", name, s.Name)
		}
	}
}

func loadPassages(tb testing.TB) (names []string) {
	tb.Helper()
	files, err := filepath.Glob("testdata/passages/*.txt")
	if err != nil || len(files) < 15 {
		tb.Fatalf("want at least 15 passages, got %d (%v)", len(files), err)
	}
	sort.Strings(files)
	return files
}

// TestScore runs the extractor over every test passage, counts the expected
// fields it gets right and prints the score.
func TestScore(t *testing.T) {
	x := realExtractor(t)
	var all tally
	for _, f := range loadPassages(t) {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var want expected
		b, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s.json: %v", name, err)
		}
		pub, err := time.Parse(time.DateOnly, want.Published)
		if err != nil {
			t.Fatalf("%s.json: published: %v", name, err)
		}
		res, err := x.Extract(string(text), pub)
		if err != nil {
			t.Fatal(err)
		}
		var one tally
		scorePassage(&one, name, want, res)
		all.right += one.right
		all.total += one.total
		all.misses = append(all.misses, one.misses...)
		t.Logf("%-28s %3d/%3d", name, one.right, one.total)
	}
	for _, m := range all.misses {
		t.Log("miss:", m)
	}
	pct := 100 * float64(all.right) / float64(all.total)
	msg := fmt.Sprintf("extract score: %d/%d fields (%.1f%%)", all.right, all.total, pct)
	t.Log(msg)
	fmt.Println(msg)
	if pct < 100*scoreThreshold {
		t.Errorf("%s is below the threshold of %.0f%%", msg, 100*scoreThreshold)
	}
}
