//go:build !amd64

package store

// prefetch is a no-op where no prefetch instruction is wired up.
func prefetch(addr uintptr) {}
