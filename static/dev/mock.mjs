// mock.mjs: a development stand-in for `incidentmap serve`, answering the
// read endpoints the page uses from a handful of made-up incidents and the
// repository's gazetteer files. Not part of the bundle and not used by the
// tests (they run the real binary). Usage: node dev/mock.mjs [port]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const root = new URL('../dist/', import.meta.url).pathname;
const data = new URL('../../data/', import.meta.url).pathname;
const districts = JSON.parse(await readFile(join(data, 'districts.geojson'), 'utf8'));
const province = JSON.parse(await readFile(join(data, 'province.geojson'), 'utf8'));
const label = (id) => districts.features.find((f) => f.properties.id === id).properties.label_point;

const claim = (actor, kind, status, killed, group = 'security_forces') => ({
  actor, kind, status, casualties: killed === undefined ? undefined : { [group]: { killed: { low: killed, high: killed } } },
  source: { name: 'Example source', url: 'https://example.org/report' } });
const inc = (id, date, d, prec, title, claims, extra = {}) => {
  const [lon, lat] = label(d);
  return { id, title, date, date_precision: 'day', type: 'ambush', type_label: 'Ambush', place: d, district_id: d,
    district: d[0].toUpperCase() + d.slice(1), precision: prec, precision_words: prec === 'district' ? 'located to district level' : 'located to town or village',
    claims, claimants: [...new Set(claims.map((c) => c.actor))], primary_claimant: claims[0].actor, status: claims.some((c) => c.status === 'confirmed') ? 'confirmed' : 'unverified',
    killed_low: 0, killed_best: 0, killed_high: 0, lon: lon + (prec === 'district' ? 0 : 0.1), lat, ...extra };
};
const incidents = [
  inc('m-1', '2025-03-02', 'panjgur', 'town', 'Attack on a checkpost in Panjgur', [claim('BLF', 'claim_of_responsibility', 'unverified', 6)]),
  inc('m-2', '2025-04-11', 'kech', 'district', 'Ambush in Kech district', [claim('BLA', 'claim_of_responsibility', 'unverified', 12), claim('ISPR', 'official_statement', 'confirmed', 3)]),
  inc('m-3', '2025-05-20', 'kharan', 'town', 'IED in Kharan', [claim('BLA', 'claim_of_responsibility', 'unverified', 2)]),
  inc('m-4', '2025-06-07', 'awaran', 'town', 'Clash in Awaran', [claim('ISPR', 'official_statement', 'confirmed', 4, 'militants')]),
  inc('m-5', '2025-07-09', 'awaran', 'district', 'Operation Baam attack', [claim('BLF', 'claim_of_responsibility', 'unverified')],
    { series: 'operation-baam', series_name: 'Operation Baam', series_claims: [claim('BLF', 'claim_of_responsibility', 'unverified', 50)] }),
  inc('m-6', '2025-07-10', 'kech', 'town', 'Hostile description', [claim('unknown', 'media_report', 'unverified')],
    { description: '<img src=x onerror="window.__pwned=1">' }),
];

function match(i, q) {
  if (q.get('from') && i.date < q.get('from')) return false;
  if (q.get('to') && i.date > q.get('to')) return false;
  if (q.has('claimant') && !q.get('claimant').split(',').some((c) => i.claimants.includes(c))) return false;
  if (q.get('type') && i.type !== q.get('type')) return false;
  if (q.get('status') && !q.get('status').split(',').includes(i.status)) return false;
  if (q.get('series') && i.series !== q.get('series')) return false;
  if (q.get('bbox')) {
    const [a, b, c, d] = q.get('bbox').split(',').map(Number);
    if (i.lon < a || i.lon > c || i.lat < b || i.lat > d) return false;
  }
  return true;
}
const feature = (i) => ({ type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [i.lon, i.lat] }, properties: i });

function handle(url) {
  const q = url.searchParams;
  const sel = incidents.filter((i) => match(i, q));
  const p = url.pathname;
  if (p === '/api/province') return province.features ? province.features[0] : province;
  if (p === '/api/districts') return { type: 'FeatureCollection', features: districts.features.map((f) => {
    const n = sel.filter((i) => i.district_id === f.properties.id);
    const [label_lon, label_lat] = f.properties.label_point;
    return { ...f, properties: { id: f.properties.id, name: f.properties.name, count: n.length, killed_low: 0, killed_best: n.length * 2, killed_high: 0, label_lon, label_lat } };
  }) };
  if (p === '/api/claimants') {
    const noC = incidents.filter((i) => match(i, new URLSearchParams([...q].filter(([k]) => k !== 'claimant'))));
    const ids = [...new Set(incidents.flatMap((i) => i.claimants))];
    return ids.map((id) => ({ id, name: id + ' (full name)', count: noC.filter((i) => i.claimants.includes(id)).length }));
  }
  if (p === '/api/types') return [{ id: 'ambush', name: 'Ambush', count: sel.length }, { id: 'bombing', name: 'Bombing / IED', count: 0 }];
  if (p === '/api/stats') {
    const months = {};
    for (const i of sel) { const m = i.date.slice(0, 7); months[m] ??= {}; months[m][i.primary_claimant] = (months[m][i.primary_claimant] || 0) + 1; }
    return { months: Object.entries(months).sort().map(([month, counts]) => ({ month, counts })), total: sel.length };
  }
  if (p === '/api/clusters') {
    const z = Number(q.get('zoom')); const cell = 60 / (256 * 2 ** z) * 360; const cells = new Map();
    for (const i of sel) { const k = `${Math.floor(i.lon / cell)},${Math.floor(i.lat / cell)}`; if (!cells.has(k)) cells.set(k, []); cells.get(k).push(i); }
    return { type: 'FeatureCollection', features: [...cells.values()].map((g) => {
      const claimants = {}; for (const i of g) claimants[i.primary_claimant] = (claimants[i.primary_claimant] || 0) + 1;
      const props = { count: g.length, claimants, primary_claimant: Object.entries(claimants).sort((a, b) => b[1] - a[1])[0][0] };
      if (g.length === 1) Object.assign(props, { id: g[0].id, title: g[0].title, precision: g[0].precision, status: g[0].status });
      return { type: 'Feature', geometry: { type: 'Point', coordinates: [g.reduce((s, i) => s + i.lon, 0) / g.length, g.reduce((s, i) => s + i.lat, 0) / g.length] }, properties: props };
    }) };
  }
  if (p === '/api/incidents') return { type: 'FeatureCollection', features: sel.slice(0, Number(q.get('limit') || 1000)).map(feature), numberMatched: sel.length, numberReturned: sel.length };
  const m = /^\/api\/incidents\/(.+)$/.exec(p);
  if (m) { const i = incidents.find((x) => x.id === decodeURIComponent(m[1])); return i ? feature(i) : null; }
  return undefined;
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json' };
createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/')) {
    const body = handle(url);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { error: 'not found' }));
    return;
  }
  const file = url.pathname === '/' ? 'index.html' : url.pathname === '/embed' ? 'embed.html' : url.pathname.slice(1);
  try {
    const b = await readFile(join(root, file));
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream',
      'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; connect-src 'self'" });
    res.end(b);
  } catch { res.writeHead(404); res.end('not found'); }
}).listen(Number(process.argv[2] || 8099), '127.0.0.1', () => console.log('mock on', process.argv[2] || 8099));
