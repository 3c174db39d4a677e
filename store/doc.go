// Package store keeps incidents, their claims, series, revisions and API
// tokens in one bbolt file, with secondary indexes (date; actor, district
// and series by date; a quadkey spatial index) and an in-memory point index
// for tiles, counts and aggregates (package store/internal/pointindex). Its
// read types and sentinel errors are the domain's, declared in package
// incident; the names here (Page, Point, ErrNotFound, ...) are aliases.
//
// It is the only package that imports bbolt. docs/store.md describes the
// buckets, keys, query planning, backup and restore.
//
// Every write is one bbolt transaction; a DB serializes writes and lets
// reads run in parallel. Reads never hold a transaction across a callback
// into caller code except Points, whose callback runs under a read lock and
// must not write to the store.
package store
