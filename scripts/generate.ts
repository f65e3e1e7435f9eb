/**
 * Synthetic but realistic content for benchmarks and archive tests: N incidents over
 * several years across 20 services in 4 groups, 1 to 6 updates each with a few
 * paragraphs of Markdown, maintenance windows, notices and a few drafts.
 * Deterministic: the same N and seed give the same files.
 *
 * Usage: node scripts/generate.ts DIR [--n 1000] [--seed 1]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newFile, updateBlock } from '../src/lib/authoring/edit.ts';
import {
  INCIDENT_SERVICE_STATUSES,
  type IncidentServiceStatus,
  type IncidentState,
  type MaintenanceState,
} from '../src/lib/content/model.ts';
import { dayKey, toOffsetIso } from '../src/lib/languages/time.ts';
import { incidentSlug, slugify } from '../src/lib/content/slug.ts';
import { impactOf } from '../src/lib/status/status.ts';

export interface GenerateOptions {
  n: number;
  seed?: number;
  /** The snapshot the site is pinned to; the archive ends here. */
  now?: Date;
  timeZone?: string;
}

export interface Generated {
  incidents: number;
  drafts: number;
  unresolved: number;
  maintenance: number;
  notices: number;
  services: number;
}

const INCIDENTS_PER_YEAR = 1000;

const GROUPS: Record<string, string[]> = {
  Accounts: ['Sign-up', 'Login', 'Single sign-on', 'Billing', 'Account settings'],
  Chat: ['Web chat', 'iOS app', 'Android app', 'Desktop app', 'File uploads'],
  'Developer platform': ['REST API', 'Streaming API', 'Embeddings API', 'API console', 'Webhooks'],
  Infrastructure: ['Website', 'Documentation', 'Search', 'Notifications', 'Status e-mails'],
};

const TOPICS = [
  ['Elevated error rates', 'requests fail with 5xx errors'],
  ['Slow responses', 'responses take several seconds'],
  ['Degraded performance', 'some requests time out'],
  ['Partial outage', 'a share of users cannot connect'],
  ['Login failures', 'users are signed out unexpectedly'],
  ['Delayed notifications', 'notifications arrive late'],
];
const CAUSES = [
  'a faulty deployment',
  'an overloaded database replica',
  'a failing network link',
  'a certificate renewal',
  'a third-party provider outage',
  'a cache stampede',
];

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paragraphs(rand: () => number, what: string, cause: string): string {
  const extra = [
    `Engineers traced the problem to ${cause}. We are working on a fix and will post again within the hour.`,
    `- Affected requests: about ${Math.round(rand() * 40 + 5)}%\n- Regions: ${['Europe', 'Asia', 'North America'][Math.floor(rand() * 3)]}\n- Workaround: retry after a minute`,
    `See the [runbook](https://example.com/runbooks/${Math.floor(rand() * 1000)}) for details. Data is **not** affected.`,
  ];
  const count = 1 + Math.floor(rand() * 3);
  return [`We are seeing that ${what}.`, ...extra.slice(0, count)].join('\n\n');
}

