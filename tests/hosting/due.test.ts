/**
 * The scheduled deploy's first job: src/cli/due.sh reads the published /api/build.json
 * (served here on 127.0.0.1) and decides, before any npm install, whether to build.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/lib/status/next-change.ts';
import { content, maintenance } from '../../src/dev/test-helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const utc = { timeZone: 'UTC', locale: 'en-GB' };
const now = new Date('2025-01-27T10:30:00Z');
const COMMIT = 'a'.repeat(40);

/** What the server answers for /build.json; undefined answers 404. */
let published: string | undefined;
let server: Server;
let url = '';
const tmp = mkdtempSync(join(tmpdir(), 'statusmark-due-'));

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.statusCode = published === undefined ? 404 : 200;
    res.end(published ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/build.json`;
});
afterAll(async () => {
  // The folder first: a connection the check left open must not keep it on disk.
  rmSync(tmp, { recursive: true, force: true });
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

let runs = 0;
/** Runs due.sh as the workflow does (asynchronously: the server above answers in this process); it must exit 0. */
async function due(at: Date, contentCommit = COMMIT): Promise<{ line: string; outputs: string }> {
  const outputFile = join(tmp, `output-${++runs}`);
  const { stdout } = await promisify(execFile)('sh', [join(root, 'src/cli/due.sh')], {
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      BUILD_JSON_URL: url,
      CONTENT_COMMIT: contentCommit,
      INTERVAL_MINUTES: '30',
      NOW: at.toISOString(),
      GITHUB_OUTPUT: outputFile,
    },
  });
  return { line: stdout.trim(), outputs: readFileSync(outputFile, 'utf8') };
}

describe('src/cli/due.sh', () => {
  it('is not due on a quiet page until the day rolls over', async () => {
    published = JSON.stringify(buildDocument(content({}), now, false, utc, COMMIT), null, 2);
    // Next change: midnight UTC, 13 h 30 min after 10:30.
    expect(await due(now)).toEqual({
      line: 'not due: next change at 2025-01-28T00:00:00.000Z, in 810 minutes',
      outputs: 'due=false\nwait_seconds=0\n',
    });
    expect((await due(new Date('2025-01-28T00:04:00Z'))).line).toBe('build: it changed by itself at 2025-01-28T00:00:00.000Z');
  });

  it('builds when a maintenance window opens before the next run, and waits for it', async () => {
    const window = maintenance('db', '2025-01-27T10:50:00Z', '2025-01-27T11:50:00Z', ['api'], ['2025-01-20T00:00:00Z']);
    published = JSON.stringify(buildDocument(content({ maintenance: [window] }), now, false, utc, COMMIT), null, 2);
    // 20 minutes ahead, within the 30-minute interval.
    expect(await due(now)).toEqual({
      line: 'build: it changes at 2025-01-27T10:50:00.000Z, before the next run; waiting 1200 s',
      outputs: 'due=true\nwait_seconds=1200\n',
    });
    // Seen from 40 minutes before, it waits for the next run.
    expect((await due(new Date('2025-01-27T10:10:00Z'))).line).toBe('not due: next change at 2025-01-27T10:50:00.000Z, in 40 minutes');
  });

  it('builds when the page was built from other content', async () => {
    published = JSON.stringify(buildDocument(content({}), now, false, utc, COMMIT), null, 2);
    expect((await due(now, 'b'.repeat(40))).outputs).toBe('due=true\nwait_seconds=0\n');
    published = JSON.stringify(buildDocument(content({}), now, false, utc, null), null, 2);
    expect((await due(now)).line).toBe(`build: the page was built from no commit, the content is at ${COMMIT}`);
  });

  it('never builds a page whose clock is pinned, unless the content moved', async () => {
    published = JSON.stringify(buildDocument(content({}), now, true, utc, COMMIT), null, 2);
    expect((await due(new Date('2030-01-01T00:00:00Z'))).line).toBe('not due: the page does not change by itself (its clock is pinned)');
  });

  it('builds when there is no published build.json', async () => {
    published = undefined;
    expect((await due(now)).line).toMatch(/^build: no build\.json at http:\/\/127\.0\.0\.1:\d+\/api\/build\.json \(.*404.*\)$/);
  });
});

describe('the deploy workflow', () => {
  const workflow = parse(readFileSync(join(root, '.github/workflows/deploy.yml'), 'utf8')) as {
    on: { schedule: { cron: string }[] };
    jobs: Record<string, { if?: string; needs?: string; steps: { run?: string; env?: Record<string, string> }[] }>;
  };
  const { due: check, build } = workflow.jobs;

  it('decides on the schedule with due.sh and no npm install', () => {
    expect(check?.if).toBe("github.event_name == 'schedule'");
    expect(check?.steps.some((s) => s.run?.includes('sh src/cli/due.sh'))).toBe(true);
    expect(check?.steps.some((s) => /\bnpm\b/.test(s.run ?? ''))).toBe(false);
  });

  it('installs and builds only on push, by hand, or when due', () => {
    expect(build?.needs).toBe('due');
    expect(build?.if).toContain("needs.due.result == 'skipped'");
    expect(build?.if).toContain("needs.due.outputs.due == 'true'");
    expect(build?.steps.some((s) => s.run === 'npm install')).toBe(true);
  });

  it('looks ahead exactly as far as the gap between two scheduled runs', () => {
    const minutes = workflow.on.schedule[0]!.cron.split(' ')[0]!.split(',').map(Number);
    expect(minutes).toEqual([5, 35]);
    const interval = check?.steps.find((s) => s.env?.['INTERVAL_MINUTES'])?.env?.['INTERVAL_MINUTES'];
    expect(Number(interval)).toBe(60 / minutes.length);
  });
});
