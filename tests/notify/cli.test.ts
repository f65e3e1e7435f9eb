/**
 * `statusmark notify` run as the deploy workflow runs it, against the demo content: the
 * record before and after a deploy as files, a webhook receiver on 127.0.0.1, a state file.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { buildRecord } from '../../src/lib/notify/record.ts';
import { asOf } from '../../src/lib/status/status.ts';
import { closedPort, endpoint, startHttp, type HttpReceivers } from './receivers.ts';
import { statuspageWebhook } from './schemas.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(60_000);

const root = resolve(import.meta.dirname, '../..');
let tmp: string;
let http: HttpReceivers;
let down: number;
const hook = endpoint(statuspageWebhook);

function notify(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'src/cli/statusmark.ts'), 'notify', '--content', join(tmp, 'content'), ...args],
      { cwd: tmp, env: { ...process.env, HOOK_URL: http.url('/hook'), ...env }, encoding: 'utf8' },
      (error, out, err) => done({ code: error ? Number(error.code) : 0, out: out.trim(), err: err.trim() }),
    );
  });
}

const config = (extra = '') => `channels:
  - name: hook
    type: webhook
    url_env: HOOK_URL
${extra}`;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'statusmark-notify-'));
  http = await startHttp(new Map([['/hook', hook]]));
  down = await closedPort();
  cpSync(join(root, 'content'), join(tmp, 'content'), { recursive: true });
  writeFileSync(join(tmp, 'content/notify.yaml'), config());
  const loaded = loadContent(join(tmp, 'content'), tmp).content!;
  const page = { id: 'p', status: { indicator: 'major', description: 'Partial System Outage' } };
  const at = (iso: string) => new Date(iso);
  const record = (t: Date) => `${JSON.stringify(buildRecord(asOf(loaded, t), t, page))}\n`;
  writeFileSync(join(tmp, 'before.json'), record(at('2025-01-27T10:00:00+08:00')));
  writeFileSync(join(tmp, 'after.json'), record(at('2025-01-27T18:30:00+08:00')));
});

afterAll(async () => {
  await http?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const files = ['--before', 'before.json', '--after', 'after.json'];
// Posted between 10:00 and 18:30 on 27 January (content/incidents, notices, maintenance).
const NEW = [
  'incident/2025-01-26-registrations-restricted-after-attack/20250127T022000Z',
  'notice/registration-mainland-numbers',
  'incident/2025-01-26-registrations-restricted-after-attack/20250127T084500Z',
  'maintenance/security-patching-window/20250127T093000Z',
];

describe('statusmark notify', () => {
  it('--dry-run lists what would go out, oldest first, and sends and writes nothing', async () => {
    const r = await notify([...files, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      // In the site's default language, Chinese, as the demo's titles give it.
      'hook (webhook): would send 4 announcements',
      '  2025-01-27T02:20:00.000Z  incident/2025-01-26-registrations-restricted-after-attack/20250127T022000Z  遭受大规模恶意攻击，新用户注册暂时受限',
      '  2025-01-27T02:20:00.000Z  notice/registration-mainland-numbers  新用户注册暂时仅支持中国大陆手机号',
      '  2025-01-27T08:45:00.000Z  incident/2025-01-26-registrations-restricted-after-attack/20250127T084500Z  遭受大规模恶意攻击，新用户注册暂时受限',
      '  2025-01-27T09:30:00.000Z  maintenance/security-patching-window/20250127T093000Z  聊天与 API 服务器安全补丁更新',
    ]);
    expect(hook.requests).toBe(0);
    expect(existsSync(join(tmp, '.statusmark/notify-state.json'))).toBe(false);
  });

  it('sends them in order, keeps the state, and a re-run sends nothing', async () => {
    const first = await notify(files);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toMatch(/channel +type +sent +pending +unknown +result\nhook +webhook +4 +0 +0 +ok$/);
    expect(hook.accepted.map((r) => String(r.headers['x-statusmark-delivery']).split('@')[0])).toEqual(NEW);
    const state = JSON.parse(readFileSync(join(tmp, '.statusmark/notify-state.json'), 'utf8')) as {
      channels: { hook: { sent: Record<string, string>; pending: object } };
    };
    expect(Object.keys(state.channels.hook.sent)).toEqual(NEW);
    expect(state.channels.hook.pending).toEqual({});
    const again = await notify(files);
    expect(again.code).toBe(0);
    expect(hook.accepted).toHaveLength(4);
  });

  it('--save-before keeps the live record, or null when there is none, for --before after the deploy', async () => {
    const none = await notify([
      '--after',
      'after.json',
      '--before-url',
      http.url('/api/notify-record.json'),
      '--save-before',
      'saved/before.json',
    ]);
    expect(none).toMatchObject({ code: 0, out: 'statusmark notify: saved null (the site has no record yet) to saved/before.json' });
    expect(readFileSync(join(tmp, 'saved/before.json'), 'utf8')).toBe('null\n');
    const r = await notify(['--before', 'saved/before.json', '--after', 'after.json', '--state', 'saved/state.json']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hook +webhook +0 +0 +0 +ok$/);
    rmSync(join(tmp, 'saved'), { recursive: true });
  });

  it('announces nothing when the live site has no record yet (404)', async () => {
    const r = await notify(['--after', 'after.json', '--before-url', http.url('/api/notify-record.json'), '--state', 'fresh-state.json']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('the site had no published record yet; nothing published before now is announced');
    expect(r.out).toMatch(/hook +webhook +0 +0 +0 +ok$/);
    expect(hook.accepted).toHaveLength(4);
    rmSync(join(tmp, 'fresh-state.json'));
  });

  it('exits 1 naming what was not delivered when a receiver is down or a variable is unset', { timeout: TIME_LIMIT }, async () => {
    writeFileSync(
      join(tmp, 'content/notify.yaml'),
      config(
        `  - { name: down, type: discord, url_env: DOWN_URL, timeout: 1 }\n  - { name: unset, type: slack, url_env: NOT_SET_ANYWHERE }\n`,
      ),
    );
    try {
      const r = await notify([...files, '--state', 'down-state.json', '--retries', '2', '--backoff', '5'], {
        DOWN_URL: `http://127.0.0.1:${down}/x`,
      });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        new RegExp(
          `down +discord +0 +4 +0 +incident/2025-01-26-registrations-restricted-after-attack/20250127T022000Z: 127\\.0\\.0\\.1:${down}: ECONNREFUSED`,
        ),
      );
      expect(r.out).toMatch(
        /unset +slack +0 +4 +0 +incident\/2025-01-26-registrations-restricted-after-attack\/20250127T022000Z: environment variable NOT_SET_ANYWHERE is not set/,
      );
      expect(r.err).toBe(
        'statusmark notify: 8 announcements not delivered; they stay pending in ' +
          join(tmp, 'down-state.json') +
          ' and go out on the next run',
      );
      const state = JSON.parse(readFileSync(join(tmp, 'down-state.json'), 'utf8')) as {
        channels: Record<string, { pending: Record<string, string> }>;
      };
      expect(Object.keys(state.channels['down']!.pending)).toEqual(NEW);
    } finally {
      writeFileSync(join(tmp, 'content/notify.yaml'), config());
    }
  });

  it('refuses a notify.yaml with a secret in it, here and in validate, naming the line', async () => {
    writeFileSync(
      join(tmp, 'content/notify.yaml'),
      `${config()}  - name: chat\n    type: slack\n    url_env: https://hooks.slack.com/services/T1/B1/abcdef\n`,
    );
    try {
      const r = await notify(files);
      expect(r.code).toBe(1);
      expect(r.err).toContain('content/notify.yaml:7: channels.1.url_env: looks like a secret');
      const v = await new Promise<{ code: number; err: string }>((done) =>
        execFile(
          process.execPath,
          [join(root, 'src/cli/statusmark.ts'), 'validate', '--content', join(tmp, 'content')],
          { cwd: tmp, encoding: 'utf8' },
          (error, _out, err) => done({ code: error ? Number(error.code) : 0, err }),
        ),
      );
      expect(v.code).toBe(1);
      expect(v.err).toContain('content/notify.yaml:7: channels.1.url_env: looks like a secret');
    } finally {
      writeFileSync(join(tmp, 'content/notify.yaml'), config());
    }
  });

  it('says which file is missing', async () => {
    const r = await notify(['--before', 'before.json', '--after', 'nowhere.json']);
    expect(r).toMatchObject({
      code: 1,
      err: `statusmark notify: ${join(tmp, 'nowhere.json')}: missing (the new build's record; run "npm run build" first)`,
    });
  });
});
