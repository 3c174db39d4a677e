// Package exchange reads and writes incidents in the interchange formats
// incidentmap understands: GeoJSON FeatureCollections and GeoJSON text
// sequences (in the project's rich form, with claims and series, and in the
// flat form GIS tools export), the project's own CSV, and ACLED-style CSV
// exports. docs/formats.md describes every format, column and mapping.
//
// Import is a pipeline: one goroutine reads the input and cuts it into rows,
// several goroutines parse and geocode rows in parallel, and one goroutine
// puts the parsed rows back in input order and commits them in batches, so
// a batch that was acknowledged holds exactly the rows before the next one.
// Parsing is pure code over incident.Incident; the gazetteer and the store
// are reached only through the small interfaces Geocoder and Sink.
package exchange
