// app.js wires the page. The parts live in their own modules:
//   store.js     the state (filters, view, selection) and its one setState
//   state.js     the state's URL form (every view is a permalink)
//   mapview.js   the Leaflet map, basemap and layers
//   clusters.js  the incident symbols (server-side clusters per viewport)
//   panel.js     the details panel
//   legend.js    claimants, districts, shading classes, totals, histogram
//   feed.js      the incident feed: the incidents in view, in step with the map
//   search.js    the search box
//   controls.js  the filter form, embed, download and snapshot
// Each part reads the state from app.store and changes it only through
// app.store.setState; the subscriber below decides what a change reloads.

import './app.css';

import { getJSON } from './api.js';
import { createClusters } from './clusters.js';
import { createControls } from './controls.js';
import { el } from './dom.js';
import { DistrictIndex } from './geom.js';
import { createFeed } from './feed.js';
import { getLang, initialLang, onLangChange, setLang, t, translatePage, word } from './i18n.js';
import { createLegend } from './legend.js';
import { createMapView, fitProvince } from './mapview.js';
import { createPanel } from './panel.js';
import { createSearch } from './search.js';
import { parseState } from './state.js';
import { createStore, filterChanged } from './store.js';
import { applyTheme, effectiveTheme, initialTheme, onThemeChange, themeChoice } from './theme.js';
import { Timeline } from './timeline.js';

const $ = (id) => document.getElementById(id);
const embed = document.body.dataset.mode === 'embed' || /^\/embed\/?$/.test(location.pathname);
if (embed) document.body.dataset.mode = 'embed';

// The reader's choices kept between visits: the language (also in the URL
// as lang=ur) and the theme (auto follows the system's prefers-color-scheme).
// An embed follows its URL and the system, and remembers nothing.
const storage = (() => { try { return embed ? null : window.localStorage; } catch { return null; } })();
setLang(initialLang(location.search, storage));
applyTheme(initialTheme(storage));
translatePage();

// writeURL puts the state in the address. An embed never adds history
// entries: they would belong to the host page, whose Back button would then
// step the map instead of leaving the article.
// A replaced entry (a map move) is written in a task of its own, after the
// symbols of the move: history.replaceState costs several milliseconds. A
// push writes at once and takes any waiting replace along (the state it
// writes is the whole state).
const urlWrite = { timer: null };
function writeURL(search, mode) {
  clearTimeout(urlWrite.timer);
  const write = (m) => {
    const url = location.pathname + search;
    if (url === location.pathname + location.search) return;
    if (m === 'push' && !embed) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };
  if (mode === 'push') write('push');
  else urlWrite.timer = setTimeout(() => write('replace'), 0);
}

// app is what the parts share: the store, the data loaded from the server
// (not part of the URL), and each part's functions.
const app = {
  $,
  embed,
  store: createStore(parseState(location.search), { writeURL }),
  data: {
    actors: new Map(), // id -> {id, name, count} under the filters other than claimant
    districtGeo: null, // FeatureCollection from the first /api/districts
    districtIndex: null,
    districtData: new Map(), // id -> properties under the current filter
    provinceFeature: null,
    routeFeatures: [], // /api/routes, for snapshots
    clusters: [], // the symbols drawn
    bbox: '-180,-85,180,85', // the bbox the clusters on the map were asked for
    breaks: [], // the district shading's class bounds
    unfilteredDistricts: null, // the legend's /api/districts request when no filter is set, shared with the basemap
  },
  setStatus(msg) { $('status').textContent = msg; },
};
const { store, data } = app;

app.view = createMapView(app);
app.clusters = createClusters(app);
app.panel = createPanel(app);
app.legend = createLegend(app);
app.feed = createFeed(app);
app.search = createSearch(app);
app.controls = createControls(app);

// Timeline changes in quick succession (arrow keys held or pressed again
// and again, a slider dragged, play) make one history entry, not one per
// step: a change within 1.5 s of the previous one replaces the entry.
const timelineSteps = { last: -Infinity };
app.timeline = new Timeline({
  chart: $('tl-chart'), axis: $('tl-axis'), from: $('tl-from'), to: $('tl-to'), fromMonth: $('tl-from-month'), toMonth: $('tl-to-month'),
  fromYear: $('tl-from-year'), toYear: $('tl-to-year'),
  speed: $('tl-speed'), label: $('tl-label'), play: $('tl-play'), reset: $('tl-reset'),
  onChange: ({ from, to }) => {
    const s = store.state;
    if (from === s.from && to === s.to) return;
    const now = performance.now();
    const push = !app.timeline.timer && now - timelineSteps.last > 1500;
    timelineSteps.last = now;
    store.setState({ from, to }, { history: push ? 'push' : 'replace' });
  },
});

// A language remembered from an earlier visit goes into the address.
if ((store.state.lang || 'en') !== getLang()) store.setState({ lang: getLang() === 'ur' ? 'ur' : '' }, { history: 'replace' });

