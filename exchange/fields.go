package exchange

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// FieldType is the type of a flat field, named as GDAL's .csvt file names
// column types.
type FieldType string

// Field types.
const (
	String   FieldType = "String"
	Integer  FieldType = "Integer"
	Date     FieldType = "Date"
	DateTime FieldType = "DateTime"
	PointX   FieldType = "Point(X)" // longitude in degrees; a number
	PointY   FieldType = "Point(Y)" // latitude in degrees; a number
)

// Outputs is a set of the flat outputs a field appears in.
type Outputs uint8

// The flat outputs.
const (
	InCSV  Outputs = 1 << iota // the project's CSV (CSVColumns)
	InOGC                      // the OGC API items' properties
	InTile                     // the vector tiles' incidents layer
)

// Field is one flat property of an incident: a single value, as the CSV's
// columns, the OGC API's item properties and the vector tiles' tags carry
// it. Fields is the one list of them; each output takes those marked for
// it, in the table's order.
type Field struct {
	Name string
	Type FieldType
	In   Outputs
	Desc string // one line for schemas: the OGC schema, TileJSON

	// TileDesc, when set, replaces Desc in TileJSON, where a cluster of
	// incidents carries the field too.
	TileDesc string
	// Optional values are null in OGC items when empty (GDAL and QGIS
	// type the fields from the schema, not from the first page).
	Optional bool
	// Neutralize marks free text that a spreadsheet could take for a
	// formula: the CSV writes it through NeutralizeCell.
	Neutralize bool
	// MaxLength, when not 0, is the longest value in bytes.
	MaxLength int

	// Text is the value of the field for the row; nil for fields that
	// only the tiles carry (count). Integer fields give decimal text.
	Text func(r *Row) string
}

