package exchange

import (
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Geocoder is the part of the gazetteer (*geo.Gazetteer) import and the
// write API need. It must be safe for concurrent use: rows are placed by
// several goroutines.
type Geocoder interface {
	Geocode(q string, opt geo.GeocodeOptions) ([]geo.Candidate, error)
	// ReverseNear locates a point, giving one just outside the coarse
	// outlines (coast, borders) the unit within tol degrees.
	ReverseNear(p orb.Point, tol float64) (geo.Place, error)
	District(idOrName string) (*geo.District, bool)
}

// RegionWords names the mapped region in error messages.
const RegionWords = "Balochistan, the rest of Pakistan, and the provinces of Iran and Afghanistan around it"

// LocatePoint is the one rule every write path (import, the write API)
// applies to an incident given by its coordinates: the point is kept, and
// its district, country and province come from reverse geocoding (a stated
// district is not trusted over the point; a point beyond Balochistan never
// gets a Balochistan district). A point on land in the mapped region, or
// within geo.BorderTolerance of it, is accepted; one in the open sea or
// beyond the region is an error wrapping incident.ErrInvalid that names the
// field "location". An empty Method becomes "reverse".
func LocatePoint(g Geocoder, loc *incident.Location) error {
	pl, err := g.ReverseNear(orb.Point{loc.Lon, loc.Lat}, geo.BorderTolerance)
	if err != nil {
		return invalidLocation("invalid coordinates %v, %v", loc.Lon, loc.Lat)
	}
	if pl.Region == "" {
		return invalidLocation("point %s,%s is in the open sea or beyond the mapped region (%s)", fmtFloat(loc.Lon), fmtFloat(loc.Lat), RegionWords)
	}
	setPlace(loc, pl.DistrictID, pl.District, pl.Country, pl.Admin1)
	if loc.Method == "" {
		loc.Method = incident.MethodReverse
	}
	return nil
}

func invalidLocation(format string, args ...any) error {
	return fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: "location", Msg: fmt.Sprintf(format, args...)})
}

func setPlace(loc *incident.Location, districtID, district, country, admin1 string) {
	loc.DistrictID, loc.District, loc.Country, loc.Admin1 = districtID, district, country, admin1
}

// locate places a row on the map (see docs/formats.md, "Geocoding"):
//
//   - With coordinates, LocatePoint applies. Precision is as stated, else
//     exact.
//   - Without coordinates, the place name is looked up in the gazetteer
//     (within the stated district, if any); an exact or alias match gives the
//     place's point at the place's precision, never finer than stated. Places
//     beyond Balochistan are found as well as those in it.
//   - With only a district (or no confident match for the place inside a
//     known district), the incident goes to the district's label point at
//     district precision.
//   - Otherwise the row is an error naming the place field.
//
// A stated first-level unit (ACLED's admin1) must be one the gazetteer
// knows.
func locate(r *row, g Geocoder) error {
	in, h := r.in, &r.hint
	loc := &in.Location
	if a := strings.TrimSpace(h.admin1); a != "" && !knownAdmin1(g, a) {
		return errField("admin1", "unknown province %q (want one in %s)", h.admin1, RegionWords)
	}
	if h.hasPoint {
		err := LocatePoint(g, loc)
		var fe *incident.FieldError
		if errors.As(err, &fe) {
			return errField("geometry", "%s", fe.Msg)
		}
		loc.Precision = h.precision
		if loc.Precision == "" {
			loc.Precision = geo.PrecisionExact
		}
		if loc.Method == "" {
			loc.Method = incident.MethodReverse
		}
		return nil
	}
	var dist *geo.Candidate // the stated district, at its label point
	if h.district != "" {
		d, ok := findDistrict(g, h.district)
		if !ok {
			return errField(h.distField, "unknown district %q", h.district)
		}
		dist = &d
	}
	q := h.place
	if q == "" {
		q = h.tehsil
	}
	if q != "" && (dist == nil || !sameName(g, q, dist)) {
		opt := geo.GeocodeOptions{Limit: 1}
		if dist != nil {
			opt.District = dist.DistrictID
		}
		cands, err := g.Geocode(q, opt)
		if err != nil && !errors.Is(err, geo.ErrNoMatch) {
			return errField(h.field, "cannot geocode %q: %v", q, err)
		}
		if len(cands) > 0 && cands[0].Match != "fuzzy" {
			c := cands[0]
			loc.Lon, loc.Lat = c.Point[0], c.Point[1]
			setPlace(loc, c.DistrictID, c.District, c.Country, c.Admin1)
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
	loc.Lon, loc.Lat = dist.Point[0], dist.Point[1]
	setPlace(loc, dist.DistrictID, dist.District, dist.Country, dist.Admin1)
	loc.Precision = coarser(geo.PrecisionDistrict, h.precision)
	loc.Method = incident.MethodGazetteer
	return nil
}

// findDistrict resolves a stated district, of Balochistan or of the rest of
// Pakistan, to the candidate of the district itself.
func findDistrict(g Geocoder, s string) (geo.Candidate, bool) {
	if d, ok := g.District(s); ok {
		return geo.Candidate{Name: d.CommonName, Kind: geo.KindDistrict, ID: d.ID, DistrictID: d.ID, District: d.CommonName,
			Region: geo.RegionBalochistan, Country: "PK", Admin1: "Balochistan", Point: d.Label, Precision: geo.PrecisionDistrict}, true
	}
	cands, _ := g.Geocode(s, geo.GeocodeOptions{})
	for _, c := range cands {
		if c.Kind == geo.KindDistrict && c.Match != "fuzzy" {
			return c, true
		}
	}
	return geo.Candidate{}, false
}

// knownAdmin1 reports whether s names Balochistan or a first-level unit of
// the outer ring.
func knownAdmin1(g Geocoder, s string) bool {
	if strings.EqualFold(s, "balochistan") || strings.EqualFold(s, "baluchistan") {
		return true
	}
	cands, _ := g.Geocode(s, geo.GeocodeOptions{})
	for _, c := range cands {
		if c.Kind == geo.KindProvince && c.Match != "fuzzy" {
			return true
		}
	}
	return false
}

// sameName reports whether q names the district itself (so a row saying
// "location: Kech, district: Kech" is placed at district precision, not at
// some village called Kech).
func sameName(g Geocoder, q string, d *geo.Candidate) bool {
	if strings.EqualFold(strings.TrimSpace(q), d.District) || strings.EqualFold(strings.TrimSpace(q), d.DistrictID) {
		return true
	}
	if d.Region == geo.RegionBalochistan {
		bd, ok := g.District(q)
		return ok && bd.ID == d.DistrictID
	}
	c, ok := findDistrict(g, q)
	return ok && c.DistrictID == d.DistrictID
}

// coarser returns the less exact of a found and a stated precision.
func coarser(found, stated geo.Precision) geo.Precision {
	if stated.Rank() > found.Rank() {
		return stated
	}
	return found
}
