// basemap.js draws the offline basemap's context from /api/basemap (sea,
// countries, provinces around Balochistan, lakes, rivers, named ranges and
// deserts, peaks, the lines between the tehsils of each district) and
// places every label on the map (countries, provinces, districts, towns
// from /api/places, route numbers, ranges) so that no two collide:
// candidates are taken most important first and a label is drawn only where
// its box is free. Colours follow the theme (light or dark, setTheme);
// names follow the language (setLang: Urdu names where the gazetteer has
// them, town labels to the left of their dot in right-to-left Urdu).

import L from 'leaflet';

import { SymbolLayer } from './symbollayer.js';
import { getJSON, isAbort, Latest } from './api.js';
import { BoxIndex, bbox, contains } from './geom.js';
import { t, withLang } from './i18n.js';
import { BASE, LINES, basePalette } from './palette.js';
import { paneRenderer } from './renderer.js';

export { BASE, KINDS };

// URDU_FONT is the family of Urdu labels (app.css uses the same for
// :lang(ur)), so that they are measured as drawn.
export const URDU_FONT = "'Noto Naskh Arabic', 'Segoe UI', Tahoma, sans-serif";

// TEHSIL_MIN_ZOOM is the zoom from which the lines between tehsils are drawn.
export const TEHSIL_MIN_ZOOM = 8;

// labelPoint is a point inside a polygon for its label: the centre of its
// bounding box if inside, otherwise the inside grid point nearest to it.
export function labelPoint(geometry) {
  const [w, s, e, n] = bbox(geometry);
  const cx = (w + e) / 2, cy = (s + n) / 2;
  if (contains(geometry, cx, cy)) return [cx, cy];
  let best = null, bd = Infinity;
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const x = w + ((e - w) * i) / 12, y = s + ((n - s) * j) / 12;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d < bd && contains(geometry, x, y)) { best = [x, y]; bd = d; }
    }
  }
  return best;
}

const measureCtx = document.createElement('canvas').getContext('2d');
const widths = new Map(); // font + text -> width: the same labels are measured on every move
function textWidth(text, font) {
  const key = `${font}|${text}`;
  const w = widths.get(key);
  if (w !== undefined) return w;
  measureCtx.font = font;
  const m = measureCtx.measureText(text).width;
  if (widths.size > 20000) widths.clear();
  widths.set(key, m);
  return m;
}

// Label kinds: the font (for measuring), the lowest and highest zoom at
// which they are offered, and whether a dot marks the point.
const KINDS = {
  country: { font: 'bold 13px system-ui, sans-serif', min: 4, max: 9, upper: true },
  sea: { font: 'italic 13px system-ui, sans-serif', min: 4, max: 10 },
  province: { font: 'italic 12px system-ui, sans-serif', min: 5, max: 9 },
  district: { font: '12px system-ui, sans-serif', min: 6, max: 10 },
  town1: { font: 'bold 13px system-ui, sans-serif', min: 4, max: 22, dot: true },
  town2: { font: '12px system-ui, sans-serif', min: 6, max: 22, dot: true },
  town3: { font: '11px system-ui, sans-serif', min: 7, max: 22, dot: true },
  town4: { font: '11px system-ui, sans-serif', min: 8, max: 22, dot: true },
  town5: { font: '10px system-ui, sans-serif', min: 9, max: 22, dot: true },
  route: { font: 'bold 10px system-ui, sans-serif', min: 6, max: 12 },
  region: { font: 'italic 11px system-ui, sans-serif', min: 5, max: 9, upper: true },
  peak: { font: 'italic 10px system-ui, sans-serif', min: 7, max: 12, dot: true },
  tehsil: { font: 'italic 11px system-ui, sans-serif', min: 9, max: 14 },
  area: { font: 'italic 12px system-ui, sans-serif', min: 11, max: 22 },
};

const AREA = new Set(['country', 'province', 'sea', 'region', 'tehsil', 'area']);

