package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store/internal/pointindex"
)

// Errors callers branch on. They are the domain's sentinels (package
// incident), so that callers need not import the store to test for them;
// every error the store returns about one of these conditions wraps it,
// with context in the message.
var (
	ErrNotFound     = incident.ErrNotFound     // no incident, series or token with that id or name
	ErrDeleted      = incident.ErrDeleted      // the incident exists as a tombstone; Restore brings it back
	ErrBadCursor    = incident.ErrBadCursor    // a paging cursor that this store did not produce
	ErrUnauthorized = incident.ErrUnauthorized // no token has that secret
	ErrExists       = incident.ErrExists       // a token with that name already exists
	// ErrLocked: another process holds the database file.
	ErrLocked    = errors.New("store: database is locked by another process")
	ErrState     = incident.ErrState     // SetState: a change the incident's editorial state does not allow
	ErrTokenName = incident.ErrTokenName // CreateTokenRole: a name outside the rules
)

// schemaVersion is the layout of buckets and keys this code writes. Open
// refuses a database written by a newer layout. 2: the secondary indexes
// are posting lists (one key per value and day listing the seqs); a layout
// 1 file (one key per entry) has its indexes rebuilt at the first
// read-write Open.
const schemaVersion = 2

// Bucket names. Keys are described in docs/store.md.
var (
	bktIncidents = []byte("incidents")    // seq(8) -> record
	bktIDs       = []byte("ids")          // id -> seq(8)
	bktDate      = []byte("idx_date")     // date(4) -> seqs (postings.go)
	bktActor     = []byte("idx_actor")    // actor 0 date(4) -> seqs
	bktDistrict  = []byte("idx_district") // district 0 date(4) -> seqs
	bktSeriesIdx = []byte("idx_series")   // series 0 date(4) -> seqs
	bktCell      = []byte("idx_cell")     // quadkey z14 (4) -> seqs
	bktRevisions = []byte("revisions")    // seq(8) revision(4) -> record as it was
	bktSeries    = []byte("series")       // series id -> JSON with version byte
	bktTokens    = []byte("tokens")       // name -> token JSON (hash only)
	bktTokenHash = []byte("token_hash")   // sha256(secret) -> name
	bktMeta      = []byte("meta")         // "schema", "version", "indexed" -> uint64
	allBuckets   = [][]byte{bktIncidents, bktIDs, bktDate, bktActor, bktDistrict, bktSeriesIdx,
		bktCell, bktRevisions, bktSeries, bktTokens, bktTokenHash, bktMeta}
	indexBucketNames = [][]byte{bktDate, bktActor, bktDistrict, bktSeriesIdx, bktCell}
	keySchema        = []byte("schema")
	keyVersion       = []byte("version")
	// keyIndexed is the index watermark W: the secondary index entries of
	// every incident with seq <= W are in the idx_* buckets. Bulk writes
	// defer the entries of the incidents they create (seq > W) and Flush
	// writes them. Absent (a file from before the watermark) means complete.
	keyIndexed = []byte("indexed")
)

// Options configure Open. The zero value is ready to use.
type Options struct {
	// Timeout is how long Open waits for another process to release the
	// file lock before failing with ErrLocked. Zero means 1s; negative
	// means fail at once.
	Timeout time.Duration
	// NoSync skips fsync after each commit: faster bulk loads, but a crash
	// may lose recent commits or corrupt the file. Only for throwaway data.
	NoSync bool
	// ReadOnly opens the file with a shared lock; writes fail.
	ReadOnly bool
	// PointTitleBytes caps the title kept in the in-memory point index
	// (Point.Title). Zero means 48; negative keeps no title.
	PointTitleBytes int
	// Now returns the current time for Created/Updated; nil means time.Now.
	Now func() time.Time
}

// DB is an incident store in one bbolt file plus an in-memory point index.
// It is safe for concurrent use. Writes are serialized; reads run in
// parallel with each other.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time

	// mu orders writes against the point index: a write holds it across
	// its bbolt commit and the index update, readers that combine bbolt
	// with the index hold it for reading, so both always agree.
	mu sync.RWMutex
	// pix is the point index, nil until the first read needs it (see
	// readLock): a process that only writes, such as an import, never
	// builds it.
	pix      *pointindex.Index
	titleMax int
	// indexed mirrors meta/indexed (guarded by mu): slots below it have
	// their secondary index entries written. top is the highest seq
	// committed (the incidents bucket's sequence).
	indexed  uint64
	top      uint64
	readOnly bool
	closed   bool

	version atomic.Uint64
	visited atomic.Int64 // index entries visited by queries (tests, metrics)
}

