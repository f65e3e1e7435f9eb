/** axe-core (WCAG 2.2 AA) run on one page of a served build, in a real browser. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import type { Served } from '../../src/dev/server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The violations on `path`, each as `path (scheme[, width px]): rule: targets`; none is left out. */
export async function axeRun(
  browser: Browser,
  served: Served,
  path: string,
  options: { scheme: 'light' | 'dark'; width?: number },
): Promise<string[]> {
  const width = options.width ?? 1280;
  // The pages' own CSP forbids scripts, so axe is injected with CSP bypassed.
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: options.scheme, bypassCSP: true });
  await page.goto(served.url + path);
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // axe is injected above; it is not part of the site.
    const result = await (
      window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      // And one best practice: two landmarks with the same name cannot be told apart when listed.
      rules: { 'landmark-unique': { enabled: true } },
    });
    // Every rule of those tags, target-size included: no exception.
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  await page.close();
  const where = options.width ? `${options.scheme}, ${width} px` : options.scheme;
  return violations.map((v) => `${path} (${where}): ${v}`);
}
