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
import { CliError } from './errors.ts';

/** A command's module, loaded when it is run: a command starts without loading the others (a server, a mailer, an importer). */
type Load = () => Promise<Command>;

/** Every command by name, under its heading in `statusmark --help`, in the order the help lists them. */
const SECTIONS: [heading: string, commands: Record<string, Load>][] = [
  [
    'Incidents',
    {
      new: () => import('./commands/new.ts'),
      update: () => import('./commands/update.ts'),
      resolve: () => import('./commands/resolve.ts'),
    },
  ],
  ['Maintenance and notices', { maintenance: () => import('./commands/maintenance.ts'), notice: () => import('./commands/notice.ts') }],
  [
    'Checks',
    {
      list: () => import('./commands/list.ts'),
      validate: () => import('./commands/validate.ts'),
      'install-hook': () => import('./commands/install-hook.ts'),
    },
  ],
  ['Starting', { init: () => import('./commands/init.ts'), migrate: () => import('./commands/migrate.ts') }],
  ['Moving in', { import: () => import('./commands/import.ts') }],
  [
    'Subscribers',
    {
      notify: () => import('./commands/notify.ts'),
      serve: () => import('./commands/serve.ts'),
      subscribers: () => import('./commands/subscribers.ts'),
    },
  ],
];

const COMMANDS = new Map(SECTIONS.flatMap(([, commands]) => Object.entries(commands)));

/** `statusmark --help`: each command's summary, from the table above, then the options and words they share. */
async function usage(): Promise<string> {
  const sections = await Promise.all(
    SECTIONS.map(async ([heading, commands]) => [
      heading,
      ...(await Promise.all(Object.entries(commands).map(async ([name, load]) => ({ name, summary: (await load()).summary })))).flatMap(
        ({ name, summary }) => [
          ...summary.forms.map((form) => `  ${name.padEnd(10)} ${form}`),
          ...(summary.notes ?? []).map((note) => `${' '.repeat(13)}${note}`),
        ],
      ),
    ]),
  );
  return ['Usage: statusmark <command> [options]', '', ...sections.flat(), '', COMMON_HELP, '', WORDS_HELP].join('\n');
}

/**
 * Runs `statusmark ARGV` and resolves to its exit code: 0 done, 1 refused or failed (the
 * reason on stderr), 2 a bad command line. `statusmark <command> --help` prints the
 * command's usage; an error that is not a CliError is a bug and is thrown on.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const load = COMMANDS.get(name);
  if (!load) {
    console.error(`statusmark: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  const command = await load();
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
