package incident

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
)

// Incident is one event on the map, with every claim made about it kept
// apart. Dates are calendar dates ("2006-01-02") in Pakistan time.
type Incident struct {
	ID            string        `json:"id"`
	Title         string        `json:"title"`
	Description   string        `json:"description,omitempty"`
	Date          string        `json:"date"`
	EndDate       string        `json:"end_date,omitempty"`
	DatePrecision DatePrecision `json:"date_precision"`
	Type          Type          `json:"type"`
	Location      Location      `json:"location"`
	Series        string        `json:"series,omitempty"` // id of a Series
	Claims        []Claim       `json:"claims"`
	Sources       []Source      `json:"sources,omitempty"`
	Tags          []string      `json:"tags,omitempty"`
	State         State         `json:"state,omitempty"` // empty means published
	Created       time.Time     `json:"created"`
	Updated       time.Time     `json:"updated"`
	Revision      int           `json:"revision"`
	UpdatedBy     string        `json:"updated_by,omitempty"`
	ApprovedBy    string        `json:"approved_by,omitempty"`
}

// Location is where an incident happened, as precisely as it is known.
//
// Country and Admin1 say which country and first-level unit (province) the
// point lies in, as the gazetteer names them. Records stored before these
// fields existed carry neither: the store then held only incidents inside
// Balochistan, so an empty Country means Balochistan (see Region).
type Location struct {
	Name       string        `json:"name,omitempty"` // as reported
	DistrictID string        `json:"district_id,omitempty"`
	District   string        `json:"district,omitempty"`
	Country    string        `json:"country,omitempty"` // ISO 3166-1 alpha-2: "PK", "IR", "AF"
	Admin1     string        `json:"admin1,omitempty"`  // province: "Balochistan", "Sindh", "Sistan and Baluchestan"
	Lon        float64       `json:"lon"`
	Lat        float64       `json:"lat"`
	Precision  geo.Precision `json:"precision"`
	Method     string        `json:"method,omitempty"` // manual, gazetteer or reverse
}

// Regions, the coarse split of the map that Filter.Region selects: inside
// Balochistan, or anywhere outside it.
const (
	RegionBalochistan = "balochistan"
	RegionOutside     = "outside"
)

// Region is RegionOutside for a point the location places outside
// Balochistan (a Country other than "PK", or "PK" with an Admin1 other
// than "Balochistan", spelled so), else RegionBalochistan. A location
// without a Country is in Balochistan: records stored before Country and
// Admin1 existed carry neither, and every one of them was inside it.
func (l Location) Region() string {
	if l.Country != "" && (l.Country != "PK" || l.Admin1 != "Balochistan") {
		return RegionOutside
	}
	return RegionBalochistan
}

// ParseRegion reads a region filter value as a user gives it:
// "balochistan", "outside", or "all", which selects everything and gives
// Filter.Region's "". Case and surrounding spaces do not matter; anything
// else, the empty string included, is an error.
func ParseRegion(s string) (string, error) {
	switch k := strings.ToLower(strings.TrimSpace(s)); k {
	case RegionBalochistan, RegionOutside:
		return k, nil
	case "all":
		return "", nil
	}
	return "", fmt.Errorf("unknown region %q (want balochistan, outside or all)", s)
}

// Geocoding methods for Location.Method.
const (
	MethodManual    = "manual"
	MethodGazetteer = "gazetteer"
	MethodReverse   = "reverse"
)

// Source is where a claim or an incident was reported.
type Source struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Claim is one party's statement about an incident or a series.
type Claim struct {
	Actor      string       `json:"actor"` // canonical actor id, see Actors
	Kind       ClaimKind    `json:"kind"`
	Date       string       `json:"date,omitempty"` // when the statement was made
	Casualties Casualties   `json:"casualties,omitempty"`
	Status     Verification `json:"status"`
	Source     Source       `json:"source"`
	Notes      string       `json:"notes,omitempty"`
}

// Casualties holds a claim's figures by group. Figures within one claim are
// for different people, so they add up.
type Casualties map[Group]Figures

// Figures is killed and injured for one group; nil means not stated.
type Figures struct {
	Killed  *Range `json:"killed,omitempty"`
	Injured *Range `json:"injured,omitempty"`
}

// Range is a casualty figure: a single number (Low == High), a range
// ("between 3 and 7"), or an open lower bound ("at least 20": AtLeast).
type Range struct {
	Low     int  `json:"low"`
	High    int  `json:"high"`
	AtLeast bool `json:"at_least,omitempty"`
}

// Exactly returns a single-figure range.
func Exactly(n int) *Range { return &Range{Low: n, High: n} }

