package extract

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The document layer: a news page is not one run of prose. Before the body
// come a headline, perhaps a standfirst or a bulleted summary, a byline and
// a publication stamp; the body's first paragraph opens with a dateline
// ("QUETTA:", "Quetta, Oct 22 (IANS) -") naming where the report was filed.
// layout finds the datelines and the lines that only say who wrote the page
// and when, so that a filing place never locates the event and a
// publication date never dates it.

// docLayout is what the document layer found, as byte ranges of the text.
type docLayout struct {
	datelines []Span // the dateline heads, separator excluded
	meta      []Span // bylines, publication stamps, "More updates to follow"
	// header is a press-release number line ("No PR-312/2025-ISPR"): the
	// issuer named in it speaks the whole text.
	header *Span
	// bodyStart is where the body begins: the first dateline line, else
	// the first line that reads as a paragraph. What comes before it
	// (headline, standfirst, bullets) restates the body and starts no event.
	bodyStart int
	// items are the bulleted lines of the body (a list of two or more).
	items []Span
	// subheads are the body's subheadings
	subheads []Span
}

// textLine is one line of a text: its bounds without the surrounding space
// (trimSpan), and whether it is the text's last, unterminated line.
type textLine struct {
	s, e int
	last bool
}

// lines yields the lines of text from byte from on.
func lines(text string, from int) iter.Seq[textLine] {
	return func(yield func(textLine) bool) {
		for start := max(from, 0); start < len(text); {
			end := strings.IndexByte(text[start:], '\n')
			if end < 0 {
				end = len(text)
			} else {
				end += start
			}
			s, e := trimSpan(text, start, end)
			if !yield(textLine{s: s, e: e, last: end == len(text)}) {
				return
			}
			start = end + 1
		}
	}
}

// datelineScan is how far into the text datelines are looked for: wire
// copy puts them at the top, after a headline and a byline at most.
const datelineScan = 2500

func layout(text string) docLayout {
	d := docLayout{bodyStart: -1}
	firstPara := -1
	for l := range lines(text, 0) {
		s, e := l.s, l.e
		line := text[s:e]
		switch {
		case line == "":
		case d.header == nil && s < datelineScan && isReleaseHeader(line):
			d.header = &Span{Start: s, End: e, Text: line}
			d.meta = append(d.meta, *d.header)
		case isMetaLine(line):
			d.meta = append(d.meta, Span{Start: s, End: e, Text: line})
		case s < datelineScan:
			if k := datelineHead(line); k > 0 {
				d.datelines = append(d.datelines, Span{Start: s, End: s + k, Text: line[:k]})
				if d.bodyStart < 0 {
					d.bodyStart = s
				}
			}
		}
		if firstPara < 0 && line != "" && !isMetaLine(line) && isParagraph(line) {
			firstPara = s
		}
	}
	if d.bodyStart < 0 || firstPara >= 0 && firstPara < d.bodyStart && !isFront(text[firstPara:d.bodyStart]) {
		d.bodyStart = max(firstPara, 0)
	}
	d.items = listItems(text, d.bodyStart)
	d.subheads = subheads(text, d.bodyStart)
	return d
}

// subheads returns the body's subheadings: short lines after the body
// start without closing punctuation ("Kalat bomb blast", "PM, CM condemn
// attack"). A page may hold a second story under its own heading, and a
// report moves to another event under one.
func subheads(text string, bodyStart int) []Span {
	var out []Span
	for l := range lines(text, bodyStart) {
		if line := text[l.s:l.e]; l.s > bodyStart && line != "" && isSubhead(line) && !l.last {
			out = append(out, Span{Start: l.s, End: l.e, Text: line})
		}
	}
	return out
}

// isSubhead reports whether a body line reads as a subheading: short, a
// few words, no closing punctuation, no dateline, stamp or list marker.
func isSubhead(line string) bool {
	if len(line) >= 70 || isMetaLine(line) || isBullet(line) || datelineHead(line) > 0 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".,;:!?\"”’)", last) {
		return false
	}
	n := len(strings.Fields(line))
	r, _ := utf8.DecodeRuneInString(line)
	return n >= 2 && n <= 10 && (unicode.IsUpper(r) || unicode.IsDigit(r))
}

// listItems returns the bulleted lines of the body ("- Gwadar: six
// passengers ...", "• ...", "🔺 ..."), when there are at least two: in a
// news report a list in the body recalls past events or restates facts.
func listItems(text string, bodyStart int) []Span {
	var items []Span
	for l := range lines(text, bodyStart) {
		if l.s < l.e && isBullet(text[l.s:l.e]) {
			items = append(items, Span{Start: l.s, End: l.e, Text: text[l.s:l.e]})
		}
	}
	if len(items) < 2 {
		return nil
	}
	return items
}

// isBullet reports whether a line starts with a list marker: a dash, a
// bullet or a pictograph followed by a space.
func isBullet(line string) bool {
	r, n := utf8.DecodeRuneInString(line)
	if strings.ContainsRune("-•*▪●◦‣–", r) {
		return n < len(line) && line[n] == ' '
	}
	return unicode.Is(unicode.So, r)
}

// isParagraph reports whether a line reads as body prose: a long line, or
// a sentence of some length ending in punctuation.
func isParagraph(line string) bool {
	if len(line) >= 160 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(".!?\"”’)", last) && len(strings.Fields(line)) >= 15
}

// isFront reports whether the lines before a dateline are front matter
// (a standfirst, bullets) rather than body paragraphs: few, or short.
func isFront(s string) bool {
	return strings.Count(strings.TrimSpace(s), "\n") < 6 && len(s) < 800
}

