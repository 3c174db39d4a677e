package server

import (
	"context"
	"io"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// Store is what the handlers need from the database. *store.DB satisfies it;
// tests may pass a fake.
type Store interface {
	Version() uint64
	Get(ctx context.Context, id string) (*incident.Incident, error)
	Put(ctx context.Context, in *incident.Incident, who string) (*incident.Incident, store.Change, error)
	PutBatch(ctx context.Context, ins []*incident.Incident, who string) (store.BatchResult, error)
	Delete(ctx context.Context, id, who string) error
	History(ctx context.Context, id string) ([]store.Revision, error)
	Query(ctx context.Context, f incident.Filter, limit int, cursor string) (*store.Page, error)
	Each(ctx context.Context, f incident.Filter, fn func(*incident.Incident) error) error
	Count(ctx context.Context, f incident.Filter) (int, error)
	Aggregate(ctx context.Context, f incident.Filter) (*store.Aggregates, error)
	GetSeries(ctx context.Context, id string) (*incident.Series, error)
	ListSeries(ctx context.Context) ([]*incident.Series, error)
	PutSeries(ctx context.Context, s *incident.Series, who string) error
	Authenticate(ctx context.Context, secret string) (string, error)
	Editorial
	Points(ctx context.Context, f incident.Filter, b orb.Bound, fn func(p *store.Point) bool) error
	Backup(ctx context.Context, w io.Writer) (int64, error)
}

var _ Store = (*store.DB)(nil)

// Editorial is what the desk, the editorial actions and token management
// need from the database.
type Editorial interface {
	AuthenticateToken(ctx context.Context, secret string) (store.TokenInfo, error)
	CreateTokenRole(ctx context.Context, name string, role store.Role) (string, error)
	ListTokens(ctx context.Context) ([]store.TokenInfo, error)
	RevokeToken(ctx context.Context, name string) error
	SetState(ctx context.Context, id, who string, to incident.State) (*incident.Incident, error)
	Restore(ctx context.Context, id, who string) error
}
