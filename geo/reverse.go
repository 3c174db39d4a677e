package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ErrBadPoint is returned for coordinates that are not a point on Earth:
// NaN, infinite, or outside -180..180 / -90..90.
var ErrBadPoint = errors.New("geo: invalid coordinates")

// Place is the answer of reverse geocoding: where a point lies. Inside is
// true for a point in one of Balochistan's districts, which are then named
// with the tehsil. A point in the outer ring has Region "outside", its
// country and first-level unit, and its district where the gazetteer has one
// (Pakistan). A point beyond both (the open sea, a far country) has an empty
// Region: an answer, not an error.
type Place struct {
	Inside      bool   `json:"inside"`
	Region      string `json:"region,omitempty"`  // RegionBalochistan, RegionOutside, or "" beyond the mapped region
	Country     string `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Admin1      string `json:"admin1,omitempty"`  // first-level unit (province) name
	DistrictID  string `json:"district_id,omitempty"`
	District    string `json:"district,omitempty"`
	TehsilPcode string `json:"tehsil_pcode,omitempty"`
	Tehsil      string `json:"tehsil,omitempty"`
	// Near is set by ReverseNear for a point outside every polygon but
	// within its tolerance of the unit named.
	Near bool `json:"near,omitempty"`
}

// BorderTolerance is the distance (degrees, about 5.5 km) by which the
// source boundaries may be off along the coast and the international
// borders; the gazetteer's own places are assigned with the same rule.
const BorderTolerance = 0.05

// ReverseNear is Reverse for data whose points may fall just outside the
// coarse outlines (a coastal village, a border post): a point outside every
// polygon but within tol degrees of one is given the nearest unit
// (a Balochistan district with its nearest tehsil, an outer district or an
// outer province), with Near set. Points further out have an empty Region.
func (g *Gazetteer) ReverseNear(p orb.Point, tol float64) (Place, error) {
	r, err := g.Reverse(p)
	if err != nil || r.Region != "" || tol <= 0 {
		return r, err
	}
	if near, ok := g.nearestPlace(p, tol); ok {
		return near, nil
	}
	return r, nil
}

// nearDistrict is the Place of Balochistan district di for a point p
// outside it: the district with its tehsil nearest to p.
func (g *Gazetteer) nearDistrict(p orb.Point, di int) Place {
	d := g.districts[di]
	r := balochistanPlace(d)
	best, bestD := -1, math.Inf(1)
	for i, t := range g.tehsils {
		if t.DistrictID != d.ID {
			continue
		}
		if dd := g.tehsilGrid.shapes[i].distance(p, bestD); dd < bestD {
			best, bestD = i, dd
		}
	}
	if best >= 0 {
		r.TehsilPcode, r.Tehsil = g.tehsils[best].Pcode, g.tehsils[best].Name
	}
	return r
}

func balochistanPlace(d *District) Place {
	return Place{Inside: true, Region: RegionBalochistan, Country: "PK", Admin1: "Balochistan", DistrictID: d.ID, District: d.CommonName}
}

// nearestShape returns the shape of gr nearest to p within tol degrees, and
// its distance.
func nearestShape(p orb.Point, tol float64, gr *grid) (int, float64, bool) {
	best, bestD := -1, math.Inf(1)
	for i, b := range gr.bounds {
		if p[0] < b.Min[0]-tol || p[0] > b.Max[0]+tol || p[1] < b.Min[1]-tol || p[1] > b.Max[1]+tol {
			continue
		}
		if d := gr.shapes[i].distance(p, min(bestD, tol*1.0000001)); d < bestD {
			best, bestD = i, d
		}
	}
	return best, bestD, best >= 0 && bestD <= tol
}

// distance is the planar distance in degrees from p to the shape's
// boundary, if it is below limit; otherwise it returns +Inf. Segments
// whose bounding box lies limit or more away are skipped without
// arithmetic, which makes the common case (a point far from most shapes)
// cheap.
func (s shape) distance(p orb.Point, limit float64) float64 {
	best := limit * limit // squared
	found := false
	for _, r := range s {
		ring := r.ring
		for i := 1; i < len(ring); i++ {
			a, b := ring[i-1], ring[i]
			if gap := axisGap(p[0], a[0], b[0]); gap*gap >= best {
				continue
			}
			if gap := axisGap(p[1], a[1], b[1]); gap*gap >= best {
				continue
			}
			dx, dy := b[0]-a[0], b[1]-a[1]
			t := 0.0
			if l := dx*dx + dy*dy; l > 0 {
				t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
			}
			ex, ey := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
			if d := ex*ex + ey*ey; d < best {
				best, found = d, true
			}
		}
	}
	if !found {
		return math.Inf(1)
	}
	return math.Sqrt(best)
}

// axisGap is how far v lies outside the interval between a and b.
func axisGap(v, a, b float64) float64 {
	lo, hi := min(a, b), max(a, b)
	switch {
	case v < lo:
		return lo - v
	case v > hi:
		return v - hi
	}
	return 0
}

// CheckPoint reports whether p is a valid lon/lat point.
func CheckPoint(p orb.Point) error {
	lon, lat := p[0], p[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return fmt.Errorf("%w: %v,%v is not a number", ErrBadPoint, lon, lat)
	}
	if lon < -180 || lon > 180 {
		return fmt.Errorf("%w: longitude %v outside -180..180", ErrBadPoint, lon)
	}
	if lat < -90 || lat > 90 {
		return fmt.Errorf("%w: latitude %v outside -90..90", ErrBadPoint, lat)
	}
	return nil
}

// Reverse finds where p (lon/lat) lies: the Balochistan district and
// tehsil containing it, else its outer district or province (see Place). A
// point outside Balochistan never gets a Balochistan district.
func (g *Gazetteer) Reverse(p orb.Point) (Place, error) {
	if err := CheckPoint(p); err != nil {
		return Place{}, err
	}
	di := g.districtGrid.find(p)
	if di < 0 {
		return g.reverseOuter(p), nil
	}
	r := balochistanPlace(g.districts[di])
	if ti := g.tehsilGrid.find(p); ti >= 0 {
		r.TehsilPcode, r.Tehsil = g.tehsils[ti].Pcode, g.tehsils[ti].Name
	}
	return r, nil
}

// gridCell is the cell size of the province's reverse-geocoding grid, in
// degrees (about 5.5 km). Most cells lie wholly inside one polygon and are
// answered without a point-in-polygon test. The outer ring, larger and less
// often asked, uses outerGridCell.
const (
	gridCell      = 0.05
	outerGridCell = 0.1
)

// grid is a uniform grid over the province's bounding box. Each cell holds
// either its single owner (no polygon edge crosses it) or the candidates to
// test with point-in-polygon.
type grid struct {
	bound   orb.Bound
	cell    float64 // degrees
	nx, ny  int
	start   []int32 // per cell: offset into cand; cell i's candidates are cand[start[i]:start[i+1]]
	uniform []bool  // per cell: the single candidate (or none) owns the whole cell
	cand    []int32
	shapes  []shape
	bounds  []orb.Bound
}

// shape is a multipolygon prepared for fast point-in-polygon tests: every
// ring keeps its bounding box, so most rings are rejected without a scan.
type shape []prepRing

type prepRing struct {
	ring  orb.Ring
	bound orb.Bound
	outer bool // an outer ring (holes follow their outer ring)
}

func prepare(mp orb.MultiPolygon) shape {
	var s shape
	for _, poly := range mp {
		for i, r := range poly {
			s = append(s, prepRing{ring: r, bound: r.Bound(), outer: i == 0})
		}
	}
	return s
}

// contains reports whether p lies inside the shape: inside an outer ring and
// outside that ring's holes.
func (s shape) contains(p orb.Point) bool {
	for i := 0; i < len(s); i++ {
		if !s[i].outer {
			continue
		}
		if !s[i].bound.Contains(p) || !ringContains(s[i].ring, p) {
			continue
		}
		inHole := false
		for j := i + 1; j < len(s) && !s[j].outer; j++ {
			if s[j].bound.Contains(p) && ringContains(s[j].ring, p) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

// ringContains is the even-odd crossing test. A point exactly on an edge may
// fall either side; the boundaries are coarser than that anyway.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	x, y := p[0], p[1]
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		yi, yj := r[i][1], r[j][1]
		if (yi > y) != (yj > y) && x < (r[j][0]-r[i][0])*(y-yi)/(yj-yi)+r[i][0] {
			in = !in
		}
	}
	return in
}

func newGrid(b orb.Bound, cell float64, n int, geom func(int) orb.MultiPolygon) *grid {
	gr := &grid{bound: b, cell: cell}
	gr.nx = int(math.Ceil((b.Max[0]-b.Min[0])/cell)) + 1
	gr.ny = int(math.Ceil((b.Max[1]-b.Min[1])/cell)) + 1
	cells := gr.nx * gr.ny
	edges := make([][]int32, cells) // polygons with an edge in the cell
	gr.bounds = make([]orb.Bound, n)
	gr.shapes = make([]shape, n)
	for i := 0; i < n; i++ {
		mp := geom(i)
		gr.bounds[i] = mp.Bound()
		gr.shapes[i] = prepare(mp)
		for _, poly := range mp {
			for _, ring := range poly {
				for j := 1; j < len(ring); j++ {
					a, c := ring[j-1], ring[j]
					x0, y0 := gr.cellXY(orb.Point{min(a[0], c[0]), min(a[1], c[1])})
					x1, y1 := gr.cellXY(orb.Point{max(a[0], c[0]), max(a[1], c[1])})
					for y := y0; y <= y1; y++ {
						for x := x0; x <= x1; x++ {
							c := y*gr.nx + x
							if l := edges[c]; len(l) == 0 || l[len(l)-1] != int32(i) {
								edges[c] = append(l, int32(i))
							}
						}
					}
				}
			}
		}
	}
	gr.start = make([]int32, cells+1)
	gr.uniform = make([]bool, cells)
	for c := 0; c < cells; c++ {
		gr.start[c] = int32(len(gr.cand))
		x, y := c%gr.nx, c/gr.nx
		center := orb.Point{b.Min[0] + (float64(x)+0.5)*cell, b.Min[1] + (float64(y)+0.5)*cell}
		owner := int32(-1)
		for i := 0; i < n; i++ {
			if gr.bounds[i].Contains(center) && gr.shapes[i].contains(center) {
				owner = int32(i)
				break
			}
		}
		if len(edges[c]) == 0 {
			gr.uniform[c] = true
			if owner >= 0 {
				gr.cand = append(gr.cand, owner)
			}
			continue
		}
		gr.cand = append(gr.cand, edges[c]...)
		if owner >= 0 && !containsInt32(edges[c], owner) {
			gr.cand = append(gr.cand, owner)
		}
	}
	gr.start[cells] = int32(len(gr.cand))
	return gr
}

func containsInt32(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// cellXY returns the cell coordinates of p, clamped to the grid.
func (gr *grid) cellXY(p orb.Point) (int, int) {
	x := int((p[0] - gr.bound.Min[0]) / gr.cell)
	y := int((p[1] - gr.bound.Min[1]) / gr.cell)
	return min(max(x, 0), gr.nx-1), min(max(y, 0), gr.ny-1)
}

// find returns the index of the polygon containing p, or -1.
func (gr *grid) find(p orb.Point) int {
	if !gr.bound.Contains(p) {
		return -1
	}
	x, y := gr.cellXY(p)
	c := y*gr.nx + x
	cand := gr.cand[gr.start[c]:gr.start[c+1]]
	if gr.uniform[c] {
		if len(cand) == 0 {
			return -1
		}
		return int(cand[0])
	}
	for _, i := range cand {
		if gr.bounds[i].Contains(p) && gr.shapes[i].contains(p) {
			return int(i)
		}
	}
	return -1
}

// polygonContains reports whether p lies inside poly (holes excluded).
func polygonContains(poly orb.Polygon, p orb.Point) bool {
	return prepare(orb.MultiPolygon{poly}).contains(p)
}

// emptyGrid holds no shapes: find answers -1 everywhere.
func emptyGrid() *grid {
	return &grid{bound: orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{-1, -1}}, cell: 1}
}
