// perf.mjs measures the web map at scale in headless Chromium (not part of
// `npm test`; see docs/webmap.md "Speed"):
//   make build && cd static && npm run perf      # 100,000 synthetic incidents
//   PERF_N=1000000 npm run perf                  # more
//   PERF_DB=/path/perf.db npm run perf           # reuse a database (built on first use)
//   PERF_REPS=8 npm run perf                     # actions per kind (default 6)
//   PERF_TRACE=trace.json npm run perf           # also a Chromium trace, and what each long task did
//   PERF_CPU_SLOWDOWN=2 npm run perf             # Chromium's CPU throttling: the page as on a machine 2× slower
// It builds a database with `incidentmap gen | incidentmap import`, serves
// it, opens the page at 1280×800 and measures, with real input events:
//   - action to drawn: from the input event (key, pointer up, checkbox
//     change, slider step) to the end of the main thread's work (style,
//     layout, paint) on the frame that first shows the symbols of the new
//     view or filter (the page marks every draw with
//     performance.mark('incidentmap:drawn')), for pan, zoom, drag, filter
//     and timeline changes;
//   - long tasks (PerformanceObserver 'longtask') during each kind of action;
//   - frame times while dragging the map (requestAnimationFrame deltas);
//   - the first view, and which requests panning and zooming make.
// It prints one table and exits non-zero if panning made a request other
// than clusters, place labels or tiles. Budgets (issue 18): action to drawn
// <= 150 ms, no long task over 50 ms, 95th-percentile frame <= 17 ms.
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../test/browser.mjs';
import { BIN, start } from '../test/server.mjs';

const N = Number(process.env.PERF_N || 100000);
const REPS = Number(process.env.PERF_REPS || 6);
const keep = process.env.PERF_DB;
const TRACE = process.env.PERF_TRACE;
const SLOWDOWN = Number(process.env.PERF_CPU_SLOWDOWN || 1);
if (!(SLOWDOWN >= 1)) throw new Error(`PERF_CPU_SLOWDOWN: want a number >= 1, got ${process.env.PERF_CPU_SLOWDOWN}`);

// Trace events of the renderer's main thread that say what a task did.
const STEPS = new Set(['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'XHRLoad', 'XHRReadyStateChange',
  'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'HitTest', 'MinorGC', 'MajorGC', 'ParseHTML',
  'ResourceReceivedData', 'ScheduleStyleRecalculation', 'IntersectionObserverController::computeIntersections', 'Commit']);

