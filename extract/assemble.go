package extract

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// build is the assembly stage: it turns one event group into a candidate
// (or into a series and its member candidates when the event names a
// campaign or opens with sites in several districts).
func (r *run) build(g *evGroup, prefix string, res *Result) {
	c := r.attribute(g)
	r.shareClauseSpeakers(g, &c)
	g.claims = c.Claims
	r.prevClaims = c.Claims
	r.chooseType(g, &c)
	r.chooseDate(g, &c)
	r.inheritDate(g, &c)
	c.dateFill = r.dateFill()
	for i := range c.Claims {
		if c.Claims[i].Date == "" && !r.pub.IsZero() {
			c.Claims[i].Date = fmtDate(r.pub)
		}
	}
	// Only the event's opening sentence can make it a wave: a list later
	// on is a passing mention ("roads were also blocked in A, B and C").
	lists := coordinated(r.text, &evGroup{sents: g.sents[:1]})
	name := r.seriesName(g, lists)
	if name == "" {
		r.locate(&c)
		w := g.waveOf()
		if w != nil && w.seriesAt >= 0 {
			// a site of a wave told in words: a member of its series
			sc := &res.SeriesInfo[w.seriesAt]
			c.Series, c.SeriesName = sc.ID, sc.Name
		}
		r.emit(&c, prefix, res)
		if w != nil && w.seriesAt >= 0 {
			sc := &res.SeriesInfo[w.seriesAt]
			sc.Members = append(sc.Members, c.ID)
		}
		return
	}
	r.emitSeries(g, &c, name, lists, prefix, res)
}

// shareClauseSpeakers gives an event reported by a clause of a sentence
// whose earlier clause reported the event before it ("X was abducted in A
// on July 20, Y was taken from B on July 22"), and that has no speaker of
// its own, the earlier event's speakers, without figures.
func (r *run) shareClauseSpeakers(g *evGroup, c *Candidate) {
	if len(c.Claims) > 0 || len(g.sents) == 0 || g.sents[0].parent == nil || g.wave == nil {
		return
	}
	same := false
	for _, s := range g.wave.sents {
		same = same || s.parent == g.sents[0].parent
	}
	if !same {
		return
	}
	for _, cl := range g.wave.claims {
		c.Claims = append(c.Claims, Claim{Claim: incident.Claim{Actor: cl.Actor, Kind: cl.Kind, Status: cl.Status,
			Notes: "stated in the sentence that lists this event with the one before it"},
			Speaker: cl.Speaker, StatusCues: cl.StatusCues, speakerFound: cl.speakerFound})
	}
}

// inheritDate gives an event with no date words the date of the event the
// text reports just before it (the next site of a wave: "In Nushki, ..."),
// but not when the event's own words say it is undated ("recently").
func (r *run) inheritDate(g *evGroup, c *Candidate) {
	if len(g.sents) > 0 && g.sents[0].dayAfter() && g.before != nil && (!c.Date.Known || c.Date.Note != "") {
		// "A day after the attack, a grenade ...": the day after the event
		// before (a statement's date says less)
		var pc Candidate
		if r.chooseDate(g.before, &pc); pc.Date.Known && pc.Date.Precision == incident.DateDay && pc.Date.Note == "" {
			if d, err := time.Parse(time.DateOnly, pc.Date.Date); err == nil {
				c.Date = DateInfo{Known: true, Date: fmtDate(d.Add(day)), Precision: incident.DateDay,
					Note: "the day after the event the text reports before it"}
				return
			}
		}
	}
	for prev := g.wave; !c.Date.Known && c.Date.Evidence == nil && prev != nil; prev = prev.wave {
		var pc Candidate
		if r.chooseDate(prev, &pc); pc.Date.Known {
			c.Date = pc.Date
			c.Date.Note = "no date in this event's sentences: the date of the event the text reports just before it"
		}
	}
}

