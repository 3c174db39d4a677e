package store

import (
	"context"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole database file to w while
// reads and writes go on (one read transaction's snapshot), and returns the
// number of bytes written. The copy is a valid database: to restore, stop
// the server and copy the backup over the database file.
func (db *DB) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if err := checkCtx(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx, w})
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// ctxWriter stops a long backup when its context ends.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
