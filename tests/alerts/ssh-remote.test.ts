/**
 * The intake pushing over ssh with a deploy key: Debian's sshd started by the test on
 * 127.0.0.1, on its own port, with its own host key, configuration and authorized_keys in a
 * temporary folder; the deploy key made by ssh-keygen. The remote's host key comes from
 * STATUSMARK_ALERTS_KNOWN_HOSTS and is the only one trusted: with another key in its place
 * the push is refused, and without the variable an ssh remote does not start.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAlertsSettings } from '../../src/serve/alerts/index.ts';
import { freePort } from '../../src/dev/ports.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { branches, generic, git, intakeApp, seededRemote, TOKEN } from './helpers.ts';

const SSHD = '/usr/sbin/sshd';
const temp = tempFolders('alerts-ssh');
let sshd: ChildProcess | undefined;

afterAll(async () => {
  if (sshd && sshd.exitCode === null) {
    const ended = new Promise((resolve) => sshd?.once('exit', resolve));
    sshd.kill('SIGTERM');
    await ended;
  }
});

function keygen(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** sshd on 127.0.0.1:port taking `authorized` for root, its host key's public line returned once it listens. */
async function startSshd(dir: string, authorized: string): Promise<{ port: number; hostKey: string }> {
  const port = await freePort();
  const hostKey = keygen(join(dir, 'host_key'));
  writeFileSync(join(dir, 'authorized_keys'), `${authorized}\n`, { mode: 0o600 });
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      'PidFile none',
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  // sshd's privilege separation folder (Debian makes it at boot, from its service unit).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd = child;
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/Server listening on 127\.0\.0\.1/.test(log)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sshd ended (${code}):\n${log}`)));
  });
  return { port, hostKey };
}

describe('an ssh remote', () => {
  it('is a configuration error without STATUSMARK_ALERTS_KNOWN_HOSTS', () => {
    for (const remote of ['git@github.com:nimbus/status.git', 'ssh://git@example.com:2222/status.git']) {
      const r = readAlertsSettings({ STATUSMARK_ALERTS_REMOTE: remote, STATUSMARK_ALERTS_TOKEN: TOKEN }, '/srv');
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatch(/^STATUSMARK_ALERTS_KNOWN_HOSTS: not set/);
    }
    // An https remote or a path needs none.
    for (const remote of ['https://github.com/nimbus/status.git', '/srv/page.git', './page.git'])
      expect(readAlertsSettings({ STATUSMARK_ALERTS_REMOTE: remote, STATUSMARK_ALERTS_TOKEN: TOKEN }, '/srv').problems).toEqual([]);
  });

  it('takes the draft pushed with the deploy key, trusting only the host key given', { timeout: stretched(180_000) }, async () => {
    const dir = temp();
    const bare = seededRemote(dir, 'page.git');
    const deployKey = join(dir, 'deploy_key');
    const { port, hostKey } = await startSshd(dir, keygen(deployKey));
    const remote = `ssh://root@127.0.0.1:${port}${bare}`;
    const knownHosts = `[127.0.0.1]:${port} ${hostKey}`;
    const post = (app: ReturnType<typeof intakeApp>['app']) =>
      app.request('/alerts/generic', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: generic('signup attack', 'firing', [{ labels: { alertname: 'SignupFlood' } }]),
      });
    const env = (hosts: string, workdir: string) => ({
      STATUSMARK_ALERTS_REMOTE: remote,
      STATUSMARK_ALERTS_TOKEN: TOKEN,
      STATUSMARK_ALERTS_SSH_KEY: readFileSync(deployKey, 'utf8'),
      STATUSMARK_ALERTS_KNOWN_HOSTS: hosts,
      STATUSMARK_ALERTS_WORKDIR: join(dir, workdir),
    });

    // Another host key in its place: ssh refuses the host, nothing is pushed.
    const impostor = keygen(join(dir, 'other_host_key'));
    const wrong = intakeApp(env(`[127.0.0.1]:${port} ${impostor}`, 'wrong'), dir);
    const refused = await post(wrong.app);
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Host key verification failed/);
    expect(branches(bare)).toEqual(['main']);

    const right = intakeApp(env(knownHosts, 'right'), dir);
    const reply = await post(right.app);
    const body = (await reply.json()) as { result: string; branch: string; file: string };
    expect(reply.status, JSON.stringify(body)).toBe(200);
    expect(body.result).toBe('created');
    expect(branches(bare)).toEqual([body.branch, 'main'].sort());
    expect(git(bare, 'show', `${body.branch}:${body.file}`)).toContain('registration: partial_outage');
  });
});
