/** The service as a process: it starts on a free port, answers /healthz, logs JSON lines, and stops on SIGTERM with exit code 0. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServiceProcess, startServiceProcess } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

const root = resolve(import.meta.dirname, '../..');
const content = resolve(root, 'content');
const folder = tempFolders('serve-process');
const started: ServiceProcess[] = [];

afterEach(() => {
  for (const s of started.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
});

describe('statusmark serve as a process', () => {
  it(
    'starts, answers /healthz, and on SIGTERM stops accepting and exits 0',
    async () => {
      const s = await startServiceProcess(['--content', content], folder(), {});
      started.push(s);
      const health = await fetch(`${s.url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(await health.json()).toMatchObject({ status: 'ok' });
      expect((await fetch(`${s.url}/nothing-here`)).status).toBe(404);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      // Every line of stdout is one JSON object, and the stop is logged after the start.
      const out = s.output().trim().split('\n');
      for (const line of out) expect(() => JSON.parse(line)).not.toThrow();
      expect(s.lines.map((l) => l.event)).toEqual(['listening', 'request', 'request', 'stopping', 'stopped']);
      expect(s.lines[1]).toMatchObject({ method: 'GET', path: '/healthz', status: 200 });
      await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    },
    stretched(90_000),
  );

  it(
    'refuses to start without a secret, naming the variable, exit code 1',
    () => {
      const r = spawnSync(process.execPath, [resolve(root, 'src/cli/statusmark.ts'), 'serve', '--content', content], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', STATUSMARK_SERVE_SECRET: 'short', SMTP_URL: 'http://relay', PORT: 'x' },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('STATUSMARK_SERVE_SECRET: only 5 characters');
      expect(r.stderr).toContain('SMTP_URL: must be smtp://');
      expect(r.stderr).toContain('STATUSMARK_MAIL_FROM: not set');
      expect(r.stderr).toContain('PORT: "x" is not a port number');
      expect(r.stdout).toBe('');
    },
    stretched(60_000),
  );

  it(
    'refuses a content folder that is not valid, with the problem report',
    () => {
      const empty = folder();
      const r = spawnSync(process.execPath, [resolve(root, 'src/cli/statusmark.ts'), 'serve', '--content', empty], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', STATUSMARK_SERVE_SECRET: 'x'.repeat(40) },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('statusmark serve: the content folder is not valid');
      expect(r.stderr).toContain('site.yaml');
    },
    stretched(60_000),
  );

  it(
    'prints its help, naming the environment it reads secrets from',
    () => {
      const r = spawnSync(process.execPath, [resolve(root, 'src/cli/statusmark.ts'), 'serve', '--help'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      for (const name of ['STATUSMARK_SERVE_SECRET', 'DATABASE_URL', 'SMTP_URL', 'SIGTERM', '/healthz']) expect(r.stdout).toContain(name);
    },
    stretched(60_000),
  );
});
