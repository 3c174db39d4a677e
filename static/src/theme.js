// theme.js: light and dark colours. The page follows the system's
// prefers-color-scheme unless the reader chooses light or dark (remembered
// in localStorage). The choice is <html data-theme="auto|light|dark">, which
// app.css reads; the map's own colours (basemap fills, district lines) come
// from palette.js and are redrawn on every change (onThemeChange).

export const THEMES = ['auto', 'light', 'dark'];
const STORE_KEY = 'incidentmap.theme';
const listeners = [];
let choice = 'auto';
let media = null;

function systemDark() {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

// initialTheme is the stored choice, else auto.
export function initialTheme(storage) {
  try {
    const s = storage && storage.getItem(STORE_KEY);
    if (THEMES.includes(s)) return s;
  } catch { /* storage blocked */ }
  return 'auto';
}

export function themeChoice() { return choice; }

// effectiveTheme is 'light' or 'dark': the choice, or the system's for auto.
export function effectiveTheme() {
  if (choice === 'auto') return systemDark() ? 'dark' : 'light';
  return choice;
}

// applyTheme sets the choice (and remembers it in storage if given).
export function applyTheme(c, { storage = null } = {}) {
  choice = THEMES.includes(c) ? c : 'auto';
  document.documentElement.dataset.theme = choice;
  document.documentElement.dataset.effectiveTheme = effectiveTheme();
  try { if (storage) storage.setItem(STORE_KEY, choice); } catch { /* not remembered */ }
  if (!media && typeof matchMedia === 'function') {
    media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', () => {
      document.documentElement.dataset.effectiveTheme = effectiveTheme();
      if (choice === 'auto') for (const f of listeners) f(effectiveTheme());
    });
  }
  for (const f of listeners) f(effectiveTheme());
}

export function onThemeChange(f) { listeners.push(f); }
