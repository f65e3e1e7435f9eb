/**
 * Turns at the relay. A mail whose turn comes when the service no longer wants it (it is
 * stopping) is not sent. A delivery whose mail cannot be written (its stored update does not
 * read) fails at once with a log line, instead of staying first in line, where every round of
 * the sender would stop at it and no other mail would ever go. The mailer and the sender run in
 * this process on a real SQLite file and a real SMTP server on 127.0.0.1.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInbox, type Inbox } from '../../src/dev/smtp.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import { type Db, openDatabase } from '../../src/serve/db/database.ts';
import { Lifecycle } from '../../src/serve/lifecycle.ts';
import { createLog } from '../../src/serve/log.ts';
import { createMailer } from '../../src/serve/mailer.ts';
import { Sender } from '../../src/serve/subscriptions/sender.ts';
import { addEntries, confirm, dueDeliveries, recordSignUp } from '../../src/serve/subscriptions/store.ts';

const folder = tempFolders('serve-turns');
const SECRET = 's'.repeat(40);
let db: Db;
let inbox: Inbox;

beforeAll(async () => {
  db = await openDatabase({ kind: 'sqlite', file: join(folder(), 'subscribers.sqlite') });
  inbox = await startInbox();
});
afterAll(async () => {
  await db?.destroy();
  await inbox?.close();
});

describe('a turn the service no longer wants', () => {
  it('sends nothing and asks the relay nothing', async () => {
    const mailer = createMailer({ url: inbox.url, from: 'status@example.com', perSecond: 1000 });
    const mail = { to: 'b@example.com', subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' };
    try {
      expect(await mailer.send(mail, async () => false)).toBe(false);
      expect(inbox.mail).toEqual([]);
      // The same mail in a turn that is wanted goes.
      expect(await mailer.send(mail, async () => true)).toBe(true);
      await inbox.waitForCount(1);
      expect(inbox.mail.map((m) => m.parsed.subject)).toEqual(['Hello']);
    } finally {
      mailer.close();
    }
    // A service that has begun to stop: no turn starts anything, whoever asks.
    const stopped = createMailer({ url: inbox.url, from: 'status@example.com', perSecond: 1000 }, () => true);
    try {
      expect(await stopped.send(mail)).toBe(false);
      expect(await stopped.send(mail, async () => true)).toBe(false);
      expect(await stopped.check()).toBe(false);
      expect(inbox.mail).toHaveLength(1);
    } finally {
      stopped.close();
    }
  });
});

describe('a delivery whose mail cannot be written', () => {
  it('fails with a log line and leaves the line free', { timeout: stretched(60_000) }, async () => {
    const now = new Date();
    const signedUp = await recordSignUp(db, { address: 'a@example.com', language: 'en', services: null }, (t) => tokenHash(SECRET, t), now);
    await confirm(db, tokenHash(SECRET, signedUp.mail!.token), now);
    const key = 'incident/broken/1';
    await addEntries(db, [{ id: key, entry: { key, kind: 'incident', services: [] }, payload: '{ not json' }], true, now);
    expect((await dueDeliveries(db, 10)).map((d) => d.entryId)).toEqual([key]);

    const lines: string[] = [];
    const log = createLog(SECRET, (line) => lines.push(line));
    const mailer = createMailer({ url: inbox.url, from: 'status@example.com', perSecond: 1000 });
    const sender = new Sender({ db, mailer, log, lifecycle: new Lifecycle(), secret: SECRET, publicUrl: 'http://127.0.0.1:1' });
    sender.wake();
    const state = async () => (await db.selectFrom('deliveries').select('state').executeTakeFirstOrThrow()).state;
    while ((await state()) === 'pending') await new Promise((r) => setTimeout(r, 50));
    sender.stop();
    mailer.close();

    expect(await state()).toBe('failed');
    expect(await dueDeliveries(db, 10)).toEqual([]);
    const failed = lines
      .map((l) => JSON.parse(l) as { event: string; final?: boolean; reason?: string })
      .filter((l) => l.event === 'send-failed');
    expect(failed).toEqual([expect.objectContaining({ final: true, reason: expect.stringMatching(/^the mail cannot be written: /) })]);
    // Only the one mail of the test above.
    expect(inbox.mail).toHaveLength(1);
  });
});
