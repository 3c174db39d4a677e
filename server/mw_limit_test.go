package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// slowStore holds every Query until release is closed.
type slowStore struct {
	*store.DB
	started chan struct{}
	release chan struct{}
}

func (s slowStore) Query(ctx context.Context, f incident.Filter, limit int, cursor string) (*store.Page, error) {
	s.started <- struct{}{}
	<-s.release
	return s.DB.Query(ctx, f, limit, cursor)
}

// TestLimitExpensive: with every search slot taken, one more search is 503
// with Retry-After and a JSON body, while a cheap read still answers; once
// a slot frees, searches run again.
func TestLimitExpensive(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 20, 3)
	slow := slowStore{DB: env.db, started: make(chan struct{}, 4), release: make(chan struct{})}
	env.srv = New(Options{Store: slow, Gazetteer: testGazetteer(t), Static: testStatic, MaxExpensive: 2, ExpensiveWait: 20 * time.Millisecond})
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			if rec := env.get(t, "/api/incidents?q=attack&limit="+strconv.Itoa(i+1)); rec.Code != http.StatusOK {
				t.Errorf("held search: %d %s", rec.Code, rec.Body)
			}
		})
	}
	<-slow.started
	<-slow.started
	rec := env.get(t, "/api/incidents?q=attack")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("third search: %d (Retry-After %q), want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if e := errorOf(t, rec); e.Error == "" {
		t.Error("503 without a message")
	}
	if rec := env.get(t, "/api/incidents.csv"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("download while full: %d, want 503", rec.Code)
	}
	if rec := env.get(t, "/api/stats"); rec.Code != http.StatusOK {
		t.Errorf("cheap read while searches are full: %d", rec.Code)
	}
	close(slow.release)
	wg.Wait()
	if rec := env.get(t, "/api/incidents?q=attack"); rec.Code != http.StatusOK {
		t.Errorf("search after the slots freed: %d", rec.Code)
	}
}
