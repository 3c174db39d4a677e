// details.js renders one incident for the details panel (the page's popup):
// title, date with its precision, place with its precision in words, series,
// then every claim on its own, with contested figures side by side and never
// merged. Everything is built with dom.el, so all text is escaped.

import { el, safeURL } from './dom.js';
import { claimSentence, figures, fmtDate, fmtDay, fmtRange, KIND_WORDS, STATUS_WORDS } from './format.js';
import { claimantColour } from './palette.js';

function claimCard(c, actorName) {
  const figs = figures(c.casualties);
  const url = safeURL(c.source && c.source.url);
  const srcName = (c.source && c.source.name) || (url ? new URL(url).hostname : '');
  return el('li', { class: 'claim', dataset: { actor: c.actor || '', status: c.status || '' } },
    el('p', { class: 'claim-head' },
      el('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { colour: claimantColour(c.actor) } }),
      el('strong', { text: actorName(c.actor) }),
      ' · ', KIND_WORDS[c.kind] || c.kind || 'statement',
      c.date ? ` · ${fmtDate({ date: c.date })}` : ''),
    el('p', { class: 'claim-figs' }, figs.length ? figs.join('; ') : (c.kind === 'denial' ? 'Denies the claim' : 'No casualty figures given')),
    el('p', { class: `claim-status status-${c.status || 'unverified'}` }, 'Status: ', el('strong', { text: STATUS_WORDS[c.status] || c.status || 'unverified' })),
    c.notes ? el('p', { class: 'claim-notes', text: c.notes }) : null,
    srcName || url ? el('p', { class: 'claim-source' }, 'Source: ',
      url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: srcName || url }) : srcName) : null,
  );
}

const GROUP_WORDS = { security_forces: 'security forces', militants: 'militants', civilians: 'civilians', unspecified: 'people' };

// figureLines are a claim's figures by group, one line each: "20 security
// forces killed, 3 injured".
function figureLines(c) {
  if (c.kind === 'denial') return ['denies'];
  const out = [];
  const cas = c.casualties || {};
  const order = ['security_forces', 'militants', 'civilians', 'unspecified'];
  for (const g of [...order.filter((k) => cas[k]), ...Object.keys(cas).filter((k) => !order.includes(k))]) {
    const f = cas[g];
    const parts = [];
    if (f.killed) parts.push(`${fmtRange(f.killed)} killed`);
    if (f.injured) parts.push(`${fmtRange(f.injured)} injured`);
    if (parts.length) out.push(`${GROUP_WORDS[g] || g}: ${parts.join(', ')}`);
  }
  return out.length ? out : ['no figures given'];
}

// disputed reports whether an incident's claims give different killed
// figures (the derived low and high differ).
export function disputed(p) {
  return (p.killed_high || 0) > (p.killed_low || 0);
}

// claimsTable is the claimed-versus-confirmed view: one row per claim with
// who said it, what kind of statement, the figures by group, its status, its
// date and source.
function claimsTable(claims, actorName, caption) {
  return el('table', { class: 'claims-table' },
    el('caption', { text: caption }),
    el('thead', null, el('tr', null, ['Who', 'Figures', 'Status', 'Source'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', null, claims.map((c) => {
      const url = safeURL(c.source && c.source.url);
      const srcName = (c.source && c.source.name) || (url ? new URL(url).hostname : '');
      return el('tr', { dataset: { actor: c.actor || '', status: c.status || 'unverified' } },
        el('th', { scope: 'row' }, el('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { colour: claimantColour(c.actor) } }),
          ' ', actorName(c.actor), el('br'), el('span', { class: 'small', text: KIND_WORDS[c.kind] || c.kind || 'statement' })),
        el('td', { class: 'figs' }, figureLines(c).map((l, i) => [i ? el('br') : null, l])),
        el('td', { class: `st status-${c.status || 'unverified'}` }, el('strong', { text: STATUS_WORDS[c.status] || c.status || 'unverified' })),
        el('td', { class: 'src' }, url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: srcName || url }) : srcName || '—',
          c.date ? [el('br'), el('span', { class: 'small', text: fmtDay(c.date) })] : null));
    })));
}

function colourSwatches(root) {
  // Colours are set through the CSSOM (allowed by a strict CSP), never through
  // style attributes in markup.
  for (const s of root.querySelectorAll('.swatch[data-colour]')) s.style.background = s.dataset.colour;
}

