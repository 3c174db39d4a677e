// store.js holds the page's state (the filters, the view, the selection: all
// that the URL carries, see state.js) and is the one way to change it.
// setState(patch, options) merges the patch, writes the address as the
// options say, and tells every subscriber which keys changed, so that each
// part of the page reacts to the keys it depends on.

import { FILTER_KEYS, stateToSearch } from './state.js';

// HISTORY lists what setState may do with the browser's history: push a new
// entry (a change the reader may want to step back from), replace the
// current one (a map move, a step of a held key), or leave the address alone
// (the change came from the address itself, on Back or Forward).
export const HISTORY = ['push', 'replace', 'none'];

function same(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

// changedKeys returns the keys whose values differ between two states.
export function changedKeys(prev, next) {
  const out = new Set();
  for (const k of new Set([...Object.keys(prev), ...Object.keys(next)])) {
    if (!same(prev[k], next[k])) out.add(k);
  }
  return out;
}

// filterChanged reports whether any of the API filter's keys changed.
export function filterChanged(changed) {
  return FILTER_KEYS.some((k) => changed.has(k));
}

// createStore returns the page's state holder. writeURL(search, mode) is
// called with the state's query string and 'push' or 'replace' whenever the
// options ask for it; the page passes a function that uses history.pushState
// and replaceState, the tests a recorder.
export function createStore(initial, { writeURL = null } = {}) {
  let state = Object.freeze({ ...initial });
  const subscribers = [];
  return {
    get state() { return state; },
    subscribe(fn) {
      subscribers.push(fn);
      return () => subscribers.splice(subscribers.indexOf(fn), 1);
    },
    // setState applies patch. options.history is 'push' (the default),
    // 'replace' or 'none'; any other options are handed to the subscribers
    // (source: 'map' says the map itself moved). It returns the changed keys.
    setState(patch, options = {}) {
      const { history = 'push', ...rest } = options;
      if (!HISTORY.includes(history)) throw new Error(`setState: history must be one of ${HISTORY.join(', ')}, not ${history}`);
      const prev = state;
      const changed = changedKeys(prev, { ...prev, ...patch });
      if (!changed.size) return changed;
      state = Object.freeze({ ...prev, ...patch });
      if (history !== 'none' && writeURL) writeURL(stateToSearch(state), history);
      for (const fn of [...subscribers]) fn(state, prev, changed, rest);
      return changed;
    },
  };
}
