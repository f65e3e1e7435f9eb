/**
 * The Astro integration: validates the content before anything is built, so a bad
 * file fails the build with the same `path:line: field: message` lines as
 * `statusmark validate` (and exit code 1, without a stack trace), reports how many
 * drafts it left out, and what a pinned clock (`snapshot:`) hides.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headerRules, headersFile } from './lib/headers.ts';
import type { AstroIntegration } from 'astro';
import { nodeTooOld } from './lib/node-version.ts';
import { contentDir, forgetLoadedContent, loadContentParallel, shareLoadedContent } from './lib/load.ts';
import { formatReport } from './lib/problems.ts';
import { count } from './lib/plural.ts';
import { resolveNow } from './lib/clock.ts';
import { describeHidden, hiddenAt } from './lib/hidden.ts';

/** A path as the person who ran the build reads it. */
function relativePath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel.startsWith('..') ? abs : rel;
}

export function statusmark(): AstroIntegration {
  let base = '/';
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': async ({ logger, command, config }) => {
        base = config.base;
        const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies.node as string;
        const tooOld = nodeTooOld(process.version, pinned);
        if (tooOld) throw new Error(tooOld);
        if (command === 'preview') return;
        if (command === 'dev') forgetLoadedContent();
        const dir = contentDir(process.env, process.cwd());
        const started = performance.now();
        const result = await loadContentParallel(dir);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        // The pages are rendered in this process: they take this result instead of loading again.
        shareLoadedContent(dir, result);
        if (result.problems.length || !result.content) {
          // The same lines as `statusmark validate`, and no stack trace: the mistake is in a file, not in the code.
          console.error(`${formatReport(result.problems)}\nContent is not valid; nothing was built.`);
          process.exit(1);
        }
        const drafts = result.content.drafts;
        logger.info(`content valid: ${count(result.files, 'file')} read in ${seconds} s` + (drafts ? `; skipped ${count(drafts, 'draft')} on purpose` : ''));
        const clock = resolveNow(process.env, result.content.site, new Date());
        const zone = { timeZone: result.content.site.timeZone, locale: result.content.site.locale };
        const hidden = describeHidden(hiddenAt(result.content, clock.now), clock, zone, relativePath(join(dir, 'site.yaml')));
        if (hidden) logger.warn(hidden);
      },
      'astro:build:done': ({ dir }) => {
        const out = fileURLToPath(dir);
        // Netlify and Cloudflare Pages read dist/_headers; it is written with the site's base path.
        writeFileSync(join(out, '_headers'), headersFile(headerRules(base)));
      },
    },
  };
}
