package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

// The domain types of writes and history, declared in package incident.
type (
	Change      = incident.Change
	BatchResult = incident.BatchResult
	Revision    = incident.Revision
)

// Changes reported by Put.
const (
	Unchanged = incident.Unchanged
	Created   = incident.Created
	Updated   = incident.Updated
)

// pending collects one transaction's writes so that each bucket receives its
// keys in sorted order: bbolt appends sorted keys cheaply, while random
// inserts into a large uncommitted node cost a copy each.
type pending struct {
	ids   []kv
	index postings // changes to the secondary index lists
	pix   []pixOp
	// w is the index watermark when the transaction began: incidents with
	// seq > w have deferred index entries (see index.go).
	w uint64
	// indexNew: index the incidents this transaction creates now, and move
	// the watermark past them (a small write with nothing pending).
	indexNew bool
	created  bool
	arena    recArena // records encoded in this transaction
	keys     []byte   // bytes of the keys and small values put in this transaction
	idCur    *bolt.Cursor
}

// hold copies b into the transaction's key arena: bbolt keeps the key and
// value slices it is given until the commit.
func (p *pending) hold(b []byte) []byte { return holdIn(p, b) }

// holdString is hold for a string.
func (p *pending) holdString(s string) []byte { return holdIn(p, s) }

func holdIn[B ~[]byte | ~string](p *pending, b B) []byte {
	if cap(p.keys)-len(p.keys) < len(b) {
		p.keys = make([]byte, 0, max(64<<10, len(b)))
	}
	start := len(p.keys)
	p.keys = append(p.keys, b...)
	return p.keys[start:len(p.keys):len(p.keys)]
}

func (p *pending) u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return p.hold(b[:])
}

// lookupID finds an id's seq in the ids bucket with one cursor per
// transaction.
func (p *pending) lookupID(tx *bolt.Tx, id []byte) []byte {
	if p.idCur == nil {
		p.idCur = tx.Bucket(bktIDs).Cursor()
	}
	k, v := p.idCur.Seek(id)
	if !bytes.Equal(k, id) {
		return nil
	}
	return v
}

// record encodes in into the transaction's arena.
func (p *pending) record(flags, action byte, in *incident.Incident) []byte {
	rec, _ := p.arena.encode(flags, action, in)
	return rec
}

// recArena holds encoded records in large shared chunks: bbolt keeps the
// value slices it is given until the commit, so each record needs its own
// bytes, but not its own allocation.
type recArena struct{ b []byte }

// encode appends the record form of in and returns it with the length of
// its content part (see contentLen).
func (a *recArena) encode(flags, action byte, in *incident.Incident) (rec []byte, content int) {
	return a.encodeAs(flags, action, in, bookOf(in))
}

// encodeAs is encode with the bookkeeping fields given apart from in.
func (a *recArena) encodeAs(flags, action byte, in *incident.Incident, bk book) (rec []byte, content int) {
	if cap(a.b)-len(a.b) < 4096 {
		a.b = make([]byte, 0, 1<<20)
	}
	start := len(a.b)
	a.b = encodeContent(a.b, flags, action, in)
	content = len(a.b) - start
	a.b = bk.append(a.b)
	return a.b[start:len(a.b):len(a.b)], content
}

// staged is an incident ready to write: its normalized, valid content,
// and its record encoded as created. Staging runs before the write lock is
// taken (on every core for a large batch); an update re-encodes with the
// stored Created and Revision.
type staged struct {
	// in is the content: a normalized copy carrying the bookkeeping of a
	// new incident, or (for a batch) the caller's incident itself when it
	// was already normalized, which is never modified.
	in      *incident.Incident
	id      string
	who     string
	now     time.Time
	rec     []byte
	content int // length of rec's content part
}

func stage(in *incident.Incident, who string, now time.Time, a *recArena) (*staged, error) {
	st := new(staged)
	return st, stageInto(st, in, who, now, a, false)
}

