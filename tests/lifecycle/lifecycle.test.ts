/**
 * A team's first month, walked as a team walks it, on a site made by `statusmark init`
 * from the packed tarball and installed from it:
 *
 * init (first commit, a remote, the push), the first incident with two updates and a
 * resolve (one of them a partial downgrade), a maintenance window that the due check
 * decides to build, a notice, German added as a second language, a same-minute update and
 * a backfilled one. After every step a "deploy" as the workflow does it (build, keep the
 * live record, publish `dist/` on 127.0.0.1, notify) to a real SMTP server and a webhook
 * receiver on 127.0.0.1; then the live page, `summary.json` and the feeds must say the
 * same thing, and the receivers must have got exactly what was new, once.
 *
 * The clock is the build's own (`STATUSMARK_NOW`), a Berlin month in March 2026; every
 * expected word below is worked out by hand from what the step posts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { npxInstallsOf } from '../../src/dev/npx.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { siteEnv } from '../package/site-env.ts';
import { endpoint, startHttp, startSmtp, type HttpReceivers, type SmtpReceiver } from '../notify/receivers.ts';
import { statuspageWebhook } from '../notify/schemas.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(1_800_000);

const temp = tempFolders('lifecycle');
const ZONE = 'Europe/Berlin';

const baseEnv = siteEnv({ name: 'Jana On-Call', email: 'jana@acme.example' });

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/**
 * A command, run asynchronously: the live site and the receivers answer in this process,
 * so a synchronous spawn would leave a command that calls them waiting for ever.
 */
function runTry(command: string, args: string[], cwd: string, extra: Record<string, string> = {}): Promise<Ran> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env: { ...baseEnv, ...extra }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

