package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/geo"
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
	dbPath := fs.dbFlag("database `PATH`")
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
		return fmt.Errorf("export: %w", err)
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
	if err := db.Each(ctx, filter, func(in *incident.Incident) error { n++; return ew.Write(filter.Restrict(in)) }); err != nil {
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

// filterFlags are the read filters every read path takes (issue 4): one
// flag per filter parameter of the HTTP API, with the parameter's name.
type filterFlags struct {
	fs     *flagSet
	drafts *bool
}

func addFilterFlags(fs *flagSet) *filterFlags {
	fs.String("from", "", "first `DATE` (YYYY-MM-DD), inclusive")
	fs.String("to", "", "last `DATE` (YYYY-MM-DD), inclusive")
	fs.String("claimant", "", "actor `IDS` (comma-separated; any of; aliases accepted)")
	fs.String("district", "", "district `IDS` or names (comma-separated)")
	fs.String("type", "", "incident `TYPES` (comma-separated)")
	fs.String("status", "", "verification `STATUSES`: unverified, confirmed, independent, denied")
	fs.String("verified", "", "`confirmed`: only incidents with a claim confirmed by another party or independently verified, written with those claims alone (as the API's downloads)")
	fs.String("series", "", "series `IDS` (comma-separated)")
	fs.String("bbox", "", "`MINLON,MINLAT,MAXLON,MAXLAT` in degrees")
	fs.String("q", "", "free `TEXT` in title, description, place or tags")
	fs.String("region", "all", "`REGION`: balochistan, outside (the rest of Pakistan, Iran, Afghanistan) or all")
	return &filterFlags{fs: fs, drafts: fs.Bool("drafts", false, "include drafts and rejected incidents")}
}

// filter reads the flags given with the same parser as the HTTP API's query
// parameters, so the command line accepts and refuses exactly what the API
// does. District names are resolved with the gazetteer, loaded only when
// --district is given.
func (ff *filterFlags) filter() (incident.Filter, error) {
	q := url.Values{}
	ff.fs.Visit(func(fl *flag.Flag) {
		if slices.Contains(incident.FilterParams, fl.Name) {
			q.Set(fl.Name, fl.Value.String())
		}
	})
	var districts incident.DistrictResolver
	if q.Has("district") {
		g, err := geo.LoadFS(data.FS)
		if err != nil {
			return incident.Filter{}, fmt.Errorf("load gazetteer: %w", err)
		}
		districts = func(v string) (string, bool) { id, _, ok := g.AnyDistrict(v); return id, ok }
	}
	f, err := incident.ParseFilter(q, districts)
	if pe := (*incident.ParamError)(nil); errors.As(err, &pe) {
		return f, usagef("--%s: %s", pe.Param, pe.Msg)
	} else if err != nil {
		return f, err
	}
	f.Drafts = *ff.drafts
	return f, nil
}