export function generateContent(dir: string, options: GenerateOptions): Generated {
  const { n, seed = 1, now = new Date('2026-11-01T12:00:00Z'), timeZone = 'Europe/Berlin' } = options;
  const rand = random(seed);
  const zone = { timeZone, locale: 'en-GB' };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  mkdirSync(join(dir, 'maintenance'), { recursive: true });
  mkdirSync(join(dir, 'notices'), { recursive: true });

  writeFileSync(
    join(dir, 'site.yaml'),
    `name: Example Cloud Status\nurl: https://status.example.com\ndescription: Generated archive of ${n} incidents.\ntimezone: ${timeZone}\nlocale: en-GB\nhistory_days: 7\nsnapshot: ${toOffsetIso(now, zone)}\n`,
  );
  const services: { id: string; name: string; group: string }[] = [];
  for (const [group, names] of Object.entries(GROUPS)) {
    for (const name of names) services.push({ id: slugify(name), name, group });
  }
  writeFileSync(
    join(dir, 'services.yaml'),
    `services:\n${services.map((s) => `  - id: ${s.id}\n    name: ${s.name}\n    group: ${s.group}\n    description: The ${s.name.toLowerCase()} of Example Cloud.\n`).join('')}`,
  );

  // A steady rate (1,000 incidents a year, about 2.7 a day) so that what the recent pages show
  // does not depend on N: 10,000 incidents are ten years of history, not a busier quarter.
  const span = (n / INCIDENTS_PER_YEAR) * 365 * 86_400_000;
  const start = now.getTime() - span;
  const result: Generated = { incidents: 0, drafts: 0, unresolved: 0, maintenance: 0, notices: 0, services: services.length };
  for (let i = 0; i < n; i++) {
    // The last two incidents are still open at `now`, so pages show active incidents.
    const recent = i >= n - 2;
    const begin = recent
      ? now.getTime() - (n - i) * 3 * 3_600_000
      : Math.floor((start + (span * (i + rand() * 0.9)) / n) / 60_000) * 60_000;
    const duration = Math.floor(10 + rand() * 470) * 60_000;
    const open = recent || begin + duration > now.getTime() - 60_000;
    const [topic, what] = TOPICS[Math.floor(rand() * TOPICS.length)] as [string, string];
    const cause = CAUSES[Math.floor(rand() * CAUSES.length)] as string;
    const affected: Record<string, IncidentServiceStatus> = {};
    const count = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) {
      const s = services[Math.floor(rand() * services.length)]!;
      affected[s.id] = INCIDENT_SERVICE_STATUSES[Math.floor(rand() * INCIDENT_SERVICE_STATUSES.length)]!;
    }
    const worst = Object.values(affected);
    const impact = impactOf(worst);
    const states: IncidentState[] = ['investigating', 'identified', 'monitoring'];
    // A closed incident needs at least its first update and its resolution.
    const updates = Math.max(open ? 1 : 2, 1 + Math.floor(rand() * 6));
    const blocks: string[] = [];
    const end = open ? now.getTime() - 60_000 : begin + duration;
    for (let u = 0; u < updates; u++) {
      const last = u === updates - 1 && !open;
      const at = new Date(Math.floor((begin + ((end - begin) * u) / Math.max(1, updates - 1)) / 60_000) * 60_000);
      const state: IncidentState = last ? 'resolved' : (states[Math.min(u, 2)] as IncidentState);
      blocks.push(
        updateBlock(
          state,
          at,
          zone,
          state === 'resolved' ? 'The fix is in place and the service is back to normal.' : paragraphs(rand, what, cause),
        ),
      );
    }
    const resolved = !open;
    const draft = rand() < 0.01;
    const started = new Date(begin);
    const title = `${topic} on ${services.find((s) => s.id === Object.keys(affected)[0])!.name}`;
    const slug = `${incidentSlug(dayKey(started, zone), title)}-${i}`;
    const folder = join(dir, 'incidents', dayKey(started, zone).slice(0, 4));
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `${slug}.md`),
      newFile(
        {
          title,
          impact,
          services: affected,
          started: toOffsetIso(started, zone),
          ...(resolved ? { resolved: toOffsetIso(new Date(Math.floor(end / 60_000) * 60_000), zone) } : {}),
          ...(draft ? { draft: true } : {}),
        },
        blocks.join('\n'),
      ),
    );
    if (draft) result.drafts++;
    else {
      result.incidents++;
      if (!resolved) result.unresolved++;
    }
  }

  const windows = Math.max(2, Math.floor(n / 20));
  for (let m = 0; m < windows; m++) {
    const from = Math.floor((start + (span * (m + 0.5)) / windows) / 3_600_000) * 3_600_000;
    const until = from + (1 + Math.floor(rand() * 3)) * 3_600_000;
    const ids = [services[Math.floor(rand() * services.length)]!.id];
    const states: [MaintenanceState, number][] = [['scheduled', from - 2 * 86_400_000]];
    if (until < now.getTime()) states.push(['in_progress', from], ['completed', until - 15 * 60_000]);
    const blocks = states.map(([state, at]) =>
      updateBlock(
        state,
        new Date(at),
        zone,
        state === 'scheduled'
          ? 'We will upgrade the servers behind this service. Expect short interruptions.'
          : state === 'in_progress'
            ? 'The work has started.'
            : 'The work is finished.',
      ),
    );
    writeFileSync(
      join(dir, 'maintenance', `${dayKey(new Date(from), zone)}-server-upgrade-${m}.md`),
      newFile(
        {
          title: `Server upgrade ${m + 1}`,
          scheduled_for: toOffsetIso(new Date(from), zone),
          scheduled_until: toOffsetIso(new Date(until), zone),
          services: ids,
        },
        blocks.join('\n'),
      ),
    );
    result.maintenance++;
  }
  for (let k = 0; k < 3; k++) {
    const from = new Date(now.getTime() - (k * 200 + 1) * 86_400_000);
    writeFileSync(
      join(dir, 'notices', `notice-${k + 1}.md`),
      newFile(
        {
          title: `Notice ${k + 1}: planned changes`,
          level: k === 0 ? 'warning' : 'info',
          from: toOffsetIso(from, zone),
          ...(k > 0 ? { until: toOffsetIso(new Date(from.getTime() + 30 * 86_400_000), zone) } : {}),
        },
        'We are changing how this works. **Nothing** is needed from you.\n',
      ),
    );
    result.notices++;
  }
  return result;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    options: { n: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir) {
    console.error('usage: node scripts/generate.ts DIR [--n 1000] [--seed 1]');
    process.exit(2);
  }
  console.log(JSON.stringify(generateContent(dir, { n: Number(values.n), seed: Number(values.seed) })));
}
