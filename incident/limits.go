package incident

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on one incident or series, checked by Validate so that every write
// path (HTTP, import, the store) applies them. docs/formats.md "Limits"
// lists them for users; lengths are in bytes of UTF-8.
const (
	MaxIDBytes          = 128
	MaxTitleBytes       = 500
	MaxDescriptionBytes = 20000
	MaxNameBytes        = 500  // place, district, source and series names
	MaxActorBytes       = 128  // a claim's actor id or name
	MaxNotesBytes       = 5000 // a claim's notes
	MaxURLBytes         = 2000
	MaxTagBytes         = 100
	MaxClaims           = 100
	MaxSources          = 50
	MaxTags             = 50
)

// MinDate is the earliest date an incident, series or claim may carry; the
// latest is one year after the day of the check (MaxDate).
const MinDate = "1900-01-01"

var minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// MaxDate is the latest date accepted at time now: one year ahead, room for
// a planned event or a time zone, not for a typo such as 2205.
func MaxDate(now time.Time) time.Time {
	y, m, d := now.UTC().AddDate(1, 0, 0).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkDate parses a date and checks it lies in MinDate..MaxDate(now).
func checkDate(field, s string, now time.Time) (time.Time, error) {
	d, err := ParseDate(s)
	if err != nil {
		return d, invalid(field, "want YYYY-MM-DD, got %q", s)
	}
	if d.Before(minDate) || d.After(MaxDate(now)) {
		return d, invalid(field, "%s is outside %s..%s", s, MinDate, MaxDate(now).Format(time.DateOnly))
	}
	return d, nil
}

// textProblem says what is wrong with a text field, or "": longer than max
// bytes, not valid UTF-8, holding U+FFFD (what a JSON decoder leaves in
// place of invalid bytes, so the mark of text that lost its encoding), NUL
// or another control character. Tab, newline and carriage return are
// allowed only when multiline.
func textProblem(s string, max int, multiline bool) string {
	if len(s) > max {
		return fmt.Sprintf("longer than %d bytes", max)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				if !multiline || (c != '\t' && c != '\n' && c != '\r') {
					return fmt.Sprintf("holds control character %U", rune(c))
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return fmt.Sprintf("not valid UTF-8 (byte %#x at offset %d)", c, i)
		case r == utf8.RuneError:
			return "holds U+FFFD, the replacement character: text that lost its encoding"
		case r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("holds control character %U", r)
		}
		i += n
	}
	return ""
}

// CleanText returns s as the text rules accept it, for writers that take
// text from outside (the extractor's drafts): invalid UTF-8, U+FFFD and
// control characters (all but tab, newline and carriage return when
// multiline) become spaces, and text longer than max bytes is cut at a
// character boundary.
func CleanText(s string, max int, multiline bool) string {
	if textProblem(s, max, multiline) == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		bad := r == utf8.RuneError || r < 0x20 && !(multiline && (r == '\t' || r == '\n' || r == '\r')) || r >= 0x7f && r < 0xa0
		if bad {
			r = ' '
		}
		if b.Len()+utf8.RuneLen(r) > max {
			break
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

// checkText wraps textProblem as a field error.
func checkText(field, s string, max int, multiline bool) error {
	if p := textProblem(s, max, multiline); p != "" {
		return invalid(field, "%s", p)
	}
	return nil
}

// invisible reports a rune that changes how text is shown without being
// seen: bidirectional controls and overrides, and zero-width characters.
// An id holding one would look like another id.
func invisible(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x180e, r == 0x00ad: // zero width, soft hyphen
		return true
	}
	return false
}

// checkID applies the rules of an incident or series id: present, at most
// MaxIDBytes, valid UTF-8 without control, bidirectional or zero-width
// characters, spaces, '/', '?' or '#', and neither "." nor "..", which
// no URL path can reach.
func checkID(field, id string) error {
	if id == "" {
		return invalid(field, "required")
	}
	if p := textProblem(id, MaxIDBytes, false); p != "" {
		return invalid(field, "%s", p)
	}
	if id == "." || id == ".." {
		return invalid(field, "%q cannot be an id: no URL can reach it", id)
	}
	if strings.ContainsAny(id, "/?# ") {
		return invalid(field, "must be at most %d bytes without spaces, '/', '?' or '#'", MaxIDBytes)
	}
	for _, r := range id {
		if invisible(r) {
			return invalid(field, "holds invisible character %U (bidirectional control or zero width)", r)
		}
	}
	return nil
}

// checkURL accepts an empty URL or an absolute http or https URL with a host.
func checkURL(field, s string) error {
	if s == "" {
		return nil
	}
	if err := checkText(field, s, MaxURLBytes, false); err != nil {
		return err
	}
	u, err := url.Parse(s)
	if err != nil {
		return invalid(field, "not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return invalid(field, "want an http or https URL with a host, got scheme %q", u.Scheme)
	}
	return nil
}

// checkSource checks a source under prefix (a function, so that the path is
// built only for an error).
func checkSource(prefix func() string, s Source) error {
	if p := textProblem(s.Name, MaxNameBytes, false); p != "" {
		return invalid(prefix()+".name", "%s", p)
	}
	if s.URL != "" {
		if err := checkURL("url", s.URL); err != nil {
			return invalid(prefix()+".url", "%s", fieldMsg(err))
		}
	}
	return nil
}

// fieldMsg is the message of a FieldError made by invalid.
func fieldMsg(err error) string {
	if fe, ok := asFieldError(err); ok {
		return fe.Msg
	}
	return err.Error()
}

func asFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}