// seriesName is the name of the series the event makes: its campaign name,
// or "Attacks across A and B (date)" for a list of sites in several
// districts; "" when it makes none.
func (r *run) seriesName(g *evGroup, lists []Place) string {
	if g.series == "" && len(lists) < 2 && g.waveWords {
		name := "Coordinated attacks"
		if !r.pub.IsZero() {
			name += " (" + fmtDate(r.pub) + ")"
		}
		return name
	}
	if g.series != "" || len(lists) < 2 {
		return g.series
	}
	var names []string
	for _, p := range lists {
		names = append(names, p.District)
	}
	name := "Attacks across " + joinAnd(names)
	if !r.pub.IsZero() {
		name += " (" + fmtDate(r.pub) + ")"
	}
	return name
}

// emit adds a located candidate to the result.
func (r *run) emit(c *Candidate, prefix string, res *Result) {
	c.ID = fmt.Sprintf("%s-%d", prefix, len(res.Candidates)+1)
	c.Title = title(c)
	res.Candidates = append(res.Candidates, *c)
}

// emitSeries adds a series and its members: one member per district of the
// opening list (located to the district), else one member located as any
// event. The claims, with their figures, stay on the series; each member
// gets the speakers' claims without figures, so figures are never copied
// into or summed over members.
func (r *run) emitSeries(g *evGroup, c *Candidate, name string, lists []Place, prefix string, res *Result) {
	sc := SeriesCandidate{ID: slug(name), Name: name, Date: c.Date, Claims: c.Claims, Silent: c.Silent, Members: []string{}}
	if sc.ID == "" {
		sc.ID = prefix + "-series"
	}
	for _, s := range g.sents {
		if s.seriesEv != nil && s.series == g.series {
			sc.Evidence = s.seriesEv
			break
		}
	}
	sc.Actor = seriesActor(c.Claims)
	base := *c
	base.Claims, base.Silent = nil, nil
	base.Series, base.SeriesName = sc.ID, name
	if len(lists) >= 2 {
		for _, p := range lists {
			m := base
			m.Claims = memberClaims(c.Claims, name)
			m.Location = p
			m.Location.Precision = geo.PrecisionDistrict
			m.Location.Name = p.District
			if m.Location.Name == "" {
				m.Location.Name = p.Name
			}
			m.LocationNote = "one of several districts named together: located to the district"
			r.emit(&m, prefix, res)
			sc.Members = append(sc.Members, m.ID)
		}
	} else if g.series != "" || !g.waveWords {
		// a named campaign: one member located as any event (a wave
		// told only in words gets its members from the sites described)
		m := base
		m.Claims = memberClaims(c.Claims, name)
		r.locate(&m)
		r.emit(&m, prefix, res)
		sc.Members = append(sc.Members, m.ID)
	}
	g.seriesAt = len(res.SeriesInfo)
	res.SeriesInfo = append(res.SeriesInfo, sc)
	is := &incident.Series{ID: sc.ID, Name: sc.Name, Actor: sc.Actor, Description: c.text, Claims: []incident.Claim{}}
	if c.Date.Known {
		is.Date, is.EndDate = c.Date.Date, c.Date.EndDate
	}
	for _, cl := range sc.Claims {
		is.Claims = append(is.Claims, cl.Claim)
	}
	res.Series = append(res.Series, is)
}

// seriesActor is the series' actor: the first group claiming
// responsibility, else the first speaker.
func seriesActor(cls []Claim) string {
	for _, cl := range cls {
		if cl.Kind == incident.KindResponsibility {
			return cl.Actor
		}
	}
	if len(cls) > 0 {
		return cls[0].Actor
	}
	return ""
}

// memberClaims are the claims a series member carries: each speaker's
// claim without figures (the report's own account of the wave stays on
// the series).
func memberClaims(cls []Claim, name string) []Claim {
	out := []Claim{}
	for _, cl := range cls {
		if cl.Kind == incident.KindMedia && !cl.speakerFound {
			continue
		}
		out = append(out, Claim{Claim: incident.Claim{Actor: cl.Actor, Kind: cl.Kind, Date: cl.Date, Status: cl.Status,
			Notes: "stated as part of " + name + "; figures are given for the whole series and kept on the series"},
			Speaker: cl.Speaker, StatusCues: cl.StatusCues, speakerFound: cl.speakerFound})
	}
	return out
}

