// legend.js fills the side panel's legend: the claimants with their counts
// and checkboxes, the compact legend of embeds, the district table, the
// district shading's classes, the total, and the timeline's histogram. All of
// it is counted by the server under the current filter.

import { getJSON, isAbort, Latest } from './api.js';
import { classLabels, choroColour, computeBreaks } from './choro.js';
import { clear, el } from './dom.js';
import { fmtInt } from './format.js';
import { getLang, t, tn } from './i18n.js';
import { assignColours, claimantColour } from './palette.js';
import { filterParams } from './state.js';

export function createLegend(app) {
  const { $, store, data, view } = app;
  const req = { claimants: new Latest(), districts: new Latest(), stats: new Latest(), total: new Latest() };
  const stats = { key: null };

  function renderClaimants() {
    const ul = $('claimants');
    clear(ul);
    const s = store.state;
    const enabled = s.claimant ? new Set(s.claimant) : null;
    const list = [...data.actors.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    // Claimants without incidents under the other filters are folded away, but
    // keep their boxes so that "all ticked" still means no claimant filter.
    const rest = el('ul', { class: 'claimants' });
    const zero = list.filter((a) => a.count === 0).length;
    for (const a of list) {
      const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      sw.style.background = claimantColour(a.id);
      const input = el('input', { type: 'checkbox', value: a.id, checked: !enabled || enabled.has(a.id) });
      input.addEventListener('change', onClaimantToggle);
      (a.count > 0 ? ul : rest).appendChild(el('li', { dataset: { claimant: a.id } }, el('label', null, input, sw,
        el('span', { class: 'name', text: `${a.id}` }), el('span', { class: 'small full', text: ` ${a.name && a.name !== a.id ? a.name : ''}` }),
        el('span', { class: 'count', text: fmtInt(a.count) }))));
    }
    if (zero) ul.appendChild(el('li', null, el('details', null, el('summary', { class: 'small', text: t('moreNoIncidents', { n: zero }) }), rest)));
    renderCompact(list);
  }

  function renderCompact(list) {
    const box = $('compact-legend');
    clear(box);
    const enabled = store.state.claimant ? new Set(store.state.claimant) : null;
    for (const a of list.filter((x) => x.count > 0 && (!enabled || enabled.has(x.id))).slice(0, 8)) {
      const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      sw.style.background = claimantColour(a.id);
      box.appendChild(el('span', { class: 'item' }, sw, a.id));
    }
    box.appendChild(el('span', { class: 'item' }, el('span', { class: 'sym sym-district', 'aria-hidden': 'true' }), t('districtLevel')));
    if (store.state.verified) box.appendChild(el('span', { class: 'item verified' }, t('confirmedFiguresOnly')));
  }

  function onClaimantToggle() {
    const boxes = [...document.querySelectorAll('#claimants input[type=checkbox]')];
    const on = boxes.filter((b) => b.checked).map((b) => b.value);
    store.setState({ claimant: on.length === boxes.length ? null : on });
  }

  function renderDistricts() {
    const tb = $('districts');
    clear(tb);
    const rows = [...data.districtData.values()].filter((d) => d.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    for (const d of rows) {
      tb.appendChild(el('tr', { dataset: { district: d.id } },
        el('th', { scope: 'row' }, el('button', { type: 'button', class: 'linkish', onclick: () => view.showDistrict(d.id), text: (getLang() === 'ur' && d.name_ur) || d.name })),
        el('td', { text: fmtInt(d.count) }), el('td', { text: fmtInt(d.killed_best) })));
    }
    if (!rows.length) tb.appendChild(el('tr', null, el('td', { colspan: 3, text: t('noIncidentsTable') })));
  }

  // updateBreaks recomputes the shading's classes from the district figures.
  function updateBreaks() {
    const choro = store.state.choro;
    data.breaks = computeBreaks([...data.districtData.values()].map((d) => (choro === 'killed' ? d.killed_best || 0 : d.count || 0)));
  }

  function renderChoro() {
    const box = $('choro-legend');
    clear(box);
    const choro = store.state.choro;
    box.hidden = !choro;
    if (!choro) return;
    const what = choro === 'killed' ? t('shadingKilled') : t('shadingIncidents');
    box.appendChild(el('p', { class: 'small', text: what }));
    const ul = el('ul', { class: 'ramp' });
    const labels = classLabels(data.breaks, fmtInt);
    data.breaks.forEach((b, i) => {
      const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      sw.style.background = choroColour(b, data.breaks);
      ul.appendChild(el('li', null, sw, labels[i]));
    });
    if (!data.breaks.length) ul.appendChild(el('li', { text: t('noIncidentsFilter') }));
    box.appendChild(ul);
  }

  function districtsChanged() {
    updateBreaks();
    view.districtLayer.setStyle(view.districtStyle);
    renderChoro();
    renderDistricts();
  }

  async function load() {
    const s = store.state;
    const none = app.clusters.noClaimants();
    if (none) {
      $('total').textContent = t('noClaimantSelected');
      $('total').dataset.total = '0';
    }
    const jobs = [];
    jobs.push(getJSON('/api/claimants', filterParams(s, ['claimant']), req.claimants.signal()).then((list) => {
      data.actors = new Map(list.map((a) => [a.id, a]));
      assignColours(list.map((a) => a.id));
      renderClaimants();
    }));
    if (!none) {
      const dp = getJSON('/api/districts', filterParams(s), req.districts.signal());
      if (!filterParams(s).toString()) data.unfilteredDistricts = dp;
      jobs.push(dp.then((fc) => {
        data.districtData = new Map(fc.features.map((f) => [f.properties.id, f.properties]));
        districtsChanged();
      }));
      const tp = filterParams(s);
      tp.set('limit', '1');
      jobs.push(getJSON('/api/incidents', tp, req.total.signal()).then((fc) => {
        const n = fc.numberMatched ?? 0;
        $('total').textContent = tn('totalMatch', n);
        $('total').dataset.total = String(n);
      }));
    } else {
      data.districtData = new Map();
      districtsChanged();
    }
    jobs.push(loadStats());
    await Promise.all(jobs.map((j) => j.catch((err) => { if (!isAbort(err)) app.setStatus(err.message); })));
  }

  // The timeline shows every date under the other filters, so that the range
  // can be widened again.
  async function loadStats() {
    const s = store.state;
    const tl = app.timeline;
    const p = app.clusters.noClaimants() ? null : filterParams(s, ['from', 'to']);
    const key = p ? p.toString() : 'none';
    if (key === stats.key) {
      // The same histogram: only the selected range moves, unless a date
      // lies outside the months drawn.
      const months = tl.months || [];
      const at = (d) => (d ? months.indexOf(d.slice(0, 7)) : -2);
      const a = at(s.from), b = at(s.to);
      if (months.length && a !== -1 && b !== -1) tl.setRange(a < 0 ? 0 : a, b < 0 ? months.length - 1 : b);
      else tl.setStats(tl.lastStats, s.from, s.to);
      return;
    }
    const st = p ? await getJSON('/api/stats', p, req.stats.signal()) : { months: [] };
    stats.key = key;
    tl.lastStats = st;
    tl.setStats(st, store.state.from, store.state.to);
  }

  return { load, renderChoro, updateBreaks, districtsChanged };
}
