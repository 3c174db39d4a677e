package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store/internal/pointindex"
)

// Page is one page of a query (incident.Page).
type Page = incident.Page

// cellZoom is the zoom of the spatial index cells (web mercator tiles):
// about 600 m across in Balochistan.
const cellZoom = 16

// cellKey is the quadkey of a point's tile at cellZoom (geo has the tile
// maths).
func cellKey(lon, lat float64) uint32 {
	x, y := geo.PointTile(lon, lat, cellZoom)
	return geo.Quadkey(x, y, cellZoom)
}

// idxCellZoom is the zoom of the idx_cell keys (about 2.4 km across here):
// each key lists the incidents of one tile, so a narrow box reads a few
// short lists, and the index holds a few thousand keys, not one per point.
const idxCellZoom = 14

const idxCellShift = 2 * (cellZoom - idxCellZoom)

// idxCell is the idx_cell key of a point: its z16 quadkey cut to idxCellZoom.
func idxCell(lon, lat float64) uint32 { return cellKey(lon, lat) >> idxCellShift }

// cellRanges covers a bound with at most about 16 key ranges of the spatial
// index: the tiles at the zoom where the bound spans at most 4x4 tiles.
func cellRanges(b orb.Bound) [][2]uint32 {
	x0, y0 := geo.PointTile(b.Min[0], b.Max[1], cellZoom)
	x1, y1 := geo.PointTile(b.Max[0], b.Min[1], cellZoom)
	shift := uint(0)
	for (x1>>shift)-(x0>>shift) > 3 || (y1>>shift)-(y0>>shift) > 3 {
		shift++
	}
	var out [][2]uint32
	for y := y0 >> shift; y <= y1>>shift; y++ {
		for x := x0 >> shift; x <= x1>>shift; x++ {
			lo := geo.Quadkey(x<<shift, y<<shift, cellZoom)
			hi := lo + (uint32(1)<<(2*shift) - 1)
			if n := len(out); n > 0 && out[n-1][1]+1 == lo {
				out[n-1][1] = hi
				continue
			}
			out = append(out, [2]uint32{lo, hi})
		}
	}
	slices.SortFunc(out, func(a, b [2]uint32) int { return cmp.Compare(a[0], b[0]) })
	return out
}

// Query plans.
const (
	planDate = iota
	planActor
	planDistrict
	planSeries
	planCell
	planScan // the point index, sorted: a read-only store with deferred index entries
)

var planNames = [...]string{"date", "actor+date", "district+date", "series+date", "spatial", "scan"}

type plan struct {
	kind     int
	prefixes []string // values of the indexed field (actor, district or series ids)
	est      float64
}

// choosePlan picks the index expected to yield the fewest candidates, from
// the point index's counts per actor, district, series, day and grid cell.
// Callers hold db.mu for reading.
func (db *DB) choosePlan(f *incident.Filter, lo, hi uint32) plan {
	p := db.pix
	counts := p.Counts()
	days := 0
	if lo == 0 && hi == math.MaxUint32 {
		days = p.Live()
	} else {
		for d, n := range counts.ByDay {
			if d >= lo && d <= hi {
				days += n
			}
		}
	}
	frac := 1.0
	if p.Live() > 0 {
		frac = float64(days) / float64(p.Live())
	}
	best := plan{kind: planDate, est: float64(days)}
	consider := func(kind int, ids []string, counts map[string]int) {
		if len(ids) == 0 {
			return
		}
		ids = slices.Clone(ids)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		n := 0
		for _, id := range ids {
			n += counts[id]
		}
		if e := float64(n) * frac; e < best.est {
			best = plan{kind: kind, prefixes: ids, est: e}
		}
	}
	consider(planActor, f.Claimants, counts.ByActor)
	consider(planDistrict, f.Districts, counts.ByDistrict)
	consider(planSeries, f.Series, counts.BySeries)
	if f.BBox != nil {
		// The spatial plan must sort its candidates, so it wins only
		// when clearly smaller.
		if e := float64(p.EstimateBound(*f.BBox)); e*2 < best.est {
			best = plan{kind: planCell, est: e}
		}
	}
	return best
}

