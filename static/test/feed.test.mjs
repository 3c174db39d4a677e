// The incident feed (issue 18): the incidents in view under the filters,
// dated, with claims, figures and sources, in step with the map both ways,
// usable with the keyboard, and a sheet on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axe } from './axe.mjs';
import { SHOTS, openMap, serverAndBrowser } from './suite.mjs';

const ZHOB = 'seed-2025-07-10-zhob-bus-attack';
let srv;
let browser;

const openPage = (path = '/', { width = 1440, height = 900 } = {}) => openMap(browser, srv.base + path, { width, height });

const feedIds = (page) => page.$$eval('#feed-list .feed-item', (es) => es.map((e) => e.dataset.id));
const inView = (page) => page.$eval('#status', (e) => Number(e.dataset.inview));
// waitFeed waits for the feed to list as many incidents as the map counts in view.
const waitFeed = (page) => page.waitForFunction(() => !document.getElementById('feed').hasAttribute('aria-busy') &&
  Number(document.getElementById('feed').dataset.shown) === Number(document.getElementById('status').dataset.inview));

describe('incident feed', () => {
  serverAndBrowser((s, b) => { srv = s; browser = b; });

  test('lists the incidents in view, dated, newest first, with claims, figures and sources', async () => {
    const page = await openPage('/');
    assert.equal(await page.isVisible('#feed'), true, 'open beside the map on a wide screen');
    await waitFeed(page);
    const ids = await feedIds(page);
    assert.equal(ids.length, await inView(page));
    const dates = await page.$$eval('#feed-list .feed-item time', (ts) => ts.map((t) => t.getAttribute('datetime')));
    assert.equal(dates.length, ids.length);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    assert.ok((await page.$$eval('#feed-list h3', (hs) => hs.map((h) => h.textContent))).includes('July 2025'));
    const zhob = await page.textContent(`.feed-item[data-id="${ZHOB}"]`);
    assert.match(zhob, /10 July 2025/);
    assert.match(zhob, /government says 9 civilians killed \(confirmed by another party\)/);
    assert.match(zhob, /BLF claims responsibility, no figures \(unverified\)/);
    assert.match(zhob, /9 killed/);
    assert.match(zhob, /Sources: /);
    assert.match(await page.textContent('#feed-status'), new RegExp(`^${ids.length} incidents in view`));
    await page.screenshot({ path: `${SHOTS}feed-desktop.png` });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('selecting in the feed opens the incident and marks it on the map', async () => {
    const page = await openPage('/');
    await waitFeed(page);
    await page.click(`.feed-item[data-id="${ZHOB}"] .feed-title`);
    await page.waitForFunction((id) => new URLSearchParams(location.search).get('sel') === id, ZHOB);
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.match(await page.textContent('#details-title'), /Zhob/);
    assert.equal(await page.getAttribute(`.feed-item[data-id="${ZHOB}"] .feed-title`, 'aria-current'), 'true');
    // The pin sits on the incident's own symbol.
    const pin = await page.$eval('.feed-pin.selected', (e) => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
    const sym = await page.$eval(`.leaflet-marker-icon[data-id="${ZHOB}"]`, (e) => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
    assert.ok(Math.hypot(pin[0] - sym[0], pin[1] - sym[1]) < 3, `pin at ${pin}, symbol at ${sym}`);
    assert.ok(await page.$eval(`.leaflet-marker-icon[data-id="${ZHOB}"]`, (e) => e.classList.contains('selected')));
    // Hovering another entry pins that one; leaving puts the pin back on the selection.
    const other = (await feedIds(page)).find((id) => id !== ZHOB);
    await page.hover(`.feed-item[data-id="${other}"]`);
    assert.equal(await page.$$eval('.feed-pin:not(.selected)', (es) => es.length), 1);
    await page.mouse.move(5, 400);
    assert.equal(await page.$$eval('.feed-pin.selected', (es) => es.length), 1);
    await page.close();
  });

  test('selecting on the map marks the entry and scrolls to it', async () => {
    const page = await openPage('/', { width: 1440, height: 500 });
    await waitFeed(page);
    const ids = await feedIds(page);
    const last = ids.at(-1);
    const scrolledBefore = await page.$eval('#feed', (e) => e.scrollTop);
    await page.$eval(`.leaflet-marker-icon[data-id="${last}"]`, (e) => e.click());
    await page.waitForFunction((id) => document.querySelector(`.feed-item[data-id="${id}"]`).classList.contains('selected'), last);
    const visible = await page.$eval(`.feed-item[data-id="${last}"]`, (li) => {
      const f = document.getElementById('feed').getBoundingClientRect();
      const r = li.getBoundingClientRect();
      return r.top >= f.top - 1 && r.bottom <= f.bottom + 1;
    });
    assert.ok(visible, 'the selected entry is scrolled into the feed');
    assert.ok(await page.$eval('#feed', (e) => e.scrollTop) > scrolledBefore, 'the feed scrolled');
    assert.equal((await page.$$('#feed-list .feed-item.selected')).length, 1);
    await page.close();
  });

  test('keyboard: arrow keys move through the feed, Enter opens', async () => {
    const page = await openPage('/');
    await waitFeed(page);
    const ids = await feedIds(page);
    await page.focus('#feed-list .feed-title');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.feed-item').dataset.id), ids[1]);
    await page.keyboard.press('End');
    assert.equal(await page.evaluate(() => document.activeElement.closest('.feed-item').dataset.id), ids.at(-1));
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => new URLSearchParams(location.search).get('sel') === id, ids[1]);
    await page.close();
  });

  test('the feed follows the filters and the view', async () => {
    const page = await openPage('/');
    await waitFeed(page);
    const all = await feedIds(page);
    await page.uncheck('#claimants li[data-claimant="BLF"] input');
    await page.waitForFunction((n) => Number(document.getElementById('feed').dataset.shown) < n, all.length);
    await waitFeed(page);
    const noBLF = await page.$$eval('#feed-list .feed-item', (es) => es.map((e) => e.textContent));
    assert.ok(noBLF.length >= 1 && noBLF.length < all.length, `${noBLF.length} of ${all.length}`);
    // Zoom into Kharan: only what is in view.
    await page.check('#claimants li[data-claimant="BLF"] input');
    await waitFeed(page);
    await page.$eval('#districts-box', (d) => { d.open = true; });
    await page.click('#districts tr[data-district="kharan"] button');
    await page.waitForTimeout(400);
    await page.waitForLoadState('networkidle');
    await waitFeed(page);
    const kharan = await feedIds(page);
    assert.ok(kharan.length >= 1 && kharan.length < all.length, `Kharan view: ${kharan}`);
    await page.close();
  });

  test('axe-core: no WCAG 2.2 AA violations with the feed open and an entry selected', async () => {
    const page = await openPage(`/?sel=${ZHOB}`);
    await waitFeed(page);
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.deepEqual(await axe(page), []);
    await page.close();
  });

  test('phone: the feed is a sheet that gives way to the details, the incident kept in sight', async () => {
    const page = await openPage('/', { width: 390, height: 844 });
    assert.equal(await page.isVisible('#feed'), false, 'closed at first on a phone');
    await page.click('#btn-feed');
    assert.equal(await page.getAttribute('#btn-feed', 'aria-expanded'), 'true');
    await waitFeed(page);
    const sheet = await page.$eval('#feed', (e) => e.getBoundingClientRect().height);
    assert.ok(sheet > 300 && sheet < 844 * 0.7, `sheet height ${sheet}`);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: `${SHOTS}feed-phone.png` });
    await page.click(`.feed-item[data-id="${ZHOB}"] .feed-title`);
    await page.waitForSelector('#details:not([hidden]) .incident');
    assert.equal(await page.isVisible('#feed'), false);
    const pin = await page.$eval('.feed-pin.selected', (e) => e.getBoundingClientRect().top);
    const details = await page.$eval('#details', (e) => e.getBoundingClientRect().top);
    assert.ok(pin < details, `the pin (${pin}) is above the details sheet (${details})`);
    await page.screenshot({ path: `${SHOTS}feed-phone-selected.png` });
    // Escape in the sheet closes it and gives the focus back to its button.
    await page.click('#details-close');
    await page.click('#btn-feed');
    await waitFeed(page);
    await page.focus('#feed-list .feed-title');
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#feed'), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'btn-feed');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
