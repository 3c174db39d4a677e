package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/mux"

	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Tile modes (the mode parameter).
const (
	// modeCluster, the default: layer incidents clustered on a grid up to
	// ClusterMaxZoom, single incidents above; each incident in exactly one
	// tile (no buffer); plus layer districts.
	modeCluster = "cluster"
	// modePoints follows the usual PostGIS tile server rules: every matching
	// incident in the tile and a 256-unit buffer, at most pointsMaxFeatures,
	// extent 4096, layer incidents only.
	modePoints = "points"
)

const (
	tileExtent        = 4096
	tileBuffer        = 256
	pointsMaxFeatures = 10000
	mvtContentType    = "application/vnd.mapbox-vector-tile"
)

// tileParams are the parameters tiles accept besides the filters.
var tileParams = []string{"mode", "layers"}

// tileRequest is a parsed tile request.
type tileRequest struct {
	t tileID
	tileQuery

	keyOf  uint64 // the version keyStr was made at
	keyStr string // tileKey at keyOf
}

// tileQuery is what a tile request's query asks for: the filter with its
// canonical key, the mode and the layers. A map asks for the same few
// queries over and over, tile after tile, so parsed queries are kept by
// their raw text (Server.tileQueries) and shared, read-only.
type tileQuery struct {
	f      incident.Filter
	fkey   string // filterKey(&f)
	mode   string
	layers layerSet
}

type layerSet struct{ incidents, districts bool }

// tileQueriesMax bounds the kept queries' cost: a few thousand queries.
const tileQueriesMax = 1 << 20

// tileQueryCost charges a kept query by its raw text, with room for the
// parsed filter.
func tileQueryCost(raw string, _ *tileQuery) int64 { return int64(len(raw)) + 256 }

func (s *Server) parseTileRequest(r *http.Request) (tileRequest, error) {
	v := mux.Vars(r)
	t, err := parseTile(v["z"], v["x"], v["y"])
	if err != nil {
		return tileRequest{}, err
	}
	raw := r.URL.RawQuery
	tq, ok := s.tileQueries.Get(raw)
	if !ok {
		if tq, err = s.parseTileQuery(r.URL.Query()); err != nil {
			return tileRequest{}, err
		}
		s.tileQueries.Add(raw, tq)
	}
	return tileRequest{t: t, tileQuery: *tq}, nil
}

func (s *Server) parseTileQuery(q url.Values) (*tileQuery, error) {
	f, err := incident.ParseFilter(q, s.districtResolver, tileParams...)
	if err != nil {
		return nil, err
	}
	tq := &tileQuery{f: f, fkey: filterKey(&f), mode: modeCluster, layers: layerSet{true, true}}
	if vs, ok := q["mode"]; ok {
		if len(vs) != 1 || (vs[0] != modeCluster && vs[0] != modePoints) {
			return nil, incident.ParamErrorf("mode", "want cluster or points")
		}
		tq.mode = vs[0]
	}
	if tq.mode == modePoints {
		tq.layers = layerSet{incidents: true}
	}
	if _, ok := q["layers"]; ok {
		tq.layers = layerSet{}
		for _, l := range incident.ListValues(q, "layers") {
			switch l {
			case "incidents":
				tq.layers.incidents = true
			case "districts":
				tq.layers.districts = true
			default:
				return nil, incident.ParamErrorf("layers", "unknown layer %q (want incidents, districts)", l)
			}
		}
	}
	return tq, nil
}

// notModified sets the ETag and answers 304 when If-None-Match has it.
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	w.Header().Set("ETag", etag)
	if inmMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// inmMatches reports whether an If-None-Match value lists etag (or *).
