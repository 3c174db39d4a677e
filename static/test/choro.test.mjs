// The district shading's classes: quantile breaks and the colour of a value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choroColour, classLabels, computeBreaks } from '../src/choro.js';
import { RAMP } from '../src/palette.js';

test('quantile breaks split the positive values into five classes', () => {
  const vals = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual(computeBreaks(vals), [20, 40, 60, 80, 100]);
});

test('zeros are not shaded and few distinct values make few classes', () => {
  assert.deepEqual(computeBreaks([0, 0, 3, 3, 3, 7]), [3, 7]);
  assert.deepEqual(computeBreaks([0, 0]), []);
  assert.deepEqual(computeBreaks([5]), [5]);
});

test('every positive value falls in a class whose bound is at least the value', () => {
  let seed = 3;
  const rnd = () => { seed = (seed * 16807) % 2147483647; return seed; };
  for (let t = 0; t < 200; t++) {
    const vals = Array.from({ length: 1 + (rnd() % 40) }, () => rnd() % 50);
    const b = computeBreaks(vals);
    const pos = vals.filter((v) => v > 0);
    assert.ok(b.length <= 5);
    for (let i = 1; i < b.length; i++) assert.ok(b[i] > b[i - 1], `ascending: ${b}`);
    if (pos.length) assert.equal(b.at(-1), Math.max(...pos));
    for (const v of pos) assert.ok(b.some((x) => v <= x));
  }
});

test('colours use both ends of the ramp and grow with the value', () => {
  const b = [2, 5, 9, 20, 40];
  assert.equal(choroColour(1, b), RAMP[0]);
  assert.equal(choroColour(40, b), RAMP.at(-1));
  assert.equal(choroColour(400, b), RAMP.at(-1));
  const idx = [1, 3, 6, 10, 21].map((v) => RAMP.indexOf(choroColour(v, b)));
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], `${idx}`);
  assert.equal(choroColour(3, [7]), RAMP[0]);
});

test('class labels are ranges', () => {
  assert.deepEqual(classLabels([1, 4, 5, 1200], (n) => n.toLocaleString('en-GB')), ['1', '2–4', '5', '6–1,200']);
});
