/**
 * The Astro integration: validates the content before anything is built, so a bad
 * file fails the build with the same `path:line: field: message` lines as
 * `statusmark validate`, and reports how many drafts it left out.
 */
import type { AstroIntegration } from 'astro';
import { contentDir, loadContent } from './lib/load.ts';
import { formatReport } from './lib/problems.ts';

export function statusmark(): AstroIntegration {
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': ({ logger, command }) => {
        if (command === 'preview') return;
        const result = loadContent(contentDir(process.env, process.cwd()));
        if (result.problems.length) {
          throw new Error(`Content is not valid; nothing was built.\n${formatReport(result.problems)}`);
        }
        const drafts = result.content?.drafts ?? 0;
        logger.info(`content valid: ${result.files} files` + (drafts ? `; skipped ${drafts} draft${drafts === 1 ? '' : 's'} on purpose` : ''));
      },
    },
  };
}
