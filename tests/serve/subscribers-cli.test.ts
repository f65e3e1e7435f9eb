/** `statusmark subscribers` as staff run it, against a database the service wrote (SQLite here; the queries are store.ts's, tested on both). */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import { type Db, openDatabase } from '../../src/serve/db/database.ts';
import { addEntries, confirm, recordSignUp } from '../../src/serve/subscriptions/store.ts';

const root = resolve(import.meta.dirname, '../..');
const folder = tempFolders('serve-subscribers');
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = folder();
  db = await openDatabase({ kind: 'sqlite', file: join(dir, 'subs.sqlite') });
  const hash = (t: string) => tokenHash(TEST_SECRET, t);
  const a = await recordSignUp(
    db,
    { address: 'ann@example.com', language: 'en', services: ['api'] },
    hash,
    new Date('2026-03-01T10:00:00Z'),
  );
  await confirm(db, hash(a.mail!.token), new Date('2026-03-01T10:05:00Z'));
  const update = {
    key: 'incident/api-down/20260301T1100Z',
    kind: 'incident' as const,
    services: [{ id: 'api', name: 'API', status: 'major_outage' as const }],
  };
  await addEntries(db, [{ id: update.key, entry: update, payload: '{}' }], true, new Date('2026-03-01T11:00:00Z'));
  await recordSignUp(db, { address: 'bob@example.com', language: 'zh-CN', services: null }, hash, new Date('2026-03-02T10:00:00Z'));
  await db.destroy();
}, stretched(60_000));

function subscribers(...args: string[]) {
  const { STATUSMARK_CONTENT: _c, DATABASE_URL: _d, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(root, 'src/cli/statusmark.ts'), 'subscribers', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...env, STATUSMARK_DB: 'subs.sqlite' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('statusmark subscribers', () => {
  it(
    'lists, exports and deletes',
    () => {
      const list = subscribers('list');
      expect(list.code).toBe(0);
      expect(list.out).toBe(
        'ann@example.com\tconfirmed\ten\tapi\t2026-03-01T10:00:00.000Z\t2026-03-01T10:05:00.000Z\n' +
          'bob@example.com\tpending\tzh-CN\tall\t2026-03-02T10:00:00.000Z\t-\n',
      );
      expect(list.err).toBe('2 subscribers\n');
      const one = subscribers('export', 'ANN@example.com');
      expect(one.code).toBe(0);
      expect(JSON.parse(one.out)).toEqual([
        {
          address: 'ann@example.com',
          state: 'confirmed',
          language: 'en',
          services: ['api'],
          signedUp: '2026-03-01T10:00:00.000Z',
          confirmed: '2026-03-01T10:05:00.000Z',
          lastConfirmationMail: '2026-03-01T10:00:00.000Z',
          bouncedBecause: null,
          deliveries: [{ update: 'incident/api-down/20260301T1100Z', state: 'pending', attempts: 0, at: '2026-03-01T11:00:00.000Z' }],
        },
      ]);
      expect(one.err).toBe('confirmation tokens are not exported: only their keyed hashes are stored, which open nothing\n');
      const all = JSON.parse(subscribers('export').out) as { address: string; deliveries: unknown[] }[];
      expect(all.map((x) => [x.address, x.deliveries.length])).toEqual([
        ['ann@example.com', 1],
        ['bob@example.com', 0],
      ]);
      const gone = subscribers('delete', 'ann@example.com');
      expect(gone.code).toBe(0);
      expect(gone.out).toContain('deleted ann@example.com');
      expect(subscribers('delete', 'ann@example.com')).toMatchObject({
        code: 1,
        err: 'statusmark subscribers: ann@example.com: not subscribed; nothing deleted\n',
      });
      expect(subscribers('list').out).not.toContain('ann@');
    },
    stretched(120_000),
  );

  it(
    'refuses a bad command line with exit 2, and a missing database with exit 1',
    () => {
      expect(subscribers('purge').code).toBe(2);
      expect(subscribers('delete').code).toBe(2);
      expect(subscribers('delete', 'not an address').code).toBe(2);
      const { STATUSMARK_CONTENT: _c, DATABASE_URL: _d, ...env } = process.env;
      const r = spawnSync(process.execPath, [join(root, 'src/cli/statusmark.ts'), 'subscribers', 'list'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...env, STATUSMARK_DB: 'missing.sqlite' },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('missing.sqlite: no subscription database here');
    },
    stretched(60_000),
  );

  it(
    'reads a database the service never set up without creating a table: no subscribers yet',
    () => {
      const empty = new DatabaseSync(join(dir, 'empty.sqlite'));
      empty.close();
      const { STATUSMARK_CONTENT: _c, DATABASE_URL: _d, ...env } = process.env;
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [join(root, 'src/cli/statusmark.ts'), 'subscribers', ...args], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...env, STATUSMARK_DB: 'empty.sqlite' },
        });
      const list = run('list');
      expect([list.status, list.stdout, list.stderr]).toEqual([
        0,
        '',
        'no subscribers yet (statusmark serve has not set up this database)\n',
      ]);
      const exported = run('export');
      expect([exported.status, exported.stdout]).toEqual([0, '[]\n']);
      expect(run('delete', 'ann@example.com').status).toBe(1);
      const check = new DatabaseSync(join(dir, 'empty.sqlite'));
      const tables = check.prepare("select name from sqlite_master where type = 'table'").all();
      check.close();
      expect(tables).toEqual([]);
    },
    stretched(60_000),
  );
});
