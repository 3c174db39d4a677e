package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/incident"
)

// decodeTile decodes an MVT body (gunzipping when needed) into layers by name.
func decodeTile(tb testing.TB, body []byte) map[string]*mvt.Layer {
	tb.Helper()
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			tb.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			tb.Fatal(err)
		}
	}
	ls, err := mvt.Unmarshal(body)
	if err != nil {
		tb.Fatalf("decode tile: %v", err)
	}
	out := map[string]*mvt.Layer{}
	for _, l := range ls {
		out[l.Name] = l
	}
	return out
}

func num(v any) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int64:
		return int(n)
	case uint64:
		return int(n)
	}
	return -1
}

func TestTileFeaturesAndProperties(t *testing.T) {
	env := newTestEnv(t, Options{})
	in := newIncident("ONE", 63.05, 26.0, "2021-06-01", "BLF", 4)
	in.Location.DistrictID, in.Location.District = "kech", "Kech"
	if _, _, err := env.db.Put(t.Context(), in, "t"); err != nil {
		t.Fatal(err)
	}
	tl := maptile.At([2]float64{63.05, 26.0}, 16)
	for _, mode := range []string{"", "?mode=points"} {
		rec := env.get(t, fmt.Sprintf("/tiles/16/%d/%d.pbf%s", tl.X, tl.Y, mode))
		if rec.Code != http.StatusOK {
			t.Fatalf("mode %q: status %d: %s", mode, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != mvtContentType {
			t.Errorf("Content-Type %q", ct)
		}
		if rec.Header().Get("Cache-Control") == "" || rec.Header().Get("ETag") == "" {
			t.Errorf("missing Cache-Control or ETag: %v", rec.Header())
		}
		layers := decodeTile(t, rec.Body.Bytes())
		l := layers["incidents"]
		if l == nil || len(l.Features) != 1 {
			t.Fatalf("mode %q: incidents layer %+v", mode, l)
		}
		if l.Extent != 4096 || l.Version != 2 {
			t.Errorf("extent %d version %d", l.Extent, l.Version)
		}
		ft := l.Features[0]
		p := ft.Properties
		if p["id"] != "ONE" || p["primary_claimant"] != "BLF" || p["district_id"] != "kech" || p["date"] != "2021-06-01" ||
			num(p["killed_best"]) != 4 || num(p["count"]) != 1 || p["type"] != "armed_clash" || p["precision"] != "exact" {
			t.Errorf("mode %q: properties %v", mode, p)
		}
		// Project back: the point must land within a pixel of the incident.
		l.ProjectToWGS84(tl)
		pt := ft.Geometry.Bound().Min
		if abs(pt[0]-63.05) > 1e-4 || abs(pt[1]-26.0) > 1e-4 {
			t.Errorf("mode %q: point decoded at %v", mode, pt)
		}
		if mode == "" && layers["districts"] == nil {
			t.Errorf("districts layer missing in default mode")
		}
		if mode != "" && layers["districts"] != nil {
			t.Errorf("districts layer present in points mode")
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestTileErrorsAndEmpty(t *testing.T) {
	env := newTestEnv(t, Options{})
	for _, u := range []string{"/tiles/23/0/0.mvt", "/tiles/2/4/0.mvt", "/tiles/2/0/4.mvt", "/tiles/3/1/1.mvt?mode=bogus", "/tiles/3/1/1.mvt?claimant=", "/tiles/3/1/1.mvt?layers=roads"} {
		rec := env.get(t, u)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", u, rec.Code)
		}
	}
	// A tile in the Atlantic with only the incidents layer asked for is empty.
	rec := env.get(t, "/tiles/6/20/25.mvt?layers=incidents")
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Errorf("empty tile: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestTileGzipAnd304(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 300, 3)
	u := "/tiles/5/21/13.mvt"
	plain := env.get(t, u)
	zipped := env.get(t, u, "Accept-Encoding", "gzip")
	if plain.Code != 200 || zipped.Code != 200 {
		t.Fatalf("status %d %d", plain.Code, zipped.Code)
	}
	if zipped.Header().Get("Content-Encoding") != "gzip" || plain.Header().Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding plain %q gzip %q", plain.Header().Get("Content-Encoding"), zipped.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unz, _ := io.ReadAll(zr)
	if !bytes.Equal(unz, plain.Body.Bytes()) {
		t.Error("gzipped tile differs from the plain one")
	}
	etag := plain.Header().Get("ETag")
	if rec := env.get(t, u, "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := env.get(t, u+"?claimant=BLA", "If-None-Match", etag); rec.Code != http.StatusOK {
		t.Errorf("another URL with the same ETag: status %d", rec.Code)
	}
	// A write changes the version and so the ETag.
	if _, _, err := env.db.Put(t.Context(), newIncident("NEW", 64, 27, "2022-01-01", "BLA", 1), "t"); err != nil {
		t.Fatal(err)
	}
	if rec := env.get(t, u, "If-None-Match", etag); rec.Code != http.StatusOK {
		t.Errorf("after a write: status %d, want 200", rec.Code)
	}
}

// TestClusterCountsSumExactly: over all tiles of each zoom, the counts of
// the incidents layer add up to exactly the incidents matching the filter,
// and /api/clusters agrees.
func TestClusterCountsSumExactly(t *testing.T) {
	env := newTestEnv(t, Options{ClusterMaxZoom: 7})
	seedRandom(t, env, 3000, 42)
	bound := testGazetteer(t).Province().Bound()
	for _, filter := range []string{"", "claimant=BLA&from=2018-01-01&to=2022-12-31", "district=kech"} {
		f, err := incident.ParseFilter(mustQuery(filter), env.srv.districtResolver)
		if err != nil {
			t.Fatal(err)
		}
		want, err := env.db.Count(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		for z := uint32(0); z <= 9; z++ {
			x0, y0, x1, y1 := tileCoverRange(bound, z)
			total, features := 0, 0
			for x := x0; x <= x1; x++ {
				for y := y0; y <= y1; y++ {
					rec := env.get(t, fmt.Sprintf("/tiles/%d/%d/%d.mvt?layers=incidents&%s", z, x, y, filter))
					if rec.Code == http.StatusNoContent {
						continue
					}
					if rec.Code != 200 {
						t.Fatalf("z%d: status %d", z, rec.Code)
					}
					l := decodeTile(t, rec.Body.Bytes())["incidents"]
					for _, ft := range l.Features {
						total += num(ft.Properties["count"])
						features++
					}
				}
			}
			if total != want {
				t.Errorf("filter %q z%d: counts sum to %d over %d features, want %d", filter, z, total, features, want)
			}
			rec := env.get(t, fmt.Sprintf("/api/clusters?zoom=%d&%s", z, filter))
			var fc struct {
				NumberMatched int `json:"numberMatched"`
				Features      []struct {
					Properties struct {
						Count int `json:"count"`
					} `json:"properties"`
				} `json:"features"`
			}
			decodeJSON(t, rec, &fc)
			sum := 0
			for _, ft := range fc.Features {
				sum += ft.Properties.Count
			}
			if sum != want || fc.NumberMatched != want {
				t.Errorf("filter %q /api/clusters z%d: sum %d, numberMatched %d, want %d", filter, z, sum, fc.NumberMatched, want)
			}
			if z <= 7 && len(fc.Features) != features {
				t.Errorf("filter %q z%d: %d clusters from the API, %d in tiles", filter, z, len(fc.Features), features)
			}
		}
	}
}

func TestPointsModeFollowsAnchorRules(t *testing.T) {
	env := newTestEnv(t, Options{})
	// 12,000 incidents in one tile: points mode stops at 10,000.
	var ins []*incident.Incident
	for i := range 12000 {
		ins = append(ins, newIncident(fmt.Sprintf("P%05d", i), 66.9+float64(i%100)*0.001, 30.1+float64(i/100)*0.001, "2021-01-01", "BLA", 1))
	}
	if _, err := env.db.PutBatch(t.Context(), ins, "t"); err != nil {
		t.Fatal(err)
	}
	tl := maptile.At([2]float64{66.95, 30.15}, 8)
	rec := env.get(t, fmt.Sprintf("/tiles/8/%d/%d.pbf?mode=points", tl.X, tl.Y))
	l := decodeTile(t, rec.Body.Bytes())["incidents"]
	if len(l.Features) != pointsMaxFeatures {
		t.Errorf("points mode: %d features, want %d", len(l.Features), pointsMaxFeatures)
	}
	// A neighbouring tile sees points in its 256-unit buffer.
	near := newIncident("EDGE", 0, 0, "2021-01-01", "BLA", 1)
	home := maptile.At([2]float64{66.0, 29.5}, 6)
	b := home.Bound()
	near.Location.Lon, near.Location.Lat = b.Max[0]-0.01, (b.Min[1]+b.Max[1])/2 // just inside home, near its east edge
	if _, _, err := env.db.Put(t.Context(), near, "t"); err != nil {
		t.Fatal(err)
	}
	rec = env.get(t, fmt.Sprintf("/tiles/6/%d/%d.pbf?mode=points&q=EDGE", home.X+1, home.Y))
	if rec.Code != 200 {
		t.Fatalf("neighbour tile: status %d", rec.Code)
	}
	ft := decodeTile(t, rec.Body.Bytes())["incidents"].Features
	if len(ft) != 1 {
		t.Fatalf("neighbour tile: %d features, want the buffered one", len(ft))
	}
	// Clustered mode never shows it in the neighbour.
	if rec := env.get(t, fmt.Sprintf("/tiles/6/%d/%d.pbf?layers=incidents&q=EDGE", home.X+1, home.Y)); rec.Code != http.StatusNoContent {
		t.Errorf("clustered neighbour: status %d, want 204", rec.Code)
	}
}

// TestWriteVisibleInNextRead: a cached tile and GeoJSON read show a write at
// once.
func TestWriteVisibleInNextRead(t *testing.T) {
	env := newTestEnv(t, Options{})
	seedRandom(t, env, 100, 9)
	tl := maptile.At([2]float64{65.5, 28.5}, 12)
	u := fmt.Sprintf("/tiles/12/%d/%d.mvt?layers=incidents", tl.X, tl.Y)
	before := env.get(t, u)
	env.get(t, u) // served from cache
	body := `{"id":"W-1","title":"New attack","date":"2024-02-03","type":"bombing",
		"location":{"lon":65.5,"lat":28.5,"precision":"exact"},
		"claims":[{"actor":"BLA","kind":"claim_of_responsibility","status":"unverified"}]}`
	if rec := env.write(t, http.MethodPost, "/api/incidents", body); rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	after := env.get(t, u)
	if after.Code != 200 {
		t.Fatalf("tile after write: %d", after.Code)
	}
	found := false
	for _, ft := range decodeTile(t, after.Body.Bytes())["incidents"].Features {
		found = found || ft.Properties["id"] == "W-1"
	}
	if !found {
		t.Errorf("new incident not in the next tile (before: %d bytes)", before.Body.Len())
	}
	rec := env.get(t, "/api/incidents?q=W-1")
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	decodeJSON(t, rec, &fc)
	if fc.NumberMatched != 1 {
		t.Errorf("GeoJSON read after write: numberMatched %d", fc.NumberMatched)
	}
}

func TestTileJSON(t *testing.T) {
	env := newTestEnv(t, Options{})
	rec := env.get(t, "/tiles.json?claimant=BLA&from=2020-01-01")
	var doc struct {
		TileJSON     string    `json:"tilejson"`
		Tiles        []string  `json:"tiles"`
		Bounds       []float64 `json:"bounds"`
		VectorLayers []struct {
			ID string `json:"id"`
		} `json:"vector_layers"`
		MaxZoom int `json:"maxzoom"`
	}
	decodeJSON(t, rec, &doc)
	if doc.TileJSON != "3.0.0" || len(doc.Tiles) != 1 || len(doc.Bounds) != 4 || len(doc.VectorLayers) != 2 || doc.MaxZoom != MaxZoom {
		t.Fatalf("tilejson %+v", doc)
	}
	want := "http://example.com/tiles/{z}/{x}/{y}.mvt?claimant=BLA&from=2020-01-01"
	if doc.Tiles[0] != want {
		t.Errorf("tiles %q, want %q", doc.Tiles[0], want)
	}
	if rec := env.get(t, "/tiles.json?claimant="); rec.Code != 400 {
		t.Errorf("bad filter: %d", rec.Code)
	}
}

// Without a tile cache, tiles are built for each request, one build shared
// by concurrent requests for the same tile: tiles served concurrently, with
// and without gzip, must each equal the same tile served alone by a server
// with a cache.
func TestTilesUncachedConcurrent(t *testing.T) {
	env := newTestEnv(t, Options{TileCacheBytes: -1})
	seedRandom(t, env, 400, 17)
	ref := &testEnv{db: env.db, srv: New(Options{Store: env.db, Gazetteer: testGazetteer(t),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Static: testStatic})}
	var urls []string
	for z := uint32(5); z <= 8; z++ {
		for _, tl := range tilesCovering(z, 61, 25, 70, 32) {
			urls = append(urls, fmt.Sprintf("/tiles/%d/%d/%d.mvt?mode=points", z, tl[0], tl[1]),
				fmt.Sprintf("/tiles/%d/%d/%d.mvt", z, tl[0], tl[1]))
		}
	}
	want := map[string][]byte{}
	for _, u := range urls {
		want[u] = ref.get(t, u).Body.Bytes()
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := range 3 * len(urls) {
				u := urls[(i*7+w*13)%len(urls)]
				var got []byte
				if i%3 == 0 {
					rec := env.get(t, u, "Accept-Encoding", "gzip")
					if rec.Code == http.StatusOK {
						zr, err := gzip.NewReader(rec.Body)
						if err != nil {
							errs <- err.Error()
							return
						}
						got, _ = io.ReadAll(zr)
					}
				} else {
					got = env.get(t, u).Body.Bytes()
				}
				if !bytes.Equal(got, want[u]) {
					errs <- fmt.Sprintf("%s: %d bytes, want %d", u, len(got), len(want[u]))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// tilesCovering lists the x, y of the zoom z tiles covering a bounding box.
func tilesCovering(z uint32, minLon, minLat, maxLon, maxLat float64) [][2]uint32 {
	a := maptile.At(orb.Point{minLon, maxLat}, maptile.Zoom(z))
	b := maptile.At(orb.Point{maxLon, minLat}, maptile.Zoom(z))
	var out [][2]uint32
	for x := a.X; x <= b.X; x++ {
		for y := a.Y; y <= b.Y; y++ {
			out = append(out, [2]uint32{x, y})
		}
	}
	return out
}

// TestTileQueryMemo: a tile request's parsed query is kept by its raw text
// and shared by later requests: the same query over many tiles, at once,
// gives each tile what a fresh parse gives; a refused query stays refused.
func TestTileQueryMemo(t *testing.T) {
	env := newTestEnv(t, Options{TileCacheBytes: -1})
	seedRandom(t, env, 300, 7)
	const q = "?mode=points&claimant=BLA,BLF&type=bombing,armed_clash&from=2020-01-01"
	tiles := []string{"/tiles/6/43/26.pbf", "/tiles/6/44/26.pbf", "/tiles/7/86/53.pbf", "/tiles/7/87/53.pbf"}
	want := map[string]string{}
	for _, tile := range tiles {
		rec := env.get(t, tile+q)
		want[tile] = rec.Body.String()
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, tile := range tiles {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := env.get(t, tile+q)
				if rec.Code != http.StatusOK && rec.Code != http.StatusNoContent {
					t.Errorf("%s: %d", tile, rec.Code)
				} else if rec.Body.String() != want[tile] {
					t.Errorf("%s: a later request got another body", tile)
				}
			}()
		}
	}
	wg.Wait()
	// The memo holds the parsed filter, not a stand-in: another order of the
	// same parameters is the same tile, and a different filter another one.
	if a, b := env.get(t, tiles[2]+q), env.get(t, tiles[2]+"?from=2020-01-01&type=armed_clash,bombing&claimant=BLF,BLA&mode=points"); a.Header().Get("ETag") != b.Header().Get("ETag") {
		t.Errorf("reordered query: ETag %s vs %s", a.Header().Get("ETag"), b.Header().Get("ETag"))
	}
	if a, b := env.get(t, tiles[2]+q), env.get(t, tiles[2]+"?mode=points&claimant=BLA"); a.Header().Get("ETag") == b.Header().Get("ETag") {
		t.Error("two filters share an ETag")
	}
	for range 2 {
		if rec := env.get(t, tiles[0]+"?mode=sideways"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "mode") {
			t.Errorf("bad mode: %d %s", rec.Code, rec.Body.String())
		}
	}
}
