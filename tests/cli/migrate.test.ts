/** `statusmark migrate` on a site written for 0.1.0: what it prints, what it writes, and that a second run changes nothing. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { root, statusmark } from './helpers.ts';

const temp = tempFolders('migrate');

/** The quiet fixture as a 0.1.0 site of a GitHub project page wrote it: the path in url, no base. */
function oldSite(): string {
  const dir = join(temp(), 'content');
  cpSync(join(root, 'tests/fixtures/quiet'), dir, { recursive: true });
  const site = readFileSync(join(dir, 'site.yaml'), 'utf8');
  writeFileSync(join(dir, 'site.yaml'), site.replace(/^url: .*$/m, 'url: https://acme.github.io/status').replace(/^base: .*\n/m, ''));
  return dir;
}

describe('statusmark migrate', () => {
  it('moves the path of url to base, says so, and then the content is valid', () => {
    const dir = oldSite();
    const refused = statusmark(['validate', '--content', dir], root);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'url: has a path ("/status"); write only the origin here (url: https://acme.github.io) and the path as base: /status (changed in 0.2.0: run npx statusmark migrate)',
    );
    const r = statusmark(['migrate', '--content', dir], root);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /site\.yaml \(format of 0\.2\.0\):\n {2}url: https:\/\/acme\.github\.io\/status → https:\/\/acme\.github\.io\n {2}base: \/status\/ \(the path that was in url\)$/,
    );
    const site = readFileSync(join(dir, 'site.yaml'), 'utf8');
    expect(site).toMatch(/^url: https:\/\/acme\.github\.io$/m);
    expect(site).toMatch(/^base: \/status\/$/m);
    expect(statusmark(['validate', '--content', dir], root).code).toBe(0);
    const again = statusmark(['migrate', '--content', dir], root);
    expect(again.out).toMatch(/^nothing to migrate: .* is in the format of this release \(0\.2\.0 checked\)$/);
    expect(readFileSync(join(dir, 'site.yaml'), 'utf8')).toBe(site);
  });
  it('--dry-run prints the changes and writes nothing', () => {
    const dir = oldSite();
    const before = readFileSync(join(dir, 'site.yaml'), 'utf8');
    const r = statusmark(['migrate', '--dry-run', '--content', dir], root);
    expect(r.out).toContain('(format of 0.2.0), not written (--dry-run):\n  url: https://acme.github.io/status → https://acme.github.io');
    expect(readFileSync(join(dir, 'site.yaml'), 'utf8')).toBe(before);
  });
});
