// app.js wires the page: the Leaflet map with an offline basemap drawn from the
// gazetteer, server-side clusters fetched per viewport, the claimant legend,
// filters, timeline, details panel, and the URL that holds all of it.

import L from 'leaflet';
import './app.css';

import { getJSON, isAbort, Latest } from './api.js';
import { disputed, renderIncident, renderList } from './details.js';
import { clear, el } from './dom.js';
import { fmtDay, fmtInt } from './format.js';
import { DistrictIndex, bbox as geomBBox } from './geom.js';
import { assignColours, claimantColour, RAMP } from './palette.js';
import { filterParams, parseState, stateToSearch } from './state.js';
import { Timeline } from './timeline.js';
import { snapshot } from './snapshot.js';
import { clusterSize, declutter } from './symbols.js';
import { BASE, Basemap } from './basemap.js';

const $ = (id) => document.getElementById(id);
const embed = document.body.dataset.mode === 'embed' || /^\/embed\/?$/.test(location.pathname);
if (embed) document.body.dataset.mode = 'embed';

// The province's bounds (from the gazetteer's outline), so that the first view
// and its cluster request need not wait for the outline to load.
const BALOCHISTAN = [[24.89, 60.88], [32.10, 70.29]];
const MAX_ZOOM = 16;
const LIST_LIMIT = 50;

let state = parseState(location.search);
let actors = new Map(); // id -> {id, name, count}
let types = [];
let districtGeo = null; // FeatureCollection from the first /api/districts
let districtIndex = null;
let districtData = new Map(); // id -> properties under the current filter
let provinceFeature = null;
let lastClusters = [];
let firstView = false;
let unfilteredDistricts = null; // the legend's /api/districts request when no filter is set, shared with the basemap
let lastBBox = '-180,-85,180,85';
let routeFeatures = []; // /api/routes, for snapshots // the bbox the clusters on the map were asked for

// ---- map and layers -------------------------------------------------------

const map = L.map('map', {
  minZoom: 4,
  maxZoom: MAX_ZOOM,
  zoomSnap: 1,
  keyboard: true,
  attributionControl: true,
  preferCanvas: false,
});
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution('Boundaries: <a href="https://data.humdata.org/dataset/cod-ab-pak">OCHA COD-AB</a> (CC BY-IGO); Iran, Afghanistan: <a href="https://github.com/whosonfirst-data/whosonfirst-data/blob/master/LICENSE.md">Who\'s On First</a>');
map.attributionControl.addAttribution('Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)');
map.attributionControl.addAttribution('Sea, countries, rivers, ranges: <a href="https://www.naturalearthdata.com/">Natural Earth</a>');
map.attributionControl.addAttribution('incidentmap');
map.createPane('districts').style.zIndex = 350;
map.createPane('routes').style.zIndex = 380;
map.createPane('highlight').style.zIndex = 390;
map.createPane('labels').style.zIndex = 420;
map.createPane('incidents').style.zIndex = 610;
map.getPane('labels').style.pointerEvents = 'none';
map.getPane('highlight').style.pointerEvents = 'none';
map.getPane('routes').style.pointerEvents = 'none';

const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
  maxZoom: 19,
  crossOrigin: true,
  attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
});
// The online background fails visibly: when its tiles cannot load (no
// internet, blocked), a message says so and the offline basemap stays.
let osmLoaded = 0;
osm.on('tileload', () => { osmLoaded++; $('osm-error').hidden = true; });
osm.on('tileerror', () => {
  if (osmLoaded) return;
  $('osm-error').hidden = false;
});
osm.on('remove', () => { $('osm-error').hidden = true; osmLoaded = 0; });
const provinceLayer = L.geoJSON(null, { pane: 'districts', interactive: false,
  style: { color: '#333', weight: 2, fill: false } });
const districtLayer = L.geoJSON(null, { pane: 'districts', style: districtStyle,
  onEachFeature: (f, layer) => layer.on('click', () => showDistrict(f.properties.id)) });
// Highways and railways of the gazetteer, for context and to show what "on
// the N-25 near Mastung" means; railways dashed.
const routeLayer = L.geoJSON(null, { pane: 'routes', interactive: false,
  style: (f) => ({ color: '#6b5b45', weight: f.properties.kind === 'railway' ? 1.5 : 2, opacity: 0.8,
    dashArray: f.properties.kind === 'railway' ? '4 3' : null, className: `route route-${f.properties.kind}` }) });
const basemap = new Basemap(map);
const highlightLayer = L.geoJSON(null, { pane: 'highlight', interactive: false,
  style: { color: '#000', weight: 3, dashArray: '6 4', fillColor: '#000', fillOpacity: 0.08 } });
const incidentLayer = L.layerGroup([], { pane: 'incidents' });
provinceLayer.addTo(map);
districtLayer.addTo(map);
routeLayer.addTo(map);
highlightLayer.addTo(map);
incidentLayer.addTo(map);
map.fitBounds(BALOCHISTAN);

function districtStyle(f) {
  // Over an online background the districts are outlines with a light wash.
  const base = { color: '#7a7a7a', weight: 1, fillColor: BASE.balochistan, fillOpacity: state.osm ? 0.15 : 1 };
  if (!state.choro) return base;
  const v = choroValue(f.properties.id);
  return { ...base, fillColor: v > 0 ? choroColour(v) : BASE.balochistan, fillOpacity: 0.75 };
}

// ---- choropleth -----------------------------------------------------------

