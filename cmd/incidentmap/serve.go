package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/data"
	"github.com/incidentmap/incidentmap/exchange"
	"github.com/incidentmap/incidentmap/extract"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/server"
	"github.com/incidentmap/incidentmap/static"
	"github.com/incidentmap/incidentmap/store"
)

// serveConfig is everything `serve` reads from flags and the environment.
type serveConfig struct {
	Addr           string
	DB             string
	Seed           bool
	Dev            bool
	StaticDir      string
	MaxBodyBytes   int64
	TileCacheMB    int
	MaxLimit       int
	ClusterMaxZoom int
	TileMaxAge     time.Duration
	ReadHeader     time.Duration
	Read           time.Duration
	Write          time.Duration
	Idle           time.Duration
	Shutdown       time.Duration
	LogFormat      string
	LogLevel       string
	AccessLog      bool
	Tiles          server.OnlineTiles
}

const serveHelp = `Serve the web map, the GeoJSON/CSV API, vector tiles, TileJSON and OGC API -
Features over the database (docs/api.md lists every route).

Every flag has an environment fallback, shown in brackets. Writes need a
token from 'incidentmap token create'. On SIGTERM or SIGINT the server stops
accepting connections, lets requests in flight finish (up to
--shutdown-timeout), closes the database and exits 0.`

// The server declares what it needs of a database (server.Store); the
// store provides it. Checked here, where the two meet.
var _ server.Store = (*store.DB)(nil)

