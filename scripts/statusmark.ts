#!/usr/bin/env node
/**
 * The staff command line. Run as `npx statusmark <command>` or `npm run statusmark -- <command>`.
 * It loads content through the same `src/lib` code as the build.
 */
import { parseArgs } from 'node:util';
import { contentDir, loadContent } from '../src/lib/load.ts';
import { formatReport } from '../src/lib/problems.ts';
import { count } from '../src/lib/plural.ts';

const USAGE = `Usage: statusmark <command> [options]

Commands:
  validate            check every content file; prints path:line: field: message for each problem

Options:
  --content DIR       the content folder (default: $STATUSMARK_CONTENT, else ./content)
  -h, --help          show this help`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'validate':
      return validateCommand(rest);
    default:
      console.error(`statusmark: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

function validateCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { content: { type: 'string' } }, strict: true });
  const dir = values.content ?? contentDir(process.env, process.cwd());
  const result = loadContent(dir);
  if (result.problems.length) {
    console.error(formatReport(result.problems));
    return 1;
  }
  const c = result.content!;
  console.log(
    `${count(result.files, 'file')} valid: ${count(c.services.length, 'service')}, ${count(c.incidents.length, 'incident')}, ` +
      `${count(c.maintenance.length, 'maintenance window')}, ${count(c.notices.length, 'notice')}` +
      (c.drafts ? `; ${count(c.drafts, 'draft')} left out on purpose` : ''),
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`statusmark: ${(error as Error).message}`);
  process.exitCode = 2;
}
