// snapshot.js draws the current view to a PNG without any network access: it
// redraws the vector layers (districts, province, labels, incident symbols)
// from the data the page already holds, adds a title, the filter, a legend and
// the attribution, and includes the OpenStreetMap tiles only when that layer is
// on (they are loaded with CORS so the canvas stays exportable).

import { claimantColour } from './palette.js';

function ringPath(ctx, map, ring) {
  ring.forEach(([lon, lat], i) => {
    const p = map.latLngToContainerPoint([lat, lon]);
    if (i === 0) ctx.moveTo(p.x, p.y);
    else ctx.lineTo(p.x, p.y);
  });
  ctx.closePath();
}

function geomPath(ctx, map, g) {
  ctx.beginPath();
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const poly of polys) for (const ring of poly) ringPath(ctx, map, ring);
}

function fmt(n) {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : Number(n).toLocaleString('en-GB');
}

export async function snapshot(map, o) {
  const size = map.getSize();
  const footer = 64;
  const scale = Math.min(window.devicePixelRatio || 1, 2);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(size.x * scale);
  canvas.height = Math.round((size.y + footer) * scale);
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#dde6ea';
  ctx.fillRect(0, 0, size.x, size.y);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, size.x, size.y);
  ctx.clip();

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

  if (o.districts) {
    for (const f of o.districts.features) {
      const st = o.districtStyle(f);
      geomPath(ctx, map, f.geometry);
      if (!o.osm || st.fillColor !== '#f4f1ea') {
        ctx.globalAlpha = st.fillOpacity ?? 0.9;
        ctx.fillStyle = st.fillColor;
        ctx.fill('evenodd');
        ctx.globalAlpha = 1;
      }
      ctx.strokeStyle = st.color;
      ctx.lineWidth = st.weight;
      ctx.stroke();
    }
  }
  if (o.province) {
    geomPath(ctx, map, o.province.geometry);
    ctx.strokeStyle = '#333';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  if (o.districts && map.getZoom() >= 6) {
    ctx.font = `${map.getZoom() < 7 ? 10 : 12}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const f of o.districts.features) {
      const q = f.properties;
      if (q.label_lat === undefined) continue;
      const p = map.latLngToContainerPoint([q.label_lat, q.label_lon]);
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.85)';
      ctx.strokeText(q.name, p.x, p.y);
      ctx.fillStyle = '#444';
      ctx.fillText(q.name, p.x, p.y);
    }
  }

  for (const f of o.clusters) {
    const [lon, lat] = f.geometry.coordinates;
    const p = map.latLngToContainerPoint([lat, lon]);
    const q = f.properties || {};
    const n = q.count || 1;
    if (n === 1 && q.id) {
      const colour = claimantColour(q.primary_claimant || 'unknown');
      ctx.beginPath();
      if (q.precision === 'district' || q.precision === 'province') {
        ctx.arc(p.x, p.y, q.precision === 'province' ? 15 : 11, 0, 2 * Math.PI);
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 3;
        ctx.strokeStyle = colour;
        ctx.stroke();
        ctx.setLineDash([]);
      } else {
        ctx.arc(p.x, p.y, 7, 0, 2 * Math.PI);
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = '#fff';
        ctx.stroke();
      }
      continue;
    }
    const r = (26 + 9 * Math.log10(n)) / 2;
    const parts = Object.entries(q.claimants || {}).sort((a, b) => b[1] - a[1]);
    const total = parts.reduce((s, [, v]) => s + v, 0) || 1;
    let at = -Math.PI / 2;
    for (const [a, v] of parts.length ? parts : [[q.primary_claimant || 'unknown', 1]]) {
      const end = at + (v / total) * 2 * Math.PI;
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      ctx.arc(p.x, p.y, r, at, end);
      ctx.closePath();
      ctx.fillStyle = claimantColour(a);
      ctx.fill();
      at = end;
    }
    ctx.beginPath();
    ctx.arc(p.x, p.y, r * 0.62, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.font = 'bold 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(fmt(n), p.x, p.y);
  }
  ctx.restore();

  // Title and filter.
  ctx.font = 'bold 14px system-ui, sans-serif';
  const title = 'incidentmap: conflict incidents in Balochistan';
  const w = Math.min(size.x - 20, Math.max(ctx.measureText(title).width, ctx.measureText(o.summary).width * 0.9) + 20);
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.fillRect(10, 10, w, 44);
  ctx.fillStyle = '#111';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(title, 20, 28, w - 20);
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText(o.summary, 20, 46, w - 20);

  // Footer: legend and attribution.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, size.y, size.x, footer);
  let x = 10;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const a of o.legend.slice(0, 10)) {
    ctx.fillStyle = claimantColour(a.id);
    ctx.fillRect(x, size.y + 10, 12, 12);
    ctx.fillStyle = '#111';
    const label = `${a.id} ${fmt(a.count)}`;
    ctx.fillText(label, x + 16, size.y + 16);
    x += ctx.measureText(label).width + 28;
    if (x > size.x - 80) break;
  }
  ctx.strokeStyle = '#333';
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(16, size.y + 40, 7, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = '#111';
  ctx.fillText('located only to a district', 28, size.y + 40);
  if (o.choroLegend && o.choroLegend.length) {
    let cx = 200;
    ctx.fillText('district shading:', cx, size.y + 40);
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
  ctx.textAlign = 'right';
  ctx.fillStyle = '#444';
  const attr = `Boundaries: OCHA COD-AB (CC BY-IGO), Who's On First · Places: GeoNames (CC BY 4.0)${o.osm ? ' · Map data © OpenStreetMap contributors' : ''} · incidentmap · ${new Date().toISOString().slice(0, 10)}`;
  ctx.fillText(attr, size.x - 8, size.y + footer - 10);

  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), 'image/png'));
}
