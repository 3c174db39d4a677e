package store

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// TestLockTimeout opens the database in a second process, which must fail
// fast with ErrLocked while this process holds it.
func TestLockTimeout(t *testing.T) {
	if os.Getenv("STORE_LOCK_CHILD") != "" {
		start := time.Now()
		_, err := Open(os.Getenv("STORE_LOCK_CHILD"), Options{Timeout: 200 * time.Millisecond})
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("second Open: %v, want ErrLocked", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("second Open took %v", d)
		}
		t.Log(err)
		return
	}
	path := filepath.Join(t.TempDir(), "locked.db")
	mustOpen(t, path)
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestLockTimeout$", "-test.v")
	cmd.Env = append(os.Environ(), "STORE_LOCK_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("locked by another process")) {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "re.db")
	db := mustOpen(t, path)
	ins := synth(300, 9)
	if _, err := db.PutBatch(t.Context(), ins, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(t.Context(), ins[5].ID, "b"); err != nil {
		t.Fatal(err)
	}
	v := db.Version()
	var buf bytes.Buffer
	if _, err := db.Backup(t.Context(), &buf); err != nil {
		t.Fatal(err)
	}
	db.Close()
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(backup, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, backup} {
		db2 := mustOpen(t, p)
		if db2.Version() != v {
			t.Errorf("%s: Version = %d, want %d", p, db2.Version(), v)
		}
		if n, _ := db2.Count(t.Context(), incident.Filter{}); n != 299 {
			t.Errorf("%s: Count = %d, want 299", p, n)
		}
		if _, err := db2.Get(t.Context(), ins[5].ID); !errors.Is(err, ErrDeleted) {
			t.Errorf("%s: deleted incident: %v, want ErrDeleted", p, err)
		}
		got, err := db2.Get(t.Context(), ins[6].ID)
		if err != nil || got.Title != ins[6].Title {
			t.Errorf("%s: Get = %v %v", p, got, err)
		}
		db2.Close()
	}
}

// pointsOf lists Points over the whole province, sorted by id.
func pointsOf(t *testing.T, db *DB, f incident.Filter) []Point {
	t.Helper()
	var out []Point
	all := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if err := db.Points(t.Context(), f, all, func(p *Point) bool { out = append(out, *p); return true }); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func TestPointsInSync(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(50, 11)
	if _, err := db.PutBatch(ctx, ins, "a"); err != nil {
		t.Fatal(err)
	}
	// A read builds the point index now, so the writes below update it
	// (the reopened store builds it from the file instead).
	if n := len(pointsOf(t, db, incident.Filter{})); n != 50 {
		t.Fatalf("%d points, want 50", n)
	}
	moved := *ins[3]
	moved.Location.Lon, moved.Location.Lat = 66.5, 30.5
	moved.Location.Country, moved.Location.Admin1 = "AF", "Kandahar"
	moved.Title = "a much longer title than before, to outgrow the old one in the arena"
	moved.Claims = append(slices.Clone(moved.Claims), incident.Claim{Actor: "ISPR", Kind: incident.KindOfficial,
		Status: incident.Independent, Casualties: incident.Casualties{incident.Militants: {Killed: incident.Exactly(70000)}}})
	if _, _, err := db.Put(ctx, &moved, "b"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, ins[4].ID, "c"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, ins[5].ID, "c"); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, ins[5].ID, "c"); err != nil {
		t.Fatal(err)
	}
	draft := *ins[6]
	draft.State = incident.Draft
	if _, _, err := db.Put(ctx, &draft, "d"); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, db *DB) {
		pts := pointsOf(t, db, incident.Filter{})
		if len(pts) != 48 {
			t.Fatalf("%d points, want 48 (one deleted, one draft)", len(pts))
		}
		withDrafts := pointsOf(t, db, incident.Filter{Drafts: true})
		if len(withDrafts) != 49 {
			t.Fatalf("%d points with drafts, want 49", len(withDrafts))
		}
		for _, p := range withDrafts {
			in, err := db.Get(t.Context(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			k := incident.DeriveKilled(in.Claims)
			if p.Lon != in.Location.Lon || p.Lat != in.Location.Lat || p.Date != in.Date || p.Killed != k ||
				p.Primary != in.PrimaryActor() || !slices.Equal(p.Actors, in.Actors()) || p.Type != in.Type ||
				p.Status != in.Verification() || p.DistrictID != in.Location.DistrictID ||
				p.Country != in.Location.Country || p.Admin1 != in.Location.Admin1 || p.Region() != in.Location.Region() ||
				p.Precision != in.Location.Precision || !strings.HasPrefix(in.Title, p.Title) || len(p.Title) > 48 || len(p.Title) < min(len(in.Title), 45) || p.Published != in.Published() ||
				p.MercY != geo.MercatorY(in.Location.Lat) {
				t.Errorf("point %+v does not match incident %+v", p, in)
			}
		}
		tile := orb.Bound{Min: orb.Point{66.4, 30.4}, Max: orb.Point{66.6, 30.6}}
		var inTile []string
		db.Points(t.Context(), incident.Filter{}, tile, func(p *Point) bool { inTile = append(inTile, p.ID); return true })
		if !slices.Contains(inTile, moved.ID) {
			t.Errorf("moved incident not in its new tile: %v", inTile)
		}
		var stopped int
		db.Points(t.Context(), incident.Filter{}, orb.Bound{Min: orb.Point{60, 24}, Max: orb.Point{71, 33}}, func(*Point) bool { stopped++; return false })
		if stopped != 1 {
			t.Errorf("fn returning false was called %d times, want 1", stopped)
		}
	}
	t.Run("live", func(t *testing.T) { check(t, db) })
	path := db.Path()
	db.Close()
	t.Run("reopened", func(t *testing.T) { check(t, mustOpen(t, path)) })
}

func TestAggregate(t *testing.T) {
	db, ins := seedQueryDB(t, 2000)
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.Aggregate(t.Context(), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			want := &Aggregates{ByDistrict: map[string]Agg{}, ByActor: map[string]int{}, ByType: map[incident.Type]int{}, ByMonth: map[string]map[string]int{}}
			for _, in := range ins {
				c := *in
				c.Normalize()
				if !tc.f.Match(&c) {
					continue
				}
				want.Total++
				r := tc.f.Restrict(&c) // with Verified, the confirmed claims only
				k := incident.DeriveKilled(r.Claims)
				d := want.ByDistrict[c.Location.DistrictID]
				d.Count++
				d.Killed.Low += k.Low
				d.Killed.Best += k.Best
				d.Killed.High += k.High
				want.ByDistrict[c.Location.DistrictID] = d
				for _, a := range r.Actors() {
					want.ByActor[a]++
				}
				want.ByType[c.Type]++
				m := c.Date[:7]
				if want.ByMonth[m] == nil {
					want.ByMonth[m] = map[string]int{}
				}
				want.ByMonth[m][r.PrimaryActor()]++
			}
			if got.Total != want.Total || !mapsEqual(got.ByDistrict, want.ByDistrict) || !mapsEqual(got.ByActor, want.ByActor) ||
				!mapsEqual(got.ByType, want.ByType) || len(got.ByMonth) != len(want.ByMonth) {
				t.Fatalf("got %+v\nwant %+v", got, want)
			}
			for m, w := range want.ByMonth {
				if !mapsEqual(got.ByMonth[m], w) {
					t.Fatalf("month %s: got %v, want %v", m, got.ByMonth[m], w)
				}
			}
		})
	}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestIndexSelection checks that a narrow filter visits few index entries.
func TestIndexSelection(t *testing.T) {
	db, ins := seedQueryDB(t, 4000)
	cases := []struct {
		name     string
		f        incident.Filter
		plan     string
		maxVisit int
	}{
		{"narrow bbox uses the spatial index", incident.Filter{BBox: bound(63.0, 25.95, 63.05, 26.0)}, "spatial", 200},
		{"claimant and dates use actor+date", incident.Filter{Claimants: []string{"BRAS"}, From: "2010-01-01", To: "2010-12-31"}, "actor+date", 100},
		{"district uses district+date", incident.Filter{Districts: []string{"zhob"}}, "district+date", 600},
		{"series uses series+date", incident.Filter{Series: []string{"op-test"}}, "series+date", 200},
		{"dates use the date index", incident.Filter{From: "2020-03-01", To: "2020-03-31"}, "date", 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := db.visited.Load()
			var pl plan
			if err := db.iterate(t.Context(), &tc.f, nil, &pl, func(cand, func() *incident.Incident) bool { return true }); err != nil {
				t.Fatal(err)
			}
			visited := int(db.visited.Load() - before)
			if planNames[pl.kind] != tc.plan {
				t.Errorf("plan %s, want %s", planNames[pl.kind], tc.plan)
			}
			if visited > tc.maxVisit || visited >= len(ins)/4 {
				t.Errorf("visited %d index entries of %d incidents, want at most %d", visited, len(ins), tc.maxVisit)
			}
			if want := len(reference(ins, tc.f)); visited < want {
				t.Errorf("visited %d < %d matches", visited, want)
			}
		})
	}
}

// TestPagingStable inserts incidents between pages: the pages still list
// every incident that existed at the start exactly once, in order.
func TestPagingStable(t *testing.T) {
	db := mustOpen(t, "")
	ins := synth(400, 13)
	for _, in := range ins {
		in.Date = "2020-05-0" + string(rune('1'+len(in.ID)%3)) // many incidents per day
	}
	if _, err := db.PutBatch(t.Context(), ins, "a"); err != nil {
		t.Fatal(err)
	}
	want := reference(ins, incident.Filter{})
	extra := synth(1000, 14)
	var got []string
	cur := ""
	for i := 0; ; i++ {
		p, err := db.Query(t.Context(), incident.Filter{}, 37, cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range p.Incidents {
			got = append(got, in.ID)
		}
		if p.Next == "" {
			break
		}
		cur = p.Next
		x := extra[i]
		x.ID = "ZZ-" + x.ID
		x.Date = "2020-05-02"
		if _, _, err := db.Put(t.Context(), x, "b"); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for _, id := range got {
		seen[id]++
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Errorf("%s seen %d times, want once", id, seen[id])
		}
	}
	for i := 1; i < len(got); i++ {
		if seen[got[i]] != 1 {
			t.Errorf("%s seen %d times", got[i], seen[got[i]])
		}
	}
}

func TestSeriesAndTokens(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	s := &incident.Series{ID: "operation-baam", Name: "Operation Baam", Actor: "Balochistan Liberation Front",
		Claims: []incident.Claim{{Actor: "BLF", Kind: incident.KindResponsibility, Date: "2025-07-10",
			Casualties: incident.Casualties{incident.SecurityForces: {Killed: &incident.Range{Low: 20, High: 20, AtLeast: true}}}}}}
	if err := db.PutSeries(ctx, s, "a"); err != nil {
		t.Fatal(err)
	}
	v := db.Version()
	if err := db.PutSeries(ctx, s, "a"); err != nil || db.Version() != v {
		t.Fatalf("identical series: %v, version %d -> %d", err, v, db.Version())
	}
	got, err := db.GetSeries(ctx, "operation-baam")
	if err != nil || got.Actor != "BLF" || got.Revision != 1 || got.Claims[0].Status != incident.Unverified {
		t.Fatalf("GetSeries = %+v %v", got, err)
	}
	if err := db.PutSeries(ctx, &incident.Series{ID: "x"}, "a"); !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("invalid series: %v", err)
	}
	if _, err := db.GetSeries(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("GetSeries(nope) = %v", err)
	}
	if l, _ := db.ListSeries(ctx); len(l) != 1 {
		t.Fatalf("ListSeries = %v", l)
	}

	secret, err := db.CreateToken(ctx, "editor")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateToken(ctx, "editor"); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate token: %v", err)
	}
	if name, err := db.Authenticate(ctx, secret); err != nil || name != "editor" {
		t.Fatalf("Authenticate = %q %v", name, err)
	}
	if _, err := db.Authenticate(ctx, secret+"x"); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("wrong secret: %v", err)
	}
	raw := []byte{}
	db.bolt.View(func(tx *bboltTx) error {
		tx.Bucket(bktTokens).ForEach(func(k, v []byte) error { raw = append(raw, v...); return nil })
		return nil
	})
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte(secret[4:])) {
		t.Fatal("the secret is stored")
	}
	if l, _ := db.ListTokens(ctx); len(l) != 1 || l[0].Name != "editor" {
		t.Fatalf("ListTokens = %v", l)
	}
	if err := db.RevokeToken(ctx, "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, secret); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("revoked token: %v", err)
	}
	if err := db.RevokeToken(ctx, "editor"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke twice: %v", err)
	}
}
