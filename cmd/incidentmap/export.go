package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("export", "incidentmap export [flags] [OUT]",
		`Write the incidents matching a filter to OUT (default: standard output) as
GeoJSON, a GeoJSON text sequence or CSV (see docs/formats.md). Incidents
are streamed from the database, newest first, so any number fits.

  incidentmap export --claimant BLF --from 2025-01-01 out.geojson
  incidentmap export --format csv --district kech,panjgur > kech.csv
  incidentmap export --region outside out.csv`)
	dbPath := fs.String("db", envOr(env, "INCIDENTMAP_DB", "incidentmap.db"), "database `PATH` (env INCIDENTMAP_DB)")
	format := fs.String("format", "", "output `FORMAT`: geojson, geojsonseq or csv (default: from OUT's name, else geojson)")
	rs := fs.Bool("rs", false, "prefix each text of a geojsonseq with the RS character (RFC 8142)")
	f := addFilterFlags(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("export: at most one OUT (see 'incidentmap export --help')")
	}
	filter, err := f.filter()
	if err != nil {
		return usagef("export: %v", err)
	}
	out := "-"
	if fs.NArg() == 1 {
		out = fs.Arg(0)
	}
	fm := exchange.GeoJSON
	if *format != "" {
		if fm, err = exchange.ParseFormat(*format); err != nil {
			return usagef("export: --format: %v", err)
		}
	} else if x, ok := exchange.FormatFromName(out); ok {
		fm = x
	}
	db, err := store.Open(*dbPath, store.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("open %s: %w", *dbPath, err)
	}
	defer db.Close()
	series, err := db.ListSeries(ctx)
	if err != nil {
		return err
	}
	byID := map[string]*incident.Series{}
	for _, s := range series {
		byID[s.ID] = s
	}
	var w io.Writer = env.Stdout
	var file *os.File
	if out != "-" {
		// Write beside OUT and rename, so a failed export leaves no half file.
		file, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
		if err != nil {
			return err
		}
		defer os.Remove(file.Name())
		defer file.Close()
		w = file
	}
	ew, err := exchange.NewWriter(w, fm, exchange.WriteOptions{RS: *rs,
		Series: func(id string) (*incident.Series, bool) { s, ok := byID[id]; return s, ok }})
	if err != nil {
		return err
	}
	n := 0
	if err := db.Each(ctx, filter, func(in *incident.Incident) error { n++; return ew.Write(in) }); err != nil {
		return err
	}
	if err := ew.Close(); err != nil {
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return err
		}
		if err := os.Rename(file.Name(), out); err != nil {
			return err
		}
		if fm == exchange.CSV {
			// GDAL reads the column types and the CRS from files beside
			// the CSV with its base name: incidents.csvt, incidents.prj.
			base := strings.TrimSuffix(out, filepath.Ext(out))
			if err := os.WriteFile(base+".csvt", []byte(exchange.CSVTypes), 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(base+".prj", []byte(exchange.WGS84PRJ), 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(env.Stderr, "%s: %d incidents\n", out, n)
	}
	return nil
}

// filterFlags are the read filters every read path takes (issue 4).
type filterFlags struct {
	from, to, claimant, district, typ, status, series, bbox, q, region *string
	drafts                                                             *bool
}

func addFilterFlags(fs interface {
	String(name, value, usage string) *string
	Bool(name string, value bool, usage string) *bool
}) *filterFlags {
	return &filterFlags{
		from:     fs.String("from", "", "first `DATE` (YYYY-MM-DD), inclusive"),
		to:       fs.String("to", "", "last `DATE` (YYYY-MM-DD), inclusive"),
		claimant: fs.String("claimant", "", "actor `IDS` (comma-separated; any of; aliases accepted)"),
		district: fs.String("district", "", "district `IDS` (comma-separated)"),
		typ:      fs.String("type", "", "incident `TYPES` (comma-separated)"),
		status:   fs.String("status", "", "verification `STATUSES`: unverified, confirmed, independent, denied"),
		series:   fs.String("series", "", "series `IDS` (comma-separated)"),
		bbox:     fs.String("bbox", "", "`MINLON,MINLAT,MAXLON,MAXLAT`"),
		q:        fs.String("q", "", "free `TEXT` in title, description, place or tags"),
		region:   fs.String("region", "all", "`REGION`: balochistan, outside (the rest of Pakistan, Iran, Afghanistan) or all"),
		drafts:   fs.Bool("drafts", false, "include drafts and rejected incidents"),
	}
}

func commaList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (ff *filterFlags) filter() (incident.Filter, error) {
	f := incident.Filter{From: *ff.from, To: *ff.to, Districts: commaList(*ff.district),
		Series: commaList(*ff.series), Text: *ff.q, Drafts: *ff.drafts}
	for name, d := range map[string]string{"--from": f.From, "--to": f.To} {
		if d != "" {
			if _, err := incident.ParseDate(d); err != nil {
				return f, fmt.Errorf("%s: want YYYY-MM-DD, got %q", name, d)
			}
		}
	}
	for _, c := range commaList(*ff.claimant) {
		f.Claimants = append(f.Claimants, incident.CanonicalActor(c))
	}
	for _, t := range commaList(*ff.typ) {
		x, err := incident.ParseType(t)
		if err != nil {
			return f, fmt.Errorf("--type: %v", err)
		}
		f.Types = append(f.Types, x)
	}
	for _, s := range commaList(*ff.status) {
		v, err := incident.ParseVerification(s)
		if err != nil {
			return f, fmt.Errorf("--status: %v", err)
		}
		f.Statuses = append(f.Statuses, v)
	}
	region, err := incident.ParseRegion(*ff.region)
	if err != nil {
		return f, fmt.Errorf("--region: %v", err)
	}
	f.Region = region
	if *ff.bbox != "" {
		parts := commaList(*ff.bbox)
		if len(parts) != 4 {
			return f, fmt.Errorf("--bbox: want MINLON,MINLAT,MAXLON,MAXLAT, got %q", *ff.bbox)
		}
		var v [4]float64
		for i, p := range parts {
			x, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return f, fmt.Errorf("--bbox: %q is not a number", p)
			}
			v[i] = x
		}
		if v[0] > v[2] || v[1] > v[3] {
			return f, fmt.Errorf("--bbox: minimum above maximum in %q", *ff.bbox)
		}
		f.BBox = &orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	}
	return f, nil
}
