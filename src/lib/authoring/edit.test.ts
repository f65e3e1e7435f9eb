import { describe, expect, it } from 'vitest';
import {
  addUpdate,
  impactAfter,
  lineEnding,
  messageInLanguages,
  newFile,
  setFields,
  titleInLanguages,
  updateBlock,
  withLineEnding,
} from './edit.ts';

const zone = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
const at = new Date('2025-01-27T02:20:00Z');

describe('edit', () => {
  it('writes an update block as staff type it', () => {
    expect(updateBlock('identified', at, zone, '  Found it.  ')).toBe('## Identified 2025-01-27 10:20 +08:00\n\nFound it.\n');
  });
  it('writes what an update changes under its heading, before the message', () => {
    const changes = {
      services: [
        ['api', 'partial_outage'],
        ['web', 'operational'],
      ] as [string, 'partial_outage' | 'operational'][],
      impact: 'major' as const,
    };
    expect(updateBlock('identified', at, zone, 'Found it.', changes)).toBe(
      '## Identified 2025-01-27 10:20 +08:00\nservices: api=partial_outage, web=operational\nimpact: major\n\nFound it.\n',
    );
    expect(updateBlock('monitoring', at, zone, 'Better.', { impact: 'minor' })).toBe(
      '## Monitoring 2025-01-27 10:20 +08:00\nimpact: minor\n\nBetter.\n',
    );
  });
  it("keeps a file's own line ending", () => {
    expect(lineEnding('---\r\ntitle: T\r\n')).toBe('\r\n');
    expect(lineEnding('---\ntitle: T\r\n')).toBe('\n');
    expect(withLineEnding('a\r\nb\nc\n', '\r\n')).toBe('a\r\nb\r\nc\r\n');
    expect(withLineEnding('a\r\nb\nc\n', '\n')).toBe('a\nb\nc\n');
  });
  it('writes a new file with unquoted timestamps', () => {
    expect(newFile({ title: 'T', started: '2025-01-27T10:20:00+08:00' }, 'Body.\n')).toBe(
      '---\ntitle: T\nstarted: 2025-01-27T10:20:00+08:00\n---\n\nBody.\n',
    );
  });
  const file = '---\n# note\ntitle: T # keep\nimpact: minor\n---\n\n## Investigating 2025-01-27 10:00 +08:00\n\nA.\n';
  it('appends to an oldest-first file and prepends to a newest-first one', () => {
    expect(addUpdate(file, 'NEW\n', false)).toBe(`${file}\nNEW\n`);
    expect(addUpdate(file, 'NEW\n', true)).toBe(
      '---\n# note\ntitle: T # keep\nimpact: minor\n---\n\nNEW\n\n## Investigating 2025-01-27 10:00 +08:00\n\nA.\n',
    );
  });
  it('sets fields, keeping comments', () => {
    const out = setFields(file, { resolved: '2025-01-27T11:00:00+08:00' });
    expect(out).toBe(
      '---\n# note\ntitle: T # keep\nimpact: minor\nresolved: 2025-01-27T11:00:00+08:00\n---\n\n## Investigating 2025-01-27 10:00 +08:00\n\nA.\n',
    );
  });
  it('refuses a file without front matter', () => {
    expect(() => setFields('no front matter', { a: 1 })).toThrow(/no front matter/);
  });
});

describe('messages and titles in several languages', () => {
  it("writes the file's language outside and each other language in its block", () => {
    expect(messageInLanguages({ 'zh-CN': '已恢复。', en: 'Recovered.' }, 'zh-CN')).toBe('已恢复。\n\n::: {lang=en}\nRecovered.\n:::');
    // Only another language given: all of it in its block.
    expect(messageInLanguages({ en: 'Recovered.' }, 'zh-CN')).toBe('::: {lang=en}\nRecovered.\n:::');
    expect(messageInLanguages({ 'zh-CN': '已恢复。' }, 'zh-CN')).toBe('已恢复。');
  });
  it('writes a title as plain text when it is only in the file language', () => {
    expect(titleInLanguages({ 'zh-CN': '注册受限' }, 'zh-CN')).toBe('注册受限');
    expect(titleInLanguages({ 'zh-CN': '注册受限', en: 'Registrations restricted' }, 'zh-CN')).toEqual({
      'zh-CN': '注册受限',
      en: 'Registrations restricted',
    });
    expect(titleInLanguages({ en: 'Registrations restricted' }, 'zh-CN')).toEqual({ en: 'Registrations restricted' });
  });
});

describe('impactAfter', () => {
  // As `new` derives it: the worst status decides (degraded → minor, partial → major, major outage → critical).
  const before = { services: { api: 'major_outage', web: 'degraded_performance' } } as const;
  it('derives the impact from the statuses after the update', () => {
    expect(impactAfter(before, [['api', 'partial_outage']])).toBe('major');
    expect(impactAfter(before, [['api', 'operational']])).toBe('minor');
    expect(
      impactAfter(before, [
        ['api', 'operational'],
        ['web', 'operational'],
      ]),
    ).toBe('none');
    expect(
      impactAfter(before, [
        ['login', 'major_outage'],
        ['api', 'degraded_performance'],
      ]),
    ).toBe('critical');
  });
});
