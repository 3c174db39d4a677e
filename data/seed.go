package data

import _ "embed"

// Seed is seed.geojson: the hand-entered incidents, claims and series the map
// starts with (see docs/formats.md, "Seed data"). exchange.LoadSeed imports it.
//
//go:embed seed.geojson
var Seed []byte
