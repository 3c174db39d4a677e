// The built bundle loads nothing from a CDN: every absolute URL in it is an
// XML namespace, a link a reader may follow (attribution), or the optional
// OpenStreetMap tile layer, which is off unless the reader turns it on.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

const dist = new URL('../dist/', import.meta.url);
const allowed = [
  'http://www.w3.org/2000/svg', // SVG namespace (Leaflet, the timeline)
  'https://tile.openstreetmap.org/{z}/{x}/{y}.png', // the optional OSM layer
  'https://www.openstreetmap.org/copyright', // its attribution link
  'https://data.humdata.org/dataset/cod-ab-pak', // boundaries attribution link
  'https://github.com/whosonfirst-data/whosonfirst-data/blob/master/LICENSE.md', // Who's On First's licence, a required link
  'https://www.geonames.org/', // places attribution link
  'https://www.naturalearthdata.com/', // basemap context (Natural Earth, public domain) attribution link
  'https://leafletjs.com', // Leaflet's attribution prefix (turned off by the page)
];

for (const file of ['index.html', 'embed.html', 'app.js', 'app.css', 'desk.html', 'desk.js', 'desk.css']) {
  test(`${file} has no URL outside the allowed list`, async () => {
    const text = await readFile(new URL(file, dist), 'utf8');
    const urls = [...new Set(text.match(/https?:\/\/[^"'\s)<>`\\]+/g) || [])];
    assert.deepEqual(urls.filter((u) => !allowed.includes(u)), []);
  });
}

test('the pages load only their own script and stylesheet', async () => {
  for (const file of ['index.html', 'embed.html', 'desk.html']) {
    const html = await readFile(new URL(file, dist), 'utf8');
    const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    for (const s of srcs) assert.ok(s.startsWith('/') || s.startsWith('#') || s === 'data:,', `${file}: ${s}`);
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), `${file}: inline script`);
  }
});
