package main

import (
	"strings"
	"unicode"
)

// The sources give names in Arabic script without saying in which language:
// a place's alternate names mix Urdu, Persian, Pashto, Sindhi, Balochi and
// Arabic spellings (Who's On First's name:urd, name:fas, name:pus, ... lists
// flattened into one). urduName picks the one an Urdu reader would write, or
// none. It never changes a letter: it only chooses among the source's forms.
//
// A form is rejected when it has a letter Urdu does not use (Arabic ي, ك,
// ة, ى, أ, إ; Persian's heh ه, which Urdu writes ہ or ھ, and the zero-width
// non-joiner; Pashto's and Sindhi's own letters), or an administrative word
// of another language, or when it starts with ئ (Uyghur and Kurdish
// spellings do; Urdu words never). Urdu's own words for district and
// tehsil, prefixed, are dropped ("ضلع کوئٹہ" gives "کوئٹہ"). Of the forms
// left, the one that sounds most like the Latin name wins (its consonants,
// then its consonants and long vowels, compared as skeletons: "Gwadar" is
// گوادر, not the Arabic جوادر; "Chaman" is چمن, not شامان), then the one with
// the most letters only Urdu uses (ٹ ڈ ڑ ں ے ہ ھ ۓ), then the one whose
// number of words is closest to the Latin name's, then the first in the
// source's order.

// notUrdu are letters that mark a form as another language's.
var notUrdu = map[rune]bool{
	'ي': true, 'ك': true, 'ة': true, 'ى': true, 'أ': true, 'إ': true, // Arabic
	'ه': true, '\u200c': true, // Persian heh and zero-width non-joiner
	'ۍ': true, 'ې': true, 'ځ': true, 'څ': true, 'ږ': true, 'ښ': true, 'ګ': true, 'ړ': true, 'ډ': true, 'ټ': true, 'ڼ': true, // Pashto
	'ڪ': true, 'ڻ': true, 'ٻ': true, 'ڄ': true, 'ڃ': true, 'ڳ': true, 'ڱ': true, 'ڦ': true, 'ٺ': true, 'ٽ': true, 'ڊ': true, 'ڌ': true, 'ڍ': true, 'ڏ': true, 'ڙ': true, // Sindhi
}

// urduOnly are letters Urdu uses and Persian and Arabic do not.
var urduOnly = map[rune]bool{'ٹ': true, 'ڈ': true, 'ڑ': true, 'ں': true, 'ے': true, 'ہ': true, 'ھ': true, 'ۓ': true}

// foreignWords are administrative words of Persian and Sindhi.
var foreignWords = map[string]bool{"بخش": true, "ضلعو": true, "ناحیه": true, "شهرستان": true, "ولسوالۍ": true}

// urduPrefixes are Urdu's words for district and tehsil (and a common
// misspelling of tehsil), dropped from the front of a name.
var urduPrefixes = []string{"ضلع ", "تحصیل ", "تصیل "}

func urduName(latin string, forms []string) string {
	type rank struct {
		cons, full float64
		score      int
		diff       int
	}
	better := func(a, b rank) bool {
		switch {
		case a.cons != b.cons:
			return a.cons > b.cons
		case a.full != b.full:
			return a.full > b.full
		case a.score != b.score:
			return a.score > b.score
		}
		return a.diff < b.diff
	}
	want := len(strings.Fields(latin))
	lc, lf := latinSkeleton(latin, false), latinSkeleton(latin, true)
	best, bestRank := "", rank{cons: -1}
	for _, f := range forms {
		f = strings.Join(strings.Fields(f), " ")
		for _, p := range urduPrefixes {
			f = strings.TrimPrefix(f, p)
		}
		score, ok := urduScore(f)
		if !ok {
			continue
		}
		diff := len(strings.Fields(f)) - want
		if diff < 0 {
			diff = -diff
		}
		r := rank{cons: similarity(lc, arabicSkeleton(f, false)), full: similarity(lf, arabicSkeleton(f, true)), score: score, diff: diff}
		if better(r, bestRank) {
			best, bestRank = f, r
		}
	}
	return best
}

