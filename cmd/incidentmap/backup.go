package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/incidentmap/incidentmap/store"
)

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("backup", "incidentmap backup [--db PATH] OUT",
		`Write a consistent copy of the database to OUT ("-" for standard output),
taken inside one read transaction, so writes made meanwhile are either all
in the copy or not at all. OUT is written beside itself and renamed into
place when complete.

To restore, stop the server and put the copy in place of the database file
(or point --db at it):

  incidentmap backup --db incidentmap.db backup.db
  cp backup.db incidentmap.db`)
	dbPath := fs.String("db", envOr(env, "INCIDENTMAP_DB", "incidentmap.db"), "database `PATH` (env INCIDENTMAP_DB)")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("backup: want exactly one OUT (see 'incidentmap backup --help')")
	}
	out := fs.Arg(0)
	if _, err := os.Stat(*dbPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := store.Open(*dbPath, store.Options{ReadOnly: true})
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("backup: %s is held by another process (a running server writes it): %w", *dbPath, err)
		}
		return fmt.Errorf("open %s: %w", *dbPath, err)
	}
	defer db.Close()
	if out == "-" {
		_, err := db.Backup(ctx, env.Stdout)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := db.Backup(ctx, io.Writer(tmp))
	if err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "%s: %d bytes\n", out, n)
	return nil
}
