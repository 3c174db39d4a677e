package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/data"
)

// The corpus scorer runs the extractor over the development corpus of real
// news reports kept outside the repository (the texts are copyrighted
// excerpts: they are read at test time only, never copied into the project).
// INCIDENTMAP_CORPUS names another folder of NN.txt / NN.json pairs.
const defaultCorpus = "../../shared/corpus/news"

// Floors for the corpus figures: set at what the extractor reaches, raised
// as it improves, so that a regression fails the test.
var corpusFloors = map[string]float64{
	"precision": 0.96,
	"recall":    0.91,
	"dates":     0.97,
	"types":     0.93,
	"claimants": 0.90,
	"figures":   0.86,
}

// corpusDoc is one annotation (NN.json). Fields that accept alternatives
// (a list) are kept raw and read with alts.
type corpusDoc struct {
	Published string           `json:"published"`
	Incidents []corpusIncident `json:"incidents"`
}

type corpusIncident struct {
	District json.RawMessage `json:"district"`
	Date     json.RawMessage `json:"date"`
	Type     json.RawMessage `json:"type"`
	Optional bool            `json:"optional"`
	Claims   []corpusClaim   `json:"claims"`
}

type corpusClaim struct {
	Actor    json.RawMessage   `json:"actor"`
	Optional bool              `json:"optional"`
	Killed   map[string]string `json:"killed"`
	Injured  map[string]string `json:"injured"`
}

