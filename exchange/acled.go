package exchange

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// acledTypes maps ACLED sub-event types (and, as a fallback, event types) to
// the incident vocabulary. Keys are lower case.
var acledTypes = map[string]incident.Type{
	"armed clash":                         incident.TypeArmedClash,
	"attack":                              incident.TypeArmedClash,
	"government regains territory":        incident.TypeOperation,
	"non-state actor overtakes territory": incident.TypeArmedClash,
	"remote explosive/landmine/ied":       incident.TypeBombing,
	"grenade":                             incident.TypeBombing,
	"suicide bomb":                        incident.TypeSuicideAttack,
	"shelling/artillery/missile attack":   incident.TypeOperation,
	"air/drone strike":                    incident.TypeOperation,
	"abduction/forced disappearance":      incident.TypeAbduction,
	"sexual violence":                     incident.TypeOther,
	"peaceful protest":                    incident.TypeProtest,
	"protest with intervention":           incident.TypeProtest,
	"excessive force against protesters":  incident.TypeProtest,
	"violent demonstration":               incident.TypeProtest,
	"mob violence":                        incident.TypeProtest,
	"arrests":                             incident.TypeOperation,
	"looting/property destruction":        incident.TypeInfrastructure,
	"disrupted weapons use":               incident.TypeOperation,
	"change to group/activity":            incident.TypeOther,
	"headquarters or base established":    incident.TypeOther,
	"non-violent transfer of territory":   incident.TypeOther,
	"agreement":                           incident.TypeOther,
	"other":                               incident.TypeOther,
	// event types
	"battles":                    incident.TypeArmedClash,
	"explosions/remote violence": incident.TypeBombing,
	"violence against civilians": incident.TypeTargetedKilling,
	"protests":                   incident.TypeProtest,
	"riots":                      incident.TypeProtest,
	"strategic developments":     incident.TypeOther,
}

// acledActors maps ACLED's generic actor names to the actors table.
var acledActors = map[string]string{
	"military forces of pakistan":         "ISPR",
	"police forces of pakistan":           "police",
	"government of pakistan":              "government",
	"government of balochistan":           "government",
	"unidentified armed group":            "unknown",
	"unidentified armed group (pakistan)": "unknown",
	"frontier corps":                      "FC",
	"levies":                              "Levies",
}

var parenSuffix = regexp.MustCompile(`\s*\([^)]*\)\s*$`)

// acledActor maps an ACLED actor name such as "BLA: Balochistan Liberation
// Army", "Military Forces of Pakistan (2018-)" or "Police Forces of Pakistan
// (2018-) Counter Terrorism Department" to a canonical actor id; names not in
// the table are kept as written.
func acledActor(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "unknown"
	}
	try := func(s string) (string, bool) {
		s = strings.TrimSpace(s)
		if id, ok := acledActors[strings.ToLower(s)]; ok {
			return id, true
		}
		return incident.LookupActor(s)
	}
	if id, ok := try(name); ok {
		return id
	}
	clean := name
	for {
		c := parenSuffix.ReplaceAllString(clean, "")
		if c == clean {
			break
		}
		clean = c
	}
	if i := strings.Index(clean, " ("); i > 0 {
		clean = clean[:i]
	}
	if id, ok := try(clean); ok {
		return id
	}
	if pre, rest, ok := strings.Cut(clean, ":"); ok {
		if id, ok := try(pre); ok {
			return id
		}
		if id, ok := try(rest); ok {
			return id
		}
	}
	return name
}

// parseACLEDDate accepts ACLED's ISO dates and the "02 January 2025" form of
// older exports.
func parseACLEDDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "02 January 2006", "2 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (p *csvParser) acled(rec []string) (*row, error) {
	g := func(c string) string { return p.get(rec, c) }
	in := &incident.Incident{ID: g("event_id_cnty"), Tags: []string{"acled"}}
	if in.ID == "" {
		return nil, errField("event_id_cnty", "required")
	}
	if err := checkID(in.ID); err != nil {
		return nil, errField("event_id_cnty", "%s", err.(*fieldErr).msg)
	}
	d, ok := parseACLEDDate(g("event_date"))
	if !ok {
		return nil, errField("event_date", "want YYYY-MM-DD, got %q", g("event_date"))
	}
	in.Date = d.Format(time.DateOnly)
	in.DatePrecision = incident.DateDay
	switch tp := g("time_precision"); tp {
	case "", "1":
	case "2": // within a week of the coded date
		in.Date = d.AddDate(0, 0, -3).Format(time.DateOnly)
		in.EndDate = d.AddDate(0, 0, 3).Format(time.DateOnly)
		in.DatePrecision = incident.DateRange
	case "3":
		in.DatePrecision = incident.DateMonth
	default:
		return nil, errField("time_precision", "want 1, 2 or 3, got %q", tp)
	}
	sub, ev := g("sub_event_type"), g("event_type")
	t, ok := acledTypes[strings.ToLower(sub)]
	if !ok && sub == "" {
		t, ok = acledTypes[strings.ToLower(ev)]
	}
	if !ok {
		if x, err := incident.ParseType(sub); err == nil {
			t, ok = x, true
		}
	}
	if !ok {
		field, v := "sub_event_type", sub
		if sub == "" {
			field, v = "event_type", ev
		}
		return nil, errField(field, "unknown ACLED event type %q", v)
	}
	in.Type = t
	place := g("location")
	what := sub
	if what == "" {
		what = ev
	}
	if what == "" {
		what = t.Label()
	}
	in.Title = what
	if place != "" {
		in.Title += " in " + place
	}
	in.Description = g("notes")
	in.Location.Name = place

	c := incident.Claim{Actor: acledActor(g("actor1")), Kind: incident.KindMedia, Status: incident.Unverified,
		Date: in.Date, Source: incident.Source{Name: g("source")}}
	if in.DatePrecision != incident.DateDay {
		c.Date = ""
	}
	if f := g("fatalities"); f != "" {
		n, ok := wholeNumber(f)
		if !ok {
			return nil, errField("fatalities", "want a whole number, got %q", f)
		}
		c.Casualties = incident.Casualties{incident.Unspecified: {Killed: incident.Exactly(n)}}
	}
	var notes []string
	for _, col := range []string{"actor1", "assoc_actor_1", "actor2", "assoc_actor_2"} {
		if v := g(col); v != "" {
			notes = append(notes, col+": "+v)
		}
	}
	if len(notes) > 0 {
		c.Notes = "ACLED " + strings.Join(notes, "; ")
	}
	in.Claims = []incident.Claim{c}

	r := &row{in: in, hint: placeHint{place: place, district: g("admin2"), tehsil: g("admin3"), admin1: g("admin1"), field: "location", distField: "admin2"}}
	if gp := g("geo_precision"); gp != "" {
		pr, err := geo.ParsePrecision(gp)
		if err != nil || (gp != "1" && gp != "2" && gp != "3") {
			return nil, errField("geo_precision", "want 1, 2 or 3, got %q", gp)
		}
		r.hint.precision = pr
	}
	if lat, lon := g("latitude"), g("longitude"); lat != "" || lon != "" {
		if err := setPoint(r, "longitude", lon, "latitude", lat); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func parseCoord(s string, limit float64) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -limit || f > limit {
		return 0, false
	}
	return f, true
}