// longTaskSteps finds the main thread's tasks over 50 ms in a trace and sums,
// for each, the time of the steps directly inside it (scripts, style, layout,
// paint, garbage collection), longest first.
function longTaskSteps(events) {
  // The page's main thread: of the renderers' main threads, the busiest.
  let mine = [];
  for (const main of events.filter((e) => e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain')) {
    const m = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
    if (m.length > mine.length) mine = m;
  }
  // Chromium names a task RunTask or, in newer versions, ThreadControllerImpl::RunTask.
  const tasks = mine.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 50000);
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const inside = mine.filter((e) => e !== task && STEPS.has(e.name) && e.ts >= task.ts && e.ts + e.dur <= end)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const sums = new Map();
    let until = 0; // outermost steps only: a step inside another is counted in it
    for (const e of inside) {
      if (e.ts < until) continue;
      until = e.ts + e.dur;
      const k = e.name === 'FunctionCall' && e.args && e.args.data && e.args.data.functionName ? `FunctionCall ${e.args.data.functionName}` : e.name;
      sums.set(k, (sums.get(k) || 0) + e.dur);
    }
    return { ms: task.dur / 1000, steps: [...sums].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`) };
  });
}

function pipeline(n, db) {
  return new Promise((resolve, reject) => {
    const gen = spawn(BIN, ['gen', '-n', String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn(BIN, ['import', '--db', db, '--no-sync', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
    gen.stdout.pipe(imp.stdin);
    gen.on('error', reject);
    imp.on('error', reject);
    imp.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`import exited ${code}`))));
  });
}

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)}` : '–');

// Instrumentation installed before the page's own script runs.
function instrument() {
  const w = window;
  w.__perf = { actions: [], painted: [], longtasks: [], frames: null };
  for (const type of ['keydown', 'pointerup', 'change', 'input', 'wheel']) {
    addEventListener(type, (e) => w.__perf.actions.push({ type, t: e.timeStamp }), { capture: true });
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__perf.longtasks.push({ start: e.startTime, dur: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // The page marks each draw (performance.mark('incidentmap:drawn')); the
  // draw is on screen at the end of the main thread's work on the next
  // frame: a message posted from that frame's animation callback runs after
  // its style, layout and paint.
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const m = mark(name, options);
    if (name === 'incidentmap:drawn') {
      const drawn = m.startTime;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__perf.painted.push({ drawn, frame: performance.now() });
        ch.port2.postMessage(null);
      });
    }
    return m;
  };
  w.__perfFrames = (on) => {
    if (on) {
      w.__perf.frames = [];
      let last = performance.now();
      const tick = (t) => {
        if (!w.__perf.frames) return;
        w.__perf.frames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      return null;
    }
    const f = w.__perf.frames;
    w.__perf.frames = null;
    return f;
  };
}

const tmp = await mkdtemp(join(tmpdir(), 'incidentmap-perf-'));
const db = keep || join(tmp, 'perf.db');
let have = false;
try { await access(db); have = true; } catch { /* build it */ }
if (!have) {
  const t0 = Date.now();
  console.log(`building ${db} with ${N.toLocaleString('en-GB')} synthetic incidents…`);
  await pipeline(N, db);
  console.log(`gen | import: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const srv = await start({ seed: false, db, timeoutMs: 300000 });
console.log(`server ready (/healthz) after ${srv.startupMs} ms`);
const browser = await launch({ width: 1280, height: 800 });
const rows = [];
try {
  const page = await browser.context.newPage();
  await page.addInitScript(instrument);
  if (SLOWDOWN > 1) {
    const throttle = await page.context().newCDPSession(page);
    await throttle.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  }
  const reqs = [];
  page.on('requestfinished', (r) => {
    const t = r.timing();
    reqs.push({ url: r.url().slice(srv.base.length), ms: t.responseEnd, start: t.startTime });
  });

  // Cold load of the first view (the server's caches are empty).
  const t0 = Date.now();
  await page.goto(srv.base + '/', { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('incidentmap:first-view').length > 0, null, { timeout: 120000 });
  const firstView = await page.evaluate(() => performance.getEntriesByName('incidentmap:first-view')[0].startTime);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
  await page.waitForLoadState('networkidle');
  const total = await page.$eval('#total', (e) => Number(e.dataset.total));
  const inView = await page.$eval('#status', (e) => Number(e.dataset.inview));
  console.log(`incidents matched: ${total.toLocaleString('en-GB')}; counted by the clusters in view: ${inView.toLocaleString('en-GB')}`);
  console.log(`first interactive map view (clusters drawn, from navigation start): ${firstView.toFixed(0)} ms (wall ${Date.now() - t0} ms)`);

  // settle waits until nothing has been drawn for 300 ms.
  async function settle() {
    await page.waitForFunction(() => {
      const p = window.__perf.painted;
      const last = p.length ? p[p.length - 1].frame : 0;
      return performance.now() - last > 300;
    }, null, { polling: 50, timeout: 30000 });
  }

  // measure runs act() reps times; each time it takes the input event that
  // act() caused (the last of the given types) and the first frame painted
  // after the last draw that followed it, once the page has settled.
  async function measure(name, types, act, { frames = false } = {}) {
    const drawn = [];
    const long = [];
    const frameMs = [];
    let maxMarkers = 0;
    for (let i = 0; i < REPS; i++) {
      await settle();
      const mark = await page.evaluate(() => performance.now());
      if (frames) await page.evaluate(() => window.__perfFrames(true));
      await act(i);
      if (frames) frameMs.push(...(await page.evaluate(() => window.__perfFrames(false))));
      // Wait for a draw after the action, then for quiet.
      await page.waitForFunction(({ mark, types }) => {
        const p = window.__perf;
        const acts = p.actions.filter((a) => a.t >= mark && types.includes(a.type));
        return acts.length && p.painted.some((x) => x.drawn >= acts[acts.length - 1].t);
      }, { mark, types }, { polling: 20, timeout: 20000 }).catch(() => {});
      await settle();
      const r = await page.evaluate(({ mark, types }) => {
        const p = window.__perf;
        const acts = p.actions.filter((a) => a.t >= mark && types.includes(a.type));
        const act = acts[acts.length - 1];
        const paints = p.painted.filter((x) => act && x.drawn >= act.t);
        return {
          act: act ? act.t : null,
          painted: paints.length ? paints[paints.length - 1].frame : null,
          drawn: paints.length ? paints[paints.length - 1].drawn : null,
          long: p.longtasks.filter((l) => l.start >= mark).map((l) => l.dur),
          markers: document.querySelectorAll('.leaflet-marker-icon[data-count]').length,
        };
      }, { mark, types });
      if (process.env.PERF_DEBUG) console.log(name, i, JSON.stringify(r), new URL(page.url()).searchParams.get("map"));
      if (r.act !== null && r.painted !== null) drawn.push(r.painted - r.act);
      long.push(...r.long);
      maxMarkers = Math.max(maxMarkers, r.markers);
    }
    const row = { name, n: drawn.length, median: q(drawn, 0.5), p95: q(drawn, 0.95), max: Math.max(...drawn),
      long50: long.filter((d) => d > 50).length, longMax: long.length ? Math.max(...long) : 0,
      frameP95: frameMs.length ? q(frameMs, 0.95) : NaN, frames: frameMs.length, maxMarkers };
    rows.push(row);
    return row;
  }

  let cdp = null;
  if (TRACE) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReturnAsStream' });
  }
  await page.focus('#map');
  reqs.length = 0;
  // Zoom in three steps from the province and out again (zooms 6 to 9).
  const zoomKeys = ['+', '+', '+', '-', '-', '-'];
  await measure('zoom (+/- keys)', ['keydown'], async (i) => { await page.focus('#map'); await page.keyboard.press(zoomKeys[i % zoomKeys.length]); });
  // Pans and drags at zoom 8 over the densest part of the province, where
  // the most symbols are drawn.
  const zoomReqs = [...reqs];
  await page.goto(srv.base + '/?map=8/27.6/65.3');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
  await page.waitForLoadState('networkidle');
  reqs.length = 0;
  const panKeys = ['ArrowLeft', 'ArrowDown', 'ArrowRight', 'ArrowUp'];
  await measure('pan (arrow keys)', ['keydown'], async (i) => { await page.focus('#map'); await page.keyboard.press(panKeys[i % panKeys.length]); });
  const box = await page.$eval('#map', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
  await measure('drag (mouse, 30 moves)', ['pointerup'], async (i) => {
    const x = box.x + box.w / 2, y = box.y + box.h / 2;
    const dx = (i % 2 ? -1 : 1) * 160, dy = (i % 2 ? 1 : -1) * 90;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let s = 1; s <= 30; s++) {
      await page.mouse.move(x + (dx * s) / 30, y + (dy * s) / 30);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(60); // stop before releasing: no inertia
    await page.mouse.up();
  }, { frames: true });
  const panReqs = [...zoomReqs, ...reqs];

  // Filters: untick and tick again the largest claimant's box.
  await measure('filter (claimant box)', ['change'], async () => {
    await page.click('#claimants li:first-child input');
  });
  // Timeline: one keyboard step of the first-month slider, back and forth.
  await measure('timeline (slider key step)', ['keydown'], async (i) => {
    await page.focus('#tl-from');
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
  });

  if (cdp) {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let text = '';
    for (;;) {
      const r = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      text += r.base64Encoded ? Buffer.from(r.data, 'base64').toString() : r.data;
      if (r.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await writeFile(TRACE, text);
    const tasks = longTaskSteps(JSON.parse(text).traceEvents || []);
    console.log(`trace written to ${TRACE}; main-thread tasks over 50 ms, page loads included: ${tasks.length}`);
    for (const t of tasks) console.log(`  ${t.ms.toFixed(1)} ms: ${t.steps.join(', ')}`);
  }

  const kinds = {};
  for (const r of panReqs) {
    const k = r.url.startsWith('/api/clusters') ? '/api/clusters' : r.url.startsWith('/api/places') ? '/api/places' : r.url.startsWith('/tiles/') ? '/tiles' : r.url.split('?')[0];
    kinds[k] = (kinds[k] || 0) + 1;
  }
  const other = panReqs.filter((r) => !r.url.startsWith('/api/clusters') && !r.url.startsWith('/api/places') && !r.url.startsWith('/tiles/'));
  const lat = (p) => panReqs.filter((r) => r.url.startsWith(p)).map((r) => r.ms);
  const cl = lat('/api/clusters');

  // The machine's own floor: frame times of an empty page, measured now.
  const empty = await browser.context.newPage();
  await empty.setContent('<p>frame reference</p>');
  const floor = await empty.evaluate(() => new Promise((res) => {
    const out = [];
    let last = performance.now();
    const tick = (t) => { out.push(t - last); last = t; if (out.length < 120) requestAnimationFrame(tick); else res(out); };
    requestAnimationFrame(tick);
  }));
  await empty.close();
  console.log(`\n${N.toLocaleString('en-GB')} incidents, Chromium 1280×800, ${cpus().length} cores (load average ${loadavg().map((v) => v.toFixed(1)).join(', ')}), ${REPS} actions each${SLOWDOWN > 1 ? `, CPU throttled ${SLOWDOWN}×` : ''}`);
  console.log(`frame p95 of an empty page on this machine now: ${q(floor, 0.95).toFixed(1)} ms`);
  console.log('| action | n | action to drawn, median | p95 | max | long tasks > 50 ms | longest task | frame p95 while dragging | most symbols |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.n} | ${ms(r.median)} ms | ${ms(r.p95)} ms | ${ms(r.max)} ms | ${r.long50} | ${ms(r.longMax)} ms | ${r.frames ? `${r.frameP95.toFixed(1)} ms (${r.frames} frames)` : '–'} | ${r.maxMarkers} |`);
  }
  const slow = rows.filter((r) => !(r.p95 <= 150)).map((r) => r.name);
  const long = rows.reduce((a, r) => a + r.long50, 0);
  const frame = rows.filter((r) => r.frames).every((r) => r.frameP95 <= 17);
  console.log(`budgets: action to drawn p95 <= 150 ms ${slow.length ? `missed (${slow.join(', ')})` : 'met'}; ` +
    `long tasks > 50 ms ${long ? `${long} (missed)` : 'none (met)'}; frame p95 while dragging <= 17 ms ${frame ? 'met' : 'missed'}`);
  console.log(`\nrequests while zooming, panning and dragging: ${JSON.stringify(kinds)}; /api/clusters median ${ms(q(cl, 0.5))} ms, p95 ${ms(q(cl, 0.95))} ms`);
  console.log(other.length ? `FAIL: other requests while panning: ${other.map((r) => r.url).join(', ')}` : 'OK: panning and zooming asked only for clusters, place labels and tiles');
  if (other.length) process.exitCode = 1;
} finally {
  await browser.close();
  await srv.stop();
  await rm(tmp, { recursive: true, force: true });
}
