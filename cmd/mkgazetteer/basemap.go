package main

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"
)

// basemapLayers are the Natural Earth files (public domain) that give the web
// map its context: sea, the neighbouring countries, lakes and playas, rivers,
// and the names of mountain ranges, deserts and peaks. Each feature keeps
// only a layer name, its own name, a kind and a rank (Natural Earth's
// scalerank, lower is more important), with coordinates rounded to 0.001
// degree (about 100 m) and simplified to 0.005 degree: enough for zoom 4 to
// 10, small enough for the page to load at once (about 150 kB, 50 kB gzipped).
var basemapLayers = []struct{ file, layer string }{
	{"ne_ocean.geojson", "sea"},
	{"ne_countries.geojson", "country"},
	{"ne_lakes_playas.geojson", "lake"},
	{"ne_rivers.geojson", "river"},
	{"ne_geography_regions.geojson", "region"},
	{"ne_geography_points.geojson", "peak"},
}

const basemapTolerance = 0.005

func round3(v float64) float64 { return math.Round(v*1e3) / 1e3 }

func roundGeom(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return orb.Point{round3(g[0]), round3(g[1])}
	case orb.LineString:
		for i := range g {
			g[i] = orb.Point{round3(g[i][0]), round3(g[i][1])}
		}
		return g
	case orb.MultiLineString:
		for i := range g {
			roundGeom(g[i])
		}
		return g
	case orb.Ring:
		roundGeom(orb.LineString(g))
		return g
	case orb.Polygon:
		for i := range g {
			roundGeom(orb.LineString(g[i]))
		}
		return g
	case orb.MultiPolygon:
		for i := range g {
			roundGeom(g[i])
		}
		return g
	}
	return g
}

func intProp(p geojson.Properties, k string) int {
	if v, ok := p[k].(float64); ok {
		return int(v)
	}
	return 0
}

// writeBasemap writes basemap.geojson from the Natural Earth files in
// region/, in a fixed order: layer by layer as listed, then by name. A
// feature whose name the Urdu table names (ne_names_ur.tsv) also gets
// name_ur.
func writeBasemap(region, path string, names neNames) (n, nUr int, err error) {
	out := geojson.NewFeatureCollection()
	for _, l := range basemapLayers {
		fc, err := readFC(filepath.Join(region, l.file))
		if err != nil {
			return 0, 0, err
		}
		var fs []*geojson.Feature
		for _, f := range fc.Features {
			if f.Geometry == nil {
				return 0, 0, fmt.Errorf("%s: feature without geometry", l.file)
			}
			g := f.Geometry
			if _, ok := g.(orb.Point); !ok {
				g = simplify.DouglasPeucker(basemapTolerance).Simplify(orb.Clone(g))
			}
			nf := geojson.NewFeature(roundGeom(g))
			p := geojson.Properties{"layer": l.layer}
			if n := str(f.Properties, "name"); n != "" {
				p["name"] = n
				if ur := names.nameUr(l.layer, n); ur != "" {
					p["name_ur"] = ur
					nUr++
				}
			}
			switch l.layer {
			case "country":
				p["iso_a2"] = str(f.Properties, "iso_a2")
			case "region", "peak", "lake":
				p["kind"] = str(f.Properties, "featurecla")
				p["rank"] = intProp(f.Properties, "scalerank")
			case "river":
				p["rank"] = intProp(f.Properties, "scalerank")
			}
			nf.Properties = p
			fs = append(fs, nf)
		}
		slices.SortStableFunc(fs, func(a, b *geojson.Feature) int {
			return cmp.Compare(str(a.Properties, "name"), str(b.Properties, "name"))
		})
		for _, f := range fs {
			out.Append(f)
		}
	}
	return len(out.Features), nUr, writeJSON(path, out)
}
