// derive.js: the desk's live figures and diffs. deriveKilled is the rule of
// incident.DeriveKilled (docs/store.md, "Derived killed figures"), so the
// form shows while typing what the server will store. The unit test checks
// it against the Go rule's figures for 300 generated claim sets
// (incident/testdata/killed_cases.json), and the browser test against what
// the server stores.

const RANK = { denied: 0, unverified: 1, confirmed: 2, independent: 3 };
const GROUPS = ['security_forces', 'militants', 'civilians', 'unspecified'];

// killedOf sums a claim's killed figures over its groups, or null when it
// states none.
export function killedOf(casualties) {
  let out = null;
  for (const g of GROUPS) {
    const r = casualties && casualties[g] && casualties[g].killed;
    if (!r) continue;
    out = out || { low: 0, high: 0, at_least: false };
    out.low += r.low;
    out.high += r.high;
    out.at_least = out.at_least || !!r.at_least;
  }
  return out;
}

export function deriveKilled(claims) {
  let best = 0;
  for (const c of claims || []) {
    if (killedOf(c.casualties) && (RANK[c.status] || 0) > best) best = RANK[c.status] || 0;
  }
  if (best === 0) return { low: 0, best: 0, high: 0 };
  const k = { low: Infinity, best: Infinity, high: 0 };
  for (const c of claims) {
    const r = killedOf(c.casualties);
    const rank = RANK[c.status] || 0;
    if (!r || rank === 0) continue;
    if (r.high > k.high) k.high = r.high;
    if (rank === best) {
      k.low = Math.min(k.low, r.low);
      k.best = Math.min(k.best, r.low);
    }
  }
  return k;
}

// flatten turns an incident into [path, text] pairs for a readable diff:
// "claims[1].source.url" -> "https://...".
export function flatten(v, path = '', out = []) {
  if (v === null || v === undefined) return out;
  if (Array.isArray(v)) {
    if (!v.length) return out;
    v.forEach((x, i) => flatten(x, `${path}[${i + 1}]`, out));
  } else if (typeof v === 'object') {
    for (const k of Object.keys(v).sort()) flatten(v[k], path ? `${path}.${k}` : k, out);
  } else {
    out.push([path, String(v)]);
  }
  return out;
}

// The bookkeeping every revision changes: not worth a diff line.
const SKIP = new Set(['created', 'updated', 'revision', 'updated_by']);

// diff lists what changed from incident a to b: {path, before, after},
// before or after undefined for a field added or removed.
export function diff(a, b) {
  const A = new Map(flatten(a || {}).filter(([p]) => !SKIP.has(p)));
  const B = new Map(flatten(b || {}).filter(([p]) => !SKIP.has(p)));
  const out = [];
  for (const [p, v] of A) {
    if (!B.has(p)) out.push({ path: p, before: v, after: undefined });
    else if (B.get(p) !== v) out.push({ path: p, before: v, after: B.get(p) });
  }
  for (const [p, v] of B) if (!A.has(p)) out.push({ path: p, before: undefined, after: v });
  return out;
}
