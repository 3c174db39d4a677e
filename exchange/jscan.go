package exchange

import (
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// jscan is a small forward-only JSON scanner over one document in memory. It
// lets the flat-feature fast path read the few keys it needs without
// building maps or using reflection; values it does not need are skipped
// (and still checked for syntax).
type jscan struct {
	b []byte
	i int
}

var errSyntax = errors.New("invalid JSON")

func (s *jscan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte without consuming it, 0 at the end.
func (s *jscan) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *jscan) consume(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (s *jscan) end() bool { s.ws(); return s.i == len(s.b) }

// object calls fn for each key of an object; fn must consume the value.
func (s *jscan) object(fn func(key []byte) error) error {
	if !s.consume('{') {
		return errSyntax
	}
	if s.consume('}') {
		return nil
	}
	for {
		if s.peek() != '"' {
			return errSyntax
		}
		k, err := s.strBytes()
		if err != nil {
			return err
		}
		if !s.consume(':') {
			return errSyntax
		}
		if err := fn(k); err != nil {
			return err
		}
		if s.consume(',') {
			continue
		}
		if s.consume('}') {
			return nil
		}
		return errSyntax
	}
}

// array calls fn for each element; fn must consume the element.
func (s *jscan) array(fn func() error) error {
	if !s.consume('[') {
		return errSyntax
	}
	if s.consume(']') {
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		if s.consume(',') {
			continue
		}
		if s.consume(']') {
			return nil
		}
		return errSyntax
	}
}

// strBytes reads a string. Without escapes the result aliases the input;
// with escapes or invalid UTF-8 it is decoded as encoding/json would.
func (s *jscan) strBytes() ([]byte, error) {
	if !s.consume('"') {
		return nil, errSyntax
	}
	start := s.i
	plain := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			if plain {
				return raw, nil
			}
			var out string
			if err := json.Unmarshal(s.b[start-1:s.i], &out); err != nil {
				return nil, errSyntax
			}
			return []byte(out), nil
		case c == '\\':
			plain = false
			s.i++
			if s.i >= len(s.b) {
				return nil, errSyntax
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				if s.i+5 > len(s.b) {
					return nil, errSyntax
				}
				for _, h := range s.b[s.i+1 : s.i+5] {
					if !isHex(h) {
						return nil, errSyntax
					}
				}
				s.i += 5
			default:
				return nil, errSyntax
			}
		case c < 0x20:
			return nil, errSyntax
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(s.b[s.i:])
			if r == utf8.RuneError && n == 1 {
				plain = false
			}
			s.i += n
		default:
			s.i++
		}
	}
	return nil, errSyntax
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (s *jscan) str() (string, error) {
	b, err := s.strBytes()
	return string(b), err
}

// numberSpan reads a JSON number and returns its text.
func (s *jscan) numberSpan() ([]byte, error) {
	s.ws()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	if s.i >= len(s.b) {
		return nil, errSyntax
	}
	if s.b[s.i] == '0' {
		s.i++
	} else if '1' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.digits()
	} else {
		return nil, errSyntax
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return nil, errSyntax
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return nil, errSyntax
		}
	}
	return s.b[start:s.i], nil
}

func (s *jscan) digits() int {
	n := 0
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

func (s *jscan) number() (float64, error) {
	b, err := s.numberSpan()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, errSyntax
	}
	return f, nil
}

func (s *jscan) literal(lit string) bool {
	s.ws()
	if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

// skip consumes any value, checking its syntax. depth bounds nesting.
func (s *jscan) skip() error { return s.skipDepth(0) }

func (s *jscan) skipDepth(depth int) error {
	if depth > 100 {
		return errSyntax
	}
	switch s.peek() {
	case '{':
		return s.object(func([]byte) error { return s.skipDepth(depth + 1) })
	case '[':
		return s.array(func() error { return s.skipDepth(depth + 1) })
	case '"':
		_, err := s.strBytes()
		return err
	case 't':
		if s.literal("true") {
			return nil
		}
	case 'f':
		if s.literal("false") {
			return nil
		}
	case 'n':
		if s.literal("null") {
			return nil
		}
	default:
		_, err := s.numberSpan()
		return err
	}
	return errSyntax
}

// value is a scalar read by the flat path: a string, a number (kept as text),
// a boolean, or null.
type value struct {
	kind byte // 's' string, 'n' number, 'b' bool, '0' null, 'a' array of strings
	s    string
	b    bool
	list []string
}

// scalar reads a scalar value, or an array of strings (for tags). ok is
// false for objects and other arrays, which the flat path does not use; they
// are skipped.
func (s *jscan) scalar() (v value, ok bool, err error) {
	switch s.peek() {
	case '"':
		v.kind = 's'
		v.s, err = s.str()
		return v, true, err
	case 't', 'f':
		v.kind = 'b'
		if s.literal("true") {
			v.b = true
			return v, true, nil
		}
		if s.literal("false") {
			return v, true, nil
		}
		return v, false, errSyntax
	case 'n':
		v.kind = '0'
		if s.literal("null") {
			return v, true, nil
		}
		return v, false, errSyntax
	case '{':
		return v, false, s.skip()
	case '[':
		v.kind = 'a'
		ok = true
		err = s.array(func() error {
			if s.peek() != '"' {
				ok = false
				return s.skip()
			}
			x, err := s.str()
			v.list = append(v.list, x)
			return err
		})
		return v, ok, err
	}
	b, err := s.numberSpan()
	v.kind = 'n'
	v.s = numberString(b)
	return v, true, err
}

// smallInts holds the texts of 0..999, so that the flat path's casualty
// figures need no allocation.
var smallInts = func() (t [1000]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

func numberString(b []byte) string {
	if len(b) > 0 && len(b) <= 3 && (b[0] != '0' || len(b) == 1) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return string(b)
			}
			n = n*10 + int(c-'0')
		}
		return smallInts[n]
	}
	return string(b)
}
