package server

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// parseIntParam reads an optional integer parameter in [lo, hi], returning
// def when it is absent.
func parseIntParam(q url.Values, k string, def, lo, hi int) (int, error) {
	vs, ok := q[k]
	if !ok {
		return def, nil
	}
	if len(vs) > 1 {
		return 0, incident.ParamErrorf(k, "given more than once")
	}
	n, err := strconv.Atoi(vs[0])
	if err != nil || n < lo || n > hi {
		return 0, incident.ParamErrorf(k, "want an integer from %d to %d, got %q", lo, hi, vs[0])
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
