// The page's state lives in the URL so that every view is a permalink:
//   /?from=2025-01-01&to=2025-06-30&claimant=BLF,BLA&type=ambush&status=unverified&verified=confirmed&region=outside
//     &choro=killed&osm=1&map=8/26.1/63.0&sel=INCIDENT_ID&lang=ur
// The filter parameters have the same names and syntax as the API's, so the
// download links and the API requests are built from the same values.

export const FILTER_KEYS = ['from', 'to', 'claimant', 'type', 'status', 'verified', 'region', 'district', 'series', 'q'];

// REGIONS are the values of the region filter ('' is everywhere).
export const REGIONS = ['', 'balochistan', 'outside'];

export function emptyState() {
  return { from: '', to: '', claimant: null, type: '', status: '', verified: '', region: '', district: '', series: '', q: '',
    choro: '', osm: false, view: null, bounds: null, sel: '', lang: '' };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseState(search) {
  const p = new URLSearchParams(search);
  const s = emptyState();
  for (const k of ['type', 'status', 'district', 'series', 'q', 'sel']) s[k] = (p.get(k) || '').trim();
  for (const k of ['from', 'to']) {
    const v = (p.get(k) || '').trim();
    s[k] = DATE.test(v) ? v : '';
  }
  if (p.has('claimant')) {
    s.claimant = p.getAll('claimant').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  }
  // verified=confirmed: confirmed figures only (the API's claim-level filter).
  s.verified = (p.get('verified') || '').trim() === 'confirmed' ? 'confirmed' : '';
  const region = (p.get('region') || '').trim().toLowerCase();
  s.region = REGIONS.includes(region) ? region : '';
  const ch = p.get('choro');
  s.choro = ch === 'incidents' || ch === 'killed' ? ch : '';
  s.osm = p.get('osm') === '1';
  // lang=ur: the Urdu interface ('' is English, the default).
  s.lang = p.get('lang') === 'ur' ? 'ur' : '';
  const m = /^(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(p.get('map') || '');
  if (m) {
    const z = Number(m[1]), lat = Number(m[2]), lon = Number(m[3]);
    if (z >= 0 && z <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) s.view = { z, lat, lon };
  }
  // bounds=west,south,east,north: the area an embed fits to its own size.
  const b = (p.get('bounds') || '').split(',').map(Number);
  if (b.length === 4 && b.every(Number.isFinite) && b[0] < b[2] && b[1] < b[3] && b[0] >= -180 && b[2] <= 180 && b[1] >= -85 && b[3] <= 85) {
    s.bounds = b;
  }
  return s;
}

// filterParams returns the API filter of s, leaving out the keys in omit (for
// example the legend's counts leave out the claimant filter itself).
export function filterParams(s, omit = []) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    if (omit.includes(k)) continue;
    if (k === 'claimant') {
      if (s.claimant) p.set('claimant', s.claimant.join(','));
    } else if (s[k]) {
      p.set(k, s[k]);
    }
  }
  return p;
}

export function stateToSearch(s, { view = true, sel = true } = {}) {
  const p = filterParams(s);
  if (s.choro) p.set('choro', s.choro);
  if (s.osm) p.set('osm', '1');
  if (s.bounds) p.set('bounds', s.bounds.map((v) => v.toFixed(4)).join(','));
  if (view && s.view) p.set('map', `${s.view.z}/${s.view.lat.toFixed(4)}/${s.view.lon.toFixed(4)}`);
  if (sel && s.sel) p.set('sel', s.sel);
  if (s.lang) p.set('lang', s.lang);
  const q = p.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
  return q ? '?' + q : '';
}
