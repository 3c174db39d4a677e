// The page's sentences: formatters, filter summaries, symbol labels, the
// status line and the search box's ranking.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimSentence, figures, fmtDate, fmtDay, fmtInt, fmtMonth, fmtRange } from '../src/format.js';
import { emptyState } from '../src/state.js';
import { matchClaimants, rankOf } from '../src/suggest.js';
import { cellZoom, pieStops } from '../src/symbols.js';
import { clampBBox } from '../src/geom.js';
import { datesLine, rangeWords, statusLine, summary, symbolLabel } from '../src/words.js';

test('dates in words', () => {
  assert.equal(fmtDay('2025-03-05'), '5 March 2025');
  assert.equal(fmtDay('not a date'), 'not a date');
  assert.equal(fmtMonth('2024-12'), 'Dec 2024');
  assert.equal(fmtDate({ date: '2025-03-01', date_precision: 'month' }), 'March 2025 (month known, not the day)');
  assert.equal(fmtDate({ date: '2025-01-01', date_precision: 'year' }), '2025 (year known, not the month)');
  assert.equal(fmtDate({ date: '2025-03-01', end_date: '2025-03-04', date_precision: 'range' }),
    'some day between 1 March 2025 and 4 March 2025 (exact day not known)');
  assert.equal(fmtDate({ date: '2025-03-01', end_date: '2025-03-02' }), '1 March 2025 to 2 March 2025');
});

test('figures and ranges', () => {
  assert.equal(fmtRange({ low: 3, high: 3 }), '3');
  assert.equal(fmtRange({ low: 3, high: 7 }), '3–7');
  assert.equal(fmtRange({ low: 10, high: 10, at_least: true }), 'at least 10');
  assert.deepEqual(figures({ civilians: { killed: { low: 2, high: 2 } }, security_forces: { killed: { low: 20, high: 20 }, injured: { low: 1, high: 4 } } }),
    ['20 security forces killed', '1–4 security forces injured', '2 civilians killed']);
  assert.equal(fmtInt(1234567), '1,234,567');
  assert.equal(fmtInt(undefined), '0');
});

test('claim sentences name who says what, and its status', () => {
  assert.equal(claimSentence({ actor: 'BLF', kind: 'claim_of_responsibility', status: 'unverified',
    casualties: { security_forces: { killed: { low: 20, high: 20 } } } }), 'BLF claims 20 security forces killed (unverified)');
  assert.equal(claimSentence({ actor: 'ISPR', kind: 'denial', status: 'denied' }), 'ISPR denies');
  assert.equal(claimSentence({ actor: 'Dawn', kind: 'media_report', status: 'confirmed' }), 'Dawn: no figures given (confirmed by another party)');
});

test('summaries state every filter', () => {
  assert.equal(summary(emptyState()), 'all incidents');
  const s = { ...emptyState(), from: '2025-01-01', claimant: [], type: 'ambush', region: 'outside', q: 'Turbat' };
  assert.equal(summary(s), '2025-01-01 to today · claimants: none · type: ambush · outside Balochistan · text: Turbat');
  assert.equal(summary(s, { dates: false }), 'claimants: none · type: ambush · outside Balochistan · text: Turbat');
});

test('date lines use the range, or the timeline\'s own span', () => {
  const s = { ...emptyState(), to: '2025-06-30' };
  assert.equal(datesLine(s, ''), 'Dates: from the first incident to 30 June 2025');
  assert.equal(rangeWords(s, ''), 'the first incident to 30 June 2025');
  assert.equal(datesLine(emptyState(), 'All dates (Jan 2024 – Dec 2025)'), 'Dates: all, Jan 2024 – Dec 2025');
  assert.equal(rangeWords(emptyState(), 'All dates (Jan 2024 – Dec 2025)'), 'all dates, Jan 2024 – Dec 2025');
  assert.equal(rangeWords(emptyState(), ''), 'all dates');
});

test('symbol labels say what a screen reader needs', () => {
  assert.equal(symbolLabel({ id: 'a', count: 1, title: 'Ambush', primary_claimant: 'BLF', precision: 'district' }, { name: 'Kech' }),
    'Ambush. BLF; located to district level (Kech)');
  assert.match(symbolLabel({ id: 'a', count: 1, title: 'T', killed_low: 3, killed_high: 12, primary_claimant: 'BLA', precision: 'town' }, null),
    /figures disputed: 3 to 12 killed$/);
  assert.equal(symbolLabel({ count: 1200, claimants: { BLF: 700, ISPR: 500 } }, { name: 'Kech' }), '1,200 incidents around Kech; BLF 700, ISPR 500');
});

test('the status line counts and warns when symbols are capped', () => {
  assert.equal(statusLine(1, 0, 1, 1), '1 incident in view');
  assert.equal(statusLine(1500, 3, 40, 40), '1,500 incidents in view (3 groups)');
  assert.match(statusLine(90000, 5000, 5000, 6000), /only the 5,000 largest of 6,000 symbols/);
});

test('search suggestions: an exact claimant first, prefixes from three letters', () => {
  const actors = [{ id: 'BLA', name: 'Balochistan Liberation Army', count: 5 }, { id: 'BLF', name: 'Balochistan Liberation Front', count: 9 },
    { id: 'BLA-J', name: 'BLA (Jeeyand)', count: 7 }];
  assert.deepEqual(matchClaimants(actors, 'bla').map((a) => a.id), ['BLA', 'BLA-J']);
  assert.deepEqual(matchClaimants(actors, 'liberation').map((a) => a.id), ['BLF', 'BLA']);
  assert.deepEqual(matchClaimants(actors, 'BL').map((a) => a.id), []);
  assert.deepEqual(matchClaimants(actors, 'front').map((a) => a.id), ['BLF']);
  const list = [{ kind: 'claimant', label: 'BLA-J' }, { kind: 'place', label: 'Bela' }, { kind: 'claimant', label: 'BLA' }];
  assert.deepEqual(list.sort((a, b) => rankOf(a, 'bla') - rankOf(b, 'bla')).map((s) => s.label), ['BLA', 'Bela', 'BLA-J']);
});

test('cluster shares, grid and bbox', () => {
  assert.deepEqual(pieStops({ A: 1, B: 3 }, (a) => a), ['B 0.0deg 270.0deg', 'A 270.0deg 360.0deg']);
  assert.deepEqual(pieStops(null, String), []);
  assert.equal(cellZoom(6), 9);
  assert.equal(cellZoom(13), 16);
  assert.equal(cellZoom(14), 30);
  assert.equal(clampBBox(-200, -89, 61.123456, 30), '-180.00000,-85.00000,61.12346,30.00000');
});
