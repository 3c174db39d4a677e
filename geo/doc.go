// Package geo is incidentmap's gazetteer of Balochistan and its geocoder.
//
// A Gazetteer holds the province outline, the 37 districts, the 103 tehsils
// and about 16,000 populated places, loaded from the files in data/ (see
// LoadFS). It answers three questions:
//
//   - Geocode: a name as the news writes it ("Turbat", "Kej", "Panjgoor",
//     "the Awaran district") becomes ranked candidates, each with a point, its
//     district and an honest Precision.
//   - Reverse: a lon/lat point becomes its district and tehsil, or "outside
//     Balochistan".
//   - Parse: a paragraph of news text yields the places it names, with byte
//     offsets.
//
// Names are compared by Key, which ignores case, punctuation, spacing and
// diacritics and folds common transliteration variants; an explicit alias
// table covers the rest. All coordinates are lon/lat (WGS84), in that order,
// as orb.Point.
//
// The package reads only from the readers or fs.FS it is handed, never logs,
// and a loaded Gazetteer is safe for concurrent use.
package geo
