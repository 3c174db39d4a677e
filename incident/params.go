package incident

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
)

// ParamError is a bad filter parameter or flag: Param names it, Msg says
// what is wrong. The server answers it with 400 and the CLI with a usage
// error, each naming Param in its own way (a query parameter, a --flag).
type ParamError struct {
	Param string
	Msg   string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %s: %s", e.Param, e.Msg) }

// ParamErrorf returns a *ParamError for param with a formatted message.
// An empty param ("?=x") is named "(empty name)" so that the message
// still points at something.
func ParamErrorf(param, format string, args ...any) error {
	if param == "" {
		param = "(empty name)"
	}
	return &ParamError{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// FilterParams are the names ParseFilter reads, in the order the docs list
// them.
var FilterParams = []string{"from", "to", "claimant", "district", "type", "status", "verified", "series", "bbox", "q", "region"}

// MaxParamBytes bounds a single parameter value; longer values are rejected
// rather than parsed.
const MaxParamBytes = 1000

// maxTextRunes bounds the free-text filter Filter.Text.
const maxTextRunes = 200

// DistrictResolver turns a district id or name into its id; the gazetteer
// provides one. A nil DistrictResolver accepts any non-empty value as an id.
type DistrictResolver func(idOrName string) (string, bool)

// ParseFilter reads a Filter from the parameters q. It is the one parser of
// filters: the HTTP API and the command line (whose flags carry the same
// names) both use it, so that both accept and refuse the same values.
//
// Names other than FilterParams and extra are an error, as is any malformed
// value; every error is a *ParamError. Repeated names are allowed only for
// the list-valued filters (claimant, district, type, status, series), whose
// values may also be comma-separated. Filter.Drafts is never set: whether a
// caller may see drafts is not a parameter.
func ParseFilter(q url.Values, districts DistrictResolver, extra ...string) (Filter, error) {
	var f Filter
	for k, vs := range q {
		if !slices.Contains(FilterParams, k) && !slices.Contains(extra, k) {
			return f, ParamErrorf(k, "unknown parameter")
		}
		for _, v := range vs {
			if len(v) > MaxParamBytes {
				return f, ParamErrorf(k, "longer than %d bytes", MaxParamBytes)
			}
			if !utf8.ValidString(v) {
				return f, ParamErrorf(k, "not valid UTF-8")
			}
		}
	}
	single := func(k string) (string, bool, error) {
		vs, ok := q[k]
		if !ok {
			return "", false, nil
		}
		if len(vs) > 1 {
			return "", false, ParamErrorf(k, "given more than once")
		}
		return vs[0], true, nil
	}
	var err error
	if v, ok, e := single("from"); e != nil {
		return f, e
	} else if ok {
		if f.From, err = ParseDateParam("from", v); err != nil {
			return f, err
		}
	}
	if v, ok, e := single("to"); e != nil {
		return f, e
	} else if ok {
		if f.To, err = ParseDateParam("to", v); err != nil {
			return f, err
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		return f, ParamErrorf("to", "before from (%s)", f.From)
	}
	for _, v := range ListValues(q, "claimant") {
		if v == "" {
			return f, ParamErrorf("claimant", "empty value")
		}
		f.Claimants = appendUnique(f.Claimants, CanonicalActor(v))
	}
	for _, v := range ListValues(q, "district") {
		id := v
		if districts != nil {
			var ok bool
			if id, ok = districts(v); !ok {
				return f, ParamErrorf("district", "unknown district %q", v)
			}
		} else if v == "" {
			return f, ParamErrorf("district", "empty value")
		}
		f.Districts = appendUnique(f.Districts, id)
	}
	for _, v := range ListValues(q, "type") {
		t, err := ParseType(v)
		if err != nil || v == "" {
			return f, ParamErrorf("type", "unknown incident type %q", v)
		}
		f.Types = appendUnique(f.Types, t)
	}
	for _, v := range ListValues(q, "status") {
		s, err := ParseVerification(v)
		if err != nil || strings.TrimSpace(v) == "" {
			return f, ParamErrorf("status", "unknown status %q (want unverified, confirmed, independent or denied)", v)
		}
		f.Statuses = appendUnique(f.Statuses, s)
	}
	if v, ok, e := single("verified"); e != nil {
		return f, e
	} else if ok {
		// verified=confirmed: confirmed figures only (Filter.Verified).
		if strings.TrimSpace(v) != "confirmed" {
			return f, ParamErrorf("verified", "unknown value %q (want confirmed: claims confirmed by another party or independently verified)", v)
		}
		f.Verified = true
	}
	for _, v := range ListValues(q, "series") {
		if v == "" {
			return f, ParamErrorf("series", "empty value")
		}
		f.Series = appendUnique(f.Series, v)
	}
	if v, ok, e := single("bbox"); e != nil {
		return f, e
	} else if ok {
		b, err := ParseBBox(v)
		if err != nil {
			return f, &ParamError{Param: "bbox", Msg: err.Error()}
		}
		f.BBox = &b
	}
	if v, ok, e := single("region"); e != nil {
		return f, e
	} else if ok {
		if strings.TrimSpace(v) == "" {
			return f, ParamErrorf("region", "empty value")
		}
		r, err := ParseRegion(v)
		if err != nil {
			return f, ParamErrorf("region", "unknown region %q (want balochistan, outside or all)", v)
		}
		f.Region = r
	}
	if v, ok, e := single("q"); e != nil {
		return f, e
	} else if ok {
		v = strings.TrimSpace(v)
		if v == "" {
			return f, ParamErrorf("q", "empty value")
		}
		if utf8.RuneCountInString(v) > maxTextRunes {
			return f, ParamErrorf("q", "longer than %d characters", maxTextRunes)
		}
		f.Text = v
	}
	return f, nil
}

// ListValues returns the values of a repeatable, comma-separated parameter,
// trimmed. An empty parameter yields one empty value so callers can reject
// it.
func ListValues(q url.Values, k string) []string {
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

// ParseDateParam reads the value v of the date parameter param: a calendar
// date YYYY-MM-DD, or an RFC 3339 time of which only the date in UTC is
// used. It returns the date as YYYY-MM-DD.
func ParseDateParam(param, v string) (string, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t.Format(time.DateOnly), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC().Format(time.DateOnly), nil
	}
	return "", ParamErrorf(param, "want a date YYYY-MM-DD, got %q", v)
}

// ErrBadBBox is wrapped by every error of ParseBBox.
var ErrBadBBox = errors.New("want minLon,minLat,maxLon,maxLat in degrees")

// ParseBBox reads "minLon,minLat,maxLon,maxLat" in WGS84 degrees; spaces
// around the numbers are allowed. Boxes that cross the antimeridian are not
// supported: min must not exceed max.
func ParseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, fmt.Errorf("%w: got %d numbers", ErrBadBBox, len(parts))
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, fmt.Errorf("%w: %q is not a number", ErrBadBBox, p)
		}
		v[i] = f
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	switch {
	case b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90:
		return orb.Bound{}, fmt.Errorf("%w: outside -180..180, -90..90", ErrBadBBox)
	case b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1]:
		return orb.Bound{}, fmt.Errorf("%w: min greater than max", ErrBadBBox)
	}
	return b, nil
}
