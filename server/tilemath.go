package server

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// MaxZoom is the highest tile zoom served.
const MaxZoom = 22

// tileID is a Web Mercator (XYZ, y down) tile.
type tileID struct{ z, x, y uint32 }

// parseTile reads z, x and y. z must be in 0..MaxZoom and x, y in
// 0..2^z-1; anything else is a ParamError naming the coordinate.
func parseTile(zs, xs, ys string) (tileID, error) {
	z, err := strconv.ParseUint(zs, 10, 8)
	if err != nil || z > MaxZoom {
		return tileID{}, incident.ParamErrorf("z", "want a zoom from 0 to %d, got %q", MaxZoom, zs)
	}
	n := uint64(1) << z
	x, err := strconv.ParseUint(xs, 10, 32)
	if err != nil || x >= n {
		return tileID{}, incident.ParamErrorf("x", "want 0 to %d at zoom %d, got %q", n-1, z, xs)
	}
	y, err := strconv.ParseUint(ys, 10, 32)
	if err != nil || y >= n {
		return tileID{}, incident.ParamErrorf("y", "want 0 to %d at zoom %d, got %q", n-1, z, ys)
	}
	return tileID{z: uint32(z), x: uint32(x), y: uint32(y)}, nil
}

// pointY is the world y of a point of the index, which keeps it
// precomputed.
func pointY(p *incident.Point) float64 {
	if p.MercY != 0 { // 0 is the north edge of the world: never a stored point
		return p.MercY
	}
	return geo.MercatorY(p.Lat)
}

// bound is the tile's lon/lat bound.
func (t tileID) bound() orb.Bound { return t.bufferedBound(0) }

// bufferedBound is the tile's lon/lat bound grown on every side by frac of
// the tile's size (256/4096 for a 256-unit buffer at extent 4096), clamped
// to the world.
func (t tileID) bufferedBound(frac float64) orb.Bound {
	n := float64(uint64(1) << t.z)
	x0, x1 := (float64(t.x)-frac)/n, (float64(t.x)+1+frac)/n
	y0, y1 := (float64(t.y)-frac)/n, (float64(t.y)+1+frac)/n
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, 1), min(y1, 1)
	return orb.Bound{
		Min: orb.Point{geo.LonOf(x0), geo.LatOf(y1)},
		Max: orb.Point{geo.LonOf(x1), geo.LatOf(y0)},
	}
}

// tileCoverRange returns the tiles at zoom z that touch b (lon/lat),
// inclusive.
func tileCoverRange(b orb.Bound, z uint32) (x0, y0, x1, y1 uint32) {
	x0, y1 = geo.PointTile(b.Min[0], b.Min[1], z)
	x1, y0 = geo.PointTile(b.Max[0], b.Max[1], z)
	return
}

// projector maps lon/lat to integer tile coordinates at an extent.
type projector struct {
	scale  float64 // 2^z * extent
	ox, oy float64 // tile origin in the same units
}

func newProjector(t tileID, extent uint32) projector {
	scale := float64(uint64(1)<<t.z) * float64(extent)
	return projector{scale: scale, ox: float64(t.x) * float64(extent), oy: float64(t.y) * float64(extent)}
}

// pixel returns the tile coordinates of world coordinates, rounded down.
func (p projector) pixel(wx, wy float64) (int32, int32) {
	return int32(math.Floor(wx*p.scale - p.ox)), int32(math.Floor(wy*p.scale - p.oy))
}
