/**
 * Posting in two languages from the command line, against a copy of the bilingual demo
 * (site.yaml: languages: [zh-CN, en]): the exact text written, and what is refused.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { root, statusmark as run } from './helpers.ts';

const tempFolder = tempFolders('cli-lang');
let dir: string;
function statusmark(args: string[], now = '2025-01-28T09:15:00+08:00') {
  return run([...args, '--content', dir], root, { STATUSMARK_NOW: now });
}

beforeEach(() => {
  dir = join(tempFolder(), 'content');
  cpSync(join(root, 'content'), dir, { recursive: true });
});

describe('posting in the languages of site.yaml', () => {
  it('writes a title per language and an English block, names the file from the title a URL can carry, and updates in one language', () => {
    const posted = statusmark([
      'new',
      '--title',
      '登录缓慢',
      '--title-en',
      'Slow logins',
      '--service',
      'login=degraded',
      '--message',
      '正在调查登录缓慢的问题。',
      '--message-en',
      'We are looking into slow logins.',
    ]);
    expect(posted.err).toBe('clock: pinned by STATUSMARK_NOW=28 Jan 2025, 09:15 GMT+8; unset STATUSMARK_NOW for a live page');
    expect(posted.code).toBe(0);
    const file = join(dir, 'incidents/2025-01-28-slow-logins.md');
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '---',
        'title:',
        '  zh-CN: 登录缓慢',
        '  en: Slow logins',
        'impact: minor',
        'services:',
        '  login: degraded_performance',
        'started: 2025-01-28T09:15:00+08:00',
        '---',
        '',
        '## Investigating 2025-01-28 09:15 +08:00',
        '',
        '正在调查登录缓慢的问题。',
        '',
        '::: {lang=en}',
        'We are looking into slow logins.',
        ':::',
        '',
      ].join('\n'),
    );
    const updated = statusmark(
      ['update', 'slow-logins', '--state', 'identified', '--lang', 'en', '--message', 'A cache node was overloaded.'],
      '2025-01-28T09:40:00+08:00',
    );
    expect(updated.code).toBe(0);
    expect(
      readFileSync(file, 'utf8').endsWith('## Identified 2025-01-28 09:40 +08:00\n\n::: {lang=en}\nA cache node was overloaded.\n:::\n'),
    ).toBe(true);
    // Validation counts the one update without Chinese text (the demo's English-only files add 10).
    const validate = statusmark(['validate', '--translations']);
    expect(validate.code).toBe(0);
    expect(validate.out).toContain('translations: zh-CN: 11 of 19 updates have no zh-CN text');
  });

  it('refuses a language the site does not declare, and writes nothing', () => {
    const r = statusmark(['new', '--title', 'Lenteur', '--lang', 'fr', '--service', 'login=degraded', '--message', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--lang: "fr" is not one of the site\'s languages (site.yaml languages: zh-CN, en)');
    const r2 = statusmark(['new', '--title', '慢', '--message-ja', '調査中', '--service', 'login=degraded']);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('--message-ja: "ja" is not one of the site\'s languages');
  });
});