// renderIncident returns the panel content for a Feature from /api/incidents/{id}.
export function renderIncident(f, { actorName, onSeries, permalink }) {
  const p = f.properties || {};
  const claims = Array.isArray(p.claims) ? p.claims : [];
  // series_claims sits beside properties in the server's answer; accept both.
  const sc = f.series_claims || p.series_claims;
  const seriesClaims = Array.isArray(sc) ? sc : [];
  const dup = p.place && p.district && p.place.toLowerCase().includes(p.district.toLowerCase());
  const place = [p.place, p.district && !dup ? `${p.district} district` : null].filter(Boolean).join(', ');
  const killed = p.killed_high > 0
    ? (p.killed_low === p.killed_high ? `${p.killed_best}` : `best estimate ${p.killed_best} (range ${p.killed_low}–${p.killed_high})`)
    : null;

  const body = el('article', { class: 'incident', dataset: { id: p.id || f.id || '' } },
    el('h2', { id: 'details-title', tabindex: '-1', text: p.title || '(untitled incident)' }),
    el('dl', { class: 'facts' },
      el('dt', { text: 'Date' }), el('dd', { class: 'f-date', text: fmtDate(p) }),
      el('dt', { text: 'Type' }), el('dd', { class: 'f-type', text: p.type_label || p.type || '' }),
      el('dt', { text: 'Place' }), el('dd', { class: 'f-place' }, place || 'Balochistan', ' — ',
        el('em', { text: p.precision_words || p.precision || 'precision unknown' })),
      p.series ? [el('dt', { text: 'Series' }), el('dd', { class: 'f-series' }, p.series_name || p.series, ' ',
        el('button', { type: 'button', class: 'linkish', onclick: () => onSeries(p.series), text: 'show its incidents' }))] : null,
      killed ? [el('dt', { text: 'Killed' }), el('dd', { class: 'f-killed' }, killed,
        el('span', { class: 'small', text: ' (derived from the claims below; contradicting claims are alternatives, never added)' }))] : null,
    ),
    disputed(p) ? el('p', { class: 'disputed-note' }, el('span', { class: 'badge', 'aria-hidden': 'true', text: '≠' }),
      ` Figures disputed: the claims give from ${p.killed_low} to ${p.killed_high} killed.`) : null,
    claims.length ? claimsTable(claims, actorName, claims.length > 1 ? 'Who said what, side by side' : 'Who said what') : null,
    p.killed_high > 0 ? el('p', { class: 'derived small' },
      el('strong', { text: `Derived: low ${p.killed_low} · best ${p.killed_best} · high ${p.killed_high} killed. ` }),
      'Low and best come from the most trusted claims with a figure (independently verified, else confirmed, else unverified): ' +
      'low is their smallest figure, best their smallest single figure; high is the largest figure any claim gives. ' +
      'Contradicting claims are alternatives and are never added together; denials and claims without figures are left out.') : null,
    el('h3', { text: claims.length === 1 ? 'The claim as stated' : `Claims (${claims.length}), each as stated` }),
    claims.length ? el('ul', { class: 'claims' }, claims.map((c) => claimCard(c, actorName)))
      : el('p', { text: 'No claims recorded.' }),
    seriesClaims.length ? [
      el('h3', { text: `Claims about the whole series${p.series_name ? ` “${p.series_name}”` : ''}` }),
      el('p', { class: 'small', text: 'These statements cover the whole campaign, not this incident alone; their figures are not added to it.' }),
      claims.length > 0 || seriesClaims.length > 1 ? el('p', { class: 'contested series-contested' },
        seriesClaims.map((c, i) => [i ? ' · ' : '', el('span', { text: claimSentence(c) })])) : null,
      el('ul', { class: 'claims series-claims' }, seriesClaims.map((c) => claimCard(c, actorName))),
    ] : null,
    p.description ? [el('h3', { text: 'Description' }), el('p', { class: 'description', text: p.description })] : null,
    el('p', { class: 'small meta' }, `Incident ${p.id || f.id}`, p.revision ? ` · revision ${p.revision}` : '',
      p.updated ? ` · updated ${String(p.updated).slice(0, 10)}` : '', ' · ',
      el('a', { href: permalink, class: 'permalink', text: 'permalink' })),
  );
  colourSwatches(body);
  return body;
}

// renderList returns a list of incidents (a group on the map) as buttons.
export function renderList(title, features, total, onPick) {
  const items = features.map((f) => {
    const p = f.properties || {};
    return el('li', null, el('button', { type: 'button', class: 'linkish item', dataset: { id: p.id || f.id },
      onclick: () => onPick(p.id || f.id) },
    el('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { colour: claimantColour(p.primary_claimant || 'unknown') } }),
    `${p.date || ''} · ${p.title || p.id}`, el('span', { class: 'small', text: ` — ${p.district || p.place || ''}, ${p.primary_claimant || ''}` }),
    disputed(p) ? el('span', { class: 'disputed-tag', text: ` figures disputed (${p.killed_low}–${p.killed_high} killed)` }) : null));
  });
  const box = el('div', { class: 'group' },
    el('h2', { id: 'details-title', tabindex: '-1', text: title }),
    total > features.length ? el('p', { class: 'small', text: `Showing ${features.length} of ${total}. Zoom in or narrow the filters to see the rest.` }) : null,
    el('ol', { class: 'list' }, items));
  colourSwatches(box);
  return box;
}
