// symbollayer.js draws the incident symbols as plain elements in one pane,
// without a Leaflet marker each: Leaflet's markers cost about a millisecond
// apiece to add, move on every zoom and remove (event listeners, icons), so
// that a redraw of a few hundred symbols was a long task. Here a redraw
// keeps the elements of the symbols that stay (by key), builds the new ones
// in one fragment (a long build in slices, each its own task), shows them
// in one step and positions each with one transform. The
// elements keep Leaflet's marker class and are buttons reached with Tab;
// clicks, keys and hovers are handled once, on the layer's container.
//
// Symbols likely to be shown next (the next and the previous zoom's, which
// the page fetches ahead while the map rests) can be built beforehand, in
// idle time (prepare): a zoom then only swaps elements already built.
// The elements of the symbols that the last redraw took off the map are
// kept too, so that zooming back, or turning a filter off and on again,
// finds them.

import L from 'leaflet';

import { viewKey } from './renderer.js';

// SLICE_MS is about how long one task may spend building new symbols. On a
// quiet machine the few hundred of a zoom take 10 to 15 ms and are built in
// the zoom's own task: shorter slices (10 and 20 ms were measured) put a
// frame between slices and made slow zooms slower (p95 up to 158 ms against
// 82 to 89). A build that takes longer (thousands of new symbols, a busy
// machine) goes on in further tasks instead of becoming one long task.
const SLICE_MS = 40;

// nextTask runs fn in a new task as soon as the event loop takes one (a
// message: no timer clamping).
const queue = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => queue.shift()();
function nextTask(fn) {
  queue.push(fn);
  channel.port2.postMessage(null);
}

// IDLE_MS is the longest a slice of building ahead runs, in an idle period
// of the page (requestIdleCallback): short, so that an input arriving
// meanwhile waits at most that long.
export const IDLE_MS = 8;
// whenIdle runs fn(deadline) when the page is idle (requestIdleCallback),
// or after IDLE_WAIT_MS at the latest, as a task of its own: Chromium was
// seen not to call an idle callback for seconds, its timeout option
// notwithstanding, while the map rested. deadline is absent then. The work
// done this way comes in slices of at most IDLE_MS, so an input waits that
// long at most, and it stops when the map moves.
const IDLE_WAIT_MS = 4;
export function whenIdle(fn) {
  let called = false;
  const run = (deadline) => {
    if (called) return;
    called = true;
    fn(deadline);
  };
  if (window.requestIdleCallback) window.requestIdleCallback(run);
  setTimeout(run, IDLE_WAIT_MS);
}

