package store

import (
	"context"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/incident"
)

// Point is the point index's view of an incident (incident.Point): what
// tiles, clusters, counts and aggregates need, without decoding records.
// Its Title is shortened to Options.PointTitleBytes. The index itself is
// package store/internal/pointindex.
type Point = incident.Point

// Points calls fn for every incident matching f whose point lies in b, from
// the in-memory index: no record is decoded. Order is by grid cell, then by
// Seq. fn runs under the store's read lock: it must not call the store's
// write methods, and must not keep p after it returns.
func (db *DB) Points(ctx context.Context, f incident.Filter, b orb.Bound, fn func(p *Point) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := db.readLock(); err != nil {
		return err
	}
	defer db.mu.RUnlock()
	return db.pix.Points(ctx, &f, b, fn)
}
