package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// runBin runs the built binary without an INCIDENTMAP_DB from the
// environment.
func runBin(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	return runCLI(t, stdin, []string{"INCIDENTMAP_DB="}, args...)
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func countIncidents(t *testing.T, dbPath string) int {
	t.Helper()
	db, err := store.Open(dbPath, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.Count(t.Context(), incident.Filter{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

const cliRows = "id,date,claimant,type,killed,injured,verified,location,district\n" +
	"R1,2025-07-01,BLA,ied,2,1,true,,Kech\n" +
	"R2,2025-07-02,BLF,ambush,4,0,false,Turbat,\n"

func TestCLIImportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	in := writeFile(t, "rows.csv", cliRows)

	r := runBin(t, "", "import", "--db", db, in)
	if r.code != 0 || !strings.Contains(r.stdout, "2 rows: 2 created, 0 updated, 0 unchanged, 0 skipped") {
		t.Fatalf("import: %+v", r)
	}
	r = runBin(t, "", "import", "--db", db, in)
	if r.code != 0 || !strings.Contains(r.stdout, "0 created, 0 updated, 2 unchanged") {
		t.Fatalf("re-import: %+v", r)
	}
	for _, f := range []string{"geojson", "geojsonseq", "csv"} {
		r = runBin(t, "", "export", "--db", db, "--format", f, "--claimant", "Balochistan Liberation Front")
		if r.code != 0 || !strings.Contains(r.stdout, "R2") || strings.Contains(r.stdout, "R1") {
			t.Fatalf("export %s: %+v", f, r)
		}
		// The export imports back unchanged, from standard input.
		r2 := runBin(t, r.stdout, "import", "--db", db, "--format", f, "-")
		if r2.code != 0 || !strings.Contains(r2.stdout, "1 unchanged") {
			t.Fatalf("import export %s: %+v", f, r2)
		}
	}
	out := filepath.Join(dir, "all.csv")
	if r = runBin(t, "", "export", "--db", db, out); r.code != 0 {
		t.Fatalf("export to file: %+v", r)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("id,title,")) || bytes.Count(b, []byte("\n")) != 3 {
		t.Errorf("export file:\n%s", b)
	}
}

func TestCLIImportRefusesBadRow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	in := filepath.Join(dir, "incidents.csv")
	os.WriteFile(in, []byte(cliRows+"R3,17/3/2025,BLA,ied,1,0,false,,Kech\n"), 0o644)
	r := runBin(t, "", "import", "--db", db, in)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %+v", r.code, r)
	}
	want := in + `:4: field "date": want YYYY-MM-DD, got "17/3/2025"`
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "nothing written") {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if n := countIncidents(t, db); n != 0 {
		t.Errorf("%d incidents written, want 0", n)
	}
	r = runBin(t, "", "import", "--db", db, "--skip-invalid", in)
	if r.code != 0 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stdout, "2 created") || !strings.Contains(r.stdout, "1 skipped") {
		t.Errorf("skip-invalid: %+v", r)
	}
	if n := countIncidents(t, db); n != 2 {
		t.Errorf("%d incidents, want 2", n)
	}
}

func TestCLIUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, 2, "want exactly one FILE"},
		{[]string{"import", "--format", "xml", "x"}, 2, "unknown format"},
		{[]string{"export", "--bbox", "1,2,3"}, 2, "--bbox"},
		{[]string{"export", "--from", "2025-13-01"}, 2, "--from"},
		{[]string{"export", "--region", "inside"}, 2, `--region: unknown region "inside" (want balochistan, outside or all)`},
		{[]string{"export", "--region", ""}, 2, "--region"},
		// One filter parser (issue 17): the flags are refused as the API refuses the parameters.
		{[]string{"export", "--bbox", "200,0,210,1"}, 2, "--bbox: want minLon,minLat,maxLon,maxLat in degrees: outside"},
		{[]string{"export", "--bbox", "NaN,0,1,1"}, 2, "--bbox"},
		{[]string{"export", "--from", "2025-07-02", "--to", "2025-07-01"}, 2, "--to: before from"},
		{[]string{"export", "--district", "atlantis"}, 2, `--district: unknown district "atlantis"`},
		{[]string{"export", "--claimant", "BLA,,BLF"}, 2, "--claimant: empty value"},
		{[]string{"export", "--type", ""}, 2, "--type"},
		{[]string{"export", "--verified", "maybe"}, 2, `--verified: unknown value "maybe"`},
		{[]string{"backup"}, 2, "want exactly one OUT"},
		{[]string{"gen", "-n", "-1"}, 2, "-n"},
		{[]string{"import", "--help"}, 0, ""},
		{[]string{"import", "--db", "/nonexistent/dir/x.db", "/nonexistent.csv"}, 1, "nonexistent"},
	} {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			r := runBin(t, "", tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d stderr %q, want %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
}

func TestCLIGenBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	r := runBin(t, "", "gen", "-n", "50", "-seed", "3")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 50 || !strings.Contains(r.stdout, `"SYN-0000050"`) || !strings.Contains(r.stdout, `"synthetic"`) {
		t.Fatalf("gen: code %d, %d lines", r.code, strings.Count(r.stdout, "\n"))
	}
	if r2 := runBin(t, "", "gen", "-n", "50", "-seed", "3"); r2.stdout != r.stdout {
		t.Error("gen with the same seed differs")
	}
	syn := writeFile(t, "syn.geojsons", r.stdout)
	if r := runBin(t, "", "import", "--db", db, syn); r.code != 0 || !strings.Contains(r.stdout, "50 created") {
		t.Fatalf("import gen output: %+v", r)
	}
	bak := filepath.Join(dir, "backup.db")
	if r := runBin(t, "", "backup", "--db", db, bak); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	if n := countIncidents(t, bak); n != 50 {
		t.Errorf("backup holds %d incidents, want 50", n)
	}
}

