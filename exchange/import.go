package exchange

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// Sink is what importing needs of a database: *store.DB satisfies it as it
// is, and tests use an in-memory fake. A sink applies the incident rules
// itself (the store stages a large batch on every core before it takes its
// write lock); Import checks them first only to name the bad row.
type Sink interface {
	// PutBatch writes ins in one atomic transaction, recording who as
	// their author.
	PutBatch(ctx context.Context, ins []*incident.Incident, who string) (incident.BatchResult, error)
	// PutSeries creates or replaces a series.
	PutSeries(ctx context.Context, s *incident.Series, who string) error
}

// Options tune Import. The zero value of every field but Geocoder is usable.
type Options struct {
	Name        string   // file name for messages and format detection; "-" or "" for standard input
	Format      Format   // "" = from Name's extension, else from the content
	SkipInvalid bool     // write good rows and list bad ones, instead of refusing the whole import
	BatchSize   int      // incidents per transaction; default 50000
	Workers     int      // parsing goroutines; default GOMAXPROCS
	Who         string   // recorded as the author of every revision; default "import"
	Geocoder    Geocoder // required: places rows and checks points
	MaxErrors   int      // row errors kept in Summary.Errors; default 100 (all are counted)
	// KeepBytes bounds the input a strict import keeps parsed in memory
	// between checking and writing (about 4 bytes of memory per input byte);
	// larger inputs are parsed twice. Default 512 MiB; negative: never keep.
	KeepBytes int64
	// OnBatch is called after each batch is committed, from the goroutine
	// running Import.
	OnBatch func(Ack)
	// OnProgress is called about every ProgressEvery while rows are read.
	OnProgress    func(Progress)
	ProgressEvery time.Duration // default 500ms
}

// Ack acknowledges one committed batch: its rows are durably in the store.
type Ack struct {
	Batch               int // 1-based
	FirstRow, LastRow   int // 1-based incident numbers in input order
	FirstLine, LastLine int
	incident.BatchResult
}

func (a Ack) String() string {
	return fmt.Sprintf("committed batch %d (rows %d-%d, lines %d-%d)", a.Batch, a.FirstRow, a.LastRow, a.FirstLine, a.LastLine)
}

// Progress reports how far an import is.
type Progress struct {
	Phase   string // "checking" (first pass, nothing written yet) or "writing"
	Rows    int
	Elapsed time.Duration
}

// Summary is the outcome of an import.
type Summary struct {
	Format                               Format
	Rows                                 int // incidents read and valid
	Created, Updated, Unchanged, Skipped int
	Series                               int
	Batches                              int
	Invalid                              int         // bad rows (all of them, even beyond MaxErrors)
	Errors                               []*RowError // the first MaxErrors bad rows
}

