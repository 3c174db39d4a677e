// panel.js is the details panel: one incident (who said what, figures,
// sources) or the list of a group's incidents. The selected incident is part
// of the state (sel=), so it is changed only through setState; the panel
// follows the state.

import { getJSON } from './api.js';
import { renderIncident } from './details.js';
import { clear, el } from './dom.js';
import { getLang, t } from './i18n.js';
import { stateToSearch } from './state.js';

export function createPanel(app) {
  const { $, store, data, view } = app;
  const focus = { last: null };

  function show(content) {
    const box = $('details');
    clear($('details-body')).appendChild(content);
    if (box.hidden) focus.last = document.activeElement;
    box.hidden = false;
    const h = $('details-title');
    if (h) h.focus();
  }

  function hide() {
    if ($('details').hidden) return;
    $('details').hidden = true;
    app.clusters.markSelected('');
    if (focus.last && document.contains(focus.last)) focus.last.focus();
  }

  // select makes id the selected incident: a new history entry, then the
  // panel opens through the state's subscriber (see app.js).
  function select(id) {
    if (!id) return;
    if (store.state.sel === id) open(id);
    else store.setState({ sel: id }, { history: 'push' });
  }

  // open fetches and shows incident id, which the state already selects.
  // localDistrict is a district's name in the page's language, or null; it
  // takes the district's id or name.
  function localDistrict(name) {
    if (getLang() !== 'ur' || !data.districtGeo) return null;
    const f = data.districtGeo.features.find((x) => x.properties.id === name || x.properties.name === name || x.properties.official_name === name);
    return f ? f.properties.name_ur || null : null;
  }

  async function open(id) {
    app.clusters.markSelected(id);
    try {
      const f = await getJSON(`/api/incidents/${encodeURIComponent(id)}`);
      if (store.state.sel !== id) return;
      revealBehindPanel(id);
      show(renderIncident(f, {
        actorName: (a) => (data.actors.get(a) ? `${a} (${data.actors.get(a).name})` : a || t('unknown')),
        localName: (kind, name) => localDistrict(name),
        onSeries: (s) => store.setState({ series: s }),
        permalink: location.pathname + stateToSearch(store.state),
      }));
    } catch (err) {
      if (store.state.sel !== id) return;
      show(el('div', null, el('h2', { id: 'details-title', tabindex: '-1', text: t('notAvailable') }),
        el('p', { text: err.status === 404 ? t('noSuchIncident', { id }) : err.message })));
    }
  }

  // showList shows a group's incidents; no incident is selected meanwhile.
  function showList(content) {
    store.setState({ sel: '' }, { history: 'replace', keepPanel: true });
    app.clusters.markSelected('');
    show(content);
  }

  // revealBehindPanel pans the map when the details panel would cover the
  // selected incident's symbol (wide screens, where the panel is on the right,
  // or on the left in Urdu).
  function revealBehindPanel(id) {
    if (window.innerWidth <= 700) return;
    const m = [...document.querySelectorAll('.leaflet-marker-icon')].find((e) => e.dataset.id === id);
    if (!m) return;
    const mr = m.getBoundingClientRect();
    const box = view.map.getContainer().getBoundingClientRect();
    // Right to left (Urdu), the panel is on the left.
    if (document.documentElement.dir === 'rtl') {
      const panelRight = box.left + Math.min(430, box.width - 20);
      if (mr.left < panelRight + 10) view.map.panBy([mr.left - panelRight - 60, 0], { animate: false });
      return;
    }
    const panelLeft = box.right - Math.min(430, box.width - 20);
    if (mr.right > panelLeft - 10) view.map.panBy([mr.right - panelLeft + 60, 0], { animate: false });
  }

  function close() {
    hide();
    if (store.state.sel) store.setState({ sel: '' }, { history: 'push' });
  }

  $('details-close').addEventListener('click', close);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('details').hidden && !document.querySelector('dialog[open]')) close();
  });

  // onState follows the selection in the state: Back and Forward open and
  // close incidents as they were.
  function onState(s, prev, changed, options) {
    if (!changed.has('sel')) return;
    if (s.sel) open(s.sel);
    else if (!options.keepPanel) hide();
  }

  // refresh draws the open incident again (after a change of language).
  function refresh() {
    if (store.state.sel && !$('details').hidden) open(store.state.sel);
  }

  return { select, open, showList, close, hide, onState, refresh };
}
