// Package server is incidentmap's HTTP API: GeoJSON and CSV reads with the
// shared filters, Mapbox vector tiles with server-side clustering, TileJSON,
// OGC API - Features, the gazetteer's geocoder, authenticated writes and the
// web map's static files. docs/api.md documents every route.
package server

import (
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Options configure a Server. Zero values of the limits pick the documented
// defaults.
type Options struct {
	Store     Store          // required
	Gazetteer *geo.Gazetteer // required: districts, geocoding, district filters
	Static    fs.FS          // the web map (index.html, embed.html, assets); nil serves a placeholder page
	Logger    *slog.Logger   // errors and warnings; nil discards them
	// AccessLog, when not nil, gets one info-level line per request
	// (method, path, query, status, bytes, dur). It is its own logger, not
	// picked out of Logger by level, so that the command can batch it.
	AccessLog *slog.Logger

	// MaxBodyBytes bounds write request bodies (413 beyond); default 32 MiB.
	MaxBodyBytes int64
	// TileCacheBytes bounds the in-memory tile cache; default 64 MiB;
	// negative disables the cache.
	TileCacheBytes int64
	// MaxLimit caps the limit parameter of list endpoints; default 10000.
	MaxLimit int
	// ClusterMaxZoom is the highest zoom whose incidents layer is clustered;
	// above it every incident is its own feature. Default 13.
	ClusterMaxZoom int
	// TileMaxAge is the Cache-Control max-age of tiles; default 60s.
	TileMaxAge time.Duration
	// Basemap is a GeoJSON FeatureCollection of context layers (sea,
	// countries, rivers, named regions; see data/basemap.geojson) served at
	// /api/basemap with the gazetteer's provinces; nil serves the provinces
	// alone.
	Basemap []byte
	// Tiles is the web map's optional online background; the zero value
	// leaves it off. A URL that TileSource refuses is logged and left off.
	Tiles OnlineTiles
	// Extractor turns report text into draft incidents for POST /api/extract;
	// nil answers 501.
	Extractor Extractor
	// MaxExpensive bounds the expensive reads (text searches, downloads)
	// run at once; one beyond waits up to ExpensiveWait, then answers 503
	// with Retry-After. Default 2 x GOMAXPROCS.
	MaxExpensive int
	// ExpensiveWait is how long an expensive read waits for a slot;
	// default 250ms.
	ExpensiveWait time.Duration
	// MaxExtractBytes bounds the report text of POST /api/extract (413
	// beyond, as is a body that cannot hold less); default 1 MiB, the
	// extractor's own limit.
	MaxExtractBytes int64
	// AuthFailBurst and AuthFailEvery are the budget of failed
	// authentications per client address: AuthFailBurst at once, then one
	// more every AuthFailEvery; past it, 429. Defaults 10 and 6s
	// (ratelimit.go says why).
	AuthFailBurst int
	AuthFailEvery time.Duration
}

// Server answers HTTP requests; build it with New.
type Server struct {
	db      Store
	gaz     *geo.Gazetteer
	static  fs.FS
	log     *slog.Logger
	opt     Options
	tiles   *lru[*tileEntry]           // encoded tiles, bounded by bytes
	derived *lru[*incident.Aggregates] // aggregates by filter, a few
	// tileQueries are tile requests' parsed queries by raw query text
	tileQueries *lru[*tileQuery]
	shapes      districtShapes
	series      seriesCache
	basemap     basemap
	extent      extentCache
	handler     http.Handler
	// limiter counts failed authentications per client address.
	limiter *authLimiter
	// sessions are the desk's signed-in sessions (in memory only).
	sessions *sessionStore
	// tileCacheControl is the Cache-Control value of tiles.
	tileCacheControl []string
	// tileSource is the CSP source of Options.Tiles, "" when off.
	tileSource string
}

// Defaults for Options.
const (
	DefaultMaxBodyBytes   = 32 << 20
	DefaultTileCacheBytes = 64 << 20
	DefaultMaxLimit       = 10000
	DefaultClusterMaxZoom = 13
	DefaultTileMaxAge     = 60 * time.Second
	DefaultMaxExtract     = 1 << 20
	defaultLimit          = 1000
)

// New builds a Server and its router.
func New(opt Options) *Server {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opt.TileCacheBytes == 0 {
		opt.TileCacheBytes = DefaultTileCacheBytes
	}
	if opt.MaxLimit <= 0 {
		opt.MaxLimit = DefaultMaxLimit
	}
	if opt.ClusterMaxZoom <= 0 {
		opt.ClusterMaxZoom = DefaultClusterMaxZoom
	}
	if opt.MaxExpensive <= 0 {
		opt.MaxExpensive = 2 * runtime.GOMAXPROCS(0)
	}
	if opt.ExpensiveWait <= 0 {
		opt.ExpensiveWait = 250 * time.Millisecond
	}
	if opt.MaxExtractBytes <= 0 {
		opt.MaxExtractBytes = DefaultMaxExtract
	}
	if opt.TileMaxAge <= 0 {
		opt.TileMaxAge = DefaultTileMaxAge
	}
	if opt.AuthFailBurst <= 0 {
		opt.AuthFailBurst = DefaultAuthFailBurst
	}
	if opt.AuthFailEvery <= 0 {
		opt.AuthFailEvery = DefaultAuthFailEvery
	}
	s := &Server{
		db:               opt.Store,
		gaz:              opt.Gazetteer,
		static:           opt.Static,
		log:              opt.Logger,
		opt:              opt,
		tiles:            newLRU(opt.TileCacheBytes, tileCost),
		derived:          newLRU(derivedMax, func(string, *incident.Aggregates) int64 { return 1 }),
		tileQueries:      newLRU(tileQueriesMax, tileQueryCost),
		tileCacheControl: []string{"public, max-age=" + strconv.Itoa(int(opt.TileMaxAge.Seconds()))},
		limiter:          newAuthLimiter(opt.AuthFailBurst, opt.AuthFailEvery),
		sessions:         newSessionStore(),
	}
	if opt.Tiles.URL != "" {
		src, err := TileSource(opt.Tiles.URL)
		if err != nil {
			s.log.Error("online background off", "err", err)
		}
		s.tileSource = src
	}
	var h http.Handler = s.routes()
	h = limitExpensive(make(chan struct{}, opt.MaxExpensive), opt.ExpensiveWait, s.writeError)(h)
	h = strictQuery(s.writeError)(h)
	h = gzipResponses(h)
	h = cors(h)
	h = securityHeaders(h, s.tileSource)
	if opt.AccessLog != nil {
		h = accessLog(opt.AccessLog)(h)
	}
	h = recoverPanics(s.log)(h)
	s.handler = h
	// The basemap and the ranked places are derived from immutable data:
	// build them now, off the request path, so the page's first
	// /api/basemap and /api/places need not wait (they wait on the Once if
	// they come first).
	go s.basemap.once.Do(s.buildBasemap)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errStatus(http.StatusNotFound, "no such route"))
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errStatus(http.StatusMethodNotAllowed, "method not allowed"))
	})
	get := func(path string, h http.HandlerFunc) { r.HandleFunc(path, h).Methods(http.MethodGet, http.MethodHead) }

	// Tiles first: mux tries routes in order, and a map view asks for
	// tiles far more than for anything else.
	get("/tiles/{z:[0-9]+}/{x:[0-9]+}/{y:[0-9]+}.{ext:mvt|pbf}", s.handleTile)

	get("/healthz", s.handleHealth)
	get("/api/geocode", s.handleGeocode)
	get("/api/reverse", s.handleReverse)

	get("/api/incidents", s.handleIncidents)
	get("/api/incidents.geojson", s.handleDownloadGeoJSON)
	get("/api/incidents.csv", s.handleDownloadCSV)
	get("/api/incidents.csvt", s.handleDownloadCSVT)
	get("/api/incidents.prj", s.handleDownloadPRJ)
	get("/api/incidents/{id}", s.handleIncident)
	get("/api/incidents/{id}/history", s.handleHistory)
	r.HandleFunc("/api/incidents", s.auth(incident.RoleEditor, s.handleCreate)).Methods(http.MethodPost)
	r.HandleFunc("/api/incidents/{id}", s.auth(incident.RoleEditor, s.handleReplace)).Methods(http.MethodPut)
	r.HandleFunc("/api/incidents/{id}", s.auth(incident.RoleEditor, s.handlePatch)).Methods(http.MethodPatch)
	r.HandleFunc("/api/incidents/{id}", s.auth(incident.RolePublisher, s.handleDelete)).Methods(http.MethodDelete)
	r.HandleFunc("/api/import", s.auth(incident.RolePublisher, s.handleImport)).Methods(http.MethodPost)
	r.HandleFunc("/api/extract", s.auth(incident.RoleEditor, s.handleExtract)).Methods(http.MethodPost)
	r.HandleFunc("/api/backup", s.auth(incident.RolePublisher, s.handleBackup)).Methods(http.MethodGet)
	s.deskRoutes(r)

	get("/api/districts", s.handleDistricts)
	get("/api/routes", s.handleRoutes)
	get("/api/province", s.handleProvince)
	get("/api/basemap", s.handleBasemap)
	get("/api/places", s.handlePlaces)
	get("/api/config", s.handleConfig)
	get("/api/stats", s.handleStats)
	get("/api/claimants", s.handleClaimants)
	get("/api/types", s.handleTypes)
	get("/api/clusters", s.handleClusters)

	get("/tiles.json", s.handleTileJSON)

	s.ogcRoutes(get)

	get("/", s.handlePage("index.html"))
	get("/embed", s.handlePage("embed.html"))
	r.PathPrefix("/").Methods(http.MethodGet, http.MethodHead).HandlerFunc(s.handleAsset)
	return r
}
