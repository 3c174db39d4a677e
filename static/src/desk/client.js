// client.js talks to the server for the desk: JSON in and out, the session
// cookie sent by the browser (never readable here: it is HttpOnly), and the
// session's CSRF token in a header on every write.

let csrf = '';

export function setCSRF(token) { csrf = token || ''; }

export class DeskError extends Error {
  constructor(status, body, message) {
    super(message);
    this.status = status;
    this.body = body || {};
    this.field = this.body.field || '';
  }
}

export async function call(method, path, body, { raw = false } = {}) {
  const headers = { Accept: 'application/json, application/geo+json' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf;
  let payload;
  if (body !== undefined) {
    if (raw) {
      headers['Content-Type'] = 'text/plain; charset=utf-8';
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { /* empty or not JSON */ }
  if (!res.ok) {
    let msg = (data && data.error) || res.statusText;
    if (res.status === 429) msg += ` (retry after ${res.headers.get('Retry-After')} s)`;
    throw new DeskError(res.status, data, msg);
  }
  return data;
}

export const api = {
  session: () => call('GET', '/api/session'),
  signIn: (token) => call('POST', '/api/session', { token }),
  signOut: () => call('DELETE', '/api/session'),
  vocab: () => call('GET', '/api/desk/vocab'),
  list: (state, q) => call('GET', `/api/desk/incidents?${new URLSearchParams({ state, ...(q ? { q } : {}) })}`),
  get: (id) => call('GET', `/api/desk/incidents/${encodeURIComponent(id)}`),
  history: (id) => call('GET', `/api/desk/incidents/${encodeURIComponent(id)}/history`),
  create: (inc) => call('POST', '/api/incidents', inc),
  replace: (inc) => call('PUT', `/api/incidents/${encodeURIComponent(inc.id)}`, inc),
  approve: (id) => call('POST', `/api/incidents/${encodeURIComponent(id)}/approve`),
  reject: (id) => call('POST', `/api/incidents/${encodeURIComponent(id)}/reject`),
  remove: (id) => call('DELETE', `/api/incidents/${encodeURIComponent(id)}`),
  restore: (id, revision) => call('POST', `/api/incidents/${encodeURIComponent(id)}/restore`, revision ? { revision } : {}),
  extract: (text, published) => call('POST', '/api/extract', { text, ...(published ? { published } : {}) }),
  geocode: (q) => call('GET', `/api/geocode?${new URLSearchParams({ q, limit: '8' })}`),
  reverse: (lon, lat) => call('GET', `/api/reverse?${new URLSearchParams({ lon: String(lon), lat: String(lat) })}`),
  tokens: () => call('GET', '/api/tokens'),
  createToken: (name, role) => call('POST', '/api/tokens', { name, role }),
  revokeToken: (name) => call('DELETE', `/api/tokens/${encodeURIComponent(name)}`),
};
