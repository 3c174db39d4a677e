package store

import (
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// TestTextIndexFollowsWrites: after updates that change the searched
// words, deletes and restores, every text query answers as Filter.Match
// over the stored incidents: no word of an old text is left selecting.
func TestTextIndexFollowsWrites(t *testing.T) {
	db, ins := seedQueryDB(t, 2000)
	if _, err := db.Count(t.Context(), incident.Filter{}); err != nil { // build the point index first
		t.Fatal(err)
	}
	for i, in := range ins[:300] {
		c := *in
		switch i % 3 {
		case 0:
			c.Title, c.Description = "Rewritten zebra report", ""
			c.Tags = []string{"Quokka"}
		case 1:
			c.Description = in.Description + " and a yak"
		case 2:
			if err := db.Delete(t.Context(), in.ID, "test"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, _, err := db.Put(t.Context(), &c, "test"); err != nil {
			t.Fatal(err)
		}
		*in = c
	}
	if err := db.Restore(t.Context(), ins[5].ID, "test"); err != nil {
		t.Fatal(err)
	}
	live := map[string]bool{}
	for i, in := range ins {
		live[in.ID] = !(i < 300 && i%3 == 2) || i == 5
	}
	for _, q := range []string{"zebra", "quokka", "rewritten report", "yak", "number 1", "ambush", "synthetic", "syn-0000006", "near"} {
		t.Run(q, func(t *testing.T) {
			f := incident.Filter{Text: q, Drafts: true}
			var want []string
			for _, in := range ins {
				if live[in.ID] && f.Match(in) {
					want = append(want, in.ID)
				}
			}
			var got []string
			if err := db.Each(t.Context(), f, func(in *incident.Incident) error { got = append(got, in.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("%d matches, want %d", len(got), len(want))
			}
			if n, err := db.Count(t.Context(), f); err != nil || n != len(want) {
				t.Errorf("Count = %d, %v, want %d", n, err, len(want))
			}
		})
	}
}
