// End-to-end tests of the editorial desk (/desk) in Chromium against the real
// binary: sign in, a report's text to a corrected draft, approval, the draft
// on the public map, an edit, its diff, restores; hostile text in every
// field stays text; axe-core on the desk's views.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { axe } from './axe.mjs';
import { launch } from './browser.mjs';
import { run, start } from './server.mjs';

const SHOTS = new URL('../test-results/', import.meta.url).pathname;

// An invented report, written for this test: no real event.
const ARTICLE = `TURBAT, 14 March 2026: Gunmen attacked a Levies checkpoint on the outskirts of Turbat in Kech district on Friday night, officials said.
Three Levies personnel were killed and two were injured in the attack, a district administration official told reporters on Saturday.
The Balochistan Liberation Front claimed responsibility for the attack in a statement, saying its fighters had killed seven personnel.`;

const HOSTILE = '<img src=x onerror="window.__pwned=1">\u202Egnp.exe<script>window.__pwned=2</script>';

let srv;
let browser;
let publisher;
let admin;
let editor;

function secretOf(out) {
  return JSON.parse(out).token;
}

async function openDesk() {
  await browser.context.clearCookies(); // each test signs in afresh
  const page = await browser.context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(`${srv.base}/desk`);
  return page;
}

async function signIn(page, token) {
  await page.waitForSelector('#signin:not([hidden])');
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#desk:not([hidden])');
}

async function statusText(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('desk-status').textContent), re.source);
  return page.textContent('#desk-status');
}

async function inert(page) {
  assert.deepEqual(page.dialogs, [], 'a dialog opened');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'hostile script ran');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src])').length), 0, 'hostile markup became elements');
  assert.deepEqual(page.errors, []);
}