// Skeletons: a name's consonants as one class letter each (k for q, k, c,
// ک, ق, خ; t for ت, ٹ, ط; ...), with vowels dropped; the full skeleton
// also keeps u/o as w (و) and i/e as y (ی). h is dropped on both sides
// (Urdu writes aspiration with ھ and often leaves a final h out).
var latinDigraphs = map[string]byte{"ch": 'C', "sh": 'S', "zh": 'Z', "kh": 'k', "gh": 'g', "th": 't', "ph": 'p', "dh": 'd', "bh": 'b', "jh": 'j'}

var latinFold = map[rune]rune{'ā': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'ī': 'i', 'í': 'i', 'î': 'i', 'ū': 'u', 'ú': 'u', 'û': 'u',
	'ē': 'e', 'é': 'e', 'ō': 'o', 'ó': 'o', 'ç': 'c', 'č': 'c', 'š': 's', 'ž': 'z'}

func latinSkeleton(s string, vowels bool) []byte {
	var b []rune
	for _, r := range strings.ToLower(s) {
		if f, ok := latinFold[r]; ok {
			r = f
		}
		if r >= 'a' && r <= 'z' {
			b = append(b, r)
		}
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if i+1 < len(b) {
			if c, ok := latinDigraphs[string(b[i:i+2])]; ok {
				out = append(out, c)
				i++
				continue
			}
		}
		var c byte
		switch r := b[i]; r {
		case 'a', 'h':
		case 'u', 'o', 'w', 'v':
			if vowels || r == 'w' || r == 'v' {
				c = 'w'
			}
		case 'i', 'e', 'y':
			if vowels || r == 'y' {
				c = 'y'
			}
		case 'q', 'c':
			c = 'k'
		case 'x':
			out = append(out, 'k')
			c = 's'
		default:
			c = byte(r)
		}
		if c != 0 && (len(out) == 0 || out[len(out)-1] != c) {
			out = append(out, c)
		}
	}
	return out
}

var arabicClass = map[rune]byte{
	'ب': 'b', 'پ': 'p', 'ت': 't', 'ٹ': 't', 'ط': 't', 'ث': 's', 'ج': 'j', 'چ': 'C', 'خ': 'k', 'د': 'd', 'ڈ': 'd',
	'ذ': 'z', 'ر': 'r', 'ڑ': 'r', 'ز': 'z', 'ژ': 'Z', 'س': 's', 'ش': 'S', 'ص': 's', 'ض': 'z', 'ظ': 'z', 'غ': 'g',
	'ف': 'f', 'ق': 'k', 'ک': 'k', 'گ': 'g', 'ل': 'l', 'م': 'm', 'ن': 'n', 'ں': 'n',
}

func arabicSkeleton(s string, vowels bool) []byte {
	var out []byte
	for _, r := range s {
		c, ok := arabicClass[r]
		if !ok && vowels {
			switch r {
			case 'و', 'ؤ':
				c, ok = 'w', true
			case 'ی', 'ے', 'ئ':
				c, ok = 'y', true
			}
		}
		if ok && (len(out) == 0 || out[len(out)-1] != c) {
			out = append(out, c)
		}
	}
	return out
}

// similarity is the length of the longest common subsequence of a and b
// over the longer one's length: 1 for equal skeletons.
func similarity(a, b []byte) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(b)]) / float64(n)
}

// urduScore counts the letters only Urdu uses in s, and reports whether s
// could be Urdu at all: Arabic script only, no letter or word of another
// language.
func urduScore(s string) (int, bool) {
	if strings.HasPrefix(s, "ئ") {
		return 0, false
	}
	letters, score := 0, 0
	for _, r := range s {
		switch {
		case notUrdu[r]:
			return 0, false
		case unicode.IsLetter(r):
			if !unicode.Is(unicode.Arabic, r) {
				return 0, false
			}
			letters++
			if urduOnly[r] {
				score++
			}
		case unicode.Is(unicode.Mn, r) || r == ' ':
		default:
			return 0, false
		}
	}
	for _, w := range strings.Fields(s) {
		if foreignWords[w] {
			return 0, false
		}
	}
	return score, letters > 0
}
