package pointindex

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// testIncidents are n valid incidents spread over Balochistan. The index's
// behaviour through a store (every filter against incident.Filter.Match)
// is tested in package store; these tests look at its inside.
func testIncidents(n int) []*incident.Incident {
	out := make([]*incident.Incident, n)
	for i := range out {
		out[i] = &incident.Incident{
			ID: fmt.Sprintf("T-%05d", i), Title: "t", Date: fmt.Sprintf("20%02d-%02d-%02d", 10+i%15, 1+i%12, 1+i%28),
			Type:     incident.Types[i%len(incident.Types)],
			Location: incident.Location{DistrictID: "kech", Lon: 62 + float64(i%700)/100, Lat: 25.5 + float64(i%600)/100, Precision: geo.PrecisionExact},
			Claims:   []incident.Claim{{Actor: []string{"BLA", "BLF", "ISPR"}[i%3], Kind: incident.KindResponsibility, Status: incident.Unverified}},
		}
	}
	return out
}

// The region is a spare byte of padding and a flag bit: the row stays 64
// bytes, a cache line.
func TestRowSize(t *testing.T) {
	if n := unsafe.Sizeof(row{}); n != 64 {
		t.Errorf("row is %d bytes, want 64", n)
	}
}

func TestDateOf(t *testing.T) {
	p := New(48)
	for _, d := range []string{"2024-02-29", "1900-01-01", "2199-12-31", "2200-01-01", "1899-12-31", "2025-07-12"} {
		n := DateNum(d)
		p.dateStr(n, d)
		if got := p.dateOf(n); got != d {
			t.Errorf("dateOf(%d) = %q, want %q", n, got, d)
		}
	}
	if got := p.dateOf(DateNum("2025-07-13")); got != "" {
		t.Errorf("unset date: %q", got)
	}
}

// Rows with equal titles share one copy in the arena, and keep sharing it
// through compaction; strings handed out before a compaction still read
// what they read.
func TestArenaSharesTitles(t *testing.T) {
	p := New(200)
	ins := testIncidents(5000)
	titles := []string{"Clash at Turbat", "IED blast targeting a convoy near Panjgur", "Abduction reported in Kharan"}
	for i, in := range ins {
		in.Title = titles[i%len(titles)]
		if i%100 == 0 {
			in.Title = fmt.Sprintf("unique title %d", i)
		}
		p.Set(uint64(i+1), in, false)
	}
	check := func(when string) {
		t.Helper()
		first := map[string]*byte{}
		for i, in := range ins {
			r := &p.rows[i]
			if got := p.id(r); got != in.ID {
				t.Fatalf("%s: row %d id %q, want %q", when, i, got, in.ID)
			}
			got := p.title(r)
			if got != in.Title {
				t.Fatalf("%s: row %d title %q, want %q", when, i, got, in.Title)
			}
			if q, ok := first[got]; ok && q != unsafe.StringData(got) && !strings.HasPrefix(got, "unique") {
				t.Fatalf("%s: row %d: title %q not shared", when, i, got)
			}
			first[got] = unsafe.StringData(got)
		}
	}
	check("after the load")
	if len(p.arena) > 5000*12+50*20+200 {
		t.Errorf("arena %d bytes: titles not shared", len(p.arena))
	}
	held, heldTitle := p.id(&p.rows[7]), p.title(&p.rows[7])
	// Rewrite rows until the arena has been compacted (its garbage drops).
	compacted := false
	for n := 0; !compacted; n++ {
		if n > 200*len(ins) {
			t.Fatal("the arena was never compacted")
		}
		g := p.garbage
		p.Set(uint64(n%len(ins)+1), ins[n%len(ins)], false)
		compacted = p.garbage < g
	}
	check("after compaction")
	if held != ins[7].ID || heldTitle != ins[7].Title {
		t.Errorf("strings handed out before compaction now read %q, %q", held, heldTitle)
	}
}
