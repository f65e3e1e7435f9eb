/**
 * A throw-away PostgreSQL for tests and the bench: Debian's server binaries (the newest
 * version under /usr/lib/postgresql), a cluster made by initdb in a folder the caller gives
 * (a temporary one), listening on 127.0.0.1 on a free port and on a socket in that folder.
 * initdb and postgres refuse to run as root: as root, both run as `nobody` through setpriv
 * (which execs them, so signals reach postgres itself).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { freePort } from './ports.ts';
import { join } from 'node:path';
import pg from 'pg';
import { stretched } from './work.ts';

const ROOT = '/usr/lib/postgresql';

/** The bin folder of the newest PostgreSQL installed, or undefined when there is none. */
export function postgresBin(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(ROOT, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(ROOT, versions[0], 'bin') : undefined;
}

export interface Postgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** A new empty database in the cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  /** Freezes the server and every backend it forked (SIGSTOP): it stops answering, connections stay open. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** Stops the server (fast shutdown) and waits for it to end. */
  stop(): Promise<void>;
}

const NOBODY = { uid: 65534, gid: 65534 };

/** Runs a PostgreSQL binary, as `nobody` when this process is root. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', bin, ...args]] : [bin, args];
}

/** Sends `signal` to the postmaster `pid` and to each process it started (its backends and workers), found through /proc. */
function signalCluster(pid: number, signal: NodeJS.Signals): void {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  if (signal === 'SIGSTOP') process.kill(pid, signal);
  for (const c of children) process.kill(c, signal);
  if (signal === 'SIGCONT') process.kill(pid, signal);
}

/** Starts a cluster in `folder` (which it fills; remove it afterwards). Throws naming the package when PostgreSQL is not installed. */
export async function startPostgres(folder: string): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error(`PostgreSQL is not installed (no ${ROOT}/<version>/bin/initdb): apt-get install postgresql`);
  const data = join(folder, 'data');
  const sockets = join(folder, 'sockets');
  mkdirSync(sockets, { recursive: true });
  if (process.getuid?.() === 0) {
    // nobody must reach the folder through its parents (mkdtemp makes them 0700) and own what it writes.
    chmodSync(folder, 0o755);
    chownSync(folder, NOBODY.uid, NOBODY.gid);
    chownSync(sockets, NOBODY.uid, NOBODY.gid);
  }
  const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe', cwd: folder });
  const port = await freePort();
  const [postgres, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    sockets,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=50',
  ]);
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: folder });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + stretched(60_000);
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`PostgreSQL did not start (${(error as Error).message}); its log:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createDatabase: "${name}" is not a plain database name`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    pause: () => signalCluster(child.pid!, 'SIGSTOP'),
    resume: () => signalCluster(child.pid!, 'SIGCONT'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // setpriv execs postgres itself: SIGINT is its fast shutdown.
        child.kill('SIGINT');
        await exited;
      }
    },
  };
}
