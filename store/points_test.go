package store

import (
	"slices"
	"sort"
	"testing"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/incident"
)

// TestPointsClaimantsMatchReference checks the per-actor grids that answer
// claimant filters against incident.Filter.Match: several claimants (an
// incident claimed by two of them is reported once), date ranges with
// incidents spanning several days, bounds, and after moves, deletes,
// restores and claim changes.
func TestPointsClaimantsMatchReference(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(600, 5)
	for i, in := range ins {
		switch i % 7 {
		case 0: // a second claimant
			in.Claims = append(in.Claims, incident.Claim{Actor: synActors[(i/7)%len(synActors)], Kind: incident.KindOfficial, Status: incident.Unverified})
		case 1: // spans days
			d, _ := incident.ParseDate(in.Date)
			in.EndDate = d.AddDate(0, 0, 1+i%40).Format("2006-01-02")
			in.DatePrecision = incident.DateRange
		}
	}
	if _, err := db.PutBatch(ctx, ins, "t"); err != nil {
		t.Fatal(err)
	}
	// Changes after the bulk load: a move, a claimant change, a delete, a
	// delete and restore.
	moved := *ins[10]
	moved.Location.Lon, moved.Location.Lat = 62.5, 25.4
	moved.Claims = []incident.Claim{{Actor: "BLA", Kind: incident.KindResponsibility, Status: incident.Unverified}}
	if _, _, err := db.Put(ctx, &moved, "t"); err != nil {
		t.Fatal(err)
	}
	ins[10] = &moved
	if err := db.Delete(ctx, ins[11].ID, "t"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, ins[12].ID, "t"); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, ins[12].ID, "t"); err != nil {
		t.Fatal(err)
	}
	live := slices.Delete(slices.Clone(ins), 11, 12)

	bounds := []orb.Bound{
		{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}},
		{Min: orb.Point{62, 25}, Max: orb.Point{65, 27.5}},
		{Min: orb.Point{66.9, 30.0}, Max: orb.Point{67.1, 30.3}},
	}
	filters := []incident.Filter{
		{Claimants: []string{"BLA"}},
		{Claimants: []string{"BLA"}, From: "2010-03-01", To: "2015-06-30"},
		{Claimants: []string{"BLF", "ISPR"}},
		{Claimants: []string{"ISPR", "BLF", "nobody"}, From: "2020-01-01"},
		{Claimants: []string{"BLA", "BLA"}, To: "2008-12-31"},
		{Claimants: []string{"nobody"}},
		{Claimants: []string{"TTP"}, Types: []incident.Type{ins[0].Type}},
	}
	for _, f := range filters {
		for _, b := range bounds {
			var want []string
			for _, in := range live {
				p := orb.Point{in.Location.Lon, in.Location.Lat}
				if f.Match(in) && b.Contains(p) {
					want = append(want, in.ID)
				}
			}
			var got []string
			err := db.Points(ctx, f, b, func(p *Point) bool { got = append(got, p.ID); return true })
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("filter %+v bound %v: got %d points, want %d", f, b, len(got), len(want))
			}
			if f.BBox == nil {
				f.BBox = &b
				n, err := db.Count(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if n != len(want) {
					t.Errorf("Count(%+v) = %d, want %d", f, n, len(want))
				}
				f.BBox = nil
			}
		}
	}
}