func title(c *Candidate) string {
	where := c.Location.Name
	if where == "" {
		where = c.Location.District
	}
	t := c.Type.Label()
	switch c.Location.Precision {
	case geo.PrecisionProvince:
		if outside(&c.Location) {
			t += " in " + where
		} else {
			t += " in Balochistan (place not stated)"
		}
	case geo.PrecisionDistrict:
		t += " in " + where + " district"
		if strings.HasSuffix(strings.ToLower(where), "district") {
			t = c.Type.Label() + " in " + where
		}
	default:
		t += " in " + where
	}
	if c.SeriesName != "" {
		t = c.SeriesName + ": " + t
	}
	return t
}

func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func appendActor(xs []ActorMention, a ActorMention) []ActorMention {
	for _, y := range xs {
		if y.ID == a.ID {
			return xs
		}
	}
	return append(xs, a)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Incident returns the candidate as a draft incident for the review queue.
// An unknown date becomes a 30-day range ending on the publication date,
// tagged "date-unknown", for the reviewer to correct.
func (c *Candidate) Incident() *incident.Incident {
	in := &incident.Incident{
		ID:          c.ID,
		Title:       c.Title,
		Description: c.text,
		Type:        c.Type,
		Series:      c.Series,
		State:       incident.Draft,
		Tags:        []string{"extracted"},
		Claims:      []incident.Claim{},
		Location: incident.Location{Name: c.Location.Text, DistrictID: c.Location.DistrictID, District: c.Location.District,
			Country: c.Location.Country, Admin1: c.Location.Admin1,
			Lon: c.Location.Lon, Lat: c.Location.Lat, Precision: c.Location.Precision, Method: incident.MethodGazetteer},
	}
	if in.Location.Name == "" {
		in.Location.Name = c.Location.Name
	}
	if c.Date.Known {
		in.Date, in.EndDate, in.DatePrecision = c.Date.Date, c.Date.EndDate, c.Date.Precision
		if in.DatePrecision == incident.DateRange && in.EndDate == "" {
			in.DatePrecision = incident.DateDay
		}
	} else {
		end, _ := time.Parse(time.DateOnly, c.dateFill)
		in.Date, in.EndDate, in.DatePrecision = fmtDate(end.Add(-30*day)), fmtDate(end), incident.DateRange
		in.Tags = append(in.Tags, "date-unknown")
	}
	for _, cl := range c.Claims {
		in.Claims = append(in.Claims, cl.Claim)
	}
	var notes []string
	if c.Date.Note != "" {
		notes = append(notes, c.Date.Note)
	}
	if c.LocationNote != "" {
		notes = append(notes, c.LocationNote)
	}
	for _, s := range c.Silent {
		notes = append(notes, s.ID+" made no statement ("+s.Text+")")
	}
	notes = append(notes, c.Notes...)
	if len(notes) > 0 && len(in.Description)+200 < incident.MaxDescriptionBytes {
		in.Description += "\n\nExtraction notes: " + strings.Join(notes, "; ") + "."
	}
	// The text comes from outside: keep it within the rules every write
	// path checks (no control characters, whole characters, the caps).
	in.Title = incident.CleanText(in.Title, incident.MaxTitleBytes, true)
	in.Description = incident.CleanText(in.Description, incident.MaxDescriptionBytes, true)
	in.Location.Name = incident.CleanText(in.Location.Name, incident.MaxNameBytes, false)
	for i := range in.Claims {
		in.Claims[i].Notes = incident.CleanText(in.Claims[i].Notes, incident.MaxNotesBytes, true)
	}
	sort.Strings(in.Tags)
	return in
}