let breaks = [];

function choroValue(id) {
  const d = districtData.get(id);
  if (!d) return 0;
  return state.choro === 'killed' ? d.killed_best || 0 : d.count || 0;
}

function computeBreaks() {
  const vals = [...districtData.keys()].map(choroValue).filter((v) => v > 0).sort((a, b) => a - b);
  const uniq = [...new Set(vals)];
  const k = Math.min(5, uniq.length);
  breaks = [];
  for (let i = 1; i <= k; i++) breaks.push(vals[Math.min(vals.length - 1, Math.ceil((i * vals.length) / k) - 1)]);
  breaks = [...new Set(breaks)];
}

function choroColour(v) {
  const i = breaks.findIndex((b) => v <= b);
  const idx = i < 0 ? breaks.length - 1 : i;
  const step = breaks.length > 1 ? (RAMP.length - 1) / (breaks.length - 1) : 0;
  return RAMP[Math.round(idx * step)];
}

function renderChoroLegend() {
  const box = $('choro-legend');
  clear(box);
  box.hidden = !state.choro;
  if (!state.choro) return;
  const what = state.choro === 'killed' ? 'Killed per district (best estimate)' : 'Incidents per district';
  box.appendChild(el('p', { class: 'small', text: what }));
  const ul = el('ul', { class: 'ramp' });
  let lo = 1;
  for (const b of breaks) {
    const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.background = choroColour(b);
    ul.appendChild(el('li', null, sw, lo === b ? `${fmtInt(b)}` : `${fmtInt(lo)}–${fmtInt(b)}`));
    lo = b + 1;
  }
  if (!breaks.length) ul.appendChild(el('li', { text: 'no incidents under the current filter' }));
  box.appendChild(ul);
}

// ---- incidents: server-side clusters per viewport -------------------------

const clusterReq = new Latest();

function viewBBox() {
  const b = map.getBounds().pad(0.05);
  const c = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return [c(b.getWest(), -180, 180), c(b.getSouth(), -85, 85), c(b.getEast(), -180, 180), c(b.getNorth(), -85, 85)]
    .map((v) => v.toFixed(5)).join(',');
}

function noClaimants() {
  return Array.isArray(state.claimant) && state.claimant.length === 0;
}

async function loadClusters() {
  const signal = clusterReq.signal();
  if (noClaimants()) {
    drawClusters([]);
    return;
  }
  const p = filterParams(state);
  p.set('zoom', String(map.getZoom()));
  const box = viewBBox();
  p.set('bbox', box);
  setStatus('Loading incidents…');
  try {
    const fc = await getJSON('/api/clusters', p, signal);
    lastBBox = box;
    drawClusters(fc.features || []);
  } catch (err) {
    if (!isAbort(err)) setStatus(`Could not load incidents: ${err.message}`);
  }
}

const PRECISION_WORDS = {
  exact: 'exact location', town: 'located to town or village', tehsil: 'located to tehsil level',
  route: 'located to a stretch of road or railway', district: 'located to district level',
  province: 'located only to province level',
};

function districtOf(lon, lat) {
  const f = districtIndex && districtIndex.find(lon, lat);
  return f ? f.properties : null;
}

function clusterIcon(p, n) {
  const size = clusterSize(n);
  const div = el('div', { class: 'cluster' }, el('span', { text: n >= 10000 ? `${Math.round(n / 1000)}k` : fmtInt(n) }));
  const parts = Object.entries(p.claimants || {}).sort((a, b) => b[1] - a[1]);
  const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
  let at = 0;
  const stops = parts.map(([a, v]) => {
    const from = at;
    at += (v / total) * 360;
    return `${claimantColour(a)} ${from.toFixed(1)}deg ${at.toFixed(1)}deg`;
  });
  div.style.background = stops.length ? `conic-gradient(${stops.join(', ')})` : claimantColour(p.primary_claimant || 'unknown');
  div.style.width = div.style.height = `${size}px`;
  return L.divIcon({ html: div, className: 'cluster-icon', iconSize: [size, size] });
}

function singleIcon(p) {
  const colour = claimantColour(p.primary_claimant || 'unknown');
  const prec = p.precision || 'exact';
  const cls = prec === 'district' ? 'single district' : prec === 'province' ? 'single province' : 'single point';
  const div = el('div', { class: cls });
  if (prec === 'district' || prec === 'province') div.style.borderColor = colour;
  else div.style.background = colour;
  if (p.status === 'unverified') div.classList.add('unverified');
  if (disputed(p)) div.classList.add('disputed');
  const size = prec === 'province' ? 34 : prec === 'district' ? 26 : 16;
  return L.divIcon({ html: div, className: 'single-icon', iconSize: [size, size] });
}

// The page never draws more than MAX_SYMBOLS symbols. Below the cluster zoom
// the server's 32-pixel grid keeps a view to about a thousand; the cap only
// matters for dense places at the highest zooms, and then the largest groups
// are drawn and the status line says so.
const MAX_SYMBOLS = 5000;

