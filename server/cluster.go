package server

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
)

// Clustering is a grid: at zoom z every incident falls in exactly one cell
// of the Web Mercator grid at zoom z+clusterShift (8 x 8 cells per tile, each
// 32 screen pixels on a 256-pixel tile), and every cell lies in exactly one
// tile. So the clusters of all tiles of a zoom count every matching incident
// exactly once, and /api/clusters agrees with the tiles.
const (
	clusterShift = 3
	clusterSide  = 1 << clusterShift
)

// clusterAcc accumulates the incidents of one cell.
type clusterAcc struct {
	n      int
	sx, sy float64 // sums of world coordinates
	killed incident.Killed
	actors []actorCount   // by primary claimant
	first  incident.Point // the incident, when n == 1
}

type actorCount struct {
	id string
	n  int
}

func (a *clusterAcc) add(p *incident.Point, wx, wy float64) {
	if a.n == 0 {
		a.first = *p
	}
	a.n++
	a.sx += wx
	a.sy += wy
	a.killed.Low += p.Killed.Low
	a.killed.Best += p.Killed.Best
	a.killed.High += p.Killed.High
	for i := range a.actors {
		if a.actors[i].id == p.Primary {
			a.actors[i].n++
			return
		}
	}
	a.actors = append(a.actors, actorCount{id: p.Primary, n: 1})
}

func (a *clusterAcc) reset() {
	a.n, a.sx, a.sy, a.killed = 0, 0, 0, incident.Killed{}
	a.actors = a.actors[:0]
	a.first = incident.Point{}
}

// dominant is the primary claimant of most of the cell's incidents; ties go
// to the alphabetically first id so the answer is stable.
func (a *clusterAcc) dominant() string {
	best := actorCount{}
	for _, c := range a.actors {
		if c.n > best.n || (c.n == best.n && c.id < best.id) {
			best = c
		}
	}
	return best.id
}

// claimantsJSON renders the per-claimant counts as a JSON object, ids sorted.
func (a *clusterAcc) claimantsJSON() string {
	cs := slices.Clone(a.actors)
	slices.SortFunc(cs, func(x, y actorCount) int { return strings.Compare(x.id, y.id) })
	b := []byte{'{'}
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, c.id)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(c.n), 10)
	}
	return string(append(b, '}'))
}

func (a *clusterAcc) claimantsMap() map[string]int {
	m := make(map[string]int, len(a.actors))
	for _, c := range a.actors {
		m[c.id] = c.n
	}
	return m
}

// boundPad widens query bounds slightly so that rounding between lon/lat and
// world coordinates never loses a point on a tile edge; the exact
// assignment is then made with geo.TileOf.
const boundPad = 1e-7

func padBound(b orb.Bound) orb.Bound {
	return orb.Bound{Min: orb.Point{b.Min[0] - boundPad, b.Min[1] - boundPad}, Max: orb.Point{b.Max[0] + boundPad, b.Max[1] + boundPad}}
}

// clusterTile fills the 64 cells of tile t with the incidents matching f
// whose cell lies in t. cells must have clusterSide*clusterSide entries.
func clusterTile(ctx context.Context, db Store, f incident.Filter, t tileID, cells []clusterAcc) error {
	cz := t.z + clusterShift
	return db.Points(ctx, f, padBound(t.bound()), func(p *incident.Point) bool {
		wx, wy := geo.WorldX(p.Lon), pointY(p)
		cx, cy := geo.TileOf(wx, wy, cz)
		if cx>>clusterShift != t.x || cy>>clusterShift != t.y {
			return true // a neighbour's
		}
		cells[(cy&(clusterSide-1))*clusterSide+(cx&(clusterSide-1))].add(p, wx, wy)
		return true
	})
}

// clusterBound groups the incidents matching f (which may carry a bbox)
// into the cells of zoom z+clusterShift, keyed by cell.
func clusterBound(ctx context.Context, db Store, f incident.Filter, z uint32) (map[uint64]*clusterAcc, error) {
	b := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	if f.BBox != nil {
		b = *f.BBox
	}
	cz := z + clusterShift
	cells := map[uint64]*clusterAcc{}
	err := db.Points(ctx, f, b, func(p *incident.Point) bool {
		wx, wy := geo.WorldX(p.Lon), pointY(p)
		cx, cy := geo.TileOf(wx, wy, cz)
		k := uint64(cx)<<32 | uint64(cy)
		a := cells[k]
		if a == nil {
			a = &clusterAcc{}
			cells[k] = a
		}
		a.add(p, wx, wy)
		return true
	})
	return cells, err
}
