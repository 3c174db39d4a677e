package exchange

import (
	"errors"
	"strings"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Geocoder is the part of the gazetteer (*geo.Gazetteer) import needs. It
// must be safe for concurrent use: rows are placed by several goroutines.
type Geocoder interface {
	Geocode(q string, opt geo.GeocodeOptions) ([]geo.Candidate, error)
	Reverse(p orb.Point) (geo.Place, error)
	District(idOrName string) (*geo.District, bool)
}

// locate places a row on the map (see docs/formats.md, "Geocoding"):
//
//   - With coordinates, the point is kept; its district comes from reverse
//     geocoding (a stated district is not trusted over the point), and a
//     point outside Balochistan is an error. Precision is as stated, else exact.
//   - Without coordinates, the place name is looked up in the gazetteer
//     (within the stated district, if any); an exact or alias match gives the
//     place's point at the place's precision, never finer than stated.
//   - With only a district (or no confident match for the place inside a
//     known district), the incident goes to the district's label point at
//     district precision.
//   - Otherwise the row is an error naming the place field.
func locate(r *row, g Geocoder) error {
	in, h := r.in, &r.hint
	loc := &in.Location
	if a := strings.ToLower(strings.TrimSpace(h.admin1)); a != "" && a != "balochistan" && a != "baluchistan" {
		return errField("admin1", "want Balochistan, got %q", h.admin1)
	}
	if h.hasPoint {
		pl, err := reverseNear(g, orb.Point{loc.Lon, loc.Lat})
		if err != nil {
			return errField("geometry", "invalid coordinates %v, %v", loc.Lon, loc.Lat)
		}
		if !pl.Inside {
			return errField("geometry", "point %s,%s is outside Balochistan (more than %.2f degrees from any district)", fmtFloat(loc.Lon), fmtFloat(loc.Lat), geo.BorderTolerance)
		}
		loc.DistrictID, loc.District = pl.DistrictID, pl.District
		loc.Precision = h.precision
		if loc.Precision == "" {
			loc.Precision = geo.PrecisionExact
		}
		if loc.Method == "" {
			loc.Method = incident.MethodReverse
		}
		return nil
	}
	var dist *geo.District
	if h.district != "" {
		d, ok := g.District(h.district)
		if !ok {
			return errField(h.distField, "unknown district %q", h.district)
		}
		dist = d
	}
	q := h.place
	if q == "" {
		q = h.tehsil
	}
	if q != "" && (dist == nil || !sameName(q, dist)) {
		opt := geo.GeocodeOptions{Limit: 1}
		if dist != nil {
			opt.District = dist.ID
		}
		cands, err := g.Geocode(q, opt)
		if err != nil && !errors.Is(err, geo.ErrNoMatch) {
			return errField(h.field, "cannot geocode %q: %v", q, err)
		}
		if len(cands) > 0 && cands[0].Match != "fuzzy" {
			c := cands[0]
			loc.Lon, loc.Lat = c.Point[0], c.Point[1]
			loc.DistrictID, loc.District = c.DistrictID, c.District
			loc.Precision = coarser(c.Precision, h.precision)
			loc.Method = incident.MethodGazetteer
			return nil
		}
		if dist == nil {
			if len(cands) > 0 {
				return errField(h.field, "no confident gazetteer match for %q (closest: %q in %s); give coordinates or a district", q, cands[0].Name, cands[0].District)
			}
			return errField(h.field, "no gazetteer match for %q; give coordinates or a district", q)
		}
	}
	if dist == nil {
		return errField(h.field, "no coordinates and no place or district to geocode")
	}
	loc.Lon, loc.Lat = dist.Label[0], dist.Label[1]
	loc.DistrictID, loc.District = dist.ID, dist.Name
	if dist.CommonName != "" {
		loc.District = dist.CommonName
	}
	loc.Precision = coarser(geo.PrecisionDistrict, h.precision)
	loc.Method = incident.MethodGazetteer
	return nil
}

// sameName reports whether q names the district itself (so a row saying
// "location: Kech, district: Kech" is placed at district precision, not at
// some village called Kech).
func sameName(q string, d *geo.District) bool {
	q = strings.TrimSpace(q)
	if strings.EqualFold(q, d.Name) || strings.EqualFold(q, d.CommonName) || strings.EqualFold(q, d.ID) {
		return true
	}
	for _, a := range d.AltNames {
		if strings.EqualFold(q, a) {
			return true
		}
	}
	return false
}

// coarser returns the less exact of a found and a stated precision.
func coarser(found, stated geo.Precision) geo.Precision {
	if stated.Rank() > found.Rank() {
		return stated
	}
	return found
}

// reverseNear reverse-geocodes p, giving points just outside the coarse
// province outline (coast, borders) their nearest district when the
// geocoder can (geo.Gazetteer.ReverseNear with geo.BorderTolerance).
func reverseNear(g Geocoder, p orb.Point) (geo.Place, error) {
	if rn, ok := g.(interface {
		ReverseNear(orb.Point, float64) (geo.Place, error)
	}); ok {
		return rn.ReverseNear(p, geo.BorderTolerance)
	}
	return g.Reverse(p)
}
