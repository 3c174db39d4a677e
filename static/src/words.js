// words.js writes the page's sentences from its state and data: the filter
// summary of captions and snapshots, the date line, the labels that screen
// readers hear for map symbols and the status line. Pure functions.

import { disputed } from './details.js';
import { fmtDay, fmtInt } from './format.js';

// summary states the filters in short words ("claimants: BLF · type: ambush").
export function summary(s, { dates = true } = {}) {
  const parts = [];
  if (dates && (s.from || s.to)) parts.push(`${s.from || 'start'} to ${s.to || 'today'}`);
  if (s.claimant) parts.push(`claimants: ${s.claimant.join(', ') || 'none'}`);
  if (s.type) parts.push(`type: ${s.type}`);
  if (s.status) parts.push(`status: ${s.status}`);
  if (s.verified) parts.push('confirmed figures only');
  if (s.region) parts.push(s.region === 'outside' ? 'outside Balochistan' : 'in Balochistan');
  if (s.q) parts.push(`text: ${s.q}`);
  if (s.series) parts.push(`series: ${s.series}`);
  if (s.district) parts.push(`district: ${s.district}`);
  return parts.length ? parts.join(' · ') : 'all incidents';
}

// rangeWords is the date range of s in words; timelineLabel (the timeline's
// own "All dates (Jan 2024 – Dec 2025)") stands in when no range is set.
export function rangeWords(s, timelineLabel, { allPrefix = 'all dates' } = {}) {
  if (s.from || s.to) return `${s.from ? fmtDay(s.from) : 'the first incident'} to ${s.to ? fmtDay(s.to) : 'the latest'}`;
  return (timelineLabel || allPrefix).replace(/^All dates \((.*)\)$/, `${allPrefix}, $1`);
}

// datesLine is the snapshot's date line.
export function datesLine(s, timelineLabel) {
  if (s.from || s.to) return `Dates: ${s.from ? fmtDay(s.from) : 'from the first incident'} to ${s.to ? fmtDay(s.to) : 'the latest'}`;
  return `Dates: ${rangeWords(s, timelineLabel, { allPrefix: 'all' })}`;
}

export const PRECISION_WORDS = {
  exact: 'exact location', town: 'located to town or village', tehsil: 'located to tehsil level',
  route: 'located to a stretch of road or railway', district: 'located to district level',
  province: 'located only to province level',
};

// symbolLabel is what a map symbol says to a screen reader and in its
// tooltip: the incident's title, claimant and precision, or a group's count,
// place and claimants. district is the district it lies in, or null.
export function symbolLabel(p, district) {
  const n = p.count || 1;
  if (n === 1 && p.id) {
    return `${p.title || p.id}. ${p.primary_claimant || 'unknown'}; ${PRECISION_WORDS[p.precision] || ''}` +
      `${district && p.precision === 'district' ? ` (${district.name})` : ''}` +
      (disputed(p) ? `; figures disputed: ${p.killed_low} to ${p.killed_high} killed` : '');
  }
  return `${fmtInt(n)} incidents${district ? ` around ${district.name}` : ''}; ` +
    Object.entries(p.claimants || {}).map(([a, v]) => `${a} ${v}`).join(', ');
}

// statusLine counts the incidents in view and says when not every symbol
// could be drawn.
export function statusLine(inView, groups, drawn, all) {
  return `${fmtInt(inView)} incident${inView === 1 ? '' : 's'} in view${groups ? ` (${fmtInt(groups)} group${groups === 1 ? '' : 's'})` : ''}` +
    (all > drawn ? `; only the ${fmtInt(drawn)} largest of ${fmtInt(all)} symbols are drawn: zoom in or narrow the filters` : '');
}
