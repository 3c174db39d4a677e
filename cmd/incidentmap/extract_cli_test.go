package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

const baamText = `The Balochistan Liberation Front said it had launched "Operation Baam" late Tuesday, attacking checkpoints across Panjgur, Kech and Kharan districts. The group claimed that at least 20 soldiers were killed.

Separately, gunmen killed nine passengers who were identified as being from Punjab, officials said.`

func TestExtractCLI(t *testing.T) {
	t.Run("geojson", func(t *testing.T) {
		r := runCLI(t, baamText, nil, "extract", "--published", "2025-07-10", "--json", "-")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				Geometry struct {
					Coordinates []float64 `json:"coordinates"`
				} `json:"geometry"`
				Properties struct {
					State    string            `json:"state"`
					Date     string            `json:"date"`
					Series   string            `json:"series"`
					Location incident.Location `json:"location"`
					Claims   []incident.Claim  `json:"claims"`
				} `json:"properties"`
			} `json:"features"`
			Series []struct {
				Name string `json:"name"`
			} `json:"series"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &fc); err != nil {
			t.Fatalf("decode: %v\n%s", err, r.stdout)
		}
		if fc.Type != "FeatureCollection" || len(fc.Features) != 4 {
			t.Fatalf("got %s with %d features, want FeatureCollection with 4", fc.Type, len(fc.Features))
		}
		if len(fc.Series) != 1 || fc.Series[0].Name != "Operation Baam" {
			t.Errorf("series: got %+v, want Operation Baam", fc.Series)
		}
		for _, f := range fc.Features[:3] {
			p := f.Properties
			if p.State != "draft" || p.Series != "operation-baam" || p.Date != "2025-07-08" || p.Location.Precision != "district" {
				t.Errorf("member: got state %q series %q date %q precision %q", p.State, p.Series, p.Date, p.Location.Precision)
			}
			for _, c := range p.Claims {
				if len(c.Casualties) != 0 {
					t.Errorf("member claim carries the series figures: %+v", c.Casualties)
				}
			}
		}
		bus := fc.Features[3].Properties
		if bus.Location.Precision != "province" || len(bus.Claims) != 1 || bus.Claims[0].Casualties[incident.Civilians].Killed.String() != "9" {
			t.Errorf("bus attack: got %+v", bus)
		}
	})
	t.Run("summary", func(t *testing.T) {
		r := runCLI(t, baamText, nil, "extract", "-")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		for _, want := range []string{"Operation Baam", "at least 20", "date:   unknown", "located only to province level"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("summary lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"extract"}, {"extract", "--published", "10/07/2025", "-"}, {"extract", "a", "b"}} {
			if r := runCLI(t, "", nil, args...); r.code != 2 {
				t.Errorf("%v: exit %d, want 2", args, r.code)
			}
		}
		if r := runCLI(t, "", nil, "extract", filepath.Join(t.TempDir(), "missing.txt")); r.code != 1 {
			t.Errorf("missing file: exit %d, want 1", r.code)
		}
	})
}

func TestReviewCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "test.db")
	r := runCLI(t, baamText, nil, "extract", "--published", "2025-07-10", "--save", "--db", db, "--by", "extractor", "--json", "-")
	if r.code != 0 {
		t.Fatalf("extract --save: exit %d: %s", r.code, r.stderr)
	}
	var fc struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &fc); err != nil || len(fc.Features) != 4 {
		t.Fatalf("decode: %v, %d features", err, len(fc.Features))
	}
	id := fc.Features[3].ID

	list := runCLI(t, "", nil, "review", "--db", db, "list", "--json")
	var drafts []incident.Incident
	if err := json.Unmarshal([]byte(list.stdout), &drafts); err != nil || len(drafts) != 4 {
		t.Fatalf("review list: %v, %d drafts (%s)", err, len(drafts), list.stderr)
	}
	// Drafts are not public: an export without drafts has none of them.
	if exp := runCLI(t, "", nil, "export", "--db", db); exp.code == 0 && strings.Contains(exp.stdout, id) {
		t.Errorf("export shows draft %s", id)
	}

	if r := runCLI(t, "", nil, "review", "--db", db, "approve", id); r.code != 2 {
		t.Errorf("approve without --by: exit %d, want 2", r.code)
	}
	show := runCLI(t, "", nil, "review", "--db", db, "show", id)
	var in incident.Incident
	if err := json.Unmarshal([]byte(show.stdout), &in); err != nil {
		t.Fatalf("show: %v", err)
	}
	in.Title = "Passengers from Punjab killed on a highway"
	in.Date, in.EndDate, in.DatePrecision = "2025-07-10", "", incident.DateDay
	b, _ := json.MarshalIndent(in, "", "  ")
	file := filepath.Join(dir, "edit.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "", nil, "review", "--db", db, "edit", id, "--file", file); r.code != 0 {
		t.Fatalf("edit: exit %d: %s", r.code, r.stderr)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"id\": \""+id+"\",\n  \"date\": 5\n}"), 0o644)
	if r := runCLI(t, "", nil, "review", "--db", db, "edit", id, "--file", bad); r.code != 2 || !strings.Contains(r.stderr, "bad.json:3") {
		t.Errorf("bad edit: exit %d, stderr %q; want 2 naming bad.json:3", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "review", "--db", db, "approve", id, "--by", "amina"); r.code != 0 {
		t.Fatalf("approve: exit %d: %s", r.code, r.stderr)
	}
	show = runCLI(t, "", nil, "review", "--db", db, "show", id)
	in = incident.Incident{}
	json.Unmarshal([]byte(show.stdout), &in)
	if in.State != incident.Published || in.ApprovedBy != "amina" || in.UpdatedBy != "amina" || in.Title != "Passengers from Punjab killed on a highway" {
		t.Errorf("after approve: state %q approved_by %q updated_by %q title %q", in.State, in.ApprovedBy, in.UpdatedBy, in.Title)
	}
	if r := runCLI(t, "", nil, "review", "--db", db, "reject", fc.Features[0].ID); r.code != 0 {
		t.Fatalf("reject: exit %d: %s", r.code, r.stderr)
	}
	list = runCLI(t, "", nil, "review", "--db", db, "list", "--json")
	drafts = nil
	json.Unmarshal([]byte(list.stdout), &drafts)
	if len(drafts) != 2 {
		t.Errorf("after approve and reject: %d drafts, want 2", len(drafts))
	}
	if r := runCLI(t, "", nil, "review", "--db", db, "approve", id, "--by", "amina"); r.code != 1 {
		t.Errorf("approve twice: exit %d, want 1", r.code)
	}
	if r := runCLI(t, "", nil, "review", "--db", db, "frobnicate"); r.code != 2 {
		t.Errorf("unknown action: exit %d, want 2", r.code)
	}
}
