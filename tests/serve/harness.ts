/**
 * What the subscription tests share: the demo content, a real SMTP server, the real service
 * process on a port chosen before it starts (so its public URL is known), and a look into
 * its database.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { handoffBody } from '../../src/lib/notify/handoff.ts';
import { freePort } from '../../src/dev/ports.ts';
import { type ServiceProcess, startServiceProcess, TEST_SECRET } from '../../src/dev/service.ts';
import { type Inbox, startInbox } from '../../src/dev/smtp.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import type { Content } from '../../src/lib/content/model.ts';
import { buildRecord, type PublishedRecord } from '../../src/lib/notify/record.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import type { DatabaseConfig } from '../../src/serve/config.ts';
import { type Db, openDatabase } from '../../src/serve/db/database.ts';
import { confirm, deliveryCounts, recordSignUp } from '../../src/serve/subscriptions/store.ts';

export const root = resolve(import.meta.dirname, '../..');
export const contentDir = join(root, 'content');
export const HANDOFF_TOKEN = 'handoff-token-0123456789abcdef0123456789';

export function demoContent(): Content {
  const loaded = loadContent(contentDir, root);
  if (!loaded.content) throw new Error('the demo content does not load');
  return loaded.content;
}

/** The demo's notify record, as its build publishes it at the demo's snapshot time. */
export function demoRecord(content: Content): PublishedRecord {
  return buildRecord(content, new Date('2025-01-27T10:30:00Z'), { id: 'demo', status: { indicator: 'minor', description: 'Minor' } });
}

export interface Setup {
  inbox: Inbox;
  service: ServiceProcess;
  url: string;
  env: Record<string, string>;
  db: Db;
  folder: string;
  restart(): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/** The service with a fresh database (`database`), the demo content (or the folder `content`) and an SMTP server. */
export async function startSetup(
  folder: string,
  database: DatabaseConfig,
  extra: Record<string, string> = {},
  inbox?: Inbox,
  content = contentDir,
): Promise<Setup> {
  const mailbox = inbox ?? (await startInbox());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port),
    SMTP_URL: mailbox.url,
    STATUSMARK_MAIL_FROM: 'status@nimbus.example',
    STATUSMARK_PUBLIC_URL: url,
    STATUSMARK_SERVE_TOKEN: HANDOFF_TOKEN,
    STATUSMARK_MAIL_RATE: '1000',
    ...(database.kind === 'sqlite' ? { STATUSMARK_DB: database.file } : { DATABASE_URL: database.url }),
    ...extra,
  };
  let service = await startServiceProcess(['--content', content], folder, env);
  const db = await openDatabase(database);
  const setup: Setup = {
    inbox: mailbox,
    service,
    url,
    env,
    db,
    folder,
    async restart() {
      service = await startServiceProcess(['--content', content], folder, env);
      setup.service = service;
      return service;
    },
    async stop() {
      if (setup.service.child.exitCode === null && setup.service.child.signalCode === null) {
        setup.service.child.kill('SIGTERM');
        await setup.service.exited;
      }
      await db.destroy();
      if (!inbox) await mailbox.close();
    },
  };
  return setup;
}

export const SITE_ORIGIN = 'https://status.nimbus.example';

/** Confirmed subscribers at `addresses`, in English, following `services` (null: all), written straight into the database. */
export async function addConfirmed(db: Db, addresses: string[], services: string[] | null = null): Promise<void> {
  for (const address of addresses) {
    const r = await recordSignUp(db, { address, language: 'en', services }, (t) => tokenHash(TEST_SECRET, t), new Date());
    await confirm(db, tokenHash(TEST_SECRET, r.mail!.token), new Date());
  }
}

/** Hands what is new from `before` to `after` to the service at `url`, as `statusmark notify` does; the service's answer. */
export async function handOff(url: string, before: PublishedRecord, after: PublishedRecord) {
  const r = await fetch(`${url}/handoff`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${HANDOFF_TOKEN}` },
    body: JSON.stringify(handoffBody(before, after)),
  });
  if (r.status !== 200) throw new Error(`the hand-off was answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as { received: number; new: number; deliveries: number };
}

/** POSTs the Subscribe page's form as a browser would from the page. */
export function signUp(url: string, fields: [string, string][], headers: Record<string, string> = { Origin: SITE_ORIGIN }) {
  return fetch(`${url}/subscribe`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function rows(db: Db, table: 'subscribers' | 'tokens' | 'deliveries' | 'entries'): Promise<number> {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const found = text.split(/\s+/).find((w) => w.startsWith(prefix));
  if (!found) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return found;
}

/** The delivery counts once nothing is pending or being sent (waits, within the test's own limit). */
export async function settledDeliveries(db: Db): Promise<Record<string, number>> {
  for (;;) {
    const counts = await deliveryCounts(db);
    if (!counts.pending && !counts.sending) return counts;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** `statusmark notify` as a deploy runs it in `dir`, from `before` to `after`, handing over to the service at `url`. */
export function runNotify(dir: string, url: string, before: PublishedRecord, after: PublishedRecord, token = HANDOFF_TOKEN) {
  writeFileSync(join(dir, 'before.json'), JSON.stringify(before));
  writeFileSync(join(dir, 'after.json'), JSON.stringify(after));
  const { STATUSMARK_CONTENT: _c, ...env } = process.env;
  return spawnSync(
    process.execPath,
    [join(root, 'src/cli/statusmark.ts'), 'notify', '--before', 'before.json', '--after', 'after.json', '--content', contentDir],
    { cwd: dir, encoding: 'utf8', env: { ...env, STATUSMARK_SERVE_URL: url, STATUSMARK_SERVE_TOKEN: token } },
  );
}
