// Package data embeds the files incidentmap ships: the Balochistan gazetteer
// (district, tehsil and province boundaries, populated places), the
// gazetteer of the surrounding region (Pakistan's other districts, the
// provinces of Pakistan, Iran and Afghanistan, their populated places), the
// national routes through Balochistan, and the seed incidents. The gazetteer
// files are derived from the sources listed in README.md by cmd/mkgazetteer;
// do not edit them by hand.
package data

import "embed"

// FS holds the shipped data files at its root: districts.geojson,
// tehsils.geojson, province.geojson and places.tsv (Balochistan);
// outer_districts.geojson, outer_admin1.geojson and outer_places.tsv (outside
// Balochistan); routes.geojson (highways, motorways, railways); and
// basemap.geojson (Natural Earth context layers for the web map).
//
//go:embed districts.geojson tehsils.geojson province.geojson places.tsv outer_districts.geojson outer_admin1.geojson outer_places.tsv routes.geojson basemap.geojson
var FS embed.FS
