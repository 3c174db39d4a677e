// symbols.js sizes the incident group symbols, keeps them apart on screen,
// colours a group's claimant shares and knows the server's cluster grid.
// Pure functions, tested without a browser.

// clusterSize is a group symbol's diameter in pixels: it grows with the
// logarithm of the count, from 22 px (2) to 56 px (a million or more).
export function clusterSize(n) {
  return Math.round(Math.min(56, 20 + 7 * Math.log10(Math.max(n, 2))));
}

// declutter merges group symbols that would overlap on screen into the
// larger of the two (its position kept, counts and claimant shares added),
// so that no two symbols overlap and every count stays exact. The server's
// grid has 32-px cells, while a symbol for thousands of incidents is wider
// than that; at the first view of a large database this turns about a
// hundred overlapping symbols into a few dozen apart.
export function declutter(features, project, gap = 2) {
  const steps = declutterSteps(features, project, gap);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

// declutterSteps is declutter in steps: the generator pauses (yields) after
// every `every` symbols placed, so that a caller can spread a large answer
// over several tasks; its return value is declutter's.
export function* declutterSteps(features, project, gap = 2, every = 500) {
  let count = 0;
  let items = features.map((f) => {
    const p = f.properties || {};
    const n = p.count || 1;
    const single = n === 1 && !!p.id;
    // The claimant shares are copied only when another symbol is merged in.
    return { f, p, n, single, pt: project(f.geometry.coordinates), claimants: null, parts: 1, r: single ? 10 : clusterSize(n) / 2 };
  });
  const shares = (it) => it.claimants || (it.single ? { [it.p.primary_claimant || 'unknown']: 1 } : it.p.claimants || {});
  // Merging grows a symbol, which may then touch another: repeat until
  // nothing changes (a few passes at most).
  // Placed symbols are kept in a grid of CELL-pixel buckets, so each test
  // looks only at the neighbouring buckets (symbols are at most 56 px wide).
  // Buckets are numbered from the top left one: small integers make fast
  // map keys. Their edges stay on multiples of CELL, wherever the answer
  // begins: which of two overlapping neighbours a symbol merges into must
  // not depend on the extent of the answer it came in.
  const CELL = 64;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity;
  for (const it of items) {
    x0 = Math.min(x0, it.pt.x);
    y0 = Math.min(y0, it.pt.y);
    x1 = Math.max(x1, it.pt.x);
  }
  x0 = Math.floor(x0 / CELL) * CELL;
  y0 = Math.floor(y0 / CELL) * CELL;
  const cols = Math.floor((x1 - x0) / CELL) + 3;
  const bucket = (gx, gy) => (gy + 1) * cols + gx + 1;
  for (let pass = 0; pass < 6; pass++) {
    items.sort((a, b) => b.n - a.n);
    const out = [];
    const grid = new Map(); // bucket -> items
    let changed = false;
    for (const it of items) {
      if (++count % every === 0) yield;
      const gx = Math.floor((it.pt.x - x0) / CELL), gy = Math.floor((it.pt.y - y0) / CELL);
      let hit = null;
      for (let dx = -1; dx <= 1 && !hit; dx++) {
        for (let dy = -1; dy <= 1 && !hit; dy++) {
          const os = grid.get(bucket(gx + dx, gy + dy));
          if (!os) continue;
          for (const o of os) {
            const ddx = o.pt.x - it.pt.x, ddy = o.pt.y - it.pt.y, r = o.r + it.r + gap;
            if (ddx * ddx + ddy * ddy < r * r) { hit = o; break; }
          }
        }
      }
      if (!hit) {
        out.push(it);
        const k = bucket(gx, gy);
        const os = grid.get(k);
        if (os) os.push(it);
        else grid.set(k, [it]);
        continue;
      }
      if (!hit.claimants) hit.claimants = { ...shares(hit) };
      hit.n += it.n;
      hit.r = clusterSize(hit.n) / 2;
      hit.single = false;
      hit.parts += it.parts;
      for (const [a, v] of Object.entries(shares(it))) hit.claimants[a] = (hit.claimants[a] || 0) + v;
      changed = true;
    }
    items = out;
    if (!changed) break;
  }
  return items.map((it) => (it.parts > 1 ? {
    type: 'Feature', geometry: it.f.geometry,
    properties: { ...it.f.properties, id: undefined, count: it.n, claimants: it.claimants, merged: it.parts },
  } : it.f));
}

// worldPixel is the Web Mercator pixel of [lon, lat] at zoom z (256-pixel
// tiles, as Leaflet's map.project), without allocating Leaflet's objects.
const MAX_LAT = 85.0511287798;
export function worldPixel([lon, lat], z) {
  const size = 256 * 2 ** z;
  const sin = Math.sin((Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180);
  return { x: ((lon + 180) / 360) * size, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size };
}

// The server groups the incidents of zoom z into the Web Mercator grid of
// zoom z+3 (8 x 8 cells per 256-pixel tile); above its cluster zoom (13
// unless serve --cluster-max-zoom says otherwise) only incidents at the same
// point share a cell, of zoom 30.
const CLUSTER_SHIFT = 3;
const CLUSTER_MAX_ZOOM = 13;

// cellZoom is the zoom of the grid whose cells the clusters of zoom z stand for.
export function cellZoom(z) {
  return z > CLUSTER_MAX_ZOOM ? 30 : z + CLUSTER_SHIFT;
}

// pieStops is the conic-gradient of a group's claimant shares, largest first.
export function pieStops(claimants, colour) {
  const parts = Object.entries(claimants || {}).sort((a, b) => b[1] - a[1]);
  const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
  let at = 0;
  return parts.map(([a, v]) => {
    const from = at;
    at += (v / total) * 360;
    return `${colour(a)} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
  });
}

// symbolKey identifies a drawn symbol: the same key means the same marker
// can stay on the map (same place, count, claimants and incident). gen is
// bumped when every symbol must be rebuilt.
export function symbolKey(f, gen = 0) {
  const p = f.properties || {};
  const [lon, lat] = f.geometry.coordinates;
  return `${gen}|${lon}|${lat}|${p.count || 1}|${p.id || ''}|${p.primary_claimant || ''}|${p.merged || ''}|${p.killed_low ?? ''}-${p.killed_high ?? ''}|` +
    JSON.stringify(p.claimants || null);
}

// ClusterCache keeps the last few cluster answers by filter and zoom with the
// box they cover ([west, south, east, north]), so that a pan inside the box
// or a zoom fetched ahead is drawn without a request. Answers older than
// maxAge ms are not used (the data may have changed).
export class ClusterCache {
  constructor({ size = 8, maxAge = 60000, now = () => Date.now() } = {}) {
    this.size = size;
    this.maxAge = maxAge;
    this.now = now;
    this.entries = []; // most recent last
  }

  put(filter, zoom, bbox, features) {
    const box = typeof bbox === 'string' ? bbox.split(',').map(Number) : bbox;
    this.entries = this.entries.filter((e) => !(e.filter === filter && e.zoom === zoom));
    this.entries.push({ filter, zoom, box, bbox: box.map((v) => v.toFixed(5)).join(','), features, at: this.now() });
    if (this.entries.length > this.size) this.entries.shift();
  }

  // find returns the entry for filter and zoom whose box contains view
  // ([west, south, east, north]), or null.
  find(filter, zoom, view) {
    const t = this.now();
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.filter !== filter || e.zoom !== zoom || t - e.at > this.maxAge) continue;
      if (view[0] >= e.box[0] && view[1] >= e.box[1] && view[2] <= e.box[2] && view[3] <= e.box[3]) return e;
    }
    return null;
  }

  clear() {
    this.entries = [];
  }
}
