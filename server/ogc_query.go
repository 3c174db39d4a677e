package server

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// ogcQuery is an items request of the incidents collection: the shared
// filter the store narrows by, plus the conditions of OGC API - Features
// Part 1 simple property filters that the store has no index for, checked
// on each point the store yields (so numberMatched counts them exactly).
type ogcQuery struct {
	f             incident.Filter
	limit, offset int
	date          string   // incidents whose date (first day) is this one: a datetime instant or date=
	primary       []string // primary_claimant, canonical actor ids
	country       []string
	admin1        []string // compared case-insensitively
	precision     []geo.Precision
}

// match applies the conditions the store's filter does not hold.
func (q *ogcQuery) match(p *incident.Point) bool {
	if q.date != "" && p.Date != q.date {
		return false
	}
	if len(q.primary) > 0 && !slices.Contains(q.primary, p.Primary) {
		return false
	}
	if len(q.country) > 0 && !slices.Contains(q.country, p.Country) {
		return false
	}
	if len(q.admin1) > 0 && !slices.ContainsFunc(q.admin1, func(a string) bool { return strings.EqualFold(a, p.Admin1) }) {
		return false
	}
	if len(q.precision) > 0 && !slices.Contains(q.precision, p.Precision) {
		return false
	}
	return true
}

// ogcDefaultLimit is the page size when limit is absent, advertised as the
// default of limit in the OpenAPI document. QGIS pages by that default (and
// GDAL by the maximum, up to its own cap), so a small default makes a
// download of the collection thousands of requests (issue 14).
const ogcDefaultLimit = 1000

// ogcPropertyParams are the simple property filters (OGC API - Features
// Part 1, 7.15.5): each names a property of the items and selects features
// whose property equals one of the comma-separated values; claimants (a
// comma-separated property) selects incidents where any value is a
// claimant. type, status and region are shared filters of the same names.
var ogcPropertyParams = []string{"date", "primary_claimant", "claimants", "district_id", "country", "admin1", "precision"}

// itemsParams are the items parameters besides the shared filters.
var itemsParams = append([]string{"limit", "offset", "datetime", "f", "bbox-crs"}, ogcPropertyParams...)

