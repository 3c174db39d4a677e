// "Confirmed only" means confirmed figures (issue 18): in the seed data the
// Zhob bus attack is claimed by BLF (unverified) and confirmed by the
// government; under "Confirmed only" it counts for the government, not BLF,
// and the legend says what the option means in words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SHOTS, openMap, serverAndBrowser } from './suite.mjs';

let srv;
let browser;

const openPage = (path) => openMap(browser, srv.base + path);

const total = (page) => page.$eval('#total', (e) => Number(e.dataset.total));
const count = (page, id) => page.$eval(`#claimants li[data-claimant="${id}"] .count`, (e) => Number(e.textContent.replace(/,/g, '')));

describe('confirmed figures only', () => {
  serverAndBrowser((s, b) => { srv = s; browser = b; });

  test('an incident confirmed by another party no longer counts for a claimant whose own claim is unverified', async () => {
    const page = await openPage('/');
    const all = await total(page);
    const blfAll = await count(page, 'BLF');
    assert.ok(blfAll >= 1, `BLF has incidents: ${blfAll}`);
    assert.equal(await page.isVisible('#verified-note'), false);

    await page.check('input[name=status][value="verified"]');
    await page.waitForFunction(() => /[?&]verified=confirmed/.test(location.search));
    await page.waitForFunction((n) => Number(document.getElementById('total').dataset.total) < n, all);
    await page.waitForLoadState('networkidle');
    assert.ok(!/[?&]status=/.test(page.url()), page.url());

    // The API's own answer is the reference for every figure on the page.
    const api = await page.evaluate(async () => (await fetch('/api/claimants?verified=confirmed')).json());
    const ref = Object.fromEntries(api.map((a) => [a.id, a.count]));
    assert.equal(ref.BLF, 0, 'BLF has no confirmed claim in the seed');
    assert.ok(ref.government >= 1, `the government's confirmed claims: ${ref.government}`);
    assert.equal(await count(page, 'government'), ref.government);
    assert.equal(await count(page, 'BLF'), 0);
    assert.equal(await total(page), (await page.evaluate(async () =>
      (await fetch('/api/incidents?verified=confirmed&limit=1')).json())).numberMatched);

    // The legend says what the option means, in words.
    assert.equal(await page.isVisible('#verified-note'), true);
    assert.match(await page.textContent('#verified-note'), /confirmed by another party or independently verified/);
    assert.match(await page.textContent('#confirmed-hint'), /own claim is confirmed/);

    // Only BLF ticked: nothing, although the incident it claims was confirmed by someone else.
    await page.click('#claimants-none');
    await page.waitForFunction(() => /[?&]claimant=(&|$)/.test(location.search));
    await page.goto(srv.base + '/?verified=confirmed&claimant=BLF');
    await page.waitForSelector('body[data-ready="1"]');
    await page.waitForLoadState('networkidle');
    assert.equal(await total(page), 0);
    assert.equal(await page.isChecked('input[name=status][value="verified"]'), true);

    // Downloads carry the filter and hold only confirmed claims.
    await page.goto(srv.base + '/?verified=confirmed');
    await page.waitForSelector('body[data-ready="1"]');
    await page.click('#btn-download');
    const href = await page.getAttribute('#dl-geojson', 'href');
    assert.match(href, /verified=confirmed/);
    const fc = await page.evaluate(async (u) => (await fetch(u)).json(), href);
    assert.ok(fc.features.length >= 1);
    for (const f of fc.features) {
      for (const c of f.properties.claims) assert.ok(['confirmed', 'independent'].includes(c.status), `${f.id}: ${c.actor} ${c.status}`);
      assert.ok(!f.properties.claimants.includes('BLF'), `${f.id} lists BLF`);
    }
    await page.keyboard.press('Escape');
    await page.screenshot({ path: `${SHOTS}confirmed-only.png` });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('the embed caption says confirmed figures only', async () => {
    const page = await openPage('/embed?verified=confirmed');
    assert.match(await page.textContent('#embed-caption'), /confirmed figures only/);
    assert.match(await page.textContent('#compact-legend'), /Confirmed figures only/);
    await page.close();
  });
});
