// timeline.js: a histogram of incidents per month stacked by claimant, two
// sliders choosing the first and last month (and a month and a year menu
// for each, in the page's language), and play/pause to step a window of the
// chosen width through time.

import { clear } from './dom.js';
import { fmtMonth } from './format.js';
import { fmtMonthName, fmtNum, fmtYear, monthNames, t } from './i18n.js';
import { claimantColour } from './palette.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

export function monthsBetween(a, b) {
  const out = [];
  let [y, m] = a.split('-').map(Number);
  const [y2, m2] = b.split('-').map(Number);
  while (y < y2 || (y === y2 && m <= m2)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

// nearestMonth is the index in months (sorted YYYY-MM) of ym, or of the
// first or last month when ym lies before or after them: a month and year
// picked from the menus can fall outside the data's span (a year's months
// before the first incident), and then the span's end is meant.
export function nearestMonth(months, ym) {
  if (!months.length) return -1;
  if (ym <= months[0]) return 0;
  if (ym >= months[months.length - 1]) return months.length - 1;
  return months.indexOf(ym);
}

// fillOptions gives a <select> the options [value, text], rebuilding them
// only when they change (a redraw for a filter change keeps them).
function fillOptions(sel, opts) {
  const key = JSON.stringify(opts);
  if (sel.dataset.opts === key) return;
  sel.replaceChildren(...opts.map(([value, text]) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }));
  sel.dataset.opts = key;
}

// r2 rounds a coordinate to two decimals (shorter path data).
function r2(v) {
  return Math.round(v * 100) / 100;
}

function lastDay(ym) {
  const [y, m] = ym.split('-').map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export class Timeline {
  constructor({ chart, axis, from, to, fromMonth, toMonth, fromYear, toYear, speed, label, play, reset, onChange }) {
    Object.assign(this, { chart, axis, fromIn: from, toIn: to, speed, label, playBtn: play, resetBtn: reset, onChange });
    this.speedChosen = false;
    if (speed) speed.addEventListener('change', () => { this.speedChosen = true; if (this.timer) { this.pause(); this.play(); } });
    // A month and a year menu for each end set the range directly (a
    // keyboard-friendly alternative to the sliders). Their words come from
    // the page's language through Intl; an <input type=month> would show
    // the browser's own language whatever the page's.
    this.menus = [[fromMonth, fromYear, 'from'], [toMonth, toYear, 'to']].filter(([m, y]) => m && y);
    for (const [m, y, which] of this.menus) {
      for (const sel of [m, y]) sel.addEventListener('change', () => this.pick(m, y, which));
    }
    this.months = [];
    this.byMonth = new Map();
    this.timer = null;
    this.width = 0;
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(([e]) => {
        const w = Math.round(e.contentRect.width);
        if (w === this.width) return;
        this.width = w;
        // The ticks thin out or fill in with the width.
        if (this.months.length) this.drawAxis(this.max || 1);
      }).observe(chart);
    }
    from.addEventListener('input', () => this.slide('from'));
    to.addEventListener('input', () => this.slide('to'));
    from.addEventListener('change', () => this.commit());
    to.addEventListener('change', () => this.commit());
    play.addEventListener('click', () => (this.timer ? this.pause() : this.play()));
    reset.addEventListener('click', () => { this.pause(); this.setRange(0, this.months.length - 1); this.commit(); });
  }

  // setStats draws the histogram; from/to are the current filter dates.
  setStats(stats, from, to) {
    const rows = (stats && stats.months) || [];
    this.byMonth = new Map(rows.map((r) => [r.month, r.counts || {}]));
    const keys = [...this.byMonth.keys()].sort();
    if (from) keys.push(from.slice(0, 7));
    if (to) keys.push(to.slice(0, 7));
    keys.sort();
    this.months = keys.length ? monthsBetween(keys[0], keys[keys.length - 1]) : [];
    const n = Math.max(this.months.length - 1, 0);
    for (const i of [this.fromIn, this.toIn]) { i.max = n; i.disabled = n === 0; }
    const fi = from ? this.months.indexOf(from.slice(0, 7)) : 0;
    const ti = to ? this.months.indexOf(to.slice(0, 7)) : n;
    this.setRange(Math.max(fi, 0), ti < 0 ? n : ti);
    this.draw();
  }

  // pick moves one end of the range to the month and year its menus show.
  pick(monthSel, yearSel, which) {
    const i = nearestMonth(this.months, `${yearSel.value}-${monthSel.value}`);
    if (i < 0) { this.update(); return; }
    let [a, b] = this.range();
    if (which === 'from') { a = i; b = Math.max(a, b); } else { b = i; a = Math.min(a, b); }
    this.setRange(a, b);
    this.commit();
  }

  setRange(a, b) {
    this.fromIn.value = a;
    this.toIn.value = b;
    this.update();
  }

  range() {
    return [Number(this.fromIn.value), Number(this.toIn.value)];
  }

  slide(which) {
    let [a, b] = this.range();
    if (a > b) {
      if (which === 'from') b = a; else a = b;
      this.setRange(a, b);
    }
    this.update();
  }

  // dates returns the filter dates of the selected range ('' for an open end).
  dates() {
    const [a, b] = this.range();
    const n = this.months.length - 1;
    if (n < 0) return { from: '', to: '' };
    return { from: a > 0 ? `${this.months[a]}-01` : '', to: b < n ? lastDay(this.months[b]) : '' };
  }

  // spanLabel is the label of the selected range in the page's language:
  // "All dates (Jun 2025 – Jul 2025)" or "Jun 2025 – Jul 2025".
  spanLabel() {
    const [a, b] = this.range();
    if (!this.months.length) return t('tlNone');
    const all = a === 0 && b === this.months.length - 1;
    const span = a === b ? fmtMonth(this.months[a]) : `${fmtMonth(this.months[a])} – ${fmtMonth(this.months[b])}`;
    return all ? t('tlAll', { span }) : span;
  }

  update() {
    const [a, b] = this.range();
    this.label.textContent = this.spanLabel();
    for (const i of [this.fromIn, this.toIn]) i.setAttribute('aria-valuetext', fmtMonth(this.months[Number(i.value)] || ''));
    if (this.months.length) {
      for (const [m, y, which] of this.menus) {
        const ym = this.months[which === 'from' ? a : b];
        m.value = ym.slice(5, 7);
        y.value = ym.slice(0, 4);
      }
    }
    const sel = this.chart.querySelector('.tl-sel');
    if (sel && this.months.length) {
      const w = 1000 / this.months.length;
      sel.setAttribute('x', a * w);
      sel.setAttribute('width', (b - a + 1) * w);
    }
  }

  // draw draws the histogram: one path per claimant holding all its bars
  // (a few elements instead of one per month and claimant, which made every
  // filter change build and style thousands of them).
  draw() {
    clear(this.chart);
    const n = this.months.length;
    if (!n) return;
    const W = 1000, H = 60, w = W / n;
    let max = 1;
    for (const m of this.months) {
      const s = Object.values(this.byMonth.get(m) || {}).reduce((x, y) => x + y, 0);
      max = Math.max(max, s);
    }
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'tl-svg' });
    root.appendChild(svg('rect', { class: 'tl-sel', x: 0, y: 0, width: W, height: H }));
    const bars = new Map(); // claimant -> path data
    const bw = Math.max(w * 0.8, 0.5);
    this.months.forEach((m, i) => {
      let y = H;
      const counts = this.byMonth.get(m) || {};
      for (const actor of Object.keys(counts).sort()) {
        const h = (counts[actor] / max) * (H - 2);
        if (!(h > 0)) continue;
        y -= h;
        bars.set(actor, `${bars.get(actor) || ''}M${r2(i * w + w * 0.1)} ${r2(y)}h${r2(bw)}v${r2(h)}h${r2(-bw)}z`);
      }
    });
    for (const [actor, d] of [...bars].sort((a, b) => a[0].localeCompare(b[0]))) {
      const path = svg('path', { d, class: 'tl-bars' });
      path.dataset.claimant = actor;
      path.style.fill = claimantColour(actor);
      root.appendChild(path);
    }
    this.chart.appendChild(root);
    this.drawAxis(max);
    if (this.speed && !this.speedChosen) this.speed.value = n <= 36 ? '1' : n <= 120 ? '3' : '12';
    this.fillMenus();
    this.update();
  }

  // fillMenus gives the month and year menus their options in the page's
  // language: all twelve months, and the years of the data's span. They
  // change with the months drawn and the language (both redraw), not with
  // each step of the range.
  fillMenus() {
    const names = monthNames().map((name, i) => [String(i + 1).padStart(2, '0'), name]);
    const years = [...new Set(this.months.map((m) => m.slice(0, 4)))].map((y) => [y, fmtYear(y)]);
    for (const [m, y] of this.menus) {
      fillOptions(m, names);
      fillOptions(y, years);
    }
  }

  // drawAxis labels the histogram: years at each January (every second or
  // fifth year if they would crowd), or months for a short range, and the
  // tallest bar's count.
  drawAxis(max) {
    if (!this.axis) return;
    this.max = max;
    clear(this.axis);
    const n = this.months.length;
    // The chart's width as last observed: reading clientWidth here would
    // force a layout of the whole page in the middle of a redraw.
    const width = this.width || 800;
    const ticks = [];
    if (n <= 24) {
      const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(width / 60))));
      this.months.forEach((m, i) => { if (i % every === 0) ticks.push([i, i === 0 || m.endsWith('-01') ? fmtMonth(m) : fmtMonthName(m)]); });
    } else {
      const years = this.months.filter((m) => m.endsWith('-01')).length || 1;
      const step = [1, 2, 5, 10].find((k) => (width / years) * k >= 44) || 10;
      this.months.forEach((m, i) => {
        const y = Number(m.slice(0, 4));
        if (m.endsWith('-01') && y % step === 0) ticks.push([i, fmtYear(y)]);
      });
    }
    for (const [i, text] of ticks) {
      const t = document.createElement('span');
      t.className = 'tl-tick';
      t.textContent = text;
      t.style.left = `${((i + 0.5) / n) * 100}%`;
      this.axis.appendChild(t);
    }
    const top = document.createElement('span');
    top.className = 'tl-max';
    top.textContent = t('perMonth', { n: fmtNum(max) });
    this.axis.appendChild(top);
  }

  commit() {
    this.onChange(this.dates());
  }

  play() {
    if (this.months.length < 2) return;
    let [a, b] = this.range();
    const n = this.months.length - 1;
    // A full range plays as a window of a quarter of the months (at most 12);
    // a range already at the end restarts from the beginning with its width.
    if (a === 0 && b === n) b = Math.max(0, Math.min(11, Math.floor(n / 4)));
    else if (b >= n) { b = b - a; a = 0; }
    this.setRange(a, b);
    this.commit();
    this.playBtn.setAttribute('aria-pressed', 'true');
    this.playBtn.setAttribute('aria-label', t('pause'));
    this.playBtn.textContent = '❚❚';
    // Each step moves the window by the chosen number of months (1, 3 or 12),
    // so that playing 20 years takes about half a minute at the fastest.
    const step = Math.max(1, Number(this.speed ? this.speed.value : 1) || 1);
    this.timer = setInterval(() => {
      const [x, y] = this.range();
      if (y >= n) { this.pause(); return; }
      const d = Math.min(step, n - y);
      this.setRange(x + d, y + d);
      this.commit();
    }, 700);
  }

  pause() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.playBtn.setAttribute('aria-pressed', 'false');
    this.playBtn.setAttribute('aria-label', t('play'));
    this.playBtn.textContent = '▶';
  }
}

