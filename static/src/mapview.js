// mapview.js builds the Leaflet map: its panes, the offline basemap, the
// province, district and route layers, the optional online background, and
// the layers that highlight a district or a search result. It reads the state
// (district shading, background) and never changes it, except through
// app.store.setState when the reader moves the map.

import L from 'leaflet';

import { getJSON } from './api.js';
import { Basemap } from './basemap.js';
import { choroColour } from './choro.js';
import { el } from './dom.js';
import { clampBBox, bbox as geomBBox } from './geom.js';
import { t } from './i18n.js';
import { LINES, basePalette } from './palette.js';
import { paneRenderer } from './renderer.js';
import { effectiveTheme } from './theme.js';

// The province's bounds (from the gazetteer's outline), so that the first view
// and its cluster request need not wait for the outline to load.
export const BALOCHISTAN = [[24.89, 60.88], [32.10, 70.29]];
export const MAX_ZOOM = 16;

// fitProvince shows the whole province. On a phone a whole zoom step
// leaves it at about half the screen's width, while the next step is only
// a little wider than the screen: there the closer view, cropping a few
// kilometres at its far western and eastern tips, gives the map its screen.
export function fitProvince(map, options) {
  const narrow = map.getSize().x < 500;
  map.fitBounds(BALOCHISTAN, narrow ? { ...options, padding: [-24, -24] } : options);
}


