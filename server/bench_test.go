package server

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// benchPoints is n points spread over one zoom-8 tile.
func benchPoints(n int) ([]store.Point, tileID) {
	tl := maptile.At(orb.Point{66.9, 30.1}, 8)
	b := tl.Bound()
	pts := make([]store.Point, n)
	for i := range pts {
		pts[i] = store.Point{Seq: uint64(i + 1), ID: fmt.Sprintf("BAL-%07d", i), Title: "IED blast targeting a checkpoint near Quetta",
			Lon: b.Min[0] + (b.Max[0]-b.Min[0])*float64(i%97)/97, Lat: b.Min[1] + (b.Max[1]-b.Min[1])*float64(i%89)/89,
			Date: fmt.Sprintf("2021-%02d-%02d", i%12+1, i%28+1), Primary: testActors[i%5], Actors: []string{testActors[i%5]},
			Type: incident.TypeBombing, Status: incident.Unverified, DistrictID: "quetta", Precision: geo.PrecisionExact,
			Killed: incident.Killed{Low: i % 3, Best: i % 3, High: i % 5}}
	}
	return pts, tileID{z: 8, x: tl.X, y: tl.Y}
}

// BenchmarkEncodePoints: our direct MVT writer, 1,345 points (the average
// filtered tile of the benchmark lists).
func BenchmarkEncodePoints(b *testing.B) {
	pts, t := benchPoints(1345)
	l := newMVTLayer()
	pr := newProjector(t, tileExtent)
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		l.resetIncidents("incidents", tileExtent)
		for i := range pts {
			p := &pts[i]
			x, y := pr.pixel(geo.WorldX(p.Lon), geo.MercatorY(p.Lat))
			tagPoint(l, p)
			l.addPoint(p.Seq, x, y)
		}
		out = l.appendTile(out[:0])
	}
	b.ReportMetric(float64(len(out)), "bytes/tile")
}

// BenchmarkEncodePointsOrb: the same tile through orb's encoding/mvt.
func BenchmarkEncodePointsOrb(b *testing.B) {
	pts, t := benchPoints(1345)
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		fc := geojson.NewFeatureCollection()
		for i := range pts {
			p := &pts[i]
			f := geojson.NewFeature(orb.Point{p.Lon, p.Lat})
			f.ID = p.Seq
			f.Properties = geojson.Properties{"id": p.ID, "title": p.Title, "date": p.Date, "primary_claimant": p.Primary,
				"claimants": joinActors(p.Actors), "type": string(p.Type), "status": string(p.Status), "district_id": p.DistrictID,
				"precision": string(p.Precision), "region": p.Region(), "killed_low": p.Killed.Low, "killed_best": p.Killed.Best, "killed_high": p.Killed.High, "count": 1}
			fc.Append(f)
		}
		l := mvt.NewLayer("incidents", fc)
		l.ProjectToTile(maptile.New(t.x, t.y, maptile.Zoom(t.z)))
		var err error
		if out, err = mvt.Marshal(mvt.Layers{l}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(out)), "bytes/tile")
}

// BenchmarkCluster: grid clustering of 20,000 points into one tile's cells.
func BenchmarkCluster(b *testing.B) {
	pts, t := benchPoints(20000)
	cells := make([]clusterAcc, clusterSide*clusterSide)
	cz := t.z + clusterShift
	b.ReportAllocs()
	for b.Loop() {
		for i := range cells {
			cells[i].reset()
		}
		for i := range pts {
			p := &pts[i]
			wx, wy := geo.WorldX(p.Lon), geo.MercatorY(p.Lat)
			cx, cy := geo.TileOf(wx, wy, cz)
			if cx>>clusterShift != t.x || cy>>clusterShift != t.y {
				continue
			}
			cells[(cy&(clusterSide-1))*clusterSide+(cx&(clusterSide-1))].add(p, wx, wy)
		}
	}
}

// BenchmarkParseFilter: the benchmark's tile query.
func BenchmarkParseFilter(b *testing.B) {
	s := &Server{gaz: testGazetteer(b)}
	q, _ := url.ParseQuery("claimant=BLA&from=2020-01-01&to=2024-12-31&district=kech&bbox=62,25,64,27&mode=points")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := incident.ParseFilter(q, s.districtResolver, tileParams...); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncodePointsMatchesOrb: orb decodes our point layer to the same
// features, properties and coordinates orb's own encoder gives.
func TestEncodePointsMatchesOrb(t *testing.T) {
	pts, tl := benchPoints(300)
	l := newMVTLayer()
	l.resetIncidents("incidents", tileExtent)
	pr := newProjector(tl, tileExtent)
	for i := range pts {
		p := &pts[i]
		x, y := pr.pixel(geo.WorldX(p.Lon), geo.MercatorY(p.Lat))
		tagPoint(l, p)
		l.addPoint(p.Seq, x, y)
	}
	got := decodeTile(t, l.appendTile(nil))["incidents"]
	if got == nil || len(got.Features) != len(pts) || got.Extent != tileExtent {
		t.Fatalf("decoded %+v", got)
	}
	got.ProjectToWGS84(maptile.New(tl.x, tl.y, maptile.Zoom(tl.z)))
	px := (tl.bound().Max[0] - tl.bound().Min[0]) / tileExtent
	for i, f := range got.Features {
		p := pts[i]
		if f.ID != p.Seq && fmt.Sprint(f.ID) != fmt.Sprint(p.Seq) {
			t.Fatalf("feature %d id %v, want %d", i, f.ID, p.Seq)
		}
		if f.Properties["id"] != p.ID || f.Properties["title"] != p.Title || num(f.Properties["killed_high"]) != p.Killed.High {
			t.Fatalf("feature %d properties %v", i, f.Properties)
		}
		pt := f.Geometry.(orb.Point)
		if abs(pt[0]-p.Lon) > 2*px || abs(pt[1]-p.Lat) > 2*px {
			t.Fatalf("feature %d at %v, want %v,%v", i, pt, p.Lon, p.Lat)
		}
	}
}

// BenchmarkUncachedTile: tiles built for every request (the tile cache
// off, as bench/compare.sh's uncached mode runs), points and clusters,
// through the whole handler chain.
func BenchmarkUncachedTile(b *testing.B) {
	env := newTestEnv(b, Options{TileCacheBytes: -1})
	seedRandom(b, env, 20000, 3)
	for name, target := range map[string]string{"points": "/tiles/7/86/53.pbf?mode=points", "cluster": "/tiles/7/86/53.pbf"} {
		b.Run(name, func(b *testing.B) { benchServe(b, env.srv, target) })
	}
}
