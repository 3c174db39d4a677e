package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/incident"
)

// OGC API - Features Part 1 (Core, GeoJSON, OpenAPI 3.0) under /ogc, with two
// collections: incidents (points) and districts (polygons with counts). The
// shared filters are extra query parameters of the items requests
// (queryables); datetime works on whole days, as incident dates do.

const (
	confCore    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
	confGeoJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
	confOAS30   = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"
	crs84       = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	openAPIType = "application/vnd.oai.openapi+json;version=3.0"
)

// ogcRoutes adds the OGC API routes with get, which routes GET and HEAD.
func (s *Server) ogcRoutes(get func(path string, h http.HandlerFunc)) {
	get("/ogc", s.handleOGCLanding)
	get("/ogc/", s.handleOGCLanding)
	get("/ogc/conformance", s.handleOGCConformance)
	get("/ogc/api", s.handleOGCAPI)
	get("/ogc/collections", s.handleOGCCollections)
	get("/ogc/collections/{cid}", s.handleOGCCollection)
	get("/ogc/collections/{cid}/queryables", s.handleOGCQueryables)
	get("/ogc/collections/{cid}/schema", s.handleOGCSchema)
	get("/ogc/collections/{cid}/items", s.handleOGCItems)
	get("/ogc/collections/{cid}/items/{fid}", s.handleOGCItem)
}

// ogcFormat accepts the optional f parameter: only JSON is offered.
func ogcFormat(q url.Values) error {
	if vs, ok := q["f"]; ok {
		if len(vs) != 1 || (vs[0] != "json" && vs[0] != "geojson") {
			return incident.ParamErrorf("f", "only f=json is offered")
		}
	}
	return nil
}

func (s *Server) ogcSimple(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	if err := onlyParams(q, "f"); err != nil {
		s.writeError(w, r, err)
		return false
	}
	if err := ogcFormat(q); err != nil {
		s.writeError(w, r, err)
		return false
	}
	return s.readPrologue(w, r)
}

func (s *Server) handleOGCLanding(w http.ResponseWriter, r *http.Request) {
	if !s.ogcSimple(w, r) {
		return
	}
	base := requestBase(r) + "/ogc"
	writeJSON(w, http.StatusOK, map[string]any{
		"title":       "incidentmap",
		"description": "Conflict incidents in Balochistan, with every claim kept apart (OGC API - Features)",
		"links": []link{
			{Href: base, Rel: "self", Type: "application/json", Title: "This document"},
			{Href: base + "/api", Rel: "service-desc", Type: openAPIType, Title: "The API definition"},
			{Href: base + "/conformance", Rel: "conformance", Type: "application/json", Title: "Conformance classes"},
			{Href: base + "/collections", Rel: "data", Type: "application/json", Title: "Collections"},
		},
	})
}

func (s *Server) handleOGCConformance(w http.ResponseWriter, r *http.Request) {
	if !s.ogcSimple(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"conformsTo": []string{confCore, confGeoJSON, confOAS30}})
}

