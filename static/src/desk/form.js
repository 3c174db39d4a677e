// form.js is the desk's incident editor: every field of an incident, claims
// as rows with their figures, the place by geocoder search or by a click on
// the map (reverse geocoding names the district), and the derived low /
// best / high killed, recomputed on every change. Text only ever enters the
// page as input values and textContent.

import L from 'leaflet';
import { el, clear } from '../dom.js';
import { api } from './client.js';
import { deriveKilled } from './derive.js';

let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

// labelled wraps a control with its visible label.
function field(label, control, hint) {
  const id = control.id || (control.id = nextId('f'));
  const hintEl = hint ? el('span', { class: 'hint small', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return el('div', { class: 'dfield' }, el('label', { for: id }, label), control, hintEl);
}

function select(options, value, attrs = {}) {
  const s = el('select', attrs);
  for (const o of options) {
    const [v, label] = typeof o === 'string' ? [o, o.replace(/_/g, ' ')] : [o.id, o.label];
    s.appendChild(el('option', { value: v, selected: v === value }, label));
  }
  if (value && ![...s.options].some((o) => o.value === value)) {
    s.appendChild(el('option', { value, selected: true }, value));
  }
  return s;
}

const input = (value, attrs = {}) => {
  const i = el('input', { type: 'text', ...attrs });
  i.value = value ?? '';
  return i;
};

const num = (v) => (v === '' || v === null || v === undefined ? null : Number(v));

// A figure row: group, killed or injured, single / range / at least.
function figureRow(vocab, fig, onChange, onRemove) {
  const group = select(vocab.groups, fig.group || 'unspecified', { 'data-role': 'fig-group' });
  const outcome = select(['killed', 'injured'], fig.outcome || 'killed', { 'data-role': 'fig-outcome' });
  const r = fig.range || { low: 0, high: 0 };
  const formVal = r.at_least ? 'at_least' : (r.low === r.high ? 'single' : 'range');
  const form = select([{ id: 'single', label: 'single figure' }, { id: 'range', label: 'range' }, { id: 'at_least', label: 'at least' }], formVal, { 'data-role': 'fig-form' });
  const low = input(r.low, { type: 'number', min: '0', step: '1', inputmode: 'numeric', 'data-role': 'fig-low', class: 'n' });
  const high = input(r.high, { type: 'number', min: '0', step: '1', inputmode: 'numeric', 'data-role': 'fig-high', class: 'n' });
  const highWrap = field('to', high);
  const sync = () => { highWrap.hidden = form.value !== 'range'; onChange(); };
  form.addEventListener('change', sync);
  const row = el('div', { class: 'figure', role: 'group', 'aria-label': 'Figure' },
    field('Group', group), field('Outcome', outcome), field('Form', form), field('Number', low), highWrap,
    el('button', { type: 'button', class: 'small-btn', onclick: () => { row.remove(); onRemove(); } }, 'Remove figure'));
  highWrap.hidden = formVal !== 'range';
  row.addEventListener('input', onChange);
  row.addEventListener('change', onChange);
  row.read = () => {
    const lo = num(low.value) ?? 0;
    let range;
    if (form.value === 'range') range = { low: lo, high: num(high.value) ?? lo };
    else if (form.value === 'at_least') range = { low: lo, high: lo, at_least: true };
    else range = { low: lo, high: lo };
    return { group: group.value, outcome: outcome.value, range };
  };
  return row;
}

function figuresOf(casualties) {
  const out = [];
  for (const [group, f] of Object.entries(casualties || {})) {
    if (f.killed) out.push({ group, outcome: 'killed', range: f.killed });
    if (f.injured) out.push({ group, outcome: 'injured', range: f.injured });
  }
  return out;
}

function claimRow(vocab, c, n, onChange) {
  const actor = select(vocab.actors.map((a) => ({ id: a.id, label: `${a.label} (${a.id})` })), c.actor || 'unknown', { 'data-role': 'actor' });
  const kind = select(vocab.kinds, c.kind || 'media_report', { 'data-role': 'kind' });
  const date = input(c.date, { type: 'date', 'data-role': 'claim-date' });
  const status = select(vocab.statuses, c.status || 'unverified', { 'data-role': 'status' });
  const srcName = input(c.source && c.source.name, { 'data-role': 'source-name' });
  const srcURL = input(c.source && c.source.url, { type: 'url', 'data-role': 'source-url', placeholder: 'https://' });
  const notes = el('textarea', { rows: '2', 'data-role': 'notes' });
  notes.value = c.notes || '';
  const figs = el('div', { class: 'figures' });
  const addFig = (f) => figs.appendChild(figureRow(vocab, f, onChange, onChange));
  for (const f of figuresOf(c.casualties)) addFig(f);
  const legend = el('legend', null, `Claim ${n}`);
  const row = el('fieldset', { class: 'claim', 'data-role': 'claim' }, legend,
    el('div', { class: 'row' }, field('Actor', actor), field('Kind', kind), field('Statement date', date), field('Status', status)),
    el('div', { class: 'row' }, field('Source name', srcName), field('Source URL', srcURL, 'http or https only')),
    el('h4', null, 'Figures'), figs,
    el('button', { type: 'button', class: 'small-btn', onclick: () => { addFig({ group: 'unspecified', outcome: 'killed', range: { low: 0, high: 0 } }); onChange(); } }, 'Add figure'),
    field('Notes', notes),
    el('button', { type: 'button', class: 'small-btn danger', onclick: () => { row.remove(); onChange(); } }, `Remove claim`));
  row.addEventListener('input', onChange);
  row.addEventListener('change', onChange);
  row.read = () => {
    const casualties = {};
    for (const fr of figs.children) {
      const f = fr.read();
      casualties[f.group] = casualties[f.group] || {};
      casualties[f.group][f.outcome] = f.range;
    }
    const cl = { actor: actor.value, kind: kind.value, status: status.value, source: { name: srcName.value.trim() } };
    if (srcURL.value.trim()) cl.source.url = srcURL.value.trim();
    if (date.value) cl.date = date.value;
    if (Object.keys(casualties).length) cl.casualties = casualties;
    if (notes.value.trim()) cl.notes = notes.value;
    return cl;
  };
  return row;
}

function sourceRow(s, onChange) {
  const name = input(s.name, { 'data-role': 'isource-name' });
  const url = input(s.url, { type: 'url', 'data-role': 'isource-url', placeholder: 'https://' });
  const row = el('div', { class: 'row source' }, field('Source name', name), field('URL', url),
    el('button', { type: 'button', class: 'small-btn', onclick: () => { row.remove(); onChange(); } }, 'Remove source'));
  row.read = () => (url.value.trim() ? { name: name.value.trim(), url: url.value.trim() } : { name: name.value.trim() });
  return row;
}

export class IncidentForm {
  // opts: vocab, heading, onSave(incident) -> Promise, saveLabel
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.base = null; // the incident being edited, as loaded
  }

  load(inc) {
    const v = this.opts.vocab;
    this.base = inc || null;
    const i = inc || { claims: [], location: {} };
    clear(this.root);
    const onChange = () => this.update();
    this.f = {};
    const f = this.f;
    f.id = input(i.id, { 'data-role': 'id', readonly: !!(inc && inc.revision), spellcheck: 'false' });
    f.title = input(i.title, { 'data-role': 'title', required: true });
    f.description = el('textarea', { rows: '3', 'data-role': 'description' });
    f.description.value = i.description || '';
    f.date = input(i.date, { type: 'date', 'data-role': 'date', required: true });
    f.endDate = input(i.end_date, { type: 'date', 'data-role': 'end-date' });
    f.precision = select(v.date_precisions, i.date_precision || 'day', { 'data-role': 'date-precision' });
    f.type = select(v.types, i.type || 'other', { 'data-role': 'type' });
    f.series = input(i.series, { 'data-role': 'series', spellcheck: 'false' });
    f.tags = input((i.tags || []).join(', '), { 'data-role': 'tags' });
    const loc = i.location || {};
    f.place = input(loc.name, { 'data-role': 'place-name' });
    f.lon = input(loc.lon ?? '', { type: 'number', step: 'any', 'data-role': 'lon' });
    f.lat = input(loc.lat ?? '', { type: 'number', step: 'any', 'data-role': 'lat' });
    f.locPrecision = select(v.precisions, loc.precision || 'exact', { 'data-role': 'loc-precision' });
    this.method = loc.method || '';
    f.district = el('output', { 'data-role': 'district', 'aria-live': 'polite' }, loc.district ? `District: ${loc.district}` : '');
    f.search = input('', { type: 'search', 'data-role': 'place-search', placeholder: 'Turbat, Mastung, N-25 near Kalat' });
    f.cands = el('ul', { class: 'cands', 'data-role': 'candidates', 'aria-label': 'Places found' });
    f.sources = el('div', { class: 'sources' });
    for (const s of i.sources || []) f.sources.appendChild(sourceRow(s, onChange));
    f.claims = el('div', { class: 'claims' });
    (i.claims || []).forEach((c, n) => f.claims.appendChild(claimRow(v, c, n + 1, onChange)));
    f.killed = el('output', { class: 'killed', 'data-role': 'killed', 'aria-live': 'polite' });
    f.error = el('p', { class: 'error', role: 'alert', 'data-role': 'form-error' });
    f.mapEl = el('div', { class: 'pickmap', 'data-role': 'pick-map', role: 'application', 'aria-label': 'Map: click to place the incident' });

    const searchBtn = el('button', { type: 'button', 'data-role': 'place-search-btn', onclick: () => this.search() }, 'Search places');
    f.search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); this.search(); } });
    const form = el('form', { class: 'incident-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); this.save(); } },
      el('h3', null, this.opts.heading || 'Incident'),
      el('div', { class: 'row' }, field('Id', f.id, 'Letters, digits, - and _; fixed once saved; left empty, the desk makes one'), field('Type', f.type)),
      field('Title', f.title),
      field('Description', f.description),
      el('fieldset', null, el('legend', null, 'When'),
        el('div', { class: 'row' }, field('Date', f.date), field('Precision', f.precision), field('End date (range or several days)', f.endDate))),
      el('fieldset', null, el('legend', null, 'Where'),
        el('div', { class: 'row' }, field('Find a place', f.search), searchBtn), f.cands,
        f.mapEl,
        el('div', { class: 'row' }, field('Place name as reported', f.place), field('Longitude', f.lon), field('Latitude', f.lat), field('Place precision', f.locPrecision)),
        f.district),
      el('div', { class: 'row' }, field('Series id', f.series, 'A campaign the incident belongs to, if any'), field('Tags', f.tags, 'Separated by commas')),
      el('fieldset', null, el('legend', null, 'Sources'), f.sources,
        el('button', { type: 'button', class: 'small-btn', onclick: () => { f.sources.appendChild(sourceRow({}, onChange)); } }, 'Add source')),
      el('fieldset', null, el('legend', null, 'Claims'), f.claims,
        el('button', { type: 'button', class: 'small-btn', 'data-role': 'add-claim',
          onclick: () => { f.claims.appendChild(claimRow(v, {}, f.claims.children.length + 1, onChange)); onChange(); } }, 'Add claim')),
      el('p', null, 'Derived killed (the stored rule): ', f.killed),
      f.error,
      el('button', { type: 'submit', class: 'primary', 'data-role': 'save' }, this.opts.saveLabel || 'Save'));
    form.addEventListener('input', onChange);
    form.addEventListener('change', onChange);
    this.root.appendChild(form);
    this.form = form;
    this.initMap();
    this.update();
  }

  initMap() {
    const f = this.f;
    const map = L.map(f.mapEl, { minZoom: 4, maxZoom: 14, attributionControl: true, keyboard: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Boundaries: OCHA COD-AB (CC BY-IGO)');
    map.setView([28.5, 65.5], 5);
    this.map = map;
    const outline = L.geoJSON(null, { interactive: false, style: { color: '#555', weight: 1, fill: false } }).addTo(map);
    fetch('/api/districts').then((r) => r.json()).then((fc) => outline.addData(fc)).catch(() => {});
    this.marker = null;
    map.on('click', (e) => this.pick(e.latlng.lng, e.latlng.lat, 'manual'));
    this.placeMarker();
    setTimeout(() => map.invalidateSize(), 0);
  }

  placeMarker() {
    const lon = num(this.f.lon.value), lat = num(this.f.lat.value);
    if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) return;
    if (this.marker) this.marker.setLatLng([lat, lon]);
    else this.marker = L.circleMarker([lat, lon], { radius: 7, color: '#d55e00', weight: 3 }).addTo(this.map);
  }

  // pick places the incident at a point and names its district.
  async pick(lon, lat, method, precision) {
    const f = this.f;
    f.lon.value = lon.toFixed(5);
    f.lat.value = lat.toFixed(5);
    this.method = method;
    if (precision) f.locPrecision.value = precision;
    if (method === 'manual') {
      // A point chosen by hand is exact, and no longer the place found by
      // name.
      f.locPrecision.value = 'exact';
      if (this.foundName && f.place.value === this.foundName) f.place.value = '';
    } else if (this.map) {
      this.map.setView([lat, lon], Math.max(this.map.getZoom(), 8));
    }
    this.placeMarker();
    try {
      const r = await api.reverse(lon, lat);
      const p = r.place || {};
      const where = [p.tehsil && `tehsil ${p.tehsil}`, p.district && `district ${p.district}`, p.admin1, p.country].filter(Boolean).join(', ');
      f.district.textContent = where ? `Reverse geocoding: ${where}${p.near ? ' (near the border)' : ''}` : 'Outside the mapped region';
    } catch (err) {
      f.district.textContent = `Reverse geocoding failed: ${err.message}`;
    }
    this.update();
  }

  async search() {
    const f = this.f;
    clear(f.cands);
    const q = f.search.value.trim();
    if (!q) return;
    try {
      const r = await api.geocode(q);
      if (!r.candidates.length) {
        f.cands.appendChild(el('li', null, 'No place of that name in the gazetteer.'));
        return;
      }
      for (const c of r.candidates) {
        const where = [c.kind, c.district && `in ${c.district}`, c.admin1, `precision ${c.precision}`].filter(Boolean).join(', ');
        f.cands.appendChild(el('li', null, el('button', { type: 'button', class: 'linkish', 'data-role': 'candidate',
          onclick: () => { f.place.value = c.name; this.foundName = c.name; this.pick(c.point[0], c.point[1], 'gazetteer', c.precision); clear(f.cands); } },
        el('bdi', null, c.name), ` (${where})`)));
      }
    } catch (err) {
      f.cands.appendChild(el('li', { class: 'error' }, err.message));
    }
  }

  update() {
    // Claims are numbered in order, also after one is removed.
    [...this.f.claims.children].forEach((c, i) => { c.querySelector('legend').textContent = `Claim ${i + 1}`; });
    const inc = this.value();
    const k = deriveKilled(inc.claims);
    this.f.killed.textContent = `low ${k.low}, best ${k.best}, high ${k.high}`;
    this.placeMarker();
  }

  // value reads the form into an incident as the write API takes it; the
  // record fields come from the loaded incident untouched, so the server
  // can tell a stale edit (409).
  value() {
    const f = this.f;
    const inc = {
      id: f.id.value.trim(),
      title: f.title.value,
      date: f.date.value,
      date_precision: f.precision.value,
      type: f.type.value,
      location: { name: f.place.value.trim(), lon: num(f.lon.value) ?? 0, lat: num(f.lat.value) ?? 0, precision: f.locPrecision.value },
      claims: [...f.claims.children].map((r) => r.read()),
    };
    if (this.method) inc.location.method = this.method;
    if (f.description.value.trim()) inc.description = f.description.value;
    if (f.endDate.value) inc.end_date = f.endDate.value;
    if (f.series.value.trim()) inc.series = f.series.value.trim();
    const tags = f.tags.value.split(',').map((t) => t.trim()).filter(Boolean);
    if (tags.length) inc.tags = tags;
    const sources = [...f.sources.children].map((r) => r.read()).filter((s) => s.name || s.url);
    if (sources.length) inc.sources = sources;
    if (this.base && this.base.revision) {
      inc.revision = this.base.revision;
      inc.state = this.base.state;
    } else if (this.base && this.base.state) {
      inc.state = this.base.state;
    }
    return inc;
  }

  async save() {
    const f = this.f;
    f.error.textContent = '';
    try {
      const out = await this.opts.onSave(this.value(), this);
      return out;
    } catch (err) {
      f.error.textContent = `Not saved: ${err.message}`;
      const bad = err.field && this.form.querySelector(`[data-role="${fieldRole(err.field)}"]`);
      if (bad) bad.setAttribute('aria-invalid', 'true');
      return null;
    }
  }

  destroy() {
    if (this.map) this.map.remove();
    this.map = null;
  }
}

// fieldRole maps a server field path to the control that holds it.
function fieldRole(path) {
  const m = { title: 'title', date: 'date', end_date: 'end-date', type: 'type', id: 'id', description: 'description', location: 'lon' };
  return m[path.split(/[.[]/)[0]] || 'title';
}
