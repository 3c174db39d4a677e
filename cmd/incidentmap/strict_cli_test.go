package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// strictFeature is one valid rich-form GeoJSON feature, a line of a text
// sequence; props replaces its property list's tail.
func strictFeature(id, extra string) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[63.05,26.0]},"properties":{"id":%q,"title":"IED blast in Turbat","date":"2025-07-20","type":"bombing","precision":"town"%s,"claims":[{"actor":"BLF","kind":"claim_of_responsibility","status":"unverified"}]}}`, id, extra)
}

// TestCLIImportStrict: every rule of issue 15's strict input refuses the
// import with exit 1, naming file, line and field, and writes nothing, the
// good row before the bad one included.
func TestCLIImportStrict(t *testing.T) {
	many := func(item string, n int) string { return strings.TrimSuffix(strings.Repeat(item+",", n), ",") }
	tests := map[string]struct {
		row, field string
	}{
		"id dot":              {strictFeature(".", ""), "id"},
		"id dotdot":           {strictFeature("..", ""), "id"},
		"id bidi override":    {strictFeature("C\u202e2", ""), "id"},
		"id zero width":       {strictFeature("C\u200b2", ""), "id"},
		"title invalid UTF-8": {strings.Replace(strictFeature("C-2", ""), "IED blast", "IED \xff blast", 1), "title"},
		"title NUL":           {strings.Replace(strictFeature("C-2", ""), "IED blast", `IED \u0000 blast`, 1), "title"},
		"description NUL":     {strictFeature("C-2", `,"description":"a\u0000b"`), "description"},
		"javascript source":   {strictFeature("C-2", `,"sources":[{"name":"x","url":"javascript:alert(1)"}]`), "sources[0].url"},
		"too many tags":       {strictFeature("C-2", `,"tags":[`+many(`"t"`, 51)+`]`), "tags"},
		"too many sources":    {strictFeature("C-2", `,"sources":[`+many(`{"name":"s"}`, 51)+`]`), "sources"},
		"date year zero":      {strings.Replace(strictFeature("C-2", ""), "2025-07-20", "0000-01-01", 1), "date"},
		"date far ahead":      {strings.Replace(strictFeature("C-2", ""), "2025-07-20", "2999-07-20", 1), "date"},
		"too many claims": {strings.Replace(strictFeature("C-2", ""), `"claims":[`,
			`"claims":[`+many(`{"actor":"BLA","kind":"claim_of_responsibility","status":"unverified"}`, 100)+",", 1), "claims"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			db := filepath.Join(dir, "x.db")
			in := filepath.Join(dir, "rows.geojsonl")
			writeTo(t, in, strictFeature("C-1", "")+"\n"+tt.row+"\n")
			r := runBin(t, "", "import", "--db", db, in)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1: %+v", r.code, r)
			}
			if want := fmt.Sprintf("%s:2: field %q", in, tt.field); !strings.Contains(r.stderr, want) {
				t.Errorf("stderr %q, want %q", r.stderr, want)
			}
			if n := countIncidents(t, db); n != 0 {
				t.Errorf("%d incidents written, want 0", n)
			}
		})
	}
}

// TestCLIImportStrictCSV: a CSV cell with invalid UTF-8 or a NUL is refused
// by column, not stored with the bytes replaced.
func TestCLIImportStrictCSV(t *testing.T) {
	for name, cell := range map[string]string{"invalid UTF-8": "Turbat \xc3\x28", "NUL": "Turbat\x00"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "x.db")
			in := filepath.Join(dir, "rows.csv")
			writeTo(t, in, cliRows+"R3,2025-07-03,BLA,ied,1,0,false,"+cell+",Kech\n")
			r := runBin(t, "", "import", "--db", db, in)
			if r.code != 1 || !strings.Contains(r.stderr, in+":4: field ") {
				t.Fatalf("exit %d, want 1 naming %s:4 and a field: %+v", r.code, in, r)
			}
			if n := countIncidents(t, db); n != 0 {
				t.Errorf("%d incidents written, want 0", n)
			}
		})
	}
}

func writeTo(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
