// format.js turns API values into words for readers.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

export function fmtDay(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
  if (!m) return d || '';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

export function fmtMonth(ym) {
  const m = /^(\d{4})-(\d{2})/.exec(ym || '');
  return m ? `${MONTHS[Number(m[2]) - 1].slice(0, 3)} ${m[1]}` : ym;
}

// fmtDate states the date with its precision.
export function fmtDate(p) {
  const d = p.date, e = p.end_date;
  switch (p.date_precision) {
    case 'month': {
      const m = /^(\d{4})-(\d{2})/.exec(d);
      return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]} (month known, not the day)` : d;
    }
    case 'year':
      return `${(d || '').slice(0, 4)} (year known, not the month)`;
    case 'range':
      return `some day between ${fmtDay(d)} and ${fmtDay(e)} (exact day not known)`;
    default:
      return e && e !== d ? `${fmtDay(d)} to ${fmtDay(e)}` : fmtDay(d);
  }
}

export function fmtRange(r) {
  if (!r) return '';
  if (r.at_least) return `at least ${r.low}`;
  if (r.low === r.high) return String(r.low);
  return `${r.low}–${r.high}`;
}

const GROUPS = { security_forces: 'security forces', militants: 'militants', civilians: 'civilians', unspecified: 'people' };
const GROUP_ORDER = ['security_forces', 'militants', 'civilians', 'unspecified'];

// figures lists a claim's casualty figures, e.g. ["20 security forces killed", "3 civilians injured"].
export function figures(casualties) {
  const out = [];
  if (!casualties) return out;
  const groups = [...GROUP_ORDER, ...Object.keys(casualties).filter((g) => !GROUP_ORDER.includes(g))];
  for (const g of groups) {
    const f = casualties[g];
    if (!f) continue;
    const who = GROUPS[g] || g;
    if (f.killed) out.push(`${fmtRange(f.killed)} ${who} killed`);
    if (f.injured) out.push(`${fmtRange(f.injured)} ${who} injured`);
  }
  return out;
}

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

// claimSentence is the short side-by-side form of one claim, e.g.
// "BLF claims 20 security forces killed (unverified)".
export function claimSentence(c) {
  const figs = figures(c.casualties);
  const who = c.actor || 'unknown';
  let s;
  if (c.kind === 'denial') s = figs.length ? `${who} denies; says ${figs.join(', ')}` : `${who} denies`;
  else if (figs.length) {
    const verb = { claim_of_responsibility: 'claims', official_statement: 'says', media_report: 'reports',
      independent_verification: 'verified' }[c.kind] || 'says';
    s = `${who} ${verb} ${figs.join(', ')}`;
  } else if (c.kind === 'claim_of_responsibility') s = `${who} claims responsibility, no figures`;
  else s = `${who}: no figures given`;
  return c.status && c.status !== 'denied' ? `${s} (${c.status})` : s;
}

// One formatter for every number: toLocaleString builds a new one on each
// call, which made it the slowest step of drawing a few hundred symbols.
const INT = new Intl.NumberFormat('en-GB');

export function fmtInt(n) {
  return INT.format(Number(n || 0));
}
