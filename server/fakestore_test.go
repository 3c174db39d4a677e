package server

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// fakeStore is an in-memory Store for handler tests: the handlers' view of
// a database with none of bbolt, and with errors to inject. It keeps the
// Store contract the handlers rely on (published filter, query order
// date descending then id ascending, revisions, tombstones) and nothing
// more: no indexes, no staging, no durability.
type fakeStore struct {
	mu      sync.Mutex
	version uint64
	byID    map[string]*fakeEntry
	series  map[string]*incident.Series
	tokens  map[string]string        // secret -> name
	roles   map[string]incident.Role // name -> role; publisher when absent

	// err, when set, is returned by every call (a full disk, a failing
	// file), wrapped as the store wraps its errors.
	err error
}

type fakeEntry struct {
	in      *incident.Incident // nil once deleted
	history []incident.Revision
}

func newFakeStore() *fakeStore {
	return &fakeStore{byID: map[string]*fakeEntry{}, series: map[string]*incident.Series{}, tokens: map[string]string{}}
}

var _ Store = (*fakeStore)(nil)

// newFakeEnv is a server over a fake store, with the test gazetteer and
// one write token.
func newFakeEnv(tb testing.TB, opt Options) (*Server, *fakeStore, string) {
	tb.Helper()
	fs := newFakeStore()
	opt.Gazetteer = testGazetteer(tb)
	fs.tokens["fake-secret"] = "tester"
	opt.Store = fs
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Static == nil {
		opt.Static = testStatic
	}
	return New(opt), fs, "fake-secret"
}

func (f *fakeStore) fail(op string) error {
	if f.err != nil {
		return fmt.Errorf("fake store: %s: %w", op, f.err)
	}
	return nil
}

func (f *fakeStore) Version() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version
}

func (f *fakeStore) Get(ctx context.Context, id string) (*incident.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("get"); err != nil {
		return nil, err
	}
	e, ok := f.byID[id]
	switch {
	case !ok:
		return nil, fmt.Errorf("fake store: get %s: %w", id, incident.ErrNotFound)
	case e.in == nil:
		return nil, fmt.Errorf("fake store: get %s: %w", id, incident.ErrDeleted)
	}
	c := *e.in
	return &c, nil
}

func (f *fakeStore) putLocked(in *incident.Incident, who string, now time.Time) (*incident.Incident, incident.Change, error) {
	c := *in
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, 0, fmt.Errorf("fake store: put %s: %w", c.ID, err)
	}
	e := f.byID[c.ID]
	ch := incident.Created
	if e == nil {
		e = &fakeEntry{}
		f.byID[c.ID] = e
		c.Created = now
	} else {
		ch = incident.Updated
		if e.in != nil {
			c.Created = e.in.Created
		}
	}
	c.Revision, c.Updated = len(e.history)+1, now
	e.in = &c
	action := "create"
	if ch == incident.Updated {
		action = "update"
	}
	e.history = append(e.history, incident.Revision{Revision: c.Revision, Time: now, Who: who, Action: action, Incident: &c})
	f.version++
	out := c
	return &out, ch, nil
}

func (f *fakeStore) Put(ctx context.Context, in *incident.Incident, who string) (*incident.Incident, incident.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("put"); err != nil {
		return nil, 0, err
	}
	return f.putLocked(in, who, time.Now().UTC())
}

func (f *fakeStore) PutBatch(ctx context.Context, ins []*incident.Incident, who string) (incident.BatchResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var r incident.BatchResult
	if err := f.fail("put batch"); err != nil {
		return r, err
	}
	for _, in := range ins { // all or nothing, as the store
		c := *in
		c.Normalize()
		if err := c.Validate(); err != nil {
			return r, fmt.Errorf("fake store: put batch: %s: %w", c.ID, err)
		}
	}
	now := time.Now().UTC()
	for _, in := range ins {
		_, ch, err := f.putLocked(in, who, now)
		if err != nil {
			return r, err
		}
		if ch == incident.Created {
			r.Created++
		} else {
			r.Updated++
		}
	}
	return r, nil
}

func (f *fakeStore) Delete(ctx context.Context, id, who string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("delete"); err != nil {
		return err
	}
	e, ok := f.byID[id]
	if !ok || e.in == nil {
		return fmt.Errorf("fake store: delete %s: %w", id, incident.ErrNotFound)
	}
	e.in = nil
	e.history = append(e.history, incident.Revision{Revision: len(e.history) + 1, Time: time.Now().UTC(), Who: who, Action: "delete"})
	f.version++
	return nil
}

func (f *fakeStore) History(ctx context.Context, id string) ([]incident.Revision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("history"); err != nil {
		return nil, err
	}
	e, ok := f.byID[id]
	if !ok {
		return nil, fmt.Errorf("fake store: history %s: %w", id, incident.ErrNotFound)
	}
	return slices.Clone(e.history), nil
}

// matching returns the live incidents f selects, in query order.
func (f *fakeStore) matching(flt *incident.Filter) []*incident.Incident {
	var out []*incident.Incident
	for _, e := range f.byID {
		if e.in != nil && flt.Match(e.in) {
			out = append(out, e.in)
		}
	}
	slices.SortFunc(out, func(a, b *incident.Incident) int {
		return cmp.Or(strings.Compare(b.Date, a.Date), strings.Compare(a.ID, b.ID))
	})
	return out
}

