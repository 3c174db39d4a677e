// The district lookup's grid memo gives the answer of a plain
// point-in-polygon scan for every point, near boundaries and far from them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BoxIndex, DistrictIndex, bbox, contains } from '../src/geom.js';

const districts = JSON.parse(readFileSync(new URL('../../data/districts.geojson', import.meta.url))).features;
const plain = (fs, lon, lat) => fs.find((f) => contains(f.geometry, lon, lat)) || null;

// A small deterministic generator, so that a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

test('the grid memo agrees with a plain scan over the whole province, asked twice', () => {
  const idx = new DistrictIndex(districts);
  const boxes = districts.map((f) => bbox(f.geometry));
  const w = Math.min(...boxes.map((b) => b[0])), s = Math.min(...boxes.map((b) => b[1]));
  const e = Math.max(...boxes.map((b) => b[2])), n = Math.max(...boxes.map((b) => b[3]));
  const r = rng(7);
  let inside = 0;
  for (let pass = 0; pass < 2; pass++) { // the second pass reads the memo
    for (let i = 0; i < 20000; i++) {
      const lon = w - 0.5 + r() * (e - w + 1), lat = s - 0.5 + r() * (n - s + 1);
      const want = plain(districts, lon, lat);
      if (want) inside++;
      assert.equal(idx.find(lon, lat), want, `${lon},${lat}`);
    }
  }
  assert.ok(inside > 10000, `only ${inside} points fell in a district`);
  assert.ok(idx.memo.size > 100, 'cells away from the boundaries are remembered');
});

test('points just either side of every boundary get their own district', () => {
  const idx = new DistrictIndex(districts);
  const r = rng(11);
  let n = 0;
  for (const f of districts) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polys.flat()) {
      for (let i = 0; i < ring.length; i += 7) {
        for (const d of [1e-4, 1e-3, 0.02]) {
          const lon = ring[i][0] + (r() - 0.5) * d, lat = ring[i][1] + (r() - 0.5) * d;
          assert.equal(idx.find(lon, lat), plain(districts, lon, lat), `${lon},${lat}`);
          n++;
        }
      }
    }
  }
  assert.ok(n > 1000);
});

test('cells south of the equator and west of Greenwich are keyed apart', () => {
  const square = (id, x, y, size) => ({ type: 'Feature', properties: { id },
    geometry: { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] } });
  const fs = [square('sw', -3, -3, 2), square('ne', 1, 1, 2), square('se', 1, -3, 2), square('nw', -3, 1, 2)];
  const idx = new DistrictIndex(fs);
  const r = rng(3);
  for (let i = 0; i < 5000; i++) {
    const lon = -4 + r() * 8, lat = -4 + r() * 8;
    assert.equal(idx.find(lon, lat), plain(fs, lon, lat), `${lon},${lat}`);
  }
});

test('the box index finds exactly the overlaps a scan of every box finds', () => {
  const r = rng(5);
  const idx = new BoxIndex();
  const placed = [];
  let kept = 0;
  for (let i = 0; i < 3000; i++) {
    const x = -200 + r() * 1600, y = -100 + r() * 1000, w = 4 + r() * 180, h = 8 + r() * 20, pad = r() < 0.5 ? 0 : 3;
    const box = [x, y, x + w, y + h];
    const want = placed.some((b) => box[0] < b[2] + pad && box[2] > b[0] - pad && box[1] < b[3] + pad && box[3] > b[1] - pad);
    assert.equal(idx.hits(box, pad), want, JSON.stringify({ box, pad }));
    if (!want) { idx.add(box); placed.push(box); kept++; }
  }
  assert.ok(kept > 50 && kept < 3000, `${kept} boxes placed`);
});
