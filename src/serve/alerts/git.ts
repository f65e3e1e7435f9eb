/**
 * The intake's git side, through the `git` command every host has: a clone of the page's
 * repository in the service's own folder, fetched before each notification, one commit
 * made and pushed to `alert/<group>` without force. It never pushes to another branch, and
 * never rewrites what is on the remote: a push the remote refuses (someone pushed meanwhile)
 * is fetched and done again on top, or given up with the reason.
 *
 * Credentials come from the environment and reach git through its environment, never its
 * arguments: a token as an HTTP Authorization header, a deploy key as the ssh identity.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GitSettings {
  /** The page's repository: any URL or path git can push to. */
  remote: string;
  /** The default branch drafts start from; absent: the remote's HEAD. */
  base?: string;
  /** The local clone the intake works in. */
  workdir: string;
  /** An HTTPS token (GitHub, GitLab, Gitea…). */
  token?: string;
  /** A deploy key (the private key's text), for ssh remotes. */
  sshKey?: string;
  /** The ssh remote's host key line(s), known_hosts format: ssh checks the host against them only. */
  knownHosts?: string;
  author: { name: string; email: string };
  /** How long one git command may run before it is killed (default GIT_TIMEOUT_MS); lowered by tests. */
  timeoutMs?: number;
}

/** How long one git command may take: a fetch or push of a page's repository takes seconds; a remote that stalls is given up on. */
export const GIT_TIMEOUT_MS = 60_000;

export class GitError extends Error {}

