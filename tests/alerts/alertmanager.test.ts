/**
 * The alert intake end to end: Debian's prometheus-alertmanager on 127.0.0.1 (its own port and
 * data folder, no cluster) routes to the real `statusmark serve`, alerts are fired and resolved
 * with amtool, and the page's repository is a bare repository on disk. Checked there: one
 * branch per group, the draft's text from the template in each site language, services joining,
 * the resolving update, the flapping group as one incident, a person's commit kept, nothing on
 * main, and every committed file passing `statusmark validate`. Grafana's and the generic
 * payloads come from fixtures written from their documented formats (tests/alerts/fixtures/).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branches as branchesOf, git, seededRemote } from '../../src/dev/git-remote.ts';
import { freePort } from '../../src/dev/ports.ts';
import { type ServiceProcess, startServiceProcess } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

const root = join(import.meta.dirname, '../..');
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const AMTOOL = '/usr/bin/amtool';
const TOKEN = 'alerts-token-0123456789abcdef0123456789';
const HMAC = 'alerts-hmac-0123456789abcdef0123456789ab';
const LIMIT = stretched(240_000);

const temp = tempFolders('alerts');
let dir: string;
let remote: string;
let service: ServiceProcess;
let alertmanager: ChildProcess;
let amUrl: string;
let seedCommit: string;

/** The branches of the bare repository, by name. */
const branches = () => branchesOf(remote);

function show(branch: string, path: string): string {
  return git(remote, 'show', `${branch}:${path}`);
}

/** The incident files a branch adds over main. */
function added(branch: string): string[] {
  return git(remote, 'diff', '--name-only', 'main', branch).split('\n').filter(Boolean);
}