// Query pages with a cursor that is the offset in decimal, prefixed so
// that the store's cursors and the fake's are told apart.
func (f *fakeStore) Query(ctx context.Context, flt incident.Filter, limit int, cursor string) (*incident.Page, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("query"); err != nil {
		return nil, err
	}
	off := 0
	if cursor != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(cursor, "fake"))
		if err != nil || !strings.HasPrefix(cursor, "fake") || n <= 0 {
			return nil, fmt.Errorf("fake store: query: %w: %q", incident.ErrBadCursor, cursor)
		}
		off = n
	}
	all := f.matching(&flt)
	p := &incident.Page{Matched: len(all)}
	if off < len(all) {
		end := min(off+limit, len(all))
		p.Incidents = all[off:end]
		if end < len(all) {
			p.Next = "fake" + strconv.Itoa(end)
		}
	}
	return p, nil
}

func (f *fakeStore) Each(ctx context.Context, flt incident.Filter, fn func(*incident.Incident) error) error {
	f.mu.Lock()
	all, err := f.matching(&flt), f.fail("each")
	f.mu.Unlock()
	if err != nil {
		return err
	}
	for _, in := range all {
		if err := fn(in); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) Count(ctx context.Context, flt incident.Filter) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("count"); err != nil {
		return 0, err
	}
	return len(f.matching(&flt)), nil
}

func (f *fakeStore) Aggregate(ctx context.Context, flt incident.Filter) (*incident.Aggregates, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("aggregate"); err != nil {
		return nil, err
	}
	a := &incident.Aggregates{ByDistrict: map[string]incident.Agg{}, ByActor: map[string]int{},
		ByType: map[incident.Type]int{}, ByMonth: map[string]map[string]int{}}
	for _, in := range f.matching(&flt) {
		a.Total++
		k := incident.DeriveKilled(in.Claims)
		d := a.ByDistrict[in.Location.DistrictID]
		d.Count++
		d.Killed.Low, d.Killed.Best, d.Killed.High = d.Killed.Low+k.Low, d.Killed.Best+k.Best, d.Killed.High+k.High
		a.ByDistrict[in.Location.DistrictID] = d
		for _, act := range in.Actors() {
			a.ByActor[act]++
		}
		a.ByType[in.Type]++
		m := in.Date[:7]
		if a.ByMonth[m] == nil {
			a.ByMonth[m] = map[string]int{}
		}
		a.ByMonth[m][in.PrimaryActor()]++
	}
	return a, nil
}

func (f *fakeStore) GetSeries(ctx context.Context, id string) (*incident.Series, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.series[id]
	if !ok {
		return nil, fmt.Errorf("fake store: series %s: %w", id, incident.ErrNotFound)
	}
	c := *s
	return &c, nil
}

func (f *fakeStore) ListSeries(ctx context.Context) ([]*incident.Series, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("list series"); err != nil {
		return nil, err
	}
	var out []*incident.Series
	for _, s := range f.series {
		c := *s
		out = append(out, &c)
	}
	slices.SortFunc(out, func(a, b *incident.Series) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (f *fakeStore) PutSeries(ctx context.Context, s *incident.Series, who string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("put series"); err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("fake store: put series %s: %w", s.ID, err)
	}
	c := *s
	f.series[s.ID] = &c
	f.version++
	return nil
}

func (f *fakeStore) Authenticate(ctx context.Context, secret string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	name, ok := f.tokens[secret]
	if !ok {
		return "", incident.ErrUnauthorized
	}
	return name, nil
}

func (f *fakeStore) Points(ctx context.Context, flt incident.Filter, b orb.Bound, fn func(p *incident.Point) bool) error {
	f.mu.Lock()
	all, err := f.matching(&flt), f.fail("points")
	f.mu.Unlock()
	if err != nil {
		return err
	}
	for _, in := range all {
		loc := &in.Location
		if !b.Contains(orb.Point{loc.Lon, loc.Lat}) {
			continue
		}
		p := incident.Point{Seq: fakeSeq(in.ID), ID: in.ID, Lon: loc.Lon, Lat: loc.Lat, MercY: geo.MercatorY(loc.Lat),
			Date: in.Date, EndDate: in.EndDate, Primary: in.PrimaryActor(), Actors: in.Actors(),
			Claimants: strings.Join(in.Actors(), ","), Type: in.Type, Status: in.Verification(),
			DistrictID: loc.DistrictID, Country: loc.Country, Admin1: loc.Admin1, Precision: loc.Precision,
			Killed: incident.DeriveKilled(in.Claims), Title: in.Title, Published: in.Published()}
		if !fn(&p) {
			return nil
		}
	}
	return nil
}

// fakeSeq is a stable non-zero internal id from the public id.
func fakeSeq(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * 1099511628211
	}
	return h | 1
}

// Backup writes the incidents as JSON: not a bbolt file, but enough for a
// handler test to see the bytes arrive.
func (f *fakeStore) Backup(ctx context.Context, w io.Writer) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail("backup"); err != nil {
		return 0, err
	}
	b, err := json.Marshal(f.byID)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}