// Import reads incidents from r and writes them to sink in batches.
//
// By default the input is checked completely before anything is written (a
// first pass over the input; standard input is spooled to a temporary file
// for the second), and any bad row refuses the whole import: the returned
// error wraps ErrRefused and Summary.Errors lists the rows. With SkipInvalid
// there is one pass; bad rows are skipped and listed.
//
// Re-importing the same input changes nothing (the store reports every row
// unchanged); a changed row becomes a new revision.
func Import(ctx context.Context, r io.Reader, sink Sink, opt Options) (*Summary, error) {
	if opt.Geocoder == nil {
		return nil, errors.New("exchange: import: no geocoder")
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 50000
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Who == "" {
		opt.Who = "import"
	}
	if opt.MaxErrors <= 0 {
		opt.MaxErrors = 100
	}
	if opt.ProgressEvery <= 0 {
		opt.ProgressEvery = 500 * time.Millisecond
	}
	if opt.Name == "" {
		opt.Name = "-"
	}
	if opt.KeepBytes == 0 {
		opt.KeepBytes = 512 << 20
	}
	br := bufio.NewReaderSize(r, 1<<20)
	if opt.Format == "" {
		if f, ok := FormatFromName(opt.Name); ok {
			opt.Format = f
		} else {
			head, _ := br.Peek(sniffLen)
			f, ok := Sniff(head)
			if !ok {
				return nil, fmt.Errorf("%s: %w: name the format with --format", opt.Name, ErrFormat)
			}
			opt.Format = f
		}
	}
	sum := &Summary{Format: opt.Format}
	if opt.SkipInvalid {
		err := run(ctx, br, sink, &opt, sum, nil)
		return sum, err
	}

	// Strict: check everything first, then read again and write.
	var (
		input io.Reader = br
		again func() (io.Reader, error)
	)
	if s, ok := r.(io.Seeker); ok && isRegular(r) {
		again = func() (io.Reader, error) {
			if _, err := s.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
			return bufio.NewReaderSize(r, 1<<20), nil
		}
	} else {
		tmp, err := os.CreateTemp("", "incidentmap-import-*")
		if err != nil {
			return nil, fmt.Errorf("exchange: spool input: %w", err)
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		input = io.TeeReader(br, tmp)
		again = func() (io.Reader, error) {
			if _, err := tmp.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
			return bufio.NewReaderSize(tmp, 1<<20), nil
		}
	}
	keep := &keeper{budget: opt.KeepBytes}
	if err := run(ctx, input, nil, &opt, sum, keep); err != nil {
		return sum, err
	}
	if sum.Invalid > 0 {
		n := sum.Invalid
		return sum, fmt.Errorf("%s: %w: %d bad %s, nothing written (use --skip-invalid to import the good rows)", opt.Name, ErrRefused, n, plural(n, "row", "rows"))
	}
	if !keep.over {
		*sum = Summary{Format: opt.Format}
		err := replay(ctx, keep.jobs, sink, &opt, sum)
		return sum, err
	}
	if _, err := io.Copy(io.Discard, input); err != nil { // finish spooling
		return sum, err
	}
	in2, err := again()
	if err != nil {
		return sum, fmt.Errorf("exchange: reread input: %w", err)
	}
	*sum = Summary{Format: opt.Format}
	err = run(ctx, in2, sink, &opt, sum, nil)
	return sum, err
}

func isRegular(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		_, isBytes := r.(*bytes.Reader)
		return isBytes
	}
	st, err := f.Stat()
	return err == nil && st.Mode().IsRegular()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// job is a slice of the input handed to one parsing goroutine: either a
// chunk of whole lines (text sequences) or pre-cut items (FeatureCollection
// members, CSV records).
type job struct {
	seq   int
	line  int    // line number of chunk's first line
	chunk []byte // whole lines
	items []item
	out   []parsed
	size  int64 // input bytes
}

type item struct {
	line int
	raw  []byte   // one Feature
	rec  []string // one CSV record
}

type parsed struct {
	line int
	row  *row
	err  error
}

// consumer takes parsed rows in input order: it checks for duplicate ids,
// counts, and (when it has a sink) commits batches.
type consumer struct {
	ctx       context.Context
	sink      Sink // nil: check only
	opt       *Options
	sum       *Summary
	batch     []*incident.Incident
	firstRow  int
	firstLine int
	lastLine  int
	seen      *idSet
	busy      *inflight // the batch being written, if any
}

// inflight is a batch being written by a goroutine while the next one fills.
type inflight struct {
	done                chan error
	counts              incident.BatchResult // set before done is sent
	firstRow, rows      int
	firstLine, lastLine int
}

func newConsumer(ctx context.Context, sink Sink, opt *Options, sum *Summary) *consumer {
	return &consumer{ctx: ctx, sink: sink, opt: opt, sum: sum, firstRow: 1, seen: newIDSet()}
}

// commit hands the batch to a goroutine that writes it, once the batch
// before it is written: rows keep being parsed while a batch is written,
// and batches still commit one at a time, in order. A batch is
// acknowledged (OnBatch, on the goroutine running Import) only after its
// PutBatch returned.
func (c *consumer) commit() error {
	if err := c.wait(); err != nil {
		return err
	}
	n := len(c.batch)
	if n == 0 {
		return nil
	}
	f := &inflight{done: make(chan error, 1), firstRow: c.firstRow, rows: n,
		firstLine: c.firstLine, lastLine: c.lastLine}
	batch := c.batch
	go func() {
		var err error
		f.counts, err = c.sink.PutBatch(c.ctx, batch, c.opt.Who)
		f.done <- err
	}()
	c.busy = f
	c.firstRow += n
	c.batch = make([]*incident.Incident, 0, n)
	c.firstLine = 0
	return nil
}

// wait waits for the batch being written, if any, and acknowledges it.
func (c *consumer) wait() error {
	f := c.busy
	if f == nil {
		return nil
	}
	c.busy = nil
	if err := <-f.done; err != nil {
		return fmt.Errorf("%s: write rows %d-%d: %w", c.opt.Name, f.firstRow, f.firstRow+f.rows-1, err)
	}
	n := f.counts
	c.sum.Batches++
	c.sum.Created += n.Created
	c.sum.Updated += n.Updated
	c.sum.Unchanged += n.Unchanged
	if c.opt.OnBatch != nil {
		c.opt.OnBatch(Ack{Batch: c.sum.Batches, FirstRow: f.firstRow, LastRow: f.firstRow + f.rows - 1,
			FirstLine: f.firstLine, LastLine: f.lastLine, BatchResult: n})
	}
	return nil
}

// drain waits for a batch still being written when a pass ends early, so
// nothing writes to the sink after Import returns.
func (c *consumer) drain() { _ = c.wait() }

func (c *consumer) bad(line int, e error) {
	c.sum.Invalid++
	if len(c.sum.Errors) < c.opt.MaxErrors {
		c.sum.Errors = append(c.sum.Errors, rowError(c.opt.Name, line, e))
	}
}

func (c *consumer) handle(p parsed) error {
	if p.err != nil {
		c.bad(p.line, p.err)
		return nil
	}
	if p.row != nil && p.row.series != nil {
		s := p.row.series
		c.sum.Series++
		if c.sink != nil {
			if err := c.wait(); err != nil { // keep writes in input order
				return err
			}
			return c.sink.PutSeries(c.ctx, s, c.opt.Who)
		}
		return nil
	}
	id := p.row.in.ID
	if prev, dup := c.seen.add(id, p.line); dup {
		c.bad(p.line, errField("id", "duplicate id %q (first on line %d)", id, prev))
		return nil
	}
	c.sum.Rows++
	if c.sink == nil {
		return nil
	}
	if c.firstLine == 0 {
		c.firstLine = p.line
	}
	c.lastLine = p.line
	c.batch = append(c.batch, p.row.in)
	if len(c.batch) >= c.opt.BatchSize {
		return c.commit()
	}
	return nil
}

// finish ends a pass: the last batch, the final progress report.
func (c *consumer) finish(phase string, start time.Time) error {
	if c.opt.SkipInvalid {
		c.sum.Skipped = c.sum.Invalid
	}
	if c.sink != nil {
		if err := c.commit(); err != nil {
			return err
		}
		if err := c.wait(); err != nil {
			return err
		}
	}
	if c.opt.OnProgress != nil {
		c.opt.OnProgress(Progress{Phase: phase, Rows: c.sum.Rows, Elapsed: time.Since(start)})
	}
	return nil
}

// keeper holds the parsed jobs of a checking pass for the writing pass, as
// long as the input stays under a byte budget; past it, it drops them and
// the input is parsed again.
type keeper struct {
	budget int64
	used   int64
	jobs   []*job
	over   bool
}

func (k *keeper) add(j *job) {
	if k.over {
		return
	}
	k.used += j.size
	if k.used > k.budget {
		k.over, k.jobs = true, nil
		return
	}
	k.jobs = append(k.jobs, j)
}

// run is one pass over the input. With a nil sink nothing is written: the
// pass only counts and collects bad rows (and keeps the parsed rows in
// keep, if not nil).
func run(ctx context.Context, r io.Reader, sink Sink, opt *Options, sum *Summary, keep *keeper) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		jobs    = make(chan *job, opt.Workers*2)
		done    = make(chan *job, opt.Workers*2)
		readErr error
		wg      sync.WaitGroup
	)
	csvp := &csvParser{file: opt.Name}
	go func() {
		defer close(jobs)
		send := func(j *job) bool {
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				return false
			}
		}
		switch opt.Format {
		case GeoJSONSeq:
			readErr = cutLines(r, send)
		case GeoJSON:
			readErr = cutCollection(r, opt.Name, send)
		case CSV:
			readErr = csvp.cut(r, send)
		default:
			readErr = fmt.Errorf("%w %q", ErrFormat, opt.Format)
		}
	}()
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				parseJob(j, csvp, opt.Geocoder)
				if j.chunk != nil { // parsed rows copy what they keep
					recycleChunk(j.chunk)
					j.chunk = nil
				}
				select {
				case done <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	var (
		c            = newConsumer(ctx, sink, opt, sum)
		pending      = map[int]*job{}
		next         int
		start        = time.Now()
		lastProgress = start
		phase        = "checking"
		err          error
	)
	if sink != nil {
		phase = "writing"
	}
	defer c.drain()
	for j := range done {
		pending[j.seq] = j
		for err == nil {
			j, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for _, p := range j.out {
				if err = c.handle(p); err != nil {
					break
				}
			}
			j.items, j.chunk = nil, nil
			if keep != nil {
				keep.add(j)
			}
		}
		if err != nil {
			cancel()
			break
		}
		if opt.OnProgress != nil {
			if now := time.Now(); now.Sub(lastProgress) >= opt.ProgressEvery {
				lastProgress = now
				opt.OnProgress(Progress{Phase: phase, Rows: sum.Rows, Elapsed: now.Sub(start)})
			}
		}
	}
	for range done { // drain after an error so workers can exit
	}
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if len(pending) > 0 {
		return errors.New("exchange: internal error: parsed rows lost")
	}
	return c.finish(phase, start)
}

