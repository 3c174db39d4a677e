package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

const reviewSynopsis = "incidentmap review [--db PATH] list | show ID | approve ID --by NAME | reject ID [--by NAME] | edit ID --file incident.json"

func runReview(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("review", reviewSynopsis,
		`Work through the draft incidents that 'incidentmap extract --save' (or
POST /api/extract) stored. Drafts are never shown publicly.

  list                        drafts, newest first (--json for JSON)
  show ID                     one incident as JSON: the shape 'edit' reads
  edit ID --file FILE         replace the draft with the incident in FILE
                              (the JSON of 'show', corrected); it stays a draft
  approve ID --by NAME        publish it; NAME is recorded as approver and in
                              the history
  reject ID [--by NAME]       mark it rejected (kept, never published)`)
	dbPath := fs.dbFlag("database `PATH`")
	by := fs.String("by", "", "reviewer `NAME` (required for approve)")
	file := fs.String("file", "", "incident JSON `FILE` for edit (- for stdin)")
	asJSON := fs.Bool("json", false, "print JSON (list)")
	// Flags may come after the action and id: parse them out of the rest.
	var pos []string
	rest := args
	for {
		if err := parseFlags(fs, env, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(pos) == 0 {
		return usagef("review: want an action: list, show, edit, approve or reject (see 'incidentmap review --help')")
	}
	action := pos[0]
	needID := map[string]bool{"show": true, "edit": true, "approve": true, "reject": true}
	switch {
	case action == "list" && len(pos) == 1:
	case needID[action] && len(pos) == 2:
	case needID[action]:
		return usagef("review %s: want exactly one incident ID", action)
	default:
		return usagef("review: unknown action %q (want list, show, edit, approve or reject)", strings.Join(pos, " "))
	}
	if action == "approve" && strings.TrimSpace(*by) == "" {
		return usagef("review approve: --by NAME is required")
	}
	if action == "edit" && *file == "" {
		return usagef("review edit: --file FILE is required")
	}
	db, err := store.Open(*dbPath, store.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	if action == "list" {
		return reviewList(ctx, env, db, *asJSON)
	}
	id := pos[1]
	in, err := db.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("review %s: %w", action, err)
	}
	who := strings.TrimSpace(*by)
	if who == "" {
		who = envOr(env, "USER", "cli")
	}
	switch action {
	case "show":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(in)
	case "approve", "reject":
		if in.State != incident.Draft && !(action == "approve" && in.State == incident.Rejected) {
			return fmt.Errorf("review %s: %s is %s, not a draft", action, id, stateName(in.State))
		}
		to := incident.Rejected
		if action == "approve" {
			to = incident.Published
		}
		// The same action as POST /api/incidents/{id}/approve: recorded in
		// the history as "approve" or "reject".
		if _, err := db.SetState(ctx, id, who, to); err != nil {
			return fmt.Errorf("review %s %s: %w", action, id, err)
		}
		fmt.Fprintf(env.Stdout, "%s %s by %s\n", id, map[string]string{"approve": "approved", "reject": "rejected"}[action], who)
		return nil
	case "edit":
		if in.State != incident.Draft {
			return fmt.Errorf("review edit: %s is %s, not a draft", id, stateName(in.State))
		}
		ed, err := readIncidentFile(env, *file)
		if err != nil {
			return err
		}
		if ed.ID == "" {
			ed.ID = id
		}
		if ed.ID != id {
			return fmt.Errorf("review edit: %s: field id: %q does not match %s", *file, ed.ID, id)
		}
		ed.State, ed.ApprovedBy = incident.Draft, ""
		if _, _, err := db.Put(ctx, ed, who); err != nil {
			var fe *incident.FieldError
			if errors.As(err, &fe) {
				return fmt.Errorf("review edit: %s: field %s: %s", *file, fe.Field, fe.Msg)
			}
			return fmt.Errorf("review edit: %w", err)
		}
		fmt.Fprintf(env.Stdout, "%s updated (still a draft)\n", id)
	}
	return nil
}

func stateName(s incident.State) string {
	if s == "" {
		return string(incident.Published)
	}
	return string(s)
}

func reviewList(ctx context.Context, env *Env, db *store.DB, asJSON bool) error {
	var drafts []*incident.Incident
	err := db.Each(ctx, incident.Filter{Drafts: true}, func(in *incident.Incident) error {
		if in.State == incident.Draft {
			drafts = append(drafts, in)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if asJSON {
		if drafts == nil {
			drafts = []*incident.Incident{}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(drafts)
	}
	if len(drafts) == 0 {
		fmt.Fprintln(env.Stdout, "No drafts to review.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tDISTRICT\tTYPE\tCLAIMANTS\tTITLE")
	for _, in := range drafts {
		date := in.Date
		if in.DatePrecision == incident.DateRange {
			date += ".." + in.EndDate
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", in.ID, date, orDash(in.Location.DistrictID), in.Type, strings.Join(in.Actors(), ","), in.Title)
	}
	return tw.Flush()
}

// readIncidentFile reads one incident as JSON, naming the line of a syntax
// or type error.
func readIncidentFile(env *Env, name string) (*incident.Incident, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(io.LimitReader(env.Stdin, 1<<24))
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var in incident.Incident
	if err := dec.Decode(&in); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, usagef("review edit: %s:%d: %v", name, lineOf(b, se.Offset), err)
		case errors.As(err, &te):
			return nil, usagef("review edit: %s:%d: field %s: want %s", name, lineOf(b, te.Offset), te.Field, te.Type)
		}
		return nil, usagef("review edit: %s: %v", name, err)
	}
	return &in, nil
}

func lineOf(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return bytes.Count(b[:off], []byte("\n")) + 1
}
