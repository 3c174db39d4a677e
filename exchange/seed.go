package exchange

import (
	"bytes"
	"context"

	"github.com/incidentmap/incidentmap/data"
)

// LoadSeed imports the shipped seed incidents and series (data.Seed) into
// sink. It is idempotent like any import: loading the seed into a database
// that already holds it changes nothing. `serve --seed` calls it when the
// database is empty.
func LoadSeed(ctx context.Context, sink Sink, g Geocoder) (*Summary, error) {
	return Import(ctx, bytes.NewReader(data.Seed), sink, Options{Name: "seed.geojson", Format: GeoJSON, Who: "seed", Geocoder: g})
}
