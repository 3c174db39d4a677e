package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/testfs"
)

func TestWriteErrNoSpace(t *testing.T) {
	enospc := &os.PathError{Op: "write", Path: "x.db", Err: syscall.ENOSPC}
	tests := map[string]struct {
		err  error
		want bool
	}{
		"errno from writeAt":           {enospc, true},
		"quota":                        {&os.PathError{Op: "write", Path: "x.db", Err: syscall.EDQUOT}, true},
		"wrapped with %w":              {fmt.Errorf("commit: %w", enospc), true},
		"bbolt's resize wraps with %s": {fmt.Errorf("file resize error: %s", enospc), true},
		"other errno":                  {&os.PathError{Op: "write", Path: "x.db", Err: syscall.EIO}, false},
		"other error":                  {io.ErrUnexpectedEOF, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := writeErr(tt.err)
			if got := errors.Is(err, ErrNoSpace); got != tt.want {
				t.Fatalf("errors.Is(writeErr(%v), ErrNoSpace) = %v, want %v", tt.err, got, tt.want)
			}
			if tt.want && !strings.Contains(err.Error(), tt.err.Error()) {
				t.Errorf("%q lost its cause %q", err, tt.err)
			}
		})
	}
	if writeErr(nil) != nil {
		t.Error("writeErr(nil) != nil")
	}
}

// TestPutBatchDiskFull fills a real 1 MiB tmpfs: the batch that does not fit
// fails with ErrNoSpace, nothing of it is stored, and the store still
// reads and takes a small write. Needs permission to mount (root, or a
// user namespace); skipped elsewhere.
func TestPutBatchDiskFull(t *testing.T) {
	dir := testfs.SmallTmpfs(t, "1m")
	db := mustOpen(t, dir+"/full.db")
	ins := synth(2000, 7)
	for _, in := range ins {
		in.Description = strings.Repeat("filler text ", 100) // ~1.2 kB each: 2.4 MB in all
	}
	_, err := db.PutBatch(t.Context(), ins, "test")
	if !errors.Is(err, ErrNoSpace) {
		t.Fatalf("PutBatch on a full disk: %v, want ErrNoSpace", err)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("%v: the errno is lost", err)
	}
	if n, err := db.Count(t.Context(), incident.Filter{Drafts: true}); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want 0 (the batch rolled back)", n, err)
	}
	if _, _, err := db.Put(t.Context(), synth(1, 8)[0], "test"); err != nil {
		t.Errorf("small write after the failure: %v", err)
	}
}
