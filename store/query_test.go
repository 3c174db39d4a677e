package store

import (
	"cmp"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/incident"
)

// reference answers a filter by brute force over the incidents.
func reference(ins []*incident.Incident, f incident.Filter) []string {
	var ids []*incident.Incident
	for _, in := range ins {
		c := *in
		c.Normalize()
		if f.Match(&c) {
			ids = append(ids, &c)
		}
	}
	slices.SortFunc(ids, func(a, b *incident.Incident) int {
		if a.Date != b.Date {
			return strings.Compare(b.Date, a.Date)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	out := make([]string, len(ids))
	for i, in := range ids {
		out[i] = in.ID
	}
	return out
}

func bound(minLon, minLat, maxLon, maxLat float64) *orb.Bound {
	return &orb.Bound{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}
}

var queryCases = []struct {
	name string
	f    incident.Filter
}{
	{"all", incident.Filter{}},
	{"date range", incident.Filter{From: "2010-01-01", To: "2010-12-31"}},
	{"from only", incident.Filter{From: "2025-06-01"}},
	{"to only", incident.Filter{To: "2005-03-01"}},
	{"claimant", incident.Filter{Claimants: []string{"BLF"}}},
	{"two claimants and dates", incident.Filter{Claimants: []string{"BLF", "ISPR"}, From: "2015-01-01", To: "2016-06-30"}},
	{"district", incident.Filter{Districts: []string{"kech"}}},
	{"districts and type", incident.Filter{Districts: []string{"kech", "zhob"}, Types: []incident.Type{incident.TypeAmbush}}},
	{"status", incident.Filter{Statuses: []incident.Verification{incident.Confirmed}, To: "2008-01-01"}},
	{"narrow bbox", incident.Filter{BBox: bound(63.0, 25.95, 63.1, 26.05)}},
	{"bbox and date", incident.Filter{BBox: bound(62, 25, 66, 28), From: "2020-01-01"}},
	{"text", incident.Filter{Text: "number 12"}},
	{"text and district", incident.Filter{Text: "ambush", Districts: []string{"awaran"}}},
	{"text word prefixes", incident.Filter{Text: "AMB numb 1"}},
	{"text mid-word matches nothing", incident.Filter{Text: "mbush"}},
	{"text id prefix", incident.Filter{Text: "syn-00001"}},
	{"text whole id", incident.Filter{Text: "SYN-0000042"}},
	{"text punctuation only", incident.Filter{Text: "--"}},
	{"text and bbox", incident.Filter{Text: "attributed bla", BBox: bound(62, 25, 66, 28)}},
	{"series", incident.Filter{Series: []string{"op-test"}}},
	{"unknown district", incident.Filter{Districts: []string{"atlantis"}}},
	{"unknown type", incident.Filter{Types: []incident.Type{"nope"}}},
	{"drafts", incident.Filter{Drafts: true, Claimants: []string{"TTP"}}},
	{"empty bbox", incident.Filter{BBox: bound(10, 10, 11, 11)}},
	{"spanning", incident.Filter{From: "2012-03-05", To: "2012-03-05"}},
	{"region balochistan", incident.Filter{Region: incident.RegionBalochistan}},
	{"region outside", incident.Filter{Region: incident.RegionOutside}},
	{"region outside, claimant and dates", incident.Filter{Region: incident.RegionOutside, Claimants: []string{"BLF", "ISPR"}, From: "2015-01-01", To: "2020-12-31"}},
	{"region balochistan and district", incident.Filter{Region: incident.RegionBalochistan, Districts: []string{"kech"}}},
	{"region outside and bbox", incident.Filter{Region: incident.RegionOutside, BBox: bound(62, 25, 66, 28)}},
	{"region outside and text", incident.Filter{Region: incident.RegionOutside, Text: "ambush"}},
	{"region outside and series", incident.Filter{Region: incident.RegionOutside, Series: []string{"op-test"}}},
	{"region outside with drafts", incident.Filter{Region: incident.RegionOutside, Drafts: true}},
	{"region not in the vocabulary", incident.Filter{Region: "elsewhere"}},
	{"verified (issue 18)", incident.Filter{Verified: true}},
	{"verified, a claimant with confirmed second claims", incident.Filter{Verified: true, Claimants: []string{"ISPR"}}},
	{"verified, claimants and dates", incident.Filter{Verified: true, Claimants: []string{"BLF", "BLA"}, From: "2015-01-01"}},
	{"verified and status", incident.Filter{Verified: true, Statuses: []incident.Verification{incident.Confirmed}}},
}

// variedSynth is synth(n, 42) with drafts, a series, spans of dates,
// second claims by another actor and locations in every region (no country,
// as stored before countries existed; Balochistan stated; Sindh; Iran)
// mixed in, so that every filter and index has something to find.
func variedSynth(n int) []*incident.Incident {
	ins := synth(n, 42)
	for i, in := range ins {
		switch {
		case i%97 == 0:
			in.State = incident.Draft
		case i%31 == 0:
			in.Series = "op-test"
		case i%53 == 0:
			in.EndDate = "2012-03-10"
			in.Date = "2012-02-20"
		}
		switch i % 5 {
		case 1:
			in.Location.Country, in.Location.Admin1 = "IR", "Sistan and Baluchestan"
		case 2:
			in.Location.Country, in.Location.Admin1 = "PK", "Sindh"
		case 3:
			in.Location.Country, in.Location.Admin1 = "PK", "Balochistan"
		}
		if i%13 == 0 { // a second claim by another actor
			in.Claims = append(in.Claims, incident.Claim{Actor: "ISPR", Kind: incident.KindOfficial, Status: incident.Confirmed,
				Casualties: incident.Casualties{incident.Militants: {Killed: incident.Exactly(3)}}})
		}
	}
	return ins
}

func seedQueryDB(t *testing.T, n int) (*DB, []*incident.Incident) {
	t.Helper()
	db := mustOpen(t, "")
	ins := variedSynth(n)
	if _, err := db.PutBatch(t.Context(), ins, "seed"); err != nil {
		t.Fatal(err)
	}
	return db, ins
}

func TestQueryMatchesReference(t *testing.T) {
	db, ins := seedQueryDB(t, 3000)
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			want := reference(ins, tc.f)
			for _, limit := range []int{7, 1000} {
				var got []string
				cur := ""
				for pages := 0; ; pages++ {
					p, err := db.Query(t.Context(), tc.f, limit, cur)
					if err != nil {
						t.Fatal(err)
					}
					if p.Matched != len(want) {
						t.Fatalf("limit %d page %d: Matched = %d, want %d", limit, pages, p.Matched, len(want))
					}
					for _, in := range p.Incidents {
						got = append(got, in.ID)
					}
					if p.Next == "" {
						break
					}
					if len(p.Incidents) != limit {
						t.Fatalf("page of %d with a next cursor, want %d", len(p.Incidents), limit)
					}
					cur = p.Next
				}
				if !slices.Equal(got, want) {
					t.Fatalf("limit %d: got %d ids %.5v..., want %d %.5v...", limit, len(got), got, len(want), want)
				}
			}
			n, err := db.Count(t.Context(), tc.f)
			if err != nil || n != len(want) {
				t.Fatalf("Count = %d %v, want %d", n, err, len(want))
			}
			var each []string
			if err := db.Each(t.Context(), tc.f, func(in *incident.Incident) error {
				each = append(each, in.ID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(each, want) {
				t.Fatalf("Each gave %d ids, want %d", len(each), len(want))
			}
		})
	}
}

func TestQueryBadCursor(t *testing.T) {
	db := mustOpen(t, "")
	for _, c := range []string{"!!", "AAAA", "AgAAAAAA"} {
		if _, err := db.Query(t.Context(), incident.Filter{}, 10, c); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", c, err)
		}
	}
}

// A page large enough to be decoded on several cores holds each incident
// at its place, exactly as Get returns it.
func TestQueryLargePageDecodedInParts(t *testing.T) {
	db := mustOpen(t, "")
	ins := synth(3*decodePart+17, 21)
	if _, err := db.PutBatch(t.Context(), ins, "test"); err != nil {
		t.Fatal(err)
	}
	p, err := db.Query(t.Context(), incident.Filter{}, 10_000, "")
	if err != nil {
		t.Fatal(err)
	}
	want := reference(ins, incident.Filter{})
	if len(p.Incidents) != len(want) {
		t.Fatalf("got %d incidents, want %d", len(p.Incidents), len(want))
	}
	for i, in := range p.Incidents {
		if in.ID != want[i] {
			t.Fatalf("incident %d is %s, want %s", i, in.ID, want[i])
		}
		g, err := db.Get(t.Context(), in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(in, g) {
			t.Fatalf("%s from the page differs from Get:\n%+v\n%+v", in.ID, in, g)
		}
	}
}