// dateBounds turns the filter's dates into index bounds: an incident whose
// start date precedes From can still overlap it by up to maxSpan days.
func (db *DB) dateBounds(f *incident.Filter) (lo, hi uint32) {
	lo, hi = 0, math.MaxUint32
	if f.To != "" {
		if hi = pointindex.DateNum(f.To); hi == 0 {
			hi = pointindex.LexDate(f.To)
		}
	}
	if f.From != "" {
		if t, err := incident.ParseDate(f.From); err == nil {
			lo = pointindex.DateNum(t.AddDate(0, 0, -db.pix.MaxSpan()).Format(time.DateOnly))
		} else {
			lo = pointindex.LexDate(f.From)
			lo -= min(lo, uint32(db.pix.MaxSpan()/365+1)*10000)
		}
	}
	return lo, hi
}

// cursor is a position in the order date descending, id ascending: the
// next page starts after it.
type cursor struct {
	date uint32
	id   string
}

func (c cursor) encode() string {
	b := binary.BigEndian.AppendUint32([]byte{1}, c.date)
	return base64.RawURLEncoding.EncodeToString(append(b, c.id...))
}

func parseCursor(s string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 6 || b[0] != 1 {
		return nil, fmt.Errorf("%w: %q", ErrBadCursor, s)
	}
	c := &cursor{date: binary.BigEndian.Uint32(b[1:5]), id: string(b[5:])}
	if c.date == 0 {
		return nil, fmt.Errorf("%w: %q", ErrBadCursor, s)
	}
	return c, nil
}

// after reports whether (date, id) comes after the cursor in query order.
func (c *cursor) after(date uint32, id string) bool {
	if c == nil {
		return true
	}
	return date < c.date || date == c.date && id > c.id
}

// cand is a candidate incident: its slot in the point index.
type cand struct {
	slot uint32
	date uint32
	id   string
}

// decode reads and decodes c's record from the incidents bucket inc.
func (c cand) decode(inc *bolt.Bucket) (*incident.Incident, error) {
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], uint64(c.slot)+1)
	_, _, in, err := decodeRecord(inc.Get(key[:]))
	if err != nil {
		return nil, fmt.Errorf("incident %s: %w", c.id, err)
	}
	return in, nil
}

// iterate visits the incidents matching f in query order, starting after
// cur, inside one read transaction under the read lock. Candidates come
// from the chosen index and are checked against the point index (every
// condition, Text too); a record is decoded only when fn calls load.
// fn sees the chosen plan in *pl; it returns false to stop.
func (db *DB) iterate(ctx context.Context, f *incident.Filter, cur *cursor, pl *plan,
	fn func(c cand, load func() *incident.Incident) bool) error {
	return db.iterateThen(ctx, f, cur, pl, fn, nil)
}

// iterateThen is iterate, then after (if not nil) in the same transaction
// and under the same read lock.
func (db *DB) iterateThen(ctx context.Context, f *incident.Filter, cur *cursor, pl *plan,
	fn func(c cand, load func() *incident.Incident) bool, after func(tx *bolt.Tx) error) error {
	if err := db.ensureIndexed(); err != nil {
		return err
	}
	defer db.mu.RUnlock()
	m := db.pix.Compile(f)
	if m.None() {
		return nil
	}
	lo, hi := db.dateBounds(f)
	if cur != nil && cur.date < hi {
		hi = cur.date
	}
	*pl = db.choosePlan(f, lo, hi)
	if db.pendingIndex() { // read-only, and a bulk write was never flushed
		*pl = plan{kind: planScan, est: float64(db.pix.Live())}
	}
	return db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.iterateTx(ctx, tx, f, cur, *pl, m, lo, hi, fn); err != nil || after == nil {
			return err
		}
		return after(tx)
	})
}

