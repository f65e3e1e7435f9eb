/**
 * Two processes writing one SQLite file (the service, and `statusmark subscribers` or a
 * restarted service): a transaction that reads and then writes must wait for the other
 * writer, not fail with "database is locked".
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { openDatabase } from '../../src/serve/db/database.ts';

const folder = tempFolders('sqlite-lock');

/** Another process inserting a rate-limit row into `file` (node:sqlite, waiting up to 10 s for the lock); resolves to its exit code and error output. */
function writerProcess(file: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(process.argv[1]);
    db.exec('PRAGMA busy_timeout = 10000');
    db.prepare("insert into rate_limits (bucket, window_start, count) values ('other', '2026-01-01T00:00:00.000Z', 1)").run();
    db.close();`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('SQLite with another process writing', () => {
  it(
    'a transaction that reads and then writes waits for the other writer instead of failing',
    async () => {
      const file = join(folder(), 'subscribers.sqlite');
      const db = await openDatabase({ kind: 'sqlite', file });
      try {
        let other: Promise<{ code: number | null; stderr: string }> | undefined;
        await db.transaction().execute(async (tx) => {
          await tx.selectFrom('rate_limits').selectAll().execute();
          // The other process writes while this transaction is open (it waits for this one's lock when it can).
          other = writerProcess(file);
          await sleep(500);
          await tx.insertInto('rate_limits').values({ bucket: 'mine', window_start: '2026-01-01T00:00:00.000Z', count: 1 }).execute();
        });
        expect(await other).toEqual({ code: 0, stderr: '' });
        const buckets = await sql<{ bucket: string }>`select bucket from rate_limits order by bucket`.execute(db);
        expect(buckets.rows.map((r) => r.bucket)).toEqual(['mine', 'other']);
      } finally {
        await db.destroy();
      }
    },
    stretched(60_000),
  );
});
