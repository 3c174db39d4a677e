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
  let items = features.map((f) => {
    const p = f.properties || {};
    const n = p.count || 1;
    const single = n === 1 && !!p.id;
    const claimants = single ? { [p.primary_claimant || 'unknown']: 1 } : { ...(p.claimants || {}) };
    return { f, n, single, pt: project(f.geometry.coordinates), claimants, parts: 1 };
  });
  const radius = (it) => (it.single ? 10 : clusterSize(it.n) / 2);
  // Merging grows a symbol, which may then touch another: repeat until
  // nothing changes (a few passes at most).
  // Placed symbols are kept in a grid of CELL-pixel buckets, so each test
  // looks only at the neighbouring buckets (symbols are at most 56 px wide).
  const CELL = 64;
  for (let pass = 0; pass < 6; pass++) {
    items.sort((a, b) => b.n - a.n);
    const out = [];
    const grid = new Map();
    let changed = false;
    for (const it of items) {
      const gx = Math.floor(it.pt.x / CELL), gy = Math.floor(it.pt.y / CELL);
      let hit = null;
      for (let dx = -1; dx <= 1 && !hit; dx++) {
        for (let dy = -1; dy <= 1 && !hit; dy++) {
          for (const o of grid.get(`${gx + dx},${gy + dy}`) || []) {
            if (Math.hypot(o.pt.x - it.pt.x, o.pt.y - it.pt.y) < radius(o) + radius(it) + gap) { hit = o; break; }
          }
        }
      }
      if (!hit) {
        out.push(it);
        const k = `${gx},${gy}`;
        if (!grid.has(k)) grid.set(k, []);
        grid.get(k).push(it);
        continue;
      }
      hit.n += it.n;
      hit.single = false;
      hit.parts += it.parts;
      for (const [a, v] of Object.entries(it.claimants)) hit.claimants[a] = (hit.claimants[a] || 0) + v;
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