// TestCLIImportKilled kills an import with SIGKILL after some batches were
// acknowledged, then checks that every acknowledged batch is in the
// database and that the file opens cleanly.
func TestCLIImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large file")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	in := filepath.Join(dir, "big.geojsons")
	if r := runBin(t, "", "gen", "-n", "100000", in); r.code != 0 {
		t.Fatalf("gen: %+v", r)
	}
	acks := filepath.Join(dir, "acks.txt")
	cmd := exec.Command(binPath, "import", "--db", db, "--batch", "2000", "--progress-file", acks, "-v", in)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the third batch is acknowledged.
	sc := bufio.NewScanner(stderr)
	seen := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "committed batch") {
			seen++
			if seen == 3 {
				break
			}
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	go func() {
		for sc.Scan() {
		}
	}()
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("import finished before it was killed (%v); make the input larger", err)
	}
	b, err := os.ReadFile(acks)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^committed batch (\d+) \(rows (\d+)-(\d+), lines \d+-\d+\)$`)
	last := 0
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		m := re.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("bad acknowledgement line %q", l)
		}
		hi, _ := strconv.Atoi(m[3])
		last = hi
	}
	if last < 6000 {
		t.Fatalf("only rows up to %d acknowledged", last)
	}
	start := time.Now()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer s.Close()
	t.Logf("reopened in %v; rows 1-%d acknowledged", time.Since(start), last)
	for i := 1; i <= last; i++ {
		id := fmt.Sprintf("SYN-%07d", i)
		if _, err := s.Get(t.Context(), id); err != nil {
			t.Fatalf("acknowledged incident %s: %v", id, err)
		}
	}
	n, err := s.Count(t.Context(), incident.Filter{Drafts: true})
	if err != nil || n < last || n%2000 != 0 {
		t.Errorf("count %d (%v): want a whole number of batches, at least %d", n, err, last)
	}
}

// TestCLIImportProgressOnTerminal runs import under a pseudo-terminal
// (script(1)): progress goes to the terminal, and never into redirected
// output.
func TestCLIImportProgressOnTerminal(t *testing.T) {
	scriptBin, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "gen.geojsons")
	if r := runBin(t, "", "gen", "-n", "60000", "-seed", "3"); r.code != 0 {
		t.Fatalf("gen: %s", r.stderr)
	} else if err := os.WriteFile(in, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "tty.db")
	cmd := exec.CommandContext(t.Context(), scriptBin, "-qec", binPath+" import --db "+db+" "+in, "/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("import under a terminal: %v\n%s", err, out)
	}
	for _, want := range []string{"rows (", "rows/s)", "indexing", "60000 created"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("terminal output lacks %q:\n%q", want, out)
		}
	}
	r := runBin(t, "", "import", "--db", filepath.Join(dir, "pipe.db"), in)
	if r.code != 0 || strings.Contains(r.stderr, "rows/s)") || strings.Contains(r.stderr, "\r") {
		t.Errorf("redirected import: exit %d, stderr %q; want no progress lines", r.code, r.stderr)
	}
}

// TestCLICSVFormulaRoundTrip: the CSV export neutralises cells a
// spreadsheet would run as formulas (OWASP), and importing it back changes
// nothing: the importer undoes the neutralisation exactly (issue 14). The
// export also writes the .csvt and .prj GDAL reads beside it.
func TestCLICSVFormulaRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	src := writeFile(t, "in.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[66.99,30.19]},"properties":{"id":"F1","title":"=HYPERLINK(\"http://x\",\"y\")",
 "description":"  @SUM(A1) with leading spaces","place":"-2+3","date":"2025-07-10","type":"ied","tags":["=t","'q"],"claims":[]}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[66.98,30.18]},"properties":{"id":"F2","title":"'quoted",
 "description":"\r\t=cmd|' /C calc'!A0","place":"=1","date":"2025-07-11","type":"ied","claims":[]}}]}`)
	if r := runBin(t, "", "import", "--db", db, src); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	out := filepath.Join(dir, "incidents.csv")
	if r := runBin(t, "", "export", "--db", db, out); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for i, c := range rec {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("%s: column %s %q starts with a formula character", rec[0], recs[0][i], c)
			}
		}
	}
	if r := runBin(t, "", "import", "--db", db, out); r.code != 0 || !strings.Contains(r.stdout, "2 unchanged") {
		t.Fatalf("re-import of the CSV: %+v", r)
	}
	for _, side := range []string{"incidents.csvt", "incidents.prj"} {
		if _, err := os.Stat(filepath.Join(dir, side)); err != nil {
			t.Errorf("export wrote no %s: %v", side, err)
		}
	}
}

