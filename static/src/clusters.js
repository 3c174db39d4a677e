// clusters.js draws the incidents: the server's clusters for the viewport
// (/api/clusters), decluttered so that no two symbols overlap, as Leaflet
// markers that keyboard and screen-reader users can reach. A group opens as a
// list or zooms in; a single incident opens in the details panel.

import { getJSON, isAbort, Latest } from './api.js';
import { disputed, renderList } from './details.js';
import { el } from './dom.js';
import { fmtInt } from './format.js';
import { t } from './i18n.js';
import { MAX_ZOOM } from './mapview.js';
import { claimantColour } from './palette.js';
import { filterParams } from './state.js';
import { ClusterCache, cellZoom, clusterSize, declutter, declutterSteps, pieStops, symbolKey, worldPixel } from './symbols.js';
import { statusLine, symbolLabel } from './words.js';
import { IDLE_MS, SymbolLayer, whenIdle } from './symbollayer.js';

// The page never draws more than MAX_SYMBOLS symbols. Below the cluster zoom
// the server's 32-pixel grid keeps a view to about a thousand; the cap only
// matters for dense places at the highest zooms, and then the largest groups
// are drawn and the status line says so.
export const MAX_SYMBOLS = 5000;
// A group's list in the details panel holds at most LIST_LIMIT incidents.
export const LIST_LIMIT = 50;



// The view is padded by VIEW_PAD (as a share of its size) for the symbols
// drawn; the server is asked for FETCH_PAD around the view, so that pans
// within it need no request. PREFETCH_DELAY is how long the map must rest
// before the next and previous zoom are fetched.
// A cached answer is used when it covers the view padded by CHECK_PAD:
// the group symbols at its edge, whose grid cells it cuts, stay out of
// sight (cells are 32 px).
const VIEW_PAD = 0.05;
const CHECK_PAD = 0.15;
const FETCH_PAD = 0.5;
const PREFETCH_DELAY = 100;

function boundsOf(b) {
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
}

// A group's symbol is one element: a ring of its claimants' shares (a conic
// gradient) under a white core (a radial gradient) that holds its count.
// One element instead of three: a zoom builds and styles hundreds of them.
const CORE = 'radial-gradient(closest-side, #fff 0 61%, transparent 62.5%)';

function clusterIcon(p, n) {
  const stops = pieStops(p.claimants, claimantColour);
  const ring = stops.length ? `conic-gradient(${stops.join(', ')})` : claimantColour(p.primary_claimant || 'unknown');
  return { text: n >= 10000 ? `${Math.round(n / 1000)}k` : fmtInt(n), className: 'cluster', size: clusterSize(n), background: `${CORE}, ${ring}` };
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
  return { html: div, className: 'single-icon', size: singleSize(p) };
}

// singleSize is the diameter of one incident's symbol: larger the less
// precisely it is located.
function singleSize(p) {
  const prec = p.precision || 'exact';
  return prec === 'province' ? 34 : prec === 'district' ? 26 : 16;
}