// stageInto stages in into st. With share, an incident that Normalize
// would not change is used as it is rather than copied (PutBatch: a
// million-row import copied every incident once more).
func stageInto(st *staged, in *incident.Incident, who string, now time.Time, a *recArena, share bool) error {
	if in == nil {
		return fmt.Errorf("%w: nil incident", incident.ErrInvalid)
	}
	bk := book{created: in.Created, updated: now, rev: 1, who: who}
	if bk.created.IsZero() {
		bk.created = now
	}
	c := in
	if !share || !in.Normalized() {
		c = new(incident.Incident)
		*c = *in
		c.Claims = slices.Clone(in.Claims)
		c.Normalize()
		c.Created, c.Updated, c.Revision, c.UpdatedBy = bk.created, bk.updated, bk.rev, bk.who
	}
	if err := c.Validate(); err != nil {
		return err
	}
	*st = staged{in: c, id: c.ID, who: who, now: now}
	st.rec, st.content = a.encodeAs(0, actCreate, c, bk)
	return nil
}

type kv struct{ k, v []byte }

type pixOp struct {
	seq     uint64
	in      *incident.Incident
	old     *incident.Incident // for an update: the content the text index lists
	deleted bool
}

func newPending() *pending {
	return &pending{index: postings{}}
}

// indexKeys lists the keys of the posting lists that hold an incident.
func indexKeys(in *incident.Incident, add func(bkt []byte, key []byte)) {
	f := factsOf(in)
	f.eachEntry(func(ix ixKind, prefix string, n uint32) {
		var k []byte
		if ix.prefixed() {
			k = make([]byte, 0, len(prefix)+5)
			k = append(append(k, prefix...), 0)
		}
		add(ixBuckets[ix], binary.BigEndian.AppendUint32(k, n))
	})
}

func (p *pending) addIndex(seq uint64, in *incident.Incident) {
	indexKeys(in, func(bkt, key []byte) {
		e := p.index.edit(bkt, key)
		e.add = append(e.add, seq)
	})
}

func (p *pending) deleteIndex(seq uint64, in *incident.Incident) {
	indexKeys(in, func(bkt, key []byte) {
		e := p.index.edit(bkt, key)
		e.del = append(e.del, seq)
	})
}

// flush writes the collected keys bucket by bucket in sorted order.
func (p *pending) flush(tx *bolt.Tx) error {
	slices.SortFunc(p.ids, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
	ids := tx.Bucket(bktIDs)
	ids.FillPercent = 0.9
	for i, e := range p.ids {
		if i > 0 && bytes.Equal(e.k, p.ids[i-1].k) { // created twice in this transaction
			return &repeatedID{id: string(e.k)}
		}
		if err := ids.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return p.index.write(tx)
}

func (db *DB) apply(ops []pixOp, version uint64) {
	if version != 0 {
		db.version.Store(version)
	}
	if db.pix == nil { // not built yet: it will read these from the file
		return
	}
	var top uint64
	bytes := 0
	for _, op := range ops {
		top = max(top, op.seq)
		bytes += len(op.in.ID) + len(op.in.Title)
	}
	db.pix.Grow(top, bytes)
	for _, op := range ops {
		if op.old != nil {
			db.pix.RemoveText(uint32(op.seq-1), op.old)
		}
		db.pix.Set(op.seq, op.in, op.deleted)
	}
}

func revKey(seq uint64, rev int) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 12), seq)
	return binary.BigEndian.AppendUint32(k, uint32(rev))
}