async function run(command: string, args: string[], cwd: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await runTry(command, args, cwd, extra);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited with ${r.code}\n${r.out}\n${r.err}`);
  return r.out;
}

let work: string;
let site: string;
let origin: string;
let live: string;
let liveServer: Server;
let liveUrl: string;
let http: HttpReceivers;
let smtp: SmtpReceiver;
const hook = endpoint(statuspageWebhook, { secret: 'lifecycle-secret' });

/**
 * A command the installed site provides (node_modules/.bin), run directly: the same program
 * `npx` would find there, without starting npm first for each of the month's forty commands
 * (the package test runs them through npx).
 */
const siteBin = (name: string) => join(site, 'node_modules', '.bin', name);

/** The clock of the step: every command and build of the step runs at this instant. */
let now = '';
const at = (instant: string) => {
  now = instant;
};
/** A posting command as staff type it; what it printed (the file on stdout, what it set and committed on stderr). */
const statusmark = async (...args: string[]) => {
  const r = await runTry(siteBin('statusmark'), args, site, { STATUSMARK_NOW: now });
  if (r.code !== 0) throw new Error(`statusmark ${args.join(' ')} exited with ${r.code}\n${r.out}\n${r.err}`);
  return `${r.out}${r.err}`;
};
const git = (...args: string[]) => run('git', args, site);

/** What the receivers had before the step: the step's news is what came after. */
let seenHooks = 0;
let seenMail = 0;

/**
 * One deploy, as the workflow does it: build, keep the record the live site still serves,
 * publish, then announce with --before/--after. Returns what notify printed. `build: false`
 * publishes the last build again: for a deploy of the content and clock it was built from,
 * which build the same bytes (the demo's two builds in npm test prove a build reproducible).
 */
async function deploy({ build = true } = {}): Promise<Ran> {
  if (build) await run(siteBin('astro'), ['build'], site, { STATUSMARK_NOW: now });
  const savedBefore = await run(
    siteBin('statusmark'),
    ['notify', '--before-url', `${liveUrl}/api/notify-record.json`, '--save-before', 'notify/before.json'],
    site,
    { STATUSMARK_NOW: now },
  );
  expect(savedBefore).toMatch(/statusmark notify: saved /);
  cpSync(join(site, 'dist/api/notify-record.json'), join(site, 'notify/after.json'));
  rmSync(live, { recursive: true, force: true });
  cpSync(join(site, 'dist'), live, { recursive: true });
  return await runTry(siteBin('statusmark'), ['notify', '--before', 'notify/before.json', '--after', 'notify/after.json'], site, {
    STATUSMARK_NOW: now,
    WEBHOOK_URL: http.url('/hook'),
    WEBHOOK_SECRET: 'lifecycle-secret',
  });
}

/** What the receivers got from the last deploy: e-mail subjects per address, webhook incident/state pairs. */
function news(): { mail: string[]; hooks: string[] } {
  const mail = smtp.mail.slice(seenMail).map((m, i) => `${smtp.recipients[seenMail + i]!.join(',')} ${m.subject}`);
  const hooks = hook.accepted.slice(seenHooks).map((r) => {
    const body = r.body as { incident?: { name: string; incident_updates: { status: string }[] }; notice?: { name: string } };
    if (body.incident) return `${body.incident.name} / ${body.incident.incident_updates[0]!.status}`;
    return `notice ${body.notice?.name ?? JSON.stringify(body)}`;
  });
  seenMail = smtp.mail.length;
  seenHooks = hook.accepted.length;
  expect(hook.errors).toEqual([]);
  return { mail, hooks };
}

async function get(path: string): Promise<string> {
  const response = await fetch(`${liveUrl}${path}`);
  expect(response.status, path).toBe(200);
  return response.text();
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** The live page, its API and its feeds, read over HTTP as a visitor and a feed reader would. */
async function livePage(prefix = '') {
  const home = await get(`${prefix}/`);
  const headline = /<h1 id="overall-heading"[^>]*>([^<]*)<\/h1>/.exec(home)?.[1];
  const summary = JSON.parse(await get('/api/v2/summary.json')) as {
    status: { indicator: string; description: string };
    incidents: { name: string; status: string; impact: string }[];
    scheduled_maintenances: { name: string; status: string }[];
  };
  const atomText = await get(`${prefix}/updates.atom`);
  const rssText = await get(`${prefix}/updates.rss`);
  expect(XMLValidator.validate(atomText)).toBe(true);
  expect(XMLValidator.validate(rssText)).toBe(true);
  const atom = xml.parse(atomText) as {
    feed: { entry?: { title: string | { '#text': string } } | { title: string | { '#text': string } }[] };
  };
  const rss = xml.parse(rssText) as { rss: { channel: { item?: { title: string } | { title: string }[] } } };
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const text = (t: string | { '#text': string }) => (typeof t === 'string' ? t : t['#text']);
  return {
    home,
    headline,
    summary,
    atomTitles: list(atom.feed.entry).map((e) => text(e.title)),
    rssTitles: list(rss.rss.channel.item).map((e) => e.title),
  };
}

/** The newest file of content/incidents whose name ends with `-<slug>.md`. */
function incidentFile(slug: string): string {
  const dir = join(site, 'content/incidents');
  const name = execFileSync('ls', [dir], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith(`-${slug}.md`))
    .sort()
    .pop();
  if (!name) throw new Error(`no incident file for ${slug} in ${dir}`);
  return join(dir, name);
}

beforeAll(async () => {
  work = temp();
  origin = join(work, 'origin.git');
  live = join(work, 'live');
  await run('git', ['init', '-q', '--bare', '-b', 'main', origin], work);
  http = await startHttp(new Map([['/hook', hook]]));
  smtp = await startSmtp();
  const serve = sirv(live, { dev: true, etag: false });
  liveServer = createServer((req, res) =>
    serve(req, res, () => {
      res.writeHead(404).end('not found');
    }),
  );
  await new Promise<void>((done) => liveServer.listen(0, '127.0.0.1', done));
  liveUrl = `http://127.0.0.1:${(liveServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await http?.close();
  await smtp?.close();
  await new Promise<void>((done) => (liveServer ? liveServer.close(() => done()) : done()));
});

