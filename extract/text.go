package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a piece of the input text: Text == input[Start:End], with byte
// offsets.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// abbreviations end with a period that does not end a sentence. Lower case,
// without the period.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "lt": true, "col": true, "gen": true, "maj": true,
	"capt": true, "cpt": true, "brig": true, "sgt": true, "cpl": true, "no": true, "nos": true, "st": true,
	"jr": true, "sr": true, "gov": true, "govt": true, "rs": true, "vs": true, "etc": true, "e.g": true,
	"i.e": true, "u.s": true, "inc": true, "pvt": true, "hon": true, "prof": true, "approx": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "km": true, "insp": true, "supdt": true,
	"dist": true, "tehs": true, "adv": true, "sen": true, "rep": true, "mna": true, "mpa": true,
}

// Sentences splits text into sentences. A sentence ends at '.', '!' or '?'
// (with closing quotes or brackets) followed by white space and no
// abbreviation or initial before the period, or at a blank line, or at a line
// break after sentence punctuation, or at a line break after a short line
// without punctuation (a headline). Offsets are bytes; each Span's Text is
// text[Start:End] with surrounding white space left out.
func Sentences(text string) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if e > s {
			out = append(out, Span{Start: s, End: e, Text: text[s:e]})
		}
		start = end
	}
	lineStart := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			j := i + 1
			blank := false
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n') {
				if text[j] == '\n' {
					blank = true
				}
				j++
			}
			line := strings.TrimSpace(text[lineStart:i])
			last, _ := utf8.DecodeLastRuneInString(line)
			whole := strings.TrimSpace(text[start:i]) == line
			headline := line != "" && !strings.ContainsRune(".,;:!?\"”’)", last) && len(line) < 60 && whole
			if !headline && whole && line != "" && !strings.ContainsRune(".,;:!?\"”’)", last) && len(line) < 200 && j < len(text) {
				// a longer title line: a break before a capital or a digit
				// ("Attack Leaves 7 Dead - Military\n11/17/2024 7:09")
				next, _ := utf8.DecodeRuneInString(text[j:])
				headline = unicode.IsUpper(next) || unicode.IsDigit(next)
			}
			if blank || isTerminal(last) || headline {
				emit(i)
			}
			lineStart = i + 1
			i++
			continue
		case r == '.' || r == '!' || r == '?':
			j := i + size
			for j < len(text) {
				c, n := utf8.DecodeRuneInString(text[j:])
				if !strings.ContainsRune("\"'”’)]»", c) && !(c == '.' || c == '!' || c == '?') {
					break
				}
				j += n
			}
			if j >= len(text) {
				emit(len(text))
				i = len(text)
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(next) && (r != '.' || !isAbbreviation(text[start:i])) {
				emit(j)
				i = j
				continue
			}
			i = j
			continue
		}
		i += size
	}
	emit(len(text))
	return out
}

func isTerminal(r rune) bool { return strings.ContainsRune(".!?\"”’:", r) }

// isAbbreviation reports whether the word just before a period is an
// abbreviation or a single-letter initial.
func isAbbreviation(before string) bool {
	k := len(before)
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(before[:k])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		k -= n
	}
	w := before[k:]
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// token is one word or punctuation mark, with its normalised form (lower
// case, straight apostrophes, possessive 's removed) and byte offsets into
// the whole text.
type token struct {
	norm       string
	start, end int
	upper      bool // first letter is upper case
	word       bool // letters or digits, not punctuation
}

// tokenize splits s (which starts at byte offset base of the text) into
// tokens. Letters and digits form words; '-', apostrophes, and ',' or '.'
// between digits stay inside a word.
func tokenize(s string, base int) []token {
	var out []token
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || r == utf8.RuneError {
			i += n
			continue
		}
		if !isWordRune(r) {
			out = append(out, token{norm: normRune(r), start: base + i, end: base + i + n})
			i += n
			continue
		}
		j := i
		for j < len(s) {
			c, m := utf8.DecodeRuneInString(s[j:])
			if isWordRune(c) {
				j += m
				continue
			}
			if strings.ContainsRune("-'’", c) || ((c == ',' || c == '.') && j > i) {
				// keep joiners only between word characters ("al-Hindustan",
				// "1,200"); ',' and '.' only between digits.
				p, _ := utf8.DecodeLastRuneInString(s[i:j])
				q, qn := utf8.DecodeRuneInString(s[j+m:])
				if j+m < len(s) && isWordRune(q) && qn > 0 && (c != ',' && c != '.' || unicode.IsDigit(p) && unicode.IsDigit(q)) {
					j += m
					continue
				}
			}
			break
		}
		raw := s[i:j]
		norm := strings.ToLower(strings.ReplaceAll(raw, "’", "'"))
		end := j
		if strings.HasSuffix(norm, "'s") && len(norm) > 2 {
			norm = norm[:len(norm)-2]
			end = j - len("'s")
			if strings.HasSuffix(raw, "’s") {
				end = j - len("’s")
			}
		}
		first, _ := utf8.DecodeRuneInString(raw)
		out = append(out, token{norm: norm, start: base + i, end: base + end, upper: unicode.IsUpper(first), word: true})
		i = j
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func normRune(r rune) string {
	switch r {
	case '“', '”', '«', '»':
		return `"`
	case '‘', '’':
		return "'"
	case '–', '—':
		return "-"
	}
	return string(r)
}

// norms returns the normalised forms of phrase, tokenized like the text.
func norms(phrase string) []string {
	toks := tokenize(phrase, 0)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.norm
	}
	return out
}
