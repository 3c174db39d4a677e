// snapshot.js draws the current view to a PNG at twice the screen's size,
// without any network access: it redraws the offline basemap (sea,
// countries, provinces, the labels placed on screen), the districts and the
// incident symbols from the data the page already holds, then adds a title,
// the date range and filter, a legend of the claimants whose colours are
// drawn, a scale bar, the full credits and the permalink. OpenStreetMap tiles
// are included only when that layer is on (loaded with CORS so the canvas
// stays exportable).

import { KINDS } from './basemap.js';
import { BASE, CASING, LINES, claimantColour } from './palette.js';
import { TEHSIL_MIN_ZOOM, URDU_FONT } from './basemap.js';

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

function fmt(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : Number(n).toLocaleString('en-GB');
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
  const size = map.getSize();
  const credits = o.credits || '';
  // Measure the footer first: the credits wrap to the map's width.
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = '10px system-ui, sans-serif';
  const creditLines = wrap(measure, credits, size.x - 20);
  const footer = 64 + 13 * creditLines.length + 16;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.x * SCALE);
  canvas.height = Math.round((size.y + footer) * SCALE);
  const ctx = canvas.getContext('2d');
  ctx.scale(SCALE, SCALE);
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
  if (!tilesDrawn) {
    // Start again without the tiles: a tainted canvas cannot be exported.
    return snapshot(map, { ...o, osm: null });
  }

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
      ctx.fillText(l.text, x, p.y);
      continue;
    }
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    if (l.kind !== 'sea') ctx.strokeText(l.text, x, p.y);
    ctx.fillStyle = l.kind === 'sea' ? '#1f5673' : l.kind === 'region' ? '#6b4f33' : '#333';
    ctx.fillText(l.text, x, p.y);
  }

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
        ctx.fillText('≠', r, -r);
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
    ctx.fillText(fmt(n), 0, 0);
    ctx.restore();
  }

  // Scale bar, bottom left of the map.
  const sb = niceScale(map, 120);
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(8, size.y - 30, sb.px + 16, 24);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(16, size.y - 18);
  ctx.lineTo(16, size.y - 12);
  ctx.lineTo(16 + sb.px, size.y - 12);
  ctx.lineTo(16 + sb.px, size.y - 18);
  ctx.stroke();
  ctx.fillStyle = '#111';
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText(`${fmt(sb.km)} km`, 16 + sb.px / 2, size.y - 22);
  ctx.restore();

  // Title, date range and filter.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  // The words come from the message table (controls.js passes them).
  const words = { title: 'incidentmap: conflict incidents in Balochistan', districtOnly: 'located only to a district',
    disputed: 'figures disputed', shading: 'district shading:', ...o.words };
  const title = words.title;
  ctx.font = '12px system-ui, sans-serif';
  const lines = [o.dates, o.summary].filter(Boolean);
  ctx.font = 'bold 14px system-ui, sans-serif';
  let w = ctx.measureText(title).width;
  ctx.font = '12px system-ui, sans-serif';
  for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
  w = Math.min(size.x - 20, w + 20);
  ctx.fillStyle = 'rgba(255,255,255,0.92)';
  ctx.fillRect(10, 10, w, 26 + 16 * lines.length);
  ctx.fillStyle = '#111';
  ctx.font = 'bold 14px system-ui, sans-serif';
  ctx.fillText(title, 20, 28, w - 20);
  ctx.font = '12px system-ui, sans-serif';
  lines.forEach((l, i) => ctx.fillText(l, 20, 46 + 16 * i, w - 20));

  // Footer: legend of the claimants drawn, symbols, credits, permalink.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, size.y, size.x, footer);
  let x = 10;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const legend = visibleClaimants(o.clusters);
  for (const a of legend) {
    const label = `${a.id} ${fmt(a.count)}`;
    if (x + ctx.measureText(label).width + 16 > size.x - 10) break;
    ctx.fillStyle = claimantColour(a.id);
    ctx.fillRect(x, size.y + 10, 12, 12);
    ctx.strokeStyle = '#1b1b1b';
    ctx.lineWidth = 1;
    ctx.strokeRect(x, size.y + 10, 12, 12);
    ctx.fillStyle = '#111';
    ctx.fillText(label, x + 16, size.y + 16);
    x += ctx.measureText(label).width + 28;
  }
  ctx.strokeStyle = '#333';
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(16, size.y + 40, 7, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#111';
  ctx.fillText(words.districtOnly, 28, size.y + 40);
  let cx = 190;
  ctx.beginPath();
  ctx.arc(cx, size.y + 40, 7, 0, 2 * Math.PI);
  ctx.fillStyle = '#1b1b1b';
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.textAlign = 'center';
  ctx.font = 'bold 10px system-ui, sans-serif';
  ctx.fillText('≠', cx, size.y + 40);
  ctx.textAlign = 'left';
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#111';
  ctx.fillText(words.disputed, cx + 12, size.y + 40);
  if (o.choroLegend && o.choroLegend.length) {
    cx = 330;
    ctx.fillText(words.shading, cx, size.y + 40);
    cx += 100;
    for (const [b, c] of o.choroLegend) {
      ctx.fillStyle = c;
      ctx.fillRect(cx, size.y + 34, 12, 12);
      ctx.fillStyle = '#111';
      ctx.fillText(`≤${fmt(b)}`, cx + 15, size.y + 40);
      cx += 56;
    }
  }
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#333';
  creditLines.forEach((l, i) => ctx.fillText(l, 10, size.y + 62 + 13 * i));
  ctx.fillStyle = '#0b4f80';
  ctx.fillText(`${o.permalink} · ${new Date().toISOString().slice(0, 10)}`, 10, size.y + 62 + 13 * creditLines.length + 4, size.x - 20);

  const blob = await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), 'image/png'));
  return { blob, legend: legend.map((a) => a.id), width: canvas.width, height: canvas.height };
}
