package server

import (
	"container/list"
	"context"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// simplifiedDistrict is a district polygon simplified for one zoom.
type simplifiedDistrict struct {
	d     *geo.District
	geom  orb.MultiPolygon
	bound orb.Bound
}

// districtShapes holds the district polygons simplified per zoom, made on
// first use. Above simplifyMaxZoom the gazetteer's own geometry is used.
type districtShapes struct {
	once  [MaxZoom + 1]sync.Once
	zooms [MaxZoom + 1][]simplifiedDistrict
}

const simplifyMaxZoom = 11

// forZoom returns the districts simplified with Douglas-Peucker to half a
// screen pixel (of a 256-pixel tile) at zoom z, in degrees. Neighbours are
// simplified independently, so slivers up to that size may open between
// them; at the zoom they are drawn they are invisible.
func (ds *districtShapes) forZoom(g *geo.Gazetteer, z uint32) []simplifiedDistrict {
	ds.once[z].Do(func() {
		tol := 0.0
		if z <= simplifyMaxZoom {
			tol = 360 / (256 * float64(uint64(1)<<z)) / 2
		}
		for _, d := range g.Districts() {
			geom := d.Geometry
			if tol > 0 {
				geom = simplify.DouglasPeucker(tol).MultiPolygon(d.Geometry.Clone())
			}
			ds.zooms[z] = append(ds.zooms[z], simplifiedDistrict{d: d, geom: geom, bound: d.Geometry.Bound()})
		}
	})
	return ds.zooms[z]
}

// districtsLayer encodes the districts touching the tile, simplified for
// its zoom and clipped to the tile plus buffer, with counts under the filter.
func (s *Server) districtsLayer(ctx context.Context, tr *tileRequest) ([]byte, error) {
	if s.gaz == nil {
		return nil, nil
	}
	aggs, err := s.aggregates(ctx, tr.f)
	if err != nil {
		return nil, err
	}
	tb := tr.t.bufferedBound(float64(tileBuffer) / tileExtent)
	fc := geojson.NewFeatureCollection()
	for _, sd := range s.shapes.forZoom(s.gaz, tr.t.z) {
		if !sd.bound.Intersects(tb) {
			continue
		}
		f := geojson.NewFeature(sd.geom.Clone())
		a := aggs.ByDistrict[sd.d.ID]
		f.Properties = geojson.Properties{
			"id": sd.d.ID, "name": sd.d.CommonName, "count": a.Count,
			"killed_low": a.Killed.Low, "killed_best": a.Killed.Best, "killed_high": a.Killed.High,
		}
		fc.Append(f)
	}
	if len(fc.Features) == 0 {
		return nil, nil
	}
	layer := mvt.NewLayer("districts", fc)
	layer.Version = 2
	layer.Extent = tileExtent
	layer.ProjectToTile(maptile.New(tr.t.x, tr.t.y, maptile.Zoom(tr.t.z)))
	layer.Clip(orb.Bound{Min: orb.Point{-tileBuffer, -tileBuffer}, Max: orb.Point{tileExtent + tileBuffer, tileExtent + tileBuffer}})
	layer.RemoveEmpty(1, 1)
	if len(layer.Features) == 0 {
		return nil, nil
	}
	kept := layer.Features[:0]
	for _, f := range layer.Features {
		// After the y flip and the clip, which each change windings.
		if f.Geometry = geo.OrientMVT(f.Geometry); f.Geometry != nil {
			kept = append(kept, f)
		}
	}
	layer.Features = kept
	if len(layer.Features) == 0 {
		return nil, nil
	}
	return mvt.Marshal(mvt.Layers{layer})
}

// derivedCache keeps a few aggregates per filter at the current version, so
// that the districts layer of every tile of a map view does not rescan the
// point index.
type derivedCache struct {
	mu      sync.Mutex
	ll      *list.List
	items   map[string]*list.Element
	flights map[string]*flight // aggregates being computed, by key
}

// flight is one computation of aggregates that concurrent requests for the
// same key wait on, instead of each scanning the store: a map's first view
// asks for districts, stats, claimants and types at once.
type flight struct {
	done chan struct{}
	aggs *incident.Aggregates
	err  error
}

// join returns the flight for key and whether the caller leads it (and must
// compute and then land it).
func (c *derivedCache) join(key string) (*flight, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if fl, ok := c.flights[key]; ok {
		return fl, false
	}
	fl := &flight{done: make(chan struct{})}
	c.flights[key] = fl
	return fl, true
}

// land ends a flight: its waiters wake up.
func (c *derivedCache) land(key string, fl *flight) {
	c.mu.Lock()
	delete(c.flights, key)
	c.mu.Unlock()
	close(fl.done)
}

type derivedEntry struct {
	key  string
	aggs *incident.Aggregates
}

const derivedMax = 64

func newDerivedCache() *derivedCache {
	return &derivedCache{ll: list.New(), items: map[string]*list.Element{}, flights: map[string]*flight{}}
}

func (c *derivedCache) get(key string) (*incident.Aggregates, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.ll.MoveToFront(el)
		return el.Value.(*derivedEntry).aggs, true
	}
	return nil, false
}

func (c *derivedCache) add(key string, a *incident.Aggregates) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.ll.PushFront(&derivedEntry{key: key, aggs: a})
	for c.ll.Len() > derivedMax {
		el := c.ll.Back()
		c.ll.Remove(el)
		delete(c.items, el.Value.(*derivedEntry).key)
	}
}

func (c *derivedCache) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
}

// aggregates returns the store's aggregates for f, cached per version.
func (s *Server) aggregates(ctx context.Context, f incident.Filter) (*incident.Aggregates, error) {
	v := s.db.Version()
	key := strconv.FormatUint(v, 10) + "\x00" + filterKey(&f)
	if a, ok := s.derived.get(key); ok {
		return a, nil
	}
	fl, lead := s.derived.join(key)
	if lead {
		// Detached from this request: the other waiters and the cache
		// still want the result if this client goes away.
		fl.aggs, fl.err = s.db.Aggregate(context.WithoutCancel(ctx), f)
		if fl.err == nil && s.db.Version() == v {
			s.derived.add(key, fl.aggs)
		}
		s.derived.land(key, fl)
	}
	select {
	case <-fl.done:
		return fl.aggs, fl.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Warm computes what a map's first view asks for under no filter (the
// aggregates behind districts, stats, claimants and types), so that the
// first visitor after a start does not wait for it. Call it after the
// server starts listening; it returns when done or when ctx ends.
func (s *Server) Warm(ctx context.Context) error {
	_, err := s.aggregates(ctx, incident.Filter{})
	return err
}
