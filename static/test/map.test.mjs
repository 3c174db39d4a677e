// End-to-end tests of the web map: the real binary with the seed incidents,
// driven through Debian's Chromium. Screenshots go to test-results/.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { axe } from './axe.mjs';
import { launch } from './browser.mjs';
import { run, start } from './server.mjs';
import { SHOTS, openMap } from './suite.mjs';

const XSS = '<img src=x onerror="window.__pwned=1">';
const XSS_ID = 'e2e-hostile-description';
const SAME_PLACE_ID = 'e2e-same-place';

let srv;
let browser;
let token;
const external = []; // every request that left the server's origin

async function createHostileIncident(base, token) {
  const body = {
    type: 'FeatureCollection',
    features: [{
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [62.3254, 25.1264] },
      properties: {
        id: XSS_ID,
        title: 'Test incident with a hostile <b>title</b>',
        description: XSS,
        date: '2025-03-15',
        date_precision: 'day',
        type: 'other',
        place: 'Gwadar',
        precision: 'town',
        claims: [{ actor: 'local', kind: 'media_report', status: 'unverified', source: { name: '<img src=x onerror="window.__pwned=2">', url: 'https://example.org/?q=%22%3E%3Cscript%3Ewindow.__pwned=3%3C/script%3E' } }],
      },
    }, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [62.3254, 25.1264] },
      properties: {
        id: SAME_PLACE_ID,
        title: 'Second incident at the same place',
        date: '2025-03-20',
        type: 'protest',
        place: 'Gwadar',
        precision: 'town',
        claims: [{ actor: 'local', kind: 'media_report', status: 'unverified' }],
      },
    }],
  };
  const res = await fetch(`${base}/api/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/geo+json' },
    body: JSON.stringify(body),
  });
  assert.ok(res.ok, `POST /api/import: ${res.status} ${await res.text()}`);
}

function tokenFrom(out) {
  try {
    const j = JSON.parse(out);
    return j.token || j.secret;
  } catch {
    return out.trim().split(/\s+/).pop();
  }
}

async function openPage(path = '/', { width = 1280, height = 800 } = {}) {
  const page = await openMap(browser, srv.base + path, { width, height, before: (p) => p.on('request', (r) => {
    if (!r.url().startsWith(srv.base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  }) });
  await settle(page);
  return page;
}

// settle waits until the cluster request for the current view has been drawn.
async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.getElementById('status').dataset.inview !== undefined);
}

const total = (page) => page.$eval('#total', (e) => Number(e.dataset.total));
const inView = (page) => page.$eval('#status', (e) => Number(e.dataset.inview));
const markers = (page, sel = '') => page.$$eval(`.leaflet-marker-icon[data-count]${sel}`,
  (es) => es.map((e) => ({ count: Number(e.dataset.count), id: e.dataset.id, claimant: e.dataset.claimant, district: e.dataset.district })));

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

async function zoomToDistrict(page, id) {
  await page.$eval('#districts-box', (d) => { d.open = true; });
  await page.click(`#districts tr[data-district="${id}"] button`);
  await settle(page);
  await page.waitForTimeout(300);
  await settle(page);
}

