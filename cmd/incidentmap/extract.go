package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/extract"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

func runExtract(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("extract", "incidentmap extract [--published YYYY-MM-DD] [--json] [--save --db PATH] FILE|-",
		`Find candidate incidents in a news text (plain text; "-" reads stdin).

Without --json it prints a readable summary: each candidate with its place,
type, date, claims, figures and the sentence each came from. With --json it
prints a GeoJSON FeatureCollection: one Point feature per candidate whose
properties are the draft incident plus an "extraction" object with the
evidence; the series found are in the top-level "series" member.

--published resolves relative dates ("late Tuesday", "yesterday"); without it
they stay unknown. --save stores the candidates as drafts (state "draft",
never shown publicly) for 'incidentmap review'.`)
	published := fs.String("published", "", "publication date of the text `YYYY-MM-DD`")
	asJSON := fs.Bool("json", false, "print GeoJSON")
	save := fs.Bool("save", false, "store the candidates as drafts in the database")
	dbPath := fs.dbFlag("database `PATH` for --save")
	source := fs.String("source", "", "source `NAME` recorded on every claim (e.g. the newspaper)")
	url := fs.String("url", "", "source `URL` recorded on every claim")
	who := fs.String("by", envOr(env, "USER", "cli"), "`NAME` recorded in the history of saved drafts")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("extract: want one FILE or - (see 'incidentmap extract --help')")
	}
	var pub time.Time
	if *published != "" {
		t, err := time.Parse(time.DateOnly, *published)
		if err != nil {
			return usagef("extract: --published: want YYYY-MM-DD, got %q", *published)
		}
		pub = t
	}
	name := fs.Arg(0)
	var r io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, extract.MaxText+1))
	if err != nil {
		return fmt.Errorf("extract: %s: %w", name, err)
	}
	g, err := geo.LoadFS(data.FS)
	if err != nil {
		return err
	}
	x, err := extract.New(g)
	if err != nil {
		return err
	}
	res, err := x.Extract(string(b), pub)
	if err != nil {
		return fmt.Errorf("extract: %s: %w", name, err)
	}
	ins := make([]*incidentWithEvidence, len(res.Candidates))
	for i := range res.Candidates {
		c := &res.Candidates[i]
		in := c.Incident()
		for k := range in.Claims {
			in.Claims[k].Source.Name, in.Claims[k].Source.URL = *source, *url
		}
		ins[i] = &incidentWithEvidence{c: c, in: in}
	}
	for _, s := range res.Series {
		for k := range s.Claims {
			s.Claims[k].Source.Name, s.Claims[k].Source.URL = *source, *url
		}
	}
	if *save {
		db, err := store.Open(*dbPath, store.Options{Timeout: time.Second})
		if err != nil {
			return err
		}
		defer db.Close()
		for _, s := range res.Series {
			if err := db.PutSeries(ctx, s, *who); err != nil {
				return fmt.Errorf("extract: save series %s: %w", s.ID, err)
			}
		}
		for _, e := range ins {
			if err := exchange.LocatePoint(g, &e.in.Location); err != nil {
				return fmt.Errorf("extract: save %s: %w", e.in.ID, err)
			}
			if _, _, err := db.Put(ctx, e.in, *who); err != nil {
				return fmt.Errorf("extract: save %s: %w", e.in.ID, err)
			}
		}
		fmt.Fprintf(env.Stderr, "saved %d draft(s) and %d series to %s\n", len(ins), len(res.Series), *dbPath)
	}
	if *asJSON {
		return writeExtractGeoJSON(env.Stdout, res, ins)
	}
	writeExtractSummary(env.Stdout, res, ins)
	return nil
}

type incidentWithEvidence struct {
	c  *extract.Candidate
	in *incident.Incident
}

