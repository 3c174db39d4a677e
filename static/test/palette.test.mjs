// The claimant colours and the symbols' casings, checked without a browser:
// every fixed claimant has its own colour, and every symbol keeps a contrast
// of at least 3:1 (WCAG 1.4.11, non-text contrast) against every fill the map
// can put behind it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE, BASE_DARK, FIXED_COLOURS, LINES, RAMP, contrast, symbolContrast } from '../src/palette.js';

test('every fixed claimant has its own colour (police and Levies apart)', () => {
  const seen = new Map();
  for (const [id, c] of Object.entries(FIXED_COLOURS)) {
    assert.ok(!seen.has(c.toLowerCase()), `${id} and ${seen.get(c.toLowerCase())} share ${c}`);
    seen.set(c.toLowerCase(), id);
  }
  assert.notEqual(FIXED_COLOURS.police, FIXED_COLOURS.Levies);
});

for (const [theme, base] of [['light', BASE], ['dark', BASE_DARK]]) {
  test(`every symbol keeps 3:1 against every fill (${theme})`, () => {
    const fills = { ...base, ...Object.fromEntries(RAMP.map((c, i) => [`ramp${i}`, c])) };
    for (const [id, colour] of Object.entries(FIXED_COLOURS)) {
      for (const [name, fill] of Object.entries(fills)) {
        const c = symbolContrast(colour, fill);
        assert.ok(c >= 3, `${id} (${colour}) on ${name} (${fill}): ${c.toFixed(2)}:1`);
      }
    }
  });

  test(`the basemap's four fills differ in lightness, and tehsil lines are lighter than district lines (${theme})`, () => {
    // Sea, other countries, the rest of Pakistan, Balochistan: each step at
    // least 1.09:1 from the next, so they part in greyscale too.
    const order = ['sea', 'land', 'pakistan', 'balochistan'];
    for (let i = 1; i < order.length; i++) {
      const c = contrast(base[order[i - 1]], base[order[i]]);
      assert.ok(c >= 1.09, `${order[i - 1]} / ${order[i]}: ${c.toFixed(2)}:1`);
    }
    const lines = LINES[theme];
    const onFill = (c) => contrast(c, base.balochistan);
    assert.ok(onFill(lines.tehsil) < onFill(lines.district), `tehsil ${onFill(lines.tehsil).toFixed(2)} vs district ${onFill(lines.district).toFixed(2)}`);
    assert.ok(onFill(lines.tehsil) >= 1.3, `tehsil lines visible: ${onFill(lines.tehsil).toFixed(2)}:1`);
    assert.ok(onFill(lines.district) >= 2, `district lines: ${onFill(lines.district).toFixed(2)}:1`);
    assert.ok(onFill(lines.province) >= 3, `province outline: ${onFill(lines.province).toFixed(2)}:1`);
  });
}

test('contrast matches WCAG for known pairs', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(1), '21.0');
  assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
});
