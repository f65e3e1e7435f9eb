/**
 * `npm run bench -- --subscribers`: the subscription service under a real load, on SQLite
 * and on PostgreSQL (an initdb cluster in a temporary folder). 10,000 confirmed subscribers,
 * half following the API; one update touching the API is handed over; the service is
 * killed with SIGKILL while the relay takes the 2,500th mail, and started again. Checks that
 * the SMTP server received exactly 5,000 mails, one for each follower, none for the others,
 * none twice; reports mails per second (before the kill and after the restart) and the
 * service's peak memory (VmHWM).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../src/dev/postgres.ts';
import { startServiceProcess } from '../src/dev/service.ts';
import { startInbox } from '../src/dev/smtp.ts';
import { loadContent } from '../src/lib/content/load.ts';
import { handoffBody } from '../src/lib/notify/handoff.ts';
import { buildRecord } from '../src/lib/notify/record.ts';
import type { DatabaseConfig } from '../src/serve/config.ts';
import { openDatabase } from '../src/serve/db/database.ts';
import { freePort } from '../src/dev/ports.ts';

const SUBSCRIBERS = 10_000;
const FOLLOWERS = SUBSCRIBERS / 2;
const KILL_AT = FOLLOWERS / 2;
const TOKEN = 'bench-handoff-token-0123456789abcdef0123';

const root = join(import.meta.dirname, '..');
const contentDir = join(root, 'content');

/** The service's peak resident memory so far, in MiB (Linux's VmHWM). */
function peakMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

interface Result {
  database: string;
  mails: number;
  distinct: number;
  twice: number;
  strangers: number;
  beforeKillPerSecond: number;
  afterRestartPerSecond: number;
  peakMiB: number;
  unknown: number;
}

async function run(name: string, database: DatabaseConfig, work: string): Promise<Result> {
  const content = loadContent(contentDir, root).content!;
  const after = buildRecord(content, new Date('2025-01-27T10:30:00Z'), { id: 'bench', status: { indicator: 'none', description: 'ok' } });
  const key = 'incident/2025-01-14-api-latency-spike/20250114T081000Z';
  const body = handoffBody({ ...after, entries: after.entries.filter((e) => e.key !== key) }, after)!;
  if (body.entries.length !== 1 || body.entries[0]!.services.map((s) => s.id).join() !== 'api') throw new Error('the demo update changed');

  const db = await openDatabase(database);
  const now = new Date().toISOString();
  const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
    id: `bench${i}`,
    address: `u${i}@example.com`,
    language: i % 4 === 0 ? 'zh-CN' : 'en',
    services: JSON.stringify(i % 2 === 0 ? ['api'] : ['login']),
    state: 'confirmed' as const,
    created_at: now,
    confirmed_at: now,
    confirm_mailed_at: now,
    bounced_reason: null,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('subscribers')
      .values(rows.slice(i, i + 500))
      .execute();

  const inbox = await startInbox({ parse: false });
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let reached!: () => void;
  const held = new Promise<void>((r) => {
    reached = r;
  });
  inbox.hold = (n) => {
    if (n !== KILL_AT) return undefined;
    reached();
    return gate;
  };
  const port = await freePort();
  const env = {
    PORT: String(port),
    SMTP_URL: inbox.url,
    STATUSMARK_MAIL_FROM: 'status@nimbus.example',
    STATUSMARK_PUBLIC_URL: `http://127.0.0.1:${port}`,
    STATUSMARK_SERVE_TOKEN: TOKEN,
    STATUSMARK_MAIL_RATE: '100000',
    ...(database.kind === 'sqlite' ? { STATUSMARK_DB: database.file } : { DATABASE_URL: database.url }),
  };
  const first = await startServiceProcess(['--content', contentDir], work, env);
  const started = performance.now();
  const answer = await fetch(`${first.url}/handoff`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`hand-off: HTTP ${answer.status}`);
  await held;
  const killedAfter = (performance.now() - started) / 1000;
  let peak = peakMiB(first.child.pid!);
  first.child.kill('SIGKILL');
  await first.exited;
  release();
  await inbox.waitForCount(KILL_AT);

  const second = await startServiceProcess(['--content', contentDir], work, env);
  const restarted = performance.now();
  await inbox.waitForCount(FOLLOWERS);
  const restartSeconds = (performance.now() - restarted) / 1000;
  peak = Math.max(peak, peakMiB(second.child.pid!));
  // A moment for anything extra to arrive (there must be none).
  await new Promise((r) => setTimeout(r, 2000));
  second.child.kill('SIGTERM');
  await second.exited;

  const counts = inbox.counts();
  const unknown = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('state', '=', 'unknown')
    .executeTakeFirstOrThrow();
  await db.destroy();
  await inbox.close();
  const followers = new Set(rows.filter((_, i) => i % 2 === 0).map((r) => r.address));
  return {
    database: name,
    mails: inbox.mail.length,
    distinct: counts.size,
    twice: [...counts.values()].filter((n) => n > 1).length,
    strangers: [...counts.keys()].filter((a) => !followers.has(a)).length,
    beforeKillPerSecond: KILL_AT / killedAfter,
    afterRestartPerSecond: (inbox.mail.length - KILL_AT) / restartSeconds,
    peakMiB: peak,
    unknown: Number(unknown.n),
  };
}

