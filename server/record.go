package server

import (
	"fmt"
	"net/http"

	"github.com/incidentmap/incidentmap/incident"
)

// The editorial record is the server's. In a write body (POST, PUT, PATCH)
// the fields created, updated, revision, updated_by and approved_by may be
// left out, or carry the values the server holds (so that an incident read
// from the desk or from history can be sent back as it is); any other value
// is refused: 422 naming the field, or for revision 409, since a different
// revision means the incident changed since the client read it. The server
// then sets them: created and revision by the store, updated_by from the
// token, approved_by only by the approve action (or a publisher's create of
// a published incident).
//
// The state is an action too. A new incident is a draft when an editor
// writes it (or the body asks for one) and published when a publisher or
// admin writes it without a state. An update keeps the state, except that
// an edit sends a rejected incident back to the drafts; publishing a draft
// is POST /api/incidents/{id}/approve, setting it aside .../reject, and
// taking a published incident down is DELETE. An editor may edit drafts and
// rejected incidents only.

// errRecord is a client's value for a field the server keeps.
func errRecord(field string) error {
	return fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: field,
		Msg: "set by the server; leave it out (approve with POST /api/incidents/{id}/approve)"})
}

// applyRecordRules checks in, the body of a write by a token with role and
// name who, against cur (nil for a new incident), and sets the fields the
// server keeps.
func applyRecordRules(in, cur *incident.Incident, role incident.Role, who string) error {
	if cur == nil {
		switch {
		case !in.Created.IsZero():
			return errRecord("created")
		case !in.Updated.IsZero():
			return errRecord("updated")
		case in.Revision != 0:
			return errRecord("revision")
		case in.UpdatedBy != "":
			return errRecord("updated_by")
		case in.ApprovedBy != "":
			return errRecord("approved_by")
		}
		switch in.State {
		case "":
			in.State = incident.Draft
			if role.Allows(incident.RolePublisher) {
				in.State = incident.Published
			}
		case incident.Draft:
		case incident.Published:
			if !role.Allows(incident.RolePublisher) {
				return errStatus(http.StatusForbidden, "an editor writes drafts; a publisher approves them")
			}
		default:
			return fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: "state", Msg: "a new incident is a draft or published"})
		}
		if in.State == incident.Published {
			in.ApprovedBy = who
		}
		return nil
	}
	switch {
	case in.Revision != 0 && in.Revision != cur.Revision:
		return errStatus(http.StatusConflict, fmt.Sprintf("revision %d is not the current one (%d): the incident changed since it was read", in.Revision, cur.Revision))
	case !in.Created.IsZero() && !in.Created.Equal(cur.Created):
		return errRecord("created")
	case !in.Updated.IsZero() && !in.Updated.Equal(cur.Updated):
		return errRecord("updated")
	case in.UpdatedBy != "" && in.UpdatedBy != cur.UpdatedBy:
		return errRecord("updated_by")
	case in.ApprovedBy != "" && in.ApprovedBy != cur.ApprovedBy:
		return errRecord("approved_by")
	}
	from := cur.State
	if from == "" {
		from = incident.Published
	}
	if from == incident.Published && !role.Allows(incident.RolePublisher) {
		return errStatus(http.StatusForbidden, "an editor edits drafts; this incident is published")
	}
	to := in.State
	if to == "" {
		to = from
	}
	switch {
	case to == from:
	case from == incident.Rejected && to == incident.Draft:
	default:
		return errStatus(http.StatusConflict, fmt.Sprintf("state %s to %s is not an edit: use POST /api/incidents/{id}/approve or /reject, or DELETE", from, to))
	}
	if from == incident.Rejected {
		to = incident.Draft // an edit sends it back to the queue
	}
	in.State = to
	in.Created, in.Updated, in.Revision, in.UpdatedBy = cur.Created, cur.Updated, cur.Revision, cur.UpdatedBy
	in.ApprovedBy = cur.ApprovedBy
	return nil
}