describe('the editorial desk against the real server', () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    srv = await start({
      before: async ({ db }) => {
        publisher = secretOf(await run(['token', 'create', '--db', db, '--name', 'Desk Publisher', '--role', 'publisher', '--json']));
        admin = secretOf(await run(['token', 'create', '--db', db, '--name', 'Desk Admin', '--role', 'admin', '--json']));
        editor = secretOf(await run(['token', 'create', '--db', db, '--name', 'Desk Editor', '--role', 'editor', '--json']));
      },
    });
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });

  test('sign-in: a wrong token is refused; the session cookie is not readable by the page', async () => {
    const page = await openDesk();
    await page.waitForSelector('#signin:not([hidden])');
    await page.fill('#token', 'imt_not-a-token');
    await page.click('#signin-form button[type=submit]');
    await page.waitForFunction(() => /Sign-in failed/.test(document.getElementById('signin-error').textContent));
    assert.deepEqual(await axe(page), []);
    await signIn(page, editor);
    assert.match(await page.textContent('#whoami'), /Desk Editor \(editor\)/);
    assert.equal(await page.evaluate(() => document.cookie), '', 'the session cookie is HttpOnly');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    const cookies = await browser.context.cookies(srv.base);
    const c = cookies.find((x) => x.name === 'incidentmap_session');
    assert.ok(c && c.httpOnly && c.sameSite === 'Strict', JSON.stringify(cookies));
    // An editor cannot approve or manage tokens: the desk offers neither.
    assert.equal(await page.isVisible('#tab-tokens'), false);
    const made = await fetch(`${srv.base}/api/incidents`, {
      method: 'POST', headers: { Authorization: `Bearer ${editor}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'desk-editor-draft', title: 'A draft by the editor', date: '2026-01-05', type: 'protest',
        location: { lon: 66.99, lat: 30.19, precision: 'town' }, claims: [] }),
    });
    assert.equal(made.status, 201, await made.text());
    await page.click('[data-view="queue"]');
    const mine = page.locator('.qitem[data-id="desk-editor-draft"]');
    await mine.waitFor();
    assert.equal(await mine.locator('[data-action="edit"]').count(), 1);
    assert.equal(await mine.locator('[data-action="approve"]').count(), 0);
    assert.match(await mine.textContent(), /no claims/);
    await page.click('#signout');
    await page.waitForSelector('#signin:not([hidden])');
    await page.close();
  });

  test('the whole flow: report, correct, approve, public map, edit, diff, restore', async () => {
    const page = await openDesk();
    await signIn(page, publisher);
    await page.click('[data-view="report"]');
    await page.fill('[data-role="report-input"]', ARTICLE);
    await page.fill('[data-role="report-published"]', '2026-03-15');
    await page.click('[data-role="extract"]');
    await page.waitForSelector('[data-role="candidate-box"]');
    const fields = await page.$$eval('[data-role="candidate-box"] mark', (ms) => ms.map((m) => m.dataset.field));
    assert.ok(fields.includes('place') && fields.some((f) => /killed/.test(f)), `evidence marked: ${fields}`);
    const marked = await page.$$eval('[data-role="candidate-box"] mark', (ms) => ms.map((m) => m.lastChild.textContent));
    for (const m of marked) assert.ok(ARTICLE.includes(m), `marked text ${m} is from the article`);
    await page.click('[data-role="use-candidate"]');
    await page.waitForSelector('[data-role="title"]');
    const id = await page.inputValue('[data-role="id"]');
    assert.ok(id, 'the draft has an id');
    // Correct: a better title, and the official figure confirmed.
    await page.fill('[data-role="title"]', 'Levies checkpoint attacked on the outskirts of Turbat');
    const before = await page.textContent('[data-role="killed"]');
    const claims = await page.$$('[data-role="claim"]');
    assert.ok(claims.length >= 1);
    await page.click('[data-role="add-claim"]');
    const last = page.locator('[data-role="claim"]').last();
    await last.locator('[data-role="actor"]').selectOption('Levies');
    await last.locator('[data-role="kind"]').selectOption('official_statement');
    await last.locator('[data-role="status"]').selectOption('confirmed');
    await last.locator('[data-role="source-name"]').fill('District administration');
    await last.locator('[data-role="source-url"]').fill('https://example.org/turbat-checkpoint');
    await last.getByRole('button', { name: 'Add figure' }).click();
    await last.locator('[data-role="fig-group"]').selectOption('security_forces');
    // The derived figures follow every keystroke: a confirmed figure
    // outranks the unverified claims.
    await last.locator('[data-role="fig-low"]').fill('1');
    await page.waitForFunction(() => /low 1, best 1,/.test(document.querySelector('[data-role="killed"]').textContent));
    assert.notEqual(await page.textContent('[data-role="killed"]'), before);
    await last.locator('[data-role="fig-low"]').fill('3');
    await page.waitForFunction(() => /low 3, best 3,/.test(document.querySelector('[data-role="killed"]').textContent));
    const live = await page.textContent('[data-role="killed"]');
    assert.deepEqual(await axe(page), [], 'the report with its evidence and the draft form');
    await page.click('[data-role="save"]');
    await statusText(page, /as a draft/);
    await shot(page, 'desk-report');

    // Not public before approval: answers as an unknown id.
    const pub = await fetch(`${srv.base}/api/incidents/${encodeURIComponent(id)}`);
    const unknown = await fetch(`${srv.base}/api/incidents/never-was-an-id`);
    assert.equal(pub.status, 404);
    assert.equal(await pub.text(), await unknown.text());

    // The queue lists it, with what is doubtful; approve it.
    await page.click('[data-view="queue"]');
    const item = page.locator(`.qitem[data-id="${id}"]`);
    await item.waitFor();
    assert.match(await item.textContent(), /extracted from text/);
    await item.locator('[data-action="approve"]').click();
    await statusText(page, /Approve/);
    const feature = await (await fetch(`${srv.base}/api/incidents/${encodeURIComponent(id)}`)).json();
    assert.equal(feature.properties.title, 'Levies checkpoint attacked on the outskirts of Turbat');
    assert.equal(`low ${feature.properties.killed_low}, best ${feature.properties.killed_best}, high ${feature.properties.killed_high}`, live,
      'the live figures are what the server derives');

    // On the public map.
    const map = await browser.context.newPage();
    await map.goto(`${srv.base}/?sel=${encodeURIComponent(id)}`);
    await map.waitForSelector('#details:not([hidden]) .incident', { timeout: 20000 });
    assert.match(await map.textContent('#details'), /Levies checkpoint attacked on the outskirts of Turbat/);
    await map.close();

    // Edit the published incident.
    await page.selectOption('[data-role="queue-state"]', 'published');
    await page.locator(`.qitem[data-id="${id}"] [data-action="edit"]`).click();
    await page.waitForSelector('[data-role="title"]');
    await page.fill('[data-role="title"]', 'Levies checkpoint attacked near Turbat');
    await page.click('[data-role="save"]');
    await statusText(page, /Saved/);

    // History: who and when, and the diff of the edit.
    await page.click('[data-action="history"]');
    await page.waitForSelector('[data-role="revisions"] tbody tr');
    const rows = await page.$$eval('[data-role="revisions"] tbody tr', (rs) => rs.map((r) => [...r.cells].slice(0, 3).map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[1]), ['create', 'approve', 'update']);
    assert.deepEqual(rows.map((r) => r[2]), ['Desk Publisher', 'Desk Publisher', 'Desk Publisher']);
    const diffRow = page.locator('[data-role="diff"] tr[data-path="title"]');
    assert.match(await diffRow.locator('.before').textContent(), /outskirts of Turbat/);
    assert.match(await diffRow.locator('.after').textContent(), /attacked near Turbat/);
    await shot(page, 'desk-history');
    assert.deepEqual(await axe(page), []);

    // Restore revision 2 (as approved): a new revision.
    await page.click('[data-action="restore"] >> nth=1');
    await statusText(page, /Restored revision 2/);
    await page.waitForSelector('[data-role="revisions"] tbody tr:nth-child(4)');
    const restored = await (await fetch(`${srv.base}/api/incidents/${encodeURIComponent(id)}`)).json();
    assert.equal(restored.properties.title, 'Levies checkpoint attacked on the outskirts of Turbat');

    // Delete; the deleted list offers it back; restore it from its history.
    await page.click('[data-view="queue"]');
    await page.selectOption('[data-role="queue-state"]', 'published');
    await page.locator(`.qitem[data-id="${id}"] [data-action="edit"]`).click();
    await page.click('[data-action="delete"]');
    await page.waitForSelector('[data-action="restore-deleted"]');
    assert.equal((await fetch(`${srv.base}/api/incidents/${encodeURIComponent(id)}`)).status, 410);
    await page.click('[data-view="queue"]');
    await page.selectOption('[data-role="queue-state"]', 'deleted');
    const gone = page.locator(`.qitem[data-id="${id}"][data-state="deleted"]`);
    await gone.waitFor();
    assert.match(await gone.textContent(), /by Desk Publisher/);
    await gone.locator('[data-action="history"]').click();
    await page.click('[data-action="restore-deleted"]');
    await statusText(page, /Restored/);
    assert.equal((await fetch(`${srv.base}/api/incidents/${encodeURIComponent(id)}`)).status, 200);
    const hist = await (await fetch(`${srv.base}/api/incidents/${encodeURIComponent(id)}/history`)).json();
    assert.deepEqual(hist.revisions.map((r) => r.action), ['approve', 'update', 'update', 'delete', 'restore'],
      'the public history starts at the approval');
    await inert(page);
    await page.close();
  });

  test('hostile text in every field stays text', async () => {
    const page = await openDesk();
    await signIn(page, publisher);
    await page.click('[data-view="new"]');
    await page.waitForSelector('[data-role="title"]');
    await page.fill('[data-role="id"]', HOSTILE);
    for (const role of ['title', 'description', 'place-name', 'tags']) await page.fill(`[data-role="${role}"]`, HOSTILE);
    await page.fill('[data-role="date"]', '2026-02-01');
    await page.fill('[data-role="lon"]', '66.99');
    await page.fill('[data-role="lat"]', '30.19');
    const claim = page.locator('[data-role="claim"]').first();
    await claim.locator('[data-role="source-name"]').fill(HOSTILE);
    await claim.locator('[data-role="source-url"]').fill('javascript:window.__pwned=3');
    await claim.locator('[data-role="notes"]').fill(HOSTILE);
    await page.click('text=Add source');
    await page.fill('[data-role="isource-name"]', HOSTILE);
    await page.fill('[data-role="isource-url"]', 'https://example.org/"><img src=x onerror=alert(1)>');
    await page.fill('[data-role="series"]', HOSTILE);
    await page.click('[data-role="save"]');
    // The server refuses the id and the javascript: URL; the refusal is text.
    await page.waitForFunction(() => /Not saved/.test(document.querySelector('[data-role="form-error"]').textContent));
    await page.fill('[data-role="id"]', '');
    await page.click('[data-role="save"]');
    await page.waitForFunction(() => /Not saved: series/.test(document.querySelector('[data-role="form-error"]').textContent));
    assert.match(await page.inputValue('[data-role="id"]'), /^$/, 'the made id is not put in the field before the save succeeds');
    await page.fill('[data-role="id"]', 'desk-hostile-1');
    await page.click('[data-role="save"]');
    await page.waitForFunction(() => /series/.test(document.querySelector('[data-role="form-error"]').textContent));
    await page.fill('[data-role="series"]', '');
    await page.click('[data-role="save"]');
    await page.waitForFunction(() => /source\.url/.test(document.querySelector('[data-role="form-error"]').textContent));
    await claim.locator('[data-role="source-url"]').fill('https://example.org/?q="><script>window.__pwned=4</script>');
    await page.click('[data-role="save"]');
    await statusText(page, /Saved desk-hostile-1/);
    await page.waitForSelector('[data-role="title"]');
    assert.equal(await page.inputValue('[data-role="title"]'), HOSTILE);
    await page.click('[data-view="queue"]');
    const item = page.locator('.qitem[data-id="desk-hostile-1"]');
    await item.waitFor();
    assert.equal(await item.locator('h3').textContent(), HOSTILE);
    // Edit once so the diff shows hostile text on both sides.
    await item.locator('[data-action="edit"]').click();
    await page.fill('[data-role="title"]', `${HOSTILE} (2)`);
    await page.click('[data-role="save"]');
    await statusText(page, /Saved/);
    await page.click('[data-action="history"]');
    await page.waitForSelector('[data-role="diff"] tr[data-path="title"]');
    assert.equal(await page.textContent('[data-role="diff"] tr[data-path="title"] .after'), `${HOSTILE} (2)`);
    // A hostile report, uploaded as a file.
    await page.click('[data-view="report"]');
    await page.setInputFiles('[data-role="report-file"]', { name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from(`${ARTICLE}\n${HOSTILE}`) });
    await page.waitForFunction((h) => document.querySelector('[data-role="report-input"]').value.endsWith(h), HOSTILE);
    await page.click('[data-role="extract"]');
    await page.waitForSelector('[data-role="report-text"]');
    assert.ok((await page.textContent('[data-role="report-text"]')).includes(HOSTILE));
    await shot(page, 'desk-hostile');
    await inert(page);
    await page.close();
  });

  test('tokens: an admin creates one (shown once) and revokes it; it stops working at once', async () => {
    const page = await openDesk();
    await signIn(page, admin);
    await page.click('#tab-tokens');
    await page.fill('[data-role="token-name"]', 'Night Editor');
    await page.selectOption('[data-role="token-role"]', 'editor');
    // A hostile name is refused, and the refusal is text.
    await page.fill('[data-role="token-name"]', HOSTILE);
    await page.click('text=Create token');
    await statusText(page, /Not created: name/);
    await inert(page);
    await page.fill('[data-role="token-name"]', 'Night Editor');
    await page.click('text=Create token');
    const secret = await page.textContent('[data-role="new-secret"]');
    assert.match(secret, /^imt_/);
    assert.equal((await page.textContent('table')).includes(secret), false);
    const ok = await fetch(`${srv.base}/api/desk/incidents`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(ok.status, 200);
    await page.click('[data-token="Night Editor"] [data-action="revoke"]');
    await statusText(page, /Revoked Night Editor/);
    const gone = await fetch(`${srv.base}/api/desk/incidents`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(gone.status, 401);
    assert.deepEqual(await axe(page), []);
    await page.close();
  });

  test('axe-core: the queue and the incident form', async () => {
    const page = await openDesk();
    await signIn(page, publisher);
    await page.waitForSelector('.qitem, .queue li');
    assert.deepEqual(await axe(page), []);
    await page.click('[data-view="new"]');
    await page.waitForSelector('[data-role="title"]');
    await page.fill('[data-role="place-search"]', 'Turbat');
    await page.click('[data-role="place-search-btn"]');
    await page.waitForSelector('[data-role="candidate"]');
    await page.click('[data-role="candidate"] >> nth=0');
    await page.waitForFunction(() => /district/i.test(document.querySelector('[data-role="district"]').textContent));
    assert.match(await page.textContent('[data-role="district"]'), /Kech/);
    // A click on the map moves the point there and names its district by
    // reverse geocoding (the map opens on central Balochistan).
    const turbat = await page.inputValue('[data-role="lon"]');
    await page.locator('[data-role="district"]').evaluate((e) => { e.textContent = ''; });
    const mapEl = page.locator('[data-role="pick-map"]');
    await mapEl.scrollIntoViewIfNeeded();
    const box = await mapEl.boundingBox();
    await mapEl.click({ position: { x: box.width / 2 + 20, y: box.height / 2 - 20 } });
    await page.waitForFunction((t) => document.querySelector('[data-role="lon"]').value !== t
      && /Reverse geocoding: .*district/.test(document.querySelector('[data-role="district"]').textContent), turbat);
    const [lon, lat] = [await page.inputValue('[data-role="lon"]'), await page.inputValue('[data-role="lat"]')];
    const rev = await (await fetch(`${srv.base}/api/reverse?lon=${lon}&lat=${lat}`)).json();
    assert.ok((await page.textContent('[data-role="district"]')).includes(`district ${rev.place.district}`), 'the district of the clicked point');
    assert.equal(await page.inputValue('[data-role="loc-precision"]'), 'exact');
    assert.equal(await page.inputValue('[data-role="place-name"]'), '', 'the name found for Turbat is dropped');
    await shot(page, 'desk-form');
    assert.deepEqual(await axe(page), []);
    // Saved without an id: the desk makes one from the date.
    await page.fill('[data-role="title"]', 'Protest outside the press club');
    await page.fill('[data-role="date"]', '2026-02-02');
    await page.click('[data-role="save"]');
    const saved = await statusText(page, /Saved desk-2026-02-02-[a-z0-9]+ as a draft/);
    const id = saved.match(/desk-2026-02-02-[a-z0-9]+/)[0];
    assert.equal((await fetch(`${srv.base}/api/incidents/${id}`)).status, 404, 'a draft, not public');
    await page.close();
  });
});

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}
