//go:build !unix

package store

import "syscall"

// noSpaceErrnos are the errors of a full file system.
var noSpaceErrnos = []syscall.Errno{syscall.ENOSPC}