// replay writes the rows a checking pass kept.
func replay(ctx context.Context, jobs []*job, sink Sink, opt *Options, sum *Summary) error {
	c := newConsumer(ctx, sink, opt, sum)
	defer c.drain()
	start := time.Now()
	last := start
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, p := range j.out {
			if err := c.handle(p); err != nil {
				return err
			}
		}
		if opt.OnProgress != nil {
			if now := time.Now(); now.Sub(last) >= opt.ProgressEvery {
				last = now
				opt.OnProgress(Progress{Phase: "writing", Rows: sum.Rows, Elapsed: now.Sub(start)})
			}
		}
	}
	return c.finish("writing", start)
}

// parseJob parses, places and checks every row of a job.
func parseJob(j *job, csvp *csvParser, g Geocoder) {
	j.size = int64(len(j.chunk))
	for _, it := range j.items {
		j.size += int64(len(it.raw))
		for _, f := range it.rec {
			j.size += int64(len(f)) + 1
		}
	}
	place := func(line int, r *row, err error) {
		if err == nil && r.in != nil {
			err = finish(r, g)
		}
		if err == nil && r.series != nil {
			r.series.Normalize() // as the store will, so that the checks agree
			err = ruleErr(r.series.Validate())
		}
		j.out = append(j.out, parsed{line: line, row: r, err: err})
	}
	if j.chunk != nil {
		line := j.line
		b := j.chunk
		for len(b) > 0 {
			i := bytes.IndexByte(b, '\n')
			var l []byte
			if i < 0 {
				l, b = b, nil
			} else {
				l, b = b[:i], b[i+1:]
			}
			l = bytes.TrimSpace(bytes.TrimLeft(l, "\x1e"))
			if len(l) > 0 {
				parseFeatureItem(l, line, place)
			}
			line++
		}
		return
	}
	for _, it := range j.items {
		if it.rec != nil {
			r, err := csvp.parse(it.rec)
			place(it.line, r, err)
			continue
		}
		parseFeatureItem(it.raw, it.line, place)
	}
}