// Basemap owns the context layers and the label layer.
export class Basemap {
  constructor(map, { pane = 'base', labelPane = 'labels' } = {}) {
    this.map = map;
    this.labelPane = labelPane;
    map.createPane(pane).style.zIndex = 150; // under tiles (200): an online background covers it
    map.getPane(pane).style.pointerEvents = 'none';
    // Tehsil lines lie over the district fills (pane 350) and under the
    // district lines' neighbours: a pane of their own.
    map.createPane('tehsils').style.zIndex = 360;
    map.getPane('tehsils').style.pointerEvents = 'none';
    this.theme = 'light';
    this.lang = 'en';
    this.layer = L.geoJSON(null, { pane, renderer: paneRenderer(map, pane), interactive: false, style: (f) => this.style(f) }).addTo(map);
    this.tehsils = L.geoJSON(null, { pane: 'tehsils', renderer: paneRenderer(map, 'tehsils'), interactive: false, style: () => this.tehsilStyle() });
    map.on('zoomend', () => this.showTehsils());
    // Labels are plain elements in one layer (see symbollayer.js): a Leaflet
    // marker each made every move a long task.
    const none = () => {};
    this.labels = new SymbolLayer({ activate: none, hover: none, unhover: none }, { pane: labelPane }).addTo(map);
    this.features = [];
    this.placed = [];
    this.fixed = []; // label candidates that do not depend on the view
    this.districts = [];
    this.routes = [];
    this.places = [];
    this.placeReq = new Latest();
    this.placeTimer = null;
  }

  // setTheme redraws the basemap in 'light' or 'dark' colours.
  setTheme(theme) {
    this.theme = theme === 'dark' ? 'dark' : 'light';
    this.layer.setStyle((f) => this.style(f));
    this.tehsils.setStyle(() => this.tehsilStyle());
  }

  // setLang redraws the labels in the language ('en' or 'ur').
  setLang(lang) {
    this.lang = lang;
    this.draw();
    // Urdu labels are measured in their font: once it has loaded, again.
    if (lang === 'ur' && document.fonts) document.fonts.load(`12px ${URDU_FONT}`, 'اردو').then(() => this.draw(), () => {});
  }

  tehsilStyle() {
    return { color: LINES[this.theme].tehsil, weight: 0.8, dashArray: '4 3', fill: false, className: 'tehsil-line' };
  }

  showTehsils() {
    const on = this.map.getZoom() >= TEHSIL_MIN_ZOOM;
    if (on && !this.map.hasLayer(this.tehsils)) this.tehsils.addTo(this.map);
    if (!on && this.map.hasLayer(this.tehsils)) this.tehsils.remove();
  }

  // style is a basemap feature's style in the current theme, or in theme.
  style(f, theme = this.theme) {
    const p = f.properties;
    const BASE = basePalette(theme);
    switch (p.layer) {
      case 'sea': return { stroke: true, color: BASE.seaLine, weight: 1, fillColor: BASE.sea, fillOpacity: 1 };
      case 'country': return { color: BASE.country, weight: 1.5, fillColor: p.iso_a2 === 'PK' ? BASE.pakistan : BASE.land, fillOpacity: 1 };
      case 'province': return { color: BASE.province, weight: 1, dashArray: '5 4', fill: false };
      case 'lake': return { stroke: false, fillColor: BASE.lake, fillOpacity: 1 };
      case 'river': return { color: BASE.river, weight: p.rank <= 6 ? 1.5 : 1, fill: false };
      default: return { stroke: false, fill: false };
    }
  }

  async load() {
    const fc = await getJSON('/api/basemap');
    const order = { sea: 0, country: 1, lake: 2, river: 3, province: 4 };
    const drawn = fc.features.filter((f) => f.properties.layer in order)
      .sort((a, b) => order[a.properties.layer] - order[b.properties.layer]);
    this.layer.addData({ type: 'FeatureCollection', features: drawn });
    this.features = drawn; // for snapshots
    this.tehsilFeatures = fc.features.filter((f) => f.properties.layer === 'tehsil');
    this.tehsils.addData({ type: 'FeatureCollection', features: this.tehsilFeatures });
    this.showTehsils();
    for (const f of fc.features) {
      const p = f.properties;
      if (!p.name) continue;
      let at = null;
      if (p.layer === 'peak' || p.layer === 'tehsil_name') at = f.geometry.coordinates;
      else if (p.layer === 'province') at = p.label;
      else if (p.layer === 'country' || p.layer === 'sea' || p.layer === 'region') at = labelPoint(f.geometry);
      // Pakistan is not named: the map is of one of its provinces, and its
      // provinces are.
      if (!at || p.iso_a2 === 'PK') continue;
      const kind = p.layer === 'tehsil_name' ? 'tehsil' : p.layer;
      if (kind === 'region' && !/Range|Desert|Plain|Plateau|Delta|Valley/.test(p.kind || '')) continue;
      // Urdu names of countries, seas, regions, peaks and provinces come
      // with the basemap (name_ur, from Natural Earth's tables; see
      // data/README.md).
      this.fixed.push({ kind, text: name(p.name), ur: p.name_ur, lon: at[0], lat: at[1], prio: { country: 0, sea: 1, province: 3, region: 6, tehsil: 7, peak: 8 }[kind] });
    }
    this.draw();
  }

