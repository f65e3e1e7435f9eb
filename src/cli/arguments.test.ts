import { describe, expect, it } from 'vitest';
import { asksForHelp, readArguments } from './arguments.ts';
import { CliError } from './errors.ts';

const options = { name: { type: 'string' }, service: { type: 'string', multiple: true }, yes: { type: 'boolean' } } as const;
const bad = (message: string) => new CliError(`bad: ${message}`, 2);

/** The CliError a call throws. */
function thrown(call: () => unknown): CliError {
  try {
    call();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('readArguments', () => {
  it('reads options, repeated options and positionals, with the tokens in the order given', () => {
    const r = readArguments(['DIR', '--name', 'Acme', '--service', 'a=A', '--yes', '--service=b=B'], options, true, bad);
    expect(r.values).toEqual({ name: 'Acme', service: ['a=A', 'b=B'], yes: true });
    expect(r.positionals).toEqual(['DIR']);
    expect(r.tokens.filter((t) => t.kind === 'option').map((t) => [t.name, t.value])).toEqual([
      ['name', 'Acme'],
      ['service', 'a=A'],
      ['yes', undefined],
      ['service', 'b=B'],
    ]);
  });

  it("turns an unknown option, a missing value or an unwanted positional into the command's own error", () => {
    const unknown = thrown(() => readArguments(['--colour'], options, true, bad));
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toMatch(/^bad: Unknown option '--colour'/);
    expect(thrown(() => readArguments(['--name'], options, true, bad)).message).toMatch(/^bad: Option '--name <value>' argument missing/);
    expect(thrown(() => readArguments(['extra'], options, false, bad)).message).toMatch(/^bad: Unexpected argument 'extra'/);
    expect(readArguments(['extra'], options, true, bad).positionals).toEqual(['extra']);
  });
});

describe('asksForHelp', () => {
  it('is --help or -h anywhere, and not a value that only contains it', () => {
    expect(asksForHelp(['--name', 'x', '--help'])).toBe(true);
    expect(asksForHelp(['-h'])).toBe(true);
    expect(asksForHelp(['--name=--help', '--helpful'])).toBe(false);
    expect(asksForHelp([])).toBe(false);
  });
});
