package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/geo"
)

func runGeocode(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet("geocode", "incidentmap geocode [flags] NAME | --reverse LON,LAT | --text FILE",
		`Geocode with the built-in Balochistan gazetteer.

  incidentmap geocode Turbat                 candidates for a place name, best first
  incidentmap geocode --district kech Tump   only candidates in one district
  incidentmap geocode --reverse 63.05,26.0   the district and tehsil of a point
  incidentmap geocode --text article.txt     the places a text names ("-" reads stdin)

A point outside Balochistan is an answer (exit status 0); invalid
coordinates are a usage error (exit status 2).`)
	reverse := fs.String("reverse", "", "reverse-geocode the point `LON,LAT` (decimal degrees)")
	text := fs.String("text", "", "find the places named in the text `FILE` (- for stdin)")
	district := fs.String("district", "", "restrict candidates to the district `ID|NAME`")
	limit := fs.Int("limit", 10, "at most `N` candidates")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	modes := 0
	for _, set := range []bool{*reverse != "", *text != "", fs.NArg() > 0} {
		if set {
			modes++
		}
	}
	if modes != 1 {
		return usagef("geocode: give exactly one of NAME, --reverse LON,LAT or --text FILE (see 'incidentmap geocode --help')")
	}
	if *limit < 1 {
		return usagef("geocode: --limit must be at least 1")
	}
	g, err := geo.LoadFS(data.FS)
	if err != nil {
		return err
	}
	switch {
	case *reverse != "":
		p, err := geo.ParsePoint(*reverse)
		if err != nil {
			return usagef("geocode: --reverse: %v", err)
		}
		res, err := g.ReverseNear(p, geo.BorderTolerance)
		if err != nil {
			return usagef("geocode: --reverse: %v", err)
		}
		if *asJSON {
			return writeJSON(env.Stdout, struct {
				Lon float64 `json:"lon"`
				Lat float64 `json:"lat"`
				geo.Place
			}{p[0], p[1], res})
		}
		near := ""
		if res.Near {
			near = " (just outside its coarse outline)"
		}
		switch {
		case res.Inside:
			fmt.Fprintf(env.Stdout, "%.5f,%.5f lies in %s district (%s), tehsil %s, Balochistan%s\n", p[0], p[1], res.District, res.DistrictID, res.Tehsil, near)
		case res.DistrictID != "":
			fmt.Fprintf(env.Stdout, "%.5f,%.5f lies outside Balochistan, in %s district (%s), %s, %s%s\n", p[0], p[1], res.District, res.DistrictID, res.Admin1, res.Country, near)
		case res.Region != "":
			fmt.Fprintf(env.Stdout, "%.5f,%.5f lies outside Balochistan, in %s, %s%s\n", p[0], p[1], res.Admin1, res.Country, near)
		default:
			fmt.Fprintf(env.Stdout, "%.5f,%.5f lies beyond the mapped region or in the open sea\n", p[0], p[1])
		}
		return nil
	case *text != "":
		b, err := readInput(env, *text)
		if err != nil {
			return err
		}
		ms := g.Parse(string(b))
		if *asJSON {
			if ms == nil {
				ms = []geo.Mention{}
			}
			return writeJSON(env.Stdout, ms)
		}
		if len(ms) == 0 {
			fmt.Fprintln(env.Stdout, "no places found")
			return nil
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "OFFSET\tTEXT\tKIND\tPLACE\tDISTRICT\tPRECISION")
		for _, m := range ms {
			c := m.Candidate
			fmt.Fprintf(tw, "%d-%d\t%s\t%s\t%s\t%s\t%s\n", m.Start, m.End, m.Text, c.Kind, c.Name, orDash(c.District), c.Precision)
		}
		return tw.Flush()
	}
	q := strings.Join(fs.Args(), " ")
	cs, err := g.Geocode(q, geo.GeocodeOptions{District: *district, Limit: *limit})
	if errors.Is(err, geo.ErrBadQuery) {
		return usagef("geocode: %v", err)
	}
	if errors.Is(err, geo.ErrNoMatch) {
		// No confident match is an answer, not a failure: the gazetteer
		// does not guess.
		if *asJSON {
			return writeJSON(env.Stdout, []geo.Candidate{})
		}
		_, err := fmt.Fprintf(env.Stdout, "no match for %q\n", q)
		return err
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, cs)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tDISTRICT\tTEHSIL\tPROVINCE\tCOUNTRY\tLON,LAT\tPRECISION\tSCORE\tMATCH")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.5f,%.5f\t%s\t%.3f\t%s\n", c.Name, c.Kind, orDash(c.District), orDash(c.Tehsil),
			orDash(c.Admin1), orDash(c.Country), c.Point[0], c.Point[1], c.Precision, c.Score, c.Match)
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// readInput reads a whole file, or stdin for "-".
func readInput(env *Env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(env.Stdin)
	}
	return os.ReadFile(name)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
