package store

import (
	"context"
	"fmt"
	"slices"

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
		seq, rec, err := lookup(tx, id)
		if err != nil {
			return false, err
		}
		flags, _, old, err := decodeRecord(rec)
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
