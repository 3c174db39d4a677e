// snapshot.js draws the current view to a PNG at twice the screen's size,
// without any network access: it redraws the offline basemap (sea,
// countries, provinces, the labels placed on screen), the districts and the
// incident symbols from the data the page already holds, then adds a title,
// the date range and filter, a legend of the claimants whose colours are
// drawn, a scale bar, the full credits and the permalink. OpenStreetMap tiles
// are included only when that layer is on (loaded with CORS so the canvas
// stays exportable).
//
// Its words are the page's language's (o.lang): in Urdu every word comes
// from the message table in Urdu, numbers and dates from Intl, the text
// runs right to left in the Urdu font (loaded before anything is drawn),
// and the title box, legend, scale bar and credits sit on the right.
// Every string drawn is also listed with its role in the result (words), so
// that what a snapshot says can be checked without reading pixels.

import { KINDS } from './basemap.js';
import { BASE, CASING, LINES, claimantColour } from './palette.js';
import { TEHSIL_MIN_ZOOM, URDU_FONT } from './basemap.js';
import { fmtCompact, fmtDayL, fmtNum, t, withLang } from './i18n.js';

const SCALE = 2;

function ringPath(ctx, map, ring) {
  ring.forEach(([lon, lat], i) => {
    const p = map.latLngToContainerPoint([lat, lon]);
    if (i === 0) ctx.moveTo(p.x, p.y);
    else ctx.lineTo(p.x, p.y);
  });
}

function geomPath(ctx, map, g) {
  ctx.beginPath();
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const poly of polys) for (const ring of poly) { ringPath(ctx, map, ring); ctx.closePath(); }
  const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  for (const line of lines) ringPath(ctx, map, line);
}

// fmt is a count in the current language: short above 10,000 ("12k",
// "12 ہزار").
function fmt(n) {
  return n >= 10000 ? fmtCompact(n) : fmtNum(n);
}

// uiFont is the interface's font at a size for the snapshot's language.
function uiFont(lang, px, bold = false) {
  return `${bold ? 'bold ' : ''}${lang === 'ur' ? px + 2 : px}px ${lang === 'ur' ? URDU_FONT : 'system-ui, sans-serif'}`;
}

function drawStyled(ctx, map, f, st) {
  geomPath(ctx, map, f.geometry);
  if (st.fill !== false && st.fillColor && /Polygon/.test(f.geometry.type)) {
    ctx.globalAlpha = st.fillOpacity ?? 0.2;
    ctx.fillStyle = st.fillColor;
    ctx.fill('evenodd');
    ctx.globalAlpha = 1;
  }
  if (st.stroke !== false && st.color) {
    ctx.setLineDash(st.dashArray ? String(st.dashArray).split(/[ ,]+/).map(Number) : []);
    ctx.strokeStyle = st.color;
    ctx.globalAlpha = st.opacity ?? 1;
    ctx.lineWidth = st.weight ?? 1;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
  }
}

// niceScale picks a scale bar length (km) of at most maxPx pixels.
function niceScale(map, maxPx) {
  const size = map.getSize();
  const y = size.y / 2;
  const m = map.distance(map.containerPointToLatLng([0, y]), map.containerPointToLatLng([maxPx, y]));
  const km = m / 1000;
  const pow = 10 ** Math.floor(Math.log10(km));
  const nice = [5, 2, 1].map((k) => k * pow).find((v) => v <= km) || pow;
  return { km: nice, px: (nice / km) * maxPx };
}

// wrap splits text into lines no wider than width.
function wrap(ctx, text, width) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    const t = line ? `${line} ${word}` : word;
    if (ctx.measureText(t).width > width && line) {
      out.push(line);
      line = word;
    } else line = t;
  }
  if (line) out.push(line);
  return out;
}

// visibleClaimants are the claimants whose colours the symbols show, with
// the number of incidents each stands for in view, largest first.
export function visibleClaimants(clusters) {
  const counts = new Map();
  for (const f of clusters) {
    const q = f.properties || {};
    const parts = (q.count || 1) === 1 && q.id ? { [q.primary_claimant || 'unknown']: 1 } : q.claimants || {};
    for (const [a, v] of Object.entries(parts)) counts.set(a, (counts.get(a) || 0) + v);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, count]) => ({ id, count }));
}

