//go:build !linux

package testfs

import "testing"

// SmallTmpfs skips the test: the small file system is a Linux tmpfs.
func SmallTmpfs(t testing.TB, size string) string {
	t.Skip("the disk-full test mounts a Linux tmpfs")
	return ""
}
