#!/usr/bin/env node
/**
 * The staff command line: `npx statusmark <command>` (or `npm run statusmark -- <command>`).
 * Every command reads and checks files with the same `src/lib` code as the build, and
 * writes only files a person could have written by hand. Each command is a module of
 * commands/ (its summary, its usage, its run); this file only finds it and reports how it ended.
 */
import { asksForHelp } from './arguments.ts';
import { COMMON_HELP, WORDS_HELP } from './authoring.ts';
import type { Command } from './command.ts';
import * as importCommand from './commands/import.ts';
import * as init from './commands/init.ts';
import * as installHook from './commands/install-hook.ts';
import * as list from './commands/list.ts';
import * as maintenance from './commands/maintenance.ts';
import * as migrate from './commands/migrate.ts';
import * as newIncident from './commands/new.ts';
import * as notice from './commands/notice.ts';
import * as notify from './commands/notify.ts';
import * as resolve from './commands/resolve.ts';
import * as serve from './commands/serve.ts';
import * as update from './commands/update.ts';
import * as validate from './commands/validate.ts';
import { CliError } from './errors.ts';

/** Every command by name, under its heading in `statusmark --help`, in the order the help lists them. */
const SECTIONS: [heading: string, commands: Record<string, Command>][] = [
  ['Incidents', { new: newIncident, update, resolve }],
  ['Maintenance and notices', { maintenance, notice }],
  ['Checks', { list, validate, 'install-hook': installHook }],
  ['Starting', { init, migrate }],
  ['Moving in', { import: importCommand }],
  ['Subscribers', { notify, serve }],
];

const COMMANDS = new Map(SECTIONS.flatMap(([, commands]) => Object.entries(commands)));

/** `statusmark --help`: each command's summary, from the table above, then the options and words they share. */
const USAGE = [
  'Usage: statusmark <command> [options]',
  '',
  ...SECTIONS.flatMap(([heading, commands]) => [
    heading,
    ...Object.entries(commands).flatMap(([name, { summary }]) => [
      ...summary.forms.map((form) => `  ${name.padEnd(10)} ${form}`),
      ...(summary.notes ?? []).map((note) => `${' '.repeat(13)}${note}`),
    ]),
  ]),
  '',
  COMMON_HELP,
  '',
  WORDS_HELP,
].join('\n');

/**
 * Runs `statusmark ARGV` and resolves to its exit code: 0 done, 1 refused or failed (the
 * reason on stderr), 2 a bad command line. `statusmark <command> --help` prints the
 * command's usage; an error that is not a CliError is a bug and is thrown on.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS.get(name);
  if (!command) {
    console.error(`statusmark: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`statusmark ${name}: ${error.message}`);
    return error.exitCode;
  }
}

// Run as a program (`node src/cli/statusmark.ts`); bin/statusmark.js imports it and calls main itself.
if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
