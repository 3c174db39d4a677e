// Unit tests of the desk's pure helpers: the live killed figures (the rule
// of incident.DeriveKilled, docs/store.md), the revision diff, and the map
// from the server's UTF-8 byte offsets to string indexes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveKilled, diff } from '../src/desk/derive.js';
import { charIndex, evidenceOf } from '../src/desk/report.js';

const claim = (status, killed, kind = 'claim_of_responsibility') => ({
  actor: 'X', kind, status, casualties: killed === null ? undefined : { security_forces: { killed } },
});

test('deriveKilled follows the stored rule', () => {
  const cases = [
    ['no claims', [], { low: 0, best: 0, high: 0 }],
    ['a lone unverified claim', [claim('unverified', { low: 20, high: 20 })], { low: 20, best: 20, high: 20 }],
    ['confirmed outranks unverified; high is the largest',
      [claim('unverified', { low: 20, high: 20 }), claim('confirmed', { low: 4, high: 4 })], { low: 4, best: 4, high: 20 }],
    ['a range: best is its low end', [claim('confirmed', { low: 3, high: 7 })], { low: 3, best: 3, high: 7 }],
    ['at least: best is the stated minimum', [claim('unverified', { low: 20, high: 20, at_least: true })], { low: 20, best: 20, high: 20 }],
    ['denials are ignored', [claim('denied', { low: 0, high: 0 }, 'denial'), claim('unverified', { low: 5, high: 5 })], { low: 5, best: 5, high: 5 }],
    ['claims without a killed figure are ignored', [claim('independent', null), claim('unverified', { low: 2, high: 2 })], { low: 2, best: 2, high: 2 }],
    ['groups of one claim add up', [{ status: 'confirmed', casualties: { security_forces: { killed: { low: 2, high: 2 } }, militants: { killed: { low: 3, high: 5 } } } }], { low: 5, best: 5, high: 7 }],
  ];
  for (const [name, claims, want] of cases) assert.deepEqual(deriveKilled(claims), want, name);
});

test('diff lists changed, added and removed fields, not the bookkeeping', () => {
  const a = { id: 'x', title: 'Old', revision: 1, updated: 't1', claims: [{ actor: 'BLA', notes: 'n' }] };
  const b = { id: 'x', title: 'New', revision: 2, updated: 't2', claims: [{ actor: 'BLA' }], tags: ['t'] };
  assert.deepEqual(diff(a, b), [
    { path: 'claims[1].notes', before: 'n', after: undefined },
    { path: 'title', before: 'Old', after: 'New' },
    { path: 'tags[1]', before: undefined, after: 't' },
  ]);
  assert.deepEqual(diff(a, a), []);
});

test('byte offsets map to string indexes across multi-byte text', () => {
  const text = 'ناظر said: Turbat 😀 blast';
  const bytes = new TextEncoder().encode(text);
  const startByte = new TextEncoder().encode('ناظر said: ').length;
  const idx = charIndex(text);
  assert.equal(text.slice(idx(startByte), idx(startByte + 6)), 'Turbat');
  assert.equal(idx(bytes.length), text.length);
  assert.equal(idx(1), null, 'an offset inside a character maps to nothing');
  const ev = evidenceOf({ location: { start: 0, end: 3, text: 'abc' }, date: { evidence: { start: 4, end: 8, text: 'x' } }, claims: [] });
  assert.deepEqual(ev.map((e) => e.field), ['place', 'date']);
});

test('deriveKilled agrees with the Go rule on 300 generated claim sets', async () => {
  const { readFile } = await import('node:fs/promises');
  const cases = JSON.parse(await readFile(new URL('../../incident/testdata/killed_cases.json', import.meta.url), 'utf8'));
  assert.equal(cases.length, 300);
  for (const [i, c] of cases.entries()) assert.deepEqual(deriveKilled(c.claims), c.killed, `case ${i}: ${JSON.stringify(c.claims)}`);
});