function drawClusters(raw) {
  const all = declutter(raw, ([lon, lat]) => map.latLngToLayerPoint([lat, lon]));
  let features = all;
  if (all.length > MAX_SYMBOLS) features = [...all].sort((a, b) => (b.properties.count || 1) - (a.properties.count || 1)).slice(0, MAX_SYMBOLS);
  lastClusters = features;
  incidentLayer.clearLayers();
  const inView = all.reduce((sum, f) => sum + (f.properties.count || 1), 0);
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties || {};
    const n = p.count || 1;
    const d = districtOf(lon, lat);
    const single = n === 1 && p.id;
    const label = single
      ? `${p.title || p.id}. ${p.primary_claimant || 'unknown'}; ${PRECISION_WORDS[p.precision] || ''}${d && p.precision === 'district' ? ` (${d.name})` : ''}` +
        (disputed(p) ? `; figures disputed: ${p.killed_low} to ${p.killed_high} killed` : '')
      : `${fmtInt(n)} incidents${d ? ` around ${d.name}` : ''}; ${Object.entries(p.claimants || {}).map(([a, v]) => `${a} ${v}`).join(', ')}`;
    const m = L.marker([lat, lon], { icon: single ? singleIcon(p) : clusterIcon(p, n), keyboard: true, title: label,
      alt: label, riseOnHover: true, pane: 'incidents' });
    m.on('add', () => {
      const e = m.getElement();
      if (!e) return;
      e.setAttribute('role', 'button');
      e.setAttribute('aria-label', label);
      Object.assign(e.dataset, { count: n, claimant: p.primary_claimant || '', district: d ? d.id : '',
        precision: single ? p.precision || '' : '', id: single ? p.id : '', disputed: single && disputed(p) ? '1' : '' });
      if (single && p.id === state.sel) e.classList.add('selected');
    });
    if (single && (p.precision === 'district' || p.precision === 'province')) {
      const show = () => highlight(p.precision === 'province' ? provinceFeature : d && districtFeature(d.id));
      m.on('mouseover focus', show);
      m.on('mouseout blur', () => highlight(null));
    }
    const activate = () => (single ? openIncident(p.id) : openCluster(f));
    m.on('click', activate);
    // Leaflet makes markers focusable; Enter or Space on a focused marker opens it.
    m.on('keypress', (e) => {
      const k = e.originalEvent && e.originalEvent.key;
      if (k === 'Enter' || k === ' ') {
        e.originalEvent.preventDefault();
        activate();
      }
    });
    incidentLayer.addLayer(m);
  }
  const groups = features.filter((f) => (f.properties.count || 1) > 1).length;
  setStatus(`${fmtInt(inView)} incident${inView === 1 ? '' : 's'} in view${groups ? ` (${fmtInt(groups)} group${groups === 1 ? '' : 's'})` : ''}` +
    (all.length > features.length ? `; only the ${fmtInt(MAX_SYMBOLS)} largest of ${fmtInt(all.length)} symbols are drawn: zoom in or narrow the filters` : ''));
  $('status').dataset.inview = String(inView);
  if (!firstView) {
    firstView = true;
    performance.mark('incidentmap:first-view'); // read by the perf script
  }
  $('status').dataset.features = String(features.length);
  if (!$('list-box').hidden && $('list-box').open) loadList();
}

function districtFeature(id) {
  return districtGeo && districtGeo.features.find((f) => f.properties.id === id);
}

function highlight(feature) {
  highlightLayer.clearLayers();
  if (feature) highlightLayer.addData(feature);
}

// openCluster zooms into a large group, and lists a small one (or one that
// cannot be split because its incidents share a place).
async function openCluster(f) {
  const [lon, lat] = f.geometry.coordinates;
  const n = f.properties.count || 0;
  // A symbol made of several grid cells (merged so as not to overlap) is
  // zoomed into: its incidents are not those of one cell.
  if ((n > 25 || f.properties.merged) && map.getZoom() < MAX_ZOOM - 2) {
    map.setView([lat, lon], Math.min(map.getZoom() + 2, MAX_ZOOM));
    return;
  }
  const p = filterParams(state);
  const b = cellBBox(lat, lon);
  p.set('bbox', b.map((v) => Number(v).toFixed(6)).join(','));
  p.set('limit', String(LIST_LIMIT));
  try {
    const fc = await getJSON('/api/incidents', p);
    state.sel = '';
    showPanel(renderList(`${fmtInt(fc.numberMatched ?? n)} incidents here`, fc.features || [], fc.numberMatched || 0,
      (id) => openIncident(id)));
  } catch (err) {
    setStatus(`Could not list the incidents: ${err.message}`);
  }
}

// cellBBox is the grid cell a cluster stands for. The server groups the
// incidents of zoom z into the Web Mercator grid of zoom z+3 (8 x 8 cells per
// 256-pixel tile) and places the cluster at its incidents' mean, which lies
// inside the cell; the cell is clipped to the box the clusters were asked for.
// Above the server's cluster zoom (13 unless serve --cluster-max-zoom says
// otherwise) only incidents at the same point share a cell, of zoom 30.
const CLUSTER_SHIFT = 3;
const CLUSTER_MAX_ZOOM = 13;
function cellBBox(lat, lon) {
  const cz = map.getZoom() > CLUSTER_MAX_ZOOM ? 30 : map.getZoom() + CLUSTER_SHIFT;
  const px = map.project([lat, lon], cz);
  const x0 = Math.floor(px.x / 256) * 256, y0 = Math.floor(px.y / 256) * 256;
  const nw = map.unproject([x0, y0], cz), se = map.unproject([x0 + 256, y0 + 256], cz);
  const v = lastBBox.split(',').map(Number);
  return [Math.max(nw.lng, v[0]), Math.max(se.lat, v[1]), Math.min(se.lng, v[2]), Math.min(nw.lat, v[3])];
}

