package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// rfc7946 rounds mp to decimals in place, closes its rings and winds them as
// RFC 7946 asks: exterior rings counter-clockwise, holes clockwise. Nothing
// is simplified.
func rfc7946(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	mp = roundMP(mp)
	for _, poly := range mp {
		for i, ring := range poly {
			if len(ring) > 0 && !ring.Closed() {
				ring = append(ring, ring[0])
				poly[i] = ring
			}
			if len(ring) < 4 {
				return nil, fmt.Errorf("ring with %d points", len(ring))
			}
			want := orb.CCW
			if i > 0 {
				want = orb.CW
			}
			switch ring.Orientation() {
			case 0:
				return nil, errors.New("ring without area")
			case want:
			default:
				ring.Reverse()
			}
		}
	}
	return mp, nil
}

// labelScanlines is how many parallels labelPoint draws across a polygon.
const labelScanlines = 64

// labelPoint returns a point well inside mp, to put its label on: of the
// midpoints of the runs where evenly spaced parallels cross mp's largest
// polygon, the one farthest from any edge. The point is rounded to decimals
// and is inside mp, not on an edge, after rounding.
func labelPoint(mp orb.MultiPolygon) (orb.Point, error) {
	var poly orb.Polygon
	largest := 0.0
	for _, p := range mp {
		if a := planar.Area(p); a > largest {
			poly, largest = p, a
		}
	}
	if poly == nil {
		return orb.Point{}, errors.New("label point: no polygon with an area")
	}
	b := poly.Bound()
	var best orb.Point
	bestDist := 0.0
	for k := range labelScanlines {
		y := b.Min[1] + (float64(k)+0.5)*(b.Max[1]-b.Min[1])/labelScanlines
		xs := geo.Crossings(poly, y)
		for i := 0; i+1 < len(xs); i += 2 {
			// No point of a run is farther from an edge than half its width.
			if (xs[i+1]-xs[i])/2 <= bestDist {
				continue
			}
			p := orb.Point{round((xs[i] + xs[i+1]) / 2), round(y)}
			if d := distToMP(p, mp); d > bestDist && planar.PolygonContains(poly, p) {
				best, bestDist = p, d
			}
		}
	}
	if bestDist == 0 {
		return orb.Point{}, errors.New("label point: no point found inside the polygon")
	}
	return best, nil
}

// slug makes an id of a name: lower-case ASCII letters and digits, words
// joined by "-" ("Sistan and Baluchestan" gives "sistan-and-baluchestan").
// Letters outside ASCII are an error rather than silently dropped.
func slug(name string) (string, error) {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return "", fmt.Errorf("slug of %q: %q is not ASCII", name, r)
		default:
			gap = true
		}
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("slug of %q: no letters", name)
	}
	return b.String(), nil
}