function row(r: Result): string {
  return `| ${r.database.padEnd(10)} | ${String(r.mails).padStart(5)} | ${String(r.distinct).padStart(8)} | ${String(r.twice).padStart(5)} | ${String(r.strangers).padStart(13)} | ${r.beforeKillPerSecond.toFixed(0).padStart(19)} | ${r.afterRestartPerSecond.toFixed(0).padStart(21)} | ${r.peakMiB.toFixed(0).padStart(8)} | ${String(r.unknown).padStart(7)} |`;
}

/** Runs the section, printing each database's row as it is measured; whether every check passed. */
export async function benchSubscribers(): Promise<boolean> {
  console.log(
    `\nSubscriptions: ${SUBSCRIBERS.toLocaleString('en')} confirmed subscribers, ${FOLLOWERS.toLocaleString('en')} following the service one update touches; SIGKILL while the relay takes mail ${KILL_AT.toLocaleString('en')}, then a restart\n`,
  );
  console.log(
    '| database   | mails | distinct | twice | not followers | mails/s before kill | mails/s after restart | peak MiB | unknown |',
  );
  console.log(
    '|------------|-------|----------|-------|---------------|---------------------|-----------------------|----------|---------|',
  );
  const results: Result[] = [];
  const work = mkdtempSync(join(tmpdir(), 'statusmark-bench-subscribers-'));
  // PostgreSQL runs as nobody, who must reach its folder: one of its own under the system's temporary folder.
  const pgFolder = mkdtempSync(join(tmpdir(), 'statusmark-bench-postgres-'));
  try {
    results.push(await run('SQLite', { kind: 'sqlite', file: join(work, 'subscribers.sqlite') }, work));
    console.log(row(results.at(-1)!));
    const postgres = await startPostgres(pgFolder);
    try {
      results.push(await run('PostgreSQL', { kind: 'postgres', url: await postgres.createDatabase('bench') }, work));
      console.log(row(results.at(-1)!));
    } finally {
      await postgres.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(pgFolder, { recursive: true, force: true });
  }
  const checks: [string, boolean][] = results.map((r) => [
    `${r.database}: exactly ${FOLLOWERS} mails, one per follower, none twice, none to others (${r.mails} mails to ${r.distinct} addresses)`,
    r.mails === FOLLOWERS && r.distinct === FOLLOWERS && r.twice === 0 && r.strangers === 0,
  ]);
  console.log('');
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
  return checks.every(([, ok]) => ok);
}
