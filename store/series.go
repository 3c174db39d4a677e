package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/incidentmap/incidentmap/incident"
)

// seriesV1 leads every stored series: JSON follows. Series are few, so JSON
// is compact enough and easy to migrate.
const seriesV1 = 1

// PutSeries creates or replaces a series after normalizing its claims'
// actors and validating it. Identical content writes nothing; otherwise the
// revision goes up by one.
func (db *DB) PutSeries(ctx context.Context, s *incident.Series, who string) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	if s == nil {
		return fmt.Errorf("store: put series: %w: nil series", incident.ErrInvalid)
	}
	c := *s
	c.Claims = slices.Clone(s.Claims)
	c.Normalize()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("store: put series %q: %w", c.ID, err)
	}
	err := db.update(true, func(tx *bolt.Tx, _ *pending) (bool, error) {
		b := tx.Bucket(bktSeries)
		if old := b.Get([]byte(c.ID)); old != nil {
			prev, err := decodeSeries(old)
			if err != nil {
				return false, err
			}
			cmp := c
			cmp.Updated, cmp.Revision = prev.Updated, prev.Revision
			if enc, _ := encodeSeries(&cmp); string(enc) == string(old) {
				return false, nil
			}
			c.Revision = prev.Revision + 1
		} else {
			c.Revision = 1
		}
		c.Updated = db.now().UTC()
		enc, err := encodeSeries(&c)
		if err != nil {
			return false, err
		}
		return true, b.Put([]byte(c.ID), enc)
	})
	if err != nil {
		return fmt.Errorf("store: put series %q: %w", c.ID, err)
	}
	return nil
}

func encodeSeries(s *incident.Series) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return append([]byte{seriesV1}, b...), nil
}

func decodeSeries(b []byte) (*incident.Series, error) {
	if len(b) == 0 || b[0] != seriesV1 {
		return nil, fmt.Errorf("%w: series encoding version", errCorrupt)
	}
	var s incident.Series
	if err := json.Unmarshal(b[1:], &s); err != nil {
		return nil, fmt.Errorf("%w: series: %v", errCorrupt, err)
	}
	return &s, nil
}

// GetSeries returns one series, or an error wrapping ErrNotFound.
func (db *DB) GetSeries(ctx context.Context, id string) (*incident.Series, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	var s *incident.Series
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bktSeries).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("%w: series %q", ErrNotFound, id)
		}
		var err error
		s, err = decodeSeries(v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: get series %q: %w", id, err)
	}
	return s, nil
}

// ListSeries returns every series, ordered by id.
func (db *DB) ListSeries(ctx context.Context) ([]*incident.Series, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	out := []*incident.Series{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bktSeries).ForEach(func(k, v []byte) error {
			s, err := decodeSeries(v)
			if err != nil {
				return fmt.Errorf("series %q: %w", k, err)
			}
			out = append(out, s)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: list series: %w", err)
	}
	return out, nil
}
