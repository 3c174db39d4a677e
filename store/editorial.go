package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

// SetState is the editorial action on a draft: Approve publishes it with who
// as its approver, Reject sets it aside. Either is a new revision whose
// history action is "approve" or "reject", so the history shows who decided
// and when. The content is not changed. Approving a published incident or
// rejecting a rejected one is refused with ErrState, as is rejecting a
// published incident (delete it instead); a deleted incident gives
// ErrDeleted.
func (db *DB) SetState(ctx context.Context, id, who string, to incident.State) (*incident.Incident, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	var act byte
	switch to {
	case incident.Published:
		act = actApprove
	case incident.Rejected:
		act = actReject
	default:
		return nil, fmt.Errorf("store: set state %s: %w: want published or rejected, got %q", id, ErrState, to)
	}
	var out incident.Incident
	err := db.update(true, func(tx *bolt.Tx, p *pending) (bool, error) {
		seq, rec, flags, old, err := lookupDecoded(tx, id)
		if err != nil {
			return false, err
		}
		if flags&flagDeleted != 0 {
			return false, fmt.Errorf("%w: %s", ErrDeleted, id)
		}
		from := old.State
		if from == "" {
			from = incident.Published
		}
		if from == to || from == incident.Published {
			return false, fmt.Errorf("%w: %s is %s", ErrState, id, from)
		}
		if err := tx.Bucket(bktRevisions).Put(revKey(seq, old.Revision), slices.Clone(rec)); err != nil {
			return false, err
		}
		out = *old
		out.State = to
		out.ApprovedBy = ""
		if to == incident.Published {
			out.ApprovedBy = who
		}
		out.Revision++
		out.Updated = db.now().UTC()
		out.UpdatedBy = who
		if seq <= p.w { // else the entries are deferred: Flush derives them
			p.deleteIndex(seq, old)
			p.addIndex(seq, &out)
		}
		if err := tx.Bucket(bktIncidents).Put(u64(seq), encodeRecord(nil, 0, act, &out)); err != nil {
			return false, err
		}
		p.pix = append(p.pix, pixOp{seq: seq, in: &out, old: old})
		return true, nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: set state %s: %w", id, err)
	}
	return &out, nil
}

// Deleted returns the deleted incidents as their tombstones hold them,
// most recently deleted first, at most limit (all when limit <= 0), with
// how many there are. It reads every record's flags: its cost grows with
// the database (see docs/desk.md), so it is for the desk, not the public.
func (db *DB) Deleted(ctx context.Context, limit int) ([]*incident.Incident, int, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, 0, err
	}
	var out []*incident.Incident
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bktIncidents).Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if len(v) < 3 || v[1]&flagDeleted == 0 {
				continue
			}
			_, _, in, err := decodeRecord(v)
			if err != nil {
				return err
			}
			out = append(out, in)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: deleted: %w", err)
	}
	slices.SortFunc(out, func(a, b *incident.Incident) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	total := len(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}
