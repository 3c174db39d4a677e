package extract

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/incidentmap/incidentmap/incident"
)

// --- numbers and casualty figures ---

// numberAt parses a plain number at token i: digits ("1,200"), words
// ("twenty-five", "twenty five", "a dozen"). It returns the value and the
// index after it.
func (s *sent) numberAt(d *dicts, i int) (int, int, bool) {
	if i < 0 || i >= len(s.toks) {
		return 0, i, false
	}
	t := s.toks[i]
	if t.word && unicode.IsDigit(rune(t.norm[0])) {
		n, err := strconv.Atoi(strings.ReplaceAll(t.norm, ",", ""))
		if err != nil || n > 100000 {
			return 0, i, false
		}
		return n, i + 1, true
	}
	if m, ok := d.numbers.at(s.toks, i); ok {
		n, _ := strconv.Atoi(m.label)
		j := m.j
		// "three dozen" = 36
		if n > 1 && n < 12 && j < len(s.toks) && s.toks[j].norm == "dozen" {
			return n * 12, j + 1, true
		}
		if n >= 20 && n%10 == 0 && n < 100 && j < len(s.toks) {
			if u, ok := d.numbers.at(s.toks, j); ok {
				if v, _ := strconv.Atoi(u.label); v > 0 && v < 10 && u.j == j+1 {
					return n + v, u.j, true
				}
			}
		}
		return n, j, true
	}
	// "twenty-five"
	if first, second, ok := strings.Cut(t.norm, "-"); ok && !strings.Contains(second, "-") {
		a, b := wordValue(d, first), wordValue(d, second)
		if a >= 20 && a%10 == 0 && b > 0 && b < 10 {
			return a + b, i + 1, true
		}
		// "3-7" is handled by rangeAt
	}
	return 0, i, false
}

func wordValue(d *dicts, w string) int {
	if m, ok := d.numbers.at([]token{{norm: w}}, 0); ok {
		n, _ := strconv.Atoi(m.label)
		return n
	}
	return -1
}

// rangeAt parses a casualty figure's number expression at token i, with its
// qualifiers: "at least 5", "more than 10", "between 3 and 7", "3 to 7",
// "3-7", "up to 12", "about 20".
func (s *sent) rangeAt(d *dicts, i int) (incident.Range, int, bool) {
	t := s.toks
	w := func(k int) string {
		if k < len(t) {
			return t[k].norm
		}
		return ""
	}
	atLeast, upTo, more := false, false, false
	j := i
	// "another four", "a further three", "an additional two": the number
	if _, _, ok := s.numberAt(d, j+1); ok && (w(j) == "another" || (w(j) == "a" || w(j) == "an") && (w(j+1) == "further" || w(j+1) == "additional")) {
		if w(j) != "another" {
			j++
		}
		if w(j+1) != "a" && w(j+1) != "an" && w(j+1) != "another" {
			j++
		}
	}
	switch {
	case w(j) == "at" && (w(j+1) == "least" || w(j+1) == "minimum"):
		atLeast, j = true, j+2
	case (w(j) == "more" || w(j) == "over") && w(j+1) == "than":
		more, j = true, j+2
	case w(j) == "over" || w(j) == "above":
		more, j = true, j+1
	case w(j) == "no" && w(j+1) == "fewer" && w(j+2) == "than", w(j) == "no" && w(j+1) == "less" && w(j+2) == "than":
		atLeast, j = true, j+3
	case w(j) == "up" && w(j+1) == "to":
		upTo, j = true, j+2
	case w(j) == "as" && w(j+1) == "many" && w(j+2) == "as":
		j += 3 // "as many as 34 lives were lost": the number, stressed
	case w(j) == "nearly" || w(j) == "about" || w(j) == "around" || w(j) == "approximately" || w(j) == "some" || w(j) == "almost" || w(j) == "roughly" || w(j) == "all":
		j++
	case w(j) == "between":
		if a, k, ok := s.numberAt(d, j+1); ok && (w(k) == "and" || w(k) == "to") {
			if b, k2, ok := s.numberAt(d, k+1); ok && b >= a {
				return incident.Range{Low: a, High: b}, k2, true
			}
		}
		return incident.Range{}, i, false
	}
	if j < len(t) {
		if first, second, ok := strings.Cut(t[j].norm, "-"); ok && startsDigit(first) && startsDigit(second) && !strings.Contains(second, "-") {
			a, e1 := strconv.Atoi(first)
			b, e2 := strconv.Atoi(second)
			if e1 == nil && e2 == nil && b >= a && b <= 100000 {
				return incident.Range{Low: a, High: b}, j + 1, true
			}
		}
	}
	n, k, ok := s.numberAt(d, j)
	if !ok {
		return incident.Range{}, i, false
	}
	if (w(k) == "to" || w(k) == "or") && !atLeast && !more && !upTo {
		if b, k2, ok := s.numberAt(d, k+1); ok && b > n && k+1 < len(s.toks) && s.toks[k+1].norm != "a" && s.toks[k+1].norm != "an" {
			return incident.Range{Low: n, High: b}, k2, true
		}
	}
	switch {
	case atLeast:
		return incident.Range{Low: n, High: n, AtLeast: true}, k, true
	case more:
		return incident.Range{Low: n + 1, High: n + 1, AtLeast: true}, k, true
	case upTo:
		return incident.Range{Low: 0, High: n}, k, true
	}
	return incident.Range{Low: n, High: n}, k, true
}
