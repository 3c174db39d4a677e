// The message table, checked without a browser: English and Urdu have the
// same keys and the same {placeholders}; Urdu strings are in Arabic script
// with only the Latin words that stay as they are (names, keys, the API's
// own words); numbers and dates are formatted for the language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MESSAGES, VALUE_WORDS, fmtDayL, fmtMonthL, fmtNum, setLang, t, tn, word } from '../src/i18n.js';
import { withoutNames } from './names.mjs';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English and Urdu have the same keys and placeholders', () => {
  const en = Object.keys(MESSAGES.en), ur = Object.keys(MESSAGES.ur);
  assert.deepEqual(ur.filter((k) => !en.includes(k)), [], 'Urdu keys English lacks');
  assert.deepEqual(en.filter((k) => !ur.includes(k)), [], 'English keys Urdu lacks');
  for (const k of en) assert.deepEqual(placeholders(MESSAGES.ur[k]), placeholders(MESSAGES.en[k]), k);
  for (const kind of Object.keys(VALUE_WORDS.en)) {
    for (const v of Object.keys(VALUE_WORDS.en[kind])) assert.ok(VALUE_WORDS.ur[kind][v], `Urdu ${kind} ${v}`);
  }
});

// Latin words an Urdu string may keep: names, keys and the API's values.
const KEEP = new Set(['incidentmap', 'BLF', 'N', 'API', 'status', 'confirmed', 'independent', 'verified', 'Enter', 'Tab', 'QGIS', 'png']);

test('Urdu strings are Urdu', () => {
  for (const [k, s] of Object.entries(MESSAGES.ur)) {
    const bare = withoutNames(s.replace(/\{\w+\}/g, ''));
    if (!/\p{L}/u.test(bare)) continue; // punctuation only, e.g. "{s} ({status})"
    assert.match(bare, /\p{Script=Arabic}/u, `${k}: ${s}`);
    for (const w of bare.match(/[A-Za-z]+/g) || []) assert.ok(KEEP.has(w), `${k}: Latin word ${w} in ${s}`);
    // Urdu's own letters, not the Arabic look-alikes (ي ك) or Persian's heh.
    assert.doesNotMatch(bare, /[يكه]/, `${k}: Arabic or Persian letter in ${s}`);
    assert.notEqual(s, MESSAGES.en[k], `${k} is not translated`);
  }
});

test('numbers, dates and plurals follow the language', () => {
  setLang('en');
  assert.equal(fmtNum(12345), '12,345');
  assert.equal(fmtDayL('2025-07-03'), '3 July 2025');
  assert.equal(fmtMonthL('2025-07'), 'Jul 2025');
  assert.equal(tn('inViewCount', 1), '1 incident in view');
  assert.equal(tn('inViewCount', 2500), '2,500 incidents in view');
  assert.equal(word('status', 'confirmed'), 'confirmed by another party');
  setLang('ur');
  assert.match(fmtDayL('2025-07-03'), /جولائی/);
  assert.match(fmtMonthL('2025-07', { long: true }), /جولائی/);
  assert.equal(tn('inViewCount', 2500), `نقشے پر ${fmtNum(2500)} واقعات`);
  assert.equal(t('disputedLabel', { low: 4, high: 20 }), `اعداد متنازع: ${fmtNum(4)} سے ${fmtNum(20)} ہلاک`);
  assert.equal(word('type', 'ambush'), 'گھات لگا کر حملہ');
  // A value with no Urdu word falls back to English, then to itself.
  assert.equal(word('type', 'picnic', 'Picnic'), 'Picnic');
  // An unknown key is the key (visible in review, never blank).
  assert.equal(t('noSuchKey'), 'noSuchKey');
  setLang('en');
});