// Open opens or creates the database at path, creating all buckets. The
// in-memory point index is built from the stored incidents by the first
// read that needs it, or by Preload.
func Open(path string, opts Options) (*DB, error) {
	timeout := opts.Timeout
	switch {
	case timeout == 0:
		timeout = time.Second
	case timeout < 0:
		timeout = time.Nanosecond
	}
	bo := &bolt.Options{
		Timeout:        timeout,
		NoSync:         opts.NoSync,
		NoFreelistSync: true, // rebuilt at open; halves commit writes on a big file
		FreelistType:   bolt.FreelistMapType,
		ReadOnly:       opts.ReadOnly,
		// Map 1 GiB of address space up front (not memory): growing the
		// map otherwise remaps and copies every open node mid-import.
		InitialMmapSize: 1 << 30,
	}
	b, err := bolt.Open(path, 0o600, bo)
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s stays locked after %v (is a server or import using it? stop it, or use another --db)", ErrLocked, path, timeout)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	titleMax := opts.PointTitleBytes
	switch {
	case titleMax == 0:
		titleMax = 48
	case titleMax < 0:
		titleMax = 0
	}
	db := &DB{bolt: b, path: path, now: opts.Now, titleMax: titleMax, readOnly: opts.ReadOnly}
	if db.now == nil {
		db.now = time.Now
	}
	if err := db.init(opts.ReadOnly); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) init(readOnly bool) error {
	var err error
	if readOnly {
		err = db.bolt.View(func(tx *bolt.Tx) error {
			for _, name := range allBuckets {
				if tx.Bucket(name) == nil {
					return fmt.Errorf("store: %s: missing bucket %s (not an incidentmap database?)", db.path, name)
				}
			}
			return nil
		})
	} else {
		err = db.setUp()
	}
	if err != nil {
		return err
	}
	err = db.bolt.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bktMeta)
		db.version.Store(getU64(meta, keyVersion))
		db.top = tx.Bucket(bktIncidents).Sequence()
		db.indexed = db.top
		if v := meta.Get(keyIndexed); len(v) == 8 {
			db.indexed = min(db.indexed, binary.BigEndian.Uint64(v))
		}
		if getU64(meta, keySchema) < 2 {
			db.indexed = 0 // read-only open of a layout 1 file: scan the point index
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !readOnly {
		// Entries deferred by a bulk write that never reached Flush (a
		// crash, a kill): write them before serving.
		if err := db.flushLocked(); err != nil {
			return fmt.Errorf("store: %s: rebuild deferred index entries: %w", db.path, err)
		}
	}
	return nil
}

// setUp creates what a file lacks: buckets, the schema version, the index
// watermark, and posting-list indexes in place of layout 1 ones. It commits
// only when it changed something. Every commit drops bbolt's freelist from
// the file (NoFreelistSync), so a file already set up is left as it is: a
// server killed before its first write then leaves a file whose next Open
// reads the freelist instead of walking every page.
func (db *DB) setUp() error {
	tx, err := db.bolt.Begin(true)
	if err != nil {
		return err
	}
	changed, err := db.setUpTx(tx)
	if err != nil || !changed {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (db *DB) setUpTx(tx *bolt.Tx) (changed bool, err error) {
	for _, name := range allBuckets {
		if tx.Bucket(name) != nil {
			continue
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return false, fmt.Errorf("store: create bucket %s: %w", name, err)
		}
		changed = true
	}
	meta := tx.Bucket(bktMeta)
	if v := meta.Get(keySchema); v == nil {
		if err := meta.Put(keySchema, u64(schemaVersion)); err != nil {
			return false, err
		}
		changed = true
	} else if len(v) != 8 || binary.BigEndian.Uint64(v) > schemaVersion {
		return false, fmt.Errorf("store: %s was written by a newer incidentmap (schema %x, this build reads %d)", db.path, v, schemaVersion)
	} else if binary.BigEndian.Uint64(v) < 2 {
		// Layout 1 indexes: empty them and let the watermark rebuild
		// them as posting lists (flushLocked, in init).
		for _, name := range indexBucketNames {
			if err := tx.DeleteBucket(name); err != nil {
				return false, err
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return false, err
			}
		}
		if err := meta.Put(keyIndexed, u64(0)); err != nil {
			return false, err
		}
		if err := meta.Put(keySchema, u64(schemaVersion)); err != nil {
			return false, err
		}
		changed = true
	}
	if meta.Get(keyIndexed) == nil {
		// A new file, or one written before the watermark existed,
		// whose indexes are complete.
		if err := meta.Put(keyIndexed, u64(tx.Bucket(bktIncidents).Sequence())); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

// Close writes any deferred index entries (see Flush) and releases the
// file. The DB must not be used afterwards; closing twice is harmless.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	db.closed = true
	ferr := db.flushLocked()
	if ferr == nil && !db.readOnly {
		ferr = db.syncFreelist()
	}
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	if ferr != nil {
		return fmt.Errorf("store: close %s: %w", db.path, ferr)
	}
	return nil
}

// syncFreelist writes bbolt's freelist into the file with one empty
// commit. Writes skip it (NoFreelistSync: fewer bytes per commit), and a
// file without one makes the next Open walk every page of the file to
// rebuild it, which faults the whole memory-mapped file into the process
// (about 700 MB at a million incidents). With the list written at Close,
// the next Open reads it instead; the first write after that drops it again.
func (db *DB) syncFreelist() error {
	db.bolt.NoFreelistSync = false
	defer func() { db.bolt.NoFreelistSync = true }()
	if err := db.bolt.Update(func(*bolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("write the freelist: %w", writeErr(err))
	}
	return nil
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Version is the data-version counter: it grows with every committed change
// to incidents or series, so it can serve as an HTTP ETag. It survives
// restarts.
func (db *DB) Version() uint64 { return db.version.Load() }

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func getU64(b *bolt.Bucket, k []byte) uint64 {
	if v := b.Get(k); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// bumpVersion increments the data version inside a write transaction and
// returns the new value, to publish after commit.
func bumpVersion(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bktMeta)
	v := getU64(meta, keyVersion) + 1
	return v, meta.Put(keyVersion, u64(v))
}

func checkCtx(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}
