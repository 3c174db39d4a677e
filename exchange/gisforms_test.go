package exchange

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestNormDate: the date forms GIS tools write back (issue 14).
func TestNormDate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-07-10":               "2025-07-10",
		"2025/07/10":               "2025-07-10",
		"2025/07/10 00:00:00":      "2025-07-10",
		"2025/07/10 00:00:00+00":   "2025-07-10",
		"2025-07-10T00:00:00Z":     "2025-07-10",
		"2025-07-10T00:00:00.000Z": "2025-07-10",
		"2025-07-10T13:00:00Z":     "2025-07-10T13:00:00Z", // a time of day stays, for checkDate to refuse
		"":                         "",
		"2025/7/1":                 "2025/7/1",
		"10/07/2025":               "10/07/2025",
	} {
		if got := normDate(in); got != want {
			t.Errorf("normDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGDALListForms: claims, sources and tags as GDAL writes them back.
func TestGDALListForms(t *testing.T) {
	for in, want := range map[string][]string{
		`["a","b c"]`:       {"a", "b c"},
		`"[\"a\",\"b c\"]"`: {"a", "b c"},
		`"(2:a,b c)"`:       {"a", "b c"},
		`"(0:)"`:            nil,
		`"a; b|c"`:          {"a", "b", "c"},
		`""`:                nil,
		`null`:              nil,
	} {
		var tl tagList
		if err := json.Unmarshal([]byte(in), &tl); err != nil {
			t.Errorf("tags %s: %v", in, err)
			continue
		}
		if !slices.Equal([]string(tl), want) {
			t.Errorf("tags %s = %q, want %q", in, tl, want)
		}
	}
	var p richProps
	if err := json.Unmarshal([]byte(`{"claims":"[{\"actor\":\"BLA\",\"kind\":\"claim_of_responsibility\"}]","sources":""}`), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Claims.v) != 1 || p.Claims.v[0].Actor != "BLA" || p.Sources.v != nil {
		t.Errorf("claims %+v sources %+v", p.Claims.v, p.Sources.v)
	}
	if err := json.Unmarshal([]byte(`{"claims":"not json"}`), &p); err == nil {
		t.Error("claims as text that is not JSON: no error")
	}
}

func FuzzGDALForms(f *testing.F) {
	for _, s := range []string{"2025/07/10", "(2:a,b)", `["x"]`, "(x:)", "2025/07/10 00:00:00+00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := normDate(s); d != s && len(d) != 10 {
			t.Fatalf("normDate(%q) = %q", s, d)
		}
		if l, ok := ogrStringList(s); ok && len(l) > len(s) {
			t.Fatalf("ogrStringList(%q) = %q", s, l)
		}
		b, _ := json.Marshal(s)
		var tl tagList
		_ = json.Unmarshal(b, &tl)
	})
}
