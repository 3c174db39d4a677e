package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGeocodeCLI(t *testing.T) {
	article := filepath.Join(t.TempDir(), "article.txt")
	if err := os.WriteFile(article, []byte("Attacks across several districts, including Panjgur, Kech, and Kharan. A clash in the Awaran district."), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout []string // substrings
		stderr []string
	}{
		{"name", []string{"geocode", "Turbat"}, "", 0, []string{"Turbat", "town", "Kech"}, nil},
		{"alias", []string{"geocode", "Kej"}, "", 0, []string{"Kech", "district"}, nil},
		{"restricted", []string{"geocode", "--district", "kharan", "Tump"}, "", 0, []string{"Tump", "Kharan"}, nil},
		{"reverse inside", []string{"geocode", "--reverse", "63.05,26.0"}, "", 0, []string{"Kech district"}, nil},
		{"reverse outside", []string{"geocode", "--reverse", "67.01,24.86"}, "", 0, []string{"outside Balochistan", "South Karachi district", "Sindh, PK"}, nil},
		{"reverse Iran", []string{"geocode", "--reverse", "60.86,29.49"}, "", 0, []string{"outside Balochistan", "Sistan and Baluchestan, IR"}, nil},
		{"reverse at sea", []string{"geocode", "--reverse", "64.0,24.5"}, "", 0, []string{"open sea"}, nil},
		{"Karachi", []string{"geocode", "Karachi"}, "", 0, []string{"Karachi", "South Karachi", "Sindh", "PK"}, nil},
		{"Zahedan", []string{"geocode", "Zahedan"}, "", 0, []string{"Zahedan", "Sistan and Baluchestan", "IR"}, nil},
		{"highway stretch", []string{"geocode", "N-25 near Mastung"}, "", 0, []string{"N-25 National Highway in Mastung", "route"}, nil},
		{"reverse invalid", []string{"geocode", "--reverse", "200,26"}, "", 2, nil, []string{"longitude 200"}},
		{"reverse NaN", []string{"geocode", "--reverse", "NaN,26"}, "", 2, nil, []string{"not a number"}},
		{"reverse garbage", []string{"geocode", "--reverse", "east"}, "", 2, nil, []string{"lon,lat"}},
		{"text file", []string{"geocode", "--text", article}, "", 0, []string{"Panjgur", "Kech", "Kharan", "Awaran"}, nil},
		{"text stdin", []string{"geocode", "--text", "-"}, "Gunmen struck in Zhob district.", 0, []string{"Zhob"}, nil},
		{"text missing file", []string{"geocode", "--text", filepath.Join(t.TempDir(), "nope.txt")}, "", 1, nil, []string{"nope.txt"}},
		{"no match", []string{"geocode", "Xqzvwy"}, "", 0, []string{"no match"}, nil},
		{"no guess", []string{"geocode", "London"}, "", 0, []string{"no match"}, nil},
		{"invalid UTF-8", []string{"geocode", "Tur\xffbat"}, "", 2, nil, []string{"UTF-8"}},
		{"too long", []string{"geocode", strings.Repeat("a", 300)}, "", 2, nil, []string{"longer than"}},
		{"no args", []string{"geocode"}, "", 2, nil, []string{"exactly one"}},
		{"two modes", []string{"geocode", "--reverse", "63,26", "Turbat"}, "", 2, nil, []string{"exactly one"}},
		{"bad flag", []string{"geocode", "--nope"}, "", 2, nil, []string{"--help"}},
		{"help", []string{"geocode", "--help"}, "", 0, []string{"Usage: incidentmap geocode", "--reverse"}, nil},
		{"unknown district", []string{"geocode", "--district", "Atlantis", "Tump"}, "", 2, nil, []string{"unknown district"}},
		{"top-level help", []string{"help"}, "", 0, []string{"geocode", "Commands"}, nil},
		{"unknown command", []string{"frobnicate"}, "", 2, nil, []string{"unknown command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
		})
	}
}

func TestGeocodeCLIJSON(t *testing.T) {
	r := runCLI(t, "", nil, "geocode", "--json", "Tump")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(raw) < 3 {
		t.Fatalf("%d candidates for Tump, want the three places and the tehsil", len(raw))
	}
	if raw[0]["district_id"] != "kech" || raw[0]["kind"] != "town" {
		t.Errorf("best candidate %v, want the tehsil town in Kech", raw[0])
	}
	for i, c := range raw {
		if c["district_id"] == "" || c["district"] == nil {
			t.Errorf("candidate %d names no district: %v", i, c)
		}
	}
	r = runCLI(t, "", nil, "geocode", "--json", "--reverse", "67.01,24.86")
	var rev map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rev); err != nil || r.code != 0 {
		t.Fatalf("reverse outside: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if rev["inside"] != false || rev["district_id"] != "south-karachi" || rev["region"] != "outside" || rev["admin1"] != "Sindh" || rev["country"] != "PK" {
		t.Errorf("outside point gave %v", rev)
	}
	r = runCLI(t, "", nil, "geocode", "--json", "Xqzvwy")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("no match: exit %d, stdout %q, want 0 and []", r.code, r.stdout)
	}
}
