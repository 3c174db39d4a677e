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

// stagingSink is a Sink whose rows are staged on the parsing goroutines
// and written with putStaged (StoreSink).
type stagingSink interface {
	Sink
	newStager(who string) *store.Stager
	putStaged(ctx context.Context, batch []*store.Staged) (Counts, error)
}

func (s storeSink) newStager(who string) *store.Stager { return s.db.NewStager(who) }

func (s storeSink) putStaged(ctx context.Context, batch []*store.Staged) (Counts, error) {
	r, err := s.db.PutStaged(ctx, batch)
	return Counts{Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged}, err
}
