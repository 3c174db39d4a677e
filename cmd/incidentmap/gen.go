package main

import (
	"context"
	"os"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

func runGen(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet("gen", "incidentmap gen -n N [-seed S] [--format F] [OUT]",
		`Write N clearly synthetic incidents for benchmarks and tests: ids SYN-0000001,
..., titles starting "Synthetic:", the tag "synthetic". Never import them
into a database holding real incidents. The same seed gives the same output.

  incidentmap gen -n 1000000 > /tmp/syn.geojsons
  incidentmap import --db /tmp/bench.db /tmp/syn.geojsons`)
	n := fs.Int("n", 1000, "number of incidents")
	seed := fs.Uint64("seed", 1, "random seed")
	format := fs.String("format", "geojsonseq", "output `FORMAT`: geojsonseq, geojson or csv")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if *n < 0 {
		return usagef("gen: -n must not be negative")
	}
	if fs.NArg() > 1 {
		return usagef("gen: at most one OUT")
	}
	fm, err := exchange.ParseFormat(*format)
	if err != nil {
		return usagef("gen: --format: %v", err)
	}
	w := env.Stdout
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Create(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	g, err := geo.LoadFS(data.FS)
	if err != nil {
		return err
	}
	ew, err := exchange.NewWriter(w, fm, exchange.WriteOptions{})
	if err != nil {
		return err
	}
	if err := exchange.Synthetic(g, *n, *seed, func(in *incident.Incident) error { return ew.Write(in) }); err != nil {
		return err
	}
	return ew.Close()
}
