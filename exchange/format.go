package exchange

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// Format names an interchange format.
type Format string

// Formats understood by Import and the writers.
const (
	GeoJSON    Format = "geojson"    // one FeatureCollection
	GeoJSONSeq Format = "geojsonseq" // GeoJSON text sequence: one Feature per line, optionally RS-prefixed (RFC 8142)
	CSV        Format = "csv"        // the project's CSV, a flat CSV, or an ACLED export (told apart by the header)
)

// Formats lists the formats.
var Formats = []Format{GeoJSON, GeoJSONSeq, CSV}

// ParseFormat accepts a format name or a common synonym.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "geojson", "json", "featurecollection":
		return GeoJSON, nil
	case "geojsonseq", "geojsons", "geojsonl", "ndjson", "jsonl", "seq":
		return GeoJSONSeq, nil
	case "csv", "acled":
		return CSV, nil
	}
	return "", fmt.Errorf("unknown format %q (want geojson, geojsonseq or csv)", s)
}

// FormatFromName guesses the format from a file extension; ok is false when
// the extension says nothing.
func FormatFromName(name string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".geojson", ".json":
		return GeoJSON, true
	case ".geojsonl", ".geojsons", ".geojsonseq", ".ndjson", ".jsonl":
		return GeoJSONSeq, true
	case ".csv":
		return CSV, true
	}
	return "", false
}

// Sniff recognises the format from the first bytes of the input: a record
// separator or a line holding one whole Feature means a text sequence, an
// object that is not a Feature on its first line means a FeatureCollection,
// anything else that looks like a header row means CSV.
func Sniff(head []byte) (Format, bool) {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "", false
	}
	if b[0] == 0x1e {
		return GeoJSONSeq, true
	}
	if b[0] == '{' {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i]
		} else if len(b) == len(head) && len(head) >= sniffLen {
			// The first line does not fit in the sniffed bytes: one large document.
			return GeoJSON, true
		}
		line = bytes.TrimSpace(line)
		if bytes.Contains(line, []byte(`"FeatureCollection"`)) || !bytes.HasSuffix(line, []byte("}")) {
			return GeoJSON, true
		}
		return GeoJSONSeq, true
	}
	if b[0] == '[' {
		return "", false
	}
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	if bytes.IndexByte(line, ',') >= 0 {
		return CSV, true
	}
	return "", false
}

const sniffLen = 64 << 10
