// details.js renders one incident for the details panel (the page's popup):
// title, date with its precision, place with its precision in words, series,
// then every claim on its own, with contested figures side by side and never
// merged. Everything is built with dom.el, so all text is escaped.

import { el, safeURL } from './dom.js';
import { claimSentence, figures, fmtDate, fmtDay, fmtRange, groupsOf, kindWords, statusWords } from './format.js';
import { fmtNum, listSep, t, word } from './i18n.js';

// PRECISION_KEYS are the message keys of the place precisions.
export const PRECISION_KEYS = { exact: 'precExact', town: 'precTown', tehsil: 'precTehsil', route: 'precRoute',
  district: 'precDistrict', province: 'precProvince' };
import { claimantColour } from './palette.js';

function claimCard(c, actorName) {
  const figs = figures(c.casualties);
  const url = safeURL(c.source && c.source.url);
  const srcName = (c.source && c.source.name) || (url ? new URL(url).hostname : '');
  return el('li', { class: 'claim', dataset: { actor: c.actor || '', status: c.status || '' } },
    el('p', { class: 'claim-head' },
      el('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { colour: claimantColour(c.actor) } }),
      el('strong', { text: actorName(c.actor) }),
      ' · ', kindWords(c.kind),
      c.date ? ` · ${fmtDate({ date: c.date })}` : ''),
    el('p', { class: 'claim-figs' }, figs.length ? figs.join('; ') : (c.kind === 'denial' ? t('deniesClaim') : t('noCasualties'))),
    el('p', { class: `claim-status status-${c.status || 'unverified'}` }, t('statusLabel'), el('strong', { text: statusWords(c.status) })),
    c.notes ? el('p', { class: 'claim-notes', text: c.notes }) : null,
    srcName || url ? el('p', { class: 'claim-source' }, t('sourceLabel'),
      url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', text: srcName || url }) : srcName) : null,
  );
}

// figureLines are a claim's figures by group, one line each: "20 security
// forces killed, 3 injured".
function figureLines(c) {
  if (c.kind === 'denial') return [t('denies')];
  const out = [];
  const cas = c.casualties || {};
  for (const g of groupsOf(cas)) {
    const f = cas[g];
    const parts = [];
    if (f.killed) parts.push(t('nKilled', { n: fmtRange(f.killed) }));
    if (f.injured) parts.push(t('nInjured', { n: fmtRange(f.injured) }));
    if (parts.length) out.push(t('groupLine', { group: word('group', g, g), parts: parts.join(listSep()) }));
  }
  return out.length ? out : [t('noFigures')];
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
    el('thead', null, el('tr', null, ['colWho', 'colFigures', 'colStatus', 'colSource'].map((h) => el('th', { scope: 'col', text: t(h) })))),
    el('tbody', null, claims.map((c) => {
      const url = safeURL(c.source && c.source.url);
      const srcName = (c.source && c.source.name) || (url ? new URL(url).hostname : '');
      return el('tr', { dataset: { actor: c.actor || '', status: c.status || 'unverified' } },
        el('th', { scope: 'row' }, el('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { colour: claimantColour(c.actor) } }),
          ' ', actorName(c.actor), el('br'), el('span', { class: 'small', text: kindWords(c.kind) })),
        el('td', { class: 'figs' }, figureLines(c).map((l, i) => [i ? el('br') : null, l])),
        el('td', { class: `st status-${c.status || 'unverified'}` }, el('strong', { text: statusWords(c.status) })),
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
//
// localName(kind, name), if given, is the name in the page's language of a
// district (kind 'district'), or null.
export function renderIncident(f, { actorName, onSeries, permalink, localName = null }) {
  const p = f.properties || {};
  const claims = Array.isArray(p.claims) ? p.claims : [];
  // series_claims sits beside properties in the server's answer; accept both.
  const sc = f.series_claims || p.series_claims;
  const seriesClaims = Array.isArray(sc) ? sc : [];
  const dup = p.place && p.district && p.place.toLowerCase().includes(p.district.toLowerCase());
  const district = (p.district && localName && localName('district', p.district_id || p.district)) || p.district;
  // The district in the page's language is added even when the place's
  // own words name it (they are in English).
  const place = [p.place, p.district && (!dup || district !== p.district) ? t('districtOf', { district }) : null].filter(Boolean).join(listSep());
  const killed = p.killed_high > 0
    ? (p.killed_low === p.killed_high ? fmtNum(p.killed_best) : t('bestRange', { best: p.killed_best, low: p.killed_low, high: p.killed_high }))
    : null;

  const body = el('article', { class: 'incident', dataset: { id: p.id || f.id || '' } },
    el('h2', { id: 'details-title', tabindex: '-1', dir: 'auto', text: p.title || t('untitled') }),
    el('dl', { class: 'facts' },
      el('dt', { text: t('date') }), el('dd', { class: 'f-date', text: fmtDate(p) }),
      el('dt', { text: t('type') }), el('dd', { class: 'f-type', text: word('type', p.type, p.type_label || p.type || '') }),
      el('dt', { text: t('place') }), el('dd', { class: 'f-place' }, place || t('balochistan'), ' — ',
        el('em', { text: PRECISION_KEYS[p.precision] ? t(PRECISION_KEYS[p.precision]) : p.precision_words || p.precision || t('precisionUnknown') })),
      p.series ? [el('dt', { text: t('series') }), el('dd', { class: 'f-series' }, p.series_name || p.series, ' ',
        el('button', { type: 'button', class: 'linkish', onclick: () => onSeries(p.series), text: t('showSeries') }))] : null,
      killed ? [el('dt', { text: t('killed') }), el('dd', { class: 'f-killed' }, killed,
        el('span', { class: 'small', text: t('killedNote') }))] : null,
    ),
    disputed(p) ? el('p', { class: 'disputed-note' }, el('span', { class: 'badge', 'aria-hidden': 'true', text: '≠' }),
      t('disputedNote', { low: p.killed_low, high: p.killed_high })) : null,
    claims.length ? claimsTable(claims, actorName, claims.length > 1 ? t('whoSaidWhatSide') : t('whoSaidWhat')) : null,
    p.killed_high > 0 ? el('p', { class: 'derived small' },
      el('strong', { text: t('derived', { low: p.killed_low, best: p.killed_best, high: p.killed_high }) }),
      t('derivedRule')) : null,
    el('h3', { text: claims.length === 1 ? t('claimAsStated') : t('claimsAsStated', { n: claims.length }) }),
    claims.length ? el('ul', { class: 'claims' }, claims.map((c) => claimCard(c, actorName)))
      : el('p', { text: t('noClaims') }),
    seriesClaims.length ? [
      el('h3', { text: p.series_name ? t('seriesClaimsNamed', { name: p.series_name }) : t('seriesClaims') }),
      el('p', { class: 'small', text: t('seriesNote') }),
      claims.length > 0 || seriesClaims.length > 1 ? el('p', { class: 'contested series-contested' },
        seriesClaims.map((c, i) => [i ? ' · ' : '', el('span', { text: claimSentence(c) })])) : null,
      el('ul', { class: 'claims series-claims' }, seriesClaims.map((c) => claimCard(c, actorName))),
    ] : null,
    p.description ? [el('h3', { text: t('description') }), el('p', { class: 'description', lang: 'en', dir: 'auto', text: p.description })] : null,
    el('p', { class: 'small meta' }, t('incidentId', { id: p.id || f.id }), p.revision ? t('revision', { n: p.revision }) : '',
      p.updated ? t('updated', { date: fmtDay(String(p.updated).slice(0, 10)) }) : '', ' · ',
      el('a', { href: permalink, class: 'permalink', text: t('permalink') })),
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
    `${p.date ? fmtDay(p.date) : ''} · ${p.title || p.id}`, el('span', { class: 'small', text: ` — ${p.district || p.place || ''}, ${p.primary_claimant || ''}` }),
    disputed(p) ? el('span', { class: 'disputed-tag', text: t('figDisputed', { low: p.killed_low, high: p.killed_high }) }) : null));
  });
  const box = el('div', { class: 'group' },
    el('h2', { id: 'details-title', tabindex: '-1', text: title }),
    total > features.length ? el('p', { class: 'small', text: t('showing', { shown: features.length, total }) }) : null,
    el('ol', { class: 'list' }, items));
  colourSwatches(box);
  return box;
}
