// build.mjs bundles the web map into dist/: index.html and embed.html (the
// same page, embed mode), app.js, app.css and Leaflet's images; and the
// editorial desk, its own entry: desk.html, desk.js and desk.css. Everything the
// page loads at run time comes from dist/; nothing from a CDN.
import * as esbuild from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = 'dist';
const watch = process.argv.includes('--watch');

// Clear old output but keep the placeholder that lets `go build` embed dist/
// before npm has run.
await mkdir(dist, { recursive: true });
for (const f of await readdir(dist)) {
  if (f !== '.gitkeep') await rm(join(dist, f), { recursive: true, force: true });
}

const options = {
  // app.js imports app.css (and Leaflet's CSS), so esbuild writes app.css beside it.
  entryPoints: { app: 'src/app.js', desk: 'src/desk/main.js' },
  bundle: true,
  minify: !watch && !process.env.NOMINIFY,
  sourcemap: 'linked',
  legalComments: 'linked',
  target: ['chrome110', 'firefox110', 'safari16'],
  format: 'iife',
  outdir: dist,
  entryNames: '[name]',
  assetNames: 'img/[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file', '.woff2': 'file', '.woff': 'file' },
  logLevel: 'info',
};

const html = await readFile('src/index.html', 'utf8');
await writeFile(join(dist, 'index.html'), html);
await writeFile(join(dist, 'embed.html'), html.replace('data-mode="main"', 'data-mode="embed"'));
await writeFile(join(dist, 'desk.html'), await readFile('src/desk/desk.html', 'utf8'));

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
