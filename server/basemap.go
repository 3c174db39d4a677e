package server

import (
	"cmp"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// basemap holds the answers of /api/basemap and the ranked places behind
// /api/places, built once on first use from Options.Basemap and the
// gazetteer (both immutable).
type basemap struct {
	once   sync.Once
	body   []byte     // /api/basemap
	places []mapPlace // every named place, most important first
}

// mapPlace is one town or village for the map's labels. Rank 1 is a
// provincial capital, 2 a district seat in Balochistan or a city of 100,000
// or more, 3 a district seat outside Balochistan or a town of 10,000 or more, 4 any other place with a known population, 5 a
// village. Abandoned and historical places are left out.
type mapPlace struct {
	Name   string  `json:"name"`
	NameUr string  `json:"name_ur,omitempty"` // Urdu, where the gazetteer has it
	Lon    float64 `json:"lon"`
	Lat    float64 `json:"lat"`
	Rank   int     `json:"rank"`
	pop    int
	id     string
}

// placeMinZoom is the lowest zoom at which places of each rank are offered:
// the page then places the labels that do not collide, most important first.
var placeMinZoom = [6]int{0, 4, 6, 7, 8, 9}

func placeRank(p *geo.Locality, seat, outer bool) int {
	switch {
	case p.FeatureCode == "PPLC" || p.FeatureCode == "PPLA" || p.Population >= 1_000_000:
		return 1
	case !outer && (seat || p.FeatureCode == "PPLA2") || p.Population >= 100_000:
		return 2
	case p.FeatureCode == "PPLA2" || p.Population >= 10_000:
		return 3
	case p.Population > 0 || strings.HasPrefix(p.FeatureCode, "PPLA"):
		return 4
	}
	return 5
}

func (s *Server) buildBasemap() {
	b := &s.basemap
	fc := geojson.NewFeatureCollection()
	if len(s.opt.Basemap) > 0 {
		if err := json.Unmarshal(s.opt.Basemap, fc); err != nil {
			s.log.Error("basemap: bad Options.Basemap", "err", err)
			fc = geojson.NewFeatureCollection()
		}
	}
	if s.gaz == nil { // a server built without a gazetteer (tests): Natural Earth only, no places
		b.body = mustBasemapJSON(s, fc)
		return
	}
	// The provinces around Balochistan (Pakistan's, Iran's, Afghanistan's),
	// simplified to about 2 km, so that Sindh, Punjab, Sistan and Baluchestan
	// or Kandahar can be told apart and named.
	dp := simplify.DouglasPeucker(0.02)
	for _, a := range s.gaz.OuterAdmin1() {
		g := dp.Simplify(orb.Clone(a.Geometry))
		f := geojson.NewFeature(roundCoords(g))
		f.Properties = geojson.Properties{"layer": "province", "name": a.Name, "country": a.Country,
			"label": []float64{round4(a.Label[0]), round4(a.Label[1])}}
		if a.NameUr != "" { // from Natural Earth's admin-1 table (data/README.md)
			f.Properties["name_ur"] = a.NameUr
		}
		fc.Append(f)
	}
	for _, f := range tehsilLines(s.gaz) {
		fc.Append(f)
	}
	b.body = mustBasemapJSON(s, fc)

	seats := map[string]bool{}
	for _, d := range s.gaz.Districts() {
		if d.HQ != "" {
			seats[strings.ToLower(d.HQ)] = true
		}
	}
	add := func(p *geo.Locality, seat, outer bool) {
		if p.Name == "" || p.FeatureCode == "PPLQ" || p.FeatureCode == "PPLH" || p.FeatureCode == "PPLW" {
			return
		}
		b.places = append(b.places, mapPlace{Name: p.Name, NameUr: p.NameUr, Lon: round4(p.Point[0]), Lat: round4(p.Point[1]),
			Rank: placeRank(p, seat, outer), pop: p.Population, id: p.ID})
	}
	for _, p := range s.gaz.Places() {
		// A place named as a district's headquarters ranks as a seat.
		add(p, seats[strings.ToLower(p.Name)], false)
	}
	for _, p := range s.gaz.OuterPlaces() {
		add(p, false, true)
	}
	slices.SortFunc(b.places, func(x, y mapPlace) int {
		return cmp.Or(cmp.Compare(x.Rank, y.Rank), cmp.Compare(y.pop, x.pop), cmp.Compare(x.id, y.id))
	})
}

// mustBasemapJSON encodes the basemap, or an empty collection (logged) if
// it cannot.
func mustBasemapJSON(s *Server, fc *geojson.FeatureCollection) []byte {
	body, err := json.Marshal(fc)
	if err != nil {
		s.log.Error("basemap: encode", "err", err)
		body = []byte(`{"type":"FeatureCollection","features":[]}`)
	}
	return append(body, '\n')
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func roundCoords(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				for i := range r {
					r[i] = orb.Point{math.Round(r[i][0]*1e3) / 1e3, math.Round(r[i][1]*1e3) / 1e3}
				}
			}
		}
	}
	return g
}

