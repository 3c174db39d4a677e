package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/incidentmap/incidentmap/store"
)

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet("backup", "incidentmap backup [--db PATH | --url URL --token TOKEN] OUT",
		`Write a consistent copy of the database to OUT ("-" for standard output),
taken inside one read transaction, so writes made meanwhile are either all
in the copy or not at all. OUT is written beside itself and renamed into
place when complete.

A running server holds the database file's lock; back it up through the
server instead, with a write token (the copy is checked by opening it):

  incidentmap backup --url http://127.0.0.1:8080 --token "$TOKEN" backup.db

To restore, stop the server and put the copy in place of the database file
(or point --db at it):

  incidentmap backup --db incidentmap.db backup.db
  cp backup.db incidentmap.db`)
	dbPath := fs.dbFlag("database `PATH`")
	url := fs.String("url", "", "back up the server at `URL` instead of a file")
	fs.fromEnv("url", "INCIDENTMAP_URL")
	token := fs.String("token", "", "write `TOKEN` for --url")
	fs.fromEnv("token", "INCIDENTMAP_TOKEN")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("backup: want exactly one OUT (see 'incidentmap backup --help')")
	}
	out := fs.Arg(0)
	if *url != "" {
		if *token == "" {
			return usagef("backup: --url needs --token (or INCIDENTMAP_TOKEN)")
		}
		if out == "-" {
			return usagef("backup: --url writes to a file, not standard output")
		}
		return backupFromServer(ctx, env, *url, *token, out)
	}
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

// backupFromServer downloads GET URL/api/backup into out, then opens the copy
// to check it is a whole database before renaming it into place.
func backupFromServer(ctx context.Context, env *Env, base, token, out string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/api/backup", nil)
	if err != nil {
		return usagef("backup: --url: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("backup: %s: %s %s", req.URL, resp.Status, strings.TrimSpace(string(msg)))
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := io.Copy(tmp, resp.Body)
	if err != nil {
		return fmt.Errorf("backup: download: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	db, err := store.Open(tmp.Name(), store.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("backup: the downloaded copy (%d bytes) does not open: %w", n, err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "%s: %d bytes from %s\n", out, n, base)
	return nil
}
