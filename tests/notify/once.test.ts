/**
 * Exactly once, with real `statusmark notify` processes: killed with SIGKILL at each stage
 * of a run and run again, two runs at once on one state file, a chat receiver that
 * answers too late, a backfilled update, and what the output never shows (a receiver's
 * path, query, user name, password or reply). Receivers are real servers on 127.0.0.1;
 * processes are stopped at a stage by waiting for an event (a request arriving, or the
 * file a paused run writes), never by sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRecord, type PublishedRecord } from '../../src/lib/notify/record.ts';
import type { SentState } from '../../src/lib/notify/send.ts';
import type { IncidentState } from '../../src/lib/content/model.ts';
import { content, incident, service } from '../../src/dev/test-helpers.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { endpoint, startHttp, type HttpReceivers } from './receivers.ts';
import { slackMessage, statuspageWebhook } from './schemas.ts';
import { CAPABILITY_URLS } from '../../src/dev/capability-urls.ts';
import { lockState } from '../../src/cli/commands/notify.ts';
import { stretched } from '../../src/dev/work.ts';

const root = resolve(import.meta.dirname, '../..');
const temp = tempFolders('notify-once');
/** The limit of a test that runs notify several times, stretched by how busy the machine is (src/dev/work.ts). */
const HEAVY = stretched(240_000);

// ---------------------------------------------------------------- the records

const services = [service('api', { name: 'API' })];
const STATES: IncidentState[] = ['investigating', 'identified', 'monitoring', 'resolved'];
const full = incident('api-errors', '2025-01-01T00:00Z', { api: 'major_outage' }, '2025-01-01T02:00Z', [
  '2025-01-01T00:05Z',
  '2025-01-01T01:00Z',
  '2025-01-01T01:30Z',
  '2025-01-01T02:00Z',
]);
full.title = 'API errors';
full.updates.forEach((u, i) => {
  u.state = STATES[i]!;
  u.message = `Update ${i + 1}.`;
});
const page = { id: 'p', status: { indicator: 'none', description: 'All Systems Operational' } };
const now = new Date('2025-01-05T00:00Z');
const recordOf = (updates: typeof full.updates): PublishedRecord =>
  buildRecord(content({ services, incidents: [{ ...full, updates }] }), now, page);
const BEFORE = recordOf(full.updates.slice(0, 1));
const AFTER = recordOf(full.updates);
/** The three updates the deploy made public, by their keys (their times, from the content above). */
const NEW = ['incident/api-errors/20250101T010000Z', 'incident/api-errors/20250101T013000Z', 'incident/api-errors/20250101T020000Z'];

// ---------------------------------------------------------------- receivers and processes

let http: HttpReceivers;
const paths = ['/hook', '/chat'] as const;

beforeAll(async () => {
  http = await startHttp(new Map(paths.map((p) => [p, endpoint(p === '/hook' ? statuspageWebhook : slackMessage)])));
});
afterAll(async () => {
  await http?.close();
});

/** A fresh receiver at each path (the server stays), answering as `extra` says. */
function fresh(extra: Partial<Record<(typeof paths)[number], Partial<ReturnType<typeof endpoint>>>> = {}) {
  for (const p of paths) http.endpoints.set(p, endpoint(p === '/hook' ? statuspageWebhook : slackMessage, extra[p] ?? {}));
}
const at = (p: string) => http.endpoints.get(p)!;

/** How many times each key was accepted: by the webhook's delivery id (repeats dropped, as its receivers do), and every post to the chat. */
function counts(): { hook: Record<string, number>; hookIds: Record<string, Set<string>>; chat: Record<string, number> } {
  const hookIds: Record<string, Set<string>> = {};
  for (const r of at('/hook').accepted) {
    const id = String(r.headers['x-statusmark-delivery']);
    (hookIds[id.split('@')[0]!] ??= new Set()).add(id);
  }
  const hook = Object.fromEntries(Object.entries(hookIds).map(([k, ids]) => [k, ids.size]));
  const chat: Record<string, number> = {};
  for (const r of at('/chat').accepted) {
    const text = (r.body as { blocks: { text: { text: string } }[] }).blocks[0]!.text.text;
    const key = NEW[STATES.findIndex((s) => text.toLowerCase().startsWith(s)) - 1]!;
    chat[key] = (chat[key] ?? 0) + 1;
  }
  return { hook, hookIds, chat };
}

