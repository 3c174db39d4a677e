// The claimant colours and the symbols' casings, checked without a browser:
// every fixed claimant has its own colour, and every symbol keeps a contrast
// of at least 3:1 (WCAG 1.4.11, non-text contrast) against every fill the map
// can put behind it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE, FIXED_COLOURS, RAMP, contrast, symbolContrast } from '../src/palette.js';

test('every fixed claimant has its own colour (police and Levies apart)', () => {
  const seen = new Map();
  for (const [id, c] of Object.entries(FIXED_COLOURS)) {
    assert.ok(!seen.has(c.toLowerCase()), `${id} and ${seen.get(c.toLowerCase())} share ${c}`);
    seen.set(c.toLowerCase(), id);
  }
  assert.notEqual(FIXED_COLOURS.police, FIXED_COLOURS.Levies);
});

test('every symbol keeps 3:1 against every fill', () => {
  const fills = { ...BASE, ...Object.fromEntries(RAMP.map((c, i) => [`ramp${i}`, c])) };
  for (const [id, colour] of Object.entries(FIXED_COLOURS)) {
    for (const [name, fill] of Object.entries(fills)) {
      const c = symbolContrast(colour, fill);
      assert.ok(c >= 3, `${id} (${colour}) on ${name} (${fill}): ${c.toFixed(2)}:1`);
    }
  }
});

test('contrast matches WCAG for known pairs', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(1), '21.0');
  assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
});
