// Browser tests of the map's context and reading modes: tehsil lines, dark
// mode (the system's or chosen), the Urdu interface (right to left, Urdu
// place names) and the optional online background (configured on the
// server; a tile server that cannot be reached, and one that answers).
// The real binary with the seed incidents, driven through Debian's Chromium.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as netServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { axe } from './axe.mjs';
import { launch } from './browser.mjs';
import { start } from './server.mjs';
import { SHOTS, openMap, serverAndBrowser } from './suite.mjs';
import { withoutNames } from './names.mjs';
import { BASE, BASE_DARK, contrast } from '../src/palette.js';


async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.getElementById('status').dataset.inview !== undefined);
}

async function open(browser, base, path = '/', { width = 1280, height = 800, colorScheme = 'light' } = {}) {
  const page = await openMap(browser, base + path, { width, height, colorScheme });
  await settle(page);
  return page;
}

// symbolContrasts measures, in the page as drawn, every incident symbol's
// best casing against the fill under its centre (the district shading or
// the basemap): the colours come from the computed box-shadow and the SVG
// path's fill attribute.
async function symbolContrasts(page) {
  const pairs = await page.$$eval('.leaflet-marker-icon[data-count]', (ms) => ms.map((m) => {
    const sym = m.matches('.cluster') ? m : m.querySelector('.single');
    const casings = (getComputedStyle(sym).boxShadow.match(/rgba?\([^)]*\)/g) || []);
    const r = m.getBoundingClientRect();
    const under = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      .find((e) => e.tagName === 'path' && e.getAttribute('fill') && e.getAttribute('fill') !== 'none' && Number(e.getAttribute('fill-opacity') || 1) >= 0.5);
    return { id: m.dataset.id || m.dataset.count, casings, fill: under ? under.getAttribute('fill') : null };
  }));
  const hex = (rgb) => '#' + rgb.match(/\d+/g).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join('');
  return pairs.filter((p) => p.fill).map((p) => ({ ...p, ratio: Math.max(...p.casings.map((c) => contrast(hex(c), p.fill))) }));
}