func parseServeConfig(env *Env, args []string) (*serveConfig, error) {
	c := &serveConfig{}
	fs := newFlagSet("serve", "incidentmap serve [flags]", serveHelp)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fs.fromEnv("addr", "INCIDENTMAP_ADDR")
	dbPath := fs.dbFlag("database `PATH`")
	fs.BoolVar(&c.Seed, "seed", false, "load the shipped seed incidents when the database is empty")
	fs.fromEnv("seed", "INCIDENTMAP_SEED")
	fs.BoolVar(&c.Dev, "dev", false, "serve the web map from --static-dir on disk instead of the embedded bundle")
	fs.fromEnv("dev", "INCIDENTMAP_DEV")
	fs.StringVar(&c.StaticDir, "static-dir", "static/dist", "web map `DIR` for --dev")
	fs.fromEnv("static-dir", "INCIDENTMAP_STATIC_DIR")
	maxBodyMB := fs.Int("max-body-mb", server.DefaultMaxBodyBytes>>20, "largest write or import body in `MiB`; larger gets 413")
	fs.fromEnv("max-body-mb", "INCIDENTMAP_MAX_BODY_MB")
	fs.IntVar(&c.TileCacheMB, "tile-cache-mb", server.DefaultTileCacheBytes>>20, "in-memory tile cache size in `MiB`; 0 disables it")
	fs.fromEnv("tile-cache-mb", "INCIDENTMAP_TILE_CACHE_MB")
	fs.IntVar(&c.MaxLimit, "max-limit", server.DefaultMaxLimit, "largest `N` accepted for the limit parameter")
	fs.fromEnv("max-limit", "INCIDENTMAP_MAX_LIMIT")
	fs.IntVar(&c.ClusterMaxZoom, "cluster-max-zoom", server.DefaultClusterMaxZoom, "highest `ZOOM` whose tiles cluster incidents")
	fs.fromEnv("cluster-max-zoom", "INCIDENTMAP_CLUSTER_MAX_ZOOM")
	fs.DurationVar(&c.TileMaxAge, "tile-max-age", server.DefaultTileMaxAge, "Cache-Control max-age of tiles")
	fs.fromEnv("tile-max-age", "INCIDENTMAP_TILE_MAX_AGE")
	fs.DurationVar(&c.ReadHeader, "read-header-timeout", 5*time.Second, "time to read request headers")
	fs.fromEnv("read-header-timeout", "INCIDENTMAP_READ_HEADER_TIMEOUT")
	fs.DurationVar(&c.Read, "read-timeout", 60*time.Second, "time to read a whole request, body included")
	fs.fromEnv("read-timeout", "INCIDENTMAP_READ_TIMEOUT")
	fs.DurationVar(&c.Write, "write-timeout", 5*time.Minute, "time to write a response; bounds whole-database downloads")
	fs.fromEnv("write-timeout", "INCIDENTMAP_WRITE_TIMEOUT")
	fs.DurationVar(&c.Idle, "idle-timeout", 2*time.Minute, "keep-alive idle time")
	fs.fromEnv("idle-timeout", "INCIDENTMAP_IDLE_TIMEOUT")
	fs.DurationVar(&c.Shutdown, "shutdown-timeout", 30*time.Second, "how long requests in flight may finish after SIGTERM")
	fs.fromEnv("shutdown-timeout", "INCIDENTMAP_SHUTDOWN_TIMEOUT")
	fs.StringVar(&c.LogFormat, "log-format", "json", "log `FORMAT` on stderr: json or text")
	fs.fromEnv("log-format", "INCIDENTMAP_LOG_FORMAT")
	fs.StringVar(&c.LogLevel, "log-level", "info", "`LEVEL`: debug, info, warn or error")
	fs.fromEnv("log-level", "INCIDENTMAP_LOG_LEVEL")
	fs.StringVar(&c.Tiles.URL, "tiles-url", "", "tile URL `TEMPLATE` of the web map's optional online background, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty: none (the map works offline either way)")
	fs.fromEnv("tiles-url", "INCIDENTMAP_TILES_URL")
	fs.StringVar(&c.Tiles.Attribution, "tiles-attribution", "", "`TEXT` crediting the online background, shown on the map; required with --tiles-url")
	fs.fromEnv("tiles-attribution", "INCIDENTMAP_TILES_ATTRIBUTION")
	fs.BoolVar(&c.AccessLog, "access-log", true, "log one line per request")
	fs.fromEnv("access-log", "INCIDENTMAP_ACCESS_LOG")
	if err := parseFlags(fs, env, args); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, usagef("serve: unexpected argument %q (see 'incidentmap serve --help')", fs.Arg(0))
	}
	c.DB = *dbPath
	c.MaxBodyBytes = int64(*maxBodyMB) << 20
	switch {
	case c.Addr == "":
		return nil, usagef("serve: --addr is empty")
	case *maxBodyMB < 1:
		return nil, usagef("serve: --max-body-mb must be at least 1")
	case c.TileCacheMB < 0:
		return nil, usagef("serve: --tile-cache-mb must not be negative")
	case c.MaxLimit < 1:
		return nil, usagef("serve: --max-limit must be at least 1")
	case c.ClusterMaxZoom < 0 || c.ClusterMaxZoom > server.MaxZoom:
		return nil, usagef("serve: --cluster-max-zoom must be 0 to %d", server.MaxZoom)
	case c.LogFormat != "json" && c.LogFormat != "text":
		return nil, usagef("serve: --log-format must be json or text")
	}
	if c.Tiles.URL != "" {
		if _, err := server.TileSource(c.Tiles.URL); err != nil {
			return nil, usagef("serve: --tiles-url: %v", err)
		}
		if strings.TrimSpace(c.Tiles.Attribution) == "" {
			return nil, usagef("serve: --tiles-url needs --tiles-attribution (the credit the tiles' licence asks for)")
		}
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, usagef("serve: --addr %q: want HOST:PORT", c.Addr)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, usagef("serve: --log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	return c, nil
}

func runServe(ctx context.Context, env *Env, args []string) error {
	c, err := parseServeConfig(env, args)
	if err != nil {
		return err
	}
	var lvl slog.Level
	lvl.UnmarshalText([]byte(c.LogLevel))
	hopt := &slog.HandlerOptions{Level: lvl}
	var log *slog.Logger
	if c.LogFormat == "text" {
		log = slog.New(slog.NewTextHandler(env.Stderr, hopt))
	} else {
		log = slog.New(slog.NewJSONHandler(env.Stderr, hopt))
	}

	g, err := geo.LoadFS(data.FS)
	if err != nil {
		return fmt.Errorf("load gazetteer: %w", err)
	}
	db, err := store.Open(c.DB, store.Options{})
	if err != nil {
		return fmt.Errorf("open %s: %w", c.DB, err)
	}
	defer db.Close()
	if c.Seed {
		n, err := db.Count(ctx, incident.Filter{Drafts: true})
		if err != nil {
			return err
		}
		if n == 0 {
			sum, err := exchange.LoadSeed(ctx, db, g)
			if err != nil {
				return fmt.Errorf("load seed: %w", err)
			}
			log.Info("seed loaded", "created", sum.Created, "series", sum.Series)
		}
	}
	var static_ fs.FS = static.FS()
	if c.Dev {
		static_ = os.DirFS(c.StaticDir)
	} else if !static.Built() {
		static_ = nil
	}
	x, err := extract.New(g)
	if err != nil {
		return fmt.Errorf("extractor: %w", err)
	}
	tileCache := int64(c.TileCacheMB) << 20
	if tileCache == 0 {
		tileCache = -1
	}
	var accessLog *slog.Logger
	flushAccess := func() {}
	if c.AccessLog {
		// The access log is written in batches: a write system call per
		// request would cost about as much as serving a cached tile.
		// Warnings and errors (log) still go out at once.
		lb := server.NewLogBuffer(env.Stderr, 200*time.Millisecond)
		defer lb.Close()
		flushAccess = func() { lb.Close() }
		if c.LogFormat == "text" {
			accessLog = slog.New(slog.NewTextHandler(lb, hopt))
		} else {
			accessLog = slog.New(slog.NewJSONHandler(lb, hopt))
		}
	}
	basemap, err := fs.ReadFile(data.FS, "basemap.geojson")
	if err != nil {
		return fmt.Errorf("load basemap: %w", err)
	}
	h := server.New(server.Options{
		Store: db, Gazetteer: g, Static: static_, Logger: log, AccessLog: accessLog, Basemap: basemap,
		MaxBodyBytes: c.MaxBodyBytes, TileCacheBytes: tileCache, MaxLimit: c.MaxLimit,
		ClusterMaxZoom: c.ClusterMaxZoom, TileMaxAge: c.TileMaxAge, Extractor: extractor{x}, MaxExtractBytes: extract.MaxText,
		Tiles: c.Tiles,
	})
	// The point index first: the memory limit is set from the heap it
	// leaves.
	t0 := time.Now()
	if err := preload(ctx, db); err != nil {
		return err
	}
	log.Info("point index built", "took", time.Since(t0).Round(time.Millisecond).String())
	setMemoryLimit(tileCache)
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	// The timeout chain: headers within ReadHeader, the whole request
	// (an import body) within Read, the response within Write; handlers see
	// their context cancelled when the client goes away.
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeader,
		ReadTimeout:       c.Read,
		WriteTimeout:      c.Write,
		IdleTimeout:       c.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "db", c.DB, "incidents_version", db.Version())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go func() { // the first visitor's aggregates, computed while nobody waits
		if err := h.Warm(ctx); err != nil && ctx.Err() == nil {
			log.Warn("warming the aggregates failed", "err", err.Error())
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", c.Shutdown.String())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.Shutdown)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("shutdown: requests still running were cut off", "err", err.Error())
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	flushAccess() // the last requests' lines before the closing ones
	if err := db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", c.DB, err)
	}
	log.Info("stopped")
	return nil
}

// memoryHeadroom is the heap allowed above the point index and a full tile
// cache before the collector works harder: request buffers and downloads.
const memoryHeadroom = 96 << 20

// setMemoryLimit collects the garbage of the startup load and sets a soft
// memory limit of the live heap (mostly the store's point index) plus the
// tile cache plus memoryHeadroom, unless GOMEMLIMIT is set. With the default
// GOGC alone the heap could grow to twice the index between collections.
// The limit is soft: past it the collector runs more often (never more than
// about half the CPU), nothing fails. The freed memory is not handed back to
// the system here: the first requests would only fault it in again (on the
// machine measured, the first pass over the benchmark's tiles ran at 1,064
// instead of 1,334 tiles a second), and the peak stays the same.
func setMemoryLimit(tileCache int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(int64(ms.HeapAlloc) + max(tileCache, 0) + memoryHeadroom)
}

// extractor adapts *extract.Extractor to server.Extractor.
type extractor struct{ x *extract.Extractor }

// A text the extractor refuses (not valid UTF-8; too long is refused by
// the server before) is the client's error, 422 naming the field.
func (e extractor) Extract(_ context.Context, text string, published time.Time) (any, error) {
	res, err := e.x.Extract(text, published)
	if errors.Is(err, extract.ErrBadText) {
		return nil, fmt.Errorf("%w: %w", incident.ErrInvalid, &incident.FieldError{Field: "text", Msg: err.Error()})
	}
	if err != nil {
		return nil, err
	}
	// drafts[i] is candidates[i] as the draft incident 'extract --save'
	// would store: what the desk corrects and saves.
	drafts := make([]*incident.Incident, len(res.Candidates))
	for i := range res.Candidates {
		drafts[i] = res.Candidates[i].Incident()
	}
	return struct {
		*extract.Result
		Drafts []*incident.Incident `json:"drafts"`
	}{res, drafts}, nil
}

// preloadGCPercent is GOGC while the point index is built: decoding every
// record leaves a decoded incident of garbage each, and collecting more
// often keeps the peak near the size of the index itself. The store leaves
// the setting to the program, which alone may change it.
const preloadGCPercent = 25

// preload builds the store's point index with GOGC lowered for the time.
func preload(ctx context.Context, db *store.DB) error {
	defer debug.SetGCPercent(debug.SetGCPercent(preloadGCPercent))
	return db.Preload(ctx)
}