func inmMatches(inm, etag string) bool {
	if inm == "" {
		return false
	}
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimSpace(t)
		if t == etag || t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func (s *Server) handleTile(w http.ResponseWriter, r *http.Request) {
	tr, err := s.parseTileRequest(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h := w.Header()
	h["Cache-Control"] = s.tileCacheControl
	etag := tileETag(tr.key(s.db.Version()))
	if notModified(w, r, etag) {
		return
	}
	e, err := s.tile(r.Context(), &tr)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if e.etag != etag { // a write came between: the newer tile's ETag
		h.Set("ETag", e.etag)
	}
	if len(e.raw) == 0 {
		// Empty tiles: 204 with no body, cacheable like any tile.
		w.WriteHeader(http.StatusNoContent)
		return
	}
	body := e.raw
	h["Content-Type"] = hvMVT
	if acceptsGzip(r) {
		body = s.gzipped(e)
		h["Content-Encoding"] = hvGzip // gzipResponses passes it through
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// tileEntry is an encoded tile, as the tile cache keeps it.
type tileEntry struct {
	key  string // tileKey: data version, mode, layers, tile, filter
	etag string // tileETag(key)
	raw  []byte // uncompressed MVT; empty for an empty tile
	once sync.Once
	gz   []byte // raw gzipped, made on the first request that accepts gzip
}

// tileEntryOverhead approximates the bookkeeping bytes of one cached tile.
const tileEntryOverhead = 200

func tileCost(key string, e *tileEntry) int64 {
	return int64(len(key)+len(e.raw)) + tileEntryOverhead
}

// tile is the transport-free core of the tile endpoint (as go-pmtiles'
// Get is): the tile tr asks for at the current data version, from the
// cache or built, once however many requests want it at the same time.
// Headers, conditional requests, compression and the empty-tile 204 are
// the handler's.
func (s *Server) tile(ctx context.Context, tr *tileRequest) (*tileEntry, error) {
	version := s.db.Version()
	key := tr.key(version)
	return s.tiles.Do(ctx, key, func(ctx context.Context) (*tileEntry, error) {
		raw, err := s.buildTile(ctx, tr)
		if err != nil {
			return nil, err
		}
		if s.tiles.enabled() && cap(raw)-len(raw) > len(raw)/8 {
			raw = bytes.Clone(raw) // kept in the cache: no spare capacity
		}
		return &tileEntry{key: key, etag: tileETag(key), raw: raw}, nil
	}, func() bool {
		// Only cache what was built against the version in the key: a
		// write during the build would otherwise leave a stale tile under it.
		return s.db.Version() == version
	})
}

// gzipped returns e's body compressed, computing it once; while e is
// cached, its compressed body is charged to it from then on.
func (s *Server) gzipped(e *tileEntry) []byte {
	e.once.Do(func() {
		buf := bytes.NewBuffer(make([]byte, 0, len(e.raw)/2+64))
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(buf)
		zw.Write(e.raw)
		zw.Close()
		gzipWriters.Put(zw)
		e.gz = bytes.Clone(buf.Bytes()) // no spare capacity kept for the entry's life
		s.tiles.Charge(e.key, int64(len(e.gz)))
	})
	return e.gz
}

// tileETag is the strong ETag of the tile under key: the same tile (at
// the same data version) has the same ETag whatever the order of the
// request's parameters.
func tileETag(key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	b := make([]byte, 0, 24)
	b = append(b, '"', 't')
	b = strconv.AppendUint(b, h.Sum64(), 36)
	b = append(b, '"')
	return string(b)
}

// key is tileKey of tr at version, remembered: the handler asks for it for
// the ETag and the tile core again for the cache.
func (tr *tileRequest) key(version uint64) string {
	if tr.keyOf != version || tr.keyStr == "" {
		tr.keyOf, tr.keyStr = version, tileKey(version, tr)
	}
	return tr.keyStr
}

// tileKey identifies a tile body: version, mode, layers, tile and the
// canonical filter.
func tileKey(version uint64, tr *tileRequest) string {
	b := make([]byte, 0, 96)
	b = strconv.AppendUint(b, version, 10)
	b = append(b, 0)
	b = append(b, tr.mode...)
	b = append(b, 0)
	if tr.layers.incidents {
		b = append(b, 'i')
	}
	if tr.layers.districts {
		b = append(b, 'd')
	}
	b = append(b, 0)
	b = strconv.AppendUint(b, uint64(tr.t.z), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(tr.t.x), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(tr.t.y), 10)
	b = append(b, 0)
	b = append(b, tr.fkey...)
	return string(b)
}

var layerPool = sync.Pool{New: func() any { return newMVTLayer() }}

var cellsPool = sync.Pool{New: func() any { return make([]clusterAcc, clusterSide*clusterSide) }}

// buildTile encodes the tile; an empty tile is an empty slice.
func (s *Server) buildTile(ctx context.Context, tr *tileRequest) ([]byte, error) {
	var out []byte
	if tr.layers.incidents {
		l := layerPool.Get().(*mvtLayer)
		defer layerPool.Put(l)
		l.resetIncidents("incidents", tileExtent)
		var err error
		switch {
		case tr.mode == modePoints:
			err = s.pointsLayer(ctx, tr, l)
		case tr.t.z > uint32(s.opt.ClusterMaxZoom):
			err = s.singlesLayer(ctx, tr, l)
		default:
			err = s.clusterLayer(ctx, tr, l)
		}
		if err != nil {
			return nil, err
		}
		out = l.appendTile(out)
	}
	if tr.layers.districts {
		d, err := s.districtsLayer(ctx, tr)
		if err != nil {
			return nil, err
		}
		out = append(out, d...)
	}
	return out, nil
}

// tagPoint adds the properties of a single incident to the feature being
// built.
func tagPoint(l *mvtLayer, p *incident.Point) {
	l.tagUniqueString(keyID, p.ID)
	l.tagString(keyTitle, p.Title)
	l.tagInterned(keyDate, p.Date)
	if p.EndDate != "" {
		l.tagInterned(keyEndDate, p.EndDate)
	}
	l.tagInterned(keyPrimary, p.Primary)
	l.tagInterned(keyClaimants, claimantsOf(p))
	l.tagInterned(keyType, string(p.Type))
	l.tagInterned(keyStatus, string(p.Status))
	if p.DistrictID != "" {
		l.tagInterned(keyDistrict, p.DistrictID)
	}
	if p.Country != "" { // absent for incidents stored before countries were recorded
		l.tagInterned(keyCountry, p.Country)
	}
	if p.Admin1 != "" {
		l.tagInterned(keyAdmin1, p.Admin1)
	}
	l.tagInterned(keyRegion, p.Region())
	l.tagInterned(keyPrecision, string(p.Precision))
	l.tagInt(keyKilledLow, int64(p.Killed.Low))
	l.tagInt(keyKilledBest, int64(p.Killed.Best))
	l.tagInt(keyKilledHigh, int64(p.Killed.High))
	l.tagInt(keyCount, 1)
}

// claimantsOf is the comma-separated actors of p, precomputed by the store.
func claimantsOf(p *incident.Point) string {
	if p.Claimants != "" || len(p.Actors) == 0 {
		return p.Claimants
	}
	return joinActors(p.Actors)
}

func joinActors(a []string) string {
	switch len(a) {
	case 0:
		return ""
	case 1:
		return a[0]
	}
	return strings.Join(a, ",")
}

func (s *Server) pointsLayer(ctx context.Context, tr *tileRequest, l *mvtLayer) error {
	pr := newProjector(tr.t, tileExtent)
	return s.db.Points(ctx, tr.f, tr.t.bufferedBound(float64(tileBuffer)/tileExtent), func(p *incident.Point) bool {
		x, y := pr.pixel(geo.WorldX(p.Lon), pointY(p))
		tagPoint(l, p)
		l.addPoint(p.Seq, x, y)
		return l.Len() < pointsMaxFeatures
	})
}

func (s *Server) singlesLayer(ctx context.Context, tr *tileRequest, l *mvtLayer) error {
	pr := newProjector(tr.t, tileExtent)
	t := tr.t
	return s.db.Points(ctx, tr.f, padBound(t.bound()), func(p *incident.Point) bool {
		wx, wy := geo.WorldX(p.Lon), pointY(p)
		if cx, cy := geo.TileOf(wx, wy, t.z); cx != t.x || cy != t.y {
			return true
		}
		x, y := pr.pixel(wx, wy)
		tagPoint(l, p)
		l.addPoint(p.Seq, x, y)
		return true
	})
}

func (s *Server) clusterLayer(ctx context.Context, tr *tileRequest, l *mvtLayer) error {
	cells := cellsPool.Get().([]clusterAcc)
	defer func() {
		for i := range cells {
			cells[i].reset()
		}
		cellsPool.Put(cells)
	}()
	if err := clusterTile(ctx, s.db, tr.f, tr.t, cells); err != nil {
		return err
	}
	pr := newProjector(tr.t, tileExtent)
	for i := range cells {
		c := &cells[i]
		if c.n == 0 {
			continue
		}
		if c.n == 1 {
			x, y := pr.pixel(c.sx, c.sy)
			tagPoint(l, &c.first)
			l.addPoint(c.first.Seq, x, y)
			continue
		}
		x, y := pr.pixel(c.sx/float64(c.n), c.sy/float64(c.n))
		l.tagInt(keyCount, int64(c.n))
		l.tagString(keyPrimary, c.dominant())
		l.tagString(keyClaimants, c.claimantsJSON())
		l.tagInt(keyKilledLow, int64(c.killed.Low))
		l.tagInt(keyKilledBest, int64(c.killed.Best))
		l.tagInt(keyKilledHigh, int64(c.killed.High))
		l.addPoint(0, x, y)
	}
	return nil
}

// tileURLTemplate is the tile URL for TileJSON, carrying the query q.
func tileURLTemplate(base string, q url.Values) string {
	var b bytes.Buffer
	b.WriteString(base)
	b.WriteString("/tiles/{z}/{x}/{y}.mvt")
	if enc := q.Encode(); enc != "" {
		b.WriteByte('?')
		b.WriteString(enc)
	}
	return b.String()
}

// handleTileJSON answers TileJSON 3.0.0 for the vector tiles; the filters
// (and mode) given here are carried into the tile URL template.
func (s *Server) handleTileJSON(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if _, err := incident.ParseFilter(q, s.districtResolver, tileParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !s.readPrologue(w, r) {
		return
	}
	b := [4]float64{60.8, 24.8, 70.3, 32.2}
	if s.gaz != nil {
		pb := s.gaz.Province().Bound()
		if !pb.IsEmpty() {
			b = [4]float64{pb.Min[0], pb.Min[1], pb.Max[0], pb.Max[1]}
		}
	}
	incidentFields := map[string]string{}
	for _, f := range exchange.FieldsIn(exchange.InTile) {
		incidentFields[f.Name] = tileJSONType(f)
	}
	layers := []map[string]any{{
		"id": "incidents", "fields": incidentFields, "minzoom": 0, "maxzoom": MaxZoom,
		"description": "Incidents: grid clusters up to zoom " + strconv.Itoa(s.opt.ClusterMaxZoom) + ", single incidents above",
	}}
	if q.Get("mode") != modePoints {
		layers = append(layers, map[string]any{
			"id": "districts", "minzoom": 0, "maxzoom": MaxZoom,
			"fields": map[string]string{"id": "String", "name": "String", "count": "Number",
				"killed_low": "Number", "killed_best": "Number", "killed_high": "Number"},
			"description": "District polygons with counts under the filter",
		})
	}
	doc := map[string]any{
		"tilejson":      "3.0.0",
		"name":          "incidentmap",
		"description":   "Conflict incidents in Balochistan",
		"version":       "1.0.0",
		"attribution":   "incidentmap; district boundaries: OCHA COD-AB (CC BY-IGO)",
		"scheme":        "xyz",
		"tiles":         []string{tileURLTemplate(requestBase(r), q)},
		"minzoom":       0,
		"maxzoom":       MaxZoom,
		"bounds":        b,
		"center":        []float64{(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, 6},
		"vector_layers": layers,
	}
	writeJSON(w, http.StatusOK, doc)
}

// tileJSONType describes a tile field in TileJSON's vector_layers, whose
// types are String, Number or Boolean, followed by what the value means
// when that is not plain.
func tileJSONType(f *exchange.Field) string {
	if f.TileDesc != "" {
		return f.TileDesc
	}
	t := "String"
	if f.Type == exchange.Integer {
		t = "Number"
	}
	return t
}
