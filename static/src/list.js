// list.js is the list of incidents in view, for keyboard and screen-reader
// users: the latest incidents inside the map's view under the filters.

import { getJSON, isAbort, Latest } from './api.js';
import { clear, el } from './dom.js';
import { fmtDay } from './format.js';
import { t } from './i18n.js';
import { filterParams } from './state.js';
import { LIST_LIMIT } from './clusters.js';

export function createList(app) {
  const { $, store, view } = app;
  const req = new Latest();

  async function load() {
    const p = filterParams(store.state);
    p.set('bbox', view.viewBBox());
    p.set('limit', String(LIST_LIMIT));
    const signal = req.signal();
    if (app.clusters.noClaimants()) return;
    try {
      const fc = await getJSON('/api/incidents', p, signal);
      const ol = clear($('list'));
      for (const f of fc.features || []) {
        const q = f.properties;
        ol.appendChild(el('li', null, el('button', { type: 'button', class: 'linkish', dataset: { id: q.id },
          onclick: () => app.panel.select(q.id) }, `${fmtDay(q.date)} · ${q.title}`),
        el('span', { class: 'small', text: ` — ${q.district || q.place || 'Balochistan'} · ${q.primary_claimant || ''}` })));
      }
      const n = fc.numberMatched ?? (fc.features || []).length;
      $('list-status').textContent = n > LIST_LIMIT ? t('listLatest', { limit: LIST_LIMIT, n }) : t('listAll', { n });
    } catch (err) {
      if (!isAbort(err)) $('list-status').textContent = err.message;
    }
  }
  $('list-box').addEventListener('toggle', () => { if ($('list-box').open) load(); });

  // onClusters reloads the open list when the map's symbols change.
  function onClusters() {
    if (!$('list-box').hidden && $('list-box').open) load();
  }

  return { load, onClusters };
}
