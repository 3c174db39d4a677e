// words.js writes the page's sentences from its state and data: the filter
// summary of captions and snapshots, the date line, the labels that screen
// readers hear for map symbols and the status line. Pure functions.

import { disputed, PRECISION_KEYS } from './details.js';
import { fmtDay, fmtInt } from './format.js';
import { getLang, t, tn, word } from './i18n.js';

// summary states the filters in short words ("claimants: BLF · type: ambush").
export function summary(s, { dates = true } = {}) {
  const parts = [];
  if (dates && (s.from || s.to)) parts.push(t('range', { from: s.from || t('start'), to: s.to || t('today') }));
  if (s.claimant) parts.push(t('sumClaimants', { list: s.claimant.join(', ') || t('none') }));
  if (s.type) parts.push(t('sumType', { type: word('type', s.type, s.type) }));
  if (s.status) parts.push(t('sumStatus', { status: word('statusShort', s.status, s.status) }));
  if (s.verified) parts.push(t('sumVerified'));
  if (s.region) parts.push(s.region === 'outside' ? t('sumOutside') : t('sumIn'));
  if (s.q) parts.push(t('sumText', { q: s.q }));
  if (s.series) parts.push(t('sumSeries', { series: s.series }));
  if (s.district) parts.push(t('sumDistrict', { district: s.district }));
  return parts.length ? parts.join(' · ') : t('allIncidents');
}

// rangeWords is the date range of s in words; the span in the timeline's
// own label ("All dates (Jan 2024 – Dec 2025)", in either language) stands
// in when no range is set. allPrefix 'all' gives the shorter "all, ...".
export function rangeWords(s, timelineLabel, { allPrefix = 'all dates' } = {}) {
  if (s.from || s.to) return t('range', { from: s.from ? fmtDay(s.from) : t('firstIncident'), to: s.to ? fmtDay(s.to) : t('latest') });
  const m = /\((.*)\)$/.exec(timelineLabel || '');
  const short = allPrefix === 'all';
  if (!m) return t(short ? 'allLower' : 'allDatesLower');
  return t(short ? 'allSpan' : 'allDatesSpan', { span: m[1] });
}

// datesLine is the snapshot's date line.
export function datesLine(s, timelineLabel) {
  if (s.from || s.to) return t('dates', { dates: t('range', { from: s.from ? fmtDay(s.from) : t('fromFirstIncident'), to: s.to ? fmtDay(s.to) : t('latest') }) });
  return t('dates', { dates: rangeWords(s, timelineLabel, { allPrefix: 'all' }) });
}

// PRECISION_WORDS are the English words of the place precisions.
export const PRECISION_WORDS = {
  exact: 'exact location', town: 'located to town or village', tehsil: 'located to tehsil level',
  route: 'located to a stretch of road or railway', district: 'located to district level',
  province: 'located only to province level',
};

// districtName is a district's name in the page's language.
function districtName(d) {
  return (getLang() === 'ur' && d.name_ur) || d.name;
}

// symbolLabel is what a map symbol says to a screen reader and in its
// tooltip: the incident's title, claimant and precision, or a group's count,
// place and claimants. district is the district it lies in, or null.
export function symbolLabel(p, district) {
  const n = p.count || 1;
  if (n === 1 && p.id) {
    return `${p.title || p.id}. ${p.primary_claimant || t('unknown')}; ${PRECISION_KEYS[p.precision] ? t(PRECISION_KEYS[p.precision]) : ''}` +
      `${district && p.precision === 'district' ? ` (${districtName(district)})` : ''}` +
      (disputed(p) ? `; ${t('disputedLabel', { low: p.killed_low, high: p.killed_high })}` : '');
  }
  return `${district ? t('clusterAround', { n, district: districtName(district) }) : t('clusterLabel', { n })}; ` +
    Object.entries(p.claimants || {}).map(([a, v]) => `${a} ${fmtInt(v)}`).join(', ');
}

// statusLine counts the incidents in view and says when not every symbol
// could be drawn.
export function statusLine(inView, groups, drawn, all) {
  return tn('inViewCount', inView) + (groups ? tn('groups', groups) : '') +
    (all > drawn ? t('capped', { max: drawn, all }) : '');
}
