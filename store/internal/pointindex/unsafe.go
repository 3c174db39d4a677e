package pointindex

import "unsafe"

// unsafeString views b as a string without copying. Only used on the point
// index arena, whose bytes are append-only: a string handed out stays valid
// and unchanged even after the arena is reallocated or compacted.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
