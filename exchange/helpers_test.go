package exchange

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/geotest"
	"github.com/incidentmap/incidentmap/incident"
)

func mustGazetteer(tb testing.TB) *geo.Gazetteer {
	tb.Helper()
	return geotest.Gazetteer(tb)
}

// memSink is an in-memory Sink with the store's write rules: identical
// content is unchanged, anything else a new revision.
type memSink struct {
	mu      sync.Mutex
	byID    map[string]*incident.Incident
	series  map[string]*incident.Series
	batches int
	fail    error
}

func newMemSink() *memSink {
	return &memSink{byID: map[string]*incident.Incident{}, series: map[string]*incident.Series{}}
}

func content(in *incident.Incident) string {
	c := *in
	c.Created, c.Updated, c.Revision, c.UpdatedBy = time.Time{}, time.Time{}, 0, ""
	b, _ := json.Marshal(c)
	return string(b)
}

func (m *memSink) PutBatch(_ context.Context, ins []*incident.Incident, who string) (incident.BatchResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return incident.BatchResult{}, m.fail
	}
	var c incident.BatchResult
	for _, in := range ins {
		in.Normalize()
		if err := in.Validate(); err != nil {
			return incident.BatchResult{}, err
		}
		old, ok := m.byID[in.ID]
		switch {
		case !ok:
			c.Created++
			cp := *in
			cp.Revision = 1
			m.byID[in.ID] = &cp
		case content(old) == content(in):
			c.Unchanged++
		default:
			c.Updated++
			cp := *in
			cp.Revision = old.Revision + 1
			m.byID[in.ID] = &cp
		}
	}
	m.batches++
	return c, nil
}

func (m *memSink) PutSeries(_ context.Context, s *incident.Series, who string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := s.Validate(); err != nil {
		return err
	}
	cp := *s
	m.series[s.ID] = &cp
	return nil
}

// all returns the incidents sorted by id.
func (m *memSink) all() []*incident.Incident {
	out := make([]*incident.Incident, 0, len(m.byID))
	for _, in := range m.byID {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (m *memSink) lookup(id string) (*incident.Incident, bool) { in, ok := m.byID[id]; return in, ok }

func (m *memSink) seriesFn(id string) (*incident.Series, bool) { s, ok := m.series[id]; return s, ok }

func sameIncidents(t *testing.T, got, want []*incident.Incident) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d incidents, want %d", len(got), len(want))
	}
	for i := range got {
		if content(got[i]) != content(want[i]) {
			t.Errorf("incident %s differs:\n got %s\nwant %s", want[i].ID, content(got[i]), content(want[i]))
		}
	}
}

func sameSeries(t *testing.T, got, want map[string]*incident.Series) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Errorf("series differ:\n got %s\nwant %s", gb, wb)
	}
}
