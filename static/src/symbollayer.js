// symbollayer.js draws the incident symbols as plain elements in one pane,
// without a Leaflet marker each: Leaflet's markers cost about a millisecond
// apiece to add, move on every zoom and remove (event listeners, icons), so
// that a redraw of a few hundred symbols was a long task. Here a redraw
// keeps the elements of the symbols that stay (by key), builds the new ones
// in one fragment, and positions all of them with one transform each. The
// elements keep Leaflet's marker class and are buttons reached with Tab;
// clicks, keys and hovers are handled once, on the layer's container.

import L from 'leaflet';

export const SymbolLayer = L.Layer.extend({
  options: { pane: 'incidents' },

  // handlers: activate(item), hover(item) and unhover(item), where item is
  // what setSymbols was given.
  initialize(handlers, options) {
    L.setOptions(this, options);
    this._handlers = handlers;
    this._items = new Map(); // key -> {el, item, latlng, w, h}
    this._byEl = new WeakMap(); // element -> the same
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
    if (this._viewKey() !== this._placedKey) this._place();
  },

  _viewKey() {
    const o = this._map.getPixelOrigin();
    return `${this._map.getZoom()}|${o.x}|${o.y}`;
  },

  // setSymbols shows exactly the given symbols: [{key, latlng, size: [w, h],
  // build() -> Element, item}]. Elements of keys already shown are kept.
  setSymbols(list) {
    const next = new Map();
    const frag = document.createDocumentFragment();
    const added = [];
    for (const s of list) {
      let it = this._items.get(s.key);
      if (it) {
        this._items.delete(s.key);
        it.item = s.item;
      } else {
        const el = s.build();
        it = { el, item: s.item, latlng: L.latLng(s.latlng), w: s.size[0], h: s.size[1] };
        this._byEl.set(el, it);
        frag.appendChild(el);
        added.push(it);
      }
      next.set(s.key, it);
    }
    const gone = this._items;
    this._items = next;
    // When most symbols change (a zoom), a new container replaces the old
    // one in one step instead of removing its elements one by one.
    if (this._map && gone.size > next.size - frag.childNodes.length) {
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
    for (const it of gone.values()) it.el.remove();
    if (this._map) {
      // The symbols kept are where they were, unless the projection changed.
      if (this._viewKey() !== this._placedKey) this._place();
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
    if (!list) this._placedKey = this._viewKey();
    for (const it of list || this._items.values()) {
      const p = this._map.latLngToLayerPoint(it.latlng);
      it.el.style.transform = `translate(${Math.round(p.x - it.w / 2)}px, ${Math.round(p.y - it.h / 2)}px)`;
    }
  },
});
