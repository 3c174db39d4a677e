package exchange

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// errCollection is returned by parseFeature for a FeatureCollection, which
// the caller then reads as a whole (a text sequence may hold one, e.g. the
// series line the sequence writer emits).
var errCollection = errors.New("feature collection")

// parseFeature reads one GeoJSON Feature. Properties holding a "claims"
// member are the project's rich form (decoded with encoding/json); any
// other properties are the flat form, read by the fast scanner.
func parseFeature(b []byte) (*row, error) {
	s := jscan{b: b}
	var (
		fid       string
		props     flatProps
		rich      bool
		propStart = -1
		propEnd   int
		hasGeom   bool
		lon, lat  float64
		typ       string
	)
	err := s.object(func(k []byte) error {
		switch string(k) {
		case "type":
			t, err := s.str()
			if err != nil {
				return errField("type", "want \"Feature\"")
			}
			typ = t
		case "id":
			v, ok, err := s.scalar()
			if err != nil || !ok || (v.kind != 's' && v.kind != 'n' && v.kind != '0') {
				return errField("id", "want a string or a number")
			}
			fid = v.s
		case "geometry":
			var err error
			hasGeom, lon, lat, err = s.point()
			return err
		case "properties":
			propStart = s.i
			if s.peek() == 'n' {
				if !s.literal("null") {
					return errSyntax
				}
				propEnd = s.i
				return nil
			}
			err := s.object(func(pk []byte) error {
				key := string(pk)
				if key == "claims" {
					rich = true
				}
				if rich {
					return s.skip()
				}
				v, ok, err := s.scalar()
				if err != nil {
					return err
				}
				if !ok {
					return nil
				}
				return props.set(key, v)
			})
			propEnd = s.i
			return err
		case "series", "features":
			if typ == "FeatureCollection" {
				return errCollection
			}
			return s.skip()
		default:
			return s.skip()
		}
		return nil
	})
	if errors.Is(err, errCollection) || (err == nil && typ == "FeatureCollection") {
		return nil, errCollection
	}
	if err != nil {
		if errors.Is(err, errSyntax) {
			return nil, fmt.Errorf("invalid JSON near byte %d", s.i+1)
		}
		return nil, err
	}
	if !s.end() {
		return nil, fmt.Errorf("invalid JSON: extra data after the feature at byte %d", s.i+1)
	}
	if typ != "Feature" {
		return nil, errField("type", "want \"Feature\", got %q", typ)
	}
	var r *row
	if rich {
		r, err = parseRich(b[propStart:propEnd], fid)
	} else {
		r, err = props.incident(fid)
	}
	if err != nil {
		return nil, err
	}
	if hasGeom {
		r.hint.hasPoint = true
		r.in.Location.Lon, r.in.Location.Lat = lon, lat
	}
	return r, nil
}

// point reads a geometry: null or a Point.
func (s *jscan) point() (has bool, lon, lat float64, err error) {
	if s.peek() == 'n' {
		if s.literal("null") {
			return false, 0, 0, nil
		}
		return false, 0, 0, errSyntax
	}
	var typ string
	var (
		coords [3]float64
		nc     int
	)
	err = s.object(func(k []byte) error {
		switch string(k) {
		case "type":
			t, err := s.str()
			typ = t
			return err
		case "coordinates":
			if s.peek() != '[' {
				return errField("geometry", "want Point coordinates [lon, lat]")
			}
			return s.array(func() error {
				if s.peek() == '[' {
					return errField("geometry", "want a Point")
				}
				f, err := s.number()
				if nc < len(coords) {
					coords[nc] = f
				}
				nc++
				return err
			})
		default:
			return s.skip()
		}
	})
	if err != nil {
		return false, 0, 0, err
	}
	if typ != "Point" {
		return false, 0, 0, errField("geometry", "want a Point, got %q", typ)
	}
	if nc < 2 || nc > 3 {
		return false, 0, 0, errField("geometry", "want Point coordinates [lon, lat]")
	}
	lon, lat = coords[0], coords[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return false, 0, 0, errField("geometry", "coordinates [%v, %v] are not a longitude, latitude pair", lon, lat)
	}
	return true, lon, lat, nil
}

// richProps is the project's own feature form: the properties the API
// writes (derived ones such as type_label, status and killed_best are
// ignored on import, being recomputed from the claims).
type richProps struct {
	ID            string                      `json:"id"`
	Title         string                      `json:"title"`
	Description   string                      `json:"description"`
	Date          string                      `json:"date"`
	EndDate       string                      `json:"end_date"`
	DatePrecision string                      `json:"date_precision"`
	Type          string                      `json:"type"`
	Place         string                      `json:"place"`
	DistrictID    string                      `json:"district_id"`
	District      string                      `json:"district"`
	Country       string                      `json:"country"`
	Admin1        string                      `json:"admin1"`
	Precision     string                      `json:"precision"`
	Method        string                      `json:"method"`
	Series        string                      `json:"series"`
	Claims        jsonText[[]incident.Claim]  `json:"claims"`
	Sources       jsonText[[]incident.Source] `json:"sources"`
	Tags          tagList                     `json:"tags"`
	State         string                      `json:"state"`
}

