/** axe-core (WCAG 2.2 AA) run on one page of a served build, in a real browser. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { visitEach } from '../../src/dev/chromium.ts';
import type { Served } from '../../src/dev/server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rules of the tags below whose findings depend on the colours a scheme gives. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** One axe run: a page of the served build, its colour scheme, and its width (1280 px if not given). */
export interface AxeRun {
  path: string;
  scheme: 'light' | 'dark';
  width?: number;
}

/**
 * The violations of every run, each as `path (scheme[, width px]): rule: targets`; none is
 * left out. Runs of the same width share a browser context whose documents get axe before
 * their own content (the pages' CSP, which forbids scripts, bypassed for it). A page is loaded
 * once per width and checked in each scheme asked for, switched with the
 * `prefers-color-scheme` media feature (what a context's colorScheme sets) between two runs:
 * loading it again for the second scheme would render the same document twice.
 *
 * A scheme changes colours and nothing else (every `prefers-color-scheme` rule of the site's
 * styles sets colours only), so the first scheme of a page gets every rule and each further
 * scheme only the rules that read colours (COLOUR_RULES): the others would check the same
 * document again and find the same. That halves the cost of a page's second run.
 */
export async function axeRuns(browser: Browser, served: Served, runs: readonly AxeRun[]): Promise<string[]> {
  const found: string[] = [];
  for (const group of Map.groupBy(runs, (r) => r.width ?? 0).values()) {
    const width = group[0]!.width;
    const pages = [...Map.groupBy(group, (r) => r.path)];
    const violations = await visitEach(
      browser,
      { viewport: { width: width ?? 1280, height: 900 }, bypassCSP: true, init: axeSource },
      pages,
      async (page, [path, schemes]) => {
        const response = await page.goto(served.url + path);
        if (!response || response.status() >= 400) throw new Error(`${path}: HTTP ${response?.status()}`);
        const out: string[] = [];
        for (const [i, { scheme }] of schemes.entries()) {
          await page.emulateMedia({ colorScheme: scheme });
          const colourOnly = i > 0;
          const ids = await page.evaluate(
            async ([scheme, colourRules]) => {
              // The page's styles see the scheme asked for before axe reads the colours.
              if (!matchMedia(`(prefers-color-scheme: ${scheme})`).matches) throw new Error(`the page is not in the ${scheme} scheme`);
              // A switch of scheme starts the colour transitions (links fade): axe reads the colours they end at.
              getComputedStyle(document.body).color;
              await Promise.all(document.getAnimations().map((a) => a.finished));
              // axe is injected by the context; it is not part of the site.
              const result = await (
                window as unknown as {
                  axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
                }
              ).axe.run({
                ...(colourRules
                  ? { runOnly: { type: 'rule', values: colourRules } }
                  : {
                      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                      // And one best practice: two landmarks with the same name cannot be told apart when listed.
                      rules: { 'landmark-unique': { enabled: true } },
                    }),
                // Details of the violations only (not of what passed): a fifth faster, the same findings.
                resultTypes: ['violations'],
              });
              // Every rule of those tags, target-size included: no exception.
              return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            },
            [scheme, colourOnly ? COLOUR_RULES : undefined] as const,
          );
          const where = width ? `${scheme}, ${width} px` : scheme;
          out.push(...ids.map((v) => `${path} (${where}): ${v}`));
        }
        return out;
      },
    );
    found.push(...violations.flat());
  }
  return found;
}