// The language and theme switches.
$('f-lang').value = store.state.lang || 'en';
$('f-lang').addEventListener('change', () => store.setState({ lang: $('f-lang').value === 'ur' ? 'ur' : '' }, { history: 'replace' }));
$('f-theme').value = themeChoice();
$('f-theme').addEventListener('change', () => applyTheme($('f-theme').value, { storage }));
onThemeChange((theme) => app.view.setTheme(theme));
app.view.setTheme(document.documentElement.dataset.effectiveTheme);
app.view.setLang(store.state.lang || 'en');

// relabel writes every word of the page again in the current language.
function relabel() {
  translatePage();
  $('f-lang').value = store.state.lang || 'en';
  app.view.setLang(store.state.lang || 'en');
  for (const o of $('f-type').options) if (o.value) o.textContent = word('type', o.value, o.dataset.name || o.value);
  app.timeline.draw();
  if (data.clusters.length) app.clusters.draw(data.clusters);
  app.legend.load().then(app.controls.renderCaption);
  app.legend.renderChoro();
  app.panel.refresh();
  app.feed.onView();
  app.controls.sync();
}
onLangChange(relabel);

// What each change of state reloads or redraws.
store.subscribe((s, prev, changed, options) => {
  if (changed.has('lang')) setLang(s.lang || 'en', { storage });
  const filters = filterChanged(changed);
  const layers = filters || changed.has('choro') || changed.has('osm');
  if (layers) app.controls.sync();
  if (changed.has('choro')) app.legend.updateBreaks();
  if (layers) {
    app.view.applyLayers();
    app.legend.renderChoro();
  }
  if (changed.has('view') && options.source !== 'map' && s.view) {
    app.view.setViewQuietly(() => app.view.map.setView([s.view.lat, s.view.lon], s.view.z, { animate: false }));
  }
  if (filters) {
    // The symbols first: the legend's four requests wait until the frame
    // with the new symbols has been drawn, so that neither the server nor
    // the page works on them meanwhile.
    app.clusters.load().finally(() => requestAnimationFrame(() => setTimeout(() => app.legend.load().then(app.controls.renderCaption), 0)));
  }
  app.panel.onState(s, prev, changed, options);
  app.feed.onState(s, prev, changed, filters);
});

// Back and Forward: the address is the state.
window.addEventListener('popstate', () => store.setState(parseState(location.search), { history: 'none', source: 'history' }));

async function start() {
  const { map, basemap } = app.view;
  app.controls.sync();
  app.view.applyLayers();
  app.legend.renderChoro();
  // The view and its clusters first: they do not depend on the basemap, and
  // the cluster request is the slowest one on a large database.
  const s = store.state;
  app.view.setViewQuietly(() => {
    if (embed && s.bounds) {
      const [w, so, e, n] = s.bounds;
      map.fitBounds([[so, w], [n, e]], { animate: false });
    } else if (s.view) map.setView([s.view.lat, s.view.lon], s.view.z, { animate: false });
    else fitProvince(map, { animate: false });
  });
  if (!s.view && !(embed && s.bounds)) {
    const c = map.getCenter();
    store.setState({ view: { z: map.getZoom(), lat: c.lat, lon: c.lng } }, { history: 'replace', source: 'map' });
  }
  basemap.onView();
  app.clusters.load();
  const legend = app.legend.load();
  if (s.sel) app.panel.open(s.sel);

  basemap.load().catch((err) => app.setStatus(t('basemapFailed', { error: err.message })));
  getJSON('/api/routes').then((routes) => {
    app.view.routeLayer.addData(routes);
    basemap.setRoutes(routes);
    data.routeFeatures = routes.features;
  }).catch(() => {});
  const [province, districts, typeList] = await Promise.all([
    getJSON('/api/province').catch(() => null),
    (data.unfilteredDistricts || Promise.reject(new Error('no shared request'))).catch(() => getJSON('/api/districts'))
      .catch(() => ({ type: 'FeatureCollection', features: [] })),
    getJSON('/api/types').catch(() => []),
  ]);
  data.provinceFeature = province;
  if (province) app.view.provinceLayer.addData(province);
  data.districtGeo = districts;
  data.districtIndex = new DistrictIndex(districts.features);
  basemap.setAreaLookup(app.view.districtOf);
  if (!data.districtData.size) data.districtData = new Map(districts.features.map((f) => [f.properties.id, f.properties]));
  app.view.districtLayer.addData(districts);
  basemap.setDistricts(districts.features);
  if (store.state.lang) app.panel.refresh(); // now with the districts' Urdu names
  const sel = $('f-type');
  for (const ty of typeList) sel.appendChild(el('option', { value: ty.id, text: word('type', ty.id, ty.name || ty.id), dataset: { name: ty.name || ty.id } }));
  sel.value = store.state.type;
  app.clusters.relabel(); // now with districts for the symbols' labels
  await legend;
  app.controls.sync();
  app.controls.renderCaption();
  // Printing shows the map with the embed's caption and compact legend.
  // Print is light whatever the theme on screen.
  window.addEventListener('beforeprint', () => { app.view.setTheme('light'); app.controls.renderCaption(); map.invalidateSize(); });
  window.addEventListener('afterprint', () => app.view.setTheme(effectiveTheme()));
  document.body.dataset.ready = '1';
}

start().catch((err) => app.setStatus(t('startFailed', { error: err.message })));
