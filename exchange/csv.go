package exchange

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// csvKind is which CSV dialect a header announces.
type csvKind int

const (
	csvFlat    csvKind = iota // flat columns, mapped like flat GeoJSON properties
	csvProject                // the project's own columns, with a "claims" column
	csvACLED                  // an ACLED export
)

// csvParser turns CSV records into rows. cut reads the header (setting the
// dialect and column positions) before any record reaches parse.
type csvParser struct {
	file   string
	kind   csvKind
	header []string
	col    map[string]int
}

func (p *csvParser) cut(r io.Reader, send func(*job) bool) error {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	h, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: %w: empty CSV, want a header row", p.file, ErrFormat)
		}
		return fmt.Errorf("%s:1: %w: bad CSV header: %v", p.file, ErrFormat, err)
	}
	if err := p.setHeader(h); err != nil {
		return err
	}
	var (
		seq int
		cur = &job{}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var line int
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			// A malformed record: report it as a row error and carry on.
			cur.items = append(cur.items, item{line: pe.StartLine, rec: []string{"\x00csv", pe.Err.Error()}})
		} else {
			line, _ = cr.FieldPos(0)
			cur.items = append(cur.items, item{line: line, rec: rec})
		}
		if len(cur.items) >= itemsPerJob {
			cur.seq = seq
			seq++
			if !send(cur) {
				return nil
			}
			cur = &job{}
		}
	}
	if len(cur.items) > 0 {
		cur.seq = seq
		send(cur)
	}
	return nil
}

func (p *csvParser) setHeader(h []string) error {
	p.header = h
	p.col = make(map[string]int, len(h))
	for i, name := range h {
		k := strings.ToLower(strings.TrimSpace(name))
		if _, dup := p.col[k]; dup {
			return fmt.Errorf("%s:1: %w: column %q appears twice", p.file, ErrFormat, name)
		}
		p.col[k] = i
	}
	switch {
	case p.has("event_id_cnty"):
		p.kind = csvACLED
		for _, c := range []string{"event_date", "latitude", "longitude"} {
			if !p.has(c) {
				return fmt.Errorf("%s:1: %w: ACLED header lacks column %q", p.file, ErrFormat, c)
			}
		}
	case p.has("claims"):
		p.kind = csvProject
	default:
		p.kind = csvFlat
		if !p.has("id") || !p.has("date") {
			return fmt.Errorf("%s:1: %w: CSV header needs at least the columns id and date (or event_id_cnty for ACLED), got %s", p.file, ErrFormat, truncate(strings.Join(h, ","), 200))
		}
	}
	return nil
}

func (p *csvParser) has(c string) bool { _, ok := p.col[c]; return ok }

// get returns the trimmed value of column c, "" when absent.
func (p *csvParser) get(rec []string, c string) string {
	if i, ok := p.col[c]; ok && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (p *csvParser) parse(rec []string) (*row, error) {
	if len(rec) == 2 && rec[0] == "\x00csv" {
		return nil, fmt.Errorf("malformed CSV: %s", rec[1])
	}
	if len(rec) != len(p.header) {
		return nil, fmt.Errorf("want %d columns as in the header, got %d", len(p.header), len(rec))
	}
	switch p.kind {
	case csvACLED:
		return p.acled(rec)
	case csvProject:
		return p.project(rec)
	}
	var fp flatProps
	for i, name := range p.header {
		if err := fp.set(strings.ToLower(strings.TrimSpace(name)), value{kind: 's', s: rec[i]}); err != nil {
			return nil, err
		}
	}
	return fp.incident("")
}

// CSVColumns are the columns of the project's CSV, in order: the names of
// the Fields marked InCSV. Columns marked derived in docs/formats.md are
// written for readers and ignored on import; import finds columns by name,
// and a file without the newer ones still imports.
var CSVColumns = fieldNames(FieldsIn(InCSV))

// CSVTypes is the GDAL .csvt line of CSVColumns: with it beside a file
// (incidents.csvt next to incidents.csv), GDAL's CSV driver types the
// columns instead of reading every one as text, and takes the points from
// lon and lat (Point(X), Point(Y)): a layer of type Point. Without it, the
// wkt column alone makes GDAL read the rows as geometries (in lon/lat,
// WGS 84), with no options.
var CSVTypes = csvTypes(FieldsIn(InCSV))

func fieldNames(fs []*Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func csvTypes(fs []*Field) string {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(string(f.Type)))
	}
	return b.String() + "\n"
}

