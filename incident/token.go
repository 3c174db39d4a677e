package incident

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// TokenInfo describes an API token: who it names (recorded as the author of
// every change made with it) and what it may do. Secrets are never kept,
// only their hashes.
type TokenInfo struct {
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Created time.Time `json:"created"`
}

// Role is what a token may do. Each role may do everything the roles
// before it may: an editor writes and edits drafts; a publisher also
// approves, rejects, deletes, restores, imports and backs up; an admin
// also manages tokens.
type Role string

// Roles, least to most powerful.
const (
	RoleEditor    Role = "editor"
	RolePublisher Role = "publisher"
	RoleAdmin     Role = "admin"
)

// Roles lists the roles, least powerful first.
var Roles = []Role{RoleEditor, RolePublisher, RoleAdmin}

// Rank orders the roles: editor 1, publisher 2, admin 3, anything else 0.
func (r Role) Rank() int {
	for i, x := range Roles {
		if r == x {
			return i + 1
		}
	}
	return 0
}

// Allows reports whether a token of role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.Rank() >= need.Rank() && need.Rank() > 0 }

// ParseRole reads a role name; anything but editor, publisher or admin is
// an error.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.Rank() == 0 {
		return "", fmt.Errorf("unknown role %q (want editor, publisher or admin)", s)
	}
	return r, nil
}

var (
	// ErrState: an editorial action the incident's state does not allow
	// (approving a published incident, rejecting one that is not a draft).
	ErrState = errors.New("incident: not allowed in this state")
	// ErrTokenName: a token name outside the rules (1 to 100 bytes of
	// letters, digits, spaces and . _ @ -; it shows in public history).
	ErrTokenName = errors.New("a token name is 1 to 100 bytes of letters, digits, spaces and . _ @ -")
)
