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

// maxMercatorLat is the latitude where Web Mercator's square world ends.
const maxMercatorLat = geo.MaxMercatorLat

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

// worldX maps a longitude to [0,1] across the Web Mercator world.
func worldX(lon float64) float64 { return (lon + 180) / 360 }

// worldY maps a latitude to [0,1] down the Web Mercator world (0 = north);
// latitudes beyond the Mercator limit are clamped.
func worldY(lat float64) float64 { return geo.MercatorY(lat) }

// pointY is worldY of a point of the index, which keeps it precomputed.
func pointY(p *incident.Point) float64 {
	if p.MercY != 0 { // 0 is the north edge of the world: never a stored point
		return p.MercY
	}
	return worldY(p.Lat)
}

// lonOf and latOf invert worldX and worldY.
func lonOf(wx float64) float64 { return wx*360 - 180 }
func latOf(wy float64) float64 {
	return math.Atan(math.Sinh(math.Pi*(1-2*wy))) * 180 / math.Pi
}

// cellOf returns the grid cell of world coordinates at zoom z: cell
// (cx, cy) covers [cx, cx+1) x [cy, cy+1) in units of 2^-z of the world.
// Every point falls in exactly one cell; the right and bottom edges of the
// world belong to the last cell.
func cellOf(wx, wy float64, z uint32) (uint32, uint32) {
	n := float64(uint64(1) << z)
	last := uint32(uint64(1)<<z - 1)
	cx, cy := wx*n, wy*n
	return min(uint32(max(cx, 0)), last), min(uint32(max(cy, 0)), last)
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
		Min: orb.Point{lonOf(x0), latOf(y1)},
		Max: orb.Point{lonOf(x1), latOf(y0)},
	}
}

// tileCoverRange returns the tiles at zoom z that touch b (lon/lat),
// inclusive.
func tileCoverRange(b orb.Bound, z uint32) (x0, y0, x1, y1 uint32) {
	x0, y1 = cellOf(worldX(b.Min[0]), worldY(b.Min[1]), z)
	x1, y0 = cellOf(worldX(b.Max[0]), worldY(b.Max[1]), z)
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
