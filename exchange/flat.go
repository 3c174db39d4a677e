package exchange

import (
	"math"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// row is one parsed input row before it is placed on the map: an incident,
// or a series (from a FeatureCollection's "series" member).
type row struct {
	in     *incident.Incident
	series *incident.Series
	hint   placeHint
}

// placeHint is what a row says about its place, for geocoding.
type placeHint struct {
	hasPoint  bool
	place     string        // place name as reported
	district  string        // district name or id
	tehsil    string        // tehsil name
	admin1    string        // province as stated (ACLED admin1)
	precision geo.Precision // stated precision; "" when not stated
	field     string        // the field to blame for an unplaceable row
	distField string        // the field holding the district
}

// flatProps holds the flat properties GIS tools export (see docs/formats.md,
// "Flat properties"). Every field is kept as text until it is checked.
type flatProps struct {
	id, title, description, date, endDate, datePrecision string
	claimant, kind, typ, place, district, tehsil         string
	precision, source, url, series, status, notes        string
	killed, injured, lon, lat                            string
	hasStatus                                            bool
	tags                                                 []string
}

// set stores one property; unknown keys are ignored, as GIS exports carry
// columns of their own (fid, OBJECTID, ...).
func (p *flatProps) set(key string, v value) error {
	var dst *string
	switch key {
	case "id", "event_id", "fid_id":
		dst = &p.id
	case "title", "name":
		dst = &p.title
	case "description", "notes_text", "summary":
		dst = &p.description
	case "date", "event_date":
		dst = &p.date
	case "end_date":
		dst = &p.endDate
	case "date_precision":
		dst = &p.datePrecision
	case "claimant", "actor", "primary_claimant":
		dst = &p.claimant
	case "claim_kind":
		dst = &p.kind
	case "type", "event_type":
		dst = &p.typ
	case "location", "place":
		dst = &p.place
	case "district", "district_id", "admin2":
		if p.district != "" && key == "district" {
			return nil // prefer district_id when both are present
		}
		dst = &p.district
	case "tehsil", "admin3":
		dst = &p.tehsil
	case "precision", "geo_precision":
		dst = &p.precision
	case "source":
		dst = &p.source
	case "url", "source_url":
		dst = &p.url
	case "series":
		dst = &p.series
	case "notes":
		dst = &p.notes
	case "killed", "fatalities":
		dst = &p.killed
	case "injured":
		dst = &p.injured
	case "lon", "longitude":
		dst = &p.lon
	case "lat", "latitude":
		dst = &p.lat
	case "verified", "status", "verification":
		p.hasStatus = v.kind != '0'
		dst = &p.status
	case "tags":
		switch v.kind {
		case 'a':
			p.tags = v.list
		case 's':
			p.tags = splitList(v.s)
		case '0':
		default:
			return errField(key, "want a list of strings")
		}
		return nil
	default:
		return nil
	}
	switch v.kind {
	case 's', 'n':
		*dst = strings.TrimSpace(v.s)
	case 'b':
		*dst = strconv.FormatBool(v.b)
	case '0':
	default:
		return errField(key, "want a string or a number")
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == ',' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// maxTitle is the length at which a description is cut to make a title.
const maxTitle = 160

// incident builds the incident a flat row describes: one incident with (at
// most) one claim, by the claimant, carrying the killed and injured figures.
// flatRow co-allocates what a flat row needs, since a million-row import
// spends much of its time allocating.
type flatRow struct {
	row    row
	in     incident.Incident
	claims [1]incident.Claim
	figs   [2]incident.Range
	cas    incident.Casualties // the claim's casualties
}

func newFlatRow() *flatRow { return new(flatRow) }

func (p *flatProps) incident(featureID string) (*row, error) {
	fr := newFlatRow()
	in := &fr.in
	in.ID = p.id
	if in.ID == "" {
		in.ID = featureID
	}
	p.date, p.endDate = normDate(p.date), normDate(p.endDate)
	if err := checkIdentity(in.ID, p.date, p.endDate); err != nil {
		return nil, err
	}
	in.Date, in.EndDate = p.date, p.endDate
	if p.datePrecision != "" {
		dp := incident.DatePrecision(strings.ToLower(p.datePrecision))
		if !dp.Valid() {
			return nil, errField("date_precision", "want day, month, year or range, got %q", p.datePrecision)
		}
		in.DatePrecision = dp
	}
	in.Type = incident.TypeOther
	if p.typ != "" {
		t, err := incident.ParseType(p.typ)
		if err != nil {
			return nil, errField("type", "unknown incident type %q", p.typ)
		}
		in.Type = t
	}
	in.Description = p.description
	in.Title = p.title
	if in.Title == "" {
		in.Title = titleFrom(p.description)
	}
	if in.Title == in.Description {
		in.Description = ""
	}
	in.Series = p.series
	in.Tags = p.tags
	in.Location.Name = p.place
	if p.source != "" || p.url != "" {
		in.Sources = []incident.Source{{Name: p.source, URL: p.url}}
	}
	if p.claimant != "" || p.killed != "" || p.injured != "" || p.hasStatus {
		c, err := p.claim(fr)
		if err != nil {
			return nil, err
		}
		fr.claims[0] = c
		in.Claims = fr.claims[:]
	}
	if in.Title == "" {
		in.Title = in.Type.Label()
		if p.place != "" {
			in.Title += " at " + p.place
		}
	}
	r := &fr.row
	r.in = in
	r.hint = placeHint{place: p.place, district: p.district, tehsil: p.tehsil, field: "location", distField: "district"}
	if p.precision != "" {
		pr, err := geo.ParsePrecision(strings.ToLower(p.precision))
		if err != nil {
			return nil, errField("precision", "want exact, town, tehsil, district or province, got %q", p.precision)
		}
		r.hint.precision = pr
	}
	if p.lon != "" || p.lat != "" {
		lon, err1 := strconv.ParseFloat(p.lon, 64)
		lat, err2 := strconv.ParseFloat(p.lat, 64)
		if err1 != nil {
			return nil, errField("lon", "want a number, got %q", p.lon)
		}
		if err2 != nil {
			return nil, errField("lat", "want a number, got %q", p.lat)
		}
		r.hint.hasPoint = true
		in.Location.Lon, in.Location.Lat = lon, lat
	}
	return r, nil
}

// claim is the flat row's single claim. Its kind follows the claimant's kind
// in the actors table unless claim_kind says otherwise: an armed group's is a
// claim of responsibility, the military's, police's or government's an
// official statement, anyone else's a media report.
func (p *flatProps) claim(fr *flatRow) (incident.Claim, error) {
	figs := &fr.figs
	c := incident.Claim{Actor: incident.CanonicalActor(p.claimant), Notes: p.notes}
	if c.Actor == "" {
		c.Actor = "unknown"
	}
	c.Kind = kindFor(c.Actor)
	if p.kind != "" {
		c.Kind = incident.ClaimKind(strings.ToLower(p.kind))
		if !c.Kind.Valid() {
			return c, errField("claim_kind", "unknown claim kind %q", p.kind)
		}
	}
	c.Status = incident.Unverified
	if p.status != "" {
		st, err := incident.ParseVerification(p.status)
		if err != nil {
			return c, errField("verified", "want true, false or a verification status, got %q", p.status)
		}
		c.Status = st
	}
	var f incident.Figures
	var err error
	if f.Killed, err = parseFigureInto(&figs[0], "killed", p.killed); err != nil {
		return c, err
	}
	if f.Injured, err = parseFigureInto(&figs[1], "injured", p.injured); err != nil {
		return c, err
	}
	if f.Killed != nil || f.Injured != nil {
		if fr.cas == nil {
			fr.cas = make(incident.Casualties, 1)
		}
		fr.cas[incident.Unspecified] = f
		c.Casualties = fr.cas
	}
	if p.source != "" || p.url != "" {
		c.Source = incident.Source{Name: p.source, URL: p.url}
	}
	return c, nil
}

func kindFor(actor string) incident.ClaimKind {
	for _, a := range incident.Actors {
		if a.ID == actor {
			switch a.Kind {
			case "armed_group":
				return incident.KindResponsibility
			case "military", "police", "government":
				return incident.KindOfficial
			}
		}
	}
	return incident.KindMedia
}

// parseFigure reads a casualty figure: "12", "12.0", "3-7" or "at least 20"
// / "20+". Empty means not stated.
func parseFigure(field, s string) (*incident.Range, error) {
	return parseFigureInto(new(incident.Range), field, s)
}

// parseFigureInto is parseFigure storing the range in dst.
func parseFigureInto(dst *incident.Range, field, s string) (*incident.Range, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	bad := func() (*incident.Range, error) {
		return nil, errField(field, "want a whole number from 0 to 100000, a range like 3-7, or \"at least N\", got %q", s)
	}
	atLeast := false
	if t, ok := strings.CutPrefix(strings.ToLower(s), "at least "); ok {
		s, atLeast = strings.TrimSpace(t), true
	} else if t, ok := strings.CutSuffix(s, "+"); ok {
		s, atLeast = strings.TrimSpace(t), true
	}
	lo, hi := s, s
	if i := strings.IndexByte(s[min(1, len(s)):], '-'); i >= 0 && !atLeast {
		lo, hi = strings.TrimSpace(s[:i+1]), strings.TrimSpace(s[i+2:])
	}
	l, ok1 := wholeNumber(lo)
	h, ok2 := wholeNumber(hi)
	if !ok1 || !ok2 || l > h {
		return bad()
	}
	*dst = incident.Range{Low: l, High: h, AtLeast: atLeast}
	return dst, nil
}

func wholeNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n <= 100000
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || f < 0 || f > 100000 {
		return 0, false
	}
	return int(f), true
}

func checkDate(field, s string) error {
	if s == "" {
		return errField(field, "required (YYYY-MM-DD)")
	}
	if !isISODate(s) {
		return errField(field, "want YYYY-MM-DD, got %q", s)
	}
	return nil
}

// isISODate checks "YYYY-MM-DD" without the cost of time.Parse on the hot
// path; it accepts exactly what time.Parse(time.DateOnly) accepts.
func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	m := int(s[5]-'0')*10 + int(s[6]-'0')
	d := int(s[8]-'0')*10 + int(s[9]-'0')
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// normDate rewrites the date forms GIS tools write back into YYYY-MM-DD:
// GDAL's CSV driver writes a Date field as YYYY/MM/DD and a DateTime as
// "YYYY/MM/DD HH:MM:SS"; GeoPackage and spreadsheets give
// "YYYY-MM-DDT00:00:00" or "YYYY-MM-DD 00:00:00". Only a time of midnight
// (with an optional zone of UTC) is dropped: any other time is left for
// checkDate to refuse, since a date carries no time of day. Anything else
// is returned unchanged.
func normDate(s string) string {
	if len(s) < 10 {
		return s
	}
	d, rest := s[:10], s[10:]
	if d[4] == '/' && d[7] == '/' {
		d = d[:4] + "-" + d[5:7] + "-" + d[8:]
	}
	switch strings.TrimRight(rest, "Z") {
	case "", "T00:00:00", " 00:00:00", "T00:00:00+00", " 00:00:00+00", "T00:00:00.000", "T00:00:00+00:00", " 00:00:00+00:00":
		return d
	}
	return s
}

// checkIdentity checks the fields every format needs before anything else:
// the id (required), the date (required) and the end date (optional).
func checkIdentity(id, date, endDate string) error {
	if id == "" {
		return errField("id", "required")
	}
	if err := checkID(id); err != nil {
		return err
	}
	if err := checkDate("date", date); err != nil {
		return err
	}
	if endDate != "" {
		return checkDate("end_date", endDate)
	}
	return nil
}

func checkID(id string) error {
	if len(id) > 128 || strings.ContainsAny(id, "/?#\x00\n\r\t ") {
		return errField("id", "want at most 128 characters without spaces, '/', '?' or '#', got %q", truncate(id, 40))
	}
	return nil
}

func titleFrom(desc string) string {
	desc = strings.TrimSpace(desc)
	if i := strings.IndexAny(desc, "\n\r"); i >= 0 {
		desc = strings.TrimSpace(desc[:i])
	}
	return truncate(desc, maxTitle)
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
