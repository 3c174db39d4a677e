// The map's paths (basemap, districts, tehsils, routes) are drawn once per
// view change (renderer.js): after zooms by key and a jump to a far place
// at the same zoom (Back and Forward), every path is where a fresh page
// opened at that view draws it. The timeline's histogram is one path per
// claimant holding a bar for each month with incidents.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openMap as open, serverAndBrowser } from './suite.mjs';


// boxes lists each path's box on screen, pane by pane, in drawing order.
function boxes(page) {
  return page.$$eval('.leaflet-base-pane path, .leaflet-tehsils-pane path, .leaflet-districts-pane path, .leaflet-routes-pane path', (ps) =>
    ps.map((p) => {
      const r = p.getBoundingClientRect();
      return [p.closest('.leaflet-pane').className.match(/leaflet-(\w+)-pane/)[1], r.left, r.top, r.width, r.height];
    }));
}

// sameBoxes compares two lists of boxes within a pixel and a half (the
// pixel origin, and so the rounding, differs between the two pages).
function sameBoxes(got, want, what) {
  assert.equal(got.length, want.length, `${what}: ${got.length} paths, a fresh page has ${want.length}`);
  const off = got.map((g, i) => [i, g, want[i]]).filter(([, g, w]) => g[0] !== w[0] || g.slice(1).some((v, k) => Math.abs(v - w[k + 1]) > 1.5));
  assert.deepEqual(off.slice(0, 3), [], `${what}: ${off.length} of ${got.length} paths are not where a fresh page draws them`);
}

async function quiet(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150); // the address is written in a task after the draw
}

describe('paths drawn once per view change', () => {
  let srv;
  let browser;
  serverAndBrowser((s, b) => { srv = s; browser = b; });

  test('zooms by key and a same-zoom jump leave every path where a fresh page draws it', async () => {
    const page = await open(browser, `${srv.base}/?map=7/28.5/65.5`);
    await page.focus('#map');
    for (const key of ['+', '+', '-', '+']) {
      await page.keyboard.press(key);
      await quiet(page);
    }
    const view = () => new URL(page.url()).searchParams.get('map');
    const compare = async (what) => {
      const fresh = await open(browser, `${srv.base}/?map=${view()}`);
      const got = await boxes(page);
      sameBoxes(got, await boxes(fresh), `${what} (${view()})`);
      assert.ok(got.some((b) => b[0] === 'tehsils'), 'tehsil lines are drawn at zoom 9');
      await fresh.close();
    };
    assert.match(view(), /^9\//, 'three zooms in and one out end at zoom 9');
    await compare('after zooms by key');
    // Back and Forward to a view far away at the same zoom: Leaflet resets
    // the view without a zoom.
    await page.evaluate(() => {
      history.pushState(null, '', '?map=9/30.2/67.0');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await quiet(page);
    assert.equal(view(), '9/30.2/67.0');
    await compare('after a jump at the same zoom');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('the histogram draws one path per claimant, a bar for each month it has incidents in', async () => {
    const page = await open(browser, `${srv.base}/`);
    const stats = await (await fetch(`${srv.base}/api/stats`)).json();
    const want = new Map(); // claimant -> months with incidents
    let tallest = 0;
    for (const m of stats.months) {
      let sum = 0;
      for (const [c, n] of Object.entries(m.counts || {})) {
        if (n > 0) want.set(c, (want.get(c) || 0) + 1);
        sum += n;
      }
      tallest = Math.max(tallest, sum);
    }
    const paths = await page.$$eval('#tl-chart path.tl-bars', (ps) => ps.map((p) => ({
      claimant: p.dataset.claimant, bars: (p.getAttribute('d').match(/M/g) || []).length, fill: p.style.fill,
      top: Math.min(...[...p.getAttribute('d').matchAll(/M[\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]))) })));
    assert.deepEqual(new Map(paths.map((p) => [p.claimant, p.bars])), want);
    assert.ok(paths.every((p) => p.fill), 'every claimant has its colour');
    // The tallest month's stack reaches the top of the chart (60 high, 2 spare).
    assert.ok(Math.abs(Math.min(...paths.map((p) => p.top)) - 2) < 0.01, `top ${Math.min(...paths.map((p) => p.top))}, tallest month ${tallest}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