// iterateTx is iterate's walk, in tx: plan pl, compiled filter m, dates
// lo to hi.
func (db *DB) iterateTx(ctx context.Context, tx *bolt.Tx, f *incident.Filter, cur *cursor, pl plan, m *pointindex.Matcher,
	lo, hi uint32, fn func(c cand, load func() *incident.Incident) bool) error {
	inc := tx.Bucket(bktIncidents)
	var loadErr error
	decode := func(c cand) *incident.Incident {
		x, err := c.decode(inc)
		if err != nil && loadErr == nil {
			loadErr = err
		}
		return x
	}
	// emit hands one day's candidates (or all of the spatial plan's),
	// already in order, to fn.
	emit := func(cs []cand) (bool, error) {
		for _, c := range cs {
			if !cur.after(c.date, c.id) {
				continue
			}
			var in *incident.Incident
			load := func() *incident.Incident {
				if in == nil {
					in = decode(c)
				}
				return in
			}
			if !fn(c, load) || loadErr != nil {
				return false, loadErr
			}
		}
		return true, nil
	}
	switch pl.kind {
	case planCell:
		return db.iterateCells(ctx, tx, m, *f.BBox, emit)
	case planScan:
		var cs []cand
		err := db.pix.Scan(ctx, m, nil, func(slot uint32) bool {
			cs = db.candidateFast(m, uint64(slot)+1, cs)
			return true
		})
		if err != nil {
			return err
		}
		sortCands(cs)
		_, err = emit(cs)
		return err
	}
	return db.iterateDates(ctx, tx, pl, m, lo, hi, emit)
}

func (db *DB) candidate(m *pointindex.Matcher, seq uint64, group []cand) []cand {
	slot := uint32(seq - 1)
	if seq == 0 || int(slot) >= db.pix.Slots() || !m.Match(slot) {
		return group
	}
	for _, c := range group { // one incident under two of the claimants
		if c.slot == slot {
			return group
		}
	}
	date, id := db.pix.DateID(slot)
	return append(group, cand{slot: slot, date: date, id: id})
}

func sortCands(cs []cand) {
	slices.SortFunc(cs, func(a, b cand) int {
		if a.date != b.date {
			return cmp.Compare(b.date, a.date)
		}
		return strings.Compare(a.id, b.id)
	})
}

func (db *DB) iterateCells(ctx context.Context, tx *bolt.Tx, m *pointindex.Matcher, b orb.Bound,
	emit func([]cand) (bool, error)) error {
	var cs []cand
	c := tx.Bucket(bktCell).Cursor()
	var from [4]byte
	visit := func(seq uint64) bool {
		db.visited.Add(1)
		cs = db.candidateFast(m, seq, cs)
		return true
	}
	for _, r := range idxCellRanges(b) {
		binary.BigEndian.PutUint32(from[:], r[0])
		for k, v := c.Seek(from[:]); len(k) == 4 && binary.BigEndian.Uint32(k) <= r[1]; k, v = c.Next() {
			if err := eachSeq(v, visit); err != nil {
				return err
			}
		}
		if err := checkCtx(ctx); err != nil {
			return err
		}
	}
	sortCands(cs)
	_, err := emit(cs)
	return err
}

// candidateFast is candidate without the duplicate check: the spatial index
// lists each incident once.
func (db *DB) candidateFast(m *pointindex.Matcher, seq uint64, cs []cand) []cand {
	slot := uint32(seq - 1)
	if seq == 0 || int(slot) >= db.pix.Slots() || !m.Match(slot) {
		return cs
	}
	date, id := db.pix.DateID(slot)
	return append(cs, cand{slot: slot, date: date, id: id})
}

// idxCellRanges covers a bound with key ranges of idx_cell.
func idxCellRanges(b orb.Bound) [][2]uint32 {
	var out [][2]uint32
	for _, r := range cellRanges(b) {
		lo, hi := r[0]>>idxCellShift, r[1]>>idxCellShift
		if n := len(out); n > 0 && lo <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], hi)
			continue
		}
		out = append(out, [2]uint32{lo, hi})
	}
	return out
}

// stream walks one prefix of a date-keyed index backwards from hi to lo:
// one key, holding the day's list of seqs, per day.
type stream struct {
	c      *bolt.Cursor
	prefix []byte
	k, v   []byte
	lo     uint32
}

func (s *stream) check() {
	if s.k == nil || !bytes.HasPrefix(s.k, s.prefix) || len(s.k) != len(s.prefix)+4 {
		s.k = nil
		return
	}
	if binary.BigEndian.Uint32(s.k[len(s.prefix):]) < s.lo {
		s.k = nil
	}
}

func (s *stream) date() uint32 { return binary.BigEndian.Uint32(s.k[len(s.prefix):]) }
func (s *stream) next()        { s.k, s.v = s.c.Prev(); s.check() }

