package store

import (
	"os"
	"syscall"
	"unsafe"
)

func sliceAddr(v []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(v))) }

var pageSize = uintptr(os.Getpagesize())

// dropMapped tells the kernel that the pages of the read-only, shared file
// mapping between lo and hi are not needed now (MADV_DONTNEED): they leave
// the process's resident set but stay in the page cache, and a later read
// faults them back in with the same bytes. lo and hi must lie in bbolt's
// mapping of the database file (they come from values read from it).
func dropMapped(lo, hi uintptr) {
	lo &^= pageSize - 1
	hi = (hi + pageSize - 1) &^ (pageSize - 1)
	syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, syscall.MADV_DONTNEED)
}
