package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/store"
)

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("import", "incidentmap import [flags] FILE",
		`Import incidents from FILE ("-" for standard input) into the database.

Formats (see docs/formats.md): GeoJSON FeatureCollection (.geojson), GeoJSON
text sequence, one Feature per line, optionally RS-prefixed (.geojsons,
.geojsonl, .ndjson), the project's CSV, flat CSV or ACLED CSV (.csv). The
format comes from --format, else the file name, else the content.

Rows without coordinates are geocoded with the gazetteer; rows with
coordinates get their district, province and country by reverse geocoding
(Balochistan, the rest of Pakistan, and the provinces of Iran and
Afghanistan around it); a point in the open sea or beyond that region is a
bad row. By default the whole file is checked first and
one bad row refuses the import (exit status 1, nothing written, the bad rows
listed on stderr as FILE:LINE: field "NAME": problem). With --skip-invalid
the good rows are imported and the bad ones listed.

Rows are committed in batches; re-importing the same file changes nothing,
and a changed row becomes a new revision.`)
	dbPath := fs.dbFlag("database `PATH`")
	format := fs.String("format", "", "input `FORMAT`: geojson, geojsonseq or csv (default: from the name or content)")
	skip := fs.Bool("skip-invalid", false, "import the good rows and list the bad ones, instead of refusing the import")
	batch := fs.Int("batch", 50000, "incidents per transaction (larger batches load faster and use more memory)")
	progressFile := fs.String("progress-file", "", "append a line to `FILE` after each committed batch")
	verbose := fs.Bool("v", false, "print a line on stderr after each committed batch")
	who := fs.String("who", "import", "author `NAME` recorded in each incident's history")
	noSync := fs.Bool("no-sync", false, "do not fsync each batch (faster; a crash may lose or corrupt the database)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import: want exactly one FILE (see 'incidentmap import --help')")
	}
	if *batch < 1 {
		return usagef("import: --batch must be at least 1")
	}
	opt := exchange.Options{SkipInvalid: *skip, BatchSize: *batch, Who: *who}
	if *format != "" {
		f, err := exchange.ParseFormat(*format)
		if err != nil {
			return usagef("import: --format: %v", err)
		}
		opt.Format = f
	}
	name := fs.Arg(0)
	var in io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	opt.Name = name
	g, err := geo.LoadFS(data.FS)
	if err != nil {
		return err
	}
	opt.Geocoder = g
	db, err := store.Open(*dbPath, store.Options{NoSync: *noSync})
	if err != nil {
		return fmt.Errorf("open %s: %w", *dbPath, err)
	}
	defer db.Close()

	var acks *os.File
	if *progressFile != "" {
		acks, err = os.OpenFile(*progressFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer acks.Close()
	}
	opt.OnBatch = func(a exchange.Ack) {
		if acks != nil {
			fmt.Fprintln(acks, a.String())
		}
		if *verbose {
			fmt.Fprintln(env.Stderr, a.String())
		}
	}
	start := time.Now()
	if env.IsTerminal {
		opt.OnProgress = func(p exchange.Progress) {
			rate := float64(p.Rows) / max(p.Elapsed.Seconds(), 1e-3)
			fmt.Fprintf(env.Stderr, "\r%s: %s %d rows (%.0f rows/s)   ", name, p.Phase, p.Rows, rate)
		}
	}
	sum, err := exchange.Import(ctx, in, db, opt)
	if env.IsTerminal {
		fmt.Fprintln(env.Stderr)
	}
	if sum != nil {
		for _, e := range sum.Errors {
			fmt.Fprintln(env.Stderr, e)
		}
		if sum.Invalid > len(sum.Errors) {
			fmt.Fprintf(env.Stderr, "... and %d more bad rows\n", sum.Invalid-len(sum.Errors))
		}
	}
	if err != nil {
		return err
	}
	// Bulk batches defer their secondary index entries; write them now in
	// one pass (Close would too) so the time is counted and reported here.
	if env.IsTerminal {
		fmt.Fprintf(env.Stderr, "%s: indexing\n", name)
	}
	if err := db.Flush(ctx); err != nil {
		return err
	}
	if cerr := db.Close(); cerr != nil {
		return cerr
	}
	elapsed := time.Since(start)
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(struct {
			File    string  `json:"file"`
			Format  string  `json:"format"`
			Rows    int     `json:"rows"`
			Created int     `json:"created"`
			Updated int     `json:"updated"`
			Unch    int     `json:"unchanged"`
			Skipped int     `json:"skipped"`
			Series  int     `json:"series"`
			Batches int     `json:"batches"`
			Seconds float64 `json:"seconds"`
		}{name, string(sum.Format), sum.Rows, sum.Created, sum.Updated, sum.Unchanged, sum.Skipped, sum.Series, sum.Batches, elapsed.Seconds()})
	}
	fmt.Fprintf(env.Stdout, "%s: %d rows: %d created, %d updated, %d unchanged, %d skipped; %d series; %d batches in %.1fs (%.0f rows/s)\n",
		name, sum.Rows, sum.Created, sum.Updated, sum.Unchanged, sum.Skipped, sum.Series, sum.Batches,
		elapsed.Seconds(), float64(sum.Rows)/max(elapsed.Seconds(), 1e-3))
	return nil
}
