package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

func (r *run) chooseDate(g *evGroup, c *Candidate) {
	var stmtHit, noteHit *dateHit
	var stmtSent, noteSent *sent
	// A day beats a month: in a report of an event, "in July 2015" is
	// mostly background; it dates the event only when nothing else does.
	var monthHit *dateHit
	var monthSent *sent
	for _, s := range g.sents {
		for k := range s.dates {
			h := &s.dates[k]
			switch {
			case h.date != "" && !h.stmt && h.prec == incident.DateMonth:
				if monthHit == nil {
					monthHit, monthSent = h, s
				}
			case h.date != "" && !h.stmt:
				e := s.ev(r.text, h.i, h.j)
				c.Date = DateInfo{Known: true, Date: h.date, EndDate: h.end, Precision: h.prec, Note: h.note, Evidence: &e}
				return
			case h.date != "" && stmtHit == nil:
				stmtHit, stmtSent = h, s
			case h.date == "" && noteHit == nil:
				noteHit, noteSent = h, s
			}
		}
	}
	if monthHit != nil {
		e := monthSent.ev(r.text, monthHit.i, monthHit.j)
		c.Date = DateInfo{Known: true, Date: monthHit.date, EndDate: monthHit.end, Precision: monthHit.prec, Note: monthHit.note, Evidence: &e}
		return
	}
	if stmtHit != nil {
		e := stmtSent.ev(r.text, stmtHit.i, stmtHit.j)
		c.Date = DateInfo{Known: true, Date: stmtHit.date, EndDate: stmtHit.end, Precision: stmtHit.prec, Evidence: &e,
			Note: "the text dates only the statement; the event may have happened earlier"}
		return
	}
	if noteHit != nil {
		e := noteSent.ev(r.text, noteHit.i, noteHit.j)
		c.Date = DateInfo{Note: "date unknown: " + noteHit.note, Evidence: &e}
		return
	}
	c.Date = DateInfo{Note: "date unknown: the text gives no date for this event"}
}

// dateFill is the placeholder date range written into a draft whose date is
// unknown: the 30 days up to publication (or up to today without a
// publication date). The reviewer must correct it.
func (r *run) dateFill() string {
	if !r.pub.IsZero() {
		return fmtDate(r.pub)
	}
	return fmtDate(time.Now().UTC())
}

// dateHit is a date expression in a sentence. Resolved dates have date set;
// relative ones that need a publication date we do not have keep only the
// words in note.
type dateHit struct {
	i, j      int
	date, end string
	prec      incident.DatePrecision
	note      string
	stmt      bool // follows a statement verb: "said on Friday"
	// later: a day and month without a year that fall after publication
	// this year (read as last year's, unless the sentence speaks of the
	// future)
	later bool
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

const day = 24 * time.Hour

func fmtDate(t time.Time) string { return t.Format(time.DateOnly) }

// startsDigit reports whether s starts with an ASCII digit: the number
// readers look no further at other words.
func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func dayNum(s string) (int, bool) {
	if !startsDigit(s) || len(s) > 4 {
		return 0, false
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "st"), "nd"), "rd"), "th")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 31
}