describe('web map against the real server with the seed incidents', () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    srv = await start({
      before: async ({ db }) => {
        token = tokenFrom(await run(['token', 'create', '--name', 'e2e', '--db', db]));
      },
    });
    await createHostileIncident(srv.base, token);
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  test('page loads with the seed data and the offline basemap', async () => {
    const page = await openPage('/');
    const n = await total(page);
    assert.ok(n >= 6, `total incidents: got ${n}, want at least the 5 seed incidents and the e2e one`);
    // Every incident is counted by the clusters in the initial (whole-province) view.
    assert.equal(await inView(page), n);
    const paths = await page.$$eval('.leaflet-districts-pane path', (ps) => ps.length);
    assert.ok(paths >= 37, `district and province outlines: got ${paths} paths`);
    const labels = await page.$$eval('.district-label', (ls) => ls.map((l) => l.textContent));
    assert.ok(labels.includes('Panjgur') && labels.includes('Awaran'), `district labels: ${labels.join(', ')}`);
    const claimants = await page.$$eval('#claimants li', (ls) => ls.map((l) => l.dataset.claimant));
    for (const c of ['BLF', 'ISPR']) assert.ok(claimants.includes(c), `legend lists ${c}: ${claimants}`);
    assert.ok(await page.$('.attribution, .leaflet-control-attribution'));
    assert.deepEqual(page.errors, []);
    await shot(page, 'main');
    await page.close();
  });

  test('incidents appear in Panjgur, Kech, Kharan and Awaran', async () => {
    const page = await openPage('/');
    for (const d of ['panjgur', 'kech', 'kharan', 'awaran']) {
      const row = await page.$eval(`#districts tr[data-district="${d}"] td`, (td) => Number(td.textContent));
      assert.ok(row >= 1, `${d} row in the districts table: ${row}`);
      await zoomToDistrict(page, d);
      const ms = await markers(page, `[data-district="${d}"]`);
      assert.ok(ms.length >= 1, `a marker in ${d}: ${JSON.stringify(await markers(page))}`);
      await shot(page, `district-${d}`);
    }
    await page.close();
  });

  test('toggling a claimant hides its incidents, and back restores them', async () => {
    const page = await openPage('/');
    const before = await total(page);
    await zoomToDistrict(page, 'kharan');
    assert.ok((await markers(page, '[data-claimant="BLF"]')).length >= 1, 'a BLF incident in Kharan');
    await page.uncheck('#claimants li[data-claimant="BLF"] input');
    await page.waitForFunction((n) => Number(document.getElementById('total').dataset.total) < n, before);
    await settle(page);
    // The Kharan incident is claimed only by BLF, so it is gone.
    assert.deepEqual(await markers(page, '[data-claimant="BLF"][data-district="kharan"]'), []);
    assert.match(page.url(), /claimant=/);
    assert.ok(!page.url().includes('BLF'), page.url());
    await shot(page, 'claimant-off');
    await page.goBack();
    await page.waitForFunction((n) => Number(document.getElementById('total').dataset.total) === n, before);
    await settle(page);
    assert.equal(await page.isChecked('#claimants li[data-claimant="BLF"] input'), true);
    assert.ok((await markers(page, '[data-claimant="BLF"]')).length >= 1, 'back brings the BLF incident back');
    await page.close();
  });

  test('narrowing the dates changes the counts', async () => {
    const page = await openPage('/');
    const before = await total(page);
    const max = Number(await page.getAttribute('#tl-to', 'max'));
    assert.ok(max >= 1, `timeline months: ${max + 1}`);
    // Move the first month to the last: only incidents of that month remain.
    await page.focus('#tl-from');
    await page.keyboard.press('End');
    await page.waitForFunction((n) => Number(document.getElementById('total').dataset.total) !== n, before);
    const after = await total(page);
    assert.ok(after < before, `total after narrowing: ${after}, before ${before}`);
    assert.match(page.url(), /from=\d{4}-\d{2}-01/);
    await settle(page);
    assert.equal(await inView(page), after);
    const claimantSum = await page.$$eval('#claimants .count', (cs) => cs.map((c) => Number(c.textContent.replace(/,/g, ''))));
    assert.ok(claimantSum.some((c) => c > 0));
    await shot(page, 'dates-narrowed');
    await page.close();
  });

  test('play steps a date window through time, pause stops it', async () => {
    const page = await openPage('/');
    const before = await total(page);
    await page.click('#tl-play');
    assert.equal(await page.getAttribute('#tl-play', 'aria-pressed'), 'true');
    await page.waitForFunction(() => /[?&]to=/.test(location.search));
    await page.waitForFunction((n) => Number(document.getElementById('total').dataset.total) < n, before);
    await page.click('#tl-play');
    assert.equal(await page.getAttribute('#tl-play', 'aria-pressed'), 'false');
    const url = page.url();
    await page.waitForTimeout(1200);
    assert.equal(page.url(), url, 'paused: the window no longer moves');
    await page.close();
  });

  test('the Awaran popup shows ISPR\'s figures', async () => {
    const page = await openPage('/');
    await zoomToDistrict(page, 'awaran');
    await page.click('.leaflet-marker-icon[data-id="seed-2025-awaran-ibo"]');
    await page.waitForSelector('#details:not([hidden]) .incident');
    const text = await page.textContent('#details');
    assert.match(text, /ISPR/);
    assert.match(text, /1 security forces killed/);
    assert.match(text, /3 militants killed/);
    assert.match(text, /located to district level/);
    assert.match(text, /between 1 June 2025 and 31 July 2025/);
    assert.match(text, /Status: unverified/);
    assert.match(page.url(), /sel=seed-2025-awaran-ibo/);
    await shot(page, 'popup-awaran');
    await page.close();
  });

  test('the Operation Baam popup shows BLF\'s claimed figure as unverified', async () => {
    const page = await openPage('/');
    await zoomToDistrict(page, 'kech');
    await page.click('.leaflet-marker-icon[data-id="seed-2025-baam-kech"]');
    await page.waitForSelector('#details:not([hidden]) .incident');
    const text = await page.textContent('#details');
    assert.match(text, /Operation Baam/);
    assert.match(text, /BLF claims at least 20 security forces killed \(unverified\)/);
    const series = await page.$$eval('#details .series-claims .claim', (cs) => cs.map((c) => [c.dataset.actor, c.dataset.status]));
    assert.ok(series.length >= 1 && series.every(([a, s]) => a === 'BLF' && s === 'unverified'), JSON.stringify(series));
    await shot(page, 'popup-baam');
    await page.close();
  });

  test('a permalink restores the same view', async () => {
    const page = await openPage('/');
    await zoomToDistrict(page, 'kech');
    await page.check('input[name=status][value="unverified"]');
    await page.selectOption('#f-choro', 'incidents');
    await settle(page);
    await page.click('.leaflet-marker-icon[data-id="seed-2025-baam-kech"]');
    await page.waitForSelector('#details:not([hidden]) .incident');
    const url = page.url();
    const want = {
      total: await total(page), inView: await inView(page),
      center: await page.evaluate(() => new URL(location.href).searchParams.get('map')),
      title: await page.textContent('#details-title'),
    };
    const again = await openPage(url.slice(srv.base.length));
    await again.waitForSelector('#details:not([hidden]) .incident');
    assert.equal(again.url(), url);
    assert.equal(await total(again), want.total);
    assert.equal(await inView(again), want.inView);
    assert.equal(await again.textContent('#details-title'), want.title);
    assert.equal(await again.isChecked('input[name=status][value="unverified"]'), true);
    assert.equal(await again.inputValue('#f-choro'), 'incidents');
    await shot(again, 'permalink');
    await again.close();
    await page.close();
  });

  test('an embed fits its bounds, shows a caption and leaves the host page\'s history alone', async () => {
    const host = await browser.context.newPage();
    await host.setViewportSize({ width: 800, height: 600 });
    const src = `${srv.base}/embed?claimant=BLF&from=2025-07-01&bounds=60.88,24.89,70.29,32.10`;
    // A host page on another origin (another port of 127.0.0.1), served by the test.
    const { createServer } = await import('node:http');
    const article = createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(`<!doctype html><title>article</title><p>An article.</p><iframe src="${src}" width="600" height="400" style="border:0" title="map"></iframe>`);
    });
    await new Promise((r) => article.listen(0, '127.0.0.1', r));
    article.unref();
    await host.goto(`http://127.0.0.1:${article.address().port}/story`);
    const frame = await (await host.waitForSelector('iframe')).contentFrame();
    await frame.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    await frame.waitForFunction(() => document.getElementById('status').dataset.inview !== undefined);
    const before = await host.evaluate(() => history.length);
    // The whole province is in the 600x400 frame: its outline's box is inside the map.
    const fit = await frame.evaluate(() => {
      const m = document.getElementById('map').getBoundingClientRect();
      const p = document.querySelector('.leaflet-districts-pane svg').getBoundingClientRect();
      const paths = [...document.querySelectorAll('.leaflet-districts-pane path')].map((x) => x.getBoundingClientRect());
      const b = paths.reduce((a, r) => ({ l: Math.min(a.l, r.left), t: Math.min(a.t, r.top), r: Math.max(a.r, r.right), b: Math.max(a.b, r.bottom) }), { l: 1e9, t: 1e9, r: -1e9, b: -1e9 });
      return { m: [m.left, m.top, m.right, m.bottom], b: [b.l, b.t, b.r, b.b], svg: p.width };
    });
    assert.ok(fit.b[0] >= fit.m[0] - 2 && fit.b[2] <= fit.m[2] + 2 && fit.b[3] <= fit.m[3] + 2, `province ${fit.b} in map ${fit.m}`);
    const caption = await frame.textContent('#embed-caption');
    assert.match(caption, /Conflict incidents in Balochistan/);
    assert.match(caption, /1 July 2025 to the latest/);
    assert.match(caption, /claimants: BLF/);
    // Opening an incident, closing it and panning the map add no history entries to the host page.
    const m = await frame.waitForSelector('.leaflet-marker-icon[data-id]');
    await m.click();
    await frame.waitForSelector('#details:not([hidden])');
    await frame.click('#details-close');
    await frame.focus('#map');
    await host.keyboard.press('ArrowLeft');
    await host.waitForTimeout(500);
    assert.equal(await host.evaluate(() => history.length), before, 'the host page\'s history grew');
    await host.screenshot({ path: `${SHOTS}embed-600x400.png` });
    await host.close();
  });

  test('the embed page renders the map without side panels', async () => {
    const page = await openPage('/embed?claimant=BLF');
    assert.equal(await page.isVisible('#panel'), false);
    assert.equal(await page.isVisible('#timeline'), false);
    assert.equal(await page.isVisible('.leaflet-control-attribution'), true);
    assert.ok((await markers(page)).length >= 1);
    assert.ok(await page.isVisible('.open-full'));
    await shot(page, 'embed');
    await page.close();
  });

  test('a group lists exactly its incidents, and symbol counts add up to the total', async () => {
    const page = await openPage('/');
    const sum = (await markers(page)).reduce((s, m) => s + m.count, 0);
    assert.equal(sum, await total(page));
    await zoomToDistrict(page, 'gwadar');
    const groups = await markers(page, '[data-count="2"]');
    assert.equal(groups.length, 1, JSON.stringify(await markers(page)));
    await page.click('.leaflet-marker-icon[data-count="2"]');
    await page.waitForSelector('#details:not([hidden]) .group');
    assert.equal(await page.textContent('#details-title'), '2 incidents here');
    const ids = await page.$$eval('#details .group button[data-id]', (bs) => bs.map((b) => b.dataset.id).sort());
    assert.deepEqual(ids, [XSS_ID, SAME_PLACE_ID].sort());
    await page.click(`#details .group button[data-id="${SAME_PLACE_ID}"]`);
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.equal(await page.textContent('#details-title'), 'Second incident at the same place');
    await shot(page, 'group');
    await page.close();
  });

  test('a hostile description does not run script', async () => {
    const page = await openPage(`/?sel=${XSS_ID}`);
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.equal(await page.textContent('#details .description'), XSS);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.$$eval('#details img, #details b', (es) => es.length), 0);
    // A hostile source name stays text; javascript: URLs are refused at the
    // write (the server's strict input rules), so none can be stored.
    assert.equal(await page.$$eval('#details a[href^="javascript"]', (es) => es.length), 0);
    assert.ok((await page.textContent('#details')).includes('onerror='), 'the hostile source name is shown as text');
    // Also through the map: zoom in and open the marker itself.
    await page.click('#details-close');
    await zoomToDistrict(page, 'gwadar');
    await page.click('.leaflet-marker-icon[data-count="2"]');
    await page.click(`#details .group button[data-id="${XSS_ID}"]`);
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.equal(await page.textContent('#details .description'), XSS);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await shot(page, 'hostile');
    await page.close();
  });

  test('embed, download and snapshot buttons', async () => {
    const page = await openPage('/?type=security_operation');
    await page.click('#btn-embed');
    const code = await page.inputValue('#embed-code');
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?type=security_operation&amp;bounds=[-\d.]+,[-\d.]+,[-\d.]+,[-\d.]+"/);
    await page.keyboard.press('Escape');
    await page.click('#btn-download');
    assert.match(await page.getAttribute('#dl-csv', 'href'), /^\/api\/incidents\.csv\?type=security_operation$/);
    const res = await fetch(srv.base + await page.getAttribute('#dl-geojson', 'href'));
    assert.equal(res.status, 200);
    const fc = await res.json();
    assert.equal(fc.features.length, await total(page));
    await page.keyboard.press('Escape');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-snapshot')]);
    const path = `${SHOTS}snapshot.png`;
    await download.saveAs(path);
    const png = await readFile(path);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.ok(png.length > 5000, `snapshot size ${png.length}`);
    // Twice the map's size, in width.
    const mapW = await page.$eval('#map', (m) => m.clientWidth);
    assert.equal(png.readUInt32BE(16), 2 * mapW);
    await page.close();
  });

  test('a snapshot lists only the claimants drawn, with dates, scale and credits', async () => {
    const page = await openPage('/?claimant=BLF&from=2025-07-01');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-snapshot')]);
    const path = `${SHOTS}snapshot-blf.png`;
    await download.saveAs(path);
    const legend = await page.$eval('#status', (e) => e.dataset.snapshotLegend);
    const drawn = await page.$$eval('.leaflet-marker-icon[data-count]', (es) => [...new Set(es.map((e) => e.dataset.claimant))]);
    assert.ok(legend.split(',').includes('BLF'), legend);
    assert.ok(!legend.split(',').includes('local'), `the legend lists a claimant the filter hides: ${legend}`);
    assert.ok(drawn.every((c) => !c || legend.split(',').includes(c)), `${drawn} vs ${legend}`);
    const mapW = await page.$eval('#map', (m) => m.clientWidth);
    assert.equal((await page.$eval('#status', (e) => e.dataset.snapshotSize)).split('x')[0], String(2 * mapW));
    // An English page's snapshot is in English, left to right: title top left,
    // the dates, the scale in km, the legend's words, the credits.
    const words = JSON.parse(await page.$eval('#status', (e) => e.dataset.snapshotText));
    const ui = words.filter((w) => w.role === 'ui');
    assert.deepEqual(ui.find((w) => w.text.startsWith('incidentmap')), { text: 'incidentmap: conflict incidents in Balochistan', role: 'ui', x: 20, y: 28 });
    assert.ok(ui.some((w) => /^Dates: 1 July 2025 to /.test(w.text)), JSON.stringify(ui));
    assert.ok(ui.some((w) => /^\d+ km$/.test(w.text) && w.x < mapW / 2), JSON.stringify(ui));
    assert.ok(ui.some((w) => w.text === 'figures disputed'));
    assert.match(words.filter((w) => w.role === 'credits').map((w) => w.text).join(' '), /^Administrative boundaries: .*Natural Earth \(naturalearthdata\.com\), public domain\.$/);
    assert.ok(!words.some((w) => w.role !== 'label' && /\p{Script=Arabic}/u.test(w.text)), 'no Urdu in an English snapshot');
    assert.match(words.find((w) => w.role === 'url').text, /claimant=BLF.* · \d{4}-\d{2}-\d{2}$/);
    await page.close();
  });

  test('keyboard: a focused incident opens with Enter, Escape closes it', async () => {
    const page = await openPage('/');
    await zoomToDistrict(page, 'awaran');
    await page.focus('.leaflet-marker-icon[data-id="seed-2025-awaran-ibo"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'details-title');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#details[hidden]', { state: 'attached' });
    assert.ok(!page.url().includes('sel='));
    await page.close();
  });

  test('a phone-sized screen', async () => {
    const page = await openPage('/', { width: 390, height: 844 });
    // The header is the name and one line of buttons: the map gets the rest.
    const [bar, pageWidth] = await page.evaluate(() => [document.querySelector('.bar').getBoundingClientRect().height, document.documentElement.scrollWidth]);
    assert.ok(bar <= 72, `header ${bar} px high`);
    assert.equal(pageWidth, 390, 'nothing wider than the screen');
    // The first view gives the province the screen's width, not half of it.
    await page.waitForSelector('.leaflet-districts-pane path');
    const province = await page.$$eval('.leaflet-districts-pane path', (ps) => {
      const rs = ps.map((p) => p.getBoundingClientRect()).filter((r) => r.width > 0);
      return Math.max(...rs.map((r) => r.right)) - Math.min(...rs.map((r) => r.left));
    });
    assert.ok(province >= 0.85 * 390, `the province spans ${Math.round(province)} of 390 px`);
    assert.equal(await page.isVisible('#panel'), false);
    await page.click('#panel-toggle');
    assert.equal(await page.isVisible('#panel'), true);
    await shot(page, 'phone-panel');
    await page.click('#panel-toggle');
    await shot(page, 'phone');
    await page.close();
  });

  test('highways and railways are drawn, and an incident beyond the province can be shown or left out', async () => {
    // An incident written through the API by its coordinates only, in Dera
    // Ghazi Khan (Punjab): located to its own district, never to a
    // Balochistan one.
    const id = 'e2e-outside';
    const res = await fetch(`${srv.base}/api/incidents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id, title: 'Travellers stopped near Dera Ghazi Khan', date: '2025-04-02', type: 'targeted_killing',
        location: { lon: 70.64, lat: 30.05, precision: 'town' },
        claims: [{ actor: 'unknown', kind: 'media_report', status: 'unverified' }] }),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const created = JSON.parse(text);
    assert.equal(created.properties.district_id, 'dera-ghazi-khan');
    assert.equal(created.properties.region, 'outside');
    try {
      // The page's own answers may come from the browser's cache (max-age
      // 10 s), so the count everywhere is asked of the API directly.
      const everywhere = (await (await fetch(`${srv.base}/api/stats`)).json()).total;
      const all = await openPage('/');
      await all.waitForSelector('.leaflet-routes-pane path.route');
      const routes = await all.$$eval('.leaflet-routes-pane path.route', (ps) => ps.length);
      assert.ok(routes >= 11, `route lines drawn: ${routes}`);
      await all.close();

      const outside = await openPage('/?region=outside&map=7/30.05/70.0');
      assert.equal(await total(outside), 1);
      assert.equal(await outside.$eval('#f-region', (e) => e.value), 'outside');
      await outside.waitForFunction(() => document.querySelector('.leaflet-marker-icon[data-id="e2e-outside"]'));
      await shot(outside, 'outside-only');
      await outside.selectOption('#f-region', 'balochistan');
      await outside.waitForFunction((n) => Number(document.getElementById('total').dataset.total) === n - 1, everywhere);
      assert.match(outside.url(), /region=balochistan/);
      await settle(outside);
      assert.equal(await outside.$('.leaflet-marker-icon[data-id="e2e-outside"]'), null);
      assert.deepEqual(outside.errors, []);
      await outside.close();
    } finally {
      const del = await fetch(`${srv.base}/api/incidents/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
      assert.equal(del.status, 204);
    }
  });

  // labelOverlaps returns the pairs of basemap labels whose boxes intersect.
  const labelOverlaps = (page) => page.$$eval('.map-label span', (ss) => {
    const rs = ss.map((s) => [s.textContent, s.getBoundingClientRect()]);
    const out = [];
    for (let i = 0; i < rs.length; i++) {
      for (let j = i + 1; j < rs.length; j++) {
        const a = rs[i][1], b = rs[j][1];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${rs[i][0]} / ${rs[j][0]}`);
      }
    }
    return out;
  });
  const labelsOf = (page, cls) => page.$$eval(`.map-label.${cls} span`, (ss) => ss.map((s) => s.textContent));

  test('offline basemap: sea, neighbours, towns by importance, no colliding labels', async () => {
    const page = await openPage('/');
    await page.waitForFunction(() => document.querySelectorAll('.label-town1').length > 0);
    await page.waitForTimeout(300);
    await shot(page, 'basemap-province');
    const countries = await labelsOf(page, 'label-country');
    for (const c of ['IRAN', 'AFGHANISTAN']) assert.ok(countries.includes(c), `country labels: ${countries}`);
    const towns = await labelsOf(page, 'label-town');
    for (const t of ['Quetta', 'Karachi']) assert.ok(towns.includes(t), `town labels at the first view: ${towns}`);
    assert.ok(!towns.some((t) => /^Kili /.test(t)), `no villages at the province view: ${towns}`);
    const provinces = await labelsOf(page, 'label-province');
    assert.ok(provinces.includes('Sindh'), `province labels: ${provinces}`);
    // Sea, other countries, Pakistan and Balochistan are four different fills.
    const fills = await page.$$eval('.leaflet-base-pane path, .leaflet-districts-pane path', (ps) => [...new Set(ps.map((p) => p.getAttribute('fill')).filter((f) => f && f !== 'none'))]);
    assert.ok(fills.length >= 4, `basemap fills: ${fills}`);
    assert.deepEqual(await labelOverlaps(page), []);

    // Zoomed in over Quetta the city's neighbourhoods and villages are named.
    await page.goto(`${srv.base}/?map=12/30.1900/67.0100`);
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction(() => document.querySelectorAll('.label-town').length >= 8);
    await page.waitForTimeout(300);
    assert.deepEqual(await labelOverlaps(page), []);
    await shot(page, 'basemap-quetta-z12');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('search: places move the map, a road stretch draws its line, BLF finds all its incidents', async () => {
    const page = await openPage('/');
    const view = () => page.evaluate(() => new URL(location.href).searchParams.get('map'));
    // Turbat: a town in Kech; Enter takes the first suggestion and the map goes there.
    await page.fill('#f-q', 'Turbat');
    await page.waitForSelector('#f-q-list:not([hidden]) li[data-kind="place"]');
    const first = await page.textContent('#f-q-list li:first-child');
    assert.match(first, /Turbat/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('status').dataset.place === 'Turbat');
    await settle(page);
    let [z, lat, lon] = (await view()).split('/').map(Number);
    assert.ok(z >= 10 && Math.abs(lat - 26.0) < 0.1 && Math.abs(lon - 63.05) < 0.1, `view after Turbat: ${z}/${lat}/${lon}`);
    assert.ok(await page.$('.search-pin'), 'a ring marks the town');
    assert.ok(!/[?&]q=/.test(page.url()), 'a place is not a text filter');
    await shot(page, 'search-turbat');
    // Quetta: the district, outlined.
    await page.fill('#f-q', 'Quetta');
    await page.waitForSelector('#f-q-list:not([hidden]) li[data-kind="place"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('status').dataset.place === 'Quetta');
    await settle(page);
    [z, lat, lon] = (await view()).split('/').map(Number);
    assert.ok(Math.abs(lat - 30.2) < 0.3 && Math.abs(lon - 67.0) < 0.3, `view after Quetta: ${z}/${lat}/${lon}`);
    // A stretch of road draws its line.
    await page.fill('#f-q', 'N-25 near Mastung');
    await page.waitForSelector('#f-q-list:not([hidden]) li[data-kind="place"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /N-25/.test(document.getElementById('status').dataset.place || ''));
    await settle(page);
    assert.ok(await page.$$eval('.leaflet-highlight-pane path', (ps) => ps.length) >= 1, 'the stretch is drawn');
    await shot(page, 'search-n25');
    // BLF: the claimant, so all four of its incidents (q= alone matches only
    // titles, descriptions, places and tags: three of them).
    await page.fill('#f-q', 'BLF');
    await page.waitForSelector('#f-q-list:not([hidden]) li[data-kind="claimant"]');
    assert.equal(await page.getAttribute('#f-q-list li:first-child', 'data-kind'), 'claimant');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /claimant=BLF/.test(location.search));
    await page.waitForFunction(() => Number(document.getElementById('total').dataset.total) === 4);
    // The text filter is still offered, last.
    await page.fill('#f-q', 'Operation Baam');
    await page.waitForSelector('#f-q-list:not([hidden]) li[data-kind="text"]');
    await page.click('#f-q-list li[data-kind="text"]');
    await page.waitForFunction(() => /[?&]q=Operation/.test(location.search));
    await page.waitForFunction(() => Number(document.getElementById('total').dataset.total) === 3);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('contested figures: a claimed-versus-confirmed table and a disputed mark on the map', async () => {
    const id = 'e2e-disputed';
    const body = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [64.0969, 26.9647] },
      properties: { id, title: 'Attack on a camp near Panjgur', date: '2025-05-02', type: 'armed_clash', place: 'Panjgur', precision: 'town',
        claims: [
          { actor: 'BLF', kind: 'claim_of_responsibility', status: 'unverified', date: '2025-05-02',
            casualties: { security_forces: { killed: { low: 20, high: 20 } } }, source: { name: 'BLF statement' } },
          { actor: 'ISPR', kind: 'official_statement', status: 'confirmed', date: '2025-05-03',
            casualties: { security_forces: { killed: { low: 4, high: 4 } }, militants: { killed: { low: 6, high: 6 } } },
            source: { name: 'ISPR press release', url: 'https://ispr.gov.pk/press-release' } },
          { actor: 'media', kind: 'media_report', status: 'unverified', source: { name: 'Local paper' } },
        ] } }] };
    const res = await fetch(`${srv.base}/api/import`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/geo+json' }, body: JSON.stringify(body) });
    assert.ok(res.ok, await res.text());
    try {
      const page = await openPage('/?map=10/26.9647/64.0969');
      const m = await page.waitForSelector(`.leaflet-marker-icon[data-id="${id}"]`);
      assert.equal(await m.getAttribute('data-disputed'), '1');
      assert.match(await m.getAttribute('aria-label'), /figures disputed: 10 to 20 killed/);
      assert.ok(await page.$(`.leaflet-marker-icon[data-id="${id}"] .single.disputed`), 'the symbol carries the ≠ badge');
      await m.click();
      await page.waitForSelector('#details:not([hidden]) .claims-table');
      const rows = await page.$$eval('#details .claims-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
      assert.equal(rows.length, 3);
      assert.match(rows[0][0], /BLF/);
      assert.match(rows[0][1], /security forces: 20 killed/);
      assert.match(rows[0][2], /unverified/);
      assert.match(rows[1][1], /security forces: 4 killed.*militants: 6 killed/s);
      assert.match(rows[1][2], /confirmed/);
      assert.match(rows[1][3], /ISPR press release.*3 May 2025/s);
      assert.match(rows[2][1], /no figures given/);
      const text = await page.textContent('#details');
      assert.match(text, /Figures disputed: the claims give from 10 to 20 killed/);
      assert.match(text, /Derived: low 10 · best 10 · high 20 killed/);
      assert.match(text, /never added together/);
      await shot(page, 'contested');
      assert.deepEqual(page.errors, []);
      await page.close();
    } finally {
      await fetch(`${srv.base}/api/incidents/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    }
  });

  test('timeline: labelled axis, month menus, arrow keys make one history entry', async () => {
    const page = await openPage('/');
    const ticks = await page.$$eval('#tl-axis .tl-tick', (ts) => ts.map((t) => t.textContent));
    assert.ok(ticks.length >= 2 && ticks.some((t) => /2025/.test(t)), `axis ticks: ${ticks}`);
    assert.match(await page.textContent('#tl-axis .tl-max'), /per month/);
    const menus = async (end) => [await page.inputValue(`#tl-${end}-year`), await page.inputValue(`#tl-${end}-month`)].join('-');
    assert.equal(await menus('from'), '2025-03');
    // The menus speak the page's language: English month names, every month of the year.
    const names = await page.$$eval('#tl-from-month option', (os) => os.map((o) => o.textContent));
    assert.equal(names.length, 12);
    assert.equal(names[0], 'January');
    assert.equal(await page.$eval('#tl-from-month option:checked', (o) => o.textContent), 'March');
    const before = await page.evaluate(() => history.length);
    await page.focus('#tl-from');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => /from=2025-07-01/.test(location.search));
    assert.equal(await page.evaluate(() => history.length), before + 1, 'four presses, one history entry');
    await settle(page);
    assert.equal(await menus('from'), '2025-07');
    // The month menu sets the range too, and so does the keyboard on it.
    await page.selectOption('#tl-from-month', '05');
    await page.waitForFunction(() => /from=2025-05-01/.test(location.search));
    assert.equal(await page.inputValue('#tl-from'), String(2), 'the slider follows the menu');
    await page.focus('#tl-to-month');
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => /to=2025-\d\d-\d\d/.test(location.search));
    // A month before the data's first one means the first month.
    await page.selectOption('#tl-from-month', '01');
    await page.waitForFunction(() => !/from=/.test(location.search));
    assert.equal(await menus('from'), '2025-03');
    // Play steps the chosen number of months.
    assert.equal(await page.inputValue('#tl-speed'), '1');
    await shot(page, 'timeline');
    assert.deepEqual(page.errors, []);
    await page.close();
  });


  for (const [name, path] of [['map', '/'], ['details', '/?sel=seed-2025-07-10-zhob-bus-attack'], ['embed', '/embed?claimant=BLF']]) {
    test(`axe-core finds no WCAG 2.2 AA violations (${name})`, async () => {
      const page = await openPage(path);
      if (path.includes('sel=')) await page.waitForSelector('#details:not([hidden]) .incident');
      await page.fill('#f-q', 'Turbat').catch(() => {});
      if (name === 'map') await page.waitForSelector('#f-q-list:not([hidden])');
      assert.deepEqual(await axe(page), []);
      await page.close();
    });
  }

  test('print: the map with a caption and legend, without controls', async () => {
    const page = await openPage('/?claimant=BLF');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.isVisible('#panel'), false);
    assert.equal(await page.isVisible('#timeline'), false);
    assert.equal(await page.isVisible('#embed-caption'), true);
    assert.match(await page.textContent('#embed-caption'), /claimants: BLF/);
    assert.equal(await page.isVisible('#compact-legend'), true);
    await shot(page, 'print');
    await page.close();
  });

  test('nothing is loaded from outside the server', () => {
    assert.deepEqual(external, []);
  });
});

