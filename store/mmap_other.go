//go:build !linux

package store

func sliceAddr(v []byte) uintptr { return 0 }

// dropMapped is a no-op outside Linux.
func dropMapped(lo, hi uintptr) {}