// putOne writes one staged incident. The incident it returns is nil when
// the staged incident kept only its record and wantOld is false.
func (db *DB) putOne(tx *bolt.Tx, p *pending, st *staged, wantOld bool) (*incident.Incident, Change, error) {
	inc := tx.Bucket(bktIncidents)
	// The id's bytes, held for the ids bucket should the incident be new.
	idKey := p.holdString(st.id)
	sb := p.lookupID(tx, idKey)
	if sb == nil {
		seq, err := inc.NextSequence()
		if err != nil {
			return nil, 0, err
		}
		inc.FillPercent = 1 // seqs only grow: pack pages full
		key := p.u64(seq)
		if err := inc.Put(key, st.rec); err != nil {
			return nil, 0, err
		}
		p.ids = append(p.ids, kv{idKey, key})
		p.created = true
		in := st.in
		if p.indexNew {
			p.addIndex(seq, in)
		}
		if db.pix != nil {
			p.pix = append(p.pix, pixOp{seq: seq, in: in})
		}
		return in, Created, nil
	}
	if len(sb) != 8 {
		return nil, 0, fmt.Errorf("%w: id %q maps to %x", errCorrupt, st.id, sb)
	}
	seq := binary.BigEndian.Uint64(sb)
	oldRec := inc.Get(sb)
	if len(oldRec) < 3 {
		return nil, 0, fmt.Errorf("%w: incident %q: %d bytes", errCorrupt, st.id, len(oldRec))
	}
	if oldRec[1]&flagDeleted != 0 {
		return nil, 0, fmt.Errorf("%w: %s was deleted; restore it before changing it", ErrDeleted, st.id)
	}
	// Compare content only, without decoding: the bookkeeping fields
	// (Created, Updated, Revision, UpdatedBy) follow the content, and the
	// action byte (2) is not content. The encoding version (byte 0) is:
	// versions lay out the fields differently.
	if n := st.content; len(oldRec) > n && st.rec[0] == oldRec[0] && bytes.Equal(st.rec[3:n], oldRec[3:n]) {
		if !wantOld {
			return nil, Unchanged, nil
		}
		_, _, old, err := decodeRecord(oldRec)
		return old, Unchanged, err
	}
	_, _, old, err := decodeRecord(oldRec)
	if err != nil {
		return nil, 0, err
	}
	out := *st.in
	out.Created = old.Created
	out.Revision = old.Revision + 1
	out.Updated, out.UpdatedBy = st.now, st.who
	if err := tx.Bucket(bktRevisions).Put(revKey(seq, old.Revision), slices.Clone(oldRec)); err != nil {
		return nil, 0, err
	}
	if seq <= p.w { // else the entries are deferred: Flush derives them
		p.deleteIndex(seq, old)
		p.addIndex(seq, &out)
	}
	if err := inc.Put(u64(seq), p.record(0, actUpdate, &out)); err != nil {
		return nil, 0, err
	}
	if db.pix != nil {
		p.pix = append(p.pix, pixOp{seq: seq, in: &out, old: old})
	}
	return &out, Updated, nil
}

// Put normalizes, validates and stores one incident, creating it or
// replacing its content. Identical content (ignoring Created, Updated,
// Revision and UpdatedBy) returns Unchanged and writes nothing; otherwise the
// revision goes up by one and the previous version stays in History. Putting
// a deleted incident fails with ErrDeleted. The returned incident is as
// stored. Validation errors wrap incident.ErrInvalid and an
// *incident.FieldError.
func (db *DB) Put(ctx context.Context, in *incident.Incident, who string) (*incident.Incident, Change, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, 0, err
	}
	var a recArena
	st, err := stage(in, who, db.now().UTC(), &a)
	if err != nil {
		return nil, 0, fmt.Errorf("store: put %s: %w", idOf(in), err)
	}
	var out *incident.Incident
	var ch Change
	err = db.update(true, func(tx *bolt.Tx, p *pending) (bool, error) {
		var err error
		out, ch, err = db.putOne(tx, p, st, true)
		return ch != Unchanged, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: put %s: %w", st.id, err)
	}
	return out, ch, nil
}

func idOf(in *incident.Incident) string {
	if in == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", in.ID)
}

// update runs fn in a write transaction, flushes its staged keys, bumps the
// data version if fn reports a change, and updates the point index after the
// commit, all under the write lock. small says the write creates at most
// immediateMax incidents: they are indexed at once if nothing is pending;
// otherwise their index entries are deferred to Flush.
func (db *DB) update(small bool, fn func(tx *bolt.Tx, p *pending) (changed bool, err error)) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return fmt.Errorf("store: %s is closed", db.path)
	}
	p := newPending()
	p.w = db.indexed
	var version, indexed, top uint64
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		inc := tx.Bucket(bktIncidents)
		p.indexNew = small && p.w == inc.Sequence()
		changed, err := fn(tx, p)
		if err != nil || !changed {
			return err
		}
		if err := p.flush(tx); err != nil {
			return err
		}
		top = inc.Sequence()
		if p.created && p.indexNew {
			indexed = top
			if err := tx.Bucket(bktMeta).Put(keyIndexed, u64(indexed)); err != nil {
				return err
			}
		}
		version, err = bumpVersion(tx)
		return err
	})
	if err != nil {
		return writeErr(err)
	}
	db.apply(p.pix, version)
	db.top = max(db.top, top)
	if indexed != 0 {
		db.indexed = indexed
	}
	return nil
}

// updateOther runs fn in a write transaction under the write lock, for
// writes that touch no incident (tokens). Every write transaction holds
// the lock: a reader holding it for reading may then open a second read
// transaction (query decodes a large page on every core) without waiting
// behind a writer that is remapping the file.
func (db *DB) updateOther(fn func(tx *bolt.Tx) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return fmt.Errorf("store: %s is closed", db.path)
	}
	return writeErr(db.bolt.Update(fn))
}

