package geo

import (
	"math"

	"github.com/paulmach/orb/maptile"
)

// Web Mercator tile maths, the one copy: the tile server's tiles and
// clusters and the store's spatial index keys use these functions.
// "World" coordinates are the Web Mercator square scaled to [0,1] on each
// axis, x east from the antimeridian, y south from the north edge (the XYZ
// tile scheme, y down).

// WorldX maps a longitude in degrees to [0,1] across the Web Mercator
// world.
func WorldX(lon float64) float64 { return (lon + 180) / 360 }

// LonOf is the longitude of world x: the inverse of WorldX.
func LonOf(wx float64) float64 { return wx*360 - 180 }

// LatOf is the latitude of world y: the inverse of MercatorY within
// ±MaxMercatorLat.
func LatOf(wy float64) float64 {
	return math.Atan(math.Sinh(math.Pi*(1-2*wy))) * 180 / math.Pi
}

// TileOf returns the tile at zoom z (0 to 32) that holds world point
// wx, wy: tile (x, y) covers [x, x+1) x [y, y+1) in units of 2^-z of the
// world. Every point falls in exactly one tile; the east and south edges
// of the world belong to the last tile, and points beyond it are clamped.
func TileOf(wx, wy float64, z uint32) (x, y uint32) {
	n := float64(uint64(1) << z)
	last := uint32(uint64(1)<<z - 1)
	return min(uint32(max(wx*n, 0)), last), min(uint32(max(wy*n, 0)), last)
}

// PointTile returns the tile at zoom z holding the point lon, lat
// (degrees); latitudes beyond MaxMercatorLat fall in the edge tiles.
func PointTile(lon, lat float64, z uint32) (x, y uint32) {
	return TileOf(WorldX(lon), MercatorY(lat), z)
}

// Quadkey is the quadkey of tile x, y at zoom z (at most 16) as a number:
// the bits of x and y interleaved, x in the even bits, as orb's
// maptile.Tile.Quadkey. The tiles under any coarser tile form one range
// of keys, which is what the store's spatial index relies on.
func Quadkey(x, y, z uint32) uint32 {
	return uint32(maptile.New(x, y, maptile.Zoom(z)).Quadkey())
}