// alts reads a string, a list of strings or null (nil).
func alts(raw json.RawMessage) []string {
	var one *string
	if err := json.Unmarshal(raw, &one); err == nil {
		if one == nil {
			return nil
		}
		return []string{*one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inside reports whether a candidate lies in Balochistan.
func inside(c *Candidate) bool {
	a := strings.ToLower(c.Location.Admin1)
	return a == "" || a == "balochistan"
}

func districtOK(w *corpusIncident, c *Candidate) bool {
	ds := alts(w.District)
	if ds == nil {
		// outside Balochistan; optional background without a place also
		// accepts a candidate located only to the province
		return !inside(c) || (w.Optional && c.Location.DistrictID == "")
	}
	if !inside(c) {
		return false
	}
	for _, d := range ds {
		n := normName(d)
		if n != "" && (n == normName(c.Location.District) || n == normName(c.Location.DistrictID) || n == normName(districtNames()[c.Location.DistrictID])) {
			return true
		}
	}
	return false
}

// districtNames maps the shipped districts' ids to their names in
// data/districts.geojson, the names the annotations use (the gazetteer
// reports a district's common name, "Surab" for Shaheed Sikandarabad).
var districtNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	b, err := fs.ReadFile(data.FS, "districts.geojson")
	if err != nil {
		return m
	}
	var fc struct {
		Features []struct {
			Properties struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"features"`
	}
	if json.Unmarshal(b, &fc) == nil {
		for _, f := range fc.Features {
			m[f.Properties.ID] = f.Properties.Name
		}
	}
	return m
})

// acceptedDays expands an annotation date (a day, a list of days, "A/B" for
// a range) into a set of days; nil for no date.
func acceptedDays(raw json.RawMessage) map[string]bool {
	ds := alts(raw)
	if ds == nil {
		return nil
	}
	m := map[string]bool{}
	for _, d := range ds {
		a, b, ok := strings.Cut(d, "/")
		if !ok {
			b = a
		}
		from, err1 := time.Parse(time.DateOnly, a)
		to, err2 := time.Parse(time.DateOnly, b)
		if err1 != nil || err2 != nil {
			continue
		}
		for t := from; !t.After(to); t = t.AddDate(0, 0, 1) {
			m[t.Format(time.DateOnly)] = true
		}
	}
	return m
}

// candDays is the span of days of a candidate's date, nil when unknown.
func candDays(c *Candidate) []string {
	if !c.Date.Known {
		return nil
	}
	from, err := time.Parse(time.DateOnly, c.Date.Date)
	if err != nil {
		return nil
	}
	to := from
	if c.Date.EndDate != "" {
		if t, err := time.Parse(time.DateOnly, c.Date.EndDate); err == nil {
			to = t
		}
	}
	var out []string
	for t := from; !t.After(to) && len(out) < 62; t = t.AddDate(0, 0, 1) {
		out = append(out, t.Format(time.DateOnly))
	}
	return out
}

// dateNear: the expected event has no date, or some day of the candidate
// lies within a day of an accepted day.
func dateNear(w *corpusIncident, c *Candidate) bool {
	acc := acceptedDays(w.Date)
	if acc == nil {
		return true
	}
	for _, d := range candDays(c) {
		t, _ := time.Parse(time.DateOnly, d)
		for _, dt := range []int{-1, 0, 1} {
			if acc[t.AddDate(0, 0, dt).Format(time.DateOnly)] {
				return true
			}
		}
	}
	return false
}

// dateRight: every day of the candidate's date is an accepted day.
func dateRight(w *corpusIncident, c *Candidate) bool {
	acc := acceptedDays(w.Date)
	days := candDays(c)
	if len(days) == 0 {
		return false
	}
	for _, d := range days {
		if !acc[d] {
			return false
		}
	}
	return true
}

func actorIs(raw json.RawMessage, id string) bool {
	for _, a := range alts(raw) {
		if normName(a) == normName(id) {
			return true
		}
	}
	return false
}

// ratio is right out of total.
type ratio struct{ right, total int }

func (r *ratio) add(ok bool) {
	r.total++
	if ok {
		r.right++
	}
}

func (r ratio) value() float64 {
	if r.total == 0 {
		return 1
	}
	return float64(r.right) / float64(r.total)
}

func (r ratio) String() string {
	return fmt.Sprintf("%.2f (%d/%d)", r.value(), r.right, r.total)
}

// corpusScore holds the overall figures.
type corpusScore struct {
	precision, recall                ratio
	dates, types, claimants, figures ratio
}

// scoreReport compares one extraction with its annotation and returns the
// lines describing what was missed or invented.
func scoreReport(sc *corpusScore, want *corpusDoc, res *Result) []string {
	var out []string
	used := make([]bool, len(res.Candidates))
	// Required incidents first, so that an optional one never takes the
	// candidate a required one needs.
	order := make([]int, 0, len(want.Incidents))
	for i, w := range want.Incidents {
		if !w.Optional {
			order = append(order, i)
		}
	}
	for i, w := range want.Incidents {
		if w.Optional {
			order = append(order, i)
		}
	}
	for _, n := range order {
		w := &want.Incidents[n]
		k := -1
		for i := range res.Candidates {
			c := &res.Candidates[i]
			if used[i] || !districtOK(w, c) || !dateNear(w, c) {
				continue
			}
			// prefer the candidate of the right type
			if k < 0 || (!typeOK(w, &res.Candidates[k]) && typeOK(w, c)) {
				k = i
			}
		}
		label := fmt.Sprintf("incident %d (%s %s %s)", n+1, strings.Join(alts(w.District), "|"), strings.Join(alts(w.Date), "|"), strings.Join(alts(w.Type), "|"))
		if k < 0 {
			if !w.Optional {
				sc.recall.add(false)
				out = append(out, "missed "+label)
			}
			continue
		}
		used[k] = true
		if w.Optional {
			continue
		}
		sc.recall.add(true)
		sc.precision.add(true)
		c := &res.Candidates[k]
		var bad []string
		if alts(w.Date) != nil {
			ok := dateRight(w, c)
			sc.dates.add(ok)
			if !ok {
				bad = append(bad, fmt.Sprintf("date %s/%s", c.Date.Date, c.Date.EndDate))
			}
		}
		ok := typeOK(w, c)
		sc.types.add(ok)
		if !ok {
			bad = append(bad, "type "+string(c.Type))
		}
		bad = append(bad, scoreCorpusClaims(sc, w, c)...)
		if len(bad) > 0 {
			out = append(out, label+": "+strings.Join(bad, "; "))
		}
	}
	for i := range res.Candidates {
		if !used[i] {
			c := &res.Candidates[i]
			sc.precision.add(false)
			out = append(out, fmt.Sprintf("invented %q (%s %s)", c.Title, c.Location.District, c.Date.Date))
		}
	}
	return out
}

func typeOK(w *corpusIncident, c *Candidate) bool {
	for _, t := range alts(w.Type) {
		if t == string(c.Type) {
			return true
		}
	}
	return false
}

// scoreCorpusClaims scores the claimant set of a matched incident (every
// required claim's actor present, every extracted actor expected) and each
// figure of the matched claims (expected and extracted, zeros ignored).
func scoreCorpusClaims(sc *corpusScore, w *corpusIncident, c *Candidate) []string {
	var bad []string
	usedC := make([]bool, len(c.Claims))
	match := make([]int, len(w.Claims))
	// exact single-actor claims first, then alternatives
	for pass := 0; pass < 2; pass++ {
		for n, wc := range w.Claims {
			if pass == 0 {
				match[n] = -1
			}
			if match[n] >= 0 || (pass == 0) != (len(alts(wc.Actor)) == 1) {
				continue
			}
			for i, cl := range c.Claims {
				if !usedC[i] && actorIs(wc.Actor, cl.Actor) {
					usedC[i], match[n] = true, i
					break
				}
			}
		}
	}
	setOK := true
	for n, wc := range w.Claims {
		if match[n] < 0 && !wc.Optional {
			setOK = false
			bad = append(bad, "no claim by "+strings.Join(alts(wc.Actor), "|"))
		}
	}
	for i, cl := range c.Claims {
		if !usedC[i] {
			setOK = false
			bad = append(bad, "extra claim by "+cl.Actor)
		}
	}
	sc.claimants.add(setOK)
	for n, wc := range w.Claims {
		if match[n] < 0 && wc.Optional {
			continue
		}
		got := map[string]string{}
		actor := strings.Join(alts(wc.Actor), "|")
		if match[n] >= 0 {
			got = figures(c.Claims[match[n]].Casualties)
			actor = c.Claims[match[n]].Actor
		}
		keys := map[string]string{}
		for outcome, m := range map[string]map[string]string{"killed": wc.Killed, "injured": wc.Injured} {
			for grp, fig := range m {
				if fig != "0" {
					keys[outcome+" "+grp] = fig
				}
			}
		}
		for k, fig := range got {
			if _, ok := keys[k]; !ok && fig != "0" {
				keys[k] = ""
			}
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			ok := got[k] == keys[k]
			sc.figures.add(ok)
			if !ok {
				bad = append(bad, fmt.Sprintf("%s %s: got %q, want %q", actor, k, got[k], keys[k]))
			}
		}
	}
	return bad
}

// readReport reads NN.txt: three "# " header lines (source, published,
// outlet), then the body given to the extractor.
func readReport(path string) (body string, published time.Time, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", time.Time{}, err
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), MaxText)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if header && strings.HasPrefix(line, "# ") {
			if v, ok := strings.CutPrefix(line, "# published: "); ok {
				v, _, _ = strings.Cut(v, " ")
				if published, err = time.Parse(time.DateOnly, v); err != nil {
					return "", time.Time{}, fmt.Errorf("%s: published: %w", path, err)
				}
			}
			continue
		}
		header = false
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String(), published, sc.Err()
}

// corpusDir returns the corpus folder, or "" when it is absent.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("INCIDENTMAP_CORPUS")
	if dir == "" {
		dir = defaultCorpus
	}
	if _, err := os.Stat(filepath.Join(dir, "01.txt")); err != nil {
		msg := fmt.Sprintf("no news corpus at %s (set INCIDENTMAP_CORPUS): %v", dir, err)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return dir
}

type corpusReport struct {
	name string
	body string
	pub  time.Time
	want corpusDoc
}

func loadCorpus(tb testing.TB) []corpusReport {
	tb.Helper()
	dir := corpusDir(tb)
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("corpus %s: no reports (%v)", dir, err)
	}
	sort.Strings(files)
	var out []corpusReport
	for _, f := range files {
		r := corpusReport{name: strings.TrimSuffix(filepath.Base(f), ".txt")}
		if r.body, r.pub, err = readReport(f); err != nil {
			tb.Fatal(err)
		}
		b, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".json")
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(b, &r.want); err != nil {
			tb.Fatalf("%s.json: %v", r.name, err)
		}
		out = append(out, r)
	}
	return out
}

// TestCorpus runs the extractor over the news corpus and prints, per report,
// what was missed or invented, then incident precision and recall and, for
// matched incidents, the share of right dates, types, claimant sets and
// per-claimant figures. It fails when a figure falls below its floor.
func TestCorpus(t *testing.T) {
	reports := loadCorpus(t)
	x := realExtractor(t)
	var sc corpusScore
	for _, r := range reports {
		res, err := x.Extract(r.body, r.pub)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		for _, line := range scoreReport(&sc, &r.want, res) {
			t.Logf("%s: %s", r.name, line)
		}
	}
	got := map[string]ratio{"precision": sc.precision, "recall": sc.recall, "dates": sc.dates,
		"types": sc.types, "claimants": sc.claimants, "figures": sc.figures}
	summary := fmt.Sprintf("corpus (%d reports): incidents precision %v recall %v; matched: dates %v types %v claimants %v figures %v",
		len(reports), sc.precision, sc.recall, sc.dates, sc.types, sc.claimants, sc.figures)
	t.Log(summary)
	fmt.Println(summary)
	for _, k := range []string{"precision", "recall", "dates", "types", "claimants", "figures"} {
		if v := got[k].value(); v < corpusFloors[k] {
			t.Errorf("corpus %s %.2f is below its floor %.2f", k, v, corpusFloors[k])
		}
	}
}

// BenchmarkCorpus measures reports per second over the whole news corpus.
func BenchmarkCorpus(b *testing.B) {
	reports := loadCorpus(b)
	x := realExtractor(b)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reports {
			if _, err := x.Extract(r.body, r.pub); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
}

// TestCorpusShow prints the extraction of the reports named in
// INCIDENTMAP_CORPUS_SHOW (comma-separated, "05,17"): a debugging aid.
func TestCorpusShow(t *testing.T) {
	show := os.Getenv("INCIDENTMAP_CORPUS_SHOW")
	if show == "" {
		t.Skip("set INCIDENTMAP_CORPUS_SHOW=NN to print a report's extraction")
	}
	x := realExtractor(t)
	for _, r := range loadCorpus(t) {
		if !strings.Contains(","+show+",", ","+r.name+",") {
			continue
		}
		res, err := x.Extract(r.body, r.pub)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range res.Candidates {
			t.Logf("%s cand %d: %s sents %v date %+v type %s", r.name, i, c.Title, c.Sentences, c.Date.Date+"/"+c.Date.EndDate, c.Type)
			for _, p := range c.Places {
				t.Logf("   place %q %s %s excl=%s", p.Text, p.DistrictID, p.Admin1, p.Excluded)
			}
			for _, cl := range c.Claims {
				t.Logf("   claim %s %s %v", cl.Actor, cl.Kind, figures(cl.Casualties))
				for _, f := range cl.Figures {
					t.Logf("      figure s%d %s %s %v %q", f.Sentence, f.Outcome, f.Group, f.Range, f.Text)
				}
			}
		}
		for _, s := range res.SeriesInfo {
			t.Logf("%s series %q members %v", r.name, s.Name, s.Members)
		}
		for _, s := range res.Skipped {
			t.Logf("%s skipped %d: %s", r.name, s.Sentence, s.Reason)
		}
		for i, s := range res.Sentences {
			t.Logf("%s sent %d: %.90s", r.name, i, s.Text)
		}
	}
}
