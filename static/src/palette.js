// Colours for claimants: the Okabe–Ito palette, which stays distinguishable
// for the common forms of colour blindness. The best-known claimants get
// fixed colours so that maps and snapshots agree from one day to the next;
// any other claimant takes the next free colour in a stable order.

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
};

// Every fixed claimant has its own colour: the eight Okabe–Ito colours, then
// two from Paul Tol's colour-blind-safe sets (wine, olive) and greys that
// differ in lightness. Police and Levies, both provincial forces, are told
// apart (yellow and wine). On the map every symbol also has a dark and a light
// casing, so that it keeps a contrast of at least 3:1 against any fill
// whatever its own colour (WCAG 1.4.11); see symbolContrast.
const FIXED = {
  BLA: OKABE_ITO.vermillion,
  BLF: OKABE_ITO.orange,
  BRAS: OKABE_ITO.reddishPurple,
  TTP: OKABE_ITO.bluishGreen,
  ISPR: OKABE_ITO.blue,
  FC: OKABE_ITO.skyBlue,
  police: OKABE_ITO.yellow,
  Levies: '#882255',
  ISKP: OKABE_ITO.black,
  local: '#997700',
  government: '#5A5A5A',
  unknown: '#8C8C8C',
  media: '#C8C8C8',
};

// Extra colours for claimants beyond the fixed ones: the palette again, then
// greys. Beyond eight categories no palette is safe for everyone, which is why
// the legend and every popup also name the claimant in words.
const EXTRA = [OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.vermillion,
  OKABE_ITO.orange, OKABE_ITO.blue];

// FIXED_COLOURS lists the fixed claimant colours (for tests and docs).
export const FIXED_COLOURS = Object.freeze({ ...FIXED });

const assigned = new Map(Object.entries(FIXED));
const FIXED_COUNT = assigned.size;

// claimantColour is id's colour: a fixed one, or the next of EXTRA in the
// order claimants are first seen.
export function claimantColour(id) {
  if (!assigned.has(id)) assigned.set(id, EXTRA[(assigned.size - FIXED_COUNT) % EXTRA.length]);
  return assigned.get(id);
}

// Assign colours to a list of claimant ids in a stable (sorted) order, so the
// same set of claimants always gets the same colours.
export function assignColours(ids) {
  for (const id of [...ids].sort()) claimantColour(id);
}

// Sequential ramp for the district shading (viridis, light to dark, readable
// with colour blindness and in greyscale print).
export const RAMP = ['#FDE725', '#7AD151', '#22A884', '#2A788E', '#414487', '#440154'];

// Text colour that reads on a background colour.
export function textOn(hex) {
  const n = parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255, g = (n >> 8) & 255, b = n & 255;
  return (0.299 * r + 0.587 * g + 0.114 * b) > 150 ? '#000' : '#fff';
}

// Colours of the offline basemap. Balochistan's districts are the lightest
// land, Pakistan's other provinces a shade darker, other countries darker
// still, and the sea blue, so that the four can be told apart in greyscale
// too.
export const BASE = {
  sea: '#b9d3e0', seaLine: '#7fa6bb', land: '#dcd8ce', pakistan: '#e9e5da', balochistan: '#f7f5ef',
  country: '#6f6a60', province: '#9a958a', lake: '#c9dde6', river: '#86b0c6', region: '#7a5c3c',
};

// CASING is the pair of outlines every map symbol is drawn with (CSS
// box-shadow in app.css): dark inside, light outside.
export const CASING = ['#1b1b1b', '#ffffff'];

function luminance(hex) {
  const n = parseInt(hex.slice(1), 16);
  const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// symbolContrast is the contrast of a symbol against a fill: the better of
// its own colour and its two casings.
export function symbolContrast(colour, fill) {
  return Math.max(contrast(colour, fill), ...CASING.map((c) => contrast(c, fill)));
}

// BASE_DARK is the basemap in dark mode: the same four fills, told apart by
// lightness in the same order of importance (Balochistan lightest of the
// land, the sea darkest), with lighter lines.
export const BASE_DARK = {
  sea: '#0b1a24', seaLine: '#2f5a73', land: '#2a2924', pakistan: '#34332d', balochistan: '#413f39',
  country: '#9a9488', province: '#7a756b', lake: '#122f40', river: '#3d6f8a', region: '#d8b07f',
};

// Lines drawn over the district fill: the province outline, district and
// tehsil lines, routes, the highlight (search and hover).
export const LINES = {
  light: { province: '#333333', district: '#7a7a7a', tehsil: '#a9a59c', route: '#6b5b45', highlight: '#000000' },
  dark: { province: '#d9d6cf', district: '#99958b', tehsil: '#66625a', route: '#b59f7e', highlight: '#ffffff' },
};

// basePalette is the basemap's fills for theme 'light' or 'dark'.
export function basePalette(theme) {
  return theme === 'dark' ? BASE_DARK : BASE;
}
