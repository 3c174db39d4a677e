// main.js wires the editorial desk (/desk): sign-in with a token, then the
// review queue, new incidents, incidents from a report, history and, for
// admins, tokens. See docs/desk.md.

import './desk.css';
import { el, clear } from '../dom.js';
import { fmtDay } from '../format.js';
import { api, setCSRF } from './client.js';
import { diff } from './derive.js';
import { IncidentForm } from './form.js';
import { evidenceList, evidenceOf, markedText } from './report.js';

const $ = (id) => document.getElementById(id);
const RANK = { editor: 1, publisher: 2, admin: 3 };
let me = null; // {name, role}
let vocab = null;
let form = null; // the IncidentForm on screen, if any

const can = (role) => me && RANK[me.role] >= RANK[role];

function status(msg, isError = false) {
  const s = $('desk-status');
  s.textContent = msg;
  s.classList.toggle('error', isError);
}

// ---- sign-in ----------------------------------------------------------

async function start() {
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  for (const b of document.querySelectorAll('[data-view]')) b.addEventListener('click', () => { status(''); show(b.dataset.view); });
  try {
    const s = await api.session();
    await signedIn(s);
  } catch {
    showSignIn();
  }
}

function showSignIn() {
  $('signin').hidden = false;
  $('desk').hidden = true;
  $('whoami').textContent = '';
  $('signout').hidden = true;
  $('token').focus();
}

async function signIn(e) {
  e.preventDefault();
  const t = $('token');
  $('signin-error').textContent = '';
  try {
    const s = await api.signIn(t.value.trim());
    t.value = '';
    await signedIn(s);
  } catch (err) {
    $('signin-error').textContent = `Sign-in failed: ${err.message}`;
  }
}

async function signedIn(s) {
  me = s;
  setCSRF(s.csrf);
  vocab = vocab || await api.vocab();
  $('signin').hidden = true;
  $('desk').hidden = false;
  $('signout').hidden = false;
  $('whoami').textContent = `Signed in as ${s.name} (${s.role})`;
  $('tab-tokens').hidden = !can('admin');
  show('queue');
}

async function signOut() {
  try { await api.signOut(); } catch { /* signed out anyway */ }
  me = null;
  setCSRF('');
  showSignIn();
}

// ---- views ------------------------------------------------------------

function show(view, arg) {
  if (form) { form.destroy(); form = null; }
  for (const b of document.querySelectorAll('[data-view]')) {
    b.setAttribute('aria-current', b.dataset.view === view ? 'page' : 'false');
  }
  const main = clear($('view'));
  ({ queue: showQueue, new: showNew, report: showReport, history: showHistory, tokens: showTokens, edit: showEdit })[view](main, arg);
}

const bdi = (t) => el('bdi', null, t || '');

function killedText(k) { return `killed low ${k.low}, best ${k.best}, high ${k.high}`; }

async function showQueue(main) {
  const stateSel = el('select', { id: 'q-state', 'data-role': 'queue-state' },
    ['draft', 'rejected', 'published', 'all', 'deleted'].map((s) => el('option', { value: s }, s === 'draft' ? 'drafts (review queue)' : s)));
  const list = el('ol', { class: 'queue', 'data-role': 'queue' });
  const count = el('p', { class: 'small', 'data-role': 'queue-count' });
  const load = async () => {
    clear(list);
    try {
      const r = await api.list(stateSel.value);
      if (!r.incidents.length) list.appendChild(el('li', null, 'Nothing here.'));
      for (const e of r.incidents) list.appendChild(queueItem(e, load, stateSel.value === 'deleted'));
      count.textContent = `${r.total} ${stateSel.value === 'all' ? 'incidents' : stateSel.value}${r.total > r.incidents.length ? `, the newest ${r.incidents.length} shown` : ''}`;
    } catch (err) { status(err.message, true); }
  };
  stateSel.addEventListener('change', load);
  main.append(el('h2', null, 'Review queue'),
    el('p', null, 'Newest first. A draft is never public before a publisher approves it.'),
    el('div', { class: 'dfield' }, el('label', { for: 'q-state' }, 'Show'), stateSel), count, list);
  await load();
}

