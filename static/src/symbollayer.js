// symbollayer.js draws the incident symbols as plain elements in one pane,
// without a Leaflet marker each: Leaflet's markers cost about a millisecond
// apiece to add, move on every zoom and remove (event listeners, icons), so
// that a redraw of a few hundred symbols was a long task. Here a redraw
// keeps the elements of the symbols that stay (by key), builds the new ones
// in one fragment (a long build in slices, each its own task), shows them
// in one step and positions each with one transform. The
// elements keep Leaflet's marker class and are buttons reached with Tab;
// clicks, keys and hovers are handled once, on the layer's container.

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

export const SymbolLayer = L.Layer.extend({
  options: { pane: 'incidents' },

  // handlers: activate(item), hover(item) and unhover(item), where item is
  // what setSymbols was given.
  initialize(handlers, options) {
    L.setOptions(this, options);
    this._handlers = handlers;
    this._items = new Map(); // key -> {el, item, latlng, w, h}
    this._byEl = new WeakMap(); // element -> the same
    this._job = 0;
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
  // build() -> Element, item}]. Elements of keys already shown are kept.
  // New elements are built in slices of about SLICE_MS, each in a task of its
  // own, and shown together once all are built, when done() is called: a
  // zoom that brings hundreds of new symbols is not one long task. A later
  // call abandons an unfinished one.
  setSymbols(list, done) {
    const job = ++this._job;
    const next = new Map(); // key -> item, in the order given
    const kept = [];
    const todo = [];
    for (const s of list) {
      const it = this._items.get(s.key);
      next.set(s.key, it || null);
      if (it) kept.push([it, s.item]);
      else todo.push(s);
    }
    const frag = document.createDocumentFragment();
    const added = [];
    let i = 0;
    const step = () => {
      if (job !== this._job) return;
      const until = performance.now() + SLICE_MS;
      for (; i < todo.length; i++) {
        if (i > 0 && performance.now() > until) {
          nextTask(step);
          return;
        }
        const s = todo[i];
        const el = s.build();
        const it = { el, item: s.item, latlng: L.latLng(s.latlng), w: s.size[0], h: s.size[1] };
        this._byEl.set(el, it);
        frag.appendChild(el);
        added.push(it);
        next.set(s.key, it);
      }
      for (const [it, item] of kept) it.item = item;
      this._show(next, frag, added);
      if (done) done();
    };
    step();
  },

  // _show makes next the shown symbols: frag holds the new ones' elements.
  _show(next, frag, added) {
    const gone = [];
    for (const [k, it] of this._items) if (next.get(k) !== it) gone.push(it);
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