// TestPointsRegion checks the point index's region bit against
// incident.Filter.Match, alone and with the other conditions it decides
// (claimants walk other grids), after incidents move between regions, are
// deleted and restored, and when the index is built from the file.
func TestPointsRegion(t *testing.T) {
	db := mustOpen(t, "")
	ctx := t.Context()
	ins := synth(400, 13)
	places := [][2]string{{"", ""}, {"PK", "Balochistan"}, {"PK", "Sindh"}, {"IR", "Sistan and Baluchestan"},
		{"AF", "Kandahar"}, {"PK", ""}}
	for i, in := range ins {
		in.Location.Country, in.Location.Admin1 = places[i%len(places)][0], places[i%len(places)][1]
		if i%17 == 0 {
			in.State = incident.Draft
		}
	}
	if _, err := db.PutBatch(ctx, ins, "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Count(ctx, incident.Filter{}); err != nil { // build the index: the writes below update it
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 7} { // Balochistan -> outside
		c := *ins[i]
		c.Location.Country, c.Location.Admin1 = "IR", "Sistan and Baluchestan"
		if _, _, err := db.Put(ctx, &c, "t"); err != nil {
			t.Fatal(err)
		}
		ins[i] = &c
	}
	for _, i := range []int{2, 3} { // outside -> Balochistan
		c := *ins[i]
		c.Location.Country, c.Location.Admin1 = "PK", "Balochistan"
		if _, _, err := db.Put(ctx, &c, "t"); err != nil {
			t.Fatal(err)
		}
		ins[i] = &c
	}
	if err := db.Delete(ctx, ins[4].ID, "t"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, ins[9].ID, "t"); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, ins[9].ID, "t"); err != nil {
		t.Fatal(err)
	}
	live := slices.Delete(slices.Clone(ins), 4, 5)

	all := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	west := orb.Bound{Min: orb.Point{60, 24}, Max: orb.Point{65, 33}}
	var filters []incident.Filter
	for _, r := range []string{incident.RegionBalochistan, incident.RegionOutside, "elsewhere"} {
		filters = append(filters,
			incident.Filter{Region: r},
			incident.Filter{Region: r, Drafts: true},
			incident.Filter{Region: r, Claimants: []string{"BLA", "ISPR"}},
			incident.Filter{Region: r, Districts: []string{"kech", "zhob"}, From: "2010-01-01"},
			incident.Filter{Region: r, Types: []incident.Type{incident.TypeBombing, incident.TypeAmbush}},
		)
	}
	check := func(t *testing.T, db *DB) {
		for _, f := range filters {
			for _, b := range []orb.Bound{all, west} {
				var want []string
				for _, in := range live {
					c := *in
					c.Normalize()
					if f.Match(&c) && b.Contains(orb.Point{c.Location.Lon, c.Location.Lat}) {
						want = append(want, c.ID)
					}
				}
				var got []string
				err := db.Points(t.Context(), f, b, func(p *Point) bool {
					got = append(got, p.ID)
					if f.Region != "" && p.Region() != f.Region {
						t.Errorf("filter %+v gave point %s of region %s", f, p.ID, p.Region())
					}
					return true
				})
				if err != nil {
					t.Fatal(err)
				}
				sort.Strings(got)
				sort.Strings(want)
				if !slices.Equal(got, want) {
					t.Errorf("filter %+v bound %v: got %d points, want %d", f, b, len(got), len(want))
				}
				if b == all {
					n, err := db.Count(t.Context(), f)
					if err != nil || n != len(want) {
						t.Errorf("Count(%+v) = %d (%v), want %d", f, n, err, len(want))
					}
				}
			}
		}
		outside := 0
		for _, in := range live {
			if in.Published() && in.Location.Region() == incident.RegionOutside {
				outside++
			}
		}
		if outside == 0 || outside == len(live) {
			t.Fatalf("%d of %d incidents outside: the test needs both regions", outside, len(live))
		}
	}
	t.Run("live", func(t *testing.T) { check(t, db) })
	path := db.Path()
	db.Close()
	t.Run("reopened", func(t *testing.T) { check(t, mustOpen(t, path)) })
}

// BenchmarkPointsClaimant scans one actor's points over a date range in a
// zoom-8 sized bound, as a filtered tile does.
func BenchmarkPointsClaimant(b *testing.B) {
	db := mustOpen(b, "")
	if _, err := db.PutBatch(b.Context(), synth(100000, 3), "b"); err != nil {
		b.Fatal(err)
	}
	f := incident.Filter{Claimants: []string{"BLA"}, From: "2020-01-01", To: "2024-12-31"}
	bound := orb.Bound{Min: orb.Point{65.0, 27.0}, Max: orb.Point{68.0, 31.0}}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		db.Points(b.Context(), f, bound, func(*Point) bool { n++; return true })
	}
	b.ReportMetric(float64(n), "points")
}