export function createClusters(app) {
  const { $, store, data, view } = app;
  const { map } = view;
  const req = new Latest();
  const prefetchReq = new Latest();
  const cache = new ClusterCache();
  // gen changes when every symbol must be rebuilt (their labels name the
  // district, known once the districts have arrived).
  const shown = { gen: 0, prefetchTimer: null, prepareGen: 0 };
  const marks = { firstView: false };

  function noClaimants() {
    const c = store.state.claimant;
    return Array.isArray(c) && c.length === 0;
  }

  // load draws the clusters of the view: from the cache when an earlier
  // answer for this filter and zoom covers the view (a pan within the half
  // view fetched around it, or a zoom prefetched), else from the server,
  // asking for the view and half a view around it.
  async function load() {
    const signal = req.signal();
    prefetchReq.signal(); // a prefetch must not hold up the view's own request
    clearTimeout(shown.prefetchTimer);
    if (noClaimants()) {
      draw([]);
      return;
    }
    const filter = filterParams(store.state).toString();
    const z = map.getZoom();
    const hit = cache.find(filter, z, boundsOf(map.getBounds().pad(CHECK_PAD)));
    if (hit) {
      data.bbox = hit.bbox;
      draw(hit.features);
      schedulePrefetch(filter);
      return;
    }
    const box = view.viewBBox(FETCH_PAD);
    const p = filterParams(store.state);
    p.set('zoom', String(z));
    p.set('bbox', box);
    app.setStatus(t('loading'));
    try {
      const fc = await getJSON('/api/clusters', p, signal);
      cache.put(filter, z, box, fc.features || []);
      data.bbox = box;
      draw(fc.features || []);
      schedulePrefetch(filter);
    } catch (err) {
      if (!isAbort(err)) app.setStatus(t('loadFailed', { error: err.message }));
    }
  }

  // When the map rests, the clusters one zoom in (the view) and one zoom
  // out (the view and a whole view around it, where a zoom out around any
  // point of the view can reach) are fetched, so that the next zoom is drawn
  // without waiting for the server.
  // Then the symbols that zoom would show are made ready in idle time
  // (prepareAhead).
  function schedulePrefetch(filter) {
    clearTimeout(shown.prefetchTimer);
    shown.prefetchTimer = setTimeout(async () => {
      const z = map.getZoom();
      const signal = prefetchReq.signal();
      const ahead = [];
      for (const [dz, pad] of [[1, CHECK_PAD], [-1, 1 + 2 * CHECK_PAD]]) {
        const nz = z + dz;
        if (nz < map.getMinZoom() || nz > map.getMaxZoom()) continue;
        const b = boundsOf(map.getBounds().pad(pad));
        const hit = cache.find(filter, nz, b);
        if (hit) {
          ahead.push([nz, hit.features]);
        } else {
          const box = view.viewBBox(pad);
          const p = new URLSearchParams(filter);
          p.set('zoom', String(nz));
          p.set('bbox', box);
          try {
            const fc = await getJSON('/api/clusters', p, signal);
            cache.put(filter, nz, box, fc.features || []);
            ahead.push([nz, fc.features || []]);
          } catch {
            return; // aborted by a move, or failed: the next load asks again
          }
        }
        // The zoom in is made ready while the zoom out is fetched.
        if (!signal.aborted) prepareAhead([...ahead], signal);
      }
    }, PREFETCH_DELAY);
  }

  // prepareAhead makes the symbols of the answers fetched ahead ([zoom,
  // features]) ready for a zoom, in idle time: decluttered (in slices of
  // IDLE_MS), then built by the symbol layer (prepare), those nearest the
  // view's centre first. For a zoom in, the symbols in the view (a zoom in
  // around any point of it shows a part of it); for a zoom out, those in the
  // view and half a view around it. A move in the meantime (signal) stops it.
  function prepareAhead(ahead, signal) {
    const gen = ++shown.prepareGen; // a later call replaces this one
    const c = map.getCenter();
    const z = map.getZoom();
    const bounds = map.getBounds();
    const middle = bounds.pad(-0.25 + VIEW_PAD);
    const sel = store.state.sel;
    const list = [];
    let i = 0;
    const step = () => {
      if (signal.aborted || map.getZoom() !== z || gen !== shown.prepareGen) return;
      const until = performance.now() + IDLE_MS;
      while (i < ahead.length) {
        const [nz, raw] = ahead[i];
        let hit = decluttered.get(raw);
        if (!hit || hit.z !== nz) {
          hit = { z: nz, steps: declutterSteps(raw, (p) => worldPixel(p, nz)) };
          decluttered.set(raw, hit);
        }
        if (!hit.all && !finishDeclutter(raw, hit, until)) {
          whenIdle(step);
          return;
        }
        const within = bounds.pad(nz > z ? VIEW_PAD : 0.5 + VIEW_PAD);
        const near = (f) => {
          const [lon, lat] = f.geometry.coordinates;
          return (lon - c.lng) ** 2 + (lat - c.lat) ** 2;
        };
        const fs = decluttered.get(raw).all.filter((f) => within.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]]));
        fs.sort((a, b) => near(a) - near(b));
        for (const f of fs.slice(0, MAX_SYMBOLS)) {
          // First what a zoom in by key or button shows (the middle of the
          // view), then a zoom out, then the rest of the view zoomed in.
          const [lon, lat] = f.geometry.coordinates;
          const rank = nz < z ? 1 : middle.contains([lat, lon]) ? 0 : 2;
          list.push({ ...symbol(f, keyOf(f), sel), rank });
        }
        i++;
        if (performance.now() > until) {
          whenIdle(step);
          return;
        }
      }
      layer.prepare(list.sort((a, b) => a.rank - b.rank));
    };
    whenIdle(step);
  }

  // draw shows the symbols of raw (an answer for the current zoom) that lie
  // in the view, decluttered so that none overlap.
  function draw(raw) {
    data.clustersRaw = raw;
    const all = declutterCached(raw, map.getZoom());
    const inBounds = map.getBounds().pad(VIEW_PAD);
    const visible = all.filter((f) => inBounds.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]]));
    let features = visible;
    if (visible.length > MAX_SYMBOLS) features = [...visible].sort((a, b) => (b.properties.count || 1) - (a.properties.count || 1)).slice(0, MAX_SYMBOLS);
    data.clusters = features;
    const inView = visible.reduce((sum, f) => sum + (f.properties.count || 1), 0);
    const sel = store.state.sel;
    const groups = features.filter((f) => (f.properties.count || 1) > 1).length;
    layer.setSymbols(features.map((f) => symbol(f, keyOf(f), sel)), (made) => {
      app.setStatus(statusLine(inView, groups, features.length, visible.length));
      $('status').dataset.inview = String(inView);
      $('status').dataset.features = String(features.length);
      // Read by the perf script (npm run perf) and the tests: every draw
      // (with how many symbols it built and how many it found ready), and
      // the first.
      performance.mark('incidentmap:drawn', { detail: made });
      if (!marks.firstView) {
        marks.firstView = true;
        performance.mark('incidentmap:first-view');
      }
    });
  }

  // keyOf is a symbol's key, made once per decluttered feature (a pan draws
  // the same features again).
  const keys = new WeakMap(); // feature -> {gen, key}
  function keyOf(f) {
    const k = keys.get(f);
    if (k && k.gen === shown.gen) return k.key;
    const key = symbolKey(f, shown.gen);
    keys.set(f, { gen: shown.gen, key });
    return key;
  }

  // declutterCached declutters an answer once per zoom z: the symbols'
  // pixel distances do not change while the map pans (they are measured in
  // the world's pixels at z, not the view's).
  // An answer being decluttered ahead, in idle slices, has its steps here;
  // a draw that needs it first finishes them instead of starting over.
  const decluttered = new WeakMap(); // answer -> {z, all} or {z, steps}
  function declutterCached(raw, z) {
    const hit = decluttered.get(raw);
    if (hit && hit.z === z && hit.all) return hit.all;
    if (hit && hit.z === z && hit.steps) return finishDeclutter(raw, hit, Infinity);
    const all = declutter(raw, (p) => worldPixel(p, z));
    decluttered.set(raw, { z, all });
    return all;
  }

  // finishDeclutter runs the steps of an answer decluttered ahead until
  // they end (then it returns the symbols) or until the time until.
  function finishDeclutter(raw, entry, until) {
    for (let r = entry.steps.next(); ; r = entry.steps.next()) {
      if (r.done) {
        decluttered.set(raw, { z: entry.z, all: r.value });
        return r.value;
      }
      if (performance.now() > until) return null;
    }
  }

  // symbol describes one symbol for the symbol layer: its element is a
  // button named by its label, with the data the tests and the snapshot read.
  function symbol(f, key, sel) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties || {};
    const n = p.count || 1;
    const single = !!(n === 1 && p.id);
    const size = single ? singleSize(p) : clusterSize(n);
    return {
      key, latlng: [lat, lon], size: [size, size], item: { f, single },
      // Built only for a symbol not already on the map.
      build() {
        const icon = single ? singleIcon(p) : clusterIcon(p, n);
        const d = view.districtOf(lon, lat);
        const label = symbolLabel(p, d);
        const e = el('div', { class: `leaflet-marker-icon leaflet-interactive ${icon.className}${single && p.id === sel ? ' selected' : ''}`,
          role: 'button', tabindex: '0', title: label, 'aria-label': label,
          dataset: { count: n, claimant: p.primary_claimant || '', district: d ? d.id : '', precision: single ? p.precision || '' : '',
            id: single ? p.id : '', disputed: single && disputed(p) ? '1' : '' } }, icon.html || icon.text);
        e.style.width = e.style.height = `${icon.size}px`;
        if (icon.background) e.style.background = icon.background;
        return e;
      },
    };
  }

  function activate({ f, single }) {
    if (single) app.panel.select(f.properties.id);
    else openCluster(f);
  }

  // A symbol located only to a district or province shows that area while
  // hovered or focused.
  function hover({ f, single }) {
    const p = f.properties;
    if (!single || (p.precision !== 'district' && p.precision !== 'province')) return;
    const [lon, lat] = f.geometry.coordinates;
    const d = view.districtOf(lon, lat);
    view.highlight(p.precision === 'province' ? data.provinceFeature : d && view.districtFeature(d.id));
  }

  function unhover({ f, single }) {
    const p = f.properties;
    if (single && (p.precision === 'district' || p.precision === 'province')) view.highlight(null);
  }

  const layer = new SymbolLayer({ activate, hover, unhover }, { pane: 'incidents' }).addTo(map);
  // A move stops the work ahead for the view it leaves: a drag's frames do
  // not share their time with it.
  map.on('movestart', () => {
    clearTimeout(shown.prefetchTimer);
    prefetchReq.signal();
    layer.stopPreparing();
  });

  // relabel rebuilds every symbol (their labels name the district, known
  // once the districts have loaded).
  function relabel() {
    shown.gen++;
    layer.dropSpare();
    draw(data.clustersRaw || []);
    // The symbols built ahead were dropped with the old labels.
    if (data.clustersRaw && !noClaimants()) schedulePrefetch(filterParams(store.state).toString());
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
    layer.dropSpare(); // symbols built ahead show the selection of before
    for (const e of document.querySelectorAll('.leaflet-marker-icon')) e.classList.toggle('selected', !!id && e.dataset.id === id);
  }

  return { load, draw, relabel, noClaimants, markSelected };
}