// PutBatch stores many incidents in one atomic transaction: either all are
// written or none. Each is treated as by Put. An id repeated within the batch
// is an error (wrapping incident.ErrInvalid), as is a deleted incident
// (ErrDeleted). Errors name the batch position and id.
func (db *DB) PutBatch(ctx context.Context, ins []*incident.Incident, who string) (BatchResult, error) {
	var res BatchResult
	if err := checkCtx(ctx); err != nil {
		return res, err
	}
	now := db.now().UTC()
	prepared, err := stageAll(ins, who, now)
	if err != nil {
		return res, err
	}
	return db.putPrepared(ctx, prepared)
}

// repeatedID is an id created twice in one transaction, found when the
// transaction's ids are sorted.
type repeatedID struct{ id string }

func (e *repeatedID) Error() string { return fmt.Sprintf("id %q created twice", e.id) }

// repeatErr is the error for an id at batch position i that repeats
// position j.
func repeatErr(i, j int, id string) error {
	return fmt.Errorf("incident %d: %w: %w", i, incident.ErrInvalid,
		&incident.FieldError{Field: "id", Msg: fmt.Sprintf("%q repeats incident %d of the batch", id, j)})
}

// putPrepared writes staged incidents in one transaction (PutBatch). An id repeated within the batch fails the transaction: a
// new id repeated shows when the transaction's new ids are sorted, a
// stored one in the map of the stored ids the batch touched.
func (db *DB) putPrepared(ctx context.Context, prepared []*staged) (BatchResult, error) {
	var res BatchResult
	err := db.update(len(prepared) <= immediateMax, func(tx *bolt.Tx, p *pending) (bool, error) {
		res = BatchResult{}
		p.ids = slices.Grow(p.ids, len(prepared))
		var stored map[string]int
		for i, st := range prepared {
			if i&0xfff == 0 {
				if err := checkCtx(ctx); err != nil {
					return false, err
				}
			}
			_, ch, err := db.putOne(tx, p, st, false)
			if err != nil {
				return false, fmt.Errorf("incident %d (%q): %w", i, st.id, err)
			}
			if ch != Created {
				if j, dup := stored[st.id]; dup {
					return false, repeatErr(i, j, st.id)
				}
				if stored == nil {
					stored = map[string]int{}
				}
				stored[st.id] = i
			}
			switch ch {
			case Created:
				res.Created++
			case Updated:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		return res.Created+res.Updated > 0, nil
	})
	if r := (*repeatedID)(nil); errors.As(err, &r) {
		first := -1
		for i, st := range prepared {
			if st.id != r.id {
				continue
			}
			if first >= 0 {
				err = repeatErr(i, first, r.id)
				break
			}
			first = i
		}
	}
	if err != nil {
		return BatchResult{}, fmt.Errorf("store: put batch: %w", err)
	}
	return res, nil
}

// stageAll stages a batch outside the write lock, on every core for a
// large batch. The error names the first bad incident.
func stageAll(ins []*incident.Incident, who string, now time.Time) ([]*staged, error) {
	out := make([]*staged, len(ins))
	all := make([]staged, len(ins)) // one allocation for the batch
	errs := make([]error, len(ins))
	work := func(lo, hi int) {
		var a recArena
		for i := lo; i < hi; i++ {
			out[i], errs[i] = &all[i], stageInto(&all[i], ins[i], who, now, &a, true)
		}
	}
	if n := runtime.GOMAXPROCS(0); n > 1 && len(ins) >= 4096 {
		var wg sync.WaitGroup
		step := (len(ins) + n - 1) / n
		for lo := 0; lo < len(ins); lo += step {
			wg.Go(func() { work(lo, min(lo+step, len(ins))) })
		}
		wg.Wait()
	} else {
		work(0, len(ins))
	}
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("store: put batch: incident %d (%s): %w", i, idOf(ins[i]), err)
		}
	}
	return out, nil
}

// lookupDecoded is lookup with the record decoded: the seq, the record,
// its flags and its incident, for a write that changes an incident's state.
func lookupDecoded(tx *bolt.Tx, id string) (uint64, []byte, byte, *incident.Incident, error) {
	seq, rec, err := lookup(tx, id)
	if err != nil {
		return 0, nil, 0, nil, err
	}
	flags, _, in, err := decodeRecord(rec)
	if err != nil {
		return 0, nil, 0, nil, err
	}
	return seq, rec, flags, in, nil
}

