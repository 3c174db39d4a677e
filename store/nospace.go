package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// ErrNoSpace is wrapped by a write that failed because the file system
// holding the database is full (ENOSPC) or the user's quota is spent
// (EDQUOT). The transaction was rolled back: nothing of the write is
// stored, and reads go on working. It is incident.ErrNoSpace.
var ErrNoSpace = incident.ErrNoSpace

// noSpace reports whether err comes from a full disk or quota. bbolt
// returns most write errors unwrapped, so errors.Is finds the errno; but
// a few of its paths (growing or syncing the file) wrap with %s, keeping
// only the text, so the errno's text is matched as well.
func noSpace(err error) bool {
	for _, e := range noSpaceErrnos {
		if errors.Is(err, e) || strings.Contains(err.Error(), e.Error()) {
			return true
		}
	}
	return false
}

// writeErr classifies the error of a write transaction: a full disk wraps
// ErrNoSpace (and keeps the cause), anything else is returned as it is.
func writeErr(err error) error {
	if err == nil || errors.Is(err, ErrNoSpace) || !noSpace(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrNoSpace, err)
}
