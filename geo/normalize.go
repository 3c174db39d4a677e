package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hint is what a name's own words say about the kind of place meant:
// "Awaran district" asks for the district, "Turbat city" for the town.
type Hint uint8

// Hints carried by suffix words.
const (
	HintNone Hint = iota
	HintDistrict
	HintTehsil
	HintTown
	HintProvince
)

// fold maps Latin letters with diacritics, as GeoNames and WOF spell some
// names (Awārān, Khuẕdār), to their base letter. Letters not listed pass
// through unchanged.
var fold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a', 'ă': 'a', 'ą': 'a',
	'ç': 'c', 'ć': 'c', 'č': 'c', 'ḍ': 'd', 'ḏ': 'd', 'ď': 'd',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e', 'ė': 'e', 'ę': 'e', 'ě': 'e',
	'ğ': 'g', 'ġ': 'g', 'ḥ': 'h', 'ḫ': 'h', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i', 'ı': 'i',
	'ḳ': 'k', 'ḵ': 'k', 'ł': 'l', 'ñ': 'n', 'ń': 'n', 'ṅ': 'n', 'ṇ': 'n',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ō': 'o', 'ø': 'o',
	'ṛ': 'r', 'ř': 'r', 'ś': 's', 'ş': 's', 'š': 's', 'ṣ': 's', 'ṭ': 't', 'ť': 't', 'ţ': 't',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u', 'ů': 'u',
	'ý': 'y', 'ÿ': 'y', 'ẓ': 'z', 'ẕ': 'z', 'ž': 'z', 'ź': 'z', 'ż': 'z',
	'ʻ': 0, 'ʼ': 0, 'ʿ': 0, 'ʾ': 0, '\u0301': 0, '\u0304': 0, '\u0323': 0, '\u0331': 0,
}

// suffixWords are words that say what kind of place a name is. They are
// dropped from the key (when other words remain) and turned into a Hint.
var suffixWords = map[string]Hint{
	"district": HintDistrict, "districts": HintDistrict, "distt": HintDistrict, "zila": HintDistrict, "zilla": HintDistrict,
	"tehsil": HintTehsil, "tehsils": HintTehsil, "tahsil": HintTehsil, "subdivision": HintTehsil, "sub-division": HintTehsil,
	"city": HintTown, "town": HintTown, "village": HintTown, "bazaar": HintTown, "area": HintNone, "region": HintNone,
	"province": HintProvince, "the": HintNone, "of": HintNone,
}

// Key returns the lookup key of a place name and the hint its suffix words
// carry. Two spellings that news reports use for the same place get the same
// key:
//
//   - case, punctuation, spaces and Latin diacritics are ignored
//     ("Dera Bugti" = "Derabugti", "Awārān" = "Awaran");
//   - "district", "tehsil", "city", "the", ... are dropped ("the Awaran
//     district" = "Awaran", with HintDistrict), unless no other word
//     remains: "District" and "the" keep their words;
//   - q is read as k, ee as i, oo and ou as u, doubled letters as one
//     ("Qilla" = "Killa" = "Kila", "Panjgoor" = "Panjgur", "Sibbi" = "Sibi"),
//     and a final h after a vowel is silent ("Abdullah" = "Abdulla").
//
// Known variants that no rule covers (Kej for Kech, Bolan for Kachhi) live in
// the alias table, not here. Arabic-script names keep their letters.
//
// A key is its own key: Key(Key(s)) = Key(s). A key is one word, and the
// words of s can join or transliterate into a suffix word ("t he" = "the",
// "off" = "of"), which is why a suffix word standing alone is kept.
func Key(s string) (string, Hint) {
	var buf [96]byte
	b, h := appendKey(buf[:0], s)
	return string(b), h
}

// appendKey appends the key of s to b (see Key).
func appendKey(b []byte, s string) ([]byte, Hint) {
	hint := HintNone
	words, dropped := 0, 0
	// Split into words of letters and digits; each word is folded and
	// appended unless it is a suffix word.
	i := 0
	for i < len(s) {
		// skip separators
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		for i < len(s) {
			r, size = rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if !isWordRune(r) && !(r == '\'' && i+1 < len(s) && s[i+1] != 's') {
				break
			}
			i += size
		}
		w := s[start:i]
		if (w == "s" || w == "S") && start > 0 && (s[start-1] == '\'' || strings.HasSuffix(s[:start], "’")) {
			continue // possessive: "Zhob's"
		}
		if h, ok := lookupSuffix(w); ok {
			if h != HintNone {
				hint = h
			}
			dropped++
			continue
		}
		words++
		b = appendFolded(b, w)
	}
	if words == 0 && dropped > 0 {
		// Only suffix words ("District", "the"): keep them as the key.
		// Dropping them would give "" here but not for the key of "t he".
		b = b[:0]
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
			b = appendFolded(b, w)
		}
	}
	return translit(b), hint
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func lookupSuffix(w string) (Hint, bool) {
	if len(w) > 12 {
		return 0, false
	}
	var buf [12]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	h, ok := suffixWords[string(buf[:len(w)])]
	return h, ok
}

// appendFolded appends w in lower case with diacritics folded.
func appendFolded(b []byte, w string) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != '\'' {
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		r = unicode.ToLower(r)
		if f, ok := fold[r]; ok {
			if f != 0 {
				b = append(b, byte(f))
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // combining marks
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// translit applies the transliteration rules in place to ASCII letters.
func translit(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf {
			out = append(out, c)
			continue
		}
		switch {
		case c == 'q':
			c = 'k'
		case c == 'e' && i+1 < len(b) && b[i+1] == 'e':
			c = 'i'
			i++
		case c == 'o' && i+1 < len(b) && (b[i+1] == 'o' || b[i+1] == 'u'):
			c = 'u'
			i++
		}
		// doubled letters (after the rules above) become one
		if n := len(out); n > 0 && out[n-1] == c && c >= 'a' && c <= 'z' {
			continue
		}
		out = append(out, c)
	}
	// A final h after a vowel is silent ("Abdullah" = "Abdulla").
	if n := len(out); n > 3 && out[n-1] == 'h' && isVowel(out[n-2]) {
		out = out[:n-1]
	}
	return out
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// Normalize returns a display-neutral form of a name: lower case, Latin
// diacritics folded, punctuation turned into single spaces. Unlike Key it
// keeps the words apart and applies no transliteration rules.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if !isWordRune(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		r = unicode.ToLower(r)
		if f, ok := fold[r]; ok {
			if f != 0 {
				b.WriteRune(f)
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