func (db *DB) iterateDates(ctx context.Context, tx *bolt.Tx, pl plan, m *pointindex.Matcher, lo, hi uint32,
	emit func([]cand) (bool, error)) error {
	var bkt []byte
	prefixes := [][]byte{nil}
	switch pl.kind {
	case planDate:
		bkt = bktDate
	case planActor, planDistrict, planSeries:
		bkt = [...][]byte{planActor: bktActor, planDistrict: bktDistrict, planSeries: bktSeriesIdx}[pl.kind]
		prefixes = prefixes[:0]
		for _, p := range pl.prefixes {
			prefixes = append(prefixes, append([]byte(p), 0))
		}
	}
	b := tx.Bucket(bkt)
	var streams []*stream
	for _, p := range prefixes {
		s := &stream{c: b.Cursor(), prefix: p, lo: lo}
		start := append(slices.Clone(p), 0, 0, 0, 0)
		if hi != math.MaxUint32 {
			binary.BigEndian.PutUint32(start[len(p):], hi+1)
		} else {
			// past every date under this prefix
			start = append(slices.Clone(p), 0xff, 0xff, 0xff, 0xff, 0xff)
		}
		if k, _ := s.c.Seek(start); k == nil {
			s.k, s.v = s.c.Last()
		} else {
			s.k, s.v = s.c.Prev()
		}
		s.check()
		streams = append(streams, s)
	}
	var group []cand
	n := 0
	for {
		// the latest date among the streams
		var day uint32
		found := false
		for _, s := range streams {
			if s.k != nil && (!found || s.date() > day) {
				day, found = s.date(), true
			}
		}
		if !found {
			return nil
		}
		group = group[:0]
		for _, s := range streams {
			for s.k != nil && s.date() == day {
				err := eachSeq(s.v, func(seq uint64) bool {
					db.visited.Add(1)
					n++
					if len(streams) == 1 {
						group = db.candidateFast(m, seq, group)
					} else {
						group = db.candidate(m, seq, group)
					}
					return true
				})
				if err != nil {
					return err
				}
				s.next()
			}
		}
		if n > 1<<14 {
			n = 0
			if err := checkCtx(ctx); err != nil {
				return err
			}
		}
		sortCands(group)
		if ok, err := emit(group); !ok || err != nil {
			return err
		}
	}
}

// Query returns one page of the incidents matching f, ordered by date
// descending, then id. limit <= 0 means 100. cursor is "" for the first page,
// else a Page.Next from the same filter; a malformed cursor gives an error
// wrapping ErrBadCursor. Paging is stable under concurrent writes: a page
// starts strictly after the last incident of the previous one.
func (db *DB) Query(ctx context.Context, f incident.Filter, limit int, cursorStr string) (*Page, error) {
	return db.query(ctx, f, limit, cursorStr, true)
}

func (db *DB) query(ctx context.Context, f incident.Filter, limit int, cursorStr string, count bool) (*Page, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	cur, err := parseCursor(cursorStr)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 100
	}
	page := &Page{Incidents: []*incident.Incident{}}
	var last cand
	var pl plan
	more := false
	// Past the page, keep walking the index to count when the plan is
	// selective; otherwise the point index counts faster.
	countAlong := func() bool { return count && pl.est < float64(db.pix.Live())/4 }
	// The walk only picks the page's incidents; they are decoded after it,
	// on every core for a large page.
	var picked []cand
	n := 0
	err = db.iterateThen(ctx, &f, cur, &pl, func(c cand, load func() *incident.Incident) bool {
		if n == limit {
			more = true
			if !countAlong() {
				return false
			}
			page.Matched++
			return true
		}
		picked = append(picked, c)
		n++
		page.Matched++
		last = c
		return true
	}, func(tx *bolt.Tx) error {
		if len(picked) == 0 {
			return nil
		}
		page.Incidents = make([]*incident.Incident, len(picked))
		return db.decodeAll(tx, picked, page.Incidents)
	})
	if err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	if more {
		page.Next = cursor{date: last.date, id: last.id}.encode()
	}
	if count && (cur != nil || more && !countAlong()) {
		// Counted only from the cursor on, or not to the end.
		n, err := db.Count(ctx, f)
		if err != nil {
			return nil, err
		}
		page.Matched = n
	}
	return page, nil
}

