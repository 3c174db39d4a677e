// feedmodel.js turns /api/incidents features into the incident feed's
// entries: the date, title, place, each claim in a short sentence, the
// figures and the sources. Pure functions, tested without a browser.

import { safeURL } from './dom.js';
import { claimSentence, fmtDate } from './format.js';
import { fmtMonthL, t } from './i18n.js';

// feedEntry is one incident of the feed.
export function feedEntry(f) {
  const p = f.properties || {};
  const claims = p.claims || [];
  const sources = [];
  const seen = new Set();
  for (const c of claims) {
    const url = safeURL(c.source && c.source.url);
    let name = (c.source && c.source.name) || '';
    if (!name && url) name = new URL(url).hostname;
    const key = `${name}|${url || ''}`;
    if (!name || seen.has(key)) continue;
    seen.add(key);
    sources.push({ name, url });
  }
  const [lon, lat] = (f.geometry && f.geometry.coordinates) || [null, null];
  const low = p.killed_low || 0, high = p.killed_high || 0, best = p.killed_best || 0;
  return {
    id: p.id || f.id,
    date: p.date || '',
    month: (p.date || '').slice(0, 7),
    when: fmtDate(p),
    title: p.title || p.id || f.id,
    where: [p.place, p.district && p.district !== p.place ? p.district : null].filter(Boolean).join(', ') || 'Balochistan',
    claimants: p.claimants || [],
    claims: claims.map((c) => ({ actor: c.actor || 'unknown', status: c.status || 'unverified', text: claimSentence(c) })),
    killed: high > low ? t('feedDisputed', { low, high, best }) : best ? t('feedKilled', { n: best }) : '',
    disputed: high > low,
    sources,
    lat, lon,
  };
}

// groupByMonth keeps the entries' order (newest first) and starts a new
// group at each change of month: [{month, label, entries}].
export function groupByMonth(entries) {
  const out = [];
  for (const e of entries) {
    const last = out.at(-1);
    if (last && last.month === e.month) last.entries.push(e);
    else out.push({ month: e.month, label: e.month ? fmtMonthL(e.month, { long: true }) : t('dateUnknown'), entries: [e] });
  }
  return out;
}

// feedSummary is the feed's status line.
export function feedSummary(shown, matched) {
  if (!matched) return t('feedNone');
  if (shown < matched) return t('feedLatest', { shown, n: matched });
  return `${t(matched === 1 ? 'inViewCountOne' : 'inViewCount', { n: matched })}.`;
}
