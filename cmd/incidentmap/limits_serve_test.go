package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeExtractLimits: the real server with the real extractor answers
// 413 to a 30 MB report (issue 15: 500) and 422 naming "text" to a report
// that is not valid UTF-8.
func TestServeExtractLimits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	r := runCLI(t, "", nil, "token", "create", "--name", "editor", "--db", db)
	secret := strings.TrimSpace(r.stdout)
	if r.code != 0 {
		t.Fatalf("token: %+v", r)
	}
	_, addr, _ := startServe(t, "--db", db)
	post := func(body string) (int, map[string]any) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr+"/api/extract", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "text/plain")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		b, _ := io.ReadAll(resp.Body)
		json.Unmarshal(b, &m)
		return resp.StatusCode, m
	}
	if code, m := post(strings.Repeat("Turbat blast. ", 30<<20/14)); code != http.StatusRequestEntityTooLarge || m["error"] == nil {
		t.Errorf("30 MB report: %d %v, want 413 with a JSON error", code, m)
	}
	if code, m := post("Blast in Turbat \xff on 3 July"); code != http.StatusUnprocessableEntity || m["field"] != "text" {
		t.Errorf("invalid UTF-8: %d %v, want 422 naming text", code, m)
	}
	if code, _ := post("Five soldiers were killed in an IED blast in Turbat on Monday, the BLF claimed."); code != http.StatusOK {
		t.Errorf("a small report: %d, want 200", code)
	}
}
