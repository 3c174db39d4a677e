// axe runs axe-core (WCAG 2.2 A and AA rules) in the page; its source is
// evaluated through the DevTools protocol, so the page's CSP stays as is.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export async function axe(page) {
  const src = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(src);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}