// WGS84PRJ is the CRS of the CSV's lon/lat, WGS 84 (EPSG:4326), in the
// ESRI WKT a .prj file beside the CSV holds for GDAL.
const WGS84PRJ = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],` +
	`PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]` + "\n"

// formulaLead reports whether a CSV cell starting with c could be taken
// for a formula by a spreadsheet (OWASP, "CSV Injection"): =, +, -, @,
// tab or carriage return.
func formulaLead(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// NeutralizeCell makes a text cell of the project's CSV safe to open in a
// spreadsheet: a cell starting with a formula character, or with the
// single quote this adds, gets a leading single quote. UnneutralizeCell
// undoes it exactly, so that export and import round-trip every value.
func NeutralizeCell(s string) string {
	if s != "" && (formulaLead(s[0]) || s[0] == '\'') {
		return "'" + s
	}
	return s
}

// UnneutralizeCell is the inverse of NeutralizeCell.
func UnneutralizeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && (formulaLead(s[1]) || s[1] == '\'') {
		return s[1:]
	}
	return s
}

func (p *csvParser) project(rec []string) (*row, error) {
	// Cells are taken whole (a description may start with spaces) and
	// their formula neutralisation undone; the store trims what it must.
	g := func(c string) string {
		if i, ok := p.col[c]; ok && i < len(rec) {
			return UnneutralizeCell(rec[i])
		}
		return ""
	}
	gt := func(c string) string { return strings.TrimSpace(g(c)) }
	in := &incident.Incident{
		ID: gt("id"), Title: g("title"), Description: g("description"), Date: gt("date"), EndDate: gt("end_date"),
		DatePrecision: incident.DatePrecision(gt("date_precision")), Series: gt("series"),
		State: incident.State(gt("state")), Tags: splitSemi(gt("tags")),
	}
	in.Date, in.EndDate = normDate(in.Date), normDate(in.EndDate)
	if err := checkIdentity(in.ID, in.Date, in.EndDate); err != nil {
		return nil, err
	}
	t, err := incident.ParseType(gt("type"))
	if err != nil {
		return nil, errField("type", "unknown incident type %q", gt("type"))
	}
	in.Type = t
	if c := gt("claims"); c != "" {
		if err := json.Unmarshal([]byte(c), &in.Claims); err != nil {
			return nil, errField("claims", "want a JSON array of claims: %v", err)
		}
	}
	if s := gt("sources"); s != "" {
		if err := json.Unmarshal([]byte(s), &in.Sources); err != nil {
			return nil, errField("sources", "want a JSON array of {name, url}: %v", err)
		}
	}
	in.Location = incident.Location{Name: g("place"), Method: gt("method"), Country: gt("country"), Admin1: g("admin1")}
	r := &row{in: in, hint: placeHint{place: g("place"), district: gt("district_id"), field: "place", distField: "district_id"}}
	if r.hint.district == "" {
		r.hint.district = gt("district")
	}
	if pr := gt("precision"); pr != "" {
		x, err := geo.ParsePrecision(strings.ToLower(pr))
		if err != nil {
			return nil, errField("precision", "want exact, town, tehsil, district or province, got %q", pr)
		}
		r.hint.precision = x
	}
	if lon, lat := gt("lon"), gt("lat"); lon != "" || lat != "" {
		if err := setPoint(r, "lon", lon, "lat", lat); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func setPoint(r *row, lonField, lon, latField, lat string) error {
	x, ok := parseCoord(lon, 180)
	if !ok {
		return errField(lonField, "want a longitude in degrees, got %q", lon)
	}
	y, ok := parseCoord(lat, 90)
	if !ok {
		return errField(latField, "want a latitude in degrees, got %q", lat)
	}
	r.hint.hasPoint = true
	r.in.Location.Lon, r.in.Location.Lat = x, y
	return nil
}

// splitSemi splits the project CSV's tags column, which the writer joins
// with ";" (tags may hold commas).
func splitSemi(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ";") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
