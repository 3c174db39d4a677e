package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// tsvReader reads a tab-separated file whose first line names its columns.
type tsvReader struct {
	path   string // for error messages
	sc     *bufio.Scanner
	col    map[string]int
	line   int
	fields []string
}

// newTSVReader reads the header from r and checks that it has the columns in
// need.
func newTSVReader(r io.Reader, path string, need ...string) (*tsvReader, error) {
	t := &tsvReader{path: path, sc: bufio.NewScanner(r), col: map[string]int{}}
	t.sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !t.next() {
		if err := t.sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, fmt.Errorf("%s: no header line", path)
	}
	for i, h := range t.fields {
		t.col[h] = i
	}
	for _, name := range need {
		if _, ok := t.col[name]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", path, name)
		}
	}
	return t, nil
}

// next advances to the next line and reports whether there was one.
func (t *tsvReader) next() bool {
	if !t.sc.Scan() {
		return false
	}
	t.line++
	t.fields = strings.Split(t.sc.Text(), "\t")
	return true
}

// err returns the first read error, if any.
func (t *tsvReader) err() error {
	if err := t.sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", t.path, err)
	}
	return nil
}

// get returns the current line's field in column name, or "" if the line is
// short or the file has no such column.
func (t *tsvReader) get(name string) string {
	if i, ok := t.col[name]; ok && i < len(t.fields) {
		return t.fields[i]
	}
	return ""
}

// errorf returns an error that names the file and the current line.
func (t *tsvReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: "+format, append([]any{t.path, t.line}, args...)...)
}

// point returns the current line's lon/lat columns, rounded to decimals.
func (t *tsvReader) point() (orb.Point, error) {
	lat, err1 := strconv.ParseFloat(t.get("lat"), 64)
	lon, err2 := strconv.ParseFloat(t.get("lon"), 64)
	if err1 != nil || err2 != nil {
		return orb.Point{}, t.errorf("field \"lat\"/\"lon\": not a number")
	}
	return orb.Point{round(lon), round(lat)}, nil
}

// population returns the current line's population column; blank means 0.
func (t *tsvReader) population() (int64, error) {
	s := t.get("population")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, t.errorf("field \"population\": %w", err)
	}
	return n, nil
}

// placeColumns are the source place-file columns every places build reads.
var placeColumns = []string{"geonameid", "wof_id", "name", "alternate_names", "lat", "lon", "feature_code", "population"}

// placeNames returns the id, the name and the alternate names of the source
// place on the current line. The id is the GeoNames id, or "wof:" and the
// Who's On First id for places GeoNames does not have. The alternate names
// are the ASCII name and the alternate_names list, cleaned for the TSV, in a
// useful script (usefulName), without repeats.
func (t *tsvReader) placeNames() (id, name string, alts []string) {
	id = t.get("geonameid")
	if id == "" {
		id = "wof:" + t.get("wof_id")
	}
	name = clean(t.get("name"))
	var cands []string
	for _, a := range append([]string{t.get("asciiname")}, strings.Split(t.get("alternate_names"), "|")...) {
		cands = append(cands, clean(a))
	}
	alts = altNames([]string{name}, cands)
	if bad := mistranslated[name]; bad != nil {
		kept := alts[:0]
		for _, a := range alts {
			if !bad[a] {
				kept = append(kept, a)
			}
		}
		alts = kept
	}
	return id, name, alts
}

// mistranslated are "alternate names" of the source that are translations
// of a place's Latin name as an English word, not names of the place: the
// village Drug (Musakhel) has عقار and دارو, Arabic and Urdu for a
// medicine. They are left out of the place's names, so that neither the
// Urdu map nor the geocoder uses them.
var mistranslated = map[string]map[string]bool{
	"Drug": {"عقار": true, "دارو": true},
}

// formatCoord writes a rounded coordinate without trailing zeros.
func formatCoord(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