// collectionDoc describes a collection. The incidents' extents are those
// of the published data (the bbox of the points, the first date to the last
// date or end date); with no incidents, the province's bbox and an unknown
// interval. The districts' bbox is that of their polygons.
func (s *Server) collectionDoc(r *http.Request, id string) (map[string]any, error) {
	base := requestBase(r) + "/ogc/collections/" + id
	bbox := []float64{60.8, 24.8, 70.3, 32.2}
	if pb := s.gaz.Province().Bound(); !pb.IsEmpty() {
		bbox = []float64{pb.Min[0], pb.Min[1], pb.Max[0], pb.Max[1]}
	}
	extent := map[string]any{}
	d := map[string]any{
		"id":       id,
		"itemType": "feature",
		"crs":      []string{crs84},
		"extent":   extent,
		"links": []link{
			{Href: base, Rel: "self", Type: "application/json"},
			{Href: base + "/items", Rel: "items", Type: geoJSONType, Title: "Features"},
			{Href: base + "/queryables", Rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", Type: "application/schema+json"},
			// GDAL before 3.8 looks for "describedBy", the spelling of
			// early drafts; the registered relation is "describedby".
			{Href: base + "/schema", Rel: "describedby", Type: "application/schema+json", Title: "Schema of the items"},
			{Href: base + "/schema", Rel: "describedBy", Type: "application/schema+json", Title: "Schema of the items"},
		},
	}
	switch id {
	case "incidents":
		d["title"] = "Incidents"
		d["description"] = "Conflict incidents; killed_low/best/high are derived from contested claims. " +
			"Property filters: " + strings.Join(ogcPropertyParams, ", ") + ", type, status, region; also " + strings.Join(incident.FilterParams, ", ")
		e, err := s.incidentExtent(r.Context())
		if err != nil {
			return nil, err
		}
		interval := []any{nil, nil}
		if e.populated {
			bbox = e.bbox[:]
			interval = []any{e.first + "T00:00:00Z", e.last + "T23:59:59Z"}
		}
		extent["temporal"] = map[string]any{"interval": [][]any{interval},
			"trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
	case "districts":
		d["title"] = "Districts"
		d["description"] = "Districts of Balochistan with incident counts and killed sums under the filters"
		var b orb.Bound
		for i, dd := range s.gaz.Districts() {
			if i == 0 {
				b = dd.Bound
			} else {
				b = b.Union(dd.Bound)
			}
		}
		if len(s.gaz.Districts()) > 0 {
			bbox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		}
	}
	extent["spatial"] = map[string]any{"bbox": [][]float64{bbox}, "crs": crs84}
	return d, nil
}

var ogcCollections = []string{"incidents", "districts"}

func (s *Server) handleOGCCollections(w http.ResponseWriter, r *http.Request) {
	if !s.ogcSimple(w, r) {
		return
	}
	cs := make([]map[string]any, 0, len(ogcCollections))
	for _, id := range ogcCollections {
		d, err := s.collectionDoc(r, id)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		cs = append(cs, d)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"collections": cs,
		"links":       []link{{Href: requestBase(r) + "/ogc/collections", Rel: "self", Type: "application/json"}},
	})
}

func knownCollection(id string) bool { return id == "incidents" || id == "districts" }

// collectionID returns the {cid} of the route, answering 404 (and false)
// for a collection the server does not have.
func (s *Server) collectionID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := mux.Vars(r)["cid"]
	if !knownCollection(id) {
		s.writeError(w, r, errStatus(http.StatusNotFound, "no such collection"))
		return "", false
	}
	return id, true
}

// simpleCollection is the prologue of the requests about one collection
// that take no parameter but f: the collection's id, or false once the
// request is answered (404, 400 or 304).
func (s *Server) simpleCollection(w http.ResponseWriter, r *http.Request) (string, bool) {
	id, ok := s.collectionID(w, r)
	return id, ok && s.ogcSimple(w, r)
}

