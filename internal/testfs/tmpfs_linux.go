package testfs

import (
	"syscall"
	"testing"
)

// SmallTmpfs mounts a tmpfs of the given size ("1m") on a temporary
// directory for the test, or skips the test when mounting is not allowed.
func SmallTmpfs(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v): the disk-full test needs mount permission", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}
