/**
 * The Astro integration: validates the content before anything is built, so a bad
 * file fails the build with the same `path:line: field: message` lines as
 * `statusmark validate`, and reports how many drafts it left out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { headerRules, headersFile } from './lib/headers.ts';
import type { AstroIntegration } from 'astro';
import { nodeTooOld } from './lib/node-version.ts';
import { contentDir, loadContent } from './lib/load.ts';
import { formatReport } from './lib/problems.ts';
import { count } from './lib/plural.ts';

export function statusmark(): AstroIntegration {
  let base = '/';
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': ({ logger, command, config }) => {
        base = config.base;
        const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies.node as string;
        const tooOld = nodeTooOld(process.version, pinned);
        if (tooOld) throw new Error(tooOld);
        if (command === 'preview') return;
        const result = loadContent(contentDir(process.env, process.cwd()));
        if (result.problems.length) {
          throw new Error(`Content is not valid; nothing was built.\n${formatReport(result.problems)}`);
        }
        const drafts = result.content?.drafts ?? 0;
        logger.info(`content valid: ${count(result.files, 'file')}` + (drafts ? `; skipped ${count(drafts, 'draft')} on purpose` : ''));
      },
      // Netlify and Cloudflare Pages read dist/_headers; it is written with the site's base path.
      'astro:build:done': ({ dir }) => {
        writeFileSync(fileURLToPath(new URL('_headers', dir)), headersFile(headerRules(base)));
      },
    },
  };
}
