// Package pointindex is the store's in-memory point index: for every
// incident slot (seq-1) a 64-byte row with its point, dates, killed
// figures and interned profile, district, admin area, series and strings,
// kept in grids of 0.05 degree cells and per-actor grids, with a word
// index for Filter.Text and the counts a query planner weighs. Tiles,
// clusters, counts, aggregates and the candidates of every query are
// answered from it without decoding a record.
//
// Its API is small: New, Grow, Set, RemoveText and Clip to build and
// change it; Compile, Scan, Points and Aggregate to read it; Counts,
// Live, MaxSpan, Slots and DateID for the store's planner. The speed
// tricks stay inside: strings are views of an append-only arena (unsafe.go)
// and actor cells are walked with a cache prefetch (prefetch_amd64.s).
// An Index is not safe for concurrent use; package store guards it with
// its read-write lock.
package pointindex
