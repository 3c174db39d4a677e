package exchange

import (
	"os"
	"testing"
)

// TestMain runs every test of the package with recycled input buffers and
// rows overwritten, so that a parsed value still pointing into its chunk,
// or a staged row still referring to its incident, fails the round-trip
// tests instead of passing by luck.
func TestMain(m *testing.M) {
	poisonRecycled = true
	os.Exit(m.Run())
}
