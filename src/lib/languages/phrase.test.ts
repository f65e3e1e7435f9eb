import { describe, expect, it } from 'vitest';
import { badgeHtml, fillPhrase, textHtml, timeHtml } from './phrase.ts';
import { en } from './catalogs/en.ts';
import { ja } from './catalogs/ja.ts';
import { fr } from './catalogs/fr.ts';

const shanghai = { timeZone: 'Asia/Shanghai', locale: 'en-GB' };
const instant = new Date('2025-01-26T17:12:00Z');

describe('fillPhrase', () => {
  it('puts each part where the language puts it', () => {
    expect(fillPhrase((time) => en.ui.incident.ongoing('2 h', time), ['<time>T</time>'])).toBe('ongoing for 2 h as of <time>T</time>');
    expect(fillPhrase((time) => ja.ui.incident.ongoing('2時間', time), ['<time>T</time>'])).toBe('<time>T</time>時点で2時間継続中');
    expect(fillPhrase(en.ui.period, ['<b>A</b>', '<b>B</b>', '1 h'])).toBe('<b>A</b> to <b>B</b> (1 h)');
  });
  it('escapes the words of the phrase, not the parts', () => {
    expect(fillPhrase((a) => `<x> & ${a}`, ['<i>ok</i>'])).toBe('&lt;x&gt; &amp; <i>ok</i>');
    expect(fillPhrase(fr.ui.labelled, ['<strong>Panne</strong>', 'API'])).toBe('<strong>Panne</strong>\u00a0: API');
  });
});

describe('timeHtml', () => {
  it('writes an absolute time with its instant, and the full time as the title of a short one', () => {
    expect(timeHtml(instant, shanghai)).toBe('<time datetime="2025-01-26T17:12:00.000Z">27 Jan 2025, 01:12 GMT+8</time>');
    expect(timeHtml(instant, shanghai, 'time')).toBe(
      '<time datetime="2025-01-26T17:12:00.000Z" title="27 Jan 2025, 01:12 GMT+8">01:12 GMT+8</time>',
    );
  });
});

describe('badgeHtml', () => {
  it('names the status in words beside its shape, escaped', () => {
    expect(badgeHtml('partial_outage', '部分中断')).toBe(
      '<span class="badge" data-status="partial_outage" data-icon="diamond"><span class="icon" aria-hidden="true"></span>部分中断</span>',
    );
    expect(badgeHtml('operational', '<b>')).toContain('&lt;b&gt;');
  });
});

describe('textHtml', () => {
  it('wraps text marked with a language in a span of that language', () => {
    expect(textHtml('注册', 'zh-CN')).toBe('<span lang="zh-CN">注册</span>');
    expect(textHtml('A & B')).toBe('A &amp; B');
    // Right-to-left names are isolated from the phrase around them; left-to-right ones keep their bytes.
    expect(textHtml('بوابة الدفع')).toBe('<span dir="auto">بوابة الدفع</span>');
    expect(textHtml('שער', 'he')).toBe('<span lang="he" dir="auto">שער</span>');
    expect(textHtml('x \u2067y\u2069')).toBe('<span dir="auto">x \u2067y\u2069</span>');
  });
});