  setDistricts(features) {
    this.districts = features.filter((f) => f.properties.label_lat !== undefined).map((f) => ({
      kind: 'district', text: f.properties.name, ur: f.properties.name_ur, lon: f.properties.label_lon, lat: f.properties.label_lat, prio: 2 }));
    this.draw();
  }

  // setRoutes takes /api/routes: each highway's number (a railway's name) is
  // labelled at the middle of its line.
  setRoutes(fc) {
    this.routes = [];
    for (const f of fc.features || []) {
      const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const line = lines.reduce((a, b) => (b.length > a.length ? b : a), []);
      // Highways by number; railways, which have none, by name.
      const rail = f.properties.kind === 'railway';
      const text = f.properties.ref || (rail ? f.properties.name : '');
      if (!line.length || !text) continue;
      // At the middle of the line, else a third or two thirds along it
      // (where the middle is crowded): one label per route.
      for (const [i, at] of [0.5, 0.35, 0.65].entries()) {
        const [lon, lat] = line[Math.floor(line.length * at)];
        this.routes.push({ kind: 'route', text, lon, lat, prio: (rail ? 5.5 : 5) + i * 0.01, rail, group: f.properties.id });
      }
    }
    this.draw();
  }

  // setAreaLookup takes a function that returns the district (its
  // properties) at a point, or null: zoomed in closely, the district the
  // view is in is named, so that a view with few towns still says where it
  // is.
  setAreaLookup(fn) {
    this.areaAt = fn;
    this.draw();
  }

  // onView asks for the places of the new view (debounced) and redraws.
  onView() {
    this.draw();
    clearTimeout(this.placeTimer);
    this.placeTimer = setTimeout(() => this.loadPlaces(), 120);
  }

