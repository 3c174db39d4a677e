package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/testfs"
	"github.com/incidentmap/incidentmap/store"
)

// TestDiskFull507: an import that does not fit on a real, full 1 MiB tmpfs
// answers 507 with a JSON message naming the cause, and stores nothing
// (issue 15: it answered 500 "internal server error"). Skipped where the
// test may not mount a tmpfs; TestNoSpaceInjected covers the mapping there.
func TestDiskFull507(t *testing.T) {
	dir := testfs.SmallTmpfs(t, "1m")
	db, err := store.Open(filepath.Join(dir, "full.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tok, err := db.CreateToken(t.Context(), "tester")
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{db: db, token: tok, srv: New(Options{Store: db, Gazetteer: testGazetteer(t), Static: testStatic,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})}
	var body strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&body, `{"type":"Feature","geometry":{"type":"Point","coordinates":[63.05,26.0]},"properties":{"id":"F-%d","title":"IED blast","description":%q,"date":"2025-07-20","type":"bombing","precision":"town","claims":[]}}`+"\n",
			i, strings.Repeat("filler text ", 100))
	}
	rec := env.do(t, http.MethodPost, "/api/import?format=geojsonseq", strings.NewReader(body.String()), "Authorization", "Bearer "+tok)
	if rec.Code != http.StatusInsufficientStorage {
		t.Fatalf("import on a full disk: %d %.300s, want 507", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if e := errorOf(t, rec); !strings.Contains(e.Error, "disk is full") {
		t.Errorf("error %q does not name the cause", e.Error)
	}
	if n, err := db.Count(t.Context(), incident.Filter{Drafts: true}); err != nil || n != 0 {
		t.Errorf("Count = %d, %v, want 0", n, err)
	}
	if rec := env.write(t, http.MethodPost, "/api/incidents", validBody); rec.Code != http.StatusCreated {
		t.Errorf("a small write after the failure: %d %s", rec.Code, rec.Body)
	}
}

// fullStore is a store whose disk is full: every write fails as bbolt's
// write of a page fails with ENOSPC.
type fullStore struct{ *store.DB }

func (fullStore) errNoSpace() error {
	return fmt.Errorf("%w: %w", store.ErrNoSpace, &os.PathError{Op: "write", Path: "x.db", Err: syscall.ENOSPC})
}

func (f fullStore) Put(context.Context, *incident.Incident, string) (*incident.Incident, store.Change, error) {
	return nil, 0, f.errNoSpace()
}

func (f fullStore) Delete(context.Context, string, string) error { return f.errNoSpace() }

// TestNoSpaceInjected: every write route maps ErrNoSpace to 507 with a JSON
// message, on any machine.
func TestNoSpaceInjected(t *testing.T) {
	env := newTestEnv(t, Options{})
	if rec := env.write(t, http.MethodPost, "/api/incidents", validBody); rec.Code != http.StatusCreated {
		t.Fatalf("create: %d", rec.Code)
	}
	env.srv = New(Options{Store: fullStore{env.db}, Gazetteer: testGazetteer(t), Static: testStatic})
	for _, m := range []struct{ method, target, body string }{
		{http.MethodPost, "/api/incidents", strings.Replace(validBody, "W-1", "W-2", 1)},
		{http.MethodPut, "/api/incidents/W-1", strings.Replace(validBody, "checkpoint", "post", 1)},
		{http.MethodPatch, "/api/incidents/W-1", `{"title":"x"}`},
		{http.MethodDelete, "/api/incidents/W-1", ""},
	} {
		rec := env.write(t, m.method, m.target, m.body)
		if rec.Code != http.StatusInsufficientStorage || !strings.Contains(errorOf(t, rec).Error, "disk is full") {
			t.Errorf("%s %s: %d %s, want 507 naming the disk", m.method, m.target, rec.Code, rec.Body)
		}
	}
}
