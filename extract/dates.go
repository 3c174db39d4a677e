package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// dateHit is a date expression in a sentence. Resolved dates have date set;
// relative ones that need a publication date we do not have keep only the
// words in note.
type dateHit struct {
	i, j      int
	date, end string
	prec      incident.DatePrecision
	note      string
	stmt      bool // follows a statement verb: "said on Friday"
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

func dayNum(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "st"), "nd"), "rd"), "th")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 31
}

func yearNum(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1990 && n <= 2100 && len(s) == 4
}

// findDates finds explicit dates ("14 February 2025", "February 14, 2025",
// "2025-02-14", "in July 2025", "on 3 July"), weekdays ("late Tuesday", "on
// Thursday night") and relative words ("yesterday", "last week", "recently"),
// resolved against the publication date.
func (s *sent) findDates(x *run) {
	t := s.toks
	pub := x.pub
	w := func(k int) string {
		if k >= 0 && k < len(t) {
			return t[k].norm
		}
		return ""
	}
	add := func(h dateHit) {
		// "said on Friday", "confirmed late Tuesday", "told the state
		// television on Friday": a statement verb a few words before, in
		// the same clause
		for k := h.i - 1; k >= 0 && k >= h.i-6; k-- {
			if t[k].norm == "," || t[k].norm == ";" || s.eventAt(k) {
				break // "said these bodies were found on Tuesday": the event's date
			}
			if m, ok := x.d.statements.at(t, k); ok && m.j <= h.i && m.label != "silence" && m.label != "condemnation" {
				h.stmt = true
			}
		}
		s.dates = append(s.dates, h)
	}
	withYear := func(y int, m time.Month, dd int) (string, bool) {
		tm := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		if tm.Month() != m {
			return "", false
		}
		return fmtDate(tm), true
	}
	noYear := func(m time.Month, dd int) (string, string) {
		if pub.IsZero() {
			return "", "year not stated and no publication date"
		}
		y := pub.Year()
		tm := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		if tm.After(pub.Add(2 * day)) { // "on 30 December" in a January report
			tm = tm.AddDate(-1, 0, 0)
		}
		return fmtDate(tm), ""
	}
	// dayAndMonth records the date whose day and month are the words at i
	// and i+1 (either order), with the year that may follow (", 2025") or
	// else the one the publication date implies; it returns the index of
	// the last word used.
	dayAndMonth := func(i int, m time.Month, dd int) int {
		j := i + 2
		if w(j) == "," {
			j++
		}
		if y, ok := yearNum(w(j)); ok {
			if d, ok := withYear(y, m, dd); ok {
				add(dateHit{i: i, j: j + 1, date: d, prec: incident.DateDay})
			}
			return j
		}
		d, note := noYear(m, dd)
		add(dateHit{i: i, j: i + 2, date: d, prec: incident.DateDay, note: note})
		return i + 1
	}
	for i := 0; i < len(t); i++ {
		// ISO date
		if tm, err := time.Parse(time.DateOnly, w(i)); err == nil {
			add(dateHit{i: i, j: i + 1, date: fmtDate(tm), prec: incident.DateDay})
			continue
		}
		// 14 February [2025]
		if dd, ok := dayNum(w(i)); ok {
			if m, ok := months[w(i+1)]; ok && (len(w(i+1)) > 3 || t[i+1].upper) {
				i = dayAndMonth(i, m, dd)
				continue
			}
		}
		if m, ok := months[w(i)]; ok && t[i].upper && len(w(i)) > 3 { // not "May": too often the verb
			// February 14[, 2025]
			if dd, ok := dayNum(w(i + 1)); ok {
				i = dayAndMonth(i, m, dd)
				continue
			}
			// [in] July 2025, in July
			if y, ok := yearNum(w(i + 1)); ok {
				add(dateHit{i: i, j: i + 2, date: fmtDate(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), prec: incident.DateMonth})
				i++
				continue
			}
			if w(i-1) == "in" || w(i-1) == "during" || w(i-1) == "early" || w(i-1) == "late" || w(i-1) == "mid" {
				if pub.IsZero() {
					add(dateHit{i: i, j: i + 1, prec: incident.DateMonth, note: "year not stated and no publication date"})
				} else {
					y := pub.Year()
					if m > pub.Month() {
						y--
					}
					add(dateHit{i: i, j: i + 1, date: fmtDate(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), prec: incident.DateMonth})
				}
				continue
			}
		}
		if wd, ok := weekdayWord(w(i)); ok {
			// A weekday with an explicit date next to it: the date wins.
			if _, ok := dayNum(w(i + 1)); ok {
				continue
			}
			if w(i+1) == "," {
				if _, ok := dayNum(w(i + 2)); ok {
					continue
				}
				if _, ok := months[w(i+2)]; ok {
					continue
				}
			}
			start := i
			if w(i-1) == "late" || w(i-1) == "early" || w(i-1) == "last" || w(i-1) == "on" || w(i-1) == "past" || w(i-1) == "this" {
				start = i - 1
			}
			end := i + 1
			if p := w(i + 1); p == "night" || p == "evening" || p == "morning" || p == "afternoon" {
				end++
			}
			if pub.IsZero() {
				add(dateHit{i: start, j: end, prec: incident.DateDay, note: fmt.Sprintf("%q needs a publication date to resolve", spanText(s, start, end))})
				continue
			}
			back := (int(pub.Weekday()) - int(wd) + 7) % 7
			if back == 0 && (w(i-1) == "last" || w(i-1) == "past") {
				back = 7
			}
			add(dateHit{i: start, j: end, date: fmtDate(pub.Add(-time.Duration(back) * day)), prec: incident.DateDay})
			i = end - 1
			continue
		}
		if m, ok := x.d.dates.at(t, i); ok {
			h := dateHit{i: i, j: m.j}
			if pub.IsZero() {
				h.note = fmt.Sprintf("%q needs a publication date to resolve", spanText(s, m.i, m.j))
				h.prec = incident.DateDay
			} else {
				switch m.label {
				case "lastweek":
					mon := pub.Add(-time.Duration((int(pub.Weekday())+6)%7) * day) // Monday of this week
					h.date, h.end, h.prec = fmtDate(mon.Add(-7*day)), fmtDate(mon.Add(-day)), incident.DateRange
				case "thisweek":
					mon := pub.Add(-time.Duration((int(pub.Weekday())+6)%7) * day)
					h.date, h.end, h.prec = fmtDate(mon), fmtDate(pub), incident.DateRange
					if h.date == h.end {
						h.prec = incident.DateDay
						h.end = ""
					}
				case "recent":
					// "recently" gives no date: saying so beats a made-up range
					h.note = "reported as recent, with no date"
				default:
					off, err := strconv.Atoi(m.label)
					if err != nil {
						continue
					}
					h.date, h.prec = fmtDate(pub.Add(time.Duration(off)*day)), incident.DateDay
				}
			}
			add(h)
			i = m.j - 1
		}
	}
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
