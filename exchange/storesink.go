package exchange

import (
	"context"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// StoreSink adapts a store to Sink, so that imports (and LoadSeed) write
// into it: `exchange.LoadSeed(ctx, exchange.StoreSink(db), g)`.
func StoreSink(db *store.DB) Sink { return storeSink{db} }

type storeSink struct{ db *store.DB }

func (s storeSink) PutBatch(ctx context.Context, ins []*incident.Incident, who string) (Counts, error) {
	r, err := s.db.PutBatch(ctx, ins, who)
	return Counts{Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged}, err
}

func (s storeSink) PutSeries(ctx context.Context, sr *incident.Series, who string) error {
	return s.db.PutSeries(ctx, sr, who)
}
