//go:build unix

package store

import "syscall"

// noSpaceErrnos are the errors of a full file system or quota.
var noSpaceErrnos = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT}
