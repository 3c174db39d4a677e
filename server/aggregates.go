package server

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// filteredAggregates parses the request's filter, answers 304 or HEAD
// through readPrologue, and returns the (cached) aggregates under the
// filter; false means a response was already written.
func (s *Server) filteredAggregates(w http.ResponseWriter, r *http.Request) (*incident.Aggregates, bool) {
	f, err := incident.ParseFilter(r.URL.Query(), s.districtResolver)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	if !s.readPrologue(w, r) {
		return nil, false
	}
	aggs, err := s.aggregates(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return aggs, true
}

func (s *Server) handleDistricts(w http.ResponseWriter, r *http.Request) {
	aggs, ok := s.filteredAggregates(w, r)
	if !ok {
		return
	}
	fc := geojson.NewFeatureCollection()
	for _, d := range s.gaz.Districts() {
		a := aggs.ByDistrict[d.ID]
		ft := geojson.NewFeature(d.Geometry)
		ft.ID = d.ID
		ft.Properties = geojson.Properties{
			"id": d.ID, "name": d.CommonName, "official_name": d.Name, "count": a.Count,
			"killed_low": a.Killed.Low, "killed_best": a.Killed.Best, "killed_high": a.Killed.High,
			"label_lon": d.Label[0], "label_lat": d.Label[1],
		}
		if d.NameUr != "" {
			ft.Properties["name_ur"] = d.NameUr
		}
		fc.Append(ft)
	}
	writeJSONType(w, http.StatusOK, geoJSONType, fc)
}

func (s *Server) handleProvince(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	ft := geojson.NewFeature(s.gaz.Province())
	ft.ID = "balochistan"
	ft.Properties = geojson.Properties{"id": "balochistan", "name": "Balochistan"}
	writeJSONType(w, http.StatusOK, geoJSONType, ft)
}

// handleRoutes answers the gazetteer's highways and railways, each with its
// stretches per district or province, for maps to draw and for clients to
// see what "N-25 near Mastung" resolves against.
func (s *Server) handleRoutes(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	type stretch struct {
		DistrictID string  `json:"district_id,omitempty"`
		District   string  `json:"district,omitempty"`
		Admin1     string  `json:"admin1"`
		Country    string  `json:"country"`
		Region     string  `json:"region"`
		KM         float64 `json:"km"`
	}
	fc := geojson.NewFeatureCollection()
	for _, rt := range s.gaz.Routes() {
		ft := geojson.NewFeature(rt.Line)
		ft.ID = rt.ID
		st := make([]stretch, 0, len(rt.Stretches))
		for _, x := range rt.Stretches {
			st = append(st, stretch{x.Place.DistrictID, x.Place.District, x.Place.Admin1, x.Place.Country, x.Place.Region, math.Round(x.KM)})
		}
		ft.Properties = geojson.Properties{"id": rt.ID, "ref": rt.Ref, "name": rt.Name, "kind": rt.Kind, "alt_names": rt.AltNames, "stretches": st}
		fc.Append(ft)
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSONType(w, http.StatusOK, geoJSONType, fc)
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	aggs, ok := s.filteredAggregates(w, r)
	if !ok {
		return
	}
	type month struct {
		Month  string         `json:"month"`
		Counts map[string]int `json:"counts"`
	}
	months := make([]month, 0, len(aggs.ByMonth))
	for m, c := range aggs.ByMonth {
		months = append(months, month{Month: m, Counts: c})
	}
	sort.Slice(months, func(i, j int) bool { return months[i].Month < months[j].Month })
	writeJSON(w, http.StatusOK, map[string]any{"months": months, "total": aggs.Total})
}

// vocabEntry is one item of /api/claimants and /api/types.
type vocabEntry struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind,omitempty"`
	Count int    `json:"count"`
}

func (s *Server) handleClaimants(w http.ResponseWriter, r *http.Request) {
	aggs, ok := s.filteredAggregates(w, r)
	if !ok {
		return
	}
	out := make([]vocabEntry, 0, len(incident.Actors))
	seen := map[string]bool{}
	for _, a := range incident.Actors {
		out = append(out, vocabEntry{ID: a.ID, Name: a.Name, Kind: a.Kind, Count: aggs.ByActor[a.ID]})
		seen[a.ID] = true
	}
	var extra []string
	for id := range aggs.ByActor {
		if !seen[id] {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		out = append(out, vocabEntry{ID: id, Name: id, Count: aggs.ByActor[id]})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleTypes(w http.ResponseWriter, r *http.Request) {
	aggs, ok := s.filteredAggregates(w, r)
	if !ok {
		return
	}
	out := make([]vocabEntry, 0, len(incident.Types))
	for _, t := range incident.Types {
		out = append(out, vocabEntry{ID: string(t), Name: t.Label(), Count: aggs.ByType[t]})
	}
	writeJSON(w, http.StatusOK, out)
}

// clusterProps are the properties of an /api/clusters feature.
type clusterProps struct {
	Count           int            `json:"count"`
	Claimants       map[string]int `json:"claimants"`
	PrimaryClaimant string         `json:"primary_claimant"`
	KilledLow       int            `json:"killed_low"`
	KilledBest      int            `json:"killed_best"`
	KilledHigh      int            `json:"killed_high"`
	ID              string         `json:"id,omitempty"`
	Title           string         `json:"title,omitempty"`
	Precision       string         `json:"precision,omitempty"`
	Status          string         `json:"status,omitempty"`
	Date            string         `json:"date,omitempty"`
}

type pointFeature struct {
	Type       string    `json:"type"`
	ID         string    `json:"id,omitempty"`
	Geometry   pointGeom `json:"geometry"`
	Properties any       `json:"properties"`
}

type pointGeom struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// handleClusters answers the grid clusters of the incidents layer at a zoom
// for a bbox, as GeoJSON points: the same cells the tiles use.
func (s *Server) handleClusters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := incident.ParseFilter(q, s.districtResolver, "zoom")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, ok := q["zoom"]; !ok {
		s.writeError(w, r, incident.ParamErrorf("zoom", "required"))
		return
	}
	z, err := parseIntParam(q, "zoom", 0, 0, MaxZoom)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	cz := uint32(z)
	if z > s.opt.ClusterMaxZoom {
		// Tiles show single incidents above ClusterMaxZoom; cells at zoom 30
		// (a few centimetres) keep apart every incident not at the same point.
		cz = 30 - clusterShift
	}
	cells, err := clusterBound(r.Context(), s.db, f, cz)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	keys := make([]uint64, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	feats := make([]pointFeature, 0, len(keys))
	total := 0
	for _, k := range keys {
		c := cells[k]
		total += c.n
		p := clusterProps{Count: c.n, Claimants: c.claimantsMap(), PrimaryClaimant: c.dominant(),
			KilledLow: c.killed.Low, KilledBest: c.killed.Best, KilledHigh: c.killed.High}
		pt := orb.Point{geo.LonOf(c.sx / float64(c.n)), geo.LatOf(c.sy / float64(c.n))}
		ft := pointFeature{Type: "Feature", Properties: &p}
		if c.n == 1 {
			p.ID, p.Title, p.Precision, p.Status, p.Date = c.first.ID, c.first.Title, string(c.first.Precision), string(c.first.Status), c.first.Date
			pt = orb.Point{c.first.Lon, c.first.Lat}
			ft.ID = c.first.ID
		}
		ft.Geometry = pointGeom{Type: "Point", Coordinates: pt}
		feats = append(feats, ft)
	}
	b, err := json.Marshal(map[string]any{"type": "FeatureCollection", "zoom": z, "numberMatched": total, "features": feats})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", geoJSONType)
	w.Write(append(b, '\n'))
}