// String renders the range as a reader would say it.
func (r Range) String() string {
	switch {
	case r.AtLeast:
		return fmt.Sprintf("at least %d", r.Low)
	case r.Low == r.High:
		return fmt.Sprint(r.Low)
	}
	return fmt.Sprintf("%d-%d", r.Low, r.High)
}

// Killed sums the killed figures over all groups of one claim, and reports
// whether the claim states any.
func (c Casualties) Killed() (Range, bool) { return c.sum(func(f Figures) *Range { return f.Killed }) }

// Injured sums the injured figures over all groups of one claim.
func (c Casualties) Injured() (Range, bool) {
	return c.sum(func(f Figures) *Range { return f.Injured })
}

func (c Casualties) sum(pick func(Figures) *Range) (Range, bool) {
	var out Range
	any := false
	for _, g := range Groups { // fixed order: deterministic
		if r := pick(c[g]); r != nil {
			out.Low += r.Low
			out.High += r.High
			out.AtLeast = out.AtLeast || r.AtLeast
			any = true
		}
	}
	return out, any
}

// Series is a named campaign grouping several incidents, such as BLF's
// "Operation Baam". Claims about the whole series live here and are never
// copied into, or summed over, its member incidents.
type Series struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Actor       string    `json:"actor,omitempty"`
	Description string    `json:"description,omitempty"`
	Date        string    `json:"date,omitempty"`
	EndDate     string    `json:"end_date,omitempty"`
	Claims      []Claim   `json:"claims"`
	Updated     time.Time `json:"updated"`
	Revision    int       `json:"revision"`
}

// Killed is the derived low / best / high killed for an incident, in the
// spirit of UCDP GED.
type Killed struct {
	Low  int `json:"low"`
	Best int `json:"best"`
	High int `json:"high"`
}

// DeriveKilled computes low / best / high killed from an incident's claims.
// Contradicting claims are alternatives, never added together:
//
//   - Denials and claims without a killed figure are ignored.
//   - Low is the smallest low figure among the claims of the most trusted
//     status present (independent > confirmed > unverified).
//   - Best is the smallest single figure of that most trusted status (the
//     low end of a range, the stated minimum of "at least").
//   - High is the largest high figure among all claims.
//
// So a group's claim of 20 killed with a confirmed official figure of 4 gives
// low 4, best 4, high 20; a lone unverified claim of 20 gives 20/20/20.
func DeriveKilled(claims []Claim) Killed {
	bestRank := 0
	for _, c := range claims {
		if _, ok := c.Casualties.Killed(); ok && c.Status.Rank() > bestRank {
			bestRank = c.Status.Rank()
		}
	}
	if bestRank == 0 {
		return Killed{}
	}
	k := Killed{Low: math.MaxInt, Best: math.MaxInt}
	for _, c := range claims {
		r, ok := c.Casualties.Killed()
		if !ok || c.Status.Rank() == 0 {
			continue
		}
		if r.High > k.High {
			k.High = r.High
		}
		if c.Status.Rank() == bestRank {
			k.Low = min(k.Low, r.Low)
			k.Best = min(k.Best, r.Low)
		}
	}
	return k
}

// Verification is the incident's overall status: the most trusted status of
// any of its claims, or denied if every claim is a denial, or unverified if
// there are no claims.
func (in *Incident) Verification() Verification {
	best, denied := Verification(""), false
	for _, c := range in.Claims {
		if c.Status == Denied {
			denied = true
			continue
		}
		if best == "" || c.Status.Rank() > best.Rank() {
			best = c.Status
		}
	}
	if best == "" && denied {
		return Denied
	}
	if best == "" {
		return Unverified
	}
	return best
}

// Actors returns the distinct actors of the incident's claims, in claim order.
func (in *Incident) Actors() []string {
	var out []string
	for _, c := range in.Claims {
		dup := false
		for _, a := range out {
			if a == c.Actor {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c.Actor)
		}
	}
	return out
}

// PrimaryActor is the actor shown first for an incident: the first claim of
// responsibility, else the first claim's actor, else "unknown".
func (in *Incident) PrimaryActor() string {
	for _, c := range in.Claims {
		if c.Kind == KindResponsibility {
			return c.Actor
		}
	}
	if len(in.Claims) > 0 {
		return in.Claims[0].Actor
	}
	return "unknown"
}

// Published reports whether the incident is visible to the public.
func (in *Incident) Published() bool { return in.State == "" || in.State == Published }

