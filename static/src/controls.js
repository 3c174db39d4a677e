// controls.js wires the filter form, the phone's panel toggle, and the
// embed, download and snapshot buttons; it also writes the embed's caption.
// Every filter change goes through store.setState.

import { clear, el } from './dom.js';
import { getLang, t } from './i18n.js';
import { filterParams, stateToSearch } from './state.js';
import { snapshot } from './snapshot.js';
import { choroColour } from './choro.js';
import { clusterSize } from './symbols.js';
import { datesLine, rangeWords, summary } from './words.js';

export function createControls(app) {
  const { $, store, data, view } = app;
  const set = (patch) => store.setState(patch, { history: 'push' });

  $('filters').addEventListener('submit', (e) => e.preventDefault());
  // "Confirmed only" is the claim-level verified=confirmed; "Unverified
  // claims only" is the status filter.
  for (const r of document.querySelectorAll('input[name=status]')) {
    r.addEventListener('change', () => set(r.value === 'verified' ? { verified: 'confirmed', status: '' } : { status: r.value, verified: '' }));
  }
  $('f-type').addEventListener('change', () => set({ type: $('f-type').value }));
  $('f-region').addEventListener('change', () => set({ region: $('f-region').value }));
  $('f-choro').addEventListener('change', () => set({ choro: $('f-choro').value }));
  $('f-osm').addEventListener('change', () => set({ osm: $('f-osm').checked }));
  $('claimants-all').addEventListener('click', () => set({ claimant: null }));
  $('claimants-none').addEventListener('click', () => set({ claimant: [] }));

  $('panel-toggle').addEventListener('click', () => {
    const open = !document.body.classList.contains('panel-open');
    document.body.classList.toggle('panel-open', open);
    $('panel-toggle').setAttribute('aria-expanded', String(open));
    setTimeout(() => view.map.invalidateSize(), 50);
  });

  $('btn-embed').addEventListener('click', () => {
    // The embed gets the bounds of the view, not its zoom and centre: it fits
    // them to whatever size the host page gives the iframe.
    const b = view.map.getBounds();
    const src = `${location.origin}/embed${stateToSearch({ ...store.state, bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] }, { sel: false, view: false })}`;
    $('embed-code').value = `<iframe src="${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="100%" height="480" ` +
      `style="border:0" loading="lazy" title="${t('embedFrameTitle').replace(/"/g, '&quot;')}"></iframe>`;
    $('embed-open').href = src;
    $('dlg-embed').showModal();
    $('embed-code').select();
  });
  $('embed-copy').addEventListener('click', async () => {
    $('embed-code').select();
    try { await navigator.clipboard.writeText($('embed-code').value); $('embed-copy').textContent = t('copied'); } catch { document.execCommand('copy'); }
  });

  $('btn-download').addEventListener('click', () => {
    const q = filterParams(store.state).toString();
    $('dl-geojson').href = '/api/incidents.geojson' + (q ? `?${q}` : '');
    $('dl-csv').href = '/api/incidents.csv' + (q ? `?${q}` : '');
    $('dlg-download').showModal();
  });

  $('btn-snapshot').addEventListener('click', async () => {
    const s = store.state;
    app.setStatus(t('snapshotDrawing'));
    try {
      const { blob, legend, width, height, words } = await snapshot(view.map, {
        basemap: view.basemap, province: data.provinceFeature, districts: data.districtGeo, districtStyle: view.districtStyle,
        // A snapshot speaks the page's language: its title, dates, filter,
        // legend, scale and credits from the message table; the map's
        // labels as placed on screen.
        lang: getLang(),
        clusters: data.clusters, clusterSize, routes: data.routeFeatures, summary: summary(s, { dates: false }),
        dates: datesLine(s, app.timeline.spanLabel()),
        words: { title: t('pageTitle'), districtOnly: t('snapDistrictOnly'), disputed: t('snapDisputed'), shading: t('snapShading') },
        credits: t('snapCredits') + (s.osm && view.onlineCredit() ? t('backgroundCredit', { credit: view.onlineCredit() }) : ''),
        permalink: location.origin + location.pathname + stateToSearch(s, { sel: false }),
        osm: s.osm ? view.osm : null, choroLegend: s.choro ? data.breaks.map((b) => [b, choroColour(b, data.breaks)]) : null,
      });
      // What the snapshot drew, for checks: its claimants, size and every
      // string with its role (a few kB, kept until the next snapshot).
      Object.assign($('status').dataset, { snapshotLegend: legend.join(','), snapshotSize: `${width}x${height}`, snapshotText: JSON.stringify(words) });
      const a = el('a', { href: URL.createObjectURL(blob), download: 'incidentmap.png' });
      document.body.appendChild(a);
      a.click();
      a.remove();
      app.setStatus(t('snapshotSaved'));
    } catch (err) {
      app.setStatus(t('snapshotFailed', { error: err.message }));
    }
  });

  // renderCaption fills the embed's caption: what the map shows (title,
  // dates, filters) and where it comes from.
  function renderCaption() {
    const s = store.state;
    clear($('embed-caption')).append(
      el('strong', { text: t('captionTitle') }), ' · ',
      el('span', { class: 'cap-dates', text: rangeWords(s, $('tl-label').textContent) }), ' · ',
      el('span', { class: 'cap-filter', text: summary(s, { dates: false }) }), ' · ',
      el('span', { class: 'cap-total', text: $('total').textContent }));
  }

  if (app.embed) {
    const href = '/' + stateToSearch(store.state);
    const full = el('a', { class: 'open-full', href, target: '_blank', rel: 'noopener', text: t('openFull'), dataset: { i18n: 'openFull' } });
    $('home-link').href = href;
    $('home-link').target = '_blank';
    document.querySelector('.actions').replaceChildren(full);
  }

  // sync puts the form in step with the state.
  function sync() {
    const s = store.state;
    app.search.sync();
    for (const r of document.querySelectorAll('input[name=status]')) r.checked = s.verified ? r.value === 'verified' : r.value === s.status;
    $('verified-note').hidden = !s.verified;
    if (![...document.querySelectorAll('input[name=status]')].some((r) => r.checked)) {
      document.querySelector('input[name=status][value=""]').checked = true;
    }
    $('f-type').value = s.type;
    $('f-region').value = s.region;
    $('f-choro').value = s.choro;
    $('f-osm').checked = s.osm;
    const enabled = s.claimant ? new Set(s.claimant) : null;
    for (const b of document.querySelectorAll('#claimants input[type=checkbox]')) b.checked = !enabled || enabled.has(b.value);
  }

  return { sync, renderCaption };
}
