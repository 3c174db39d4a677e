// report.js: "From a report". The text goes to POST /api/extract; each
// candidate comes back with the draft incident it would make and the
// evidence of its fields (byte offsets into the text), which is marked in
// the text beside an editor for the draft.

import { el } from '../dom.js';

// charIndex maps the server's UTF-8 byte offsets to indexes into the JS
// string (UTF-16).
export function charIndex(text) {
  const enc = new TextEncoder();
  const map = new Map();
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    map.set(bytes, i);
    bytes += enc.encode(ch).length;
    i += ch.length;
  }
  map.set(bytes, i);
  return (b) => (map.has(b) ? map.get(b) : null);
}

// evidenceOf lists a candidate's evidence spans: [{field, start, end, text}].
export function evidenceOf(c) {
  const out = [];
  const add = (field, ev) => { if (ev && ev.end > ev.start) out.push({ field, start: ev.start, end: ev.end, text: ev.text || '' }); };
  if (c.location && c.location.end > c.location.start) add('place', c.location);
  add('date', c.date && c.date.evidence);
  add('type', c.type_evidence);
  (c.claims || []).forEach((cl, i) => {
    add(`claim ${i + 1} speaker`, cl.speaker);
    for (const s of cl.status_cues || []) add(`claim ${i + 1} status`, s);
    for (const f of cl.figures || []) add(`claim ${i + 1} ${f.group.replace(/_/g, ' ')} ${f.outcome}`, f);
  });
  return out;
}

// markedText renders text with the evidence spans in <mark>, each naming
// its field; overlapping spans keep the first.
export function markedText(text, spans) {
  const idx = charIndex(text);
  const marks = spans.map((s) => ({ ...s, a: idx(s.start), b: idx(s.end) }))
    .filter((s) => s.a !== null && s.b !== null && s.b > s.a)
    .sort((x, y) => x.a - y.a || y.b - x.b);
  const root = el('div', { class: 'report-text', 'data-role': 'report-text' });
  let at = 0;
  for (const m of marks) {
    if (m.a < at) continue;
    root.appendChild(document.createTextNode(text.slice(at, m.a)));
    root.appendChild(el('mark', { 'data-field': m.field, title: m.field },
      el('span', { class: 'mark-label' }, `${m.field}: `), text.slice(m.a, m.b)));
    at = m.b;
  }
  root.appendChild(document.createTextNode(text.slice(at)));
  return root;
}

export function evidenceList(spans) {
  return el('ul', { class: 'evidence', 'data-role': 'evidence' },
    spans.map((s) => el('li', null, el('strong', null, `${s.field}: `), '“', el('bdi', null, s.text), '”')));
}