export const SymbolLayer = L.Layer.extend({
  options: { pane: 'incidents' },

  // handlers: activate(item), hover(item) and unhover(item), where item is
  // what setSymbols was given.
  initialize(handlers, options) {
    L.setOptions(this, options);
    this._handlers = handlers;
    this._items = new Map(); // key -> {el, item, latlng, w, h}
    this._spare = new Map(); // key -> the same, built ahead, not shown
    this._gone = new Map(); // key -> the same, taken off by the last redraw
    this._byEl = new WeakMap(); // element -> the same
    this._job = 0;
    this._prepJob = 0;
  },

  onAdd() {
    this._container = this._newContainer();
    this.getPane().appendChild(this._container);
    // The symbol of an event: the child of the container it happened in.
    const find = (e) => {
      let el = e.target;
      while (el && el.parentNode !== this._container) el = el.parentNode;
      return el ? this._byEl.get(el) || null : null;
    };
    this._listeners = {
      click: (e) => {
        const it = find(e);
        // A click that ends a drag of the map is not a choice.
        if (!it || (this._map.dragging && this._map.dragging.moved())) return;
        L.DomEvent.stopPropagation(e);
        this._handlers.activate(it.item);
      },
      keydown: (e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        const it = find(e);
        if (!it) return;
        e.preventDefault();
        L.DomEvent.stopPropagation(e);
        this._handlers.activate(it.item);
      },
      mouseover: (e) => { const it = find(e); if (it) this._handlers.hover(it.item); },
      mouseout: (e) => { const it = find(e); if (it) this._handlers.unhover(it.item); },
      focusin: (e) => { const it = find(e); if (it) this._handlers.hover(it.item); },
      focusout: (e) => { const it = find(e); if (it) this._handlers.unhover(it.item); },
      // Leaflet's map keyboard handler must not pan or zoom while a symbol
      // has the focus and Enter or Space is pressed.
    };
    this._listen(this._container);
    this._place();
  },

  _newContainer() {
    const c = document.createElement('div');
    c.className = 'symbol-layer';
    return c;
  },

  _listen(c, on = true) {
    for (const [t, fn] of Object.entries(this._listeners)) {
      if (on) c.addEventListener(t, fn);
      else c.removeEventListener(t, fn);
    }
  },

  onRemove() {
    this._job++; // abandons a build under way
    this._listen(this._container, false);
    this._container.remove();
    this._items.clear();
    this.dropSpare();
  },

  // A zoom fires both 'zoomend' and 'viewreset': the symbols are placed
  // once for each projection (zoom and pixel origin).
  getEvents() {
    return { viewreset: this._onView, zoomend: this._onView };
  },

  _onView() {
    if (viewKey(this._map) !== this._placedKey) this._place();
  },

  // setSymbols shows exactly the given symbols: [{key, latlng, size: [w, h],
  // build() -> Element, item}]. Elements of keys already shown, or built
  // ahead (prepare), are used. New elements are built in slices of about
  // SLICE_MS, each in a task of its own, and shown together once all are
  // built, when done({built, ready}) is called (how many elements were built
  // and how many were found built ahead or kept aside): a zoom that brings
  // hundreds of new symbols is not one long task. A later call abandons an
  // unfinished one, and any building ahead.
  setSymbols(list, done) {
    const job = ++this._job;
    this._prepJob++;
    const next = new Map(); // key -> item, in the order given
    const kept = [];
    const todo = [];
    const frag = document.createDocumentFragment();
    const added = [];
    for (const s of list) {
      const it = this._items.get(s.key);
      if (it) {
        next.set(s.key, it);
        kept.push([it, s.item]);
        continue;
      }
      const spare = this._ready(s.key);
      if (spare) {
        spare.item = s.item;
        next.set(s.key, spare);
        frag.appendChild(spare.el);
        added.push(spare);
        continue;
      }
      next.set(s.key, null);
      todo.push(s);
    }
    let i = 0;
    let until = performance.now() + SLICE_MS;
    const step = () => {
      if (job !== this._job) return;
      for (; i < todo.length; i++) {
        if (i > 0 && performance.now() > until) {
          nextTask(() => {
            until = performance.now() + SLICE_MS;
            step();
          });
          return;
        }
        const s = todo[i];
        const it = this._make(s);
        frag.appendChild(it.el);
        added.push(it);
        next.set(s.key, it);
      }
      for (const [it, item] of kept) it.item = item;
      for (const it of added) {
        this._spare.delete(it.key);
        this._gone.delete(it.key);
      }
      this._show(next, frag, added);
      if (done) done({ built: todo.length, ready: added.length - todo.length });
    };
    step();
  },

  _make(s) {
    const el = s.build();
    const it = { key: s.key, el, item: s.item, latlng: L.latLng(s.latlng), w: s.size[0], h: s.size[1] };
    this._byEl.set(el, it);
    return it;
  },

  // prepare builds, in idle time and in slices of at most IDLE_MS, the
  // elements of symbols (as for setSymbols) that are likely to be shown
  // next, so that setSymbols finds them built. The symbols built ahead are
  // then those of list (built now or before) and no others (those the last
  // redraw took off are kept as they are); a later call replaces an
  // unfinished one.
  prepare(list) {
    const job = ++this._prepJob;
    const spare = new Map();
    const todo = [];
    for (const s of list) {
      const it = this._ready(s.key);
      if (it) spare.set(s.key, it);
      else if (!this._items.has(s.key)) todo.push(s);
    }
    this._spare = spare;
    let i = 0;
    const step = (deadline) => {
      if (job !== this._prepJob) return;
      const until = performance.now() + Math.min(IDLE_MS, deadline ? deadline.timeRemaining() : IDLE_MS);
      for (const first = i; i < todo.length; i++) {
        if (i > first && performance.now() > until) {
          whenIdle(step);
          return;
        }
        const s = todo[i];
        if (!this._items.has(s.key) && !this._ready(s.key)) this._spare.set(s.key, this._make(s));
      }
      // Read by the tests: the symbols of list are ready.
      performance.mark('incidentmap:prepared', { detail: { symbols: list.length } });
    };
    whenIdle(step);
  },

  // stopPreparing abandons building ahead (the map moves: what was being
  // prepared is for the view it leaves).
  stopPreparing() {
    this._prepJob++;
  },

  // dropSpare forgets the elements built ahead or kept aside (their look is
  // out of date: a selection changed).
  dropSpare() {
    this._prepJob++;
    this._spare = new Map();
    this._gone = new Map();
  },

  // _ready is the symbol of key built ahead or kept aside, if any.
  _ready(key) {
    return this._spare.get(key) || this._gone.get(key);
  },

  // _show makes next the shown symbols: frag holds the new ones' elements.
  // The symbols that leave are kept aside, for a zoom back.
  _show(next, frag, added) {
    const gone = [];
    for (const [k, it] of this._items) if (next.get(k) !== it) gone.push(it);
    this._gone = new Map(gone.map((it) => [it.key, it]));
    this._items = next;
    // When most symbols change (a zoom), a new container replaces the old
    // one in one step instead of removing its elements one by one.
    if (this._map && gone.length > next.size - added.length) {
      const c = this._newContainer();
      for (const it of next.values()) c.appendChild(it.el); // kept ones move, new ones leave the fragment
      this._listen(this._container, false);
      const focused = this._container.contains(document.activeElement) ? document.activeElement : null;
      this._container.replaceWith(c);
      this._container = c;
      this._listen(c);
      if (focused && c.contains(focused)) focused.focus();
      this._place();
      return;
    }
    for (const it of gone) it.el.remove();
    if (this._map) {
      // The symbols kept are where they were, unless the projection changed.
      if (viewKey(this._map) !== this._placedKey) this._place();
      else this._place(added);
      this._container.appendChild(frag);
    }
  },

  // elements returns the shown elements by key.
  elements() {
    return [...this._items.values()].map((it) => it.el);
  },

  // _place positions the given symbols (all by default) for the current
  // projection.
  _place(list) {
    if (!this._map) return;
    if (!list) this._placedKey = viewKey(this._map);
    for (const it of list || this._items.values()) {
      const p = this._map.latLngToLayerPoint(it.latlng);
      it.el.style.transform = `translate(${Math.round(p.x - it.w / 2)}px, ${Math.round(p.y - it.h / 2)}px)`;
    }
  },
});