/** git's last words (ssh's reason comes before git's own advice). */
function lastLines(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-4)
    .join(' ');
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Whether git reaches `remote` over ssh: `ssh://…`, `git+ssh://…`, or the short `[user@]host:path` form. */
export function isSshRemote(remote: string): boolean {
  if (/^(?:ssh|git\+ssh|ssh\+git):\/\//i.test(remote)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return false;
  // git's rule for the short form: a colon before any slash (and not a Windows drive letter).
  const colon = remote.indexOf(':');
  const slash = remote.indexOf('/');
  return colon > 1 && (slash < 0 || colon < slash);
}

/** A git command that did not end in time (the remote stalled) and was killed. */
export class GitTimeout extends GitError {}

/** The trailer each intake commit carries: commits without it on an alert branch are a person's. */
export const TRAILER = 'Statusmark-Alert-Group';

export class Repo {
  readonly #s: GitSettings;
  readonly #env: NodeJS.ProcessEnv;
  #base: string | undefined;

  constructor(settings: GitSettings) {
    this.#s = settings;
    this.#base = settings.base;
    const config: [string, string][] = [];
    if (settings.token)
      config.push(['http.extraHeader', `Authorization: Basic ${Buffer.from(`x-access-token:${settings.token}`).toString('base64')}`]);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: settings.workdir,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: settings.author.name,
      GIT_AUTHOR_EMAIL: settings.author.email,
      GIT_COMMITTER_NAME: settings.author.name,
      GIT_COMMITTER_EMAIL: settings.author.email,
      GIT_CONFIG_COUNT: String(config.length),
      ...Object.fromEntries(
        config.flatMap(([k, v], i) => [
          [`GIT_CONFIG_KEY_${i}`, k],
          [`GIT_CONFIG_VALUE_${i}`, v],
        ]),
      ),
    };
    if (settings.sshKey || settings.knownHosts) {
      mkdirSync(settings.workdir, { recursive: true });
      const options = ['-o BatchMode=yes'];
      if (settings.sshKey) {
        const keyFile = join(settings.workdir, '.deploy-key');
        writeFileSync(keyFile, withNewline(settings.sshKey), { mode: 0o600 });
        options.unshift(`-i '${keyFile}'`, '-o IdentitiesOnly=yes');
      }
      if (settings.knownHosts) {
        const hostsFile = join(settings.workdir, '.known-hosts');
        writeFileSync(hostsFile, withNewline(settings.knownHosts), { mode: 0o600 });
        // Only the host keys given are trusted: no other known_hosts file, no key taken on first use.
        options.push(`-o UserKnownHostsFile='${hostsFile}'`, '-o GlobalKnownHostsFile=/dev/null', '-o StrictHostKeyChecking=yes');
      }
      env.GIT_SSH_COMMAND = `ssh ${options.join(' ')}`;
    }
    this.#env = env;
  }

  get dir(): string {
    return join(this.#s.workdir, 'repo');
  }

  /**
   * Runs git in the clone; rejects with git's own message. A command still running after the
   * timeout is killed with its whole process group (git's remote helpers and ssh included, which
   * would otherwise hold its output open) and rejects with GitTimeout.
   */
  git(args: string[], { allowFail = false } = {}): Promise<{ code: number; out: string; err: string }> {
    const limit = this.#s.timeoutMs ?? GIT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.dir, env: this.#env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
      }, limit);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new GitError(`git ${args[0]}: ${error.message}`));
      });
      child.once('close', (exit) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(new GitTimeout(`git ${args[0]}: no answer from the remote within ${Math.round(limit / 1000)} s; gave up`));
          return;
        }
        const code = exit ?? 1;
        const stderr = Buffer.concat(err).toString('utf8');
        if (code && !allowFail) reject(new GitError(`git ${args[0]}: ${lastLines(stderr)}`));
        else resolve({ code, out: Buffer.concat(out).toString('utf8'), err: stderr });
      });
    });
  }

  /** Makes the clone the first time (an empty repository with the remote), and points it at the configured remote. */
  async open(): Promise<void> {
    if (existsSync(join(this.dir, '.git'))) {
      // The remote as configured now: STATUSMARK_ALERTS_REMOTE may have changed since the clone was made.
      await this.git(['remote', 'set-url', 'origin', this.#s.remote]);
      return;
    }
    mkdirSync(this.dir, { recursive: true });
    await this.git(['init', '-q']);
    await this.git(['remote', 'add', 'origin', this.#s.remote]);
  }

  /** The default branch: as configured, else the remote's HEAD. */
  async base(): Promise<string> {
    if (this.#base) return this.#base;
    const { out } = await this.git(['ls-remote', '--symref', 'origin', 'HEAD']);
    const m = /^ref: refs\/heads\/(\S+)\tHEAD/m.exec(out);
    if (!m) throw new GitError('the remote names no default branch (HEAD); set STATUSMARK_ALERTS_BRANCH');
    this.#base = m[1] as string;
    return this.#base;
  }

  /** Fetches the default branch and the group's branch; the commit to continue from, and whether the group's branch exists. */
  async fetch(branch: string): Promise<{ tip: string; exists: boolean; base: string }> {
    const base = await this.base();
    if (branch === base || !branch.startsWith('alert/'))
      throw new GitError(`refusing to write to ${branch}: the intake writes only alert/ branches`);
    // One fetch (the slow part of a notification): the default branch and every alert branch,
    // pruning those deleted on the remote (merged, or a person deleted it).
    await this.git([
      'fetch',
      '-q',
      '--no-tags',
      '--prune',
      'origin',
      `+refs/heads/${base}:refs/remotes/origin/${base}`,
      '+refs/heads/alert/*:refs/remotes/origin/alert/*',
    ]);
    const own = await this.git(['rev-parse', '--verify', '-q', `refs/remotes/origin/${branch}^{commit}`], { allowFail: true });
    if (own.code) {
      // No such branch on the remote (yet, or any more): start from the default branch.
      const tip = (await this.git(['rev-parse', `refs/remotes/origin/${base}`])).out.trim();
      return { tip, exists: false, base };
    }
    return { tip: own.out.trim(), exists: true, base };
  }

  /** The commits on the group's branch since the default branch that the intake did not make: a person's. */
  async othersCommits(branch: string, base: string, id: string): Promise<string[]> {
    const { out } = await this.git([
      'log',
      `--format=%H%x00%an%x00%(trailers:key=${TRAILER},valueonly)%x01`,
      `refs/remotes/origin/${base}..refs/remotes/origin/${branch}`,
    ]);
    return out
      .split('\x01')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .filter((entry) => (entry.split('\x00')[2] ?? '').trim() !== id)
      .map((entry) => `${(entry.split('\x00')[0] ?? '').slice(0, 12)} by ${entry.split('\x00')[1]}`);
  }

  /** Puts the work tree at `tip`, dropping anything a failed attempt left. */
  async checkout(tip: string): Promise<void> {
    await this.git(['checkout', '-q', '-f', '-B', 'intake', tip]);
    await this.git(['clean', '-q', '-f', '-d']);
  }

  /** Files (paths from the repository's root) below `folder` holding `text`. */
  async grep(text: string, folder: string): Promise<string[]> {
    const { code, out } = await this.git(['grep', '-l', '-F', '-e', text, '--', folder], { allowFail: true });
    return code ? [] : out.split('\n').filter(Boolean);
  }

  /** Commits `path` with `subject`, the group's trailer and `body`; returns the commit. */
  async commit(path: string, subject: string, body: string, id: string): Promise<string> {
    await this.git(['add', '--', path]);
    await this.git(['commit', '-q', '--no-verify', '-m', subject, '-m', `${body}\n\n${TRAILER}: ${id}`]);
    return (await this.git(['rev-parse', 'HEAD'])).out.trim();
  }

  /** Pushes HEAD to `branch` without force: false when the remote refused because it moved on. */
  async push(branch: string): Promise<boolean> {
    if (!branch.startsWith('alert/')) throw new GitError(`refusing to push to ${branch}`);
    const { code, err } = await this.git(['push', '-q', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`], { allowFail: true });
    if (!code) return true;
    if (/rejected|non-fast-forward|fetch first|stale info/i.test(err)) return false;
    throw new GitError(`git push: ${lastLines(err)}`);
  }
}
