import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteConfigForAstro, siteConfigIn, siteConfigOf } from './site-config.ts';
import { loadContent } from './load.ts';
import { tempFolders } from '../../dev/temp.ts';

const tempFolder = tempFolders('site');

describe('siteConfigForAstro', () => {
  it('reads the URL and base path from site.yaml in STATUSMARK_CONTENT', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'site.yaml'), 'name: S\nurl: https://example.github.io/\nbase: /status\ntimezone: UTC\n');
    expect(siteConfigForAstro({ STATUSMARK_CONTENT: dir })).toEqual({ site: 'https://example.github.io', base: '/status/' });
  });
  it('reads no pipe, device or folder as site.yaml before the build: neutral values, and validation reports it', () => {
    const neutral = { site: 'http://localhost', base: '/' };
    const pipe = tempFolder();
    expect(spawnSync('mkfifo', [join(pipe, 'site.yaml')]).status).toBe(0);
    expect(siteConfigForAstro({ STATUSMARK_CONTENT: pipe })).toEqual(neutral);
    const device = tempFolder();
    symlinkSync('/dev/zero', join(device, 'site.yaml'));
    expect(siteConfigForAstro({ STATUSMARK_CONTENT: device })).toEqual(neutral);
    const folder = tempFolder();
    mkdirSync(join(folder, 'site.yaml'));
    expect(siteConfigForAstro({ STATUSMARK_CONTENT: folder })).toEqual(neutral);
  });
  it('sends HSTS for an https url unless hsts: false, never for http', () => {
    const dir = tempFolder();
    const hsts = (yaml: string) => {
      writeFileSync(join(dir, 'site.yaml'), `name: S\ntimezone: UTC\n${yaml}`);
      return siteConfigIn(dir).hsts;
    };
    expect(hsts('url: https://status.example\n')).toBe(true);
    expect(hsts('url: https://status.example\nhsts: false\n')).toBe(false);
    expect(hsts('url: http://status.example\n')).toBe(false);
    expect(hsts('url: https://status.example\nhsts: nope\n')).toBe(false);
  });
  it('falls back to neutral values when site.yaml is missing or broken (validation reports it)', () => {
    const dir = tempFolder();
    expect(siteConfigForAstro({ STATUSMARK_CONTENT: dir })).toEqual({ site: 'http://localhost', base: '/' });
    writeFileSync(join(dir, 'site.yaml'), 'name: [\n');
    expect(siteConfigForAstro({ STATUSMARK_CONTENT: dir })).toEqual({ site: 'http://localhost', base: '/' });
  });
});

describe('siteConfigOf', () => {
  it('takes the same config from the site.yaml the content load parsed as from reading it alone', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'site.yaml'), 'name: S\nurl: https://example.github.io/\nbase: /status\ntimezone: UTC\nlanguages: [de, en]\n');
    writeFileSync(join(dir, 'services.yaml'), 'services:\n  - id: api\n    name: API\n    group: Platform\n');
    const loaded = loadContent(dir, dir);
    expect(loaded.problems).toEqual([]);
    const expected = { site: 'https://example.github.io', base: '/status/', languages: ['de', 'en'], hsts: true, formActions: [] };
    expect(siteConfigOf(loaded.content!.site)).toEqual(expected);
    expect(siteConfigIn(dir)).toEqual(expected);
  });
  it('gives the sign-up form\'s action and the site\'s own "sign-up unavailable" page when site.yaml names a sign-up service', () => {
    const dir = tempFolder();
    writeFileSync(
      join(dir, 'site.yaml'),
      'name: S\nurl: https://example.github.io/\nbase: /status\ntimezone: UTC\nsubscriptions:\n  url: https://mail.example.org/\n',
    );
    writeFileSync(join(dir, 'services.yaml'), 'services:\n  - id: api\n    name: API\n    group: Platform\n');
    const loaded = loadContent(dir, dir);
    expect(loaded.problems).toEqual([]);
    const expected = ['https://mail.example.org/subscribe', 'https://example.github.io/status/subscribe/unavailable/'];
    expect(siteConfigOf(loaded.content!.site).formActions).toEqual(expected);
    expect(siteConfigIn(dir).formActions).toEqual(expected);
    // As the schema keeps it (no trailing slash): the form's action is this and /subscribe.
    expect(siteConfigIn(dir).serviceUrl).toBe('https://mail.example.org');
  });
});
