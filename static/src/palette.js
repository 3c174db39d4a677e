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

const FIXED = {
  BLA: OKABE_ITO.vermillion,
  BLF: OKABE_ITO.orange,
  BRAS: OKABE_ITO.reddishPurple,
  TTP: OKABE_ITO.bluishGreen,
  ISPR: OKABE_ITO.blue,
  FC: OKABE_ITO.skyBlue,
  police: OKABE_ITO.yellow,
  Levies: OKABE_ITO.yellow,
  ISKP: OKABE_ITO.black,
  // Greys that differ in lightness, so they stay apart without colour vision.
  government: '#5A5A5A',
  unknown: '#8C8C8C',
  media: '#BDBDBD',
  local: '#BDBDBD',
};

// Extra colours for claimants beyond the fixed ones: the palette again, then
// greys. Beyond eight categories no palette is safe for everyone, which is why
// the legend and every popup also name the claimant in words.
const EXTRA = [OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.vermillion,
  OKABE_ITO.orange, OKABE_ITO.blue];

const assigned = new Map(Object.entries(FIXED));
let next = 0;

export function claimantColour(id) {
  if (!assigned.has(id)) {
    assigned.set(id, EXTRA[next % EXTRA.length]);
    next++;
  }
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
