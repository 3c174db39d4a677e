// Group symbols never overlap and their counts stay exact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterSize, declutter, declutterSteps, worldPixel } from '../src/symbols.js';

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
  assert.deepEqual(fs[0].properties.claimants, { BLF: 3000, BLA: 2000 }, 'the answer itself is left as it was');
  assert.deepEqual(fs[2].properties.claimants, { TTP: 3 });
});

test('what merges into what does not depend on how far the answer reaches', () => {
  let seed = 5;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const fs = Array.from({ length: 3000 }, () => {
    const n = 1 + Math.floor(rnd() ** 3 * 500);
    return feature(5000 + rnd() * 1280, 3000 + rnd() * 800, n, { A: n });
  });
  // The same symbols in a wider answer: one more, far off to the top left.
  const wider = [...fs, feature(5000 - 2037, 3000 - 1111, 1, { B: 1 })];
  const near = (out) => JSON.stringify(out.filter((f) => f.geometry.coordinates[0] >= 5000));
  assert.equal(near(declutter(wider, project)), near(declutter(fs, project)));
});

test('a feature without properties counts as one incident of an unknown claimant', () => {
  const bare = { type: 'Feature', geometry: { type: 'Point', coordinates: [100, 100] }, properties: null };
  const out = declutter([feature(102, 100, 4, { BLF: 4 }), bare], project);
  assert.equal(out.length, 1);
  assert.equal(out[0].properties.count, 5);
  assert.deepEqual(out[0].properties.claimants, { BLF: 4 });
});

test('declutterSteps pauses every so many symbols and ends with declutter\'s answer', () => {
  let seed = 11;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const fs = Array.from({ length: 1500 }, (_, i) => feature(rnd() * 1280, rnd() * 800, 1 + (i % 40), { A: 1 + (i % 40) }));
  const steps = declutterSteps(fs, project, 2, 100);
  let pauses = 0;
  let r;
  while (!(r = steps.next()).done) pauses++;
  assert.ok(pauses >= 15, `${pauses} pauses for at least 1,500 symbols placed in steps of 100`);
  assert.deepEqual(JSON.stringify(r.value), JSON.stringify(declutter(fs, project)));
});

test('worldPixel is Web Mercator at 256-pixel tiles', () => {
  assert.deepEqual(worldPixel([0, 0], 0), { x: 128, y: 128 });
  const p = worldPixel([180, 85.0511287798], 1);
  assert.equal(p.x, 512);
  assert.ok(Math.abs(p.y) < 1e-6, String(p.y));
  assert.deepEqual(worldPixel([10, 89.9], 3), worldPixel([10, 85.0511287798], 3), 'latitudes beyond the projection\'s are clamped');
  // Quetta at zoom 9, as Leaflet's map.project([30.18, 66.98], 9) gives it.
  const q = worldPixel([66.98, 30.18], 9);
  assert.ok(Math.abs(q.x - 89922.6738) < 1e-3 && Math.abs(q.y - 54001.3149) < 1e-3, JSON.stringify(q));
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

test('symbol keys change with what a symbol shows, not with the answer it came in', async () => {
  const { symbolKey } = await import('../src/symbols.js');
  const a = feature(63, 26, 12, { BLF: 7, ISPR: 5 }, { primary_claimant: 'BLF' });
  const same = JSON.parse(JSON.stringify(a));
  assert.equal(symbolKey(a), symbolKey(same));
  assert.notEqual(symbolKey(a), symbolKey(feature(63, 26, 13, { BLF: 8, ISPR: 5 }, { primary_claimant: 'BLF' })));
  assert.notEqual(symbolKey(a), symbolKey(feature(63, 26, 12, { BLF: 5, ISPR: 7 }, { primary_claimant: 'BLF' })));
  assert.notEqual(symbolKey(a), symbolKey(a, 1), 'a new generation rebuilds every symbol');
});

test('the cluster cache answers a view inside a box it holds, by filter and zoom, while fresh', async () => {
  const { ClusterCache } = await import('../src/symbols.js');
  let now = 0;
  const c = new ClusterCache({ size: 2, maxAge: 1000, now: () => now });
  const fs = [feature(63, 26, 3, { BLF: 3 })];
  c.put('claimant=BLF', 8, '62.00000,25.00000,66.00000,28.00000', fs);
  assert.equal(c.find('claimant=BLF', 8, [63, 26, 65, 27]).features, fs);
  assert.equal(c.find('claimant=BLF', 8, [63, 26, 65, 27]).bbox, '62.00000,25.00000,66.00000,28.00000');
  assert.equal(c.find('claimant=BLF', 8, [61.9, 26, 65, 27]), null, 'a view reaching out of the box');
  assert.equal(c.find('claimant=BLF', 9, [63, 26, 65, 27]), null, 'another zoom');
  assert.equal(c.find('', 8, [63, 26, 65, 27]), null, 'another filter');
  now = 1001;
  assert.equal(c.find('claimant=BLF', 8, [63, 26, 65, 27]), null, 'too old');
  now = 0;
  c.put('a', 1, [0, 0, 1, 1], []);
  c.put('b', 1, [0, 0, 1, 1], []);
  assert.equal(c.find('claimant=BLF', 8, [63, 26, 65, 27]), null, 'the oldest answer left when a third came');
  c.put('b', 1, [0, 0, 2, 2], fs);
  assert.equal(c.entries.length, 2, 'the same filter and zoom replace their answer');
  assert.equal(c.find('b', 1, [1, 1, 1.5, 1.5]).features, fs);
});
