/** axe-core (WCAG 2.2 AA) run on one page of a served build, in a real browser. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { visitEach } from '../../src/dev/chromium.ts';
import type { Served } from '../../src/dev/server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe run: a page of the served build, its colour scheme, and its width (1280 px if not given). */
export interface AxeRun {
  path: string;
  scheme: 'light' | 'dark';
  width?: number;
}

/**
 * The violations of every run, each as `path (scheme[, width px]): rule: targets`; none is
 * left out. Runs of the same scheme and width share a browser context whose documents get axe
 * before their own content (the pages' CSP, which forbids scripts, bypassed for it).
 */
export async function axeRuns(browser: Browser, served: Served, runs: readonly AxeRun[]): Promise<string[]> {
  const groups = Map.groupBy(runs, (r) => `${r.scheme} ${r.width ?? ''}`);
  const found: string[] = [];
  for (const group of groups.values()) {
    const { scheme, width } = group[0]!;
    const violations = await visitEach(
      browser,
      { viewport: { width: width ?? 1280, height: 900 }, colorScheme: scheme, bypassCSP: true, init: axeSource },
      group,
      async (page, run) => {
        const response = await page.goto(served.url + run.path);
        if (!response || response.status() >= 400) throw new Error(`${run.path}: HTTP ${response?.status()}`);
        const ids = await page.evaluate(async () => {
          // axe is injected by the context; it is not part of the site.
          const result = await (
            window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
          ).axe.run({
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
            // And one best practice: two landmarks with the same name cannot be told apart when listed.
            rules: { 'landmark-unique': { enabled: true } },
            // Details of the violations only (not of what passed): a fifth faster, the same findings.
            resultTypes: ['violations'],
          });
          // Every rule of those tags, target-size included: no exception.
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        const where = width ? `${scheme}, ${width} px` : scheme;
        return ids.map((v) => `${run.path} (${where}): ${v}`);
      },
    );
    found.push(...violations.flat());
  }
  return found;
}
