package server

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/incident"
)

// ParamError is a bad query parameter: it answers 400 with the parameter's
// name in the JSON body.
type ParamError struct {
	Param string
	Msg   string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %s: %s", e.Param, e.Msg) }

func paramErr(param, format string, args ...any) error {
	if param == "" { // "?=x": still name something the client can find
		param = "(empty name)"
	}
	return &ParamError{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// filterParams are the parameters every read endpoint accepts.
var filterParams = []string{"from", "to", "claimant", "district", "type", "status", "verified", "series", "bbox", "q", "region"}

// maxParamBytes bounds a single parameter value; longer values are rejected
// rather than parsed.
const maxParamBytes = 1000

// DistrictResolver turns a district id or name into its id. The gazetteer
// provides one; nil accepts any non-empty value as an id.
type DistrictResolver func(idOrName string) (string, bool)

// parseFilter reads the shared filters from q. Parameters other than the
// filters and extra are an error, as is any malformed value. Repeated
// parameters are allowed only for the list-valued filters.
func parseFilter(q url.Values, districts DistrictResolver, extra ...string) (incident.Filter, error) {
	var f incident.Filter
	for k, vs := range q {
		if !slices.Contains(filterParams, k) && !slices.Contains(extra, k) {
			return f, paramErr(k, "unknown parameter")
		}
		for _, v := range vs {
			if len(v) > maxParamBytes {
				return f, paramErr(k, "longer than %d bytes", maxParamBytes)
			}
			if !utf8.ValidString(v) {
				return f, paramErr(k, "not valid UTF-8")
			}
		}
	}
	single := func(k string) (string, bool, error) {
		vs, ok := q[k]
		if !ok {
			return "", false, nil
		}
		if len(vs) > 1 {
			return "", false, paramErr(k, "given more than once")
		}
		return vs[0], true, nil
	}
	var err error
	if v, ok, e := single("from"); e != nil {
		return f, e
	} else if ok {
		if f.From, err = parseDateParam("from", v); err != nil {
			return f, err
		}
	}
	if v, ok, e := single("to"); e != nil {
		return f, e
	} else if ok {
		if f.To, err = parseDateParam("to", v); err != nil {
			return f, err
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		return f, paramErr("to", "before from (%s)", f.From)
	}
	for _, v := range listValues(q, "claimant") {
		if v == "" {
			return f, paramErr("claimant", "empty value")
		}
		f.Claimants = appendUnique(f.Claimants, incident.CanonicalActor(v))
	}
	for _, v := range listValues(q, "district") {
		id := v
		if districts != nil {
			var ok bool
			if id, ok = districts(v); !ok {
				return f, paramErr("district", "unknown district %q", v)
			}
		} else if v == "" {
			return f, paramErr("district", "empty value")
		}
		f.Districts = appendUnique(f.Districts, id)
	}
	for _, v := range listValues(q, "type") {
		t, err := incident.ParseType(v)
		if err != nil || v == "" {
			return f, paramErr("type", "unknown incident type %q", v)
		}
		f.Types = appendUnique(f.Types, t)
	}
	for _, v := range listValues(q, "status") {
		s, err := incident.ParseVerification(v)
		if err != nil || strings.TrimSpace(v) == "" {
			return f, paramErr("status", "unknown status %q (want unverified, confirmed, independent or denied)", v)
		}
		f.Statuses = appendUnique(f.Statuses, s)
	}
	if v, ok, e := single("verified"); e != nil {
		return f, e
	} else if ok {
		// verified=confirmed: confirmed figures only (incident.Filter.Verified).
		if strings.TrimSpace(v) != "confirmed" {
			return f, paramErr("verified", "unknown value %q (want confirmed: claims confirmed by another party or independently verified)", v)
		}
		f.Verified = true
	}
	for _, v := range listValues(q, "series") {
		if v == "" {
			return f, paramErr("series", "empty value")
		}
		f.Series = appendUnique(f.Series, v)
	}
	if v, ok, e := single("bbox"); e != nil {
		return f, e
	} else if ok {
		b, err := parseBBox(v)
		if err != nil {
			return f, &ParamError{Param: "bbox", Msg: err.Error()}
		}
		f.BBox = &b
	}
	if v, ok, e := single("region"); e != nil {
		return f, e
	} else if ok {
		if strings.TrimSpace(v) == "" {
			return f, paramErr("region", "empty value")
		}
		r, err := incident.ParseRegion(v)
		if err != nil {
			return f, paramErr("region", "unknown region %q (want balochistan, outside or all)", v)
		}
		f.Region = r
	}
	if v, ok, e := single("q"); e != nil {
		return f, e
	} else if ok {
		v = strings.TrimSpace(v)
		if v == "" {
			return f, paramErr("q", "empty value")
		}
		if utf8.RuneCountInString(v) > 200 {
			return f, paramErr("q", "longer than 200 characters")
		}
		f.Text = v
	}
	return f, nil
}

// listValues returns the values of a repeatable, comma-separated parameter,
// trimmed. An empty parameter yields one empty value so callers can reject it.
func listValues(q url.Values, k string) []string {
	var out []string
	for _, v := range q[k] {
		for _, p := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

func appendUnique[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// parseDateParam accepts a calendar date YYYY-MM-DD, or an RFC 3339 time of
// which only the date in UTC is used.
func parseDateParam(param, v string) (string, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t.Format(time.DateOnly), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC().Format(time.DateOnly), nil
	}
	return "", paramErr(param, "want a date YYYY-MM-DD, got %q", v)
}

// errBadBBox is wrapped by every bbox parse error.
var errBadBBox = errors.New("want minLon,minLat,maxLon,maxLat in degrees")

// parseBBox reads "minLon,minLat,maxLon,maxLat" (WGS84 degrees). Boxes that
// cross the antimeridian are not supported.
func parseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, fmt.Errorf("%w: got %d numbers", errBadBBox, len(parts))
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, fmt.Errorf("%w: %q is not a number", errBadBBox, p)
		}
		v[i] = f
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	switch {
	case b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90:
		return orb.Bound{}, fmt.Errorf("%w: outside -180..180, -90..90", errBadBBox)
	case b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1]:
		return orb.Bound{}, fmt.Errorf("%w: min greater than max", errBadBBox)
	}
	return b, nil
}

// parseIntParam reads an optional integer parameter in [lo, hi], returning
// def when it is absent.
func parseIntParam(q url.Values, k string, def, lo, hi int) (int, error) {
	vs, ok := q[k]
	if !ok {
		return def, nil
	}
	if len(vs) > 1 {
		return 0, paramErr(k, "given more than once")
	}
	n, err := strconv.Atoi(vs[0])
	if err != nil || n < lo || n > hi {
		return 0, paramErr(k, "want an integer from %d to %d, got %q", lo, hi, vs[0])
	}
	return n, nil
}

// filterKey is a canonical text form of f, used in cache keys: two requests
// with the same filter in a different parameter order share entries.
func filterKey(f *incident.Filter) string {
	var b strings.Builder
	b.WriteString(f.From)
	b.WriteByte(0)
	b.WriteString(f.To)
	b.WriteByte(0)
	writeSorted(&b, f.Claimants)
	writeSorted(&b, f.Districts)
	ts := make([]string, len(f.Types))
	for i, t := range f.Types {
		ts[i] = string(t)
	}
	writeSorted(&b, ts)
	ss := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		ss[i] = string(s)
	}
	writeSorted(&b, ss)
	writeSorted(&b, f.Series)
	if f.BBox != nil {
		fmt.Fprintf(&b, "%g,%g,%g,%g", f.BBox.Min[0], f.BBox.Min[1], f.BBox.Max[0], f.BBox.Max[1])
	}
	b.WriteByte(0)
	b.WriteString(f.Region) // before Text: a closed vocabulary, never holding the 0 that separates
	b.WriteByte(0)
	b.WriteString(f.Text)
	if f.Drafts {
		b.WriteString("\x00drafts")
	}
	if f.Verified {
		b.WriteString("\x00verified")
	}
	return b.String()
}

func writeSorted(b *strings.Builder, xs []string) {
	if len(xs) > 1 {
		xs = slices.Sorted(slices.Values(xs))
	}
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(1)
		}
		b.WriteString(x)
	}
	b.WriteByte(0)
}
