package server

import (
	"context"
	"io"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
)

// Store is what the handlers need from the database, in the domain's types.
// *store.DB satisfies it (checked in cmd); tests pass a fake. It includes
// exchange.Sink (PutBatch, PutSeries), which POST /api/import writes to.
type Store interface {
	Version() uint64
	Get(ctx context.Context, id string) (*incident.Incident, error)
	Put(ctx context.Context, in *incident.Incident, who string) (*incident.Incident, incident.Change, error)
	PutBatch(ctx context.Context, ins []*incident.Incident, who string) (incident.BatchResult, error)
	Delete(ctx context.Context, id, who string) error
	History(ctx context.Context, id string) ([]incident.Revision, error)
	Query(ctx context.Context, f incident.Filter, limit int, cursor string) (*incident.Page, error)
	Each(ctx context.Context, f incident.Filter, fn func(*incident.Incident) error) error
	Count(ctx context.Context, f incident.Filter) (int, error)
	Aggregate(ctx context.Context, f incident.Filter) (*incident.Aggregates, error)
	GetSeries(ctx context.Context, id string) (*incident.Series, error)
	ListSeries(ctx context.Context) ([]*incident.Series, error)
	PutSeries(ctx context.Context, s *incident.Series, who string) error
	Authenticate(ctx context.Context, secret string) (string, error)
	Editorial
	Points(ctx context.Context, f incident.Filter, b orb.Bound, fn func(p *incident.Point) bool) error
	Backup(ctx context.Context, w io.Writer) (int64, error)
}

// POST /api/import writes to the Store as an exchange.Sink.
var _ exchange.Sink = Store(nil)

// Editorial is what the desk, the editorial actions and token management
// need from the database.
type Editorial interface {
	AuthenticateToken(ctx context.Context, secret string) (incident.TokenInfo, error)
	CreateTokenRole(ctx context.Context, name string, role incident.Role) (string, error)
	ListTokens(ctx context.Context) ([]incident.TokenInfo, error)
	RevokeToken(ctx context.Context, name string) error
	SetState(ctx context.Context, id, who string, to incident.State) (*incident.Incident, error)
	Restore(ctx context.Context, id, who string) error
	Deleted(ctx context.Context, limit int) ([]*incident.Incident, int, error)
}