func (s *Server) handleOGCCollection(w http.ResponseWriter, r *http.Request) {
	id, ok := s.simpleCollection(w, r)
	if !ok {
		return
	}
	d, err := s.collectionDoc(r, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) handleOGCQueryables(w http.ResponseWriter, r *http.Request) {
	id, ok := s.simpleCollection(w, r)
	if !ok {
		return
	}
	writeJSONType(w, http.StatusOK, "application/schema+json", map[string]any{
		"$schema":              "https://json-schema.org/draft/2019-09/schema",
		"$id":                  requestBase(r) + "/ogc/collections/" + id + "/queryables",
		"type":                 "object",
		"title":                id,
		"properties":           queryables(id),
		"additionalProperties": false,
	})
}

// handleOGCSchema answers the JSON Schema of a collection's items (a
// GeoJSON Feature), from which GDAL types the fields instead of guessing
// from the first page: a page whose end_dates are all null would make
// end_date a string.
func (s *Server) handleOGCSchema(w http.ResponseWriter, r *http.Request) {
	id, ok := s.simpleCollection(w, r)
	if !ok {
		return
	}
	props := itemProperties(id)
	writeJSONType(w, http.StatusOK, "application/schema+json", map[string]any{
		"$schema": "https://json-schema.org/draft/2019-09/schema",
		"$id":     requestBase(r) + "/ogc/collections/" + id + "/schema",
		"title":   id,
		"type":    "object",
		"properties": map[string]any{
			"type":       map[string]any{"type": "string", "enum": []string{"Feature"}},
			"id":         map[string]any{"type": "string"},
			"geometry":   map[string]any{"type": "object"},
			"properties": map[string]any{"type": "object", "properties": props},
		},
	})
}

// itemProperties is the JSON Schema of each property of a collection's
// items. Optional values are null when absent; GDAL 3.6 reads only a
// single "type", so nullability is stated in the description.
func itemProperties(id string) map[string]any {
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	integer := func(desc string) map[string]any { return map[string]any{"type": "integer", "description": desc} }
	if id == "districts" {
		return map[string]any{
			"id": str("District id"), "name": str("District name"), "count": integer("Incidents under the filters"),
			"killed_low": integer("Sum of killed, low"), "killed_best": integer("Sum of killed, best"), "killed_high": integer("Sum of killed, high"),
		}
	}
	queries := queryables(id)
	p := map[string]any{}
	for _, f := range ogcFields {
		d := map[string]any{"type": "string", "description": f.Desc}
		switch f.Type {
		case exchange.Integer:
			d["type"] = "integer"
		case exchange.Date:
			d["format"] = "date"
		}
		if f.MaxLength > 0 {
			d["maxLength"] = f.MaxLength
		}
		if q, ok := queries[f.Name].(map[string]any); ok { // what the filter adds: a closed vocabulary, a role
			for _, k := range []string{"enum", "x-ogc-role"} {
				if v, ok := q[k]; ok {
					d[k] = v
				}
			}
		}
		p[f.Name] = d
	}
	return p
}

// queryables are the properties of a collection's items that an items
// request filters on, as JSON Schema: the incidents' property filters
// (ogcPropertyParams, plus type, status and region) and datetime on date.
func queryables(id string) map[string]any {
	if id == "districts" {
		return map[string]any{}
	}
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	enum := func(desc string, vals []string) map[string]any {
		return map[string]any{"type": "string", "description": desc, "enum": vals}
	}
	types := make([]string, 0, len(incident.Types))
	for _, t := range incident.Types {
		types = append(types, string(t))
	}
	statuses := make([]string, 0, len(incident.Verifications))
	for _, v := range incident.Verifications {
		statuses = append(statuses, string(v))
	}
	return map[string]any{
		"date": map[string]any{"type": "string", "format": "date", "x-ogc-role": "primary-instant",
			"description": "First day of the incident; date=D and datetime=D select incidents whose date is D"},
		"primary_claimant": str("Actor id of the primary claim"),
		"claimants":        str("Actor ids of every claim, comma-separated; claimants=X selects incidents where X is one of them"),
		"district_id":      str("District id (or name) of the point"),
		"type":             enum("Incident type", types),
		"status":           enum("Overall verification", statuses),
		"region":           enum("balochistan or outside (the rest of Pakistan, Iran, Afghanistan)", []string{incident.RegionBalochistan, incident.RegionOutside}),
		"country":          str("ISO 3166-1 alpha-2 code of the point: PK, IR, AF"),
		"admin1":           str("Province of the point (case-insensitive)"),
		"precision":        enum("How precisely the point is known", []string{"exact", "town", "tehsil", "route", "district", "province"}),
	}
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func (s *Server) handleOGCItems(w http.ResponseWriter, r *http.Request) {
	id, ok := s.collectionID(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	oq, err := s.parseOGCItems(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	f, limit, offset := oq.f, oq.limit, oq.offset
	if id == "districts" {
		for _, k := range ogcPropertyParams {
			if _, ok := q[k]; ok {
				s.writeError(w, r, incident.ParamErrorf(k, "not a queryable of the districts collection"))
				return
			}
		}
		s.ogcDistrictItems(w, r, f, limit, offset)
		return
	}
	// Points order is fixed for a data version, so offsets page stably.
	// The point index keeps short titles; the page's incidents are read
	// whole from the store, so items carry every field in full.
	matched := 0
	var ids []string
	bound := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if f.BBox != nil {
		bound = *f.BBox
	}
	err = s.db.Points(r.Context(), f, bound, func(p *incident.Point) bool {
		if !oq.match(p) {
			return true
		}
		matched++
		if matched > offset && len(ids) < limit {
			ids = append(ids, p.ID)
		}
		return true
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	buf := getBuf()
	defer putBuf(buf)
	b := append((*buf)[:0], `{"type":"FeatureCollection","features":[`...)
	returned := 0
	for _, id := range ids {
		in, err := s.db.Get(r.Context(), id)
		if errors.Is(err, incident.ErrNotFound) {
			continue // deleted since the scan
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if returned > 0 {
			b = append(b, ',')
		}
		returned++
		b = appendIncidentFeature(b, f.Restrict(in))
	}
	b = append(b, `],"numberMatched":`...)
	b = strconv.AppendInt(b, int64(matched), 10)
	b = append(b, `,"numberReturned":`...)
	b = strconv.AppendInt(b, int64(returned), 10)
	b = append(b, `,"timeStamp":`...)
	b = strconv.AppendQuote(b, time.Now().UTC().Format(time.RFC3339))
	b = append(b, `,"links":[`...)
	b = appendLink(b, link{Href: requestBase(r) + r.URL.String(), Rel: "self", Type: geoJSONType})
	if offset+len(ids) < matched {
		b = append(b, ',')
		b = appendLink(b, link{Href: nextLink(r, "offset", strconv.Itoa(offset+len(ids))), Rel: "next", Type: geoJSONType})
	}
	b = append(b, "]}\n"...)
	*buf = b
	w.Header().Set("Content-Type", geoJSONType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

func appendLink(b []byte, l link) []byte {
	b = append(b, `{"href":`...)
	b = strconv.AppendQuote(b, l.Href)
	b = append(b, `,"rel":`...)
	b = strconv.AppendQuote(b, l.Rel)
	b = append(b, `,"type":`...)
	b = strconv.AppendQuote(b, l.Type)
	return append(b, '}')
}

// appendIncidentFeature writes the flat GeoJSON Feature of an incident as
// the OGC collection serves it: one value per property, as GIS tools want
// (see docs/api.md, "OGC API - Features"). Every property is present in
// every feature, with null for an absent optional value, so that GDAL and
// QGIS, which take the schema from the first page, type each field right.
// claimants is the comma-separated actor ids (ids hold no commas); source
// and source_url are the first source's, as the flat import form reads them.
func appendIncidentFeature(b []byte, in *incident.Incident) []byte {
	var r exchange.Row
	r.Reset(in, ",")
	loc := &in.Location
	b = append(b, `{"type":"Feature","id":`...)
	b = appendJSONString(b, in.ID)
	b = append(b, `,"geometry":{"type":"Point","coordinates":[`...)
	b = strconv.AppendFloat(b, loc.Lon, 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, loc.Lat, 'f', -1, 64)
	b = append(b, `]},"properties":{`...)
	for i, f := range ogcFields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, f.Name...)
		b = append(b, '"', ':')
		switch v := f.Text(&r); {
		case f.Type == exchange.Integer:
			b = append(b, v...)
		case v == "" && f.Optional:
			b = append(b, "null"...)
		default:
			b = appendJSONString(b, v)
		}
	}
	return append(b, "}}"...)
}

// ogcFields are the properties of the incidents collection's items.
var ogcFields = exchange.FieldsIn(exchange.InOGC)

func (s *Server) handleOGCItem(w http.ResponseWriter, r *http.Request) {
	cid, ok := s.collectionID(w, r)
	if !ok {
		return
	}
	fid := mux.Vars(r)["fid"]
	if !s.ogcSimple(w, r) {
		return
	}
	self := link{Href: requestBase(r) + r.URL.Path, Rel: "self", Type: geoJSONType}
	coll := link{Href: requestBase(r) + "/ogc/collections/" + cid, Rel: "collection", Type: "application/json"}
	if cid == "districts" {
		d, ok := s.gaz.District(fid)
		if !ok || d.ID != fid {
			s.writeError(w, r, errStatus(http.StatusNotFound, "no such feature"))
			return
		}
		aggs, err := s.aggregates(r.Context(), incident.Filter{})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		ft := districtFeature(d.ID, d.CommonName, d.Geometry, aggs.ByDistrict[d.ID])
		writeJSONType(w, http.StatusOK, geoJSONType, map[string]any{"type": "Feature", "id": ft.ID,
			"geometry": geojson.NewGeometry(ft.Geometry), "properties": ft.Properties, "links": []link{self, coll}})
		return
	}
	in, err := s.publicGet(r.Context(), fid)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b := appendIncidentFeature(nil, in)
	b = append(b[:len(b)-1], `,"links":[`...)
	b = appendLink(b, self)
	b = append(b, ',')
	b = appendLink(b, coll)
	b = append(b, "]}\n"...)
	w.Header().Set("Content-Type", geoJSONType)
	w.Write(b)
}

func districtFeature(id, name string, g orb.Geometry, a incident.Agg) *geojson.Feature {
	ft := geojson.NewFeature(g)
	ft.ID = id
	ft.Properties = geojson.Properties{"id": id, "name": name, "count": a.Count,
		"killed_low": a.Killed.Low, "killed_best": a.Killed.Best, "killed_high": a.Killed.High}
	return ft
}

func (s *Server) ogcDistrictItems(w http.ResponseWriter, r *http.Request, f incident.Filter, limit, offset int) {
	bbox := f.BBox
	f.BBox = nil // the bbox selects districts, not incidents
	aggs, err := s.aggregates(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var all []*geojson.Feature
	for _, d := range s.gaz.Districts() {
		if bbox != nil && !d.Geometry.Bound().Intersects(*bbox) {
			continue
		}
		all = append(all, districtFeature(d.ID, d.CommonName, d.Geometry, aggs.ByDistrict[d.ID]))
	}
	page := all[min(offset, len(all)):min(offset+limit, len(all))]
	links := []link{{Href: requestBase(r) + r.URL.String(), Rel: "self", Type: geoJSONType}}
	if offset+len(page) < len(all) {
		links = append(links, link{Href: nextLink(r, "offset", strconv.Itoa(offset+len(page))), Rel: "next", Type: geoJSONType})
	}
	fc := geojson.NewFeatureCollection()
	fc.Features = page
	fc.ExtraMembers = geojson.Properties{"numberMatched": len(all), "numberReturned": len(page),
		"timeStamp": time.Now().UTC().Format(time.RFC3339), "links": links}
	writeJSONType(w, http.StatusOK, geoJSONType, fc)
}
