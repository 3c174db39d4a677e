package geo

import (
	"fmt"
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
