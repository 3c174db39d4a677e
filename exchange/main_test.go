package exchange

import (
	"os"
	"testing"
)

// TestMain runs every test of the package with recycled input buffers
// overwritten, so that a parsed value still pointing into its chunk fails
// the round-trip tests instead of passing by luck.
func TestMain(m *testing.M) {
	poisonChunks = true
	os.Exit(m.Run())
}
