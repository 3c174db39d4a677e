// The one way the page's state changes: setState merges a patch, writes the
// address as asked (push, replace or not at all), and tells subscribers
// exactly which keys changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyState, parseState } from '../src/state.js';
import { changedKeys, createStore, filterChanged } from '../src/store.js';

function recorder() {
  const calls = [];
  return { calls, writeURL: (search, mode) => calls.push([mode, search]) };
}

test('setState merges the patch and writes the URL as asked', () => {
  const r = recorder();
  const store = createStore(emptyState(), { writeURL: r.writeURL });
  store.setState({ claimant: ['BLF'] });
  store.setState({ view: { z: 7, lat: 28, lon: 65 } }, { history: 'replace' });
  store.setState({ type: 'ambush' }, { history: 'none' });
  assert.deepEqual(r.calls, [['push', '?claimant=BLF'], ['replace', '?claimant=BLF&map=7/28.0000/65.0000']]);
  assert.equal(store.state.type, 'ambush');
  assert.deepEqual(store.state.claimant, ['BLF']);
});

test('the written address parses back to the state', () => {
  const r = recorder();
  const store = createStore(emptyState(), { writeURL: r.writeURL });
  store.setState({ from: '2025-02-01', to: '2025-03-31', status: 'confirmed,independent', sel: 'x1' });
  const [, search] = r.calls.at(-1);
  assert.deepEqual(parseState(search), store.state);
});

test('a patch that changes nothing writes nothing and tells no one', () => {
  const r = recorder();
  const store = createStore({ ...emptyState(), claimant: ['BLF'] }, { writeURL: r.writeURL });
  let told = 0;
  store.subscribe(() => told++);
  const changed = store.setState({ claimant: ['BLF'], q: '' });
  assert.equal(changed.size, 0);
  assert.equal(told, 0);
  assert.equal(r.calls.length, 0);
});

test('subscribers get the new and old state, the changed keys and the other options', () => {
  const store = createStore(emptyState());
  const seen = [];
  store.subscribe((s, prev, changed, options) => seen.push({ s, prev, changed: [...changed].sort(), options }));
  store.setState({ sel: 'a', q: 'x' }, { history: 'replace', source: 'map' });
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0].changed, ['q', 'sel']);
  assert.equal(seen[0].prev.sel, '');
  assert.equal(seen[0].s.sel, 'a');
  assert.deepEqual(seen[0].options, { source: 'map' });
});

test('the state cannot be changed behind setState', () => {
  const store = createStore(emptyState());
  assert.throws(() => { store.state.q = 'sneaky'; }, TypeError);
  assert.equal(store.state.q, '');
});

test('an unknown history mode is refused and changes nothing', () => {
  const store = createStore(emptyState());
  assert.throws(() => store.setState({ q: 'x' }, { history: 'pushy' }), /history must be one of/);
  assert.equal(store.state.q, '');
});

test('unsubscribe stops the calls', () => {
  const store = createStore(emptyState());
  let n = 0;
  const off = store.subscribe(() => n++);
  store.setState({ q: 'a' });
  off();
  store.setState({ q: 'b' });
  assert.equal(n, 1);
});

test('changedKeys compares values, not identities', () => {
  const a = { ...emptyState(), claimant: ['BLF'], view: { z: 1, lat: 2, lon: 3 } };
  const b = { ...a, claimant: ['BLF'], view: { z: 1, lat: 2, lon: 3 } };
  assert.equal(changedKeys(a, b).size, 0);
  assert.deepEqual([...changedKeys(a, { ...b, claimant: null })], ['claimant']);
  assert.deepEqual([...changedKeys(a, { ...b, claimant: [] })], ['claimant']);
});

test('filterChanged: only the API filter keys count', () => {
  assert.equal(filterChanged(new Set(['view', 'sel', 'choro', 'osm'])), false);
  for (const k of ['from', 'to', 'claimant', 'type', 'status', 'verified', 'region', 'district', 'series', 'q']) {
    assert.equal(filterChanged(new Set([k])), true, k);
  }
});
