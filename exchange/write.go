package exchange

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// Writer writes incidents one at a time in some format. Close writes what
// follows the last incident (the series of a FeatureCollection, say) and
// flushes; it does not close the underlying io.Writer.
type Writer interface {
	Write(in *incident.Incident) error
	Close() error
}

// WriteOptions tune the writers.
type WriteOptions struct {
	// Series looks up a series by id. The series referenced by written
	// incidents are written with them (GeoJSON: the "series" foreign
	// member; text sequence: a last line holding a FeatureCollection with
	// no features and a "series" member). Nil: no series are written.
	Series func(id string) (*incident.Series, bool)
	// RS prefixes every text of a sequence with the ASCII record separator,
	// as RFC 8142 specifies (application/geo+json-seq).
	RS bool
}

// NewWriter returns a writer of format f onto w.
func NewWriter(w io.Writer, f Format, opt WriteOptions) (Writer, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	switch f {
	case GeoJSON:
		return &fcWriter{w: bw, opt: opt, series: map[string]bool{}}, nil
	case GeoJSONSeq:
		return &seqWriter{fcWriter{w: bw, opt: opt, series: map[string]bool{}}}, nil
	case CSV:
		return &csvWriter{bw: bw, w: csv.NewWriter(bw)}, nil
	}
	return nil, fmt.Errorf("exchange: cannot write format %q", f)
}

// Feature is the GeoJSON Feature of an incident in the project's rich form.
// The server's API writes the same properties.
type Feature struct {
	Type       string     `json:"type"`
	ID         string     `json:"id"`
	Geometry   Point      `json:"geometry"`
	Properties Properties `json:"properties"`
}

// Point is a GeoJSON Point geometry.
type Point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // lon, lat
}

// Properties are an incident's feature properties: its fields, flattened,
// plus derived values for readers (type_label, precision_words, region,
// claimants, primary_claimant, status, killed_low/best/high), which import
// ignores.
type Properties struct {
	ID              string            `json:"id"`
	Title           string            `json:"title"`
	Description     string            `json:"description,omitempty"`
	Date            string            `json:"date"`
	EndDate         string            `json:"end_date,omitempty"`
	DatePrecision   string            `json:"date_precision"`
	Type            string            `json:"type"`
	TypeLabel       string            `json:"type_label"`
	Place           string            `json:"place,omitempty"`
	DistrictID      string            `json:"district_id"`
	District        string            `json:"district"`
	Country         string            `json:"country"` // "" for incidents stored before countries were recorded
	Admin1          string            `json:"admin1"`
	Region          string            `json:"region"` // incident.Location.Region
	Precision       string            `json:"precision"`
	PrecisionWords  string            `json:"precision_words"`
	Method          string            `json:"method"`
	Series          string            `json:"series,omitempty"`
	SeriesName      string            `json:"series_name,omitempty"`
	Claimants       []string          `json:"claimants"`
	PrimaryClaimant string            `json:"primary_claimant"`
	Status          string            `json:"status"`
	KilledLow       int               `json:"killed_low"`
	KilledBest      int               `json:"killed_best"`
	KilledHigh      int               `json:"killed_high"`
	Claims          []incident.Claim  `json:"claims"`
	Sources         []incident.Source `json:"sources,omitempty"`
	Tags            []string          `json:"tags,omitempty"`
	State           string            `json:"state,omitempty"`
	Revision        int               `json:"revision,omitempty"`
	Created         *time.Time        `json:"created,omitempty"`
	Updated         *time.Time        `json:"updated,omitempty"`
}

// NewFeature builds the rich Feature of in; seriesName may be empty.
func NewFeature(in *incident.Incident, seriesName string) *Feature {
	k := incident.DeriveKilled(in.Claims)
	claims := in.Claims
	if claims == nil {
		claims = []incident.Claim{}
	}
	claimants := in.Actors()
	if claimants == nil {
		claimants = []string{}
	}
	p := Properties{
		ID: in.ID, Title: in.Title, Description: in.Description, Date: in.Date, EndDate: in.EndDate,
		DatePrecision: string(in.DatePrecision), Type: string(in.Type), TypeLabel: in.Type.Label(),
		Place: in.Location.Name, DistrictID: in.Location.DistrictID, District: in.Location.District,
		Country: in.Location.Country, Admin1: in.Location.Admin1, Region: in.Location.Region(),
		Precision: string(in.Location.Precision), PrecisionWords: in.Location.Precision.Words(),
		Method: in.Location.Method, Series: in.Series, SeriesName: seriesName,
		Claimants: claimants, PrimaryClaimant: in.PrimaryActor(), Status: string(in.Verification()),
		KilledLow: k.Low, KilledBest: k.Best, KilledHigh: k.High, Claims: claims,
		Sources: in.Sources, Tags: in.Tags, Revision: in.Revision,
	}
	if in.State != "" && in.State != incident.Published {
		p.State = string(in.State)
	}
	if !in.Created.IsZero() {
		c := in.Created.UTC()
		p.Created = &c
	}
	if !in.Updated.IsZero() {
		u := in.Updated.UTC()
		p.Updated = &u
	}
	return &Feature{Type: "Feature", ID: in.ID,
		Geometry:   Point{Type: "Point", Coordinates: [2]float64{in.Location.Lon, in.Location.Lat}},
		Properties: p}
}

