// Package data embeds the files incidentmap ships: the Balochistan gazetteer
// (district, tehsil and province boundaries, populated places) and the seed
// incidents. The gazetteer files are derived from the sources listed in
// README.md by cmd/mkgazetteer; do not edit them by hand.
package data

import "embed"

// FS holds the shipped data files at its root: districts.geojson,
// tehsils.geojson, province.geojson and places.tsv.
//
//go:embed districts.geojson tehsils.geojson province.geojson places.tsv
var FS embed.FS
