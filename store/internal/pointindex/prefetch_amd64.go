package pointindex

// prefetch asks the processor to start loading the cache line at addr
// (PREFETCHT0) without waiting for it; it never faults.
//
//go:noescape
func prefetch(addr uintptr)