func yearNum(s string) (int, bool) {
	if len(s) != 4 || !startsDigit(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1990 && n <= 2100 && len(s) == 4
}

// The dates stage, per sentence: explicit days, months, weekdays and
// relative words are found and resolved against the publication date;
// choosing an event's date from its sentences is chooseDate.

// dateScan is the state of the date scan over one sentence.
type dateScan struct {
	s   *sent
	x   *run
	pub time.Time
}

// w returns the normalised token k, or "" outside the sentence.
func (ds *dateScan) w(k int) string {
	if k >= 0 && k < len(ds.s.toks) {
		return ds.s.toks[k].norm
	}
	return ""
}

// findDates finds explicit dates ("14 February 2025", "February 14, 2025",
// "2025-02-14", "in July 2025", "on 3 July"), weekdays ("late Tuesday", "on
// Thursday night") and relative words ("yesterday", "last week", "recently"),
// resolved against the publication date.
func (s *sent) findDates(x *run) {
	ds := &dateScan{s: s, x: x, pub: x.pub}
	for i := 0; i < len(s.toks); i++ {
		for _, form := range []func(int) (int, bool){ds.explicit, ds.weekday, ds.relative} {
			if next, ok := form(i); ok {
				i = next - 1
				break
			}
		}
	}
}

// add records a date hit, marking it as a statement's date when a
// statement verb comes a few words before it in the same clause ("said on
// Friday", "confirmed late Tuesday", "told the state television on
// Friday").
func (ds *dateScan) add(h dateHit) {
	s, t := ds.s, ds.s.toks
	for k := h.i - 1; k >= 0 && k >= h.i-6; k-- {
		if t[k].norm == "," || t[k].norm == ";" || t[k].norm == "that" || s.eventAt(k) {
			break // "said these bodies were found on Tuesday", "said that on Wednesday, fighters ...": the event's date
		}
		if m, ok := ds.x.d.statements.at(t, k); ok && m.j <= h.i && stmtKind(m.label) != stmtSilence && stmtKind(m.label) != stmtCondemnation {
			h.stmt = true
		}
	}
	s.dates = append(s.dates, h)
}

// noYear resolves a day and month without a year against the publication
// date ("on 30 December" in a January report is last year's).
func (ds *dateScan) noYear(m time.Month, dd int) (string, string) {
	if ds.pub.IsZero() {
		return "", "year not stated and no publication date"
	}
	tm := time.Date(ds.pub.Year(), m, dd, 0, 0, 0, 0, time.UTC)
	if tm.After(ds.pub.Add(2 * day)) {
		tm = tm.AddDate(-1, 0, 0)
	}
	return fmtDate(tm), ""
}

// dayAndMonth records the date whose day and month are the words at i and
// i+1 (either order), with the year that may follow (", 2025") or else the
// one the publication date implies; it returns the index after the words
// used.
func (ds *dateScan) dayAndMonth(i int, m time.Month, dd int) int {
	j := i + 2
	if ds.w(j) == "," {
		j++
	}
	if y, ok := yearNum(ds.w(j)); ok {
		if tm := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC); tm.Month() == m {
			ds.add(dateHit{i: i, j: j + 1, date: fmtDate(tm), prec: incident.DateDay})
		}
		return j + 1
	}
	d, note := ds.noYear(m, dd)
	later := !ds.pub.IsZero() && time.Date(ds.pub.Year(), m, dd, 0, 0, 0, 0, time.UTC).After(ds.pub.Add(2*day))
	ds.add(dateHit{i: i, j: i + 2, date: d, prec: incident.DateDay, note: note, later: later})
	return i + 2
}

// explicit reads an ISO date, "14 February [2025]", "February 14[, 2025]",
// "July 2025" or "in July" at token i.
func (ds *dateScan) explicit(i int) (int, bool) {
	w, t := ds.w, ds.s.toks
	if iso := w(i); len(iso) == 10 && iso[4] == '-' && startsDigit(iso) {
		tm, err := time.Parse(time.DateOnly, iso)
		if err != nil {
			return i + 1, false
		}
		ds.add(dateHit{i: i, j: i + 1, date: fmtDate(tm), prec: incident.DateDay})
		return i + 1, true
	}
	if dd, ok := dayNum(w(i)); ok {
		if m, ok := months[w(i+1)]; ok && (len(w(i+1)) > 3 || t[i+1].upper) {
			return ds.dayAndMonth(i, m, dd), true
		}
	}
	m, ok := months[w(i)]
	if _, day := dayNum(w(i + 1)); !ok || !t[i].upper || len(w(i)) <= 3 && !day { // not "May" alone: too often the verb
		return i + 1, false
	}
	if dd, ok := dayNum(w(i + 1)); ok {
		return ds.dayAndMonth(i, m, dd), true
	}
	if y, ok := yearNum(w(i + 1)); ok {
		ds.add(dateHit{i: i, j: i + 2, date: fmtDate(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), prec: incident.DateMonth})
		return i + 2, true
	}
	switch w(i - 1) {
	case "in", "during", "early", "late", "mid":
	default:
		return i + 1, false
	}
	if ds.pub.IsZero() {
		ds.add(dateHit{i: i, j: i + 1, prec: incident.DateMonth, note: "year not stated and no publication date"})
		return i + 1, true
	}
	y := ds.pub.Year()
	if m > ds.pub.Month() {
		y--
	}
	ds.add(dateHit{i: i, j: i + 1, date: fmtDate(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), prec: incident.DateMonth})
	return i + 1, true
}

