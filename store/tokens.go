package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

// TokenInfo describes an API token (incident.TokenInfo). The secret itself
// is never stored: only its SHA-256 hash.
type TokenInfo = incident.TokenInfo

// legacyRole is the role of a token stored before tokens had roles. Such a
// token could write, delete, import and back up, which is a publisher's
// share; token management is new and is an admin's alone.
const legacyRole = incident.RolePublisher

func (rec *tokenRec) fill() {
	if rec.Role == "" {
		rec.Role = legacyRole
	}
}

type tokenRec struct {
	TokenInfo
	Hash []byte `json:"hash"`
}

const tokenPrefix = "imt_"

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateToken makes a new publisher token called name (the role every token
// had before roles existed); see CreateTokenRole.
func (db *DB) CreateToken(ctx context.Context, name string) (string, error) {
	return db.CreateTokenRole(ctx, name, incident.RolePublisher)
}

// CreateTokenRole makes a new API token called name with a role and
// returns its secret, which is shown once: only its hash is kept. An
// existing name gives an error wrapping ErrExists; a name outside the
// rules (1 to 100 bytes of letters, digits, spaces and . _ @ -; it is shown in
// public history as the author of changes) one wrapping ErrTokenName.
func (db *DB) CreateTokenRole(ctx context.Context, name string, role incident.Role) (string, error) {
	if err := checkCtx(ctx); err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	if !validTokenName(name) {
		return "", fmt.Errorf("store: create token %q: %w", name, ErrTokenName)
	}
	if role.Rank() == 0 {
		return "", fmt.Errorf("store: create token %q: unknown role %q", name, role)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	rec := tokenRec{TokenInfo: TokenInfo{Name: name, Role: role, Created: db.now().UTC()}, Hash: hashSecret(secret)}
	err := db.updateOther(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktTokens)
		if b.Get([]byte(name)) != nil {
			return fmt.Errorf("%w: token %q", ErrExists, name)
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(name), v); err != nil {
			return err
		}
		return tx.Bucket(bktTokenHash).Put(rec.Hash, []byte(name))
	})
	if err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	return secret, nil
}

// Authenticate returns the name of the token whose secret this is, or an
// error wrapping ErrUnauthorized. The lookup is by hash, so the time it
// takes does not depend on how much of a guess is right.
func (db *DB) Authenticate(ctx context.Context, secret string) (string, error) {
	t, err := db.AuthenticateToken(ctx, secret)
	return t.Name, err
}

// AuthenticateToken is Authenticate returning the whole token: its name
// and role. It reads the database every time, so a revoked token fails on
// the next request.
func (db *DB) AuthenticateToken(ctx context.Context, secret string) (TokenInfo, error) {
	if err := checkCtx(ctx); err != nil {
		return TokenInfo{}, err
	}
	var rec tokenRec
	err := db.bolt.View(func(tx *bolt.Tx) error {
		name := tx.Bucket(bktTokenHash).Get(hashSecret(secret))
		if name == nil {
			return ErrUnauthorized
		}
		v := tx.Bucket(bktTokens).Get(name)
		if v == nil {
			return fmt.Errorf("%w: token hash without token %q", errCorrupt, name)
		}
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%w: token %q: %v", errCorrupt, name, err)
		}
		rec.fill()
		return nil
	})
	if err == ErrUnauthorized {
		return TokenInfo{}, err
	}
	if err != nil {
		return TokenInfo{}, fmt.Errorf("store: authenticate: %w", err)
	}
	return rec.TokenInfo, nil
}

func validTokenName(name string) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for _, c := range name {
		switch {
		case unicode.IsLetter(c), unicode.IsDigit(c), unicode.Is(unicode.Mn, c), c == ' ', c == '.', c == '_', c == '@', c == '-':
		default:
			return false
		}
	}
	return true
}

// RevokeToken deletes a token; an unknown name gives ErrNotFound.
func (db *DB) RevokeToken(ctx context.Context, name string) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	err := db.updateOther(func(tx *bolt.Tx) error {
		b := tx.Bucket(bktTokens)
		v := b.Get([]byte(name))
		if v == nil {
			return fmt.Errorf("%w: token %q", ErrNotFound, name)
		}
		var rec tokenRec
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%w: token %q: %v", errCorrupt, name, err)
		}
		if err := tx.Bucket(bktTokenHash).Delete(rec.Hash); err != nil {
			return err
		}
		return b.Delete([]byte(name))
	})
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	return nil
}

// ListTokens lists the tokens by name, without secrets.
func (db *DB) ListTokens(ctx context.Context) ([]TokenInfo, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	out := []TokenInfo{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktTokens).ForEach(func(k, v []byte) error {
			var rec tokenRec
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("%w: token %q: %v", errCorrupt, k, err)
			}
			rec.fill()
			out = append(out, rec.TokenInfo)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	return out, nil
}
