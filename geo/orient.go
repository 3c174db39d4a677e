package geo

import "github.com/paulmach/orb"

// OrientRFC7946 winds every ring of mp in place by RFC 7946's right-hand
// rule, in lon/lat with y (latitude) up: outer rings counterclockwise,
// holes clockwise. The boundary files come from shapefiles, which wind the
// other way (and not always consistently); clients that honour the winding
// (MVT readers, d3) draw a wrongly wound outer ring as a hole, so polygons
// are normalised once, where they enter. A degenerate ring (no area) is
// left as it is. It returns mp.
func OrientRFC7946(mp orb.MultiPolygon) orb.MultiPolygon {
	for _, p := range mp {
		orientPolygon(p, orb.CCW)
	}
	return mp
}

// orientPolygon winds the outer ring of p as outer and its holes the other
// way, by orb's Orientation (the sign of the surveyor's area in the
// coordinates as given).
func orientPolygon(p orb.Polygon, outer orb.Orientation) {
	for i, r := range p {
		want := outer
		if i > 0 {
			want = -outer
		}
		if o := r.Orientation(); o != 0 && o != want {
			r.Reverse()
		}
	}
}

// OrientMVT winds the rings of a polygon in tile coordinates (y down) as
// Mapbox Vector Tile 2.1 asks: an outer ring has a positive surveyor's area
// in tile coordinates (it appears clockwise on screen), a hole a negative
// one. Projection to a tile flips y, which reverses every ring of an RFC
// 7946 polygon, and clipping may add rings; so tiles are wound after both.
// It accepts a Polygon or MultiPolygon and leaves other geometries alone.
func OrientMVT(g orb.Geometry) {
	switch g := g.(type) {
	case orb.Polygon:
		orientPolygon(g, orb.CCW)
	case orb.MultiPolygon:
		for _, p := range g {
			orientPolygon(p, orb.CCW)
		}
	}
}