export async function snapshot(map, o) {
  const lang = o.lang === 'ur' ? 'ur' : 'en';
  // A canvas draws with a fallback font while the Urdu one is still
  // loading, and never redraws: wait for both weights first.
  if (lang === 'ur' && document.fonts) {
    await Promise.all([uiFont(lang, 12), uiFont(lang, 14, true)].map((f) => document.fonts.load(f, 'اردو').catch(() => null)));
  }
  // Text is drawn in the language's words, numbers and dates (draw does
  // not wait for anything, so withLang holds for all of it).
  let out = withLang(lang, () => draw(map, o, lang));
  // A tile that tainted the canvas: draw again without the tiles, as a
  // tainted canvas cannot be exported.
  if (!out) out = withLang(lang, () => draw(map, { ...o, osm: null }, lang));
  const { canvas, legend, words } = out;
  const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), 'image/png'));
  return { blob, legend: legend.map((a) => a.id), width: canvas.width, height: canvas.height, words };
}

// draw paints the snapshot on a new canvas, or returns null if an online
// tile tainted it.
function draw(map, o, lang) {
  const rtl = lang === 'ur';
  const size = map.getSize();
  const credits = o.credits || '';
  // Measure the footer first: the credits wrap to the map's width.
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = uiFont(lang, 10);
  const creditLines = wrap(measure, credits, size.x - 20);
  const lineH = rtl ? 16 : 13;
  const footer = 64 + lineH * creditLines.length + 16 + (rtl ? 8 : 0);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.x * SCALE);
  canvas.height = Math.round((size.y + footer) * SCALE);
  const ctx = canvas.getContext('2d');
  ctx.scale(SCALE, SCALE);
  // say draws a string and lists it with its role and where it starts:
  // 'ui' (the interface's words), 'credits' (a line of them), 'label' (a place name as on screen, with its language), 'id' (a
  // claimant's id), 'num' (a number), 'url' (the permalink).
  const words = [];
  const say = (text, x, y, role, extra = {}, maxWidth = undefined) => {
    words.push({ text, role, x: Math.round(x), y: Math.round(y), ...extra });
    if (maxWidth === undefined) ctx.fillText(text, x, y); else ctx.fillText(text, x, y, maxWidth);
  };
  ctx.fillStyle = BASE.land;
  ctx.fillRect(0, 0, size.x, size.y);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, size.x, size.y);
  ctx.clip();

  // Snapshots are for reports and print: always in the light colours.
  for (const f of o.basemap ? o.basemap.features : []) drawStyled(ctx, map, f, o.basemap.style(f, 'light'));

  let tilesDrawn = true;
  if (o.osm && o.osm.getContainer()) {
    const origin = map.getContainer().getBoundingClientRect();
    for (const img of o.osm.getContainer().querySelectorAll('img.leaflet-tile-loaded')) {
      const r = img.getBoundingClientRect();
      ctx.drawImage(img, r.left - origin.left, r.top - origin.top, r.width, r.height);
    }
    try {
      ctx.getImageData(0, 0, 1, 1); // throws if a tile tainted the canvas
    } catch {
      tilesDrawn = false;
    }
  }
  if (!tilesDrawn) return null;

  if (o.districts) for (const f of o.districts.features) drawStyled(ctx, map, f, { ...o.districtStyle(f, 'light'), fill: true });
  if (o.basemap && o.basemap.tehsilFeatures && map.getZoom() >= TEHSIL_MIN_ZOOM) {
    for (const f of o.basemap.tehsilFeatures) drawStyled(ctx, map, f, { color: LINES.light.tehsil, weight: 0.8, dashArray: '4 3', fill: false });
  }
  if (o.province) drawStyled(ctx, map, o.province, { color: '#333', weight: 2, fill: false });
  for (const f of o.routes || []) drawStyled(ctx, map, f, { color: '#6b5b45', weight: 2, opacity: 0.8, fill: false,
    dashArray: f.properties.kind === 'railway' ? '4 3' : null });

  // The labels placed on screen, at the same places.
  ctx.textBaseline = 'middle';
  for (const l of o.basemap ? o.basemap.placed : []) {
    const k = KINDS[l.kind];
    const p = map.latLngToContainerPoint(l.at);
    // Urdu names in their font, 2 px larger, to the left of their dot (as on screen).
    ctx.font = l.ur ? k.font.replace(/(\d+)px .*$/, (m, px) => `${Number(px) + 2}px ${URDU_FONT}`) : k.font;
    ctx.direction = l.ur ? 'rtl' : 'ltr';
    let x = p.x;
    if (k.dot) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 2.5, 0, 2 * Math.PI);
      ctx.fillStyle = '#222';
      ctx.fill();
      ctx.textAlign = l.ur ? 'right' : 'left';
      x += l.ur ? -6 : 6;
    } else ctx.textAlign = 'center';
    if (l.kind === 'route') {
      const w = ctx.measureText(l.text).width + 6;
      ctx.fillStyle = l.rail ? '#fff' : '#6b5b45';
      ctx.fillRect(p.x - w / 2, p.y - 7, w, 14);
      ctx.fillStyle = l.rail ? '#3d3426' : '#fff';
      say(l.text, x, p.y, 'label', { lang: l.ur ? 'ur' : 'en', kind: l.kind });
      continue;
    }
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    if (l.kind !== 'sea') ctx.strokeText(l.text, x, p.y);
    ctx.fillStyle = l.kind === 'sea' ? '#1f5673' : l.kind === 'region' ? '#6b4f33' : '#333';
    say(l.text, x, p.y, 'label', { lang: l.ur ? 'ur' : 'en', kind: l.kind });
  }
  ctx.direction = 'ltr';

  // Incident symbols, with the same casings as on screen.
  const casing = (r) => {
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = CASING[0];
    ctx.beginPath();
    ctx.arc(0, 0, r + 0.75, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.strokeStyle = CASING[1];
    ctx.beginPath();
    ctx.arc(0, 0, r + 2.25, 0, 2 * Math.PI);
    ctx.stroke();
  };
  for (const f of o.clusters) {
    const [lon, lat] = f.geometry.coordinates;
    const p = map.latLngToContainerPoint([lat, lon]);
    const q = f.properties || {};
    const n = q.count || 1;
    ctx.save();
    ctx.translate(p.x, p.y);
    if (n === 1 && q.id) {
      const colour = claimantColour(q.primary_claimant || 'unknown');
      const r = q.precision === 'province' ? 15 : q.precision === 'district' ? 11 : 7;
      ctx.beginPath();
      ctx.arc(0, 0, r, 0, 2 * Math.PI);
      if (q.precision === 'district' || q.precision === 'province') {
        ctx.fillStyle = 'rgba(255,255,255,0.35)';
        ctx.fill();
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 3;
        ctx.strokeStyle = colour;
        ctx.stroke();
        ctx.setLineDash([]);
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = '#fff';
        ctx.stroke();
      }
      casing(r + 1);
      if ((q.killed_high || 0) > (q.killed_low || 0)) {
        ctx.beginPath();
        ctx.arc(r, -r, 7, 0, 2 * Math.PI);
        ctx.fillStyle = '#1b1b1b';
        ctx.fill();
        ctx.fillStyle = '#fff';
        ctx.font = 'bold 10px system-ui, sans-serif';
        ctx.textAlign = 'center';
        say('≠', r, -r, 'num');
      }
      ctx.restore();
      continue;
    }
    const r = o.clusterSize(n) / 2;
    const parts = Object.entries(q.claimants || {}).sort((a, b) => b[1] - a[1]);
    const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
    let at = -Math.PI / 2;
    for (const [a, v] of parts.length ? parts : [[q.primary_claimant || 'unknown', 1]]) {
      const end = at + (v / total) * 2 * Math.PI;
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.arc(0, 0, r, at, end);
      ctx.closePath();
      ctx.fillStyle = claimantColour(a);
      ctx.fill();
      at = end;
    }
    casing(r);
    ctx.beginPath();
    ctx.arc(0, 0, r * 0.62, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.font = 'bold 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    say(fmt(n), 0, 0, 'num');
    ctx.restore();
  }

  // Scale bar, bottom left of the map (bottom right in right-to-left text).
  const sb = niceScale(map, 120);
  const sbx = rtl ? size.x - 16 - sb.px : 16; // the bar's left end
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(sbx - 8, size.y - 30, sb.px + 16, 24);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(sbx, size.y - 18);
  ctx.lineTo(sbx, size.y - 12);
  ctx.lineTo(sbx + sb.px, size.y - 12);
  ctx.lineTo(sbx + sb.px, size.y - 18);
  ctx.stroke();
  ctx.fillStyle = '#111';
  ctx.font = uiFont(lang, 10);
  ctx.textAlign = 'center';
  ctx.direction = rtl ? 'rtl' : 'ltr';
  say(t('snapKm', { n: fmt(sb.km) }), sbx + sb.px / 2, size.y - 22, 'ui');
  ctx.restore();

  // Text from here on runs in the language's direction; `start` is the
  // left edge in English and the right edge in Urdu, and at(x) mirrors an
  // English x (measured from the left) for Urdu.
  ctx.direction = rtl ? 'rtl' : 'ltr';
  const at = (x) => (rtl ? size.x - x : x);

  // Title, date range and filter.
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
  // The words come from the message table (controls.js passes them, in the
  // page's language).
  const msg = { title: t('pageTitle'), districtOnly: t('snapDistrictOnly'), disputed: t('snapDisputed'), shading: t('snapShading'), ...o.words };
  const title = msg.title;
  const lines = [o.dates, o.summary].filter(Boolean);
  ctx.font = uiFont(lang, 14, true);
  let w = ctx.measureText(title).width;
  ctx.font = uiFont(lang, 12);
  for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
  w = Math.min(size.x - 20, w + 20);
  const lh = rtl ? 20 : 16; // Urdu's letters reach further above and below
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  ctx.fillRect(rtl ? size.x - 10 - w : 10, 10, w, 26 + lh * lines.length + (rtl ? 4 : 0));
  ctx.fillStyle = '#111';
  ctx.font = uiFont(lang, 14, true);
  say(title, at(20), 28, 'ui', {}, w - 20);
  ctx.font = uiFont(lang, 12);
  lines.forEach((l, i) => say(l, at(20), 46 + (rtl ? 4 : 0) + lh * i, 'ui', {}, w - 20));

  // Footer: legend of the claimants drawn, symbols, credits, permalink.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, size.y, size.x, footer);
  let x = 10;
  ctx.font = uiFont(lang, 12);
  ctx.textBaseline = 'middle';
  const legend = visibleClaimants(o.clusters);
  for (const a of legend) {
    // A claimant's id is its name (BLF, ISPR) in either language.
    const count = fmt(a.count);
    ctx.direction = 'ltr';
    const idW = ctx.measureText(`${a.id} `).width;
    ctx.direction = rtl ? 'rtl' : 'ltr';
    const labelW = idW + ctx.measureText(count).width;
    if (x + labelW + 16 > size.x - 10) break;
    ctx.fillStyle = claimantColour(a.id);
    ctx.fillRect(rtl ? at(x) - 12 : x, size.y + 10, 12, 12);
    ctx.strokeStyle = '#1b1b1b';
    ctx.lineWidth = 1;
    ctx.strokeRect(rtl ? at(x) - 12 : x, size.y + 10, 12, 12);
    ctx.fillStyle = '#111';
    say(a.id, at(x + 16), size.y + 16, 'id');
    say(count, at(x + 16 + idW), size.y + 16, 'num');
    x += labelW + 28;
  }
  ctx.strokeStyle = '#333';
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(at(16), size.y + 40, 7, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#111';
  say(msg.districtOnly, at(28), size.y + 40, 'ui');
  // The next item starts after this one's words (Urdu's may be wider).
  let cx = rtl ? Math.max(190, 28 + ctx.measureText(msg.districtOnly).width + 24) : 190;
  ctx.beginPath();
  ctx.arc(at(cx), size.y + 40, 7, 0, 2 * Math.PI);
  ctx.fillStyle = '#1b1b1b';
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'center';
  ctx.font = 'bold 10px system-ui, sans-serif';
  say('≠', at(cx), size.y + 40, 'num');
  ctx.textAlign = 'start';
  ctx.font = uiFont(lang, 12);
  ctx.fillStyle = '#111';
  say(msg.disputed, at(cx + 12), size.y + 40, 'ui');
  if (o.choroLegend && o.choroLegend.length) {
    cx = rtl ? Math.max(330, cx + 12 + ctx.measureText(msg.disputed).width + 24) : 330;
    say(msg.shading, at(cx), size.y + 40, 'ui');
    cx += rtl ? Math.max(100, ctx.measureText(msg.shading).width + 10) : 100;
    for (const [b, c] of o.choroLegend) {
      ctx.fillStyle = c;
      ctx.fillRect(rtl ? at(cx) - 12 : cx, size.y + 34, 12, 12);
      ctx.fillStyle = '#111';
      say(`≤${fmt(b)}`, at(cx + 15), size.y + 40, 'num');
      cx += 56;
    }
  }
  ctx.font = uiFont(lang, 10);
  ctx.fillStyle = '#333';
  creditLines.forEach((l, i) => say(l, at(10), size.y + 62 + lineH * i, 'credits'));
  // The permalink and the day it was taken: a URL reads left to right in
  // either language; the day is a date of the language.
  const linkY = size.y + 62 + lineH * creditLines.length + 4;
  const day = new Date().toISOString().slice(0, 10);
  ctx.fillStyle = '#0b4f80';
  if (rtl) {
    const dayText = fmtDayL(day);
    say(dayText, at(10), linkY, 'ui');
    const dw = ctx.measureText(dayText).width + 12;
    ctx.direction = 'ltr';
    ctx.textAlign = 'right';
    say(o.permalink, at(10) - dw, linkY, 'url', {}, size.x - 20 - dw);
  } else {
    say(`${o.permalink} · ${day}`, 10, linkY, 'url', {}, size.x - 20);
  }

  return { canvas, legend, words };
}
