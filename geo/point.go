package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParsePoint reads "lon,lat" (decimal degrees, WGS84; spaces allowed around
// the comma) and checks that it is a point on Earth. Errors wrap ErrBadPoint.
func ParsePoint(s string) (orb.Point, error) {
	if len(s) > 64 {
		return orb.Point{}, fmt.Errorf("%w: %d bytes is too long for \"lon,lat\"", ErrBadPoint, len(s))
	}
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return orb.Point{}, fmt.Errorf("%w: %q: want \"lon,lat\"", ErrBadPoint, s)
	}
	lon, err := parseCoord(a, "longitude")
	if err != nil {
		return orb.Point{}, err
	}
	lat, err := parseCoord(b, "latitude")
	if err != nil {
		return orb.Point{}, err
	}
	p := orb.Point{lon, lat}
	return p, CheckPoint(p)
}

// ParseCoord reads one coordinate ("lon" or "lat" query parameters).
func ParseCoord(s, name string) (float64, error) { return parseCoord(s, name) }

func parseCoord(s, name string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %s %q is not a number", ErrBadPoint, name, strings.TrimSpace(s))
	}
	return v, nil
}

// MaxMercatorLat is the latitude where Web Mercator's square world ends.
const MaxMercatorLat = 85.0511287798066

// MercatorY maps a latitude to [0,1] down the Web Mercator world (0 at the
// north edge); latitudes beyond MaxMercatorLat are clamped. The point index
// keeps it for every incident, so that tiles need not compute it per
// request; the tile server computes it with this same function.
func MercatorY(lat float64) float64 {
	lat = max(-MaxMercatorLat, min(MaxMercatorLat, lat))
	s := math.Sin(lat * math.Pi / 180)
	y := 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
	return max(0, min(1, y))
}
