package incident

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text search (Filter.Text) matches words, so that an index of words can
// answer it without reading incidents:
//
//   - a word is a maximal run of letters, digits and combining marks,
//     compared in lower case ("IED-blast" is the words "ied" and "blast");
//   - an incident matches when every word of the query starts a word of its
//     title, description, place name, district name or tags ("turb"
//     matches "Turbat", "ied turbat" needs both; "urbat" matches nothing);
//   - or when the whole query starts its id, ignoring case ("syn-00001"
//     matches "SYN-0000123").
//
// A query without a word matches only by id.

// TextWords calls fn with each word of s in lower case, in order, until fn
// returns false.
func TextWords(s string, fn func(w string) bool) {
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !fn(lowerWord(s[start:i])) {
				return
			}
			start = -1
		}
	}
	if start >= 0 {
		fn(lowerWord(s[start:]))
	}
}

func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// TextFields calls fn with each text field that Filter.Text searches by
// word: title, description, place, district and tags.
func (in *Incident) TextFields(fn func(s string)) {
	fn(in.Title)
	fn(in.Description)
	fn(in.Location.Name)
	fn(in.Location.District)
	for _, t := range in.Tags {
		fn(t)
	}
}

// IDHasPrefix reports whether id starts with q, ignoring case: the id half
// of Filter.Text.
// The lengths are in bytes and the first bytes must agree in ASCII case:
// a store scans every id with it, so it must be cheap to refuse.
func IDHasPrefix(id, q string) bool {
	return len(q) > 0 && len(id) >= len(q) && asciiLower(id[0]) == asciiLower(q[0]) && strings.EqualFold(id[:len(q)], q)
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// MatchText reports whether the query q selects in, as Filter.Text does
// (see TextWords for the rules).
func MatchText(in *Incident, q string) bool {
	if IDHasPrefix(in.ID, q) {
		return true
	}
	var qw []string
	TextWords(q, func(w string) bool { qw = append(qw, w); return true })
	if len(qw) == 0 {
		return false
	}
	found := make([]bool, len(qw))
	left := len(qw)
	in.TextFields(func(s string) {
		if left == 0 {
			return
		}
		TextWords(s, func(w string) bool {
			for i, q := range qw {
				if !found[i] && strings.HasPrefix(w, q) {
					found[i] = true
					left--
				}
			}
			return left > 0
		})
	})
	return left == 0
}