func writeExtractGeoJSON(w io.Writer, res *extract.Result, ins []*incidentWithEvidence) error {
	type feature struct {
		Type       string         `json:"type"`
		ID         string         `json:"id"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	fc := struct {
		Type      string                    `json:"type"`
		Features  []feature                 `json:"features"`
		Series    []extract.SeriesCandidate `json:"series"`
		Published string                    `json:"published,omitempty"`
		Sentences []extract.Span            `json:"sentences"`
		Skipped   []extract.Skipped         `json:"skipped,omitempty"`
	}{Type: "FeatureCollection", Features: []feature{}, Series: res.SeriesInfo, Published: res.Published,
		Sentences: res.Sentences, Skipped: res.Skipped}
	for _, e := range ins {
		b, err := json.Marshal(e.in)
		if err != nil {
			return err
		}
		props := map[string]any{}
		if err := json.Unmarshal(b, &props); err != nil {
			return err
		}
		props["extraction"] = e.c
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: e.c.ID,
			Geometry:   map[string]any{"type": "Point", "coordinates": []float64{e.c.Location.Lon, e.c.Location.Lat}},
			Properties: props})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(fc)
}

func writeExtractSummary(w io.Writer, res *extract.Result, ins []*incidentWithEvidence) {
	quote := func(s string) string {
		if r := []rune(s); len(r) > 160 {
			s = string(r[:157]) + "..."
		}
		return "“" + s + "”"
	}
	sentence := func(i int) string { return quote(res.Sentences[i].Text) }
	if len(ins) == 0 {
		fmt.Fprintln(w, "No candidate incidents found.")
	}
	for n, e := range ins {
		c := e.c
		fmt.Fprintf(w, "%d. %s  [%s]\n", n+1, c.Title, c.ID)
		loc := c.Location
		fmt.Fprintf(w, "   place:  %s (%s, %s)", loc.Name, orDash(loc.District), loc.Precision.Words())
		if loc.Text != "" {
			fmt.Fprintf(w, " from %q at bytes %d-%d", loc.Text, loc.Start, loc.End)
		}
		fmt.Fprintln(w)
		if c.LocationNote != "" {
			fmt.Fprintf(w, "           %s\n", c.LocationNote)
		}
		fmt.Fprintf(w, "   type:   %s", c.Type.Label())
		if c.TypeEvidence != nil {
			fmt.Fprintf(w, " (cue %q)", c.TypeEvidence.Text)
		}
		fmt.Fprintln(w)
		if c.Date.Known {
			d := c.Date.Date
			if c.Date.EndDate != "" {
				d += " to " + c.Date.EndDate
			}
			fmt.Fprintf(w, "   date:   %s (%s, from %q)", d, c.Date.Precision, c.Date.Evidence.Text)
			if c.Date.Note != "" {
				fmt.Fprintf(w, "; %s", c.Date.Note)
			}
			fmt.Fprintln(w)
		} else {
			fmt.Fprintf(w, "   date:   unknown (%s)\n", c.Date.Note)
		}
		if c.SeriesName != "" {
			fmt.Fprintf(w, "   series: %s (claims on the series, below)\n", c.SeriesName)
		}
		for _, cl := range c.Claims {
			writeClaim(w, cl, sentence)
		}
		for _, s := range c.Silent {
			fmt.Fprintf(w, "   silent: %s (%q)\n", s.ID, s.Text)
		}
		for _, note := range c.Notes {
			fmt.Fprintf(w, "   note:   %s\n", note)
		}
		fmt.Fprintln(w)
	}
	for _, s := range res.SeriesInfo {
		fmt.Fprintf(w, "Series %q (%s), members %s\n", s.Name, orDash(s.Actor), strings.Join(s.Members, ", "))
		for _, cl := range s.Claims {
			writeClaim(w, cl, sentence)
		}
		for _, a := range s.Silent {
			fmt.Fprintf(w, "   silent: %s (%q)\n", a.ID, a.Text)
		}
		fmt.Fprintln(w)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(w, "skipped: %s: %s\n", sentence(s.Sentence), s.Reason)
	}
}

func writeClaim(w io.Writer, cl extract.Claim, sentence func(int) string) {
	fmt.Fprintf(w, "   claim:  %s, %s, %s", cl.Actor, cl.Kind, cl.Status)
	if cl.Speaker.Text != "" {
		fmt.Fprintf(w, " (speaker %q in %s)", cl.Speaker.Text, sentence(cl.Speaker.Sentence))
	}
	fmt.Fprintln(w)
	for _, f := range cl.Figures {
		fmt.Fprintf(w, "           %s %s: %s (%q)\n", f.Group, f.Outcome, f.Range, f.Text)
	}
	for _, v := range cl.StatusCues {
		fmt.Fprintf(w, "           status cue %q\n", v.Text)
	}
}
