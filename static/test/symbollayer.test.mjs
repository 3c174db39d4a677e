// The symbol layer (src/symbollayer.js) in Chromium, bundled on its own with
// Leaflet: new symbols are built in slices, each a task of its own, and
// shown together; a later call abandons an unfinished one; a click reaches
// the item of the symbol clicked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { launch } from './browser.mjs';

const bundle = await esbuild.build({
  stdin: {
    contents: "import L from 'leaflet'; import { SymbolLayer } from './src/symbollayer.js'; window.L = L; window.SymbolLayer = SymbolLayer;",
    resolveDir: new URL('..', import.meta.url).pathname,
  },
  bundle: true, write: false, format: 'iife',
});

describe('symbol layer', () => {
  let browser;
  let page;
  before(async () => {
    browser = await launch();
    page = await browser.context.newPage();
    await page.setContent('<div id="m" style="width:600px;height:400px"></div>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask' });
      window.activated = [];
      const map = window.L.map('m', { zoomAnimation: false }).setView([27.6, 64.1], 7);
      map.createPane('incidents');
      window.layer = new window.SymbolLayer({ activate: (it) => window.activated.push(it), hover() {}, unhover() {} }).addTo(map);
      // symbols makes n symbols whose build takes ms milliseconds each.
      window.symbols = (prefix, n, ms) => Array.from({ length: n }, (_, i) => ({
        key: `${prefix}${i}`, latlng: [27 + Math.floor(i / 10) * 0.25, 63 + (i % 10) * 0.25], size: [20, 14], item: { id: `${prefix}${i}` },
        build() {
          const until = performance.now() + ms;
          while (performance.now() < until) { /* a slow symbol */ }
          const e = document.createElement('div');
          e.className = 'leaflet-marker-icon sym';
          e.style.cssText = 'width:20px;height:14px;overflow:hidden;font:9px sans-serif';
          e.textContent = `${prefix}${i}`;
          return e;
        },
      }));
      window.shown = () => [...document.querySelectorAll('.sym')].map((e) => e.textContent);
    });
  });
  after(async () => { if (browser) await browser.close(); });

  test('a slow build is split into tasks and shown in one step', async () => {
    const r = await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      let doneAt = null;
      window.layer.setSymbols(window.symbols('a', 150, 1), () => { doneAt = performance.now(); });
      const returned = performance.now() - t0;
      const shownAtReturn = window.shown().length;
      const check = () => (doneAt === null ? setTimeout(check, 10) : resolve({ returned, shownAtReturn, total: doneAt - t0, shown: window.shown().length, longTasks: window.longTasks }));
      check();
    }));
    assert.equal(r.shownAtReturn, 0, 'nothing is shown before every symbol is built');
    assert.ok(r.returned < 75, `the first slice returned after ${r.returned} ms, not after all 150 ms of builds`);
    assert.ok(r.total >= 150, `all built in ${r.total} ms`);
    assert.equal(r.shown, 150);
    assert.deepEqual(r.longTasks.filter((d) => d > 50), [], 'no task over 50 ms');
  });

  test('a later call abandons an unfinished one; kept symbols keep their elements', async () => {
    const r = await page.evaluate(() => new Promise((resolve) => {
      const calls = [];
      const first = window.shown().length ? document.querySelector('.sym') : null;
      window.layer.setSymbols(window.symbols('b', 40, 2), () => calls.push('b'));
      // A fifth of a's symbols again, and ten new ones.
      window.layer.setSymbols([...window.symbols('a', 30, 0), ...window.symbols('c', 10, 0)], () => {
        calls.push('c');
        setTimeout(() => resolve({ calls, shown: window.shown(), same: first === document.querySelector('.sym') }), 100);
      });
    }));
    assert.deepEqual(r.calls, ['c'], 'the abandoned build never finishes');
    assert.equal(r.shown.length, 40);
    assert.ok(r.shown.every((s) => /^[ac]\d+$/.test(s)), r.shown.join(','));
    assert.ok(r.same, 'a kept symbol keeps its element');
  });

  test('a click on a symbol activates its item', async () => {
    await page.click('.sym >> text=c3');
    assert.deepEqual(await page.evaluate(() => window.activated.map((it) => it.id)), ['c3']);
  });
});
