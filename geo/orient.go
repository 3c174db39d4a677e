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
// Rings that simplification and rounding to tile units left without area
// are dropped (the spec requires area; GDAL makes such a polygon invalid),
// and so is a polygon whose outer ring has none. It accepts a Polygon or
// MultiPolygon, reorients in place, and returns the geometry to encode:
// nil when nothing with area is left. Other geometries are returned as
// they are.
func OrientMVT(g orb.Geometry) orb.Geometry {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return g
	}
	out := mp[:0]
	for _, p := range mp {
		if len(p) == 0 || p[0].Orientation() == 0 {
			continue
		}
		kept := p[:1]
		for _, r := range p[1:] {
			if r.Orientation() != 0 {
				kept = append(kept, r)
			}
		}
		orientPolygon(kept, orb.CCW)
		out = append(out, kept)
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}