describe("a team's first month", () => {
  it('init, push, post, deploy, notify, a second language: the page, API, feeds and receivers agree after every step', {
    timeout: TIME_LIMIT,
  }, async () => {
    // ---- Day 1, Monday 2 March 2026, 09:00 in Berlin: the page is made with init from the tarball.
    const tarball = inject('tarball');
    at('2026-03-02T09:00:00+01:00');
    const made = await run(
      'npx',
      [
        '--yes',
        `--package=${tarball}`,
        '--',
        'statusmark',
        'init',
        'acme-status',
        '--yes',
        '--name',
        'Acme Status',
        '--url',
        'https://status.acme.example',
        '--timezone',
        ZONE,
        '--group',
        'Platform',
        '--service',
        'api=Public API',
        '--service',
        'dashboard=Dashboard',
      ],
      work,
      { STATUSMARK_NOW: now },
    );
    site = join(work, 'acme-status');

    // The first commit holds everything init wrote; the printed next steps are the ones the team runs.
    expect(await git('status', '--porcelain')).toBe('');
    const committed = (await git('ls-files')).split('\n');
    for (const file of [
      '.github/workflows/deploy.yml',
      '.github/workflows/test.yml',
      'package.json',
      'astro.config.mjs',
      'README.md',
      '.gitignore',
      'content/site.yaml',
      'content/services.yaml',
    ])
      expect(committed).toContain(file);
    expect(made).toContain('git remote add origin ');
    expect(made).toContain('git push -u origin main');
    expect(made.indexOf('git remote add origin ')).toBeLessThan(made.indexOf('git push -u origin main'));
    // Services start the day the page was made: no invented history.
    expect(readFileSync(join(site, 'content/services.yaml'), 'utf8')).toMatch(/start: 2026-03-02/);

    await git('remote', 'add', 'origin', origin);
    await git('push', '-q', '-u', 'origin', 'main');
    expect((await run('git', ['ls-tree', '-r', '--name-only', 'main'], origin)).split('\n')).toContain('.github/workflows/deploy.yml');

    // Installed from the tarball, with two channels: the team's list by e-mail and a partner's webhook.
    // node_modules starts as a copy (hard links) of the install npx made of the same tarball for
    // init a moment ago; npm then adds what npx had no need of (the pinned Node): 9 s of CPU
    // instead of 25. tests/package/package.test.ts installs the tarball into an empty folder.
    // npm rewrites node_modules/.package-lock.json in place: that one file is npm's own, not a link.
    // Hard links cannot cross file systems (a tmpfs /tmp): then the install starts from nothing.
    const [npxInstall] = npxInstallsOf(tarball);
    const modules = join(site, 'node_modules');
    if (npxInstall && (await runTry('cp', ['-al', join(npxInstall, 'node_modules'), modules], work)).code === 0)
      rmSync(join(modules, '.package-lock.json'), { force: true });
    else rmSync(modules, { recursive: true, force: true });
    await run('npm', ['install', tarball], site);
    writeFileSync(
      join(site, 'content/notify.yaml'),
      `channels:
  - name: partners
    type: webhook
    url_env: WEBHOOK_URL
    secret_env: WEBHOOK_SECRET
  - name: announce
    type: email
    smtp: { host: 127.0.0.1, port: ${smtp.port} }
    from: Acme status <status@acme.example>
    to: status-announce@acme.example
    unsubscribe: mailto:status-announce+unsubscribe@acme.example
`,
    );
    await git('add', 'content/notify.yaml');
    await git('commit', '-qm', 'Announce on the list and to partners');

    // First deploy: nothing was live before, so nothing old is announced.
    at('2026-03-02T09:10:00+01:00');
    let notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    expect(notified.out).toContain('the site had no published record yet');
    expect(news()).toEqual({ mail: [], hooks: [] });
    let page = await livePage();
    expect(page.headline).toBe('All Systems Operational');
    expect(page.summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(page.atomTitles).toEqual([]);
    // Before its first day the service has no data; its first day counts, green.
    const uptime = JSON.parse(await get('/api/uptime.json')) as {
      services: { id: string; days: { date: string; uptime: number | null }[] }[];
    };
    const apiDays = uptime.services.find((s) => s.id === 'api')!.days;
    expect(apiDays.filter((d) => d.date >= '2026-03-02')).toEqual([expect.objectContaining({ date: '2026-03-02', uptime: 1 })]);
    expect(apiDays.filter((d) => d.date < '2026-03-02').length).toBe(apiDays.length - 1);
    for (const d of apiDays.filter((d) => d.date < '2026-03-02')) expect(d.uptime, d.date).toBeNull();

    // ---- Tuesday 3 March: the first incident.
    at('2026-03-03T14:10:00+01:00');
    await statusmark(
      'new',
      '--title',
      'API errors for some requests',
      '--service',
      'api=major',
      '--message',
      'Some API requests fail with 502.',
      '--commit',
    );
    // The commands take the slug without its date.
    const slug = 'api-errors-for-some-requests';
    expect(existsSync(incidentFile(slug))).toBe(true);
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    expect(news()).toEqual({
      mail: ['status-announce@acme.example [Acme Status] Investigating: API errors for some requests'],
      hooks: ['API errors for some requests / investigating'],
    });
    page = await livePage();
    expect(page.summary.status).toEqual({ indicator: 'critical', description: 'Major Service Outage' });
    expect(page.headline).toBe(page.summary.status.description);
    expect(page.atomTitles).toEqual(['Investigating: API errors for some requests']);
    expect(page.rssTitles).toEqual(page.atomTitles);

    // 14:40: a partial downgrade. `update` re-derives the impact from the services and says so.
    at('2026-03-03T14:40:00+01:00');
    const downgraded = await statusmark(
      'update',
      slug,
      '--state',
      'identified',
      '--service',
      'api=partial',
      '--message',
      'A load balancer change; rolling back.',
      '--commit',
    );
    expect(downgraded).toMatch(/impact: critical → major/);
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    expect(news()).toEqual({
      mail: ['status-announce@acme.example [Acme Status] Identified: API errors for some requests'],
      hooks: ['API errors for some requests / identified'],
    });
    page = await livePage();
    expect(page.summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(page.headline).toBe(page.summary.status.description);
    expect(page.summary.incidents.map((i) => [i.name, i.status, i.impact])).toEqual([
      ['API errors for some requests', 'identified', 'major'],
    ]);
    expect(page.atomTitles).toEqual(['Identified: API errors for some requests', 'Investigating: API errors for some requests']);

    // 15:20 monitoring, 16:00 resolved, in one deploy (the deploy after each update is walked
    // above): both are announced, in the order posted, the resolve last.
    at('2026-03-03T15:20:00+01:00');
    await statusmark('update', slug, '--state', 'monitoring', '--message', 'Rolled back; watching the error rate.', '--commit');
    at('2026-03-03T16:00:00+01:00');
    await statusmark('resolve', slug, '--message', 'Errors stopped at 15:12.', '--commit');
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    expect(news()).toEqual({
      mail: [
        'status-announce@acme.example [Acme Status] Monitoring: API errors for some requests',
        'status-announce@acme.example [Acme Status] Resolved: API errors for some requests',
      ],
      hooks: ['API errors for some requests / monitoring', 'API errors for some requests / resolved'],
    });
    page = await livePage();
    expect(page.summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(page.headline).toBe(page.summary.status.description);
    expect(page.summary.incidents).toEqual([]);
    expect(page.atomTitles).toHaveLength(4);
    // A second deploy of the same content announces nothing.
    notified = await deploy({ build: false });
    expect(notified.code, notified.err).toBe(0);
    expect(news()).toEqual({ mail: [], hooks: [] });

    // ---- Thursday 5 March: a maintenance window tonight, 22:00 to 23:00.
    at('2026-03-05T10:00:00+01:00');
    await statusmark(
      'maintenance',
      '--title',
      'Dashboard database upgrade',
      '--from',
      '2026-03-05 22:00 +01:00',
      '--until',
      '2026-03-05 23:00 +01:00',
      '--service',
      'dashboard',
      '--message',
      'The dashboard is read-only during the upgrade.',
      '--commit',
    );
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    expect(news()).toEqual({
      mail: ['status-announce@acme.example [Acme Status] Maintenance scheduled: Dashboard database upgrade'],
      hooks: ['Dashboard database upgrade / scheduled'],
    });
    page = await livePage();
    expect(page.summary.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([['Dashboard database upgrade', 'scheduled']]);
    expect(page.summary.status.indicator).toBe('none');

    // The scheduled runs ask the live page whether a build is due: not at 21:00 (an hour
    // early, runs every 30 minutes), yes at 21:50, waiting the 10 minutes to 22:00.
    const contentCommit = (await git('log', '-1', '--format=%H', '--', 'content')).trim();
    const due = async (instant: string) =>
      (
        await run('sh', ['node_modules/statusmark/src/cli/due.sh'], site, {
          BUILD_JSON_URL: `${liveUrl}/api/build.json`,
          CONTENT_COMMIT: contentCommit,
          INTERVAL_MINUTES: '30',
          NOW: instant,
          STATUSMARK_NOW: instant,
        })
      ).trim();
    expect(await due('2026-03-05T21:00:00+01:00')).toBe('not due: next change at 2026-03-05T21:00:00.000Z, in 60 minutes');
    expect(await due('2026-03-05T21:50:00+01:00')).toBe(
      'build: it changes at 2026-03-05T21:00:00.000Z, before the next run; waiting 600 s',
    );
    at('2026-03-05T22:00:00+01:00');
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    page = await livePage();
    expect(page.summary.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(page.headline).toBe(page.summary.status.description);
    expect(page.summary.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([['Dashboard database upgrade', 'in_progress']]);
    // The window opening is the page changing by itself, not a new post: nothing to announce.
    expect(news()).toEqual({ mail: [], hooks: [] });

    // ---- Monday 9 March: a notice.
    at('2026-03-09T08:30:00+01:00');
    await statusmark(
      'notice',
      '--title',
      'Phone support closed today',
      '--level',
      'warning',
      '--message',
      'Write to support@acme.example instead.',
      '--commit',
    );
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    expect(news()).toEqual({
      mail: ['status-announce@acme.example [Acme Status] Notice: Phone support closed today'],
      hooks: ['notice Phone support closed today'],
    });
    page = await livePage();
    expect(page.home).toContain('Phone support closed today');

    // ---- Wednesday 11 March: German as a second language, and a German list.
    at('2026-03-11T09:00:00+01:00');
    const siteYaml = join(site, 'content/site.yaml');
    writeFileSync(siteYaml, `${readFileSync(siteYaml, 'utf8').replace(/^# *languages:.*\n/m, '')}languages: [en, de]\n`);
    writeFileSync(
      join(site, 'content/notify.yaml'),
      `${readFileSync(join(site, 'content/notify.yaml'), 'utf8')}  - name: ankuendigung
    type: email
    language: de
    smtp: { host: 127.0.0.1, port: ${smtp.port} }
    from: Acme Status <status@acme.example>
    to: status-de@acme.example
    unsubscribe: mailto:status-de+unsubscribe@acme.example
`,
    );
    await git('add', 'content');
    await git('commit', '-qm', 'German as a second language');
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    // A new language is not news: nothing goes out again.
    expect(news()).toEqual({ mail: [], hooks: [] });
    const de = await livePage('/de');
    expect(de.home).toMatch(/<html lang="de"/);
    // The date as German writes it, from CLDR: "11. März 2026".
    const germanDay = new Intl.DateTimeFormat('de', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE }).format(
      new Date(now),
    );
    expect(germanDay).toBe('11. März 2026');
    expect(de.home).toContain(germanDay);
    expect(de.home).toContain(
      new Intl.NumberFormat('de', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(1),
    );

    // ---- Friday 13 March: a new incident with two updates in the same minute.
    at('2026-03-13T11:00:00+01:00');
    await statusmark(
      'new',
      '--title',
      'Slow dashboard',
      '--service',
      'dashboard=degraded',
      '--message',
      'Pages take up to 10 seconds to load.',
      '--commit',
    );
    const slow = 'slow-dashboard';
    at('2026-03-13T11:30:00+01:00');
    await statusmark('update', slow, '--state', 'identified', '--message', 'A slow query on the reports table.', '--commit');
    await statusmark('update', slow, '--state', 'monitoring', '--message', 'The query is fixed; watching.', '--commit');
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    const subjects = (lang: 'en' | 'de', kinds: string[]) =>
      kinds.map((k) =>
        lang === 'en'
          ? `status-announce@acme.example [Acme Status] ${k}: Slow dashboard`
          : `status-de@acme.example [Acme Status] ${k}: Slow dashboard`,
      );
    const sent = news();
    // Oldest first, in order of posting: the same-minute pair in the order written.
    expect(sent.hooks).toEqual(['Slow dashboard / investigating', 'Slow dashboard / identified', 'Slow dashboard / monitoring']);
    expect(sent.mail.filter((m) => m.startsWith('status-announce@'))).toEqual(
      subjects('en', ['Investigating', 'Identified', 'Monitoring']),
    );
    expect(sent.mail.filter((m) => m.startsWith('status-de@'))).toEqual(
      subjects('de', ['Wird untersucht', 'Ursache identifiziert', 'Wird beobachtet']),
    );
    page = await livePage();
    // Newest first: of the two 11:30 updates the one written later comes first.
    expect(page.atomTitles.slice(0, 3)).toEqual([
      'Monitoring: Slow dashboard',
      'Identified: Slow dashboard',
      'Investigating: Slow dashboard',
    ]);
    expect(page.rssTitles.slice(0, 3)).toEqual(page.atomTitles.slice(0, 3));
    expect(page.summary.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    expect(page.headline).toBe(page.summary.status.description);

    // ---- Later that day: someone adds the 11:15 update that was posted in chat but not on the page.
    at('2026-03-13T12:00:00+01:00');
    const file = incidentFile(slow);
    const text = readFileSync(file, 'utf8');
    const firstUpdate = text.indexOf('\n## Identified');
    expect(firstUpdate).toBeGreaterThan(0);
    writeFileSync(
      file,
      `${text.slice(0, firstUpdate)}\n## Investigating 2026-03-13 11:15 +01:00\n\nThe reports page is the slowest; other pages are fine.\n${text.slice(firstUpdate)}`,
    );
    await git('add', 'content');
    await git('commit', '-qm', 'Backfill the 11:15 update of the slow dashboard');
    notified = await deploy();
    expect(notified.code, notified.err).toBe(0);
    // Exactly one new message per channel, no correction of the updates after it.
    const backfilled = news();
    expect(backfilled.hooks).toEqual(['Slow dashboard / investigating']);
    expect(backfilled.mail).toEqual([...subjects('en', ['Investigating']), ...subjects('de', ['Wird untersucht'])]);
    page = await livePage();
    expect(page.atomTitles.slice(0, 4)).toEqual([
      'Monitoring: Slow dashboard',
      'Identified: Slow dashboard',
      'Investigating: Slow dashboard',
      'Investigating: Slow dashboard',
    ]);

    // Everything went to the remote the team pushes to.
    await git('push', '-q', 'origin', 'main');
    expect((await run('git', ['log', '--format=%s', 'main'], origin)).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(12);
    // Nothing was delivered twice: every webhook delivery id is unique.
    const ids = hook.accepted.map((r) => String(r.headers['x-statusmark-delivery']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(existsSync(join(site, '.statusmark/notify-state.json'))).toBe(true);
  });
});