interface Run {
  child: ChildProcess;
  /** Resolves once the process has printed `text` on stdout. */
  said: (text: string) => Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** A folder with content/notify.yaml and the two records. */
function site(yaml = CHANNELS, before: PublishedRecord = BEFORE, after: PublishedRecord = AFTER): string {
  const dir = temp();
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content/notify.yaml'), yaml);
  writeFileSync(join(dir, 'before.json'), JSON.stringify(before));
  writeFileSync(join(dir, 'after.json'), JSON.stringify(after));
  return dir;
}

/** Long timeouts: a held request is killed, not timed out, however slow the machine. */
const CHANNELS = `channels:
  - { name: hook, type: webhook, url_env: HOOK_URL, timeout: 60 }
  - { name: chat, type: slack, url_env: CHAT_URL, timeout: 60 }
`;

function start(dir: string, env: Record<string, string> = {}): Run {
  const child = spawn(
    process.execPath,
    [
      join(root, 'src/cli/statusmark.ts'),
      'notify',
      '--content',
      'content',
      '--before',
      'before.json',
      '--after',
      'after.json',
      '--state',
      'state/notify-state.json',
      '--retries',
      '2',
      '--backoff',
      '10',
    ],
    {
      cwd: dir,
      env: { ...process.env, HOOK_URL: http.url('/hook'), CHAT_URL: http.url('/chat'), ...env },
    },
  );
  let out = '';
  let err = '';
  const said = (text: string) =>
    new Promise<void>((done) => {
      const check = () => {
        if (!out.includes(text)) return;
        child.stdout!.off('data', check);
        done();
      };
      child.stdout!.on('data', check);
      check();
    });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((ok) =>
    child.on('close', (code, signal) => ok({ code, signal, out, err })),
  );
  return { child, said, done };
}

/** Resolves once `file` exists (watching its folder, which is made if missing). */
function appears(file: string): Promise<void> {
  mkdirSync(resolve(file, '..'), { recursive: true });
  return new Promise((done) => {
    const watcher = watch(resolve(file, '..'), () => {
      if (existsSync(file)) {
        watcher.close();
        done();
      }
    });
    if (existsSync(file)) {
      watcher.close();
      done();
    }
  });
}

async function kill9(run: Run): Promise<void> {
  run.child.kill('SIGKILL');
  const r = await run.done;
  expect(r.signal).toBe('SIGKILL');
}

const state = (dir: string) => JSON.parse(readFileSync(join(dir, 'state/notify-state.json'), 'utf8')) as SentState;
const once = Object.fromEntries(NEW.map((k) => [k, 1]));

// ---------------------------------------------------------------- killed at each stage

describe('statusmark notify killed with SIGKILL, then run again', () => {
  it(
    'before sending (everything due is in the outbox): the next run delivers each update once',
    async () => {
      fresh();
      const dir = site();
      const run = start(dir, { STATUSMARK_NOTIFY_PAUSE_AT: 'queued' });
      await appears(join(dir, 'state/notify-state.json.paused-queued'));
      await kill9(run);
      expect(at('/hook').requests + at('/chat').requests).toBe(0);
      // What was due survived the kill, though nothing had been sent.
      expect(Object.keys(state(dir).channels['hook']!.pending)).toEqual(NEW);
      // Even without the record from before the deploy (that workflow step may fail), it goes out.
      writeFileSync(join(dir, 'before.json'), JSON.stringify(AFTER));
      const again = await start(dir).done;
      expect(again.code).toBe(0);
      expect(counts()).toMatchObject({ hook: once, chat: once });
      expect(at('/hook').requests + at('/chat').requests).toBe(6);
      // Only the state, no temporary file of a write cut short, and no lock once done.
      expect(readdirSync(join(dir, 'state')).filter((n) => !n.includes('paused'))).toEqual(['notify-state.json']);
    },
    HEAVY,
  );

  it(
    'mid-delivery (the receiver holds the request): the webhook gets it again under the same delivery id; the chat is told unknown, never twice',
    async () => {
      fresh({ '/hook': { hang: true } });
      const dir = site();
      let run = start(dir);
      await http.arrived('/hook', 1);
      await kill9(run);
      at('/hook').hang = false;
      let again = await start(dir).done;
      expect(again.code).toBe(0);
      expect(counts().hook).toEqual(once);
      // The held request and its repeat carried one id.
      expect(at('/hook').requests).toBe(4);
      expect(counts().chat).toEqual(once);

      fresh({ '/chat': { hang: true } });
      const dir2 = site();
      run = start(dir2);
      await http.arrived('/chat', 1);
      await kill9(run);
      at('/chat').hang = false;
      again = await start(dir2).done;
      expect(again.code).toBe(1);
      expect(again.err).toContain(
        'statusmark notify: chat: 1 announcement may or may not have been posted (the request went out and no answer came); not sent again',
      );
      expect(again.out).toContain(
        `chat: ${NEW[0]}: unknown whether it was posted (an earlier run stopped while sending it); not sent again, as slack cannot drop a repeat; check the channel`,
      );
      // The held request was the only one for the first update; the other two went once.
      expect(at('/chat').requests).toBe(3);
      expect(counts().chat).toEqual({ [NEW[1]!]: 1, [NEW[2]!]: 1 });
      expect(state(dir2).channels['chat']!.unknown).toEqual({ [NEW[0]!]: AFTER.entries.find((e) => e.key === NEW[0])!.hash });
      // A third run sends nothing and no longer fails.
      const third = await start(dir2).done;
      expect(third.code).toBe(0);
      expect(at('/chat').requests + at('/hook').requests).toBe(3 + 3);
    },
    HEAVY,
  );

  it(
    'after delivery, before the state is written: the webhook repeat carries the same id; the chat is told unknown, never twice',
    async () => {
      fresh();
      const dir = site();
      const run = start(dir, { STATUSMARK_NOTIFY_PAUSE_AT: 'delivered' });
      await appears(join(dir, 'state/notify-state.json.paused-delivered'));
      await kill9(run);
      expect(at('/hook').accepted).toHaveLength(1);
      const again = await start(dir).done;
      expect(again.code).toBe(0);
      expect(counts().hook).toEqual(once);
      expect(at('/hook').accepted).toHaveLength(4);

      fresh();
      const dir2 = site(CHANNELS.replace(/ {2}- \{ name: hook.*\n/, ''));
      const run2 = start(dir2, { STATUSMARK_NOTIFY_PAUSE_AT: 'delivered' });
      await appears(join(dir2, 'state/notify-state.json.paused-delivered'));
      await kill9(run2);
      const again2 = await start(dir2).done;
      expect(again2.code).toBe(1);
      expect(again2.out).toContain(`chat: ${NEW[0]}: unknown whether it was posted`);
      expect(counts().chat).toEqual(once);
    },
    HEAVY,
  );
});

describe('a lock file left empty by a run that died while taking it', () => {
  it(
    'is taken over once it is older than 5 s, saying so',
    async () => {
      fresh();
      const dir = site();
      mkdirSync(join(dir, 'state'));
      writeFileSync(join(dir, 'state/notify-state.json.lock'), '');
      const longAgo = new Date(Date.parse('2025-01-01T00:00Z'));
      utimesSync(join(dir, 'state/notify-state.json.lock'), longAgo, longAgo);
      const r = await start(dir).done;
      expect(r.code).toBe(0);
      expect(r.out).toContain(`took over the lock ${join(dir, 'state/notify-state.json.lock')} left by a run that died while taking it`);
      expect(counts()).toMatchObject({ hook: once, chat: once });
    },
    HEAVY,
  );
});

describe('a deploy whose record from before is missing (the step that saves it failed)', () => {
  it(
    'announces what is new since the last run, by the record the state file kept',
    async () => {
      fresh();
      const dir = site(CHANNELS, BEFORE, recordOf(full.updates.slice(0, 3)));
      expect((await start(dir).done).code).toBe(0);
      rmSync(join(dir, 'before.json'));
      writeFileSync(join(dir, 'after.json'), JSON.stringify(AFTER));
      const r = await start(dir).done;
      expect(r.code).toBe(0);
      expect(r.out).toContain(
        `statusmark notify: ${join(dir, 'before.json')} is missing; announcing what is new since the last run, by the record it kept in ${join(dir, 'state/notify-state.json')}`,
      );
      expect(counts()).toMatchObject({ hook: once, chat: once });
    },
    HEAVY,
  );
});

describe('a deploy whose notify never ran (its job failed before it queued anything)', () => {
  it(
    "the next deploy announces that deploy's updates too, from the record the state file kept",
    async () => {
      fresh();
      // Deploy 1 announces update 2; deploy 2 (update 3) is published but its notify never runs;
      // deploy 3 (update 4) is announced with the live record of deploy 2 as its "before".
      const dir = site(CHANNELS, BEFORE, recordOf(full.updates.slice(0, 2)));
      expect((await start(dir).done).code).toBe(0);
      writeFileSync(join(dir, 'before.json'), JSON.stringify(recordOf(full.updates.slice(0, 3))));
      writeFileSync(join(dir, 'after.json'), JSON.stringify(AFTER));
      const r = await start(dir).done;
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain(
        `statusmark notify: before.json holds 1 entry the last run never saw (the notify of an earlier deploy did not run, or stopped before it queued them); announcing what is new since the record it kept in ${join(dir, 'state/notify-state.json')}`,
      );
      expect(counts()).toMatchObject({ hook: once, chat: once });
    },
    HEAVY,
  );
});

describe('a lock held by a run on another machine', () => {
  it('is waited for while it is fresh (its process cannot be asked), and taken over once older than any run lasts', async () => {
    const dir = temp();
    const state = join(dir, 'notify-state.json');
    writeFileSync(`${state}.lock`, `${JSON.stringify({ pid: 4242, host: 'elsewhere.example' })}\n`);
    const said: string[] = [];
    await expect(lockState(state, (line) => said.push(line), 300)).rejects.toThrow(
      `${state}.lock: another notify run (process 4242 on elsewhere.example) has held the state file for more than 0 s`,
    );
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(`${state}.lock`, hourAgo, hourAgo);
    const release = await lockState(state, (line) => said.push(line), 300);
    expect(said.at(-1)).toBe(
      `statusmark notify: took over the lock ${state}.lock left by process 4242 on elsewhere.example, another machine, held longer than any run lasts (20 minutes) (it stopped before it finished; what it had not sent is still due)`,
    );
    release();
    expect(existsSync(`${state}.lock`)).toBe(false);
  });
});

describe('two runs at once on one state file', () => {
  it(
    'against receivers that take a second to answer: each update is delivered exactly once',
    async () => {
      fresh({ '/hook': { delayMs: 1000 }, '/chat': { delayMs: 1000 } });
      const dir = site();
      const [a, b] = [start(dir), start(dir)];
      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect([ra.code, rb.code]).toEqual([0, 0]);
      expect(counts()).toMatchObject({ hook: once, chat: once });
      expect(at('/hook').requests + at('/chat').requests).toBe(6);
      expect(existsSync(join(dir, 'state/notify-state.json.lock'))).toBe(false);
    },
    HEAVY,
  );

  it(
    'a run started while another is sending waits for it, says so, and then sends nothing again',
    async () => {
      let letGo = () => {};
      fresh({ '/hook': { gate: new Promise<void>((done) => (letGo = done)) } });
      const dir = site();
      const a = start(dir);
      // The first run holds the lock while its first request is held; the second starts then.
      await http.arrived('/hook', 1);
      const b = start(dir);
      await b.said('waiting for it to finish');
      letGo();
      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect([ra.code, rb.code]).toEqual([0, 0]);
      expect(rb.out).toContain(
        `another run (process ${a.child.pid}) is announcing with ${join(dir, 'state/notify-state.json')}; waiting for it to finish`,
      );
      expect(rb.out).toMatch(/hook +webhook +0 +0 +0 +ok\nchat +slack +0 +0 +0 +ok/);
      expect(counts()).toMatchObject({ hook: once, chat: once });
    },
    HEAVY,
  );

  it(
    'takes over the lock of a run that was killed, saying so',
    async () => {
      fresh({ '/hook': { hang: true } });
      const dir = site();
      const run = start(dir);
      await http.arrived('/hook', 1);
      const pid = run.child.pid;
      await kill9(run);
      expect(existsSync(join(dir, 'state/notify-state.json.lock'))).toBe(true);
      at('/hook').hang = false;
      const again = await start(dir).done;
      expect(again.code).toBe(0);
      expect(again.out).toContain(`took over the lock ${join(dir, 'state/notify-state.json.lock')} left by process ${pid}`);
      expect(counts().hook).toEqual(once);
    },
    HEAVY,
  );
});

// ---------------------------------------------------------------- slow chat, backfill

describe('a chat receiver that answers after 2 s, with timeout: 1', () => {
  it(
    'gets the update once; the run reports it unknown and exits 1, and does not send it again',
    async () => {
      fresh({ '/chat': { delayMs: 2000 } });
      const dir = site(
        CHANNELS.replace(/ {2}- \{ name: hook.*\n/, '').replace('timeout: 60', 'timeout: 1'),
        recordOf(full.updates.slice(0, 3)),
      );
      const r = await start(dir).done;
      expect(r.code).toBe(1);
      expect(at('/chat').requests).toBe(1);
      expect(r.out).toMatch(
        /chat +slack +0 +0 +1 +incident\/api-errors\/20250101T020000Z: 127\.0\.0\.1:\d+: no answer in 1 s; unknown whether it was posted, and not sent again, as slack cannot drop a repeat; check the channel/,
      );
      expect(r.err).toContain('chat: 1 announcement may or may not have been posted');
      const again = await start(dir).done;
      expect(again.code).toBe(0);
      expect(at('/chat').requests).toBe(1);
    },
    HEAVY,
  );
});

describe('a backfilled update', () => {
  it(
    'inserted between two announced ones: exactly one new message and no correction',
    async () => {
      fresh();
      const [first, , third, last] = full.updates;
      const inserted = {
        ...full.updates[1]!,
        id: 'backfill',
        at: new Date('2025-01-01T00:30Z'),
        state: 'identified' as const,
        message: 'Backfilled.',
      };
      const before = recordOf([first!, third!, last!]);
      const after = recordOf([first!, inserted, third!, last!]);
      const dir = site(CHANNELS, before, after);
      const r = await start(dir).done;
      expect(r.code).toBe(0);
      const bodies = at('/hook').accepted.map((x) => x.body as { meta: { correction: boolean } });
      expect(bodies.map((b) => b.meta.correction)).toEqual([false]);
      expect(at('/hook').accepted.map((x) => String(x.headers['x-statusmark-delivery']).split('@')[0])).toEqual([
        'incident/api-errors/20250101T003000Z',
      ]);
      expect(at('/chat').accepted.map((x) => (x.body as { blocks: { text: { text: string } }[] }).blocks[0]!.text.text)).toEqual([
        'Identified: API errors',
      ]);
    },
    HEAVY,
  );
});

// ---------------------------------------------------------------- secrets

describe('secrets', () => {
  it(
    'refuses a literal url: of each of the 11 capability-URL shapes, naming file, line and the url_env way',
    async () => {
      fresh();
      const yaml = `channels:\n${CAPABILITY_URLS.map((u, i) => `  - name: c${i}\n    type: webhook\n    url: "${u}"\n`).join('')}`;
      const dir = site(yaml);
      const r = await start(dir).done;
      expect(r.code).toBe(1);
      const lines = r.err
        .trim()
        .split('\n')
        .filter((l) => l.includes('.url:'));
      expect(lines).toEqual(
        CAPABILITY_URLS.map((_, i) =>
          expect.stringContaining(`content/notify.yaml:${4 + 3 * i}: channels.${i}.url: a receiver's URL is never written in notify.yaml`),
        ),
      );
      for (const [i] of CAPABILITY_URLS.entries()) expect(r.err).toContain(`url_env: C${i}_URL`);
      expect(at('/hook').requests).toBe(0);
    },
    HEAVY,
  );

  it(
    'never prints a receiver URL’s user name, password, path or query, nor its reply',
    async () => {
      fresh({ '/hook': { down: 500 } });
      const dir = site();
      const r = await start(dir, {
        HOOK_URL: `${http.url('/hook')}?token=QUERYSECRET`,
        CHAT_URL: http.url('/chat').replace('http://', 'http://someone:PASSWORDSECRET@').replace('/chat', '/T0/B0/PATHSECRET'),
      }).done;
      expect(r.code).toBe(1);
      const said = `${r.out}\n${r.err}`;
      for (const secret of ['QUERYSECRET', 'PASSWORDSECRET', 'someone', 'PATHSECRET', '/hook', 'down for the test'])
        expect(said, secret).not.toContain(secret);
      expect(said).toMatch(
        /hook +webhook +0 +3 +0 +incident\/api-errors\/20250101T010000Z: 127\.0\.0\.1:\d+: HTTP 500 Internal Server Error/,
      );
      expect(said).toMatch(
        /chat +slack +0 +3 +0 +incident\/api-errors\/20250101T010000Z: 127\.0\.0\.1:\d+: the URL in CHAT_URL carries a user name or password/,
      );
    },
    HEAVY,
  );
});