// jsonText is a property holding a JSON value, or that value as JSON text
// in a string: GDAL writes list and object fields of a GeoPackage or
// Shapefile back to GeoJSON as strings ("[{\"actor\": ...}]"). An empty
// string or null is the zero value.
type jsonText[T any] struct{ v T }

func (j *jsonText[T]) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		b = []byte(s)
	}
	return json.Unmarshal(b, &j.v)
}

// ogrStringList reads GDAL's text form of a string list, "(N:a,b,...)",
// which GDAL writes for a StringList field in a format without lists (a
// GeoPackage, then GeoJSON). It needs N items separated by commas.
func ogrStringList(s string) ([]string, bool) {
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return nil, false
	}
	ns, body, ok := strings.Cut(s[1:len(s)-1], ":")
	n, err := strconv.Atoi(ns)
	if !ok || err != nil || n < 0 {
		return nil, false
	}
	if n == 0 {
		return nil, body == ""
	}
	items := strings.Split(body, ",")
	if len(items) != n {
		return nil, false
	}
	return items, true
}

// tagList is the tags property: an array of strings, a JSON array in a
// string or GDAL's "(N:a,b)" (both GDAL's, by version and format), or a
// plain string of tags separated by ";", "|" or ",".
type tagList []string

func (t *tagList) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s = strings.TrimSpace(s); strings.HasPrefix(s, "[") {
			return json.Unmarshal([]byte(s), (*[]string)(t))
		}
		if l, ok := ogrStringList(s); ok {
			*t = l
			return nil
		}
		*t = splitList(s)
		return nil
	}
	return json.Unmarshal(b, (*[]string)(t))
}

func parseRich(b []byte, fid string) (*row, error) {
	var p richProps
	if err := json.Unmarshal(b, &p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, errField(te.Field, "want %s, got JSON %s", te.Type, te.Value)
		}
		return nil, errField("properties", "%v", err)
	}
	in := &incident.Incident{
		ID: p.ID, Title: p.Title, Description: p.Description, Date: p.Date, EndDate: p.EndDate,
		DatePrecision: incident.DatePrecision(p.DatePrecision), Series: p.Series, Claims: p.Claims.v,
		Sources: p.Sources.v, Tags: p.Tags, State: incident.State(p.State),
	}
	in.Date, in.EndDate = normDate(in.Date), normDate(in.EndDate)
	if in.ID == "" {
		in.ID = fid
	}
	if err := checkIdentity(in.ID, in.Date, in.EndDate); err != nil {
		return nil, err
	}
	if in.Title == "" {
		return nil, errField("title", "required")
	}
	t, err := incident.ParseType(p.Type)
	if err != nil {
		return nil, errField("type", "unknown incident type %q", p.Type)
	}
	in.Type = t
	in.Location = incident.Location{Name: p.Place, DistrictID: p.DistrictID, District: p.District, Method: p.Method,
		Country: p.Country, Admin1: p.Admin1}
	r := &row{in: in, hint: placeHint{place: p.Place, district: p.DistrictID, field: "place", distField: "district_id"}}
	if r.hint.district == "" {
		r.hint.district = p.District
	}
	if p.Precision != "" {
		pr, err := geo.ParsePrecision(strings.ToLower(p.Precision))
		if err != nil {
			return nil, errField("precision", "want exact, town, tehsil, district or province, got %q", p.Precision)
		}
		r.hint.precision = pr
	}
	return r, nil
}

// collection is a whole FeatureCollection held in memory (used for small
// ones, such as a series line inside a text sequence).
type collection struct {
	Features []json.RawMessage  `json:"features"`
	Series   []*incident.Series `json:"series"`
}

func parseCollection(b []byte) ([]*row, []error) {
	var c collection
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, []error{fmt.Errorf("invalid FeatureCollection: %v", err)}
	}
	var rows []*row
	var errs []error
	for i, s := range c.Series {
		if s == nil {
			errs = append(errs, errField(fmt.Sprintf("series[%d]", i), "null"))
			continue
		}
		rows = append(rows, &row{series: s})
	}
	for _, f := range c.Features {
		r, err := parseFeature(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		rows = append(rows, r)
	}
	return rows, errs
}
