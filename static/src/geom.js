// Small geometry helpers on GeoJSON coordinates ([lon, lat]).

function inRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(x, y, rings) {
  if (!rings.length || !inRing(x, y, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (inRing(x, y, rings[k])) return false;
  return true;
}

// contains reports whether the point lon,lat lies in a Polygon or MultiPolygon.
export function contains(geometry, lon, lat) {
  if (!geometry) return false;
  if (geometry.type === 'Polygon') return inPolygon(lon, lat, geometry.coordinates);
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.some((p) => inPolygon(lon, lat, p));
  return false;
}

// bbox returns [minLon, minLat, maxLon, maxLat] of a geometry.
export function bbox(geometry) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
    } else c.forEach(walk);
  };
  walk(geometry.coordinates);
  return b;
}

// DistrictIndex finds the district of a point. Symbols are labelled with
// their district on every redraw, hundreds at a time, and a point-in-polygon
// test against the detailed district outlines cost a few microseconds each:
// a grid of cells of CELL degrees remembers, for every cell that no district
// boundary crosses, the answer found there once, which holds for the whole
// cell. Points in a cell a boundary crosses are tested as before.
const CELL = 0.05;

export class DistrictIndex {
  constructor(features, cell = CELL) {
    this.items = features.map((f) => ({ f, b: bbox(f.geometry) }));
    this.cell = cell;
    this.edges = edgeCells(features, cell);
    this.memo = new Map(); // cell -> feature or null
  }

  find(lon, lat) {
    const k = cellKey(lon, lat, this.cell);
    if (this.edges.has(k)) return this.scan(lon, lat);
    let f = this.memo.get(k);
    if (f === undefined) {
      f = this.scan(lon, lat);
      this.memo.set(k, f);
    }
    return f;
  }

  // scan tests the point against every district whose box holds it.
  scan(lon, lat) {
    for (const { f, b } of this.items) {
      if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
      if (contains(f.geometry, lon, lat)) return f;
    }
    return null;
  }
}

// A cell's key packs its column and row (offset to stay positive) into one
// number.
const ROWS = 100000;
function key(ix, iy) {
  return ix * ROWS + iy + ROWS / 2;
}

function cellKey(lon, lat, cell) {
  return key(Math.floor(lon / cell), Math.floor(lat / cell));
}

// edgeCells is the set of grid cells that some ring of the features may
// cross. Each edge is walked in steps no longer than a cell, and the cells
// around each step are marked: a cell the edge passes through lies within
// half a step of a step's point, so in the 3x3 block around that point's
// cell.
function edgeCells(features, cell) {
  const near = new Set();
  const mark = (x, y) => near.add(cellKey(x, y, cell));
  const ring = (r) => {
    for (let i = 1; i < r.length; i++) {
      const [x0, y0] = r[i - 1], [x1, y1] = r[i];
      const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / cell));
      for (let k = 0; k <= n; k++) mark(x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n);
    }
  };
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const p of polys) for (const r of p) ring(r);
  }
  const out = new Set();
  for (const k of near) {
    const ix = Math.floor(k / ROWS), iy = k - ix * ROWS - ROWS / 2;
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) out.add(key(ix + dx, iy + dy));
  }
  return out;
}

// clampBBox is the API bbox (west,south,east,north, 5 decimals) of Leaflet
// bounds, clamped to the Web Mercator world.
export function clampBBox(w, s, e, n) {
  const c = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [c(w, -180, 180), c(s, -85, 85), c(e, -180, 180), c(n, -85, 85)].map((v) => v.toFixed(5)).join(',');
}

// BoxIndex holds screen boxes ([x0, y0, x1, y1]) in a grid of CELL_PX
// buckets, so that asking whether a new label's box would touch one already
// placed looks at its neighbours, not at every label placed.
const CELL_PX = 64;

export class BoxIndex {
  constructor() {
    this.cells = new Map(); // bucket -> boxes
  }

  _each(box, pad, fn) {
    const x0 = Math.floor((box[0] - pad) / CELL_PX), x1 = Math.floor((box[2] + pad) / CELL_PX);
    const y0 = Math.floor((box[1] - pad) / CELL_PX), y1 = Math.floor((box[3] + pad) / CELL_PX);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) if (fn(key(x, y)) === true) return true;
    return false;
  }

  // hits reports whether box, grown by pad on every side, overlaps a box
  // added before.
  hits(box, pad = 0) {
    return this._each(box, pad, (k) => {
      const list = this.cells.get(k);
      return !!list && list.some((b) => box[0] < b[2] + pad && box[2] > b[0] - pad && box[1] < b[3] + pad && box[3] > b[1] - pad);
    });
  }

  add(box) {
    this._each(box, 0, (k) => {
      const list = this.cells.get(k);
      if (list) list.push(box);
      else this.cells.set(k, [box]);
    });
  }
}