func parseFeatureItem(b []byte, line int, place func(int, *row, error)) {
	r, err := parseFeature(b)
	if errors.Is(err, errCollection) {
		rows, errs := parseCollection(b)
		for _, e := range errs {
			place(line, nil, e)
		}
		for _, r := range rows {
			place(line, r, nil)
		}
		return
	}
	place(line, r, err)
}

// finish places and normalizes a row and applies the incident rules the
// store will check, so that a bad row is named by its line and field and a
// batch never fails half-way through an import.
func finish(r *row, g Geocoder) error {
	if err := locate(r, g); err != nil {
		return err
	}
	r.in.Normalize()
	return ruleErr(r.in.Validate())
}

// ruleErr reports an incident rule's error on the field it names.
func ruleErr(err error) error {
	var fe *incident.FieldError
	if errors.As(err, &fe) {
		return errField(fe.Field, "%s", fe.Msg)
	}
	return err
}

// chunks recycles the buffers of text-sequence jobs: a million-line import
// reads its 300 MB through a few dozen buffers instead of allocating (and
// zeroing) each chunk anew.
var chunks sync.Pool

// poisonRecycled overwrites recycled buffers (tests set it): a parsed
// value that still pointed into its chunk would then read as garbage.
var poisonRecycled = false

// newChunk returns a buffer of length n and capacity at least c.
func newChunk(n, c int) []byte {
	if c == chunkSize {
		if b, ok := chunks.Get().(*[]byte); ok {
			return (*b)[:n]
		}
	}
	return make([]byte, n, c)
}