// TestCLIEnvUsage: a malformed INCIDENTMAP_* value is a usage error (exit
// 2) naming the variable, as a malformed flag is one naming the flag; a
// flag given on the command line wins over its variable; the values still
// meet the flags' own checks.
func TestCLIEnvUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		env  string
		args []string
		code int
		want string
	}{
		{"INCIDENTMAP_MAX_LIMIT=abc", []string{"serve"}, 2, `INCIDENTMAP_MAX_LIMIT="abc": invalid value for --max-limit`},
		{"INCIDENTMAP_SEED=maybe", []string{"serve"}, 2, "INCIDENTMAP_SEED"},
		{"INCIDENTMAP_TILE_MAX_AGE=soon", []string{"serve"}, 2, "INCIDENTMAP_TILE_MAX_AGE"},
		{"INCIDENTMAP_ACCESS_LOG=perhaps", []string{"serve"}, 2, "INCIDENTMAP_ACCESS_LOG"},
		{"INCIDENTMAP_MAX_LIMIT=0", []string{"serve"}, 2, "--max-limit must be at least 1"},
		{"INCIDENTMAP_LOG_FORMAT=xml", []string{"serve"}, 2, "--log-format must be json or text"},
		{"INCIDENTMAP_MAX_LIMIT=abc", []string{"serve", "--max-limit", "0"}, 2, "--max-limit must be at least 1"},
		{"INCIDENTMAP_DB=" + db, []string{"token", "list"}, 0, ""},
		{"INCIDENTMAP_DB=" + filepath.Join(t.TempDir(), "none", "x.db"), []string{"token", "list", "--db", db}, 0, ""},
	} {
		t.Run(tc.env+"_"+strings.Join(tc.args, "_"), func(t *testing.T) {
			r := runCLI(t, "", []string{tc.env}, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d stderr %q, want %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
	// The help names each flag's variable in one style.
	for _, cmd := range []string{"serve", "export", "import", "token", "review", "backup", "extract"} {
		r := runBin(t, "", cmd, "--help")
		if r.code != 0 || !strings.Contains(r.stdout, "[INCIDENTMAP_DB]") || strings.Contains(r.stdout, "(env ") {
			t.Errorf("%s --help: exit %d, want [INCIDENTMAP_DB] and no other style:\n%s", cmd, r.code, r.stdout)
		}
	}
}
