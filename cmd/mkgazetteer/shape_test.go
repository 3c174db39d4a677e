package main

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"Sindh":                  "sindh",
		"Sistan and Baluchestan": "sistan-and-baluchestan",
		"Khyber Pakhtunkhwa":     "khyber-pakhtunkhwa",
		"Sar-e Pol":              "sar-e-pol",
		"D. I. Khan":             "d-i-khan",
		" Gilgit  Baltistan ":    "gilgit-baltistan",
	} {
		if got, err := slug(name); err != nil || got != want {
			t.Errorf("slug(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"", " - ", "Kalāt"} {
		if got, err := slug(name); err == nil {
			t.Errorf("slug(%q) = %q, want an error", name, got)
		}
	}
}

func TestRFC7946(t *testing.T) {
	// A clockwise square, not closed, with a counter-clockwise hole.
	mp := orb.MultiPolygon{{
		{{0, 0}, {0, 4}, {4, 4}, {4, 0}},
		{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}},
	}}
	got, err := rfc7946(mp)
	if err != nil {
		t.Fatal(err)
	}
	outer, hole := got[0][0], got[0][1]
	if !outer.Closed() || !hole.Closed() {
		t.Errorf("rings not closed: %v", got)
	}
	if outer.Orientation() != orb.CCW || hole.Orientation() != orb.CW {
		t.Errorf("outer ring %v, hole %v; want CCW, CW", outer.Orientation(), hole.Orientation())
	}
	if _, err := rfc7946(orb.MultiPolygon{{{{0, 0}, {1, 1}, {0, 0}}}}); err == nil {
		t.Error("a ring of three points was accepted")
	}
}

func TestLabelPoint(t *testing.T) {
	big := orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}
	for _, c := range []struct {
		name string
		mp   orb.MultiPolygon
		in   orb.Polygon // the part the label must fall in
	}{
		// The centre of its bound lies in the notch.
		{"u-shape", orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}}, nil},
		// The centre lies in the hole.
		{"ring", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}}, nil},
		// The label goes on the largest part.
		{"islands", orb.MultiPolygon{{{{10, 10}, {10.1, 10}, {10.1, 10.1}, {10, 10.1}, {10, 10}}}, big}, big},
	} {
		p, err := labelPoint(c.mp)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		in := c.in
		if in == nil {
			in = c.mp[0]
		}
		if !planar.PolygonContains(in, p) || distToMP(p, c.mp) < 0.25 {
			t.Errorf("%s: label point %v is not well inside", c.name, p)
		}
	}
}
