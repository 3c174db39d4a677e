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

// DistrictIndex finds the district of a point, checking bounding boxes first.
export class DistrictIndex {
  constructor(features) {
    this.items = features.map((f) => ({ f, b: bbox(f.geometry) }));
  }
  find(lon, lat) {
    for (const { f, b } of this.items) {
      if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
      if (contains(f.geometry, lon, lat)) return f;
    }
    return null;
  }
}

// clampBBox is the API bbox (west,south,east,north, 5 decimals) of Leaflet
// bounds, clamped to the Web Mercator world.
export function clampBBox(w, s, e, n) {
  const c = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [c(w, -180, 180), c(s, -85, 85), c(e, -180, 180), c(n, -85, 85)].map((v) => v.toFixed(5)).join(',');
}
