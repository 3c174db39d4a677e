// renderer.js: Leaflet's SVG renderer, drawing each path once per view
// change instead of three times.
//
// On a view reset (a zoom without animation, or a jump to a far place),
// Leaflet's renderer projects every path on 'zoomend', clips, simplifies and
// draws every path on 'moveend', and then, on the 'viewreset' that follows,
// draws them all again with the same projection, projects them again and
// draws them a third time. With the basemap, the districts, the tehsils and
// the routes that was about 18 ms of every zoom, half of the zoom's task.
// Here the 'viewreset' only does that work when 'zoomend' has not already
// projected the paths for the view being reset to (a jump at the same zoom).

import L from 'leaflet';

// viewKey names the projection that layer points depend on: the map's zoom
// and pixel origin. Paths and symbols are placed again only when it changes.
export function viewKey(map) {
  const o = map.getPixelOrigin();
  return `${map.getZoom()}|${o.x}|${o.y}`;
}

export const OnceSVG = L.SVG.extend({
  _onZoomEnd() {
    L.SVG.prototype._onZoomEnd.call(this);
    this._projected = viewKey(this._map);
  },

  _update() {
    if (this._map._animatingZoom && this._bounds) return;
    L.SVG.prototype._update.call(this);
    this._drawn = this._projected;
  },

  _reset() {
    const key = viewKey(this._map);
    if (this._projected === key && this._drawn === key) {
      // Projected on 'zoomend' and drawn on 'moveend' for this very view.
      this._updateTransform(this._center, this._zoom);
      return;
    }
    L.SVG.prototype._reset.call(this);
    this._projected = this._drawn = key;
  },
});

// paneRenderer returns the one renderer of a map's pane (Leaflet would
// otherwise make its own, of its own kind, for each pane).
const renderers = new WeakMap(); // map -> pane -> renderer
export function paneRenderer(map, pane) {
  let panes = renderers.get(map);
  if (!panes) renderers.set(map, (panes = new Map()));
  let r = panes.get(pane);
  if (!r) panes.set(pane, (r = new OnceSVG({ pane })));
  return r;
}
