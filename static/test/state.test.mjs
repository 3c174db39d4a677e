// The page's state and its URL, without a browser: every state the page can
// hold survives the trip to the address and back, and bad parameters are
// dropped rather than passed to the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyState, filterParams, parseState, stateToSearch } from '../src/state.js';

const full = {
  ...emptyState(),
  from: '2025-01-01', to: '2025-06-30', claimant: ['BLF', 'BLA'], type: 'ambush', status: 'confirmed,independent', verified: 'confirmed',
  region: 'outside', district: 'PK201', series: 'operation-x', q: 'Turbat & "N-25"', choro: 'killed', osm: true,
  view: { z: 8, lat: 26.1234, lon: 63.0567 }, sel: 'inc/42',
};

test('a full state round-trips through the URL', () => {
  assert.deepEqual(parseState(stateToSearch(full)), full);
});

test('the empty state is the empty query', () => {
  assert.equal(stateToSearch(emptyState()), '');
  assert.deepEqual(parseState(''), emptyState());
});

test('no claimant ticked is not the same as no claimant filter', () => {
  const none = { ...emptyState(), claimant: [] };
  assert.equal(stateToSearch(none), '?claimant=');
  assert.deepEqual(parseState(stateToSearch(none)).claimant, []);
  assert.equal(parseState('').claimant, null);
});

test('view and selection can be left out (embeds, snapshots)', () => {
  const q = stateToSearch(full, { view: false, sel: false });
  assert.ok(!/[?&](map|sel)=/.test(q), q);
  const back = parseState(q);
  assert.equal(back.view, null);
  assert.equal(back.sel, '');
  assert.equal(back.q, full.q);
});

test('embed bounds round-trip to 4 decimals; bad bounds are dropped', () => {
  const s = { ...emptyState(), bounds: [61.12346, 25.5, 66.25, 29.75] };
  assert.deepEqual(parseState(stateToSearch(s)).bounds, [61.1235, 25.5, 66.25, 29.75]);
  for (const b of ['1,2,3', '66,25,61,29', '61,25,66,99', 'a,b,c,d', '-181,0,0,1']) {
    assert.equal(parseState(`?bounds=${b}`).bounds, null, b);
  }
});

test('bad values are dropped, not passed on', () => {
  const s = parseState('?from=2025-1-1&to=yesterday&region=mars&choro=rainbow&map=40/0/0&osm=yes');
  assert.equal(s.from, '');
  assert.equal(s.to, '');
  assert.equal(s.region, '');
  assert.equal(s.choro, '');
  assert.equal(s.view, null);
  assert.equal(s.osm, false);
  assert.equal(parseState('?map=7/91/0').view, null);
  assert.equal(parseState('?map=7/10/181').view, null);
});

test('claimant lists are split, trimmed and may repeat the parameter', () => {
  assert.deepEqual(parseState('?claimant=BLF,%20BLA&claimant=ISPR,,').claimant, ['BLF', 'BLA', 'ISPR']);
});

test('the API filter carries only filter keys, and omit leaves some out', () => {
  const p = filterParams(full);
  assert.deepEqual([...p.keys()].sort(), ['claimant', 'district', 'from', 'q', 'region', 'series', 'status', 'to', 'type', 'verified']);
  assert.equal(p.get('claimant'), 'BLF,BLA');
  const legend = filterParams(full, ['claimant', 'from', 'to']);
  assert.ok(!legend.has('claimant') && !legend.has('from') && !legend.has('to'));
  assert.equal(legend.get('type'), 'ambush');
});

test('random states round-trip', () => {
  const words = ['', 'BLF', 'a b', 'x,y', '&=?', 'ضلع', 'q%20'];
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 500; i++) {
    const s = { ...emptyState() };
    s.type = words[rnd(words.length)].trim();
    s.q = words[rnd(words.length)].trim();
    s.sel = words[rnd(words.length)].trim();
    s.claimant = rnd(3) === 0 ? null : ['BLF', 'BLA', 'TTP'].slice(rnd(3));
    s.from = rnd(2) ? `202${rnd(10)}-0${1 + rnd(9)}-1${rnd(10)}` : '';
    s.region = ['', 'balochistan', 'outside'][rnd(3)];
    s.view = rnd(2) ? { z: rnd(17), lat: Number(((rnd(17000) - 8500) / 100).toFixed(4)), lon: Number(((rnd(36000) - 18000) / 100).toFixed(4)) } : null;
    assert.deepEqual(parseState(stateToSearch(s)), s, stateToSearch(s));
  }
});

test('verified takes only confirmed', () => {
  assert.equal(parseState('?verified=confirmed').verified, 'confirmed');
  assert.equal(parseState('?verified=yes').verified, '');
  assert.equal(filterParams(parseState('?verified=confirmed')).toString(), 'verified=confirmed');
});

test('lang=ur is the Urdu interface; English is the default and leaves the address alone', () => {
  assert.equal(parseState('?lang=ur').lang, 'ur');
  assert.equal(parseState('?lang=fr').lang, '');
  assert.equal(stateToSearch({ ...emptyState(), lang: 'ur' }), '?lang=ur');
  assert.equal(stateToSearch({ ...emptyState(), lang: '' }), '');
});