// weekday reads a weekday at token i ("late Tuesday", "on Thursday night",
// "last Friday"): the last such day on or before publication. A weekday
// with an explicit date next to it is left to the date.
func (ds *dateScan) weekday(i int) (int, bool) {
	w := ds.w
	wd, ok := weekdayWord(w(i))
	if !ok {
		return i + 1, false
	}
	if _, ok := dayNum(w(i + 1)); ok {
		return i + 1, true
	}
	if w(i+1) == "," {
		if _, ok := dayNum(w(i + 2)); ok {
			return i + 1, true
		}
		if _, ok := months[w(i+2)]; ok {
			return i + 1, true
		}
	}
	start := i
	switch w(i - 1) {
	case "late", "early", "last", "on", "past", "this":
		start = i - 1
	}
	end := i + 1
	switch w(i + 1) {
	case "night", "evening", "morning", "afternoon":
		end++
	}
	if ds.pub.IsZero() {
		ds.add(dateHit{i: start, j: end, prec: incident.DateDay, note: fmt.Sprintf("%q needs a publication date to resolve", spanText(ds.s, start, end))})
		return i + 1, true
	}
	back := (int(ds.pub.Weekday()) - int(wd) + 7) % 7
	if back == 0 && (w(i-1) == "last" || w(i-1) == "past") {
		back = 7
	}
	ds.add(dateHit{i: start, j: end, date: fmtDate(ds.pub.Add(-time.Duration(back) * day)), prec: incident.DateDay})
	return end, true
}

// relative reads a relative date word at token i (dict/dates.txt:
// "yesterday", "last week", "recently").
func (ds *dateScan) relative(i int) (int, bool) {
	m, ok := ds.x.d.dates.at(ds.s.toks, i)
	if !ok {
		return i + 1, false
	}
	h := dateHit{i: i, j: m.j}
	pub := ds.pub
	if pub.IsZero() {
		h.note = fmt.Sprintf("%q needs a publication date to resolve", spanText(ds.s, m.i, m.j))
		h.prec = incident.DateDay
		ds.add(h)
		return m.j, true
	}
	monday := pub.Add(-time.Duration((int(pub.Weekday())+6)%7) * day) // Monday of this week
	switch m.label {
	case "lastweek":
		h.date, h.end, h.prec = fmtDate(monday.Add(-7*day)), fmtDate(monday.Add(-day)), incident.DateRange
	case "thisweek":
		h.date, h.end, h.prec = fmtDate(monday), fmtDate(pub), incident.DateRange
		if h.date == h.end {
			h.prec, h.end = incident.DateDay, ""
		}
	case "recent":
		// "recently" gives no date: saying so beats a made-up range
		h.note = "reported as recent, with no date"
	default:
		off, err := strconv.Atoi(m.label)
		if err != nil {
			return i + 1, true
		}
		h.date, h.prec = fmtDate(pub.Add(time.Duration(off)*day)), incident.DateDay
	}
	ds.add(h)
	return m.j, true
}

func spanText(s *sent, i, j int) string {
	return s.span.Text[s.toks[i].start-s.span.Start : s.toks[j-1].end-s.span.Start]
}

// weekdayWord reads a weekday, also inside a hyphenated word ("the
// late-Monday siege", "Friday-night").
func weekdayWord(w string) (time.Weekday, bool) {
	if wd, ok := weekdays[w]; ok {
		return wd, true
	}
	if !strings.Contains(w, "-") {
		return 0, false
	}
	for _, part := range strings.Split(w, "-") {
		if wd, ok := weekdays[part]; ok {
			return wd, true
		}
	}
	return 0, false
}

// eventAt reports whether an event cue starts at token k.
func (s *sent) eventAt(k int) bool {
	for _, m := range s.events {
		if m.i == k {
			return true
		}
	}
	return false
}