// lookup finds an incident's seq and current record in tx.
func lookup(tx *bolt.Tx, id string) (uint64, []byte, error) {
	sb := tx.Bucket(bktIDs).Get([]byte(id))
	if sb == nil {
		return 0, nil, fmt.Errorf("%w: incident %q", ErrNotFound, id)
	}
	if len(sb) != 8 {
		return 0, nil, fmt.Errorf("%w: id %q maps to %x", errCorrupt, id, sb)
	}
	rec := tx.Bucket(bktIncidents).Get(sb)
	if rec == nil {
		return 0, nil, fmt.Errorf("%w: id %q has no record", errCorrupt, id)
	}
	return binary.BigEndian.Uint64(sb), rec, nil
}

// Delete turns an incident into a tombstone: it disappears from queries,
// tiles and Get (ErrDeleted), its content and history stay, and Restore
// brings it back. Deleting a deleted incident fails with ErrDeleted.
func (db *DB) Delete(ctx context.Context, id, who string) error {
	return db.setDeleted(ctx, id, who, true)
}

// Restore undoes Delete as a new revision. Restoring an incident that is not
// deleted does nothing.
func (db *DB) Restore(ctx context.Context, id, who string) error {
	return db.setDeleted(ctx, id, who, false)
}

func (db *DB) setDeleted(ctx context.Context, id, who string, del bool) error {
	op := "restore"
	if del {
		op = "delete"
	}
	if err := checkCtx(ctx); err != nil {
		return err
	}
	err := db.update(true, func(tx *bolt.Tx, p *pending) (bool, error) {
		seq, rec, flags, old, err := lookupDecoded(tx, id)
		if err != nil {
			return false, err
		}
		isDel := flags&flagDeleted != 0
		if isDel == del {
			if del {
				return false, fmt.Errorf("%w: %s", ErrDeleted, id)
			}
			return false, nil
		}
		if err := tx.Bucket(bktRevisions).Put(revKey(seq, old.Revision), slices.Clone(rec)); err != nil {
			return false, err
		}
		out := *old
		out.Revision++
		out.Updated = db.now().UTC()
		out.UpdatedBy = who
		var nf, act byte = 0, actRestore
		switch {
		case seq > p.w: // entries deferred: Flush derives them from the pix row
			if del {
				nf, act = flagDeleted, actDelete
			}
		case del:
			nf, act = flagDeleted, actDelete
			p.deleteIndex(seq, old)
		default:
			p.addIndex(seq, &out)
		}
		if err := tx.Bucket(bktIncidents).Put(u64(seq), encodeRecord(nil, nf, act, &out)); err != nil {
			return false, err
		}
		p.pix = append(p.pix, pixOp{seq: seq, in: &out, deleted: del})
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", op, id, err)
	}
	return nil
}

// Get returns the current version of an incident, drafts included.
// A deleted incident gives ErrDeleted.
func (db *DB) Get(ctx context.Context, id string) (*incident.Incident, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	var in *incident.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		_, rec, err := lookup(tx, id)
		if err != nil {
			return err
		}
		flags, _, x, err := decodeRecord(rec)
		if err != nil {
			return err
		}
		if flags&flagDeleted != 0 {
			return fmt.Errorf("%w: %s", ErrDeleted, id)
		}
		in = x
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: get %s: %w", id, err)
	}
	return in, nil
}

// History returns every version of an incident, oldest first, the current
// one (or its tombstone) last.
func (db *DB) History(ctx context.Context, id string) ([]Revision, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	var out []Revision
	add := func(rec []byte) error {
		_, act, in, err := decodeRecord(rec)
		if err != nil {
			return err
		}
		out = append(out, Revision{Revision: in.Revision, Time: in.Updated, Who: in.UpdatedBy, Action: actionName(act), Incident: in})
		return nil
	}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		seq, rec, err := lookup(tx, id)
		if err != nil {
			return err
		}
		prefix := u64(seq)
		c := tx.Bucket(bktRevisions).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := add(v); err != nil {
				return err
			}
		}
		return add(rec)
	})
	if err != nil {
		return nil, fmt.Errorf("store: history %s: %w", id, err)
	}
	return out, nil
}