// tehsilLines returns, per district of Balochistan, the lines between its
// tehsils (layer "tehsil"), and each tehsil's name at its label point
// (layer "tehsil_name"). The lines are the edges two tehsils of the same
// district share. The district's own outline is left out, so the map draws it once,
// as a district line. The tehsils and districts of the gazetteer come from
// the same source and share their vertices, which makes a shared edge the
// same pair of points in both polygons.
func tehsilLines(g *geo.Gazetteer) []*geojson.Feature {
	type seg = [2]orb.Point
	key := func(a, b orb.Point) seg {
		if b[0] < a[0] || b[0] == a[0] && b[1] < a[1] {
			a, b = b, a
		}
		return seg{a, b}
	}
	byDistrict := map[string]map[seg]int{}
	for _, t := range g.Tehsils() {
		m := byDistrict[t.DistrictID]
		if m == nil {
			m = map[seg]int{}
			byDistrict[t.DistrictID] = m
		}
		for _, poly := range t.Geometry {
			for _, ring := range poly {
				for i := 1; i < len(ring); i++ {
					if ring[i] != ring[i-1] {
						m[key(ring[i-1], ring[i])]++
					}
				}
			}
		}
	}
	dp := simplify.DouglasPeucker(0.002)
	var out []*geojson.Feature
	for _, d := range g.Districts() {
		var inner []seg
		for s, n := range byDistrict[d.ID] {
			if n == 2 {
				inner = append(inner, s)
			}
		}
		if len(inner) == 0 {
			continue
		}
		slices.SortFunc(inner, func(a, b seg) int {
			return cmp.Or(cmp.Compare(a[0][0], b[0][0]), cmp.Compare(a[0][1], b[0][1]), cmp.Compare(a[1][0], b[1][0]), cmp.Compare(a[1][1], b[1][1]))
		})
		var ml orb.MultiLineString
		for _, l := range chainSegments(inner) {
			l = dp.Simplify(l).(orb.LineString)
			for i := range l {
				l[i] = orb.Point{math.Round(l[i][0]*1e3) / 1e3, math.Round(l[i][1]*1e3) / 1e3}
			}
			ml = append(ml, l)
		}
		f := geojson.NewFeature(ml)
		f.Properties = geojson.Properties{"layer": "tehsil", "district_id": d.ID}
		out = append(out, f)
	}
	// Every tehsil's name at its label point, for the map to name the
	// areas it shows close up.
	for _, t := range g.Tehsils() {
		f := geojson.NewFeature(orb.Point{round4(t.Label[0]), round4(t.Label[1])})
		f.Properties = geojson.Properties{"layer": "tehsil_name", "name": t.Name, "district_id": t.DistrictID}
		if t.NameUr != "" {
			f.Properties["name_ur"] = t.NameUr
		}
		out = append(out, f)
	}
	return out
}

// chainSegments joins segments that meet end to end into lines, breaking
// them where three or more meet. segs must be sorted (for stable output).
func chainSegments(segs [][2]orb.Point) []orb.LineString {
	at := map[orb.Point][]int{}
	for i, s := range segs {
		at[s[0]] = append(at[s[0]], i)
		at[s[1]] = append(at[s[1]], i)
	}
	used := make([]bool, len(segs))
	walk := func(start orb.Point, i int) orb.LineString {
		line := orb.LineString{start}
		p := start
		for {
			used[i] = true
			s := segs[i]
			if s[0] == p {
				p = s[1]
			} else {
				p = s[0]
			}
			line = append(line, p)
			next := -1
			if len(at[p]) == 2 {
				for _, j := range at[p] {
					if !used[j] {
						next = j
					}
				}
			}
			if next < 0 {
				return line
			}
			i = next
		}
	}
	var out []orb.LineString
	// Lines from their ends (and junctions) first, then the closed loops left.
	for i, s := range segs {
		for _, p := range s {
			if !used[i] && len(at[p]) != 2 {
				out = append(out, walk(p, i))
			}
		}
	}
	for i, s := range segs {
		if !used[i] {
			out = append(out, walk(s[0], i))
		}
	}
	return out
}

// handleBasemap answers the offline basemap's context layers as one GeoJSON
// FeatureCollection: sea, countries, lakes, rivers, named regions (ranges,
// deserts) and peaks from Natural Earth, and from the gazetteer the
// provinces around Balochistan and the lines between the tehsils of each of
// its districts. Each feature has a "layer" property.
func (s *Server) handleBasemap(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r.URL.Query()); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.basemap.once.Do(s.buildBasemap)
	w.Header().Set("Content-Type", geoJSONType)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(s.basemap.body)
}

// handlePlaces answers the most important places in a bbox for the map's
// labels: at most limit (default 300, at most 2000), of the ranks shown at
// zoom, most important first.
func (s *Server) handlePlaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := onlyParams(q, "bbox", "zoom", "limit"); err != nil {
		s.writeError(w, r, err)
		return
	}
	bound, err := incident.ParseBBox(q.Get("bbox"))
	if err != nil {
		s.writeError(w, r, incident.ParamErrorf("bbox", "%v", err))
		return
	}
	zoom, err := parseIntParam(q, "zoom", 6, 0, 22)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := parseIntParam(q, "limit", 300, 1, 2000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.basemap.once.Do(s.buildBasemap)
	out := make([]mapPlace, 0, min(limit, 64))
	for _, p := range s.basemap.places {
		if placeMinZoom[p.Rank] > zoom {
			break // sorted by rank
		}
		if bound.Contains(orb.Point{p.Lon, p.Lat}) {
			out = append(out, p)
			if len(out) == limit {
				break
			}
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, http.StatusOK, map[string]any{"places": out})
}