type fcWriter struct {
	w      *bufio.Writer
	opt    WriteOptions
	n      int
	series map[string]bool
	order  []string
}

func (fw *fcWriter) seriesName(in *incident.Incident) string {
	if in.Series == "" || fw.opt.Series == nil {
		return ""
	}
	s, ok := fw.opt.Series(in.Series)
	if !ok {
		return ""
	}
	if !fw.series[in.Series] {
		fw.series[in.Series] = true
		fw.order = append(fw.order, in.Series)
	}
	return s.Name
}

func (fw *fcWriter) feature(in *incident.Incident) ([]byte, error) {
	b, err := json.Marshal(NewFeature(in, fw.seriesName(in)))
	if err != nil {
		return nil, fmt.Errorf("exchange: encode incident %s: %w", in.ID, err)
	}
	return b, nil
}

func (fw *fcWriter) Write(in *incident.Incident) error {
	b, err := fw.feature(in)
	if err != nil {
		return err
	}
	if fw.n == 0 {
		fw.w.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	} else {
		fw.w.WriteString(",\n")
	}
	fw.n++
	_, err = fw.w.Write(b)
	return err
}

func (fw *fcWriter) seriesJSON() ([]byte, error) {
	ss := make([]*incident.Series, 0, len(fw.order))
	sort.Strings(fw.order)
	for _, id := range fw.order {
		if s, ok := fw.opt.Series(id); ok {
			ss = append(ss, s)
		}
	}
	return json.Marshal(ss)
}

func (fw *fcWriter) Close() error {
	if fw.n == 0 {
		fw.w.WriteString(`{"type":"FeatureCollection","features":[`)
	}
	fw.w.WriteString("\n]")
	if len(fw.order) > 0 {
		b, err := fw.seriesJSON()
		if err != nil {
			return err
		}
		fw.w.WriteString(`,"series":`)
		fw.w.Write(b)
	}
	fw.w.WriteString("}\n")
	return fw.w.Flush()
}

type seqWriter struct{ fcWriter }

func (sw *seqWriter) Write(in *incident.Incident) error {
	b, err := sw.feature(in)
	if err != nil {
		return err
	}
	sw.line(b)
	return nil
}

func (sw *seqWriter) line(b []byte) {
	if sw.opt.RS {
		sw.w.WriteByte(0x1e)
	}
	sw.w.Write(b)
	sw.w.WriteByte('\n')
}

func (sw *seqWriter) Close() error {
	if len(sw.order) > 0 {
		b, err := sw.seriesJSON()
		if err != nil {
			return err
		}
		sw.line([]byte(`{"type":"FeatureCollection","features":[],"series":` + string(b) + `}`))
	}
	return sw.w.Flush()
}

type csvWriter struct {
	bw     *bufio.Writer
	w      *csv.Writer
	header bool
	rec    []string
	row    Row
}

var csvFields = FieldsIn(InCSV)

func (cw *csvWriter) Write(in *incident.Incident) error {
	if !cw.header {
		cw.header = true
		if err := cw.w.Write(CSVColumns); err != nil {
			return err
		}
	}
	cw.row.Reset(in, ";")
	if err := cw.row.encodeJSON(); err != nil {
		return fmt.Errorf("exchange: encode incident %s: %w", in.ID, err)
	}
	cw.rec = cw.rec[:0]
	for _, f := range csvFields {
		v := f.Text(&cw.row)
		if f.Neutralize {
			v = NeutralizeCell(v)
		}
		cw.rec = append(cw.rec, v)
	}
	return cw.w.Write(cw.rec)
}

func nonNil(c []incident.Claim) []incident.Claim {
	if c == nil {
		return []incident.Claim{}
	}
	return c
}

func (cw *csvWriter) Close() error {
	if !cw.header {
		cw.header = true
		if err := cw.w.Write(CSVColumns); err != nil {
			return err
		}
	}
	cw.w.Flush()
	if err := cw.w.Error(); err != nil {
		return err
	}
	return cw.bw.Flush()
}
