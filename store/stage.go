package store

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// Staged is an incident made ready for PutStaged: normalized, validated and
// encoded as its record. It keeps the record alone, a few hundred bytes
// without pointers, so a large import can hold the rows waiting for their
// batch cheaply and stage them on every core before the write lock.
type Staged struct{ st staged }

// ID is the staged incident's id.
func (s *Staged) ID() string { return s.st.id }

// A Stager stages incidents for PutStaged. The incidents it stages share
// one author and one time (their Created and Updated, or Updated alone for
// an incident that already exists). A Stager is not safe for concurrent
// use; Fork gives each goroutine its own.
type Stager struct {
	who  string
	now  time.Time
	a    recArena
	slab []Staged
}

// NewStager returns a Stager recording who as the author, at the current
// time.
func (db *DB) NewStager(who string) *Stager {
	return &Stager{who: who, now: db.now().UTC()}
}

// Fork returns a Stager with s's author and time, for another goroutine.
func (s *Stager) Fork() *Stager { return &Stager{who: s.who, now: s.now} }

// slabLen is how many Staged a Stager allocates at once.
const slabLen = 256

// Stage normalizes, validates and encodes in, as Put would. It does not
// keep in or modify it. Validation errors wrap incident.ErrInvalid and an
// *incident.FieldError.
func (s *Stager) Stage(in *incident.Incident) (*Staged, error) {
	if len(s.slab) == 0 {
		s.slab = make([]Staged, slabLen)
	}
	out := &s.slab[0]
	if err := stageInto(&out.st, in, s.who, s.now, &s.a, true); err != nil {
		out.st = staged{}
		return nil, err
	}
	s.slab = s.slab[1:]
	out.st.in = nil
	return out, nil
}

// PutStaged stores staged incidents in one atomic transaction, as PutBatch
// stores incidents: either all are written or none, an id repeated within
// the batch is an error, and errors name the batch position and id.
func (db *DB) PutStaged(ctx context.Context, batch []*Staged) (BatchResult, error) {
	if err := checkCtx(ctx); err != nil {
		return BatchResult{}, err
	}
	prepared := make([]*staged, len(batch))
	for i, s := range batch {
		if s == nil {
			return BatchResult{}, fmt.Errorf("store: put batch: incident %d: %w: nil", i, incident.ErrInvalid)
		}
		prepared[i] = &s.st
	}
	return db.putPrepared(ctx, prepared)
}