// ---- details panel --------------------------------------------------------

let lastFocus = null;

function showPanel(content) {
  const box = $('details');
  clear($('details-body')).appendChild(content);
  if (box.hidden) lastFocus = document.activeElement;
  box.hidden = false;
  const h = $('details-title');
  if (h) h.focus();
}

function hidePanel() {
  $('details').hidden = true;
  for (const e of document.querySelectorAll('.leaflet-marker-icon.selected')) e.classList.remove('selected');
  if (lastFocus && document.contains(lastFocus)) lastFocus.focus();
}

async function openIncident(id, { push = true } = {}) {
  if (!id) return;
  if (push && state.sel !== id) {
    state.sel = id;
    writeURL(true);
  }
  state.sel = id;
  for (const e of document.querySelectorAll('.leaflet-marker-icon')) e.classList.toggle('selected', e.dataset.id === id);
  try {
    const f = await getJSON(`/api/incidents/${encodeURIComponent(id)}`);
    if (state.sel !== id) return;
    revealBehindPanel(id);
    showPanel(renderIncident(f, {
      actorName: (a) => (actors.get(a) ? `${a} (${actors.get(a).name})` : a || 'unknown'),
      onSeries: (s) => update({ series: s }),
      permalink: location.pathname + stateToSearch(state),
    }));
  } catch (err) {
    if (state.sel !== id) return;
    showPanel(el('div', null, el('h2', { id: 'details-title', tabindex: '-1', text: 'Incident not available' }),
      el('p', { text: err.status === 404 ? `No published incident with id ${id}.` : err.message })));
  }
}

// revealBehindPanel pans the map when the details panel would cover the
// selected incident's symbol (wide screens, where the panel is on the right).
function revealBehindPanel(id) {
  if (window.innerWidth <= 700) return;
  const m = [...document.querySelectorAll('.leaflet-marker-icon')].find((e) => e.dataset.id === id);
  if (!m) return;
  const mr = m.getBoundingClientRect();
  const box = map.getContainer().getBoundingClientRect();
  const panelLeft = box.right - Math.min(430, box.width - 20);
  if (mr.right > panelLeft - 10) map.panBy([mr.right - panelLeft + 60, 0], { animate: false });
}

function closeDetails() {
  hidePanel();
  if (state.sel) {
    state.sel = '';
    writeURL(true);
  }
}

$('details-close').addEventListener('click', closeDetails);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !$('details').hidden && !document.querySelector('dialog[open]')) closeDetails();
});

// ---- legend, districts table, totals --------------------------------------

const dataReq = { claimants: new Latest(), districts: new Latest(), stats: new Latest(), total: new Latest() };