// isReleaseHeader reports whether a line is a press release's number line:
// "No PR-312/2025-ISPR", "PR No 45/2024", "Press Release No. 12".
func isReleaseHeader(line string) bool {
	if len(line) > 80 {
		return false
	}
	up := strings.ToUpper(line)
	up = strings.NewReplacer(".", " ", "-", " ", "/", " ", ":", " ").Replace(up)
	f := strings.Fields(up)
	for i, w := range f {
		if w != "PR" && !(w == "RELEASE" && i > 0 && f[i-1] == "PRESS") {
			continue
		}
		for _, x := range f[i+1 : min(len(f), i+4)] {
			if allDigits(x) {
				return true
			}
		}
	}
	return false
}

// metaStarts are the openings of byline and stamp lines.
var metaStarts = []string{"published", "updated", "last updated", "by ", "posted", "more updates to follow", "read more", "also read"}

// isMetaLine reports whether a line only says who wrote the page, or when
// (a byline, "Published in Dawn, May 3rd, 2025", "Mon, 26 Aug 2024
// 11:02:38 PKT", a date alone).
func isMetaLine(line string) bool {
	if len(line) > 140 {
		return false
	}
	low := strings.ToLower(line)
	for _, p := range metaStarts {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	words := strings.Fields(line)
	// "PPI Published 03 Feb, 2025 06:41am", "Saleem Shahid Published November 20, 2025"
	for i, w := range words {
		if i > 0 && i < 5 && strings.EqualFold(w, "published") {
			return true
		}
	}
	year, clock := false, false
	for _, w := range words {
		w = strings.Trim(w, ",.;")
		if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && allDigits(w) {
			year = true
		}
		if a, b, ok := strings.Cut(w, ":"); ok && allDigits(a) && len(b) >= 2 && allDigits(b[:2]) && a != "" {
			clock = true
		}
	}
	// a date or a time stamp standing alone
	return (year || clock) && len(words) <= 7 && !strings.ContainsAny(line, ".!?") || year && clock && len(words) <= 10
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

var monthWords = map[string]bool{"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
	"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true, "aug": true, "august": true,
	"sep": true, "sept": true, "september": true, "oct": true, "october": true, "nov": true, "november": true,
	"dec": true, "december": true}

// datelineHead returns the length of a dateline at the start of a line, or
// 0: a few words before ':' or a dash, written in capitals ("DERA ISMAIL
// KHAN:"), or naming an agency in brackets ("QUETTA (Dunya News) —"), or a
// date ("Balochistan [Pakistan], January 27 :", "Quetta, Oct 22 (IANS) -").
func datelineHead(line string) int {
	k, sepLen := -1, 0
	for _, sep := range []string{":", " — ", " – ", " - ", " —", " -"} {
		if i := strings.Index(line, sep); i > 0 && i <= 70 && (k < 0 || i < k) {
			k, sepLen = i, len(sep)
		}
	}
	// "Quetta, Oct 22 (IANS) Security personnel ...": an agency in
	// brackets closes the dateline when no separator follows
	if o, c := strings.IndexByte(line, '('), strings.IndexByte(line, ')'); o > 0 && c > o && c <= 70 && (k < 0 || c < k) {
		head, agency := line[:o], line[o+1:c]
		if w := strings.Fields(head); len(w) > 0 && len(w) <= 6 && !strings.ContainsAny(head, ".!?") && agency != "" && len(agency) <= 24 {
			r, _ := utf8.DecodeRuneInString(agency)
			h, _ := utf8.DecodeRuneInString(head)
			if unicode.IsUpper(r) && unicode.IsUpper(h) && (strings.Contains(head, ",") || strings.ToUpper(head) == head) {
				return c + 1
			}
		}
	}
	if k >= 0 && k+sepLen >= len(line) && line[k] == ':' && standaloneDateline(line[:k]) {
		return k // "New Delhi:" on a line of its own
	}
	if k < 0 || k+sepLen >= len(line) {
		return 0
	}
	head := line[:k]
	if strings.ContainsAny(head, ".!?\"“”") && !strings.Contains(head, "(") {
		return 0
	}
	if w := strings.Fields(head); len(w) == 0 || len(w) > 8 {
		return 0
	}
	if strings.ContainsAny(head, "([") {
		return k
	}
	letters, upper := 0, 0
	for _, r := range head {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	if letters >= 3 && upper == letters {
		return k
	}
	// "Karachi: ...", "Islamabad, Pakistan – ...": a capitalised name of
	// one to three words (or a place and its country) before the separator
	if ws := strings.Fields(head); line[k] == ':' || strings.Contains(head, ",") {
		title := len(ws) <= 3
		for _, w := range ws {
			r, _ := utf8.DecodeRuneInString(w)
			title = title && unicode.IsUpper(r) && !strings.ContainsAny(w, "0123456789")
		}
		if title {
			return k
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(head), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if monthWords[w] {
			r, _ := utf8.DecodeRuneInString(head)
			if unicode.IsUpper(r) {
				return k
			}
		}
	}
	return 0
}

// inSpans reports whether [s, e) lies inside one of spans.
func inSpans(spans []Span, s, e int) bool {
	for _, sp := range spans {
		if s >= sp.Start && e <= sp.End {
			return true
		}
	}
	return false
}

// overlaps reports whether [s, e) overlaps one of spans.
func overlaps(spans []Span, s, e int) bool {
	for _, sp := range spans {
		if s < sp.End && e > sp.Start {
			return true
		}
	}
	return false
}

// standaloneDateline reports whether head, the whole of a line before its
// colon, reads as a dateline: one to three capitalised words.
func standaloneDateline(head string) bool {
	ws := strings.Fields(head)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789") {
			return false
		}
	}
	return true
}
