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
      // counted(list) counts the builds of list's symbols in window.builds.
      window.builds = 0;
      window.counted = (list) => list.map((s) => ({ ...s, build() { window.builds++; return s.build(); } }));
      window.idle = () => new Promise((r) => requestIdleCallback(() => setTimeout(r, 0), { timeout: 200 }));
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

  test('symbols prepared in idle time are shown without being built again', async () => {
    const r = await page.evaluate(async () => {
      window.builds = 0;
      const list = window.counted(window.symbols('p', 60, 0));
      window.layer.prepare(list);
      const builtAtReturn = window.builds;
      const shownAtReturn = window.shown().filter((t) => t.startsWith('p')).length;
      for (let k = 0; k < 100 && window.builds < 60; k++) await window.idle();
      const builtAhead = window.builds;
      let doneSync = false;
      window.layer.setSymbols(list, () => { doneSync = true; });
      return { builtAtReturn, shownAtReturn, builtAhead, doneSync, builds: window.builds, shown: window.shown().length };
    });
    assert.equal(r.builtAtReturn, 0, 'prepare builds nothing in the caller\'s task');
    assert.equal(r.shownAtReturn, 0, 'prepared symbols are not shown');
    assert.equal(r.builtAhead, 60);
    assert.ok(r.doneSync, 'with every symbol built ahead, the redraw ends in the caller\'s task');
    assert.equal(r.builds, 60, 'no symbol is built twice');
    assert.equal(r.shown, 60);
  });

  test('symbols taken off by the last redraw come back without a build; dropSpare forgets them', async () => {
    const r = await page.evaluate(async () => {
      const a = window.counted(window.symbols('q', 30, 0));
      const b = window.counted(window.symbols('r', 30, 0));
      const show = (list) => new Promise((res) => window.layer.setSymbols(list, res));
      await show(a);
      const first = document.querySelector('.sym');
      window.builds = 0;
      await show(b);
      const afterB = window.builds;
      await show(a); // back: a's elements were kept aside
      const back = { builds: window.builds - afterB, same: document.querySelector('.sym') === first };
      await show(b);
      window.layer.dropSpare();
      window.builds = 0;
      await show(a);
      return { afterB, back, afterDrop: window.builds, shown: window.shown() };
    });
    assert.equal(r.afterB, 30);
    assert.deepEqual(r.back, { builds: 0, same: true });
    assert.equal(r.afterDrop, 30, 'after dropSpare every symbol is built again');
    assert.ok(r.shown.every((t) => t.startsWith('q')) && r.shown.length === 30, r.shown.join(','));
  });

  test('a click on a symbol activates its item', async () => {
    await page.click('.sym >> text=q3');
    assert.deepEqual(await page.evaluate(() => window.activated.map((it) => it.id)), ['q3']);
  });
});
