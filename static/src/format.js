// format.js turns API values into words for readers, in the page's language
// (i18n.js): dates and numbers through Intl, words from the message table.

import { fmtDayL, fmtMonthL, fmtNum, fmtYear, t, word } from './i18n.js';

export function fmtDay(d) {
  return fmtDayL(d);
}

export function fmtMonth(ym) {
  return fmtMonthL(ym);
}

// fmtDate states the date with its precision.
export function fmtDate(p) {
  const d = p.date, e = p.end_date;
  switch (p.date_precision) {
    case 'month':
      return /^\d{4}-\d{2}/.test(d || '') ? t('monthOnly', { month: fmtMonthL(d, { long: true }) }) : d;
    case 'year':
      return t('yearOnly', { year: fmtYear((d || '').slice(0, 4)) });
    case 'range':
      return t('someDay', { from: fmtDay(d), to: fmtDay(e) });
    default:
      return e && e !== d ? t('range', { from: fmtDay(d), to: fmtDay(e) }) : fmtDay(d);
  }
}

export function fmtRange(r) {
  if (!r) return '';
  if (r.at_least) return t('atLeast', { n: r.low });
  if (r.low === r.high) return fmtNum(r.low);
  return `${fmtNum(r.low)}–${fmtNum(r.high)}`;
}

const GROUP_ORDER = ['security_forces', 'militants', 'civilians', 'unspecified'];

// groupsOf lists the casualty groups of a claim in a stable order.
export function groupsOf(casualties) {
  return [...GROUP_ORDER.filter((g) => casualties[g]), ...Object.keys(casualties).filter((g) => !GROUP_ORDER.includes(g))];
}

// figures lists a claim's casualty figures, e.g. ["20 security forces killed", "3 civilians injured"].
export function figures(casualties) {
  const out = [];
  if (!casualties) return out;
  for (const g of groupsOf(casualties)) {
    const f = casualties[g];
    const group = word('group', g, g);
    if (f.killed) out.push(t('groupKilled', { n: fmtRange(f.killed), group }));
    if (f.injured) out.push(t('groupInjured', { n: fmtRange(f.injured), group }));
  }
  return out;
}

// KIND_WORDS and STATUS_WORDS are the English words (for the API's values);
// kindWords and statusWords those of the page's language.
export const KIND_WORDS = {
  claim_of_responsibility: 'claim of responsibility',
  official_statement: 'official statement',
  media_report: 'media report',
  independent_verification: 'independent verification',
  denial: 'denial',
};

export const STATUS_WORDS = {
  unverified: 'unverified',
  confirmed: 'confirmed by another party',
  independent: 'independently verified',
  denied: 'denied',
};

export function kindWords(kind) {
  return kind ? word('kind', kind, kind) : t('statement');
}

export function statusWords(status) {
  return word('status', status || 'unverified', status);
}

// claimSentence is the short side-by-side form of one claim, e.g.
// "BLF claims 20 security forces killed (unverified)".
export function claimSentence(c) {
  const figs = figures(c.casualties).join(', ');
  const who = c.actor || t('unknown');
  let s;
  if (c.kind === 'denial') s = figs ? t('sDeniesSays', { who, figs }) : t('sDenies', { who });
  else if (figs) {
    const key = { claim_of_responsibility: 'sClaims', official_statement: 'sSays', media_report: 'sReports',
      independent_verification: 'sVerified' }[c.kind] || 'sSays';
    s = t(key, { who, figs });
  } else if (c.kind === 'claim_of_responsibility') s = t('sResponsibility', { who });
  else s = t('sNoFigures', { who });
  return c.status && c.status !== 'denied' ? t('sStatus', { s, status: statusWords(c.status) }) : s;
}

export function fmtInt(n) {
  return fmtNum(n);
}