function queueItem(e, reload, deleted) {
  const i = e.incident;
  const act = (label, fn, role) => (can(role) ? el('button', { type: 'button', 'data-action': label.toLowerCase(), onclick: async () => {
    try { await fn(); status(`${label}: ${i.id}`); await reload(); } catch (err) { status(`${label} failed: ${err.message}`, true); }
  } }, label) : null);
  if (deleted) {
    return el('li', { class: 'qitem', 'data-id': i.id, 'data-state': 'deleted' },
      el('h3', null, bdi(i.title)),
      el('p', { class: 'small' }, `${i.id} · deleted ${i.updated.slice(0, 16).replace('T', ' ')} UTC by `, bdi(i.updated_by), ` · was ${i.state || 'published'}`),
      el('div', { class: 'acts' },
        act('Restore', () => api.restore(i.id), 'publisher'),
        el('button', { type: 'button', 'data-action': 'history', onclick: () => show('history', i.id) }, 'History')));
  }
  return el('li', { class: 'qitem', 'data-id': i.id, 'data-state': i.state || 'published' },
    el('h3', null, bdi(i.title)),
    el('p', { class: 'small' }, `${i.id} · ${fmtDay(i.date)} (${i.date_precision}) · `, bdi(i.location && (i.location.district || i.location.name)),
      ` · ${i.state || 'published'} · by `, bdi(i.updated_by), ` · ${killedText(e.killed)}`),
    e.issues.length ? el('ul', { class: 'issues', 'aria-label': 'Missing or doubtful' }, e.issues.map((s) => el('li', null, s))) : el('p', { class: 'small' }, 'Nothing missing.'),
    el('div', { class: 'acts' },
      el('button', { type: 'button', 'data-action': 'edit', onclick: () => show('edit', i.id) }, 'Edit'),
      i.state === 'draft' || i.state === 'rejected' ? act('Approve', () => api.approve(i.id), 'publisher') : null,
      i.state === 'draft' ? act('Reject', () => api.reject(i.id), 'publisher') : null,
      el('button', { type: 'button', 'data-action': 'history', onclick: () => show('history', i.id) }, 'History')));
}

function showNew(main) {
  const root = el('div');
  main.append(el('h2', null, 'New incident'), el('p', { class: 'small' }, 'New incidents are saved as drafts for review.'), root);
  form = new IncidentForm(root, { vocab, heading: 'Details', saveLabel: 'Save as draft',
    onSave: async (inc) => {
      inc.state = 'draft';
      // An id when none is given: the date and a random part.
      if (!inc.id) inc.id = `desk-${inc.date || 'undated'}-${Math.random().toString(36).slice(2, 8)}`;
      const out = await api.create(inc);
      status(`Saved ${out.id || inc.id} as a draft.`);
      show('edit', inc.id);
    } });
  form.load({ date_precision: 'day', type: 'other', claims: [{ actor: 'unknown', kind: 'media_report', status: 'unverified' }], location: {} });
}

async function showEdit(main, id) {
  const root = el('div');
  main.append(el('h2', null, 'Edit incident'), root);
  let r;
  try { r = await api.get(id); } catch (err) { status(err.message, true); return; }
  if (r.deleted) {
    root.append(el('p', { class: 'error' }, 'This incident is deleted.'), el('button', { type: 'button', onclick: () => show('history', id) }, 'Go to its history to restore it'));
    return;
  }
  const inc = r.incident;
  main.insertBefore(el('p', { class: 'small' }, `State: ${inc.state || 'published'} · revision ${inc.revision} · last by `, bdi(inc.updated_by),
    inc.approved_by ? [' · approved by ', bdi(inc.approved_by)] : null), root);
  if (r.issues.length) main.insertBefore(el('ul', { class: 'issues', 'aria-label': 'Missing or doubtful' }, r.issues.map((s) => el('li', null, s))), root);
  form = new IncidentForm(root, { vocab, heading: `Incident ${inc.id}`, saveLabel: 'Save changes',
    onSave: async (v) => {
      await api.replace(v);
      status(`Saved ${v.id}.`);
      show('edit', v.id);
    } });
  form.load(inc);
  const acts = el('div', { class: 'acts' },
    el('button', { type: 'button', 'data-action': 'history', onclick: () => show('history', id) }, 'History'),
    can('publisher') && (inc.state === 'draft' || inc.state === 'rejected') ? el('button', { type: 'button', 'data-action': 'approve', onclick: async () => {
      try { await api.approve(id); status(`Approved ${id}: it is public now.`); show('edit', id); } catch (err) { status(err.message, true); }
    } }, 'Approve') : null,
    can('publisher') && inc.state === 'draft' ? el('button', { type: 'button', 'data-action': 'reject', onclick: async () => {
      try { await api.reject(id); status(`Rejected ${id}.`); show('queue'); } catch (err) { status(err.message, true); }
    } }, 'Reject') : null,
    can('publisher') ? el('button', { type: 'button', class: 'danger', 'data-action': 'delete', onclick: async () => {
      try { await api.remove(id); status(`Deleted ${id}; its history can restore it.`); show('history', id); } catch (err) { status(err.message, true); }
    } }, 'Delete') : null);
  main.appendChild(acts);
}

// ---- from a report ----------------------------------------------------

