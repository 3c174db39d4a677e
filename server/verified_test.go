package server

import (
	"encoding/csv"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// Issue 18: "confirmed only" means confirmed figures. verified=confirmed
// keeps an incident only for a confirmed claim by a claimant the filter
// asks for, and every answer counts the figures of confirmed claims only.
func TestVerifiedConfirmedFigures(t *testing.T) {
	env := newTestEnv(t, Options{})
	ins := seedRandom(t, env, 300, 18)
	// seedRandom gives every 7th incident a confirmed ISPR claim beside an
	// unverified claim by a random actor; the rest have no confirmed claim.
	var confirmed []*incident.Incident
	confirmedKilled := 0
	blfHasConfirmedOther := 0
	for _, in := range ins {
		vc := incident.ConfirmedClaims(in.Claims)
		if len(vc) == 0 {
			continue
		}
		confirmed = append(confirmed, in)
		confirmedKilled += incident.DeriveKilled(vc).Best
		if in.Claims[0].Actor == "BLF" {
			blfHasConfirmedOther++
		}
	}
	if len(confirmed) == 0 || blfHasConfirmedOther == 0 {
		t.Fatalf("seed has %d confirmed incidents, %d of them with a BLF claim: nothing to test", len(confirmed), blfHasConfirmedOther)
	}

	type props struct {
		ID         string   `json:"id"`
		Claimants  []string `json:"claimants"`
		Primary    string   `json:"primary_claimant"`
		KilledBest int      `json:"killed_best"`
		Claims     []struct {
			Actor  string `json:"actor"`
			Status string `json:"status"`
		} `json:"claims"`
	}
	list := func(q string) (int, []props) {
		t.Helper()
		var fc struct {
			NumberMatched int `json:"numberMatched"`
			Features      []struct {
				Properties props `json:"properties"`
			} `json:"features"`
		}
		decodeJSON(t, env.get(t, "/api/incidents?limit=1000&"+q), &fc)
		var out []props
		for _, f := range fc.Features {
			out = append(out, f.Properties)
		}
		return fc.NumberMatched, out
	}

	t.Run("incidents keep only confirmed claims and their figures", func(t *testing.T) {
		n, got := list("verified=confirmed")
		if n != len(confirmed) || len(got) != len(confirmed) {
			t.Fatalf("numberMatched %d, %d features, want %d", n, len(got), len(confirmed))
		}
		sum := 0
		for _, p := range got {
			for _, c := range p.Claims {
				if c.Status != "confirmed" && c.Status != "independent" {
					t.Errorf("%s: a %s claim by %s in a confirmed-only answer", p.ID, c.Status, c.Actor)
				}
			}
			if !slices.Equal(p.Claimants, []string{"ISPR"}) || p.Primary != "ISPR" {
				t.Errorf("%s: claimants %v, primary %s, want ISPR only", p.ID, p.Claimants, p.Primary)
			}
			sum += p.KilledBest
		}
		if sum != confirmedKilled {
			t.Errorf("killed_best adds up to %d, want %d (confirmed claims only)", sum, confirmedKilled)
		}
	})

	t.Run("a claimant whose own claim is unverified is not shown", func(t *testing.T) {
		if n, _ := list("verified=confirmed&claimant=BLF"); n != 0 {
			t.Errorf("claimant=BLF&verified=confirmed matched %d, want 0: BLF's claims are all unverified", n)
		}
		// The incident-level status filter still finds them: the difference.
		if n, _ := list("status=confirmed&claimant=BLF"); n != blfHasConfirmedOther {
			t.Errorf("claimant=BLF&status=confirmed matched %d, want %d", n, blfHasConfirmedOther)
		}
		if n, _ := list("verified=confirmed&claimant=ISPR"); n != len(confirmed) {
			t.Errorf("claimant=ISPR&verified=confirmed matched %d, want %d", n, len(confirmed))
		}
	})

	t.Run("legend counts, districts and clusters count confirmed claims", func(t *testing.T) {
		var cl []struct {
			ID    string `json:"id"`
			Count int    `json:"count"`
		}
		decodeJSON(t, env.get(t, "/api/claimants?verified=confirmed"), &cl)
		if !slices.ContainsFunc(cl, func(a struct {
			ID    string `json:"id"`
			Count int    `json:"count"`
		}) bool {
			return a.ID == "ISPR" && a.Count > 0
		}) {
			t.Fatalf("claimants %+v: no ISPR with a count", cl)
		}
		for _, a := range cl {
			want := 0
			if a.ID == "ISPR" {
				want = len(confirmed)
			}
			if a.Count != want {
				t.Errorf("claimant %s: count %d, want %d", a.ID, a.Count, want)
			}
		}
		var ds struct {
			Features []struct {
				Properties struct {
					Count      int `json:"count"`
					KilledBest int `json:"killed_best"`
				} `json:"properties"`
			} `json:"features"`
		}
		decodeJSON(t, env.get(t, "/api/districts?verified=confirmed"), &ds)
		n, k := 0, 0
		for _, f := range ds.Features {
			n += f.Properties.Count
			k += f.Properties.KilledBest
		}
		if n != len(confirmed) || k != confirmedKilled {
			t.Errorf("districts: %d incidents, %d killed; want %d, %d", n, k, len(confirmed), confirmedKilled)
		}
		var cs struct {
			Features []struct {
				Properties struct {
					Count     int            `json:"count"`
					Claimants map[string]int `json:"claimants"`
				} `json:"properties"`
			} `json:"features"`
		}
		decodeJSON(t, env.get(t, "/api/clusters?verified=confirmed&zoom=6&bbox=60,24,71,33"), &cs)
		n = 0
		for _, f := range cs.Features {
			n += max(f.Properties.Count, 1)
			for a := range f.Properties.Claimants {
				if a != "ISPR" {
					t.Errorf("a cluster shares its colour with %s, whose claims are unverified", a)
				}
			}
		}
		if n != len(confirmed) {
			t.Errorf("clusters count %d, want %d", n, len(confirmed))
		}
	})

	t.Run("downloads hold the confirmed claims' figures", func(t *testing.T) {
		rec := env.get(t, "/api/incidents.csv?verified=confirmed")
		rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
		if err != nil || len(rows) != len(confirmed)+1 {
			t.Fatalf("CSV: %d rows (%v), want %d + header", len(rows), err, len(confirmed))
		}
		col := slices.Index(rows[0], "killed_best")
		claimants := slices.Index(rows[0], "claimants")
		if col < 0 || claimants < 0 {
			t.Fatalf("CSV header %v has no killed_best or claimants", rows[0])
		}
		sum := 0
		for _, r := range rows[1:] {
			v, _ := strconv.Atoi(r[col])
			sum += v
			if r[claimants] != "ISPR" {
				t.Errorf("CSV row %s: claimants %q, want ISPR", r[0], r[claimants])
			}
		}
		if sum != confirmedKilled {
			t.Errorf("CSV killed_best adds up to %d, want %d", sum, confirmedKilled)
		}
		var fc struct {
			Features []struct {
				Properties props `json:"properties"`
			} `json:"features"`
		}
		decodeJSON(t, env.get(t, "/api/incidents.geojson?verified=confirmed"), &fc)
		sum = 0
		for _, f := range fc.Features {
			sum += f.Properties.KilledBest
		}
		if len(fc.Features) != len(confirmed) || sum != confirmedKilled {
			t.Errorf("GeoJSON: %d features, %d killed; want %d, %d", len(fc.Features), sum, len(confirmed), confirmedKilled)
		}
	})

	t.Run("bad values are refused, naming the parameter", func(t *testing.T) {
		for _, q := range []string{"verified=yes", "verified=", "verified=confirmed&verified=confirmed", "verified=unverified"} {
			v, _ := url.ParseQuery(q)
			rec := env.get(t, "/api/incidents?"+v.Encode())
			if rec.Code != 400 || errorOf(t, rec).Param != "verified" {
				t.Errorf("%s: %d %s, want 400 naming verified", q, rec.Code, rec.Body)
			}
		}
	})
}