// A database of synthetic incidents (100,000 unless SYMBOLS_N says otherwise):
// the first view's group symbols must not overlap, and their counts must
// still add up to every incident.
describe('symbols with many incidents', () => {
  const N = Number(process.env.SYMBOLS_N || 100000);
  let big;
  let b2;

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    big = await start({
      seed: false,
      before: async ({ db }) => {
        const { spawn } = await import('node:child_process');
        const { BIN } = await import('./server.mjs');
        await new Promise((resolve, reject) => {
          const gen = spawn(BIN, ['gen', '-n', String(N)], { stdio: ['ignore', 'pipe', 'inherit'] });
          const imp = spawn(BIN, ['import', '--db', db, '--no-sync', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
          gen.stdout.pipe(imp.stdin);
          gen.on('error', reject);
          imp.on('error', reject);
          imp.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`import exited ${code}`))));
        });
      },
    });
    b2 = await launch();
  });

  after(async () => {
    if (b2) await b2.close();
    if (big) await big.stop();
  });

  for (const [name, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]]) {
    test(`the first view of ${N} incidents has no overlapping symbols (${name})`, async () => {
      const page = await b2.context.newPage();
      await page.setViewportSize({ width, height });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(big.base + '/');
      await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
      await page.waitForFunction(() => document.getElementById('status').dataset.inview !== undefined, null, { timeout: 60000 });
      const total = await page.$eval('#total', (e) => Number(e.dataset.total));
      assert.equal(total, N);
      const symbols = await page.$$eval('.leaflet-marker-icon[data-count]', (es) => es.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, r: r.width / 2, n: Number(e.dataset.count) };
      }));
      assert.equal(symbols.reduce((s, m) => s + m.n, 0), N, 'the counts add up to every incident');
      const overlaps = [];
      for (let i = 0; i < symbols.length; i++) {
        for (let j = i + 1; j < symbols.length; j++) {
          const a = symbols[i], b = symbols[j];
          if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r - 0.5) overlaps.push([a.n, b.n]);
        }
      }
      assert.deepEqual(overlaps, [], `${overlaps.length} overlapping pairs of ${symbols.length} symbols`);
      // Every symbol carries the dark casing that keeps it 3:1 against the fills.
      const casings = await page.$$eval('.leaflet-marker-icon[data-count].cluster, .leaflet-marker-icon[data-count] .single',
        (es) => es.map((e) => getComputedStyle(e).boxShadow));
      assert.ok(casings.length > 0 && casings.every((c) => c.includes('rgb(27, 27, 27)')), casings.slice(0, 3).join(' | '));
      await page.screenshot({ path: `${SHOTS}symbols-${N}-${name}.png` });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  // symbolsOf lists a page's symbols: position in the map, count, claimant.
  const symbolsOf = (page) => page.$$eval('.leaflet-marker-icon[data-count]', (es) => es.map((e) => {
    const r = e.getBoundingClientRect();
    return `${Math.round(r.left)},${Math.round(r.top)} ${e.dataset.count} ${e.dataset.claimant} ${e.getAttribute('aria-label')}`;
  }).sort());

  test('a zoom after the map rests shows symbols built ahead, the same as a fresh page draws', async () => {
    const page = await b2.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(big.base + '/?map=8/28.5567/65.5850');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    const drawn = () => page.evaluate(() => performance.getEntriesByName('incidentmap:drawn').map((m) => m.detail));
    // The symbols of the next zoom in and out are made ready while the map rests.
    await page.waitForFunction(() => performance.getEntriesByName('incidentmap:prepared').some((m) => m.detail.symbols > 0), null, { timeout: 60000 });
    const before = (await drawn()).length;
    await page.focus('#map');
    await page.keyboard.press('+');
    await page.waitForFunction((n) => performance.getEntriesByName('incidentmap:drawn').length > n, before, { timeout: 60000 });
    const made = (await drawn()).at(-1);
    assert.ok(made.ready > 100 && made.built === 0, `the zoom found ${made.ready} symbols ready and built ${made.built}`);
    assert.match(page.url(), /map=9\//);
    const zoomed = await symbolsOf(page);
    // A fresh page at the same view draws the very same symbols.
    const fresh = await b2.context.newPage();
    await fresh.setViewportSize({ width: 1280, height: 800 });
    await fresh.goto(page.url());
    await fresh.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    await fresh.waitForFunction(() => performance.getEntriesByName('incidentmap:drawn').length >= 2, null, { timeout: 60000 });
    await fresh.waitForLoadState('networkidle');
    assert.deepEqual(zoomed, await symbolsOf(fresh));
    // Zooming back finds the symbols it took off.
    const back = (await drawn()).length;
    await page.keyboard.press('-');
    await page.waitForFunction((n) => performance.getEntriesByName('incidentmap:drawn').length > n, back, { timeout: 60000 });
    const again = (await drawn()).at(-1);
    assert.equal(again.built, 0, `zooming back built ${again.built} symbols`);
    assert.deepEqual(errors, []);
    await fresh.close();
    await page.close();
  });
});