function showReport(main) {
  const text = el('textarea', { id: 'r-text', rows: '12', 'data-role': 'report-input' });
  const file = el('input', { type: 'file', id: 'r-file', accept: '.txt,text/plain', 'data-role': 'report-file' });
  const published = el('input', { type: 'date', id: 'r-published', 'data-role': 'report-published' });
  const out = el('div', { 'data-role': 'report-results' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (f) text.value = await f.text();
  });
  const run = async (e) => {
    e.preventDefault();
    clear(out);
    if (form) { form.destroy(); form = null; }
    try {
      const res = await api.extract(text.value, published.value);
      renderCandidates(out, text.value, res);
    } catch (err) { status(`Extraction failed: ${err.message}`, true); }
  };
  main.append(el('h2', null, 'From a report'),
    el('form', { onsubmit: run },
      el('div', { class: 'dfield' }, el('label', { for: 'r-text' }, 'Report text (paste it)'), text),
      el('div', { class: 'row' },
        el('div', { class: 'dfield' }, el('label', { for: 'r-file' }, 'or upload a text file'), file),
        el('div', { class: 'dfield' }, el('label', { for: 'r-published' }, 'Published on'), published)),
      el('button', { type: 'submit', class: 'primary', 'data-role': 'extract' }, 'Find incidents')),
    out);
}

function renderCandidates(out, text, res) {
  if (!res.candidates.length) {
    out.appendChild(el('p', null, 'No incident found in this text.'));
    return;
  }
  out.appendChild(el('h3', null, `${res.candidates.length} candidate${res.candidates.length > 1 ? 's' : ''}`));
  res.candidates.forEach((c, n) => {
    const draft = res.drafts[n];
    const spans = evidenceOf(c);
    const editor = el('div', { class: 'cand-editor' });
    const box = el('section', { class: 'candidate', 'data-role': 'candidate-box', 'aria-label': `Candidate ${n + 1}` },
      el('h4', null, `Candidate ${n + 1}: `, bdi(c.title)),
      (c.notes || []).length ? el('ul', { class: 'issues' }, c.notes.map((x) => el('li', null, x))) : null,
      markedText(text, spans), evidenceList(spans),
      el('button', { type: 'button', 'data-role': 'use-candidate', onclick: () => {
        if (form) form.destroy();
        form = new IncidentForm(clear(editor), { vocab, heading: `Draft from candidate ${n + 1}`, saveLabel: 'Save as draft',
          onSave: async (inc) => {
            inc.state = 'draft';
            delete inc.revision;
            await api.create(inc);
            status(`Saved ${inc.id} as a draft.`);
            clear(editor).appendChild(el('p', { 'data-role': 'saved' }, `Saved ${inc.id} as a draft. `,
              el('button', { type: 'button', class: 'linkish', onclick: () => show('edit', inc.id) }, 'Open it')));
            form = null;
          } });
        form.load({ ...draft, series: '' });
      } }, 'Correct and save as draft'),
      editor);
    out.appendChild(box);
  });
}

// ---- history ----------------------------------------------------------

function showHistory(main, id) {
  const idIn = el('input', { type: 'text', id: 'h-id', 'data-role': 'history-id', spellcheck: 'false' });
  idIn.value = id || '';
  const out = el('div', { 'data-role': 'history' });
  const load = async (e) => {
    if (e) e.preventDefault();
    clear(out);
    try {
      const [h, cur] = await Promise.all([api.history(idIn.value.trim()), api.get(idIn.value.trim())]);
      renderHistory(out, h, cur);
    } catch (err) { status(err.message, true); }
  };
  main.append(el('h2', null, 'History'),
    el('form', { class: 'row', onsubmit: load },
      el('div', { class: 'dfield' }, el('label', { for: 'h-id' }, 'Incident id'), idIn),
      el('button', { type: 'submit' }, 'Show history')), out);
  if (id) load();
}

