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
