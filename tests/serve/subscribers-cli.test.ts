/** `statusmark subscribers` as staff run it, against a database the service wrote (SQLite here; the queries are store.ts's, tested on both). */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../../src/dev/service.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { tokenHash } from '../../src/lib/subscriptions/policy.ts';
import { type Db, openDatabase } from '../../src/serve/db/database.ts';
import { confirm, recordSignUp } from '../../src/serve/subscriptions/store.ts';

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
        },
      ]);
      expect(JSON.parse(subscribers('export').out)).toHaveLength(2);
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
});
