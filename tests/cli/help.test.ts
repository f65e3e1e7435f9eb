/**
 * The help of the command line: `statusmark --help` lists every command module of
 * src/cli/commands/, and `statusmark <command> --help` (or -h) prints that command's own
 * usage, the same way for each. Most calls run `main` in this process (a spawned Node per
 * call is slow on a busy machine); two spawned runs check that the program and
 * bin/statusmark.js print the same.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/statusmark.ts';
import { node, root, type Run, statusmark } from './helpers.ts';

/** The commands, by their module files (the oracle the help is checked against). */
const modules = readdirSync(join(root, 'src/cli/commands'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

/** `statusmark ARGV` through `main`, with what it prints on stdout and stderr. */
async function inProcess(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
  try {
    return { code: await main(argv), out: out.join('\n').trim(), err: err.join('\n').trim() };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('statusmark --help', () => {
  it('lists each command module once by name, before the common options; the program prints the same', async () => {
    const r = await inProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const list = r.out.slice(0, r.out.indexOf('\nCommon options\n'));
    const names = list
      .split('\n')
      .map((line) => /^ {2}([a-z][a-z-]*) +\S/.exec(line)?.[1])
      .filter((name) => name !== undefined);
    expect([...new Set(names)].sort()).toEqual(modules);
    expect(modules).toHaveLength(13);
    expect(statusmark(['--help'], root)).toEqual(r);
  });

  it('without a command, or with an unknown one, exits 2 with the same list', async () => {
    const help = (await inProcess(['--help'])).out;
    expect(await inProcess([])).toEqual({ code: 2, out: help, err: '' });
    expect(await inProcess(['frobnicate'])).toEqual({ code: 2, out: '', err: `statusmark: unknown command "frobnicate"\n\n${help}` });
  });
});

describe('statusmark <command> --help', () => {
  it("prints the command's own usage on stdout and exits 0, for -h as for --help, whatever else is given", async () => {
    const general = (await inProcess(['--help'])).out;
    for (const name of modules) {
      const r = await inProcess([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.err, name).toBe('');
      expect(r.out, name).toMatch(new RegExp(`^Usage: statusmark ${name}( |\\n|$)`));
      expect(r.out, name).not.toBe(general);
      expect(await inProcess([name, '-h']), name).toEqual(r);
      expect(await inProcess([name, '--no-such-option', 'x', '--help']), name).toEqual(r);
    }
  });

  it('is the same through bin/statusmark.js, the installed command', async () => {
    const bin = spawnSync(node, [join(root, 'bin/statusmark.js'), 'new', '--help'], { cwd: root, encoding: 'utf8' });
    expect({ code: bin.status, out: bin.stdout.trim(), err: bin.stderr.trim() }).toEqual(await inProcess(['new', '--help']));
  });
});
