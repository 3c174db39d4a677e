// The feed's entries from API features, without a browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { feedEntry, feedSummary, groupByMonth } from '../src/feedmodel.js';

const feature = (props, coords = [65.1, 26.2]) => ({ type: 'Feature', id: props.id, geometry: { type: 'Point', coordinates: coords }, properties: props });

test('an entry has the date, place, each claim in words, figures and sources', () => {
  const e = feedEntry(feature({
    id: 'a', title: 'Attack', date: '2025-07-10', place: 'Turbat', district: 'Kech', killed_low: 4, killed_best: 4, killed_high: 20,
    claimants: ['BLF', 'ISPR'],
    claims: [
      { actor: 'BLF', kind: 'claim_of_responsibility', status: 'unverified', casualties: { security_forces: { killed: { low: 20, high: 20 } } },
        source: { name: 'BLF statement', url: 'https://example.org/blf' } },
      { actor: 'ISPR', kind: 'official_statement', status: 'confirmed', casualties: { security_forces: { killed: { low: 4, high: 4 } } },
        source: { url: 'https://ispr.example/pr' } },
      { actor: 'media', kind: 'media_report', status: 'unverified', source: { name: 'BLF statement', url: 'https://example.org/blf' } },
      { actor: 'x', kind: 'media_report', source: { name: 'bad', url: 'javascript:alert(1)' } },
    ],
  }));
  assert.equal(e.id, 'a');
  assert.equal(e.when, '10 July 2025');
  assert.equal(e.where, 'Turbat, Kech');
  assert.deepEqual(e.claims.map((c) => c.text), ['BLF claims 20 security forces killed (unverified)',
    'ISPR says 4 security forces killed (confirmed by another party)', 'media: no figures given (unverified)', 'x: no figures given']);
  assert.equal(e.killed, '4–20 killed (figures disputed; best estimate 4)');
  assert.equal(e.disputed, true);
  assert.deepEqual(e.sources, [{ name: 'BLF statement', url: 'https://example.org/blf' }, { name: 'ispr.example', url: 'https://ispr.example/pr' },
    { name: 'bad', url: null }]);
  assert.deepEqual([e.lon, e.lat], [65.1, 26.2]);
});

test('an entry without figures or place says so plainly', () => {
  const e = feedEntry(feature({ id: 'b', title: '', date: '2025-03-01', date_precision: 'month', claims: [] }));
  assert.equal(e.title, 'b');
  assert.equal(e.where, 'Balochistan');
  assert.equal(e.killed, '');
  assert.equal(e.when, 'March 2025 (month known, not the day)');
});

test('months group in order, newest first kept', () => {
  const es = ['2025-07-10', '2025-07-01', '2025-05-20', '2024-12-31'].map((d, i) => feedEntry(feature({ id: String(i), date: d })));
  const g = groupByMonth(es);
  assert.deepEqual(g.map((x) => [x.label, x.entries.length]), [['July 2025', 2], ['May 2025', 1], ['December 2024', 1]]);
});

test('the status line says how many are shown', () => {
  assert.equal(feedSummary(0, 0), 'No incidents in view under the filters.');
  assert.equal(feedSummary(1, 1), '1 incident in view.');
  assert.equal(feedSummary(50, 1234), 'The latest 50 of 1,234 incidents in view.');
});
