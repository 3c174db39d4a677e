// feed.js is the incident feed: the incidents in the map's view under the
// filters, newest first, grouped by month, each with its date, place,
// claims (who says what), figures and sources. It stays in step with the
// map: selecting an entry selects the incident (state sel=), opens its
// details and marks it on the map; selecting a symbol on the map marks and
// scrolls to its entry. Hovering or focusing an entry pins its place on
// the map. On a phone the feed is a sheet over the map.

import { getJSON, isAbort, Latest } from './api.js';
import { clear, el } from './dom.js';
import { feedEntry, feedSummary, groupByMonth } from './feedmodel.js';
import { t } from './i18n.js';
import { claimantColour } from './palette.js';
import { filterParams } from './state.js';

export const FEED_PAGE = 50;
// Wide screens show the feed beside the map from the start.
const OPEN_WIDTH = 1400;
// Requests wait this long after the last map move or filter change, so a
// run of pans costs one request.
const DEBOUNCE_MS = 250;

export function createFeed(app) {
  const { $, store, view } = app;
  const req = new Latest();
  const st = { open: false, stale: true, timer: null, next: '', entries: new Map(), shown: 0, matched: 0 };
  const list = $('feed-list');
  const narrow = () => window.matchMedia('(max-width: 700px)').matches;

  function setOpen(open, { focus = false } = {}) {
    st.open = open;
    document.body.classList.toggle('feed-open', open);
    $('btn-feed').setAttribute('aria-expanded', String(open));
    if (open && narrow()) {
      document.body.classList.remove('panel-open');
      $('panel-toggle').setAttribute('aria-expanded', 'false');
    }
    view.map.invalidateSize({ pan: false });
    if (open && st.stale) schedule(0);
    if (open && focus) $('feed-h').focus();
  }

  function schedule(ms = DEBOUNCE_MS) {
    st.stale = true;
    clearTimeout(st.timer);
    if (!st.open) return;
    st.timer = setTimeout(() => load(), ms);
  }

  async function load({ more = false } = {}) {
    const signal = req.signal();
    if (app.clusters.noClaimants()) {
      render([], 0, '', false);
      return;
    }
    const p = filterParams(store.state);
    p.set('bbox', view.viewBBox());
    p.set('limit', String(FEED_PAGE));
    if (more && st.next) p.set('cursor', st.next);
    $('feed').setAttribute('aria-busy', 'true');
    try {
      const fc = await getJSON('/api/incidents', p, signal);
      const next = (fc.links || []).find((l) => l.rel === 'next');
      const cursor = next ? new URL(next.href, location.href).searchParams.get('cursor') || '' : '';
      st.stale = false;
      render((fc.features || []).map(feedEntry), fc.numberMatched ?? 0, cursor, more);
    } catch (err) {
      if (!isAbort(err)) $('feed-status').textContent = t('feedFailed', { error: err.message });
    } finally {
      if (!signal.aborted) $('feed').removeAttribute('aria-busy');
    }
  }

  function render(entries, matched, next, more) {
    // A reload keeps the keyboard focus on the same incident (or the
    // feed's heading when it has gone), never drops it to the page.
    const focused = list.contains(document.activeElement) ? document.activeElement.closest('.feed-item') : null;
    const focusedId = focused ? focused.dataset.id : null;
    if (!more) {
      clear(list);
      st.entries.clear();
      st.shown = 0;
    }
    st.next = next;
    st.matched = matched;
    const sel = store.state.sel;
    for (const g of groupByMonth(entries)) {
      // A month continued from the previous page keeps its heading.
      let ol = more && list.lastElementChild && list.lastElementChild.dataset.month === g.month ? list.lastElementChild.querySelector('ol') : null;
      if (!ol) {
        ol = el('ol', { class: 'feed-month-list' });
        list.appendChild(el('li', { class: 'feed-month', dataset: { month: g.month } }, el('h3', { text: g.label }), ol));
      }
      for (const e of g.entries) {
        st.entries.set(e.id, e);
        ol.appendChild(entryNode(e, e.id === sel));
        st.shown++;
      }
    }
    $('feed-status').textContent = feedSummary(st.shown, matched);
    $('feed').dataset.shown = String(st.shown);
    $('feed-more').hidden = !next;
    if (sel) reveal(sel, { scroll: !more });
    if (focusedId && !list.contains(document.activeElement)) {
      const again = list.querySelector(`.feed-item[data-id="${CSS.escape(focusedId)}"] .feed-title`);
      (again || $('feed-h')).focus({ preventScroll: true });
    }
  }

  function entryNode(e, selected) {
    const open = el('button', { type: 'button', class: 'feed-title', 'aria-current': selected ? 'true' : null, text: e.title });
    open.addEventListener('click', () => pick(e.id));
    const li = el('li', { class: `feed-item${selected ? ' selected' : ''}`, dataset: { id: e.id } },
      el('p', { class: 'feed-when' }, el('time', { datetime: e.date, text: e.when }), ' · ', el('span', { class: 'feed-where', dir: 'auto', text: e.where })),
      open,
      e.claims.length ? el('ul', { class: 'feed-claims' }, e.claims.map((c) => {
        const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        sw.style.background = claimantColour(c.actor);
        return el('li', { class: `status-${c.status}` }, sw, ` ${c.text}`);
      })) : null,
      e.killed ? el('p', { class: `feed-killed${e.disputed ? ' disputed' : ''}` },
        e.disputed ? el('span', { class: 'badge', 'aria-hidden': 'true', text: '≠' }) : null, e.disputed ? ' ' : '', e.killed) : null,
      e.sources.length ? el('p', { class: 'feed-sources small' }, t('feedSources'), e.sources.map((s, i) => [i ? ', ' : '',
        s.url ? el('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer nofollow', text: s.name }) : el('span', { class: 'feed-source', dir: 'auto', text: s.name })])) : null);
    li.addEventListener('mouseenter', () => pin(e));
    li.addEventListener('mouseleave', () => unpin());
    open.addEventListener('focus', () => pin(e));
    open.addEventListener('blur', () => unpin());
    return li;
  }

  // pick selects an incident from the feed: its details open, its symbol
  // is marked, and its place stays pinned on the map. On a phone the sheet
  // gives way to the details.
  function pick(id) {
    const e = st.entries.get(id);
    if (e) view.showPin(e.lat, e.lon, { selected: true });
    if (narrow()) {
      setOpen(false);
      // The details sheet covers the lower part of a phone's map: the
      // incident moves into the top fifth, where it stays in sight.
      if (e && e.lat != null) {
        const map = view.map;
        const y = map.latLngToContainerPoint([e.lat, e.lon]).y;
        const top = map.getSize().y * 0.2;
        if (y > top) map.panBy([0, y - top], { animate: false });
      }
    }
    app.panel.select(id);
  }

  function pin(e) {
    if (store.state.sel !== e.id) view.showPin(e.lat, e.lon);
  }

  function unpin() {
    const sel = store.state.sel && st.entries.get(store.state.sel);
    if (sel) view.showPin(sel.lat, sel.lon, { selected: true });
    else view.clearPin();
  }

  // reveal marks the entry of id and scrolls it into view.
  function reveal(id, { scroll = true } = {}) {
    for (const li of list.querySelectorAll('.feed-item.selected')) {
      li.classList.remove('selected');
      li.querySelector('.feed-title').removeAttribute('aria-current');
    }
    if (!id) return;
    const li = list.querySelector(`.feed-item[data-id="${CSS.escape(id)}"]`);
    if (!li) return;
    li.classList.add('selected');
    li.querySelector('.feed-title').setAttribute('aria-current', 'true');
    if (scroll && st.open) li.scrollIntoView({ block: 'nearest' });
  }

  // Arrow keys move between entries; Home and End go to the first and last.
  list.addEventListener('keydown', (ev) => {
    if (!ev.target.classList.contains('feed-title')) return;
    const buttons = [...list.querySelectorAll('.feed-title')];
    const i = buttons.indexOf(ev.target);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))].focus();
  });

  $('btn-feed').addEventListener('click', () => setOpen(!st.open, { focus: !st.open }));
  $('feed-close').addEventListener('click', () => {
    setOpen(false);
    $('btn-feed').focus();
  });
  $('feed-more').addEventListener('click', () => load({ more: true }));
  $('feed').addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && st.open && narrow() && !document.querySelector('dialog[open]')) {
      setOpen(false);
      $('btn-feed').focus();
    }
  });

  // onState follows the state: a filter change reloads, a selection marks.
  function onState(s, prev, changed, filters) {
    if (filters) schedule();
    if (changed.has('sel')) {
      reveal(s.sel);
      const e = s.sel && st.entries.get(s.sel);
      if (e) view.showPin(e.lat, e.lon, { selected: true });
      else view.clearPin();
    }
  }

  if (!app.embed && window.innerWidth >= OPEN_WIDTH) setOpen(true);

  return { onState, onView: () => schedule(), setOpen, get open() { return st.open; } };
}
