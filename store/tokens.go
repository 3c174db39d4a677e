package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TokenInfo describes an API token. The secret itself is never stored: only
// its SHA-256 hash.
type TokenInfo struct {
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
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

// CreateToken makes a new API token called name and returns its secret,
// which is shown once: only its hash is kept. An existing name gives an
// error wrapping ErrExists.
func (db *DB) CreateToken(ctx context.Context, name string) (string, error) {
	if err := checkCtx(ctx); err != nil {
		return "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", fmt.Errorf("store: create token: name must be 1 to 100 characters")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	rec := tokenRec{TokenInfo: TokenInfo{Name: name, Created: db.now().UTC()}, Hash: hashSecret(secret)}
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
	if err := checkCtx(ctx); err != nil {
		return "", err
	}
	var name string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bktTokenHash).Get(hashSecret(secret)); v != nil {
			name = string(v)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: authenticate: %w", err)
	}
	if name == "" {
		return "", ErrUnauthorized
	}
	return name, nil
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
			out = append(out, rec.TokenInfo)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	return out, nil
}
