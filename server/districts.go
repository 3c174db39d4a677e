package server

import (
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

// derivedMax is how many aggregates (one per filter, at the current
// version) the server keeps, so that the districts layer of every tile of
// a map view does not rescan the point index.
const derivedMax = 64

// aggregates returns the store's aggregates for f, cached per version.
func (s *Server) aggregates(ctx context.Context, f incident.Filter) (*incident.Aggregates, error) {
	v := s.db.Version()
	key := strconv.FormatUint(v, 10) + "\x00" + filterKey(&f)
	// One computation for concurrent requests: a map's first view asks
	// for districts, stats, claimants and types at once.
	return s.derived.Do(ctx, key, func(ctx context.Context) (*incident.Aggregates, error) {
		return s.db.Aggregate(ctx, f)
	}, func() bool { return s.db.Version() == v })
}

// Warm computes what a map's first view asks for under no filter (the
// aggregates behind districts, stats, claimants and types), so that the
// first visitor after a start does not wait for it. Call it after the
// server starts listening; it returns when done or when ctx ends.
func (s *Server) Warm(ctx context.Context) error {
	_, err := s.aggregates(ctx, incident.Filter{})
	return err
}
