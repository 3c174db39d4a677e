package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

const tokenHelp = `Manage the bearer tokens that authorise writes to the server
(POST/PUT/PATCH/DELETE /api/incidents, POST /api/import, POST /api/extract).

  token create --name NAME [--role ROLE]
                             create a token and print its secret once
  token list                 list token names, roles and creation times
  token revoke --name NAME   revoke a token; requests using it get 401

Roles (docs/desk.md): editor writes and edits drafts; publisher also
approves, rejects, deletes, restores, imports and backs up; admin also
manages tokens over HTTP (the desk's Tokens tab). --role defaults to
publisher, what every token could do before roles; tokens made before
roles existed are publishers.

Only a hash of each secret is stored. The token's name is recorded as the
author of every change made with it. While a server holds the database,
revoke over HTTP with an admin token (DELETE /api/tokens/NAME).`

func runToken(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("token", "incidentmap token create|list|revoke [flags]", tokenHelp)
	dbPath := fs.dbFlag("database `PATH`")
	name := fs.String("name", "", "token `NAME` (create, revoke)")
	roleName := fs.String("role", string(incident.RolePublisher), "`ROLE` of a new token: editor, publisher or admin")
	asJSON := fs.Bool("json", false, "machine-readable output")
	if len(args) == 0 {
		return usagef("token: want a subcommand: create, list or revoke (see 'incidentmap token --help')")
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" || sub == "-help" || sub == "help" {
		return parseFlags(fs, env, []string{"--help"})
	}
	if err := parseFlags(fs, env, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("token: unexpected argument %q", fs.Arg(0))
	}
	switch sub {
	case "create", "revoke":
		if *name == "" {
			return usagef("token %s: --name is required", sub)
		}
	}
	role, err := incident.ParseRole(*roleName)
	if err != nil {
		return usagef("token: --role: %v", err)
	}
	switch sub {
	case "create", "revoke":
	case "list":
	default:
		return usagef("token: unknown subcommand %q (want create, list or revoke)", sub)
	}
	db, err := store.Open(*dbPath, store.Options{})
	if err != nil {
		return fmt.Errorf("open %s: %w", *dbPath, err)
	}
	defer db.Close()
	switch sub {
	case "create":
		secret, err := db.CreateTokenRole(ctx, *name, role)
		if err != nil {
			return err
		}
		if err := db.Close(); err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(env.Stdout).Encode(map[string]string{"name": *name, "role": string(role), "token": secret})
		}
		fmt.Fprintln(env.Stdout, secret)
		fmt.Fprintf(env.Stderr, "token %q (%s) created; this is the only time its secret is shown\n", *name, role)
	case "revoke":
		if err := db.RevokeToken(ctx, *name); err != nil {
			return err
		}
		if err := db.Close(); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintf(env.Stderr, "token %q revoked\n", *name)
		}
	case "list":
		toks, err := db.ListTokens(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(env.Stdout).Encode(toks)
		}
		for _, t := range toks {
			fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", t.Name, t.Role, t.Created.UTC().Format(time.RFC3339))
		}
	}
	return nil
}
