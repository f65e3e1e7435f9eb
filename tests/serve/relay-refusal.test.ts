/**
 * A 5xx reply that is not a refusal of the recipient (the relay refusing the message at DATA,
 * or the service's login) is the service's or the relay's fault: nobody is bounced, the
 * deliveries stay pending, and sending stops for the round with a log line. The real service,
 * the real `statusmark notify` and the real smtp-server (over TLS for the login case, with a
 * certificate made by openssl that the service trusts through NODE_EXTRA_CA_CERTS).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../src/dev/service.ts';
import { type Inbox, startInbox } from '../../src/dev/smtp.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import type { PublishedRecord } from '../../src/lib/notify/record.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import { allSubscribers, confirm, deliveryCounts, recordSignUp } from '../../src/serve/subscriptions/store.ts';
import { demoContent, demoRecord, runNotify, type Setup, startSetup } from './harness.ts';

const folder = tempFolders('serve-refusal');
const after = demoRecord(demoContent());
const SLUG = '2025-01-21-login-errors-on-web';
const before: PublishedRecord = { ...after, entries: after.entries.filter((e) => e.slug !== SLUG) };

let s: Setup | undefined;
let inbox: Inbox | undefined;
afterEach(async () => {
  await s?.stop();
  await inbox?.close();
  s = undefined;
  inbox = undefined;
}, stretched(60_000));

/** A self-signed certificate for 127.0.0.1, made by openssl in `dir`. */
function certificate(dir: string): { key: string; cert: string; file: string } {
  const key = join(dir, 'key.pem');
  const file = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      file,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(file, 'utf8'), file };
}

async function followers(setup: Setup) {
  for (const address of ['one@example.com', 'two@example.com']) {
    const r = await recordSignUp(setup.db, { address, language: 'en', services: ['login'] }, (t) => tokenHash(TEST_SECRET, t), new Date());
    await confirm(setup.db, tokenHash(TEST_SECRET, r.mail!.token), new Date());
  }
}

/** Hands the login incident's three updates over and waits for the round that fails; what the failure left. */
async function failedRound(setup: Setup, dir: string) {
  const r = runNotify(dir, setup.url, before, after);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('(3 new, 6 mails to send)');
  const line = await setup.service.waitFor((l) => l.event === 'send-failed');
  return {
    line,
    states: (await allSubscribers(setup.db)).map((x) => x.state),
    counts: await deliveryCounts(setup.db),
  };
}

describe('a 5xx that does not refuse the recipient', () => {
  it(
    'at DATA (554): nobody is bounced, the deliveries stay pending, the round stops with a log line',
    async () => {
      const dir = folder();
      inbox = await startInbox();
      inbox.refuseData = 554;
      s = await startSetup(dir, { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') }, {}, inbox);
      await followers(s);
      const { line, states, counts } = await failedRound(s, dir);
      expect(String(line.reason)).toContain('554');
      expect(String(line.reason)).toContain('DATA');
      expect(line.final).toBe(false);
      expect(states).toEqual(['confirmed', 'confirmed']);
      // The first delivery tried is back to pending; the round stopped, so no other was tried.
      expect(counts).toEqual({ pending: 6 });
      expect(s.service.lines.filter((l) => l.event === 'bounced' || l.event === 'sent')).toEqual([]);
      expect(inbox.mail).toHaveLength(0);
    },
    stretched(180_000),
  );

  it(
    'at the login (535, over TLS): nobody is bounced, the deliveries stay pending',
    async () => {
      const dir = folder();
      const tls = certificate(dir);
      inbox = await startInbox({ tls });
      inbox.refuseLogin = 535;
      const relay = `smtps://relay-user:relay-pass@127.0.0.1:${inbox.port}`;
      s = await startSetup(
        dir,
        { kind: 'sqlite', file: join(dir, 'subscribers.sqlite') },
        { SMTP_URL: relay, NODE_EXTRA_CA_CERTS: tls.file },
        inbox,
      );
      await followers(s);
      const { line, states, counts } = await failedRound(s, dir);
      expect(String(line.reason)).toContain('535');
      expect(inbox.logins).toContain('relay-user');
      expect(states).toEqual(['confirmed', 'confirmed']);
      expect(counts).toEqual({ pending: 6 });
      expect(s.service.lines.filter((l) => l.event === 'bounced' || l.event === 'sent')).toEqual([]);
      expect(inbox.mail).toHaveLength(0);
    },
    stretched(180_000),
  );
});
