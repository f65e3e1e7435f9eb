/** Reading a command's arguments: every command reads its own through `readArguments`. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CliError } from './errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `argv` read by node:util's parseArgs against `options`, strictly: an unknown option, a
 * missing value, or (unless `positionals`) an argument that is not an option is a bad
 * command line, which `bad` turns into the command's own error (with its usage, its exit
 * code). The tokens come along for a command that reads options in order (init's --group).
 */
export function readArguments<O extends Options, P extends boolean>(
  argv: string[],
  options: O,
  positionals: P,
  bad: (message: string) => CliError,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: positionals, strict: true, tokens: true });
  } catch (error) {
    throw bad((error as Error).message);
  }
}

/** Whether the arguments ask for a command's help: `statusmark <command> --help` (or -h) prints its usage, whatever else is given. */
export function asksForHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
