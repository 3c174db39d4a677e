package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// countingStore counts Aggregate calls on the real store.
type countingStore struct {
	*store.DB
	aggregates atomic.Int32
}

func (c *countingStore) Aggregate(ctx context.Context, f incident.Filter) (*store.Aggregates, error) {
	c.aggregates.Add(1)
	return c.DB.Aggregate(ctx, f)
}

// A map's first view asks for districts, stats, claimants and types at once:
// they share one scan of the store, and Warm makes even that one happen
// before the first visitor.
func TestAggregatesShareOneScan(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 300, 5)
	cs := &countingStore{DB: env.db}
	srv := New(Options{Store: cs, Gazetteer: testGazetteer(t), Static: testStatic, Logger: env.srv.log})

	var wg sync.WaitGroup
	for range 4 {
		for _, u := range []string{"/api/districts", "/api/stats", "/api/claimants", "/api/types"} {
			wg.Go(func() {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u, nil))
				if rec.Code != http.StatusOK {
					t.Errorf("%s: %d %s", u, rec.Code, rec.Body)
				}
			})
		}
	}
	wg.Wait()
	if n := cs.aggregates.Load(); n != 1 {
		t.Errorf("16 concurrent requests under one filter scanned the store %d times, want 1", n)
	}

	srv = New(Options{Store: cs, Gazetteer: testGazetteer(t), Static: testStatic, Logger: env.srv.log})
	cs.aggregates.Store(0)
	if err := srv.Warm(t.Context()); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/stats", nil))
	if rec.Code != http.StatusOK || cs.aggregates.Load() != 1 {
		t.Errorf("after Warm: status %d, %d scans, want 200 and 1", rec.Code, cs.aggregates.Load())
	}
}