  async loadPlaces() {
    const b = this.map.getBounds().pad(0.1);
    const p = new URLSearchParams({ bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(4)).join(','),
      zoom: String(this.map.getZoom()), limit: '400' });
    try {
      const res = await getJSON('/api/places', p, this.placeReq.signal());
      this.places = res.places.map((q) => ({ kind: `town${q.rank}`, text: q.name, ur: q.name_ur, lon: q.lon, lat: q.lat, prio: q.rank === 1 ? 1.5 : q.rank === 2 ? 4 : 6 + q.rank }));
      this.draw();
    } catch (err) {
      if (!isAbort(err)) this.places = [];
    }
  }

  // draw places the labels of the current view, most important first,
  // skipping any whose box would overlap one already placed.
  draw() {
    const z = this.map.getZoom();
    const size = this.map.getSize();
    const area = [];
    if (z >= KINDS.area.min && this.areaAt) {
      const c = this.map.getCenter();
      const d = this.areaAt(c.lng, c.lat);
      if (d) {
        const ur = this.lang === 'ur' && d.name_ur;
        // Below the middle of the view, clear of what is at its centre.
        const at = this.map.containerPointToLatLng([size.x / 2, size.y * 0.8]);
        area.push({ kind: 'area', text: withLang('en', () => t('districtOf', { district: d.name })), ur: ur ? t('districtOf', { district: d.name_ur }) : '',
          lon: at.lng, lat: at.lat, prio: 0.5 });
      }
    }
    const cands = [...this.fixed, ...this.districts, ...this.routes, ...this.places, ...area]
      .filter((c) => z >= KINDS[c.kind].min && z <= KINDS[c.kind].max)
      // Zoomed in, towns matter more than the district names around them.
      .map((c) => (c.kind === 'district' && z >= 8 ? { ...c, prio: 6.5 } : c))
      .sort((a, b) => a.prio - b.prio);
    const boxes = new BoxIndex();
    const out = [];
    const rtl = this.lang === 'ur';
    const groups = new Set(); // routes already labelled
    for (const c of cands) {
      if (c.group && groups.has(c.group)) continue;
      const k = KINDS[c.kind];
      const pt0 = this.map.latLngToContainerPoint([c.lat, c.lon]);
      if (pt0.x < -50 || pt0.y < -20 || pt0.x > size.x + 50 || pt0.y > size.y + 20) continue;
      // In Urdu a name the gazetteer has in Urdu is drawn in Urdu (in its
      // font, a little larger: Arabic script reads small); others stay.
      const ur = rtl && c.ur;
      const text = ur ? c.ur : k.upper ? c.text.toUpperCase() : c.text;
      const font = ur ? k.font.replace(/(\d+)px .*$/, (m, px) => `${Number(px) + 2}px ${URDU_FONT}`) : k.font;
      const w = textWidth(text, font) + (k.upper && !ur ? text.length * 1.5 : 0) + 4;
      const h = parseInt(font.match(/(\d+)px/)[1], 10) + (ur ? 8 : 4);
      // Area labels (countries, provinces, seas, ranges) may move a little
      // off their point to find room; points keep theirs.
      const shifts = AREA.has(c.kind) ? [[0, 0], [0, -1.6 * h], [0, 1.6 * h], [0, -3.2 * h], [0, 3.2 * h]] : [[0, 0]];
      for (const [dx, dy] of shifts) {
        const pt = { x: pt0.x + dx, y: pt0.y + dy };
        // Centred labels (areas, districts, routes); towns and peaks to the
        // right of their dot, or to its left when the page is right to left.
        const box = !k.dot ? [pt.x - w / 2, pt.y - h / 2, pt.x + w / 2, pt.y + h / 2]
          : rtl ? [pt.x - 6 - w, pt.y - h / 2, pt.x + 4, pt.y + h / 2] : [pt.x - 4, pt.y - h / 2, pt.x + 6 + w, pt.y + h / 2];
        const pad = 3;
        if (boxes.hits(box, pad)) continue;
        boxes.add(box);
        if (c.group) groups.add(c.group);
        out.push({ c, text, ur, at: dy ? this.map.containerPointToLatLng([pt.x, pt.y]) : [c.lat, c.lon] });
        break;
      }
    }
    this.placed = out.map(({ c, text, at, ur }) => ({ kind: c.kind, text, at, rail: !!c.rail, ur: !!ur })); // for snapshots
    this.labels.setSymbols(out.map(({ c, text, at, ur }) => {
      const cls = `leaflet-marker-icon map-label label-${c.kind.replace(/\d$/, '')} label-${c.kind}${c.kind === 'district' ? ' district-label' : ''}${c.rail ? ' label-rail' : ''}`;
      const ll = L.latLng(at);
      return {
        key: `${cls}|${ur ? 'ur' : 'en'}|${text}|${ll.lat}|${ll.lng}`, latlng: ll, size: [0, 0], item: null,
        build() {
          const e = document.createElement('div');
          e.className = cls;
          const span = document.createElement('span');
          span.textContent = text;
          // A name in Urdu is marked so (font, direction, screen readers); a
          // Latin name on the Urdu map stays English.
          span.lang = ur ? 'ur' : 'en';
          span.dir = ur ? 'rtl' : 'ltr';
          e.appendChild(span);
          return e;
        },
      };
    }), () => { this.map.getContainer().dataset.labels = String(out.length); });
  }
}

// name tidies Natural Earth's abbreviations and capitals for display.
function name(s) {
  const t = s.replace(/\bRa\.$/, 'Range').replace(/\bMts \.?$/, 'Mountains').replace(/\bMts\.$/, 'Mountains').replace(/ \/ /g, ' / ');
  return t === t.toUpperCase() ? t.toLowerCase().replace(/\b\p{L}/gu, (m) => m.toUpperCase()) : t;
}
