//go:build !linux

package server

import "testing"

func mountSmallTmpfs(t *testing.T, size string) string {
	t.Skip("the disk-full test mounts a Linux tmpfs")
	return ""
}
