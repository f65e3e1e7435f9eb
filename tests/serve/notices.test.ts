/**
 * Whether a notice, which names no service, is mailed to every subscriber is the site's
 * choice (site.yaml's `subscriptions.notices`): the real service, started on a copy of the
 * demo content with and without `notices: none`, takes the same hand-off (an update of the
 * API and the notice) and mails the notice to every subscriber, or to no one.
 */
import { appendFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { entryIn, type PublishedRecord } from '../../src/lib/notify/record.ts';
import { addConfirmed, contentDir, demoContent, demoRecord, handOff, type Setup, settledDeliveries, startSetup } from './harness.ts';

const folder = tempFolders('serve-notices');
const setups: Setup[] = [];
afterAll(async () => {
  for (const s of setups) await s.stop();
}, stretched(60_000));

const after = demoRecord(demoContent());
const update = after.entries.find((e) => e.key === 'incident/2025-01-14-api-latency-spike/20250114T081000Z')!;
const notice = after.entries.find((e) => e.kind === 'notice')!;
const before: PublishedRecord = { ...after, entries: after.entries.filter((e) => e !== update && e !== notice) };

/** The service on a copy of the demo content whose site.yaml ends with `subscriptions` (its lines as given). */
async function serviceFor(subscriptions: string[]): Promise<Setup> {
  const dir = folder();
  const content = join(dir, 'content');
  cpSync(contentDir, content, { recursive: true });
  appendFileSync(join(content, 'site.yaml'), `subscriptions:\n${subscriptions.map((line) => `  ${line}\n`).join('')}`);
  const s = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') }, {}, undefined, content);
  setups.push(s);
  await addConfirmed(s.db, ['api@example.com'], ['api']);
  await addConfirmed(s.db, ['all@example.com'], null);
  return s;
}

/** The subjects each address got, sorted. */
function subjects(s: Setup): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of s.inbox.mail) (out[m.to[0]!] ??= []).push(m.parsed.subject ?? '');
  for (const list of Object.values(out)) list.sort();
  return out;
}

describe("notices by mail: the site's choice in site.yaml", () => {
  it('the hand-off holds the update of a followed service and a notice that names none', () => {
    expect(update.services.map((x) => x.id)).toEqual(['api']);
    expect(notice.services).toEqual([]);
  });

  it(
    'by default (no notices key) mails the notice to every subscriber, whatever services they follow',
    async () => {
      const s = await serviceFor(['url: https://status-mail.nimbus.example']);
      expect(await handOff(s.url, before, after)).toEqual({ received: 2, new: 2, deliveries: 4 });
      await s.inbox.waitForCount(4);
      expect(await settledDeliveries(s.db)).toEqual({ sent: 4 });
      const got = subjects(s);
      expect(Object.keys(got).sort()).toEqual(['all@example.com', 'api@example.com']);
      for (const list of Object.values(got)) {
        expect(list).toHaveLength(2);
        expect(list.filter((subject) => subject.includes(entryIn(notice, 'en').title))).toHaveLength(1);
        expect(list.filter((subject) => subject.includes(entryIn(update, 'en').title))).toHaveLength(1);
      }
    },
    stretched(120_000),
  );

  it(
    'with notices: none mails the notice to no one, and the update still to its followers',
    async () => {
      const s = await serviceFor(['url: https://status-mail.nimbus.example', 'notices: none']);
      expect(await handOff(s.url, before, after)).toEqual({ received: 2, new: 2, deliveries: 2 });
      await s.inbox.waitForCount(2);
      expect(await settledDeliveries(s.db)).toEqual({ sent: 2 });
      const got = subjects(s);
      expect(Object.keys(got).sort()).toEqual(['all@example.com', 'api@example.com']);
      for (const list of Object.values(got)) {
        expect(list).toHaveLength(1);
        expect(list[0]).toContain(entryIn(update, 'en').title);
        expect(list[0]).not.toContain(entryIn(notice, 'en').title);
      }
    },
    stretched(120_000),
  );
});
