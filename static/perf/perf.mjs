// perf.mjs measures the web map at scale (not part of `npm test`):
//   npm run perf                 # 1,000,000 synthetic incidents
//   PERF_N=100000 npm run perf   # fewer
//   PERF_DB=/path/perf.db npm run perf   # reuse a database built earlier
// It builds a database with `incidentmap gen | incidentmap import`, serves it,
// opens the page in headless Chromium, and prints: the time to the first
// interactive map view, and every request made while panning and zooming
// (which must all be cluster or tile requests), with their latencies.
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../test/browser.mjs';
import { BIN, start } from '../test/server.mjs';

const N = Number(process.env.PERF_N || 1000000);
const keep = process.env.PERF_DB;

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

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return s.length ? `n=${s.length} median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms` : 'n=0';
};

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
try {
  const page = await browser.context.newPage();
  const reqs = [];
  page.on('requestfinished', async (r) => {
    const t = r.timing();
    reqs.push({ url: r.url().slice(srv.base.length), ms: t.responseEnd, start: t.startTime });
  });

  // Cold load of the first view (the server's caches are empty).
  const t0 = Date.now();
  await page.goto(srv.base + '/', { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('incidentmap:first-view').length > 0, null, { timeout: 120000 });
  const firstView = await page.evaluate(() => performance.getEntriesByName('incidentmap:first-view')[0].startTime);
  const wall = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  const total = await page.$eval('#total', (e) => Number(e.dataset.total));
  const inView = await page.$eval('#status', (e) => Number(e.dataset.inview));
  console.log(`incidents matched: ${total.toLocaleString('en-GB')}; counted by the clusters in view: ${inView.toLocaleString('en-GB')}`);
  console.log(`first interactive map view (clusters drawn, from navigation start): ${firstView.toFixed(0)} ms (wall ${wall} ms)`);
  console.log('requests of the first load:');
  for (const r of reqs) console.log(`  started at ${String(Math.round(r.start - t0)).padStart(5)} ms, took ${r.ms.toFixed(0).padStart(5)} ms  ${r.url.slice(0, 100)}`);

  // The same first view again in a new tab: the server's caches are warm.
  {
    const again = await browser.context.newPage();
    await again.goto(srv.base + '/', { waitUntil: 'commit' });
    await again.waitForFunction(() => performance.getEntriesByName('incidentmap:first-view').length > 0, null, { timeout: 120000 });
    const warm = await again.evaluate(() => performance.getEntriesByName('incidentmap:first-view')[0].startTime);
    console.log(`first interactive map view, second visit (server caches warm): ${warm.toFixed(0)} ms`);
    await again.close();
  }

  // Pan and zoom: keyboard zoom and pan (the same code path as the mouse),
  // waiting for the view to settle after each step.
  reqs.length = 0;
  const steps = ['+', '+', 'ArrowLeft', 'ArrowDown', '+', 'ArrowRight', 'ArrowRight', '+', 'ArrowUp', '-', '-', 'ArrowLeft', '-', '-'];
  await page.focus('#map');
  let maxMarkers = 0;
  const stepMs = [];
  for (const k of steps) {
    const s0 = Date.now();
    await page.keyboard.press(k);
    await page.waitForTimeout(350);
    await page.waitForLoadState('networkidle');
    stepMs.push(Date.now() - s0 - 350);
    maxMarkers = Math.max(maxMarkers, await page.$$eval('.leaflet-marker-icon[data-count]', (es) => es.length));
  }
  const kinds = {};
  for (const r of reqs) {
    const k = r.url.startsWith('/api/clusters') ? '/api/clusters' : r.url.startsWith('/api/places') ? '/api/places' : r.url.startsWith('/tiles/') ? '/tiles' : r.url.split('?')[0];
    kinds[k] = (kinds[k] || 0) + 1;
  }
  // Besides the clusters, the basemap asks for the places to label in view.
  const other = reqs.filter((r) => !r.url.startsWith('/api/clusters') && !r.url.startsWith('/api/places') && !r.url.startsWith('/tiles/'));
  console.log(`pan/zoom: ${steps.length} steps, ${reqs.length} requests: ${JSON.stringify(kinds)}`);
  console.log(`  cluster request latency: ${stat(reqs.filter((r) => r.url.startsWith('/api/clusters')).map((r) => r.ms))}`);
  console.log(`  place-label request latency: ${stat(reqs.filter((r) => r.url.startsWith('/api/places')).map((r) => r.ms))}`);
  console.log(`  settle time after each step (beyond the 350 ms animation wait): ${stat(stepMs)}`);
  console.log(`  most incident symbols on the map at once: ${maxMarkers}`);
  console.log(other.length ? `FAIL: non-cluster requests while panning: ${other.map((r) => r.url).join(', ')}` : 'OK: panning and zooming issued only cluster and place-label requests');
  if (other.length) process.exitCode = 1;
} finally {
  await browser.close();
  await srv.stop();
  await rm(tmp, { recursive: true, force: true });
}
