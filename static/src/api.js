// api.js wraps the server's read API (see docs/webmap.md for the endpoints the
// page uses). Every request can be aborted; responses are JSON.

export class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function getJSON(path, params, signal) {
  const qs = params && params.toString() ? '?' + params.toString() : '';
  const res = await fetch(path + qs, { signal, headers: { Accept: 'application/json, application/geo+json' } });
  if (!res.ok) {
    let msg = res.statusText;
    try {
      const body = await res.json();
      msg = body.error || body.message || msg;
    } catch { /* not JSON */ }
    throw new APIError(res.status, `${path}: ${res.status} ${msg}`);
  }
  return res.json();
}

export function isAbort(err) {
  return err && (err.name === 'AbortError');
}

// Latest runs one request at a time per purpose: starting a new one aborts the
// previous, so a fast pan never piles up stale cluster requests.
export class Latest {
  constructor() { this.ctl = null; }
  signal() {
    if (this.ctl) this.ctl.abort();
    this.ctl = new AbortController();
    return this.ctl.signal;
  }
}
