// search.js is the one search box: places (the server's geocoder: towns,
// districts, tehsils, places beyond Balochistan, highway stretches), the
// claimants of the legend, and last the text filter (the API's q=, which
// matches the title, description, place and tags of an incident, not its
// claimants: so "BLF" is offered first as the claimant). Enter takes the
// first suggestion.

import L from 'leaflet';

import { getJSON, isAbort, Latest } from './api.js';
import { clear, el } from './dom.js';
import { fmtInt } from './format.js';
import { getLang, listSep, t as msg } from './i18n.js';
import { KIND_KEYS, matchClaimants, rankOf } from './suggest.js';

// ur is a candidate's name in the page's language: Urdu where the
// gazetteer has it.
function local(name, nameUr) {
  return (getLang() === 'ur' && nameUr) || name;
}

export function createSearch(app) {
  const { $, store, data, view } = app;
  const req = new Latest();
  const box = { suggestions: [], active: -1, timer: null, syncedQ: '' };

  async function suggest(text) {
    const t = text.trim();
    if (!t) return [];
    const out = [];
    const low = t.toLowerCase();
    for (const a of matchClaimants([...data.actors.values()], t)) {
      out.push({ kind: 'claimant', label: a.id, sub: `${a.name && a.name !== a.id ? `${a.name} · ` : ''}${msg('claimantSub', { n: fmtInt(a.count) })}`, apply: () => pickClaimant(a.id) });
    }
    try {
      const res = await getJSON('/api/geocode', new URLSearchParams({ q: t, limit: '6' }), req.signal());
      const seen = new Set();
      for (const c of res.candidates || []) {
        const key = `${c.name}|${c.kind}|${c.district_id || c.admin1 || ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const where = [c.kind !== 'district' ? local(c.district, c.district_ur) : null, c.region === 'balochistan' ? null : c.admin1].filter(Boolean).join(listSep());
        const kind = KIND_KEYS[c.kind] ? msg(KIND_KEYS[c.kind]) : c.kind;
        out.push({ kind: 'place', label: local(c.name, c.name_ur), sub: `${kind}${where ? ` · ${where}` : ''}`, apply: () => pickPlace(c) });
      }
    } catch (err) {
      if (isAbort(err)) throw err;
    }
    out.sort((a, b) => rankOf(a, low) - rankOf(b, low));
    out.push({ kind: 'text', label: msg('textSuggestion', { q: t }), sub: msg('textSuggestionSub'), apply: () => pickText(t) });
    return out;
  }

  function showSuggestions(list) {
    box.suggestions = list;
    box.active = list.length ? 0 : -1;
    const ul = clear($('f-q-list'));
    list.forEach((sg, i) => {
      const li = el('li', { role: 'option', id: `sg-${i}`, 'aria-selected': String(i === box.active), dataset: { kind: sg.kind } },
        el('span', { class: 'kind', text: msg(sg.kind === 'place' ? 'kindPlace' : sg.kind === 'claimant' ? 'kindClaimant' : 'kindText') }),
        el('span', { class: 'label', text: sg.label }), el('span', { class: 'sub', text: sg.sub }));
      li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(i); });
      ul.appendChild(li);
    });
    ul.hidden = !list.length;
    $('f-q').setAttribute('aria-expanded', String(!ul.hidden));
    markActive();
  }

  function markActive() {
    const items = [...$('f-q-list').children];
    items.forEach((li, i) => li.setAttribute('aria-selected', String(i === box.active)));
    if (box.active >= 0 && items[box.active]) $('f-q').setAttribute('aria-activedescendant', items[box.active].id);
    else $('f-q').removeAttribute('aria-activedescendant');
  }

  function closeSuggestions() {
    $('f-q-list').hidden = true;
    $('f-q').setAttribute('aria-expanded', 'false');
    $('f-q').removeAttribute('aria-activedescendant');
  }

  function choose(i) {
    const sg = box.suggestions[i];
    closeSuggestions();
    if (sg) sg.apply();
  }

  function pickClaimant(id) {
    $('f-q').value = '';
    store.setState({ claimant: [id] });
    setNote(msg('noteClaimant', { id }));
  }

  function pickText(t) {
    store.setState({ q: t });
    setNote(msg('noteText', { q: t }), 'text');
  }

  function setNote(text, kind = '') {
    box.noteKind = kind;
    $('f-q-active').textContent = text;
    $('f-q-active').hidden = !text;
  }

  // pickPlace moves the map to a geocoder candidate and marks it: a district's
  // outline, a road stretch's line, or a ring at a town.
  function pickPlace(c) {
    const layer = view.searchLayer;
    layer.clearLayers();
    const district = c.kind === 'district' && view.districtFeature(c.id);
    if (district) {
      layer.addData(district);
      view.fitGeometry(district.geometry);
    } else if (c.line) {
      layer.addData({ type: 'Feature', geometry: c.line, properties: {} });
      view.fitGeometry(c.line, { padding: [40, 40] });
    } else if (c.point) {
      const z = { town: 11, tehsil: 9, district: 9, province: 7, admin1: 7 }[c.kind] || 10;
      layer.addLayer(L.marker([c.point[1], c.point[0]], { pane: 'highlight', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'search-pin-icon', html: el('div', { class: 'search-pin' }), iconSize: [18, 18] }) }));
      view.map.setView([c.point[1], c.point[0]], z);
    }
    const name = local(c.name, c.name_ur);
    $('f-q').value = name;
    setNote(msg('notePlace', { place: `${name}${c.district && c.kind !== 'district' ? `${listSep()}${local(c.district, c.district_ur)}` : ''}` }));
    $('status').dataset.place = c.name;
  }

  $('f-q').addEventListener('input', () => {
    clearTimeout(box.timer);
    const t = $('f-q').value;
    if (!t.trim()) {
      closeSuggestions();
      view.searchLayer.clearLayers();
      setNote('');
      if (store.state.q) store.setState({ q: '' });
      return;
    }
    box.timer = setTimeout(() => suggest(t).then(showSuggestions).catch(() => {}), 200);
  });
  $('f-q').addEventListener('keydown', async (e) => {
    const open = !$('f-q-list').hidden;
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      box.active = Math.min(box.active + 1, box.suggestions.length - 1);
      markActive();
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      box.active = Math.max(box.active - 1, 0);
      markActive();
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      closeSuggestions();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(box.timer);
      const t = $('f-q').value;
      if (!t.trim()) return;
      if (!open || !box.suggestions.length) {
        try { showSuggestions(await suggest(t)); } catch { return; }
        box.active = 0;
      }
      choose(Math.max(box.active, 0));
    }
  });
  $('f-q').addEventListener('blur', () => setTimeout(closeSuggestions, 150));

  // sync shows the text filter in the box; a place or claimant picked from it
  // is not a text filter and is left alone.
  function sync() {
    const q = store.state.q;
    if (q) $('f-q').value = q;
    else if (box.syncedQ && $('f-q').value === box.syncedQ) $('f-q').value = '';
    if (!q && box.noteKind === 'text') setNote('');
    box.syncedQ = q;
  }

  return { sync };
}