// FieldError names the field that made an incident invalid.
type FieldError struct {
	Field string // JSON path, e.g. "claims[1].status"
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid incident")

func invalid(field, format string, args ...any) error {
	return fmt.Errorf("%w: %w", ErrInvalid, &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
}

// ParseDate checks a calendar date "YYYY-MM-DD".
func ParseDate(s string) (time.Time, error) {
	// The common case without time.Parse, which costs several times more
	// and runs for every row of an import; anything unusual (and every
	// error message) goes through time.Parse.
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, okY := digits(s[0:4])
		m, okM := digits(s[5:7])
		d, okD := digits(s[8:10])
		if okY && okM && okD && m >= 1 && m <= 12 && d >= 1 &&
			d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Parse(time.DateOnly, s)
}

// digits parses a string of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Normalize fills defaults (date precision, state, geocoding method, canonical
// actor ids) without changing anything the caller stated.
func (in *Incident) Normalize() {
	in.ID = strings.TrimSpace(in.ID)
	in.Title = strings.TrimSpace(in.Title)
	if in.DatePrecision == "" {
		in.DatePrecision = DateDay
	}
	if in.State == "" {
		in.State = Published
	}
	if in.Location.Method == "" {
		in.Location.Method = MethodManual
	}
	in.Claims = normalizeClaims(in.Claims)
}

// normalizeClaims is the claim rule of incidents and series alike:
// canonical actor ids, unverified for a claim without a status, and an
// empty list rather than none.
func normalizeClaims(cs []Claim) []Claim {
	if cs == nil {
		return []Claim{}
	}
	for i := range cs {
		cs[i].Actor = CanonicalActor(cs[i].Actor)
		if cs[i].Status == "" {
			cs[i].Status = Unverified
		}
	}
	return cs
}

// Normalized reports whether Normalize would leave in unchanged, so that a
// caller may skip copying it first.
func (in *Incident) Normalized() bool {
	if in.DatePrecision == "" || in.State == "" || in.Location.Method == "" || in.Claims == nil ||
		len(strings.TrimSpace(in.ID)) != len(in.ID) || len(strings.TrimSpace(in.Title)) != len(in.Title) {
		return false
	}
	for i := range in.Claims {
		if c := &in.Claims[i]; c.Status == "" || CanonicalActor(c.Actor) != c.Actor {
			return false
		}
	}
	return true
}

// Validate checks an incident and names the first offending field. The point
// must lie in geo.RegionBound; finer checks (on land, the district) belong
// to the caller, which has the gazetteer.
func (in *Incident) Validate() error {
	return in.validateAt(time.Now())
}

// validateAt is Validate with the clock that bounds dates.
func (in *Incident) validateAt(now time.Time) error {
	if err := checkID("id", in.ID); err != nil {
		return err
	}
	if in.Title == "" {
		return invalid("title", "required")
	}
	if err := checkText("title", in.Title, MaxTitleBytes, true); err != nil {
		return err
	}
	if err := checkText("description", in.Description, MaxDescriptionBytes, true); err != nil {
		return err
	}
	d, err := checkDate("date", in.Date, now)
	if err != nil {
		return err
	}
	if in.EndDate != "" {
		e, err := checkDate("end_date", in.EndDate, now)
		if err != nil {
			return err
		}
		if e.Before(d) {
			return invalid("end_date", "before date")
		}
	}
	if !in.DatePrecision.Valid() {
		return invalid("date_precision", "want day, month, year or range, got %q", in.DatePrecision)
	}
	if in.DatePrecision == DateRange && in.EndDate == "" {
		return invalid("end_date", "required when date_precision is range")
	}
	if !in.Type.Valid() {
		return invalid("type", "unknown type %q", in.Type)
	}
	l := in.Location
	if math.IsNaN(l.Lon) || math.IsNaN(l.Lat) || !geo.RegionBound.Contains(orb.Point{l.Lon, l.Lat}) {
		return invalid("location", "point %v,%v is outside the mapped region's bounding box (longitude %v..%v, latitude %v..%v)", l.Lon, l.Lat,
			geo.RegionBound.Min[0], geo.RegionBound.Max[0], geo.RegionBound.Min[1], geo.RegionBound.Max[1])
	}
	if !l.Precision.Valid() {
		return invalid("location.precision", "want exact, town, tehsil, district or province, got %q", l.Precision)
	}
	switch l.Method {
	case MethodManual, MethodGazetteer, MethodReverse:
	default:
		return invalid("location.method", "want manual, gazetteer or reverse, got %q", l.Method)
	}
	if l.Country != "" && (len(l.Country) != 2 || !upperASCII(l.Country[0]) || !upperASCII(l.Country[1])) {
		return invalid("location.country", "want an ISO 3166-1 alpha-2 code such as PK, IR or AF, got %q", l.Country)
	}
	for _, f := range [...]struct {
		name, v string
		max     int
	}{{"location.name", l.Name, MaxNameBytes}, {"location.district_id", l.DistrictID, MaxIDBytes},
		{"location.district", l.District, MaxNameBytes}, {"location.admin1", l.Admin1, maxAdmin1}} {
		if err := checkText(f.name, f.v, f.max, false); err != nil {
			return err
		}
	}
	if in.Series != "" {
		if err := checkID("series", in.Series); err != nil {
			return err
		}
	}
	if !in.State.Valid() {
		return invalid("state", "want published, draft or rejected, got %q", in.State)
	}
	if len(in.Claims) > MaxClaims {
		return invalid("claims", "%d claims, at most %d", len(in.Claims), MaxClaims)
	}
	for i := range in.Claims {
		if err := in.Claims[i].validate("claims", i, now); err != nil {
			return err
		}
	}
	if len(in.Sources) > MaxSources {
		return invalid("sources", "%d sources, at most %d", len(in.Sources), MaxSources)
	}
	for i := range in.Sources {
		if err := checkSource(func() string { return fmt.Sprintf("sources[%d]", i) }, in.Sources[i]); err != nil {
			return err
		}
	}
	if len(in.Tags) > MaxTags {
		return invalid("tags", "%d tags, at most %d", len(in.Tags), MaxTags)
	}
	for i, t := range in.Tags {
		if p := textProblem(t, MaxTagBytes, false); p != "" {
			return invalid(fmt.Sprintf("tags[%d]", i), "%s", p)
		}
	}
	return nil
}

// maxAdmin1 bounds Location.Admin1, a province name, as the id is bounded.
const maxAdmin1 = 128

func upperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

// validate checks the claim at list[i]; field names begin with that path.
// The path is built only for an error: validation runs on every row of an
// import.
func (c *Claim) validate(list string, i int, now time.Time) error {
	prefix := func() string { return fmt.Sprintf("%s[%d]", list, i) }
	if c.Actor == "" {
		return invalid(prefix()+".actor", "required")
	}
	if p := textProblem(c.Actor, MaxActorBytes, false); p != "" {
		return invalid(prefix()+".actor", "%s", p)
	}
	if p := textProblem(c.Notes, MaxNotesBytes, true); p != "" {
		return invalid(prefix()+".notes", "%s", p)
	}
	if err := checkSource(func() string { return prefix() + ".source" }, c.Source); err != nil {
		return err
	}
	if !c.Kind.Valid() {
		return invalid(prefix()+".kind", "unknown claim kind %q", c.Kind)
	}
	if !c.Status.Valid() {
		return invalid(prefix()+".status", "unknown verification status %q", c.Status)
	}
	if c.Date != "" {
		if _, err := checkDate("date", c.Date, now); err != nil {
			return invalid(prefix()+".date", "%s", fieldMsg(err))
		}
	}
	for g, f := range c.Casualties {
		valid := false
		for _, x := range Groups {
			valid = valid || g == x
		}
		if !valid {
			return invalid(prefix()+".casualties", "unknown group %q", g)
		}
		for _, r := range [...]struct {
			name string
			r    *Range
		}{{"killed", f.Killed}, {"injured", f.Injured}} {
			if r.r != nil && (r.r.Low < 0 || r.r.High < r.r.Low || r.r.High > 100000) {
				return invalid(fmt.Sprintf("%s.casualties.%s.%s", prefix(), g, r.name), "want 0 <= low <= high <= 100000, got %d-%d", r.r.Low, r.r.High)
			}
		}
	}
	return nil
}

// Normalize applies the series rules that fix rather than refuse: a
// trimmed id, canonical actor ids on the series and its claims, and
// unverified for a claim without a status. Every writer of series (the
// store, an import) normalizes before it validates.
func (s *Series) Normalize() {
	s.ID = strings.TrimSpace(s.ID)
	s.Claims = normalizeClaims(s.Claims)
	if s.Actor != "" {
		s.Actor = CanonicalActor(s.Actor)
	}
}

// Validate checks a series and its claims.
func (s *Series) Validate() error {
	now := time.Now()
	if err := checkID("series.id", s.ID); err != nil {
		return err
	}
	if s.Name == "" {
		return invalid("series.name", "required")
	}
	for _, f := range [...]struct {
		name, v string
		max     int
	}{{"series.name", s.Name, MaxNameBytes}, {"series.actor", s.Actor, MaxActorBytes}, {"series.description", s.Description, MaxDescriptionBytes}} {
		if err := checkText(f.name, f.v, f.max, f.name == "series.description"); err != nil {
			return err
		}
	}
	for _, f := range [...]struct{ name, v string }{{"series.date", s.Date}, {"series.end_date", s.EndDate}} {
		if f.v != "" {
			if _, err := checkDate(f.name, f.v, now); err != nil {
				return err
			}
		}
	}
	if len(s.Claims) > MaxClaims {
		return invalid("series.claims", "%d claims, at most %d", len(s.Claims), MaxClaims)
	}
	for i := range s.Claims {
		if err := s.Claims[i].validate("series.claims", i, now); err != nil {
			return err
		}
	}
	return nil
}