// recycleChunk hands a job's buffer back once its rows are parsed.
func recycleChunk(b []byte) {
	b = b[:cap(b)]
	if len(b) != chunkSize {
		return
	}
	if poisonRecycled {
		for i := range b {
			b[i] = 0xff
		}
	}
	chunks.Put(&b)
}

// chunkSize is how much of a text sequence one parsing job gets.
const chunkSize = 256 << 10

// cutLines cuts a text sequence into chunks of whole lines.
func cutLines(r io.Reader, send func(*job) bool) error {
	seq, line := 0, 1
	buf := newChunk(0, chunkSize)
	for {
		n, err := io.ReadAtLeast(r, buf[len(buf):cap(buf)], 1)
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			if len(buf) > 0 {
				send(&job{seq: seq, line: line, chunk: buf})
			}
			return nil
		}
		if err != nil {
			return err
		}
		cut := bytes.LastIndexByte(buf, '\n')
		if cut < 0 { // no whole line yet
			if len(buf) == cap(buf) { // a line longer than the buffer
				bigger := make([]byte, len(buf), 2*cap(buf))
				copy(bigger, buf)
				buf = bigger
			}
			continue
		}
		// The partial last line moves to the next buffer before this one is
		// handed over: a worker recycles it once parsed.
		rest := len(buf) - cut - 1
		next := newChunk(rest, max(chunkSize, 2*rest))
		copy(next, buf[cut+1:])
		chunk := buf[:cut+1]
		lines := bytes.Count(chunk, []byte{'\n'}) // before the chunk is handed over
		if !send(&job{seq: seq, line: line, chunk: chunk}) {
			return nil
		}
		seq++
		line += lines
		buf = next
	}
}

// itemsPerJob is how many features or CSV records one parsing job gets.
const itemsPerJob = 512

func lineString(n int) string { return strconv.Itoa(n) }
