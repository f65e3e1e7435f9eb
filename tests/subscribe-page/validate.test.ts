/**
 * A bad `subscriptions.url` or `subscriptions.notices` in site.yaml, through the real command
 * line: `statusmark validate` names the file, the line and the field, and exits 1; the fixture
 * itself is valid.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

const root = resolve(import.meta.dirname, '../..');
const FIXTURE = join(root, 'tests/fixtures/subscribe-form');
const tempFolder = tempFolders('subscribe-validate');

function validate(dir: string) {
  const { STATUSMARK_NOW: _now, STATUSMARK_CONTENT: _content, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(root, 'src/cli/statusmark.ts'), 'validate', '--content', dir], {
    encoding: 'utf8',
    cwd: root,
    env,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('statusmark validate and subscriptions.url', () => {
  it('passes the fixture and refuses a bad URL on its line', { timeout: stretched(60_000) }, () => {
    const dir = tempFolder();
    cpSync(FIXTURE, dir, { recursive: true });
    expect(validate(dir).code).toBe(0);
    const site = readFileSync(join(FIXTURE, 'site.yaml'), 'utf8');
    const lines = site.split('\n');
    // The line of `url:` under `subscriptions:`, counted in the file as written (1-based).
    const line = lines.findIndex((l, i) => /^\s+url:/.test(l) && lines[i - 1]?.startsWith('subscriptions:')) + 1;
    expect(line).toBeGreaterThan(1);
    for (const [bad, says] of [
      ['http://status-mail.example.com', 'must start with https:// (http:// only for 127.0.0.1 or localhost)'],
      ['https://status-mail.example.com/?list=all', 'has a query or fragment'],
      ['mailto:status@example.com', 'must be the https:// URL of the sign-up service'],
    ]) {
      writeFileSync(join(dir, 'site.yaml'), site.replace(/^(\s+url:).*$/m, `$1 ${bad}`));
      const run = validate(dir);
      expect(run.code, bad).toBe(1);
      expect(run.err, bad).toContain(`site.yaml:${line}: subscriptions.url: ${says}`);
    }
  });

  it('takes notices: all or none under subscriptions and refuses any other value on its line', { timeout: stretched(60_000) }, () => {
    const dir = tempFolder();
    cpSync(FIXTURE, dir, { recursive: true });
    const site = readFileSync(join(FIXTURE, 'site.yaml'), 'utf8');
    expect(site.endsWith('\n') && site.trimEnd().split('\n').at(-1)?.trim().startsWith('url:')).toBe(true);
    // Written as the last line of the file, under subscriptions' url.
    const line = site.trimEnd().split('\n').length + 1;
    for (const ok of ['all', 'none']) {
      writeFileSync(join(dir, 'site.yaml'), `${site}  notices: ${ok}\n`);
      expect(validate(dir).code, ok).toBe(0);
    }
    writeFileSync(join(dir, 'site.yaml'), `${site}  notices: some\n`);
    const run = validate(dir);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`site.yaml:${line}: subscriptions.notices: must be one of all | none`);
  });
});
