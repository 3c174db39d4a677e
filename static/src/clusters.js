// clusters.js draws the incidents: the server's clusters for the viewport
// (/api/clusters), decluttered so that no two symbols overlap, as Leaflet
// markers that keyboard and screen-reader users can reach. A group opens as a
// list or zooms in; a single incident opens in the details panel.

import L from 'leaflet';

import { getJSON, isAbort, Latest } from './api.js';
import { disputed, renderList } from './details.js';
import { el } from './dom.js';
import { fmtInt } from './format.js';
import { t } from './i18n.js';
import { MAX_ZOOM } from './mapview.js';
import { claimantColour } from './palette.js';
import { filterParams } from './state.js';
import { cellZoom, clusterSize, declutter, pieStops } from './symbols.js';
import { statusLine, symbolLabel } from './words.js';

// The page never draws more than MAX_SYMBOLS symbols. Below the cluster zoom
// the server's 32-pixel grid keeps a view to about a thousand; the cap only
// matters for dense places at the highest zooms, and then the largest groups
// are drawn and the status line says so.
export const MAX_SYMBOLS = 5000;
export const LIST_LIMIT = 50;



function clusterIcon(p, n) {
  const size = clusterSize(n);
  const div = el('div', { class: 'cluster' }, el('span', { text: n >= 10000 ? `${Math.round(n / 1000)}k` : fmtInt(n) }));
  const stops = pieStops(p.claimants, claimantColour);
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

export function createClusters(app) {
  const { $, store, data, view } = app;
  const { map } = view;
  const req = new Latest();
  const marks = { firstView: false };

  function noClaimants() {
    const c = store.state.claimant;
    return Array.isArray(c) && c.length === 0;
  }

  async function load() {
    const signal = req.signal();
    if (noClaimants()) {
      draw([]);
      return;
    }
    const p = filterParams(store.state);
    p.set('zoom', String(map.getZoom()));
    const box = view.viewBBox();
    p.set('bbox', box);
    app.setStatus(t('loading'));
    try {
      const fc = await getJSON('/api/clusters', p, signal);
      data.bbox = box;
      draw(fc.features || []);
    } catch (err) {
      if (!isAbort(err)) app.setStatus(t('loadFailed', { error: err.message }));
    }
  }

  function draw(raw) {
    const all = declutter(raw, ([lon, lat]) => map.latLngToLayerPoint([lat, lon]));
    let features = all;
    if (all.length > MAX_SYMBOLS) features = [...all].sort((a, b) => (b.properties.count || 1) - (a.properties.count || 1)).slice(0, MAX_SYMBOLS);
    data.clusters = features;
    view.incidentLayer.clearLayers();
    const inView = all.reduce((sum, f) => sum + (f.properties.count || 1), 0);
    const sel = store.state.sel;
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties || {};
      const n = p.count || 1;
      const d = view.districtOf(lon, lat);
      const single = n === 1 && p.id;
      const label = symbolLabel(p, d);
      const m = L.marker([lat, lon], { icon: single ? singleIcon(p) : clusterIcon(p, n), keyboard: true, title: label,
        alt: label, riseOnHover: true, pane: 'incidents' });
      m.on('add', () => {
        const e = m.getElement();
        if (!e) return;
        e.setAttribute('role', 'button');
        e.setAttribute('aria-label', label);
        Object.assign(e.dataset, { count: n, claimant: p.primary_claimant || '', district: d ? d.id : '',
          precision: single ? p.precision || '' : '', id: single ? p.id : '', disputed: single && disputed(p) ? '1' : '' });
        if (single && p.id === sel) e.classList.add('selected');
      });
      if (single && (p.precision === 'district' || p.precision === 'province')) {
        const show = () => view.highlight(p.precision === 'province' ? data.provinceFeature : d && view.districtFeature(d.id));
        m.on('mouseover focus', show);
        m.on('mouseout blur', () => view.highlight(null));
      }
      const activate = () => (single ? app.panel.select(p.id) : openCluster(f));
      m.on('click', activate);
      // Leaflet makes markers focusable; Enter or Space on a focused marker opens it.
      m.on('keypress', (e) => {
        const k = e.originalEvent && e.originalEvent.key;
        if (k === 'Enter' || k === ' ') {
          e.originalEvent.preventDefault();
          activate();
        }
      });
      view.incidentLayer.addLayer(m);
    }
    const groups = features.filter((f) => (f.properties.count || 1) > 1).length;
    app.setStatus(statusLine(inView, groups, features.length, all.length));
    $('status').dataset.inview = String(inView);
    if (!marks.firstView) {
      marks.firstView = true;
      performance.mark('incidentmap:first-view'); // read by the perf script
    }
    $('status').dataset.features = String(features.length);
    app.list.onClusters();
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
    const p = filterParams(store.state);
    const b = cellBBox(lat, lon);
    p.set('bbox', b.map((v) => Number(v).toFixed(6)).join(','));
    p.set('limit', String(LIST_LIMIT));
    try {
      const fc = await getJSON('/api/incidents', p);
      app.panel.showList(renderList(t('incidentsHere', { n: fc.numberMatched ?? n }), fc.features || [], fc.numberMatched || 0,
        (id) => app.panel.select(id)));
    } catch (err) {
      app.setStatus(t('listFailed', { error: err.message }));
    }
  }

  // cellBBox is the grid cell a cluster stands for: the server places the
  // cluster at its incidents' mean, which lies inside the cell; the cell is
  // clipped to the box the clusters were asked for.
  function cellBBox(lat, lon) {
    const cz = cellZoom(map.getZoom());
    const px = map.project([lat, lon], cz);
    const x0 = Math.floor(px.x / 256) * 256, y0 = Math.floor(px.y / 256) * 256;
    const nw = map.unproject([x0, y0], cz), se = map.unproject([x0 + 256, y0 + 256], cz);
    const v = data.bbox.split(',').map(Number);
    return [Math.max(nw.lng, v[0]), Math.max(se.lat, v[1]), Math.min(se.lng, v[2]), Math.min(nw.lat, v[3])];
  }

  // markSelected marks the symbol of the selected incident.
  function markSelected(id) {
    for (const e of document.querySelectorAll('.leaflet-marker-icon')) e.classList.toggle('selected', !!id && e.dataset.id === id);
  }

  return { load, draw, noClaimants, markSelected };
}