function amtool(...args: string[]): void {
  const r = spawnSync(AMTOOL, [...args, `--alertmanager.url=${amUrl}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`amtool ${args.join(' ')}: ${r.stderr}`);
}

/** The n-th `alert-pushed` (or other) log line for a group whose branch starts with `prefix`. */
async function pushed(prefix: string, action: string): Promise<Record<string, unknown>> {
  return service.waitFor((l) => l.event === 'alert-pushed' && String(l.branch).startsWith(`alert/${prefix}`) && l.action === action, LIMIT);
}

beforeAll(async () => {
  dir = temp();
  // A live page: the demo's snapshot would pin "now" in January 2025 (seededRemote takes it out).
  const seeded = seededRemote(dir);
  remote = seeded.remote;
  const seed = seeded.seed;
  seedCommit = git(remote, 'rev-parse', 'main').trim();

  service = await startServiceProcess(['--content', join(seed, 'content')], dir, {
    STATUSMARK_ALERTS_REMOTE: remote,
    STATUSMARK_ALERTS_TOKEN: TOKEN,
    STATUSMARK_ALERTS_HMAC_SECRET: HMAC,
    STATUSMARK_ALERTS_WORKDIR: join(dir, 'intake'),
    STATUSMARK_DB: join(dir, 'subscribers.sqlite'),
  });

  const port = await freePort();
  amUrl = `http://127.0.0.1:${port}`;
  const config = join(dir, 'alertmanager.yml');
  // Alerts stay firing until amtool ends them (resolve_timeout long); groups go out within a second or two.
  writeFileSync(
    config,
    `global:
  resolve_timeout: 1h
route:
  receiver: statusmark
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: statusmark
    webhook_configs:
      - url: ${service.url}/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: ${TOKEN}
`,
  );
  alertmanager = spawn(
    ALERTMANAGER,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let amLog = '';
  alertmanager.stderr?.on('data', (c: Buffer) => {
    amLog += c.toString();
  });
  const deadline = Date.now() + stretched(30_000);
  for (;;) {
    const ready = await fetch(`${amUrl}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`alertmanager did not start:\n${amLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, stretched(120_000));

afterAll(async () => {
  alertmanager?.kill('SIGTERM');
  if (service) {
    service.child.kill('SIGTERM');
    await service.exited;
  }
}, stretched(60_000));

describe('Alertmanager → statusmark serve → a branch per group', () => {
  it('drafts the attack from its template in both languages, on its own branch, and nothing on main', { timeout: LIMIT }, async () => {
    amtool(
      'alert',
      'add',
      'SignupFlood',
      'severity=critical',
      'job=signup',
      '--annotation=summary=40,000 sign-ups a minute from 3 networks',
    );
    const line = await pushed('signupflood', 'create');
    const branch = String(line.branch);
    const [file, ...others] = added(branch);
    expect(others).toEqual([]);
    expect(file).toMatch(/^content\/incidents\/\d{4}-\d{2}-\d{2}-new-registrations-restricted-during-unusual-traffic\.md$/);
    const text = show(branch, file as string);
    // From templates/registrations-restricted.md, the values filled in, in zh-CN (outside the blocks) and en.
    expect(text).toContain('zh-CN: 异常流量下新用户注册受限');
    expect(text).toContain('en: New registrations restricted during unusual traffic');
    expect(text).toMatch(
      /\n\n自 \d{4}年\d{1,2}月\d{1,2}日 GMT\+8 \d{2}:\d{2} 起，我们监测到针对注册服务的异常流量：40,000 sign-ups a minute from 3 networks。/,
    );
    expect(text).toMatch(
      /::: \{lang=en\}\nSince \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} GMT\+8 we have seen unusual traffic against sign-up: 40,000 sign-ups a minute from 3 networks\./,
    );
    expect(text).toContain('registration: partial_outage');
    expect(text).toContain('impact: major');
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(seedCommit);
  });

  it('adds a service that joins the group, resolves, and keeps a flapping group one incident', { timeout: LIMIT }, async () => {
    amtool('alert', 'add', 'HighLatency', 'service=web-chat', 'instance=chat-7', '--annotation=summary=p99 above 2 s');
    const created = await pushed('highlatency', 'create');
    const branch = String(created.branch);
    amtool('alert', 'add', 'HighLatency', 'service=api', 'instance=api-2', '--annotation=summary=p99 above 2 s');
    await pushed('highlatency', 'join');
    const end = new Date().toISOString();
    amtool('alert', 'add', 'HighLatency', 'service=web-chat', 'instance=chat-7', `--end=${end}`);
    amtool('alert', 'add', 'HighLatency', 'service=api', 'instance=api-2', `--end=${end}`);
    await pushed('highlatency', 'resolve');
    const [file] = added(branch);
    const resolved = show(branch, file as string);
    expect(resolved).toMatch(/\nresolved: \d{4}-\d{2}-\d{2}T/);
    expect(resolved).toMatch(/## Identified [^\n]+\nservices: api=degraded_performance\n/);
    expect(resolved).toMatch(/## Resolved [^\n]+\n\n响应速度已恢复正常。\n\n::: \{lang=en\}\nResponse times are back to normal\.\n:::/);

    // It fires again within the quiet period (30m): the same file, reopened; no second incident.
    amtool('alert', 'add', 'HighLatency', 'service=web-chat', 'instance=chat-7', '--annotation=summary=p99 above 2 s');
    await pushed('highlatency', 'reopen');
    expect(added(branch)).toEqual([file]);
    const reopened = show(branch, file as string);
    expect(reopened).not.toMatch(/\nresolved:/);
    // Investigating, Identified (api joined), Monitoring (was Resolved), Identified (back).
    expect(reopened.match(/^## \w+/gm)).toEqual(['## Investigating', '## Identified', '## Monitoring', '## Identified']);
    expect(reopened).toMatch(/## Monitoring [^\n]+\n\n响应速度已恢复正常。/);
    expect(reopened.trimEnd()).toMatch(
      /## Identified [^\n]+\n\n更多服务出现响应变慢[^\n]+\n\n::: \{lang=en\}\nMore services are answering slowly; we are adding capacity\.\n:::$/,
    );
  });

  it("keeps a person's commit on the branch and adds the resolving update after it", { timeout: LIMIT }, async () => {
    const branch = branches().find((b) => b.startsWith('alert/signupflood')) as string;
    const work = join(dir, 'person');
    git(dir, 'clone', '-q', '-b', branch, remote, work);
    const [file] = added(branch);
    const path = join(work, file as string);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'en: New registrations restricted during unusual traffic',
        'en: Sign-ups limited while we block an attack',
      ),
    );
    git(work, 'commit', '-q', '-am', 'Clearer English title');
    git(work, 'push', '-q', 'origin', branch);
    const person = git(work, 'rev-parse', 'HEAD').trim();

    amtool('alert', 'add', 'SignupFlood', 'severity=critical', 'job=signup', `--end=${new Date().toISOString()}`);
    const line = await pushed('signupflood', 'resolve');
    expect(String(line.kept)).toContain('by Ada Person');
    // Fast-forward from the person's commit: kept, not rewritten.
    expect(spawnSync('git', ['merge-base', '--is-ancestor', person, branch], { cwd: remote }).status).toBe(0);
    const text = show(branch, file as string);
    expect(text).toContain('en: Sign-ups limited while we block an attack');
    expect(text).toContain('异常流量已经停止，注册已恢复正常。');
  });

  it('refuses an alert that maps to no service with a log line, and writes nothing', { timeout: LIMIT }, async () => {
    const before = branches();
    amtool('alert', 'add', 'DiskAlmostFull', 'instance=db-1');
    const line = await service.waitFor((l) => l.event === 'alert-unmapped' && String(l.labels).includes('DiskAlmostFull'), LIMIT);
    expect(line.reason).toBe('1 of 1 alerts map to no service; nothing was written');
    expect(branches()).toEqual(before);
  });
});

describe('Grafana and the generic shape', () => {
  const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${service.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it("takes Grafana's webhook signed with its HMAC header, and the same again changes nothing", { timeout: LIMIT }, async () => {
    const body = fixture('grafana-firing.json');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', HMAC).update(`${timestamp}:${body}`).digest('hex');
    const headers = { 'x-grafana-alerting-signature': signature, 'x-grafana-alerting-timestamp': timestamp };
    const first = await post('/alerts/grafana', body, headers);
    const reply = (await first.json()) as { result: string; branch: string; file: string };
    expect(first.status, JSON.stringify(reply)).toBe(200);
    expect(reply.result).toBe('created');
    const text = show(reply.branch, reply.file);
    // Both alerts of the group (mobile-app, api): each service the fixture's labels name.
    expect(text).toContain('mobile-app: degraded_performance');
    expect(text).toContain('api: degraded_performance');
    expect(text).toContain('Mobile app p95 latency above 3 s');
    const again = await post('/alerts/grafana', body, headers);
    expect(await again.json()).toMatchObject({ result: 'unchanged', branch: reply.branch });
    const bad = await post('/alerts/grafana', body, {
      'x-grafana-alerting-signature': signature.replace(/^./, (c) => (c === '0' ? '1' : '0')),
      'x-grafana-alerting-timestamp': timestamp,
    });
    expect(bad.status).toBe(401);
  });

  it('takes the generic shape with the bearer token, and refuses it without', { timeout: LIMIT }, async () => {
    const body = fixture('generic-firing.json');
    const refused = await post('/alerts/generic', body, {});
    expect(refused.status).toBe(401);
    const ok = await post('/alerts/generic', body, { authorization: `Bearer ${TOKEN}` });
    const reply = (await ok.json()) as { result: string; branch: string; file: string };
    expect(ok.status, JSON.stringify(reply)).toBe(200);
    expect(reply.branch).toMatch(/^alert\/checkout-signup-errors-[0-9a-f]{10}$/);
    expect(show(reply.branch, reply.file)).toContain('registration: partial_outage');
    const wrong = await post('/alerts/generic', JSON.stringify({ group: 'x', status: 'firing', alerts: [{ labels: {} }] }), {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ problems: ['alerts.0.labels: holds no label'] });
  });
});

describe('many notifications for one group at once', () => {
  it('are answered alike and leave one draft, each service once', { timeout: LIMIT }, async () => {
    const send = (services: string[]) =>
      fetch(`${service.url}/alerts/generic`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          group: 'burst',
          status: 'firing',
          alerts: services.map((s) => ({ labels: { alertname: 'HighLatency', service: s } })),
        }),
      });
    const all = ['web-chat', 'api', 'mobile-app', 'api-console'];
    const replies = await Promise.all(all.map((_, i) => send(all.slice(0, i + 1))));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const bodies = (await Promise.all(replies.map((r) => r.json()))) as { branch: string; file: string }[];
    const branch = bodies[0]?.branch as string;
    expect(new Set(bodies.map((b) => b.branch))).toEqual(new Set([branch]));
    const [file, ...others] = added(branch);
    expect(others).toEqual([]);
    const text = show(branch, file as string);
    for (const id of all)
      expect(
        text.split('\n').filter((l) => l === `  ${id}: degraded_performance` || l.includes(`${id}=degraded_performance`)),
      ).toHaveLength(1);
  });
});

describe('a person takes the draft off its branch', () => {
  it('the intake stops and says so instead of writing it again', { timeout: LIMIT }, async () => {
    const send = (services: string[]) =>
      fetch(`${service.url}/alerts/generic`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          group: 'false alarm',
          status: 'firing',
          alerts: services.map((s) => ({ labels: { alertname: 'SlowResponses', service: s } })),
        }),
      });
    const first = (await (await send(['website'])).json()) as { branch: string; file: string };
    const work = join(dir, 'person-removes');
    git(dir, 'clone', '-q', '-b', first.branch, remote, work);
    git(work, 'rm', '-q', first.file);
    git(work, 'commit', '-q', '-m', 'Not an incident: the check was wrong');
    git(work, 'push', '-q', 'origin', first.branch);
    const tip = git(remote, 'rev-parse', first.branch).trim();
    const again = await send(['website', 'api']);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(
      /has commits by a person \([0-9a-f]{12} by Ada Person\) and no longer holds the group's draft/,
    );
    expect(git(remote, 'rev-parse', first.branch).trim()).toBe(tip);
  });
});

describe('every committed file', () => {
  it('passes statusmark validate on every alert branch, one branch per group', { timeout: LIMIT }, async () => {
    const alertBranches = branches().filter((b) => b.startsWith('alert/'));
    expect(alertBranches.map((b) => b.replace(/-[0-9a-f]{10}$/, ''))).toEqual([
      'alert/burst',
      'alert/checkout-signup-errors',
      'alert/false-alarm',
      'alert/highlatency',
      'alert/signupflood',
      'alert/slowresponses-mobile',
    ]);
    for (const branch of alertBranches) {
      const work = join(dir, `check-${branch.replace(/\W/g, '-')}`);
      git(dir, 'clone', '-q', '-b', branch, remote, work);
      const r = spawnSync(process.execPath, [join(root, 'src/cli/statusmark.ts'), 'validate', '--content', join(work, 'content')], {
        encoding: 'utf8',
      });
      expect(r.status, `${branch}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(git(remote, 'rev-parse', 'main').trim()).toBe(seedCommit);
  });
});