// parseOGCItems reads an items request: the shared filters, the property
// filters, datetime, limit and offset. OGC's bbox may have 6 numbers
// (with heights).
func (s *Server) parseOGCItems(q url.Values) (ogcQuery, error) {
	var oq ogcQuery
	if vs, ok := q["bbox"]; ok && len(vs) == 1 {
		if parts := strings.Split(vs[0], ","); len(parts) == 6 {
			q = cloneValues(q)
			q.Set("bbox", strings.Join([]string{parts[0], parts[1], parts[3], parts[4]}, ","))
		}
	}
	if err := ogcFormat(q); err != nil {
		return oq, err
	}
	if vs, ok := q["bbox-crs"]; ok && (len(vs) != 1 || vs[0] != crs84) {
		return oq, incident.ParamErrorf("bbox-crs", "only %s is supported", crs84)
	}
	f, err := incident.ParseFilter(q, s.districtResolver, itemsParams...)
	if err != nil {
		return oq, err
	}
	for _, k := range ogcPropertyParams {
		vs := incident.ListValues(q, k)
		for _, v := range vs {
			if v == "" {
				return oq, incident.ParamErrorf(k, "empty value")
			}
		}
		switch k {
		case "date":
			if len(vs) > 1 {
				return oq, incident.ParamErrorf(k, "one date, or use datetime for an interval")
			}
			if len(vs) == 1 {
				d, err := incident.ParseDateParam(k, vs[0])
				if err != nil {
					return oq, err
				}
				oq.date = d
			}
		case "primary_claimant":
			for _, v := range vs {
				oq.primary = appendUnique(oq.primary, incident.CanonicalActor(v))
			}
		case "claimants":
			for _, v := range vs {
				f.Claimants = appendUnique(f.Claimants, incident.CanonicalActor(v))
			}
		case "district_id":
			for _, v := range vs {
				id, ok := s.districtResolver(v)
				if !ok {
					return oq, incident.ParamErrorf(k, "unknown district %q", v)
				}
				f.Districts = appendUnique(f.Districts, id)
			}
		case "country":
			for _, v := range vs {
				oq.country = appendUnique(oq.country, strings.ToUpper(v))
			}
		case "admin1":
			oq.admin1 = vs
		case "precision":
			for _, v := range vs {
				p, err := geo.ParsePrecision(strings.ToLower(v))
				if err != nil {
					return oq, incident.ParamErrorf(k, "unknown precision %q", v)
				}
				oq.precision = appendUnique(oq.precision, p)
			}
		}
	}
	if vs, ok := q["datetime"]; ok {
		if len(vs) != 1 {
			return oq, incident.ParamErrorf("datetime", "given more than once")
		}
		dt, err := parseDatetime(vs[0])
		if err != nil {
			return oq, err
		}
		if dt.instant {
			if oq.date != "" && oq.date != dt.from {
				oq.date = "\x00none" // no incident starts on two dates
			} else {
				oq.date = dt.from
			}
		}
		if dt.from != "" && (f.From == "" || dt.from > f.From) {
			f.From = dt.from
		}
		if dt.to != "" && (f.To == "" || dt.to < f.To) {
			f.To = dt.to
		}
	}
	if oq.date != "" && oq.date != "\x00none" {
		// Narrow the store's scan to the day; match keeps the exact date.
		if f.From == "" || oq.date > f.From {
			f.From = oq.date
		}
		if f.To == "" || oq.date < f.To {
			f.To = oq.date
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		oq.date = "\x00none" // disjoint conditions: nothing matches
	}
	if oq.limit, err = parseIntParam(q, "limit", ogcDefaultLimit, 1, s.opt.MaxLimit); err != nil {
		return oq, err
	}
	if oq.offset, err = parseIntParam(q, "offset", 0, 0, 1<<31-1); err != nil {
		return oq, err
	}
	oq.f = f
	return oq, nil
}

// datetime is a parsed OGC datetime parameter, in whole UTC days.
type datetime struct {
	from, to string // first and last dates covered, "" for an open end
	instant  bool   // a single date or instant, not an interval
}

// parseDatetime reads an OGC API datetime: a date or an RFC 3339 instant
// (the incidents of that UTC date), or an interval a/b where either end may
// be ".." or empty (open), as GDAL sends "2025-07-01T/..". A date-time
// without a zone is taken as UTC, and a trailing "T" (GDAL's date form) is
// ignored. Incidents overlapping the interval's days match it.
func parseDatetime(v string) (datetime, error) {
	bad := func() (datetime, error) {
		return datetime{}, incident.ParamErrorf("datetime", "want a date YYYY-MM-DD, an RFC 3339 date-time, or an interval a/b with .. for open ends, got %q", truncateRunes(v, 80))
	}
	one := func(s string) (string, bool) {
		s = strings.ToUpper(strings.TrimSpace(s))
		s = strings.TrimSuffix(s, "T")
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t.Format(time.DateOnly), true
		}
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC().Format(time.DateOnly), true
		}
		if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
			return t.Format(time.DateOnly), true
		}
		return "", false
	}
	a, b, isInterval := strings.Cut(v, "/")
	if !isInterval {
		d, ok := one(v)
		if !ok {
			return bad()
		}
		return datetime{from: d, to: d, instant: true}, nil
	}
	var dt datetime
	open := func(s string) bool { s = strings.TrimSpace(s); return s == "" || s == ".." }
	if !open(a) {
		d, ok := one(a)
		if !ok {
			return bad()
		}
		dt.from = d
	}
	if !open(b) {
		d, ok := one(b)
		if !ok {
			return bad()
		}
		dt.to = d
	}
	if dt.from != "" && dt.to != "" && dt.to < dt.from {
		return datetime{}, incident.ParamErrorf("datetime", "end before start")
	}
	return dt, nil
}

// truncateRunes shortens s to at most n runes for an error message.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "..."
		}
		n--
	}
	return s
}

// dataExtent is the spatial and temporal extent of the published
// incidents at one data version.
type dataExtent struct {
	version   uint64
	ok        bool
	bbox      [4]float64 // minLon, minLat, maxLon, maxLat
	first     string     // earliest date
	last      string     // latest date or end date
	populated bool       // at least one incident
}

// extentCache keeps the extent of the current data version; collection
// documents are asked for often (every GDAL and QGIS open), writes rarely.
type extentCache struct {
	mu sync.Mutex
	e  dataExtent
}

// incidentExtent scans the point index once per data version for the
// collection's extent.
func (s *Server) incidentExtent(ctx context.Context) (dataExtent, error) {
	v := s.db.Version()
	s.extent.mu.Lock()
	e := s.extent.e
	s.extent.mu.Unlock()
	if e.ok && e.version == v {
		return e, nil
	}
	e = dataExtent{version: v, ok: true, bbox: [4]float64{180, 90, -180, -90}}
	all := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	err := s.db.Points(ctx, incident.Filter{}, all, func(p *incident.Point) bool {
		e.populated = true
		e.bbox[0], e.bbox[1] = min(e.bbox[0], p.Lon), min(e.bbox[1], p.Lat)
		e.bbox[2], e.bbox[3] = max(e.bbox[2], p.Lon), max(e.bbox[3], p.Lat)
		if e.first == "" || p.Date < e.first {
			e.first = p.Date
		}
		end := p.Date
		if p.EndDate > end {
			end = p.EndDate
		}
		if end > e.last {
			e.last = end
		}
		return true
	})
	if err != nil {
		return dataExtent{}, err
	}
	s.extent.mu.Lock()
	s.extent.e = e
	s.extent.mu.Unlock()
	return e, nil
}

func appendUnique[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
