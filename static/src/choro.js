// choro.js is the district shading's arithmetic: class breaks by quantile and
// the colour of a value. Pure functions, tested without a browser.

import { RAMP } from './palette.js';

// computeBreaks returns up to k ascending upper bounds that split the
// positive values into classes of about equal size (quantiles); zeros are
// not shaded, and equal bounds are merged.
export function computeBreaks(values, k = 5) {
  const vals = values.filter((v) => v > 0).sort((a, b) => a - b);
  const n = Math.min(k, new Set(vals).size);
  const out = [];
  for (let i = 1; i <= n; i++) out.push(vals[Math.min(vals.length - 1, Math.ceil((i * vals.length) / n) - 1)]);
  return [...new Set(out)];
}

// choroColour is the ramp colour of value v: the first class whose bound is
// at least v (values above the last bound take the last class), spread over
// the ramp so that the lightest and darkest colours are both used.
export function choroColour(v, breaks, ramp = RAMP) {
  const i = breaks.findIndex((b) => v <= b);
  const idx = i < 0 ? breaks.length - 1 : i;
  const step = breaks.length > 1 ? (ramp.length - 1) / (breaks.length - 1) : 0;
  return ramp[Math.round(idx * step)];
}

// classLabels names each class as a range: "1–3", "4", "5–12".
export function classLabels(breaks, fmt = String) {
  let lo = 1;
  return breaks.map((b) => {
    const s = lo === b ? fmt(b) : `${fmt(lo)}–${fmt(b)}`;
    lo = b + 1;
    return s;
  });
}