// decodePart is the fewest incidents decodeAll gives a core of its own.
const decodePart = 256

// decodeAll decodes the incidents of cs into out: in tx, and for a large
// page also in one more read transaction per further core. The caller
// holds the read lock, so no write commits in between and every
// transaction sees the same data (every write transaction holds the write
// lock; see updateOther).
func (db *DB) decodeAll(tx *bolt.Tx, cs []cand, out []*incident.Incident) error {
	part := func(tx *bolt.Tx, lo, hi int) error {
		inc := tx.Bucket(bktIncidents)
		for i := lo; i < hi; i++ {
			in, err := cs[i].decode(inc)
			if err != nil {
				return err
			}
			out[i] = in
		}
		return nil
	}
	p := min(runtime.GOMAXPROCS(0), len(cs)/decodePart)
	if p <= 1 {
		return part(tx, 0, len(cs))
	}
	step := (len(cs) + p - 1) / p
	errs := make([]error, p)
	var wg sync.WaitGroup
	for w := 1; w < p; w++ {
		wg.Go(func() {
			errs[w] = db.bolt.View(func(tx *bolt.Tx) error { return part(tx, w*step, min((w+1)*step, len(cs))) })
		})
	}
	errs[0] = part(tx, 0, step)
	wg.Wait()
	return errors.Join(errs...)
}

// Each calls fn for every incident matching f, in Query order. It reads in
// pages, each in its own short transaction, so it never holds all incidents
// in memory nor blocks writers for long; an incident written meanwhile
// appears if it sorts after the current position. fn's error stops the
// iteration and is returned.
//
// A writable store walks in pages of 1000, each in its own read
// transaction, so that writes wait at most a page. A read-only store (no
// writer can come) walks once: when a bulk write was never flushed (a
// process killed after an import) every page would otherwise scan and sort
// the whole point index again, which made an export of a million incidents
// take minutes instead of seconds.
func (db *DB) Each(ctx context.Context, f incident.Filter, fn func(*incident.Incident) error) error {
	if db.readOnly {
		return db.eachOnce(ctx, f, fn)
	}
	cur := ""
	for {
		p, err := db.query(ctx, f, 1000, cur, false)
		if err != nil {
			return err
		}
		for _, in := range p.Incidents {
			if err := fn(in); err != nil {
				return err
			}
		}
		if p.Next == "" {
			return nil
		}
		cur = p.Next
	}
}

// eachOnce is Each in one walk, in one read transaction.
func (db *DB) eachOnce(ctx context.Context, f incident.Filter, fn func(*incident.Incident) error) error {
	var pl plan
	var fnErr error
	err := db.iterate(ctx, &f, nil, &pl, func(_ cand, load func() *incident.Incident) bool {
		in := load()
		if in == nil {
			return false // the decoding error is iterate's
		}
		fnErr = fn(in)
		return fnErr == nil
	})
	if err != nil {
		return fmt.Errorf("store: each: %w", err)
	}
	return fnErr
}

// Count returns the number of incidents matching f. It reads only the
// point index.
func (db *DB) Count(ctx context.Context, f incident.Filter) (int, error) {
	if err := checkCtx(ctx); err != nil {
		return 0, err
	}
	if err := db.readLock(); err != nil {
		return 0, err
	}
	defer db.mu.RUnlock()
	n := 0
	err := db.pix.Scan(ctx, db.pix.Compile(&f), nil, func(uint32) bool { n++; return true })
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// Agg and Aggregates are the domain's aggregate types (package incident).
type (
	Agg        = incident.Agg
	Aggregates = incident.Aggregates
)

// Aggregate counts the incidents matching f per district (with killed sums),
// per actor, per type and per month and primary actor, from the point index.
func (db *DB) Aggregate(ctx context.Context, f incident.Filter) (*Aggregates, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	if err := db.readLock(); err != nil {
		return nil, err
	}
	defer db.mu.RUnlock()
	a, err := db.pix.Aggregate(ctx, &f)
	if err != nil {
		return nil, fmt.Errorf("store: aggregate: %w", err)
	}
	return a, nil
}
