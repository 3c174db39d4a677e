// suite.mjs: the seeded server and the browser that a suite of page tests
// shares, started before its first test and stopped after its last.
import { mkdir } from 'node:fs/promises';
import { after, before } from 'node:test';
import { launch } from './browser.mjs';
import { start } from './server.mjs';

export const SHOTS = new URL('../test-results/', import.meta.url).pathname;

// serverAndBrowser registers the suite's hooks; ready receives the server
// and the browser once both run.
export function serverAndBrowser(ready, startOptions) {
  let srv;
  let browser;
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    srv = await start(startOptions);
    browser = await launch();
    ready(srv, browser);
  });
  after(async () => {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  });
}

// openMap opens the page at url in a new tab of the browser (at the given
// size and colour scheme; before(page) runs ahead of the navigation) and
// waits until the map is ready and the network quiet. page.errors collects
// the page's uncaught errors.
export async function openMap(browser, url, { width, height, colorScheme, before: ahead } = {}) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  if (width) await page.setViewportSize({ width, height });
  if (colorScheme) await page.emulateMedia({ colorScheme });
  if (ahead) ahead(page);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  await page.waitForLoadState('networkidle');
  return page;
}
