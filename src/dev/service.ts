/**
 * Running the real `statusmark serve` as a process, for the tests and the bench: started
 * with PORT=0 and the given environment, its JSON log lines collected, its port read from
 * the `listening` line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { stretched } from './work.ts';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'src/cli/statusmark.ts');

export interface LogLine {
  time: string;
  level: string;
  event: string;
  [field: string]: unknown;
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Every log line so far, parsed. */
  lines: LogLine[];
  /** Everything written to stdout and stderr so far, as written. */
  output(): string;
  /** Resolves with the first log line (from the start) that `match` accepts. */
  waitFor(match: (line: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/** A secret good enough for tests (STATUSMARK_SERVE_SECRET wants 32 characters or more). */
export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789';

/** Starts `statusmark serve ARGS` in `cwd` with `env` over the test's environment (STATUSMARK_* and DATABASE_URL taken out). */
export async function startServiceProcess(args: string[], cwd: string, env: Record<string, string>): Promise<ServiceProcess> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('STATUSMARK_') && name !== 'DATABASE_URL'),
  );
  const child = spawn(process.execPath, [script, 'serve', ...args], {
    cwd,
    env: { ...base, STATUSMARK_SERVE_SECRET: TEST_SECRET, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let pending = '';
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  const offer = (line: LogLine) => {
    for (const w of waiters.splice(0)) {
      if (w.match(line)) w.resolve(line);
      else waiters.push(w);
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const part of parts) {
      try {
        const line = JSON.parse(part) as LogLine;
        lines.push(line);
        offer(line);
      } catch {
        // not a log line: kept in output()
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  const waitFor = (match: (line: LogLine) => boolean, ms = stretched(30_000)) =>
    new Promise<LogLine>((done, fail) => {
      const seen = lines.find(match);
      if (seen) return done(seen);
      const timer = setTimeout(() => fail(new Error(`no such log line within ${ms} ms; the output:\n${text}`)), ms);
      const resolveLine = (line: LogLine) => {
        clearTimeout(timer);
        done(line);
      };
      waiters.push({ match, resolve: resolveLine });
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`the service ended (${code}) before the log line; the output:\n${text}`));
      });
    });
  const listening = await waitFor((line) => line.event === 'listening');
  const port = listening.port as number;
  return { child, port, url: `http://127.0.0.1:${port}`, lines, output: () => text, waitFor, exited };
}