export function createMapView(app) {
  const { $, store, data } = app;
  const map = L.map('map', {
    minZoom: 4,
    maxZoom: MAX_ZOOM,
    zoomSnap: 1,
    keyboard: true,
    attributionControl: true,
    preferCanvas: false,
    // Zooms and keyboard pans jump instead of animating for a quarter of a
    // second: the symbols of the new view are drawn sooner (docs/webmap.md,
    // "Speed"), and nothing moves that the reader did not move.
    zoomAnimation: false,
    markerZoomAnimation: false,
  });
  // Arrow keys on the focused map pan at once (Leaflet's own handler, which
  // animates, still serves its other keys and a focused symbol).
  const PAN = 80;
  map.getContainer().addEventListener('keydown', (e) => {
    if (e.target !== map.getContainer() || e.altKey || e.ctrlKey || e.metaKey) return;
    const d = { ArrowLeft: [-PAN, 0], ArrowRight: [PAN, 0], ArrowUp: [0, -PAN], ArrowDown: [0, PAN] }[e.key];
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    const k = e.shiftKey ? 3 : 1;
    map.panBy([d[0] * k, d[1] * k], { animate: false });
  });
  map.attributionControl.setPrefix(false);
  // The credits in the page's language (setLang): the words from the
  // message table, escaped, the names and links as they are.
  let credits = [];
  function setCredits() {
    const w = (key) => el('span', { text: t(key) }).innerHTML;
    for (const c of credits) map.attributionControl.removeAttribution(c);
    credits = [
      `${w('attrBoundaries')}: <a href="https://data.humdata.org/dataset/cod-ab-pak">OCHA COD-AB</a> (CC BY-IGO); ${w('attrIranAfghanistan')}: <a href="https://github.com/whosonfirst-data/whosonfirst-data/blob/master/LICENSE.md">Who's On First</a>`,
      `${w('attrPlaces')}: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)`,
      `${w('attrNaturalEarth')}: <a href="https://www.naturalearthdata.com/">Natural Earth</a>`,
      'incidentmap',
    ];
    for (const c of credits) map.attributionControl.addAttribution(c);
  }
  setCredits();
  map.createPane('districts').style.zIndex = 350;
  map.createPane('routes').style.zIndex = 380;
  map.createPane('highlight').style.zIndex = 390;
  map.createPane('labels').style.zIndex = 420;
  map.createPane('incidents').style.zIndex = 610;
  map.getPane('labels').style.pointerEvents = 'none';
  map.getPane('highlight').style.pointerEvents = 'none';
  map.getPane('routes').style.pointerEvents = 'none';

  // The optional online background: a tile layer from the server's
  // configuration (/api/config; serve --tiles-url), none when it has none.
  // It fails visibly and politely: when its tiles cannot load (no internet,
  // blocked, the tile server down), a status message says so and the
  // offline basemap stays underneath.
  const online = { layer: null, credit: '', loaded: 0, failed: false };
  function onlineMessage() {
    $('osm-error').textContent = online.failed && online.layer && map.hasLayer(online.layer) ? t('onlineError') : '';
  }
  const configured = getJSON('/api/config').then((cfg) => {
    if (!cfg || !cfg.tiles || !cfg.tiles.url) return;
    online.credit = cfg.tiles.attribution || '';
    const layer = L.tileLayer(cfg.tiles.url, {
      maxZoom: 19,
      crossOrigin: true,
      // Leaflet's attribution is HTML: the operator's credit is text.
      attribution: el('span', { text: online.credit }).innerHTML,
    });
    layer.on('tileload', () => {
      online.loaded++;
      online.failed = false;
      onlineMessage();
      if (online.loaded === 1) districtLayer.setStyle((f) => districtStyle(f)); // now a wash over the tiles
    });
    layer.on('tileerror', () => {
      if (online.loaded) return;
      online.failed = true;
      onlineMessage();
    });
    layer.on('remove', () => { online.failed = false; online.loaded = 0; onlineMessage(); districtLayer.setStyle((f) => districtStyle(f)); });
    online.layer = layer;
    $('online-box').hidden = false;
    renderOnlineLabel();
    applyLayers();
  }).catch(() => {});
  function renderOnlineLabel() {
    $('online-label').textContent = t('online', { name: online.credit });
  }

  // lineColours are the colours of the lines over the districts in the
  // current theme.
  // look.theme is the theme the map is drawn in: the page's, or light
  // while printing.
  const look = { theme: effectiveTheme() };
  const lines = () => LINES[look.theme];

  function districtStyle(f, theme = look.theme) {
    const s = store.state;
    const BASE = basePalette(theme);
    // Over an online background whose tiles load, the districts are
    // outlines with a light wash; while none has loaded they keep their fill.
    const wash = s.osm && online.layer && online.loaded > 0;
    const base = { color: LINES[theme].district, weight: 1, fillColor: BASE.balochistan, fillOpacity: wash ? 0.15 : 1 };
    if (!s.choro) return base;
    const v = choroValue(f.properties.id);
    return { ...base, fillColor: v > 0 ? choroColour(v, data.breaks) : BASE.balochistan, fillOpacity: 0.75 };
  }

  function choroValue(id) {
    const d = data.districtData.get(id);
    if (!d) return 0;
    return store.state.choro === 'killed' ? d.killed_best || 0 : d.count || 0;
  }

  const provinceLayer = L.geoJSON(null, { pane: 'districts', renderer: paneRenderer(map, 'districts'), interactive: false,
    style: () => ({ color: lines().province, weight: 2, fill: false }) });
  const districtLayer = L.geoJSON(null, { pane: 'districts', renderer: paneRenderer(map, 'districts'), style: districtStyle,
    onEachFeature: (f, layer) => layer.on('click', () => showDistrict(f.properties.id)) });
  // Highways and railways of the gazetteer, for context and to show what "on
  // the N-25 near Mastung" means; railways dashed.
  const routeLayer = L.geoJSON(null, { pane: 'routes', renderer: paneRenderer(map, 'routes'), interactive: false,
    style: (f) => ({ color: lines().route, weight: f.properties.kind === 'railway' ? 1.5 : 2, opacity: 0.8,
      dashArray: f.properties.kind === 'railway' ? '4 3' : null, className: `route route-${f.properties.kind}` }) });
  const basemap = new Basemap(map);
  const highlightLayer = L.geoJSON(null, { pane: 'highlight', renderer: paneRenderer(map, 'highlight'), interactive: false,
    style: () => ({ color: lines().highlight, weight: 3, dashArray: '6 4', fillColor: lines().highlight, fillOpacity: 0.08 }) });
  const searchLayer = L.geoJSON(null, { pane: 'highlight', renderer: paneRenderer(map, 'highlight'), interactive: false,
    style: () => ({ color: lines().highlight, weight: 4, dashArray: '8 5', fillColor: lines().highlight, fillOpacity: 0.06 }) });
  provinceLayer.addTo(map);
  districtLayer.addTo(map);
  routeLayer.addTo(map);
  highlightLayer.addTo(map);
  searchLayer.addTo(map);
  fitProvince(map);

  function districtFeature(id) {
    return data.districtGeo && data.districtGeo.features.find((f) => f.properties.id === id);
  }

  function districtOf(lon, lat) {
    const f = data.districtIndex && data.districtIndex.find(lon, lat);
    return f ? f.properties : null;
  }

  function highlight(feature) {
    highlightLayer.clearLayers();
    if (feature) highlightLayer.addData(feature);
  }

  function fitGeometry(g, options) {
    const b = geomBBox(g);
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], options);
  }

  function showDistrict(id) {
    const f = districtFeature(id);
    if (!f) return;
    fitGeometry(f.geometry);
    highlight(f);
    setTimeout(() => highlight(null), 1500);
  }

  // The feed's pin: a ring at the place of the incident hovered, focused or
  // selected in the feed, whether or not it has a symbol of its own.
  const pinLayer = L.layerGroup([], { pane: 'highlight' }).addTo(map);
  function showPin(lat, lon, { selected = false } = {}) {
    pinLayer.clearLayers();
    if (lat == null || lon == null) return;
    pinLayer.addLayer(L.marker([lat, lon], { pane: 'highlight', interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'feed-pin-icon', html: el('div', { class: `feed-pin${selected ? ' selected' : ''}` }), iconSize: [26, 26] }) }));
  }
  function clearPin() {
    pinLayer.clearLayers();
  }

  // viewBBox is the API bbox of the view, padded by pad (a share of its size).
  function viewBBox(pad = 0.05) {
    const b = map.getBounds().pad(pad);
    return clampBBox(b.getWest(), b.getSouth(), b.getEast(), b.getNorth());
  }

  // applyLayers puts the background and the district shading in step with
  // the state.
  function applyLayers() {
    const s = store.state;
    const osm = online.layer;
    if (osm && s.osm && !map.hasLayer(osm)) osm.addTo(map);
    if (osm && !s.osm && map.hasLayer(osm)) map.removeLayer(osm);
    document.body.classList.toggle('with-osm', !!(osm && s.osm));
    $('f-osm').setAttribute('aria-describedby', 'osm-error');
    districtLayer.setStyle((f) => districtStyle(f));
  }

  // setTheme redraws the map's own colours for 'light' or 'dark'.
  function setTheme(theme) {
    look.theme = theme === 'dark' ? 'dark' : 'light';
    basemap.setTheme(theme);
    districtLayer.setStyle((f) => districtStyle(f));
    for (const l of [provinceLayer, routeLayer, highlightLayer, searchLayer]) l.setStyle(l.options.style);
  }

  // setLang puts the map's words and controls in the language: labels,
  // the online background's label and message, and the zoom buttons on the
  // side the page starts from (right in Urdu, which reads right to left).
  function setLang(lang) {
    basemap.setLang(lang);
    map.zoomControl.setPosition(lang === 'ur' ? 'topright' : 'topleft');
    map.attributionControl.setPosition(lang === 'ur' ? 'bottomleft' : 'bottomright');
    setCredits();
    const zc = map.zoomControl;
    for (const [b, key] of [[zc._zoomInButton, 'zoomIn'], [zc._zoomOutButton, 'zoomOut']]) {
      if (!b) continue;
      b.title = t(key);
      b.setAttribute('aria-label', t(key));
    }
    if (online.layer) renderOnlineLabel();
    onlineMessage();
  }

  // While the page itself sets the view (from the URL), the state's view is
  // kept as it was, so a permalink reopens with exactly the same URL.
  const moving = { now: false };
  const labelTimer = { id: null };
  function setViewQuietly(fn) {
    moving.now = true;
    try { fn(); } finally { moving.now = false; }
  }
  map.on('moveend', () => {
    if (!moving.now) {
      const c = map.getCenter();
      store.setState({ view: { z: map.getZoom(), lat: c.lat, lon: c.lng } }, { history: 'replace', source: 'map' });
    }
    app.clusters.load();
    // The labels in a task of their own, after the symbols have been drawn:
    // one long task would hold up the frame that shows the new view.
    clearTimeout(labelTimer.id);
    labelTimer.id = setTimeout(() => basemap.onView(), 0);
    if (app.feed) app.feed.onView(); // not yet there while the feed itself opens at start
  });

  return {
    map, get osm() { return online.layer; }, onlineCredit: () => online.credit, configured, setTheme, setLang, basemap, provinceLayer, districtLayer, routeLayer, searchLayer,
    districtStyle, districtFeature, districtOf, highlight, fitGeometry, showDistrict, viewBBox, applyLayers, setViewQuietly, showPin, clearPin,
  };
}
