// Group symbols never overlap and their counts stay exact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterSize, declutter } from '../src/symbols.js';

const feature = (x, y, count, claimants, extra = {}) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] },
  properties: { count, claimants, ...extra } });
const project = ([x, y]) => ({ x, y }); // the tests use pixel coordinates directly

test('symbol sizes grow with the count, within 22 to 56 px', () => {
  assert.equal(clusterSize(2), 22);
  assert.ok(clusterSize(1000) > clusterSize(10));
  assert.equal(clusterSize(1e9), 56);
});

test('overlapping groups merge into the larger, counts and shares added', () => {
  const fs = [feature(100, 100, 5000, { BLF: 3000, BLA: 2000 }), feature(120, 100, 40, { BLF: 40 }),
    feature(400, 400, 3, { TTP: 3 }), feature(405, 400, 1, {}, { id: 'x', primary_claimant: 'ISPR' })];
  const out = declutter(fs, project);
  assert.equal(out.length, 2);
  const big = out.find((f) => f.geometry.coordinates[0] === 100);
  assert.equal(big.properties.count, 5040);
  assert.deepEqual(big.properties.claimants, { BLF: 3040, BLA: 2000 });
  assert.equal(big.properties.merged, 2);
  const small = out.find((f) => f.geometry.coordinates[0] === 400);
  assert.deepEqual(small.properties.claimants, { TTP: 3, ISPR: 1 });
  assert.equal(small.properties.id, undefined, 'a merged group is not an incident');
});

test('a dense random field ends with no overlaps and every incident counted', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const fs = [];
  let total = 0;
  for (let i = 0; i < 2000; i++) {
    const n = 1 + Math.floor(rnd() ** 4 * 20000);
    total += n;
    fs.push(feature(rnd() * 1280, rnd() * 800, n, { A: n }));
  }
  const out = declutter(fs, project);
  assert.equal(out.reduce((s, f) => s + f.properties.count, 0), total);
  const r = (f) => clusterSize(f.properties.count) / 2;
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const [a, b] = [out[i], out[j]];
      const d = Math.hypot(a.geometry.coordinates[0] - b.geometry.coordinates[0], a.geometry.coordinates[1] - b.geometry.coordinates[1]);
      assert.ok(d >= r(a) + r(b), `symbols ${i} and ${j} overlap`);
    }
  }
});