async function freePort() {
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

describe('context, dark mode and Urdu', () => {
  let srv;
  let browser;

  serverAndBrowser((s, b) => { srv = s; browser = b; });

  test('highways by number and railways by name', async () => {
    const page = await open(browser, srv.base, '/?map=7/29.3/66.0');
    await page.waitForFunction(() => document.querySelectorAll('.label-route').length >= 3);
    const routes = await page.$$eval('.label-route span', (ss) => ss.map((s) => s.textContent));
    assert.ok(routes.some((r) => /^N-\d+$/.test(r)) && routes.some((r) => /Railway$/.test(r)), `route labels: ${routes}`);
    assert.equal(new Set(routes).size, routes.length, `one label per route: ${routes}`);
    await page.close();
  });

  test('tehsil lines appear from zoom 8, lighter than the district lines; tehsil names from zoom 9', async () => {
    const page = await open(browser, srv.base, '/?map=6/28.5/65.5');
    assert.equal(await page.$$eval('path.tehsil-line', (ps) => ps.length), 0, 'no tehsil lines at zoom 6');
    await page.goto(`${srv.base}/?map=8/26.2/63.2`); // Kech
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction(() => document.querySelectorAll('path.tehsil-line').length > 0);
    const t = await page.$eval('path.tehsil-line', (p) => ({ stroke: p.getAttribute('stroke'), width: Number(p.getAttribute('stroke-width')), dash: p.getAttribute('stroke-dasharray') }));
    const d = await page.$eval('.leaflet-districts-pane path', (p) => ({ stroke: p.getAttribute('stroke'), width: Number(p.getAttribute('stroke-width')) }));
    assert.ok(t.width < d.width && t.dash, `tehsil ${JSON.stringify(t)}, district ${JSON.stringify(d)}`);
    assert.ok(contrast(t.stroke, BASE.balochistan) < contrast(d.stroke, BASE.balochistan), 'tehsil lines are lighter');
    await shot(page, 'tehsils-kech-z8');
    await page.goto(`${srv.base}/?map=10/30.2/67.0`); // Quetta
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.label-tehsil span')].some((s) => s.textContent === 'Quetta City'));
    // Closer in, where few places are named, the district the view is in is.
    await page.goto(`${srv.base}/?map=13/30.1900/67.0100`);
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.label-area span')].some((s) => s.textContent === 'Quetta district'));
    await shot(page, 'quetta-z13');
    await page.goto(`${srv.base}/?map=13/30.1900/67.0100&lang=ur`);
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForFunction(() => [...document.querySelectorAll('.label-area span')].some((s) => s.textContent === 'ضلع کوئٹہ'));
    await page.selectOption('#f-lang', 'en');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('dark mode follows the system; the toggle overrides it and is remembered', async () => {
    const page = await open(browser, srv.base, '/', { colorScheme: 'dark' });
    const theme = () => page.evaluate(() => document.documentElement.dataset.effectiveTheme);
    const seaFill = () => page.$eval('.leaflet-base-pane path', (p) => p.getAttribute('fill'));
    const bodyBg = () => page.evaluate(() => getComputedStyle(document.querySelector('.panel')).backgroundColor);
    assert.equal(await page.inputValue('#f-theme'), 'auto');
    assert.equal(await theme(), 'dark');
    assert.equal((await seaFill()).toLowerCase(), BASE_DARK.sea);
    assert.equal(await bodyBg(), 'rgb(31, 32, 35)');
    await page.waitForFunction(() => document.querySelectorAll('.label-town1').length > 0);
    await shot(page, 'dark');
    await page.selectOption('#f-theme', 'light');
    assert.equal(await theme(), 'light');
    assert.equal((await seaFill()).toLowerCase(), BASE.sea);
    assert.equal(await bodyBg(), 'rgb(255, 255, 255)');
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    assert.equal(await page.inputValue('#f-theme'), 'light', 'the choice is remembered');
    assert.equal(await theme(), 'light');
    await page.selectOption('#f-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await theme(), 'dark', 'a chosen dark stays dark under a light system');
    // Print is light whatever the theme.
    await page.selectOption('#f-theme', 'dark');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal((await seaFill()).toLowerCase(), BASE.sea);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(27, 27, 27)');
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    assert.equal((await seaFill()).toLowerCase(), BASE_DARK.sea);
    await page.selectOption('#f-theme', 'auto');
    assert.equal(await theme(), 'light');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  for (const scheme of ['light', 'dark']) {
    test(`every symbol keeps 3:1 against the fill under it, as drawn (${scheme}, with and without shading)`, async () => {
      for (const path of ['/', '/?choro=killed', '/?map=8/26.2/63.2&choro=incidents']) {
        const page = await open(browser, srv.base, path, { colorScheme: scheme });
        const cs = await symbolContrasts(page);
        assert.ok(cs.length >= 1, `symbols over a fill at ${path}`);
        const low = cs.filter((c) => !(c.ratio >= 3));
        assert.deepEqual(low, [], `${scheme} ${path}`);
        await page.close();
      }
    });
  }

  for (const [name, path] of [['dark map', '/'], ['dark details', '/?sel=seed-2025-07-10-zhob-bus-attack'], ['Urdu map', '/?lang=ur'],
    ['Urdu details, dark', '/?lang=ur&sel=seed-2025-07-10-zhob-bus-attack']]) {
    test(`axe-core finds no WCAG 2.2 AA violations (${name})`, async () => {
      const page = await open(browser, srv.base, path, { colorScheme: name.includes('dark') ? 'dark' : 'light' });
      if (path.includes('sel=')) await page.waitForSelector('#details:not([hidden]) .incident');
      assert.deepEqual(await axe(page), []);
      await page.close();
    });
  }

  // urduInLatinFont lists the shown elements whose own text has Arabic
  // script but whose font is not the shipped Noto Naskh Arabic: where the
  // system has no Urdu font (a bare Linux), such text shows empty boxes for
  // ے and ہ.
  const urduInLatinFont = (page) => page.evaluate(() => {
    const out = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = w.nextNode());) {
      const el = n.parentElement;
      if (!/\p{Script=Arabic}/u.test(n.data) || !el.getClientRects().length) continue;
      const ff = getComputedStyle(el).fontFamily;
      if (!/^"?Noto Naskh Arabic/.test(ff)) out.push(`${el.className}: ${ff}: ${n.data.slice(0, 40)}`);
    }
    return out;
  });

  test('Urdu: right to left, the interface and place names in Urdu, numbers and dates for the locale', async () => {
    const page = await open(browser, srv.base, '/?lang=ur');
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ur', 'rtl']);
    assert.equal((await page.textContent('#btn-embed')).trim(), 'ایمبیڈ');
    assert.equal(await page.getAttribute('#f-q', 'placeholder'), 'تربت، مستونگ کے قریب N-25، BLF، گھات');
    assert.equal(await page.inputValue('#f-lang'), 'ur');
    // Panels mirrored: the filters on the right of the map.
    const [panel, map] = await Promise.all(['#panel', '#map'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().x)));
    assert.ok(panel > map, `panel at ${panel}, map at ${map}`);
    // Town and district labels in Urdu where the gazetteer has them.
    await page.waitForFunction(() => [...document.querySelectorAll('.label-town1 span, .label-town2 span')].some((s) => s.textContent === 'کوئٹہ'));
    const districts = await page.$$eval('.district-label span', (ss) => ss.map((s) => [s.textContent, s.lang]));
    assert.ok(districts.some(([t, l]) => t === 'پنجگور' && l === 'ur'), JSON.stringify(districts));
    // Washuk is named after its headquarters town and takes the town's Urdu name.
    assert.ok(districts.some(([t, l]) => t === 'واشک' && l === 'ur'), JSON.stringify(districts));
    // A district without an Urdu name in the sources keeps its name, marked English.
    assert.ok(districts.some(([t, l]) => /^[A-Z]/.test(t) && l === 'en'), JSON.stringify(districts));
    // Status line and timeline in Urdu, numbers formatted by Intl.
    await page.waitForFunction(() => /نقشے پر/.test(document.getElementById('status').textContent));
    assert.match(await page.textContent('#tl-label'), /تمام تاریخیں/);
    // Every Urdu word on the page, the map's credits included, in the shipped font.
    assert.deepEqual(await urduInLatinFont(page), []);
    await shot(page, 'urdu');
    // Details: Urdu words, dates in Urdu months.
    await page.goto(`${srv.base}/?lang=ur&sel=seed-2025-07-10-zhob-bus-attack`);
    await page.waitForSelector('#details:not([hidden]) .incident');
    // The district's Urdu name comes with the districts, which may load after the details.
    await page.waitForFunction(() => /ضلع ژوب/.test(document.getElementById('details').textContent));
    const details = await page.textContent('#details');
    assert.match(details, /جولائی/);
    assert.match(details, /کس نے کیا کہا/);
    assert.match(details, /ضلع ژوب/);
    assert.deepEqual(await urduInLatinFont(page), []);
    const [det, mapX] = await Promise.all(['#details', '#map'].map((s) => page.$eval(s, (e) => { const r = e.getBoundingClientRect(); return r.x + r.width / 2; })));
    assert.ok(det < mapX, 'details panel on the left of the map in Urdu');
    await shot(page, 'urdu-details');
    // The switch: back to English, the choice kept in the URL and remembered.
    await page.selectOption('#f-lang', 'en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    assert.ok(!/[?&]lang=/.test(page.url()), page.url());
    assert.equal((await page.textContent('#btn-embed')).trim(), 'Embed');
    await page.selectOption('#f-lang', 'ur');
    await page.waitForFunction(() => /[?&]lang=ur/.test(location.search));
    await page.goto(srv.base + '/');
    await page.waitForSelector('body[data-ready="1"]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ur', 'the language is remembered');
    await page.selectOption('#f-lang', 'en');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  // Every interface string comes from the message table: on the Urdu page,
  // no English is left outside what the data itself says (names and text
  // of incidents, claimants, credits, Latin-only place names marked lang=en).
  test('Urdu: no interface string is left in English', async () => {
    const page = await open(browser, srv.base, '/?lang=ur&sel=seed-2025-07-10-zhob-bus-attack');
    await page.waitForSelector('#details:not([hidden]) .incident');
    await page.$eval('#districts-box', (d) => { d.open = true; });
    await page.click('#btn-feed');
    await page.waitForFunction(() => document.querySelectorAll('#feed-list li').length > 0);
    const english = await page.evaluate(() => {
      const skip = (e) => e.closest('[lang=en], #claimants, #compact-legend, .map-label, .leaflet-control-attribution, .feed-title, .feed-claims, .feed-sources a, .feed-source, .feed-where, ' +
        '.claims-table td.src, .claims-table th[scope=row], .claim-head, .claim-notes, .claim-source, .description, #details-title, .f-place, .meta, script, style, textarea');
      const allowed = ['incidentmap', 'BLF', 'API', 'verified', 'confirmed', 'Enter', 'Tab', 'QGIS', 'GeoJSON', 'CSV', 'png'];
      const out = [];
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.parentElement || skip(n.parentElement)) continue;
        const words = (n.textContent.match(/[A-Za-z]{3,}/g) || [])
          .filter((w) => !allowed.includes(w));
        if (words.length) out.push(`${n.parentElement.tagName}#${n.parentElement.id || ''}.${n.parentElement.className}: ${n.textContent.trim().slice(0, 60)}`);
      }
      for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
        if (skip(e)) continue;
        for (const a of ['aria-label', 'title', 'placeholder']) {
          const v = e.getAttribute(a);
          if (v && (v.match(/[A-Za-z]{3,}/g) || []).some((w) => !allowed.includes(w)) && !e.classList.contains('leaflet-marker-icon')) out.push(`${e.tagName}#${e.id} ${a}: ${v.slice(0, 60)}`);
        }
      }
      return out;
    });
    assert.deepEqual(english, []);
    // The map's credits name their sources in Urdu words (the names and
    // licences as they are).
    const credits = await page.$eval('.leaflet-control-attribution', (e) => e.textContent);
    for (const w of ['حدود', 'ایران، افغانستان', 'مقامات', 'سمندر، ممالک، دریا، پہاڑی سلسلے', 'OCHA COD-AB', 'GeoNames', 'Natural Earth']) assert.ok(credits.includes(w), `${w} not in the credits: ${credits}`);
    assert.ok(!/Boundaries|Places|Sea, countries/.test(credits), credits);
    // The map's labels of countries, seas, ranges and deserts are Urdu too
    // (Natural Earth's name_ur), and so are those of the provinces around
    // Balochistan (its admin-1 name_ur, without the word for province); a
    // label left in Latin script is marked English and is a name the table
    // lacks (Daykundi, Panjshir).
    const labels = await page.$$eval('.label-country span, .label-sea span, .label-region span, .label-province span, .label-peak span',
      (ss) => ss.map((s) => ({ kind: s.parentElement.className.match(/label-(country|sea|region|province|peak)\b/)[1], text: s.textContent, lang: s.lang })));
    const urdu = (l) => l.lang === 'ur' && /^[\p{Script=Arabic} /]+$/u.test(l.text);
    for (const kind of ['country', 'sea']) {
      const ls = labels.filter((l) => l.kind === kind);
      assert.ok(ls.length > 0 && ls.every(urdu), `${kind} labels: ${JSON.stringify(ls)}`);
    }
    assert.ok(labels.some((l) => l.text === 'ایران') && labels.some((l) => l.text === 'بحیرہ عرب / خلیج عمان'), JSON.stringify(labels));
    assert.ok(labels.filter((l) => l.kind === 'region').some(urdu), JSON.stringify(labels));
    const provinces = labels.filter((l) => l.kind === 'province');
    assert.ok(provinces.some((l) => urdu(l) && l.text === 'سندھ'), `Sindh not drawn as سندھ: ${JSON.stringify(provinces)}`);
    assert.ok(provinces.some((l) => urdu(l) && l.text === 'سیستان و بلوچستان'), `Sistan and Baluchestan not drawn in Urdu: ${JSON.stringify(provinces)}`);
    for (const l of provinces) {
      assert.ok(urdu(l) || (l.lang === 'en' && ['Daykundi', 'Panjshir'].includes(l.text)), JSON.stringify(l));
      assert.ok(!/^صوبہ|صوبہ$/.test(l.text), `the word for province kept: ${l.text}`);
    }
    // Peaks and passes too (Natural Earth's elevation points, labelled from
    // zoom 7): Ras Koh, west of Quetta.
    const near = await open(browser, srv.base, '/?lang=ur&map=8/28.83/65.18');
    const peaks = await near.$$eval('.label-peak span', (ss) => ss.map((s) => ({ text: s.textContent, lang: s.lang })));
    assert.ok(peaks.some((l) => urdu(l) && l.text === 'راس کوہ'), `Ras Koh not drawn as راس کوہ: ${JSON.stringify(peaks)}`);
    await near.close();
    // Tehsils (named from zoom 9) in Urdu where the gazetteer has it:
    // Mastung, at its label point.
    const mastung = await page.evaluate(async () => (await (await fetch('/api/basemap')).json()).features
      .find((f) => f.properties.layer === 'tehsil_name' && f.properties.name === 'Mastung'));
    assert.equal(mastung.properties.name_ur, 'مستونگ');
    const [lon, lat] = mastung.geometry.coordinates;
    const close = await open(browser, srv.base, `/?lang=ur&map=9/${lat}/${lon}`);
    await close.waitForSelector('.label-tehsil span');
    const tehsils = await close.$$eval('.label-tehsil span', (ss) => ss.map((s) => ({ text: s.textContent, lang: s.lang })));
    assert.ok(tehsils.some((l) => urdu(l) && l.text === 'مستونگ'), `Mastung tehsil not drawn as مستونگ: ${JSON.stringify(tehsils)}`);
    await close.close();
    // The Latin forms (as basemap.js writes them) of every name the served
    // basemap has in Urdu: none of them may be drawn in Latin script.
    const named = await page.evaluate(async () => {
      const fc = await (await fetch('/api/basemap')).json();
      const tidy = (s) => s.replace(/\bRa\.$/, 'Range').replace(/\bMts \.?$/, 'Mountains').replace(/\bMts\.$/, 'Mountains');
      return fc.features.filter((f) => f.properties.name_ur).flatMap((f) => [tidy(f.properties.name), tidy(f.properties.name).toUpperCase()]);
    });
    assert.ok(named.includes('KIRTHAR RANGE') && named.includes('Arabian Sea / Gulf of Oman'), JSON.stringify(named));
    for (const l of labels) assert.ok(urdu(l) || (l.lang === 'en' && !named.includes(l.text)), JSON.stringify(l));
    await page.selectOption('#f-lang', 'en');
    const inEnglish = await page.$eval('.leaflet-control-attribution', (e) => e.textContent);
    assert.ok(inEnglish.includes('Boundaries: OCHA COD-AB') && inEnglish.includes('Places: GeoNames') && !inEnglish.includes('مقامات'), inEnglish);
    await page.close();
  });

  // A snapshot of the Urdu page speaks Urdu: every string it draws is
  // listed with its role (data-snapshot-text), so the test reads what was
  // drawn, not pixels; the PNG is kept for a look.
  test('Urdu and dark: a snapshot in Urdu (light, Urdu words right to left, no English word)', async () => {
    const page = await open(browser, srv.base, '/?lang=ur', { colorScheme: 'dark' });
    await page.waitForFunction(() => [...document.querySelectorAll('.map-label span[lang=ur]')].length > 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-snapshot')]);
    assert.equal(download.suggestedFilename(), 'incidentmap.png');
    await page.waitForFunction(() => /محفوظ/.test(document.getElementById('status').textContent));
    await download.saveAs(`${SHOTS}snapshot-urdu-dark.png`);
    const words = JSON.parse(await page.$eval('#status', (e) => e.dataset.snapshotText));
    const legend = (await page.$eval('#status', (e) => e.dataset.snapshotLegend)).split(',');
    const latinOnScreen = new Set(await page.$$eval('.map-label span[lang=en]', (ss) => ss.map((s) => s.textContent)));
    const mapW = await page.$eval('#map', (m) => m.clientWidth);
    const latin = /[A-Za-z]/;
    const byRole = (r) => words.filter((w) => w.role === r);
    // The interface's words: Urdu only (the product's name kept).
    for (const w of byRole('ui')) {
      assert.ok(!latin.test(withoutNames(w.text)), `English in the snapshot: ${w.text}`);
      assert.match(w.text, /\p{Script=Arabic}/u, w.text);
    }
    // The credits: Urdu words around the sources' own names.
    const credits = byRole('credits').map((w) => w.text).join(' ');
    assert.match(credits, /انتظامی حدود/);
    assert.ok(!latin.test(withoutNames(credits)), `English in the credits: ${withoutNames(credits)}`);
    // Place names as on screen: Urdu, or a Latin name the map also shows in Latin.
    const labels = byRole('label');
    assert.ok(labels.filter((w) => w.lang === 'ur').length > 3, JSON.stringify(labels));
    for (const w of labels) {
      if (w.lang === 'ur') assert.match(w.text, /\p{Script=Arabic}/u, w.text);
      else assert.ok(latinOnScreen.has(w.text), `a Latin label not on screen: ${w.text}`);
    }
    // Claimants by their ids, numbers without letters, the permalink.
    for (const w of byRole('id')) assert.ok(legend.includes(w.text), w.text);
    for (const w of byRole('num')) assert.ok(!latin.test(w.text), `a number with letters: ${w.text}`);
    assert.deepEqual(byRole('url').map((w) => w.text.startsWith(srv.base)), [true]);
    assert.deepEqual([...new Set(words.map((w) => w.role))].filter((r) => !['ui', 'credits', 'label', 'id', 'num', 'url'].includes(r)), []);
    // The words themselves: the title, the scale in kilometres, the day by Intl.
    const ui = byRole('ui').map((w) => w.text);
    assert.ok(ui.includes('incidentmap: بلوچستان میں تنازع کے واقعات'), ui.join(' | '));
    assert.ok(ui.some((u) => /^[\d,]+ کلومیٹر$/.test(u)), ui.join(' | '));
    assert.ok(ui.some((u) => /^تاریخیں/.test(u)) || ui.some((u) => /تمام/.test(u)), ui.join(' | '));
    const today = new Intl.DateTimeFormat('ur-PK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    assert.ok(ui.includes(today), `the day, ${today}: ${ui.join(' | ')}`);
    // Right to left: the title, the legend and the scale bar on the right.
    const title = words.find((w) => w.text.startsWith('incidentmap:'));
    assert.equal(title.x, mapW - 20);
    assert.ok(byRole('id').every((w) => w.x > mapW / 2), JSON.stringify(byRole('id')));
    assert.ok(words.find((w) => /کلومیٹر/.test(w.text)).x > mapW / 2);
    assert.deepEqual(page.errors, []);
    await page.selectOption('#f-lang', 'en');
    await page.close();
  });

  // The timeline's month menus speak the page's language (an <input
  // type=month> follows the browser's locale, English here), and picking a
  // month filters the map as the sliders do.
  test('Urdu: the timeline\'s month menus show Urdu month names and filter the map', async () => {
    const page = await open(browser, srv.base, '/?lang=ur');
    const names = await page.$$eval('#tl-from-month option', (os) => os.map((o) => o.textContent));
    assert.equal(names.length, 12);
    assert.equal(names[0], 'جنوری');
    assert.ok(names.every((n) => /^[\u0600-\u06FF ]+$/.test(n)), `Urdu month names: ${names}`);
    // The first month of the data is chosen, named in Urdu.
    const first = await page.evaluate(() => [document.getElementById('tl-from-month').value, document.querySelector('#tl-from-month option:checked').textContent]);
    assert.equal(first[1], names[Number(first[0]) - 1]);
    assert.ok(Number(first[0]) < 7, `first month ${first}`);
    assert.equal(await page.$eval('#tl-from-year option:checked', (o) => o.textContent), new Intl.NumberFormat('ur-PK', { useGrouping: false }).format(2025));
    // Each menu is named: the group says which end, the menu month or year.
    assert.deepEqual(await page.$$eval('.tl-month select', (ss) => ss.map((s) => s.getAttribute('aria-label'))), ['مہینہ', 'سال', 'مہینہ', 'سال']);
    assert.equal(await page.$eval('#tl-from-l', (e) => e.textContent), 'از');
    const before = await page.$eval('#total', (e) => Number(e.dataset.total));
    // The last month set to June leaves out July's incidents.
    await page.selectOption('#tl-to-month', '06');
    await page.waitForFunction(() => /to=2025-06-30/.test(location.search));
    await page.waitForFunction((n) => Number(document.getElementById('total').dataset.total) < n, before);
    assert.match(await page.textContent('#tl-label'), /جون/);
    assert.equal(await page.$eval('#tl-to-month option:checked', (o) => o.textContent), 'جون');
    assert.equal(await page.inputValue('#tl-to'), await page.inputValue('#tl-from'), 'the sliders follow the menus');
    await shot(page, 'urdu-timeline-months');
    assert.deepEqual(page.errors, []);
    await page.selectOption('#f-lang', 'en');
    await page.close();
  });

  test('Urdu: searching in Urdu script finds the place and shows its Urdu name', async () => {
    const page = await open(browser, srv.base, '/?lang=ur');
    await page.fill('#f-q', 'تربت');
    await page.waitForSelector('#f-q-list:not([hidden]) li[data-kind="place"]');
    const first = await page.$eval('#f-q-list li[data-kind="place"] .label', (e) => e.textContent);
    assert.equal(first, 'تُربت');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('status').dataset.place);
    const view = await page.evaluate(() => new URLSearchParams(location.search).get('map'));
    const [, lat, lon] = view.split('/').map(Number);
    assert.ok(Math.abs(lat - 26.0) < 0.2 && Math.abs(lon - 63.05) < 0.2, `map moved to Turbat: ${view}`);
    await page.selectOption('#f-lang', 'en');
    await page.close();
  });

  for (const [name, query, scheme] of [['phone-dark', '/', 'dark'], ['phone-urdu', '/?lang=ur', 'light'], ['phone-urdu-dark', '/?lang=ur', 'dark']]) {
    test(`a phone screen (${name})`, async () => {
      const page = await open(browser, srv.base, query, { width: 390, height: 844, colorScheme: scheme });
      // The header stays one row high enough to leave the map most of the screen.
      const mapH = await page.$eval('#map', (e) => e.getBoundingClientRect().height);
      assert.ok(mapH > 844 * 0.5, `map height ${mapH}`);
      await shot(page, name);
      await page.click('#panel-toggle');
      assert.equal(await page.isVisible('#panel'), true);
      await shot(page, `${name}-panel`);
      assert.deepEqual(page.errors, []);
      await page.evaluate(() => localStorage.clear());
      await page.close();
    });
  }
});

describe('the online background', () => {
  let tiles; // a tiny tile server: one PNG for every tile
  let tileRequests = 0;
  let good;
  let dead;
  let browser;
  // A 1x1 PNG, light green.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO4+/8/AAXdAv6Xg/TgAAAAAElFTkSuQmCC', 'base64');

  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    tiles = createServer((req, res) => {
      if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url)) {
        res.writeHead(404).end();
        return;
      }
      tileRequests++;
      res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' }).end(PNG);
    });
    await new Promise((r) => tiles.listen(0, '127.0.0.1', r));
    const closed = await freePort(); // nothing listens there
    good = await start({ extraArgs: ['--tiles-url', `http://127.0.0.1:${tiles.address().port}/{z}/{x}/{y}.png`, '--tiles-attribution', '© Test tiles'] });
    dead = await start({ extraArgs: ['--tiles-url', `http://127.0.0.1:${closed}/{z}/{x}/{y}.png`, '--tiles-attribution', '© Unreachable tiles'] });
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    for (const s of [good, dead]) if (s) await s.stop();
    if (tiles) await new Promise((r) => tiles.close(r));
  });

  test('off when not configured: no box, and ?osm=1 loads nothing from outside', async () => {
    const srv = await start();
    try {
      const page = await browser.context.newPage();
      const outside = [];
      page.on('request', (r) => { if (!r.url().startsWith(srv.base) && !/^(data|blob):/.test(r.url())) outside.push(r.url()); });
      await page.goto(`${srv.base}/?osm=1`);
      await page.waitForSelector('body[data-ready="1"]');
      assert.equal(await page.isVisible('#online-box'), false);
      assert.equal(await page.$$eval('.leaflet-tile', (ts) => ts.length), 0);
      assert.deepEqual(outside, []);
      await page.close();
    } finally {
      await srv.stop();
    }
  });

  test('a tile server that cannot be reached: a polite message, the offline basemap stays', async () => {
    const page = await open(browser, dead.base, '/');
    const res = await page.request.get(dead.base + '/');
    assert.match(res.headers()['content-security-policy'], /img-src 'self' data: blob: http:\/\/127\.0\.0\.1:\d+;/);
    assert.equal(await page.isVisible('#online-box'), true);
    assert.match(await page.textContent('#online-label'), /Unreachable tiles/);
    await page.check('#f-osm');
    await page.waitForFunction(() => document.getElementById('osm-error').textContent.length > 0, null, { timeout: 15000 });
    assert.equal(await page.getAttribute('#osm-error', 'role'), 'status');
    assert.match(await page.textContent('#osm-error'), /cannot load.*offline basemap/s);
    assert.equal(await page.isVisible('#osm-error'), true);
    assert.ok(await page.$$eval('.label-country', (ls) => ls.length) > 0, 'the offline basemap stays');
    assert.match(page.url(), /osm=1/);
    await shot(page, 'tiles-unreachable');
    // In Urdu too.
    await page.selectOption('#f-lang', 'ur');
    await page.waitForFunction(() => /آن لائن/.test(document.getElementById('osm-error').textContent));
    await page.selectOption('#f-lang', 'en');
    await page.uncheck('#f-osm');
    assert.equal(await page.isVisible('#osm-error'), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a tile server that answers: tiles drawn over the offline basemap, with its credit', async () => {
    const page = await open(browser, good.base, '/?osm=1');
    await page.waitForFunction(() => document.querySelectorAll('img.leaflet-tile.leaflet-tile-loaded').length > 0, null, { timeout: 15000 });
    assert.ok(tileRequests > 0, 'the tile server was asked');
    assert.equal(await page.textContent('#osm-error'), '');
    assert.match(await page.textContent('.leaflet-control-attribution'), /© Test tiles/);
    // Districts become outlines with a light wash over the background.
    const op = await page.$eval('.leaflet-districts-pane path', (p) => Number(p.getAttribute('fill-opacity')));
    assert.ok(op < 0.5, `district fill opacity ${op}`);
    await shot(page, 'tiles-online');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