function renderClaimants() {
  const ul = $('claimants');
  clear(ul);
  const enabled = state.claimant ? new Set(state.claimant) : null;
  const list = [...actors.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
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
  if (zero) ul.appendChild(el('li', null, el('details', null, el('summary', { class: 'small', text: `${zero} more with no incidents under these filters` }), rest)));
  renderCompactLegend(list);
}

function renderCompactLegend(list) {
  const box = $('compact-legend');
  clear(box);
  const enabled = state.claimant ? new Set(state.claimant) : null;
  for (const a of list.filter((x) => x.count > 0 && (!enabled || enabled.has(x.id))).slice(0, 8)) {
    const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    sw.style.background = claimantColour(a.id);
    box.appendChild(el('span', { class: 'item' }, sw, a.id));
  }
  box.appendChild(el('span', { class: 'item' }, el('span', { class: 'sym sym-district', 'aria-hidden': 'true' }), 'district-level'));
}

function onClaimantToggle() {
  const boxes = [...document.querySelectorAll('#claimants input[type=checkbox]')];
  const on = boxes.filter((b) => b.checked).map((b) => b.value);
  update({ claimant: on.length === boxes.length ? null : on });
}

function renderDistricts() {
  const tb = $('districts');
  clear(tb);
  const rows = [...districtData.values()].filter((d) => d.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  for (const d of rows) {
    tb.appendChild(el('tr', { dataset: { district: d.id } },
      el('th', { scope: 'row' }, el('button', { type: 'button', class: 'linkish', onclick: () => showDistrict(d.id), text: d.name })),
      el('td', { text: fmtInt(d.count) }), el('td', { text: fmtInt(d.killed_best) })));
  }
  if (!rows.length) tb.appendChild(el('tr', null, el('td', { colspan: 3, text: 'No incidents under the current filter.' })));
}

function showDistrict(id) {
  const f = districtFeature(id);
  if (!f) return;
  const b = geomBBox(f.geometry);
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  highlight(f);
  setTimeout(() => highlight(null), 1500);
}

async function loadLegendData() {
  if (noClaimants()) {
    $('total').textContent = 'No claimant selected';
    $('total').dataset.total = '0';
  }
  const jobs = [];
  jobs.push(getJSON('/api/claimants', filterParams(state, ['claimant']), dataReq.claimants.signal()).then((list) => {
    actors = new Map(list.map((a) => [a.id, a]));
    assignColours(list.map((a) => a.id));
    renderClaimants();
  }));
  if (!noClaimants()) {
    const dp = getJSON('/api/districts', filterParams(state), dataReq.districts.signal());
    if (!filterParams(state).toString()) unfilteredDistricts = dp;
    jobs.push(dp.then((fc) => {
      districtData = new Map(fc.features.map((f) => [f.properties.id, f.properties]));
      computeBreaks();
      districtLayer.setStyle(districtStyle);
      renderChoroLegend();
      renderDistricts();
    }));
    const tp = filterParams(state);
    tp.set('limit', '1');
    jobs.push(getJSON('/api/incidents', tp, dataReq.total.signal()).then((fc) => {
      const n = fc.numberMatched ?? 0;
      $('total').textContent = `${fmtInt(n)} incident${n === 1 ? '' : 's'} match the filters`;
      $('total').dataset.total = String(n);
    }));
  } else {
    districtData = new Map();
    computeBreaks();
    districtLayer.setStyle(districtStyle);
    renderChoroLegend();
    renderDistricts();
  }
  jobs.push(loadStats());
  await Promise.all(jobs.map((j) => j.catch((err) => { if (!isAbort(err)) setStatus(err.message); })));
}

// The timeline shows every date under the other filters, so that the range
// can be widened again.
let statsKey = null;
async function loadStats() {
  const p = noClaimants() ? null : filterParams(state, ['from', 'to']);
  const key = p ? p.toString() : 'none';
  if (key === statsKey) {
    timeline.setStats(timeline.lastStats, state.from, state.to);
    return;
  }
  const stats = p ? await getJSON('/api/stats', p, dataReq.stats.signal()) : { months: [] };
  statsKey = key;
  timeline.lastStats = stats;
  timeline.setStats(stats, state.from, state.to);
}

// ---- incidents in view (a list for keyboard and screen-reader users) ------

const listReq = new Latest();
async function loadList() {
  const p = filterParams(state);
  p.set('bbox', viewBBox());
  p.set('limit', String(LIST_LIMIT));
  const signal = listReq.signal();
  if (noClaimants()) return;
  try {
    const fc = await getJSON('/api/incidents', p, signal);
    const ol = clear($('list'));
    for (const f of fc.features || []) {
      const q = f.properties;
      ol.appendChild(el('li', null, el('button', { type: 'button', class: 'linkish', dataset: { id: q.id },
        onclick: () => openIncident(q.id) }, `${q.date} · ${q.title}`),
      el('span', { class: 'small', text: ` — ${q.district || q.place || 'Balochistan'} · ${q.primary_claimant || ''}` })));
    }
    const n = fc.numberMatched ?? (fc.features || []).length;
    $('list-status').textContent = n > LIST_LIMIT ? `The latest ${LIST_LIMIT} of ${fmtInt(n)} incidents in view.` : `${fmtInt(n)} incidents in view.`;
  } catch (err) {
    if (!isAbort(err)) $('list-status').textContent = err.message;
  }
}
$('list-box').addEventListener('toggle', () => { if ($('list-box').open) loadList(); });

// ---- state, URL and history -----------------------------------------------

// writeURL puts the state in the address. An embed never adds history
// entries: they would belong to the host page, whose Back button would then
// step the map instead of leaving the article.
function writeURL(push) {
  const url = location.pathname + stateToSearch(state);
  if (url === location.pathname + location.search) return;
  if (push && !embed) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

// update applies a change of filters: the URL gets a new history entry, and
// everything that depends on the filter reloads.
function update(patch, { push = true } = {}) {
  state = { ...state, ...patch };
  writeURL(push);
  syncForm();
  applyLayers();
  loadClusters();
  loadLegendData().then(renderCaption);
}

function applyLayers() {
  if (state.osm && !map.hasLayer(osm)) osm.addTo(map);
  if (!state.osm && map.hasLayer(osm)) map.removeLayer(osm);
  document.body.classList.toggle('with-osm', state.osm);
  $('f-osm').setAttribute('aria-describedby', 'osm-error');
  districtLayer.setStyle(districtStyle);
  renderChoroLegend();
}

let syncedQ = '';
function syncForm() {
  // The box shows the text filter; a place or claimant picked from it is not
  // a text filter and is left alone.
  if (state.q) $('f-q').value = state.q;
  else if (syncedQ && $('f-q').value === syncedQ) $('f-q').value = '';
  if (!state.q && $('f-q-active').textContent.startsWith('Incidents whose')) setSearchNote('');
  syncedQ = state.q;
  for (const r of document.querySelectorAll('input[name=status]')) r.checked = r.value === state.status;
  if (![...document.querySelectorAll('input[name=status]')].some((r) => r.checked)) {
    document.querySelector('input[name=status][value=""]').checked = true;
  }
  $('f-type').value = state.type;
  $('f-region').value = state.region;
  $('f-choro').value = state.choro;
  $('f-osm').checked = state.osm;
  const enabled = state.claimant ? new Set(state.claimant) : null;
  for (const b of document.querySelectorAll('#claimants input[type=checkbox]')) b.checked = !enabled || enabled.has(b.value);
}

// While the page itself sets the view from the URL (moving), the URL's view
// is kept as it was, so a permalink reopens with exactly the same URL.
let moving = false;
map.on('moveend', () => {
  if (!moving) {
    const c = map.getCenter();
    state.view = { z: map.getZoom(), lat: c.lat, lon: c.lng };
    writeURL(false);
  }
  onView();
});

function onView() {
  basemap.onView();
  loadClusters();
}

window.addEventListener('popstate', () => {
  const next = parseState(location.search);
  const filtersChanged = filterParams(next).toString() !== filterParams(state).toString();
  const prevSel = state.sel;
  state = next;
  syncForm();
  applyLayers();
  moving = true;
  if (next.view) map.setView([next.view.lat, next.view.lon], next.view.z, { animate: false });
  moving = false;
  if (filtersChanged) {
    loadClusters();
    loadLegendData();
  }
  if (next.sel && next.sel !== prevSel) openIncident(next.sel, { push: false });
  if (!next.sel && !$('details').hidden) hidePanel();
});

// ---- controls -------------------------------------------------------------

// ---- search: places (the server's geocoder), claimants, incident text ----
//
// One box. Suggestions come from /api/geocode (towns, districts, tehsils,
// places beyond Balochistan, highway stretches), from the claimants in the
// legend, and last the text filter (the API's q=, which matches the title,
// description, place and tags of an incident, not its claimants: so "BLF"
// is offered first as the claimant). Enter takes the first suggestion.

const searchLayer = L.geoJSON(null, { pane: 'highlight', interactive: false,
  style: { color: '#000', weight: 4, dashArray: '8 5', fillColor: '#000', fillOpacity: 0.06 } }).addTo(map);
const searchReq = new Latest();
let suggestions = [];
let active = -1;
let sTimer = null;

const KIND_LABEL = { town: 'Town', district: 'District', tehsil: 'Tehsil', province: 'Province', route: 'Road', admin1: 'Province',
  country: 'Country', outer_district: 'District' };

async function suggest(text) {
  const t = text.trim();
  if (!t) return [];
  const out = [];
  const low = t.toLowerCase();
  const claimants = [...actors.values()].filter((a) => a.id.toLowerCase() === low ||
    (low.length >= 3 && (a.id.toLowerCase().startsWith(low) || (a.name || '').toLowerCase().includes(low))));
  for (const a of claimants.sort((x, y) => (y.id.toLowerCase() === low) - (x.id.toLowerCase() === low) || y.count - x.count)) {
    out.push({ kind: 'claimant', label: a.id, sub: `${a.name && a.name !== a.id ? `${a.name} · ` : ''}${fmtInt(a.count)} incidents`, apply: () => pickClaimant(a.id) });
  }
  try {
    const res = await getJSON('/api/geocode', new URLSearchParams({ q: t, limit: '6' }), searchReq.signal());
    const seen = new Set();
    for (const c of res.candidates || []) {
      const key = `${c.name}|${c.kind}|${c.district_id || c.admin1 || ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = [c.kind !== 'district' ? c.district : null, c.region === 'balochistan' ? null : c.admin1].filter(Boolean).join(', ');
      out.push({ kind: 'place', label: c.name, sub: `${KIND_LABEL[c.kind] || c.kind}${where ? ` · ${where}` : ''}`, apply: () => pickPlace(c) });
    }
  } catch (err) {
    if (isAbort(err)) throw err;
  }
  // An exact claimant first, then places, then other claimants, then text.
  out.sort((a, b) => rankOf(a, low) - rankOf(b, low));
  out.push({ kind: 'text', label: `Incidents mentioning “${t}”`, sub: 'title, description, place, tags', apply: () => pickText(t) });
  return out;
}

function rankOf(s, low) {
  if (s.kind === 'claimant') return s.label.toLowerCase() === low ? 0 : 2;
  return 1;
}

function showSuggestions(list) {
  suggestions = list;
  active = list.length ? 0 : -1;
  const ul = clear($('f-q-list'));
  list.forEach((sg, i) => {
    const li = el('li', { role: 'option', id: `sg-${i}`, 'aria-selected': String(i === active), dataset: { kind: sg.kind } },
      el('span', { class: 'kind', text: sg.kind === 'place' ? 'Place' : sg.kind === 'claimant' ? 'Claimant' : 'Text' }),
      el('span', { class: 'label', text: sg.label }), el('span', { class: 'sub', text: sg.sub }));
    li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(i); });
    ul.appendChild(li);
  });
  ul.hidden = !list.length;
  $('f-q').setAttribute('aria-expanded', String(!ul.hidden));
  markActive();
}

function markActive() {
  const items = [...$('f-q-list').children];
  items.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
  if (active >= 0 && items[active]) $('f-q').setAttribute('aria-activedescendant', items[active].id);
  else $('f-q').removeAttribute('aria-activedescendant');
}

function closeSuggestions() {
  $('f-q-list').hidden = true;
  $('f-q').setAttribute('aria-expanded', 'false');
  $('f-q').removeAttribute('aria-activedescendant');
}

function choose(i) {
  const sg = suggestions[i];
  closeSuggestions();
  if (sg) sg.apply();
}

function pickClaimant(id) {
  $('f-q').value = '';
  update({ claimant: [id] });
  setSearchNote(`Showing incidents with a claim by ${id}.`);
}

function pickText(t) {
  update({ q: t });
  setSearchNote(`Incidents whose title, description, place or tags contain “${t}”.`);
}

function setSearchNote(text) {
  $('f-q-active').textContent = text;
  $('f-q-active').hidden = !text;
}

// pickPlace moves the map to a geocoder candidate and marks it: a district's
// outline, a road stretch's line, or a ring at a town.
function pickPlace(c) {
  searchLayer.clearLayers();
  const district = c.kind === 'district' && districtFeature(c.id);
  if (district) {
    searchLayer.addData(district);
    const b = geomBBox(district.geometry);
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
  } else if (c.line) {
    searchLayer.addData({ type: 'Feature', geometry: c.line, properties: {} });
    const b = geomBBox(c.line);
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [40, 40] });
  } else if (c.point) {
    const z = { town: 11, tehsil: 9, district: 9, province: 7, admin1: 7 }[c.kind] || 10;
    searchLayer.addLayer(L.marker([c.point[1], c.point[0]], { pane: 'highlight', interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'search-pin-icon', html: el('div', { class: 'search-pin' }), iconSize: [18, 18] }) }));
    map.setView([c.point[1], c.point[0]], z);
  }
  $('f-q').value = c.name;
  setSearchNote(`Map moved to ${c.name}${c.district && c.kind !== 'district' ? `, ${c.district}` : ''}. The filters are unchanged.`);
  $('status').dataset.place = c.name;
}

$('f-q').addEventListener('input', () => {
  clearTimeout(sTimer);
  const t = $('f-q').value;
  if (!t.trim()) {
    closeSuggestions();
    searchLayer.clearLayers();
    setSearchNote('');
    if (state.q) update({ q: '' });
    return;
  }
  sTimer = setTimeout(() => suggest(t).then(showSuggestions).catch(() => {}), 200);
});
$('f-q').addEventListener('keydown', async (e) => {
  const open = !$('f-q-list').hidden;
  if (e.key === 'ArrowDown' && open) {
    e.preventDefault();
    active = Math.min(active + 1, suggestions.length - 1);
    markActive();
  } else if (e.key === 'ArrowUp' && open) {
    e.preventDefault();
    active = Math.max(active - 1, 0);
    markActive();
  } else if (e.key === 'Escape' && open) {
    e.preventDefault();
    e.stopPropagation();
    closeSuggestions();
  } else if (e.key === 'Enter') {
    e.preventDefault();
    clearTimeout(sTimer);
    const t = $('f-q').value;
    if (!t.trim()) return;
    if (!open || !suggestions.length) {
      try { showSuggestions(await suggest(t)); } catch { return; }
      active = 0;
    }
    choose(Math.max(active, 0));
  }
});
$('f-q').addEventListener('blur', () => setTimeout(closeSuggestions, 150));
$('filters').addEventListener('submit', (e) => e.preventDefault());
for (const r of document.querySelectorAll('input[name=status]')) r.addEventListener('change', () => update({ status: r.value }));
$('f-type').addEventListener('change', () => update({ type: $('f-type').value }));
$('f-region').addEventListener('change', () => update({ region: $('f-region').value }));
$('f-choro').addEventListener('change', () => {
  state.choro = $('f-choro').value;
  computeBreaks();
  writeURL(true);
  applyLayers();
});
$('f-osm').addEventListener('change', () => {
  state.osm = $('f-osm').checked;
  writeURL(true);
  applyLayers();
});
$('claimants-all').addEventListener('click', () => update({ claimant: null }));
$('claimants-none').addEventListener('click', () => update({ claimant: [] }));

$('panel-toggle').addEventListener('click', () => {
  const open = !document.body.classList.contains('panel-open');
  document.body.classList.toggle('panel-open', open);
  $('panel-toggle').setAttribute('aria-expanded', String(open));
  setTimeout(() => map.invalidateSize(), 50);
});

$('btn-embed').addEventListener('click', () => {
  // The embed gets the bounds of the view, not its zoom and centre: it fits
  // them to whatever size the host page gives the iframe.
  const b = map.getBounds();
  const src = `${location.origin}/embed${stateToSearch({ ...state, bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] }, { sel: false, view: false })}`;
  $('embed-code').value = `<iframe src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="100%" height="480" ` +
    'style="border:0" loading="lazy" title="Map of conflict incidents in Balochistan (incidentmap)"></iframe>';
  $('embed-open').href = src;
  $('dlg-embed').showModal();
  $('embed-code').select();
});
$('embed-copy').addEventListener('click', async () => {
  $('embed-code').select();
  try { await navigator.clipboard.writeText($('embed-code').value); $('embed-copy').textContent = 'Copied'; } catch { document.execCommand('copy'); }
});

$('btn-download').addEventListener('click', () => {
  const q = filterParams(state).toString();
  $('dl-geojson').href = '/api/incidents.geojson' + (q ? `?${q}` : '');
  $('dl-csv').href = '/api/incidents.csv' + (q ? `?${q}` : '');
  $('dlg-download').showModal();
});

$('btn-snapshot').addEventListener('click', async () => {
  setStatus('Drawing the snapshot…');
  try {
    const { blob, legend, width, height } = await snapshot(map, {
      basemap, province: provinceFeature, districts: districtGeo, districtStyle, clusters: lastClusters, clusterSize,
      routes: routeFeatures, summary: summary({ dates: false }), dates: datesLine(),
      credits: $('credits-text').textContent.replace(/\s+/g, ' ').trim() + (state.osm ? ' Background map © OpenStreetMap contributors.' : ''),
      permalink: location.origin + location.pathname + stateToSearch(state, { sel: false }),
      osm: state.osm ? osm : null, choroLegend: state.choro ? breaks.map((b) => [b, choroColour(b)]) : null,
    });
    Object.assign($('status').dataset, { snapshotLegend: legend.join(','), snapshotSize: `${width}x${height}` });
    const a = el('a', { href: URL.createObjectURL(blob), download: 'incidentmap.png' });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setStatus('Snapshot saved as incidentmap.png');
  } catch (err) {
    setStatus(`Snapshot failed: ${err.message}`);
  }
});

// datesLine states the date range shown, in words.
function datesLine() {
  if (state.from || state.to) return `Dates: ${state.from ? fmtDay(state.from) : 'from the first incident'} to ${state.to ? fmtDay(state.to) : 'the latest'}`;
  return `Dates: ${($('tl-label').textContent || 'all').replace(/^All dates \((.*)\)$/, 'all, $1')}`;
}

function summary({ dates = true } = {}) {
  const parts = [];
  if (dates && (state.from || state.to)) parts.push(`${state.from || 'start'} to ${state.to || 'today'}`);
  if (state.claimant) parts.push(`claimants: ${state.claimant.join(', ') || 'none'}`);
  if (state.type) parts.push(`type: ${state.type}`);
  if (state.status) parts.push(`status: ${state.status}`);
  if (state.region) parts.push(state.region === 'outside' ? 'outside Balochistan' : 'in Balochistan');
  if (state.q) parts.push(`text: ${state.q}`);
  if (state.series) parts.push(`series: ${state.series}`);
  if (state.district) parts.push(`district: ${state.district}`);
  return parts.length ? parts.join(' · ') : 'all incidents';
}

function setStatus(msg) {
  $('status').textContent = msg;
}

// Timeline changes in quick succession (arrow keys held or pressed again
// and again, a slider dragged, play) make one history entry, not one per
// step: a change within 1.5 s of the previous one replaces the entry.
let lastTimelineChange = -Infinity;
const timeline = new Timeline({
  chart: $('tl-chart'), axis: $('tl-axis'), from: $('tl-from'), to: $('tl-to'), fromMonth: $('tl-from-month'), toMonth: $('tl-to-month'),
  speed: $('tl-speed'), label: $('tl-label'), play: $('tl-play'), reset: $('tl-reset'),
  onChange: ({ from, to }) => {
    if (from === state.from && to === state.to) return;
    const now = performance.now();
    const push = !timeline.timer && now - lastTimelineChange > 1500;
    lastTimelineChange = now;
    update({ from, to }, { push });
  },
});

// renderCaption fills the embed's caption: what the map shows (title,
// dates, filters) and where it comes from.
function renderCaption() {
  const dates = state.from || state.to ? `${state.from ? fmtDay(state.from) : 'the first incident'} to ${state.to ? fmtDay(state.to) : 'the latest'}`
    : ($('tl-label').textContent || 'all dates').replace(/^All dates \((.*)\)$/, 'all dates, $1');
  clear($('embed-caption')).append(
    el('strong', { text: 'Conflict incidents in Balochistan' }), ' · ',
    el('span', { class: 'cap-dates', text: dates }), ' · ',
    el('span', { class: 'cap-filter', text: summary({ dates: false }) }), ' · ',
    el('span', { class: 'cap-total', text: $('total').textContent }));
}

if (embed) {
  const full = el('a', { class: 'open-full', href: '/' + stateToSearch(state), target: '_blank', rel: 'noopener', text: 'Open the full map ↗' });
  $('home-link').href = '/' + stateToSearch(state);
  $('home-link').target = '_blank';
  document.querySelector('.actions').replaceChildren(full);
}

// ---- start ----------------------------------------------------------------

async function start() {
  syncForm();
  applyLayers();
  // The view and its clusters first: they do not depend on the basemap, and
  // the cluster request is the slowest one on a large database.
  moving = true;
  if (embed && state.bounds) {
    const [w, s, e, n] = state.bounds;
    map.fitBounds([[s, w], [n, e]], { animate: false });
  } else if (state.view) map.setView([state.view.lat, state.view.lon], state.view.z, { animate: false });
  else map.fitBounds(BALOCHISTAN, { animate: false });
  moving = false;
  if (!state.view && !(embed && state.bounds)) {
    const c = map.getCenter();
    state.view = { z: map.getZoom(), lat: c.lat, lon: c.lng };
    writeURL(false);
  }
  onView();
  const legend = loadLegendData();
  if (state.sel) openIncident(state.sel, { push: false });

  basemap.load().catch((err) => setStatus(`The basemap could not load: ${err.message}`));
  getJSON('/api/routes').then((routes) => { routeLayer.addData(routes); basemap.setRoutes(routes); routeFeatures = routes.features; }).catch(() => {});
  const [province, districts, typeList] = await Promise.all([
    getJSON('/api/province').catch(() => null),
    (unfilteredDistricts || Promise.reject(new Error('no shared request'))).catch(() => getJSON('/api/districts'))
      .catch(() => ({ type: 'FeatureCollection', features: [] })),
    getJSON('/api/types').catch(() => []),
  ]);
  provinceFeature = province;
  if (province) provinceLayer.addData(province);
  districtGeo = districts;
  districtIndex = new DistrictIndex(districts.features);
  if (!districtData.size) districtData = new Map(districts.features.map((f) => [f.properties.id, f.properties]));
  districtLayer.addData(districts);
  basemap.setDistricts(districts.features);
  types = typeList;
  const sel = $('f-type');
  for (const t of types) sel.appendChild(el('option', { value: t.id, text: t.name || t.id }));
  sel.value = state.type;
  if (lastClusters.length) drawClusters(lastClusters); // now with districts for the symbols' labels
  await legend;
  syncForm();
  renderCaption();
  // Printing shows the map with the embed's caption and compact legend.
  window.addEventListener('beforeprint', () => { renderCaption(); map.invalidateSize(); });
  document.body.dataset.ready = '1';
}

start().catch((err) => setStatus(`The map could not start: ${err.message}`));