function renderHistory(out, h, cur) {
  const revs = h.revisions;
  if (cur.deleted) {
    out.appendChild(el('p', { class: 'error' }, 'This incident is deleted.'));
    if (can('publisher')) out.appendChild(el('button', { type: 'button', 'data-action': 'restore-deleted', onclick: async () => {
      try { await api.restore(h.id); status(`Restored ${h.id} as a new revision.`); show('history', h.id); } catch (err) { status(err.message, true); }
    } }, 'Restore the deleted incident'));
  }
  const table = el('table', { class: 'revs', 'data-role': 'revisions' },
    el('caption', null, `Revisions of ${h.id}`),
    el('thead', null, el('tr', null, ['Revision', 'Action', 'Who', 'When (UTC)', 'State', 'Title', 'Restore'].map((t) => el('th', { scope: 'col' }, t)))),
    el('tbody', null, revs.map((r) => el('tr', { 'data-revision': r.revision },
      el('td', null, String(r.revision)), el('td', null, r.action), el('td', null, bdi(r.who)), el('td', null, r.time.replace('T', ' ').replace('Z', '')),
      el('td', null, r.incident ? r.incident.state || 'published' : '-'), el('td', null, bdi(r.incident ? r.incident.title : '(deleted)')),
      el('td', null, can('publisher') && !cur.deleted && r.revision !== revs[revs.length - 1].revision
        ? el('button', { type: 'button', 'data-action': 'restore', onclick: async () => {
          try { await api.restore(h.id, r.revision); status(`Restored revision ${r.revision} of ${h.id} as a new revision.`); show('history', h.id); } catch (err) { status(err.message, true); }
        } }, `Restore revision ${r.revision}`) : null)))));
  out.appendChild(table);
  if (revs.length < 2) return;
  const opts = (sel) => revs.map((r) => el('option', { value: String(r.revision), selected: r.revision === sel }, `revision ${r.revision} (${r.action})`));
  const from = el('select', { id: 'd-from', 'data-role': 'diff-from' }, opts(revs[revs.length - 2].revision));
  const to = el('select', { id: 'd-to', 'data-role': 'diff-to' }, opts(revs[revs.length - 1].revision));
  const box = el('div', { 'data-role': 'diff', 'aria-live': 'polite' });
  const render = () => {
    const a = revs.find((r) => String(r.revision) === from.value).incident;
    const b = revs.find((r) => String(r.revision) === to.value).incident;
    const d = diff(a, b);
    clear(box);
    if (!d.length) { box.appendChild(el('p', null, 'No difference in content.')); return; }
    box.appendChild(el('table', { class: 'diff' },
      el('caption', null, `Changes from revision ${from.value} to revision ${to.value}`),
      el('thead', null, el('tr', null, ['Field', 'Before', 'After'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', null, d.map((x) => el('tr', { 'data-path': x.path },
        el('th', { scope: 'row' }, x.path),
        el('td', { class: 'before' }, x.before === undefined ? el('em', null, '(none)') : el('del', null, bdi(x.before))),
        el('td', { class: 'after' }, x.after === undefined ? el('em', null, '(none)') : el('ins', null, bdi(x.after))))))));
  };
  from.addEventListener('change', render);
  to.addEventListener('change', render);
  out.append(el('h3', null, 'Compare revisions'),
    el('div', { class: 'row' }, el('div', { class: 'dfield' }, el('label', { for: 'd-from' }, 'From'), from),
      el('div', { class: 'dfield' }, el('label', { for: 'd-to' }, 'To'), to)), box);
  render();
}

// ---- tokens (admin) ---------------------------------------------------

async function showTokens(main) {
  const name = el('input', { type: 'text', id: 't-name', 'data-role': 'token-name', autocomplete: 'off' });
  const role = el('select', { id: 't-role', 'data-role': 'token-role' }, ['editor', 'publisher', 'admin'].map((r) => el('option', { value: r }, r)));
  const secret = el('div', { 'data-role': 'token-secret', 'aria-live': 'polite' });
  const list = el('tbody');
  const load = async () => {
    clear(list);
    try {
      for (const t of await api.tokens()) {
        list.appendChild(el('tr', { 'data-token': t.name }, el('td', null, bdi(t.name)), el('td', null, t.role), el('td', null, t.created.slice(0, 19).replace('T', ' ')),
          el('td', null, el('button', { type: 'button', class: 'danger', 'data-action': 'revoke', onclick: async () => {
            try { await api.revokeToken(t.name); status(`Revoked ${t.name}: its next request fails.`); await load(); } catch (err) { status(err.message, true); }
          } }, `Revoke ${t.name}`))));
      }
    } catch (err) { status(err.message, true); }
  };
  const create = async (e) => {
    e.preventDefault();
    clear(secret);
    try {
      const t = await api.createToken(name.value.trim(), role.value);
      secret.append(el('p', null, `Token for ${t.name} (${t.role}); shown this once, copy it now:`), el('code', { 'data-role': 'new-secret' }, t.token));
      name.value = '';
      await load();
    } catch (err) { status(`Not created: ${err.message}`, true); }
  };
  main.append(el('h2', null, 'Tokens'),
    el('form', { class: 'row', onsubmit: create },
      el('div', { class: 'dfield' }, el('label', { for: 't-name' }, 'Name'), name),
      el('div', { class: 'dfield' }, el('label', { for: 't-role' }, 'Role'), role),
      el('button', { type: 'submit' }, 'Create token')),
    secret,
    el('table', { class: 'revs' }, el('caption', null, 'Tokens'),
      el('thead', null, el('tr', null, ['Name', 'Role', 'Created (UTC)', 'Revoke'].map((t) => el('th', { scope: 'col' }, t)))), list));
  await load();
}

start();