// Fields are the flat fields of an incident. The order is the CSV's
// column order: new fields go at the end, so that readers of older files
// (and of the columns by position) keep working.
var Fields = []Field{
	{Name: "id", Type: String, In: InCSV | InOGC | InTile, Neutralize: true, Desc: "Incident id",
		Text: func(r *Row) string { return r.In.ID }},
	{Name: "title", Type: String, In: InCSV | InOGC | InTile, Neutralize: true, MaxLength: incident.MaxTitleBytes,
		Desc: "Title, whole (at most 500 bytes)", Text: func(r *Row) string { return r.In.Title }},
	{Name: "description", Type: String, In: InCSV | InOGC, Neutralize: true, Optional: true,
		Desc: "Description, whole; null when none", Text: func(r *Row) string { return r.In.Description }},
	{Name: "date", Type: Date, In: InCSV | InOGC | InTile, Desc: "First day of the incident",
		Text: func(r *Row) string { return r.In.Date }},
	{Name: "end_date", Type: Date, In: InCSV | InOGC | InTile, Optional: true,
		Desc: "Last day of a span or range; null when none", Text: func(r *Row) string { return r.In.EndDate }},
	{Name: "date_precision", Type: String, In: InCSV | InOGC, Desc: "day, month, year or range",
		Text: func(r *Row) string { return string(r.In.DatePrecision) }},
	{Name: "type", Type: String, In: InCSV | InOGC | InTile, Desc: "Incident type",
		Text: func(r *Row) string { return string(r.In.Type) }},
	{Name: "type_label", Type: String, In: InCSV, Desc: "Incident type in words",
		Text: func(r *Row) string { return r.In.Type.Label() }},
	{Name: "place", Type: String, In: InCSV | InOGC, Neutralize: true, Optional: true,
		Desc: "Place name as reported; null when none", Text: func(r *Row) string { return r.In.Location.Name }},
	{Name: "district_id", Type: String, In: InCSV | InOGC | InTile, Neutralize: true, Optional: true,
		Desc: "District id of the point; null when unknown", Text: func(r *Row) string { return r.In.Location.DistrictID }},
	{Name: "district", Type: String, In: InCSV | InOGC, Neutralize: true, Optional: true,
		Desc: "District name; null when unknown", Text: func(r *Row) string { return r.In.Location.District }},
	{Name: "lon", Type: PointX, In: InCSV, Desc: "Longitude in degrees (WGS 84)",
		Text: func(r *Row) string { return fmtFloat(r.In.Location.Lon) }},
	{Name: "lat", Type: PointY, In: InCSV, Desc: "Latitude in degrees (WGS 84)",
		Text: func(r *Row) string { return fmtFloat(r.In.Location.Lat) }},
	{Name: "precision", Type: String, In: InCSV | InOGC | InTile,
		Desc: "How precisely the point is known: exact, town, tehsil, route, district or province",
		Text: func(r *Row) string { return string(r.In.Location.Precision) }},
	{Name: "method", Type: String, In: InCSV, Neutralize: true, Desc: "How the point was found",
		Text: func(r *Row) string { return r.In.Location.Method }},
	{Name: "series", Type: String, In: InCSV | InOGC, Neutralize: true, Optional: true,
		Desc: "Series id; null when none", Text: func(r *Row) string { return r.In.Series }},
	{Name: "tags", Type: String, In: InCSV, Neutralize: true, Desc: "Tags joined with ;",
		Text: func(r *Row) string { return strings.Join(r.In.Tags, ";") }},
	{Name: "state", Type: String, In: InCSV, Neutralize: true, Desc: "draft or rejected; empty when published",
		Text: func(r *Row) string {
			if r.In.State == incident.Published {
				return ""
			}
			return string(r.In.State)
		}},
	{Name: "claimants", Type: String, In: InCSV | InOGC | InTile,
		Desc:     "Actor ids of every claim (the CSV joins them with ;, the OGC items with ,)",
		TileDesc: "String: comma-separated actors, or a JSON object actor->count for clusters",
		Text:     func(r *Row) string { return strings.Join(r.In.Actors(), r.ListSep) }},
	{Name: "primary_claimant", Type: String, In: InCSV | InOGC | InTile, Neutralize: true,
		Desc: "Actor id of the primary claim", TileDesc: "String: dominant primary claimant of a cluster",
		Text: func(r *Row) string { return r.In.PrimaryActor() }},
	{Name: "status", Type: String, In: InCSV | InOGC | InTile, Desc: "Overall verification",
		Text: func(r *Row) string { return string(r.In.Verification()) }},
	{Name: "killed_low", Type: Integer, In: InCSV | InOGC | InTile, Desc: "Killed, lowest figure of the claims",
		Text: func(r *Row) string { return strconv.Itoa(r.killed().Low) }},
	{Name: "killed_best", Type: Integer, In: InCSV | InOGC | InTile, Desc: "Killed, best estimate from the claims",
		Text: func(r *Row) string { return strconv.Itoa(r.killed().Best) }},
	{Name: "killed_high", Type: Integer, In: InCSV | InOGC | InTile, Desc: "Killed, highest figure of the claims",
		Text: func(r *Row) string { return strconv.Itoa(r.killed().High) }},
	{Name: "claims", Type: String, In: InCSV, Desc: "The claims as a JSON array",
		Text: func(r *Row) string { return r.claims }},
	{Name: "sources", Type: String, In: InCSV, Desc: "The sources as a JSON array of {name, url}",
		Text: func(r *Row) string { return r.sources }},
	{Name: "revision", Type: Integer, In: InCSV, Desc: "Revision number; empty when never stored",
		Text: func(r *Row) string {
			if r.In.Revision > 0 {
				return strconv.Itoa(r.In.Revision)
			}
			return ""
		}},
	{Name: "updated", Type: DateTime, In: InCSV, Desc: "Time of the last change, UTC",
		Text: func(r *Row) string {
			if r.In.Updated.IsZero() {
				return ""
			}
			return r.In.Updated.UTC().Format(time.RFC3339)
		}},
	{Name: "country", Type: String, In: InCSV | InOGC | InTile, Neutralize: true, Optional: true,
		Desc:     "ISO 3166-1 alpha-2 code of the point: PK, IR, AF",
		TileDesc: "String: ISO 3166-1 alpha-2; absent when not recorded",
		Text:     func(r *Row) string { return r.In.Location.Country }},
	{Name: "admin1", Type: String, In: InCSV | InOGC | InTile, Neutralize: true, Optional: true,
		Desc: "Province of the point", TileDesc: "String: province; absent when not recorded",
		Text: func(r *Row) string { return r.In.Location.Admin1 }},
	{Name: "region", Type: String, In: InCSV | InOGC | InTile,
		Desc:     "balochistan or outside (the rest of Pakistan, Iran, Afghanistan)",
		TileDesc: "String: balochistan or outside",
		Text:     func(r *Row) string { return r.In.Location.Region() }},
	{Name: "wkt", Type: String, In: InCSV, Desc: "The point as WKT",
		Text: func(r *Row) string {
			return "POINT (" + fmtFloat(r.In.Location.Lon) + " " + fmtFloat(r.In.Location.Lat) + ")"
		}},
	{Name: "source", Type: String, In: InOGC, Optional: true, Desc: "Name of the first source; null when none",
		Text: func(r *Row) string { return r.firstSource().Name }},
	{Name: "source_url", Type: String, In: InOGC, Optional: true, Desc: "URL of the first source; null when none",
		Text: func(r *Row) string { return r.firstSource().URL }},
	{Name: "count", Type: Integer, In: InTile, Desc: "Incidents in the feature (1 for a single incident)",
		TileDesc: "Number: incidents in the feature (1 for a single incident)"},
}

// FieldsIn returns the fields of one output, in table order.
func FieldsIn(o Outputs) []*Field {
	var out []*Field
	for i := range Fields {
		if Fields[i].In&o != 0 {
			out = append(out, &Fields[i])
		}
	}
	return out
}

// Row is an incident being written flat. Values derived from more than
// one field (the killed figures, the JSON of claims and sources) are
// computed once per row.
type Row struct {
	In      *incident.Incident
	ListSep string // joins list values (claimants): ";" in the CSV, "," in OGC items

	k        incident.Killed
	kDone    bool
	claims   string
	sources  string
	jsonDone bool
}

// Reset makes r the row of in, with list values joined by sep.
func (r *Row) Reset(in *incident.Incident, sep string) {
	*r = Row{In: in, ListSep: sep}
}

func (r *Row) killed() incident.Killed {
	if !r.kDone {
		r.k, r.kDone = incident.DeriveKilled(r.In.Claims), true
	}
	return r.k
}

func (r *Row) firstSource() incident.Source {
	if len(r.In.Sources) > 0 {
		return r.In.Sources[0]
	}
	return incident.Source{}
}

// encodeJSON fills the claims and sources cells, which only the CSV
// carries.
func (r *Row) encodeJSON() error {
	if r.jsonDone {
		return nil
	}
	b, err := json.Marshal(nonNil(r.In.Claims))
	if err != nil {
		return err
	}
	r.claims = string(b)
	if len(r.In.Sources) > 0 {
		if b, err = json.Marshal(r.In.Sources); err != nil {
			return err
		}
		r.sources = string(b)
	}
	r.jsonDone = true
	return nil
}
