import { describe, expect, it } from 'vitest';
import { MAX_NESTING, markdownToText, renderMarkdown } from './markdown.ts';
import { PATHOLOGICAL_MARKDOWN } from '../../dev/test-helpers.ts';

describe('renderMarkdown', () => {
  it('keeps plain formatting, links and code', () => {
    const html = renderMarkdown('We **restricted** sign-ups. See [the FAQ](https://example.com/faq) and `code`.');
    expect(html).toBe(
      '<p>We <strong>restricted</strong> sign-ups. See <a href="https://example.com/faq" rel="nofollow noopener">the FAQ</a> and <code>code</code>.</p>',
    );
  });
  it('removes scripts, handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="javascript:alert(2)" onclick="x()">y</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|href="javascript|<img/i);
    expect(html).toContain('y');
  });
  it('keeps a javascript: link as a link without its target, as a raw <a> would be', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p><a rel="nofollow noopener">x</a></p>');
  });
  it('drops iframes and forms', () => {
    expect(renderMarkdown('<iframe src="https://evil.example"></iframe><form><input></form>ok')).toBe('ok');
  });
  it('lowers message headings below the update heading', () => {
    expect(renderMarkdown('# Big\n\n### Small')).toBe('<h4>Big</h4>\n<h4>Small</h4>');
  });
  it('writes GFM tables with their alignment as align attributes', () => {
    expect(renderMarkdown('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |')).toBe(
      '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="center">b</th>\n<th align="right">c</th>\n</tr>\n</thead>\n' +
        '<tbody><tr>\n<td align="left">1</td>\n<td align="center">2</td>\n<td align="right">3</td>\n</tr>\n</tbody></table>',
    );
  });
  it('writes strikethrough as <del>, hard breaks as <br />, loose list items with their paragraphs', () => {
    expect(renderMarkdown('~~gone~~ now  \nnext')).toBe('<p><del>gone</del> now<br />next</p>');
    expect(renderMarkdown('- a\n\n- b')).toBe('<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>');
    expect(renderMarkdown('3. three\n4. four')).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
  });
  it('links URLs, www. addresses and e-mail addresses, as GitHub does, and not bare host names or other schemes', () => {
    expect(renderMarkdown('https://example.com/x?y=1. www.example.com ops@example.com example.com ftp://example.com/ //example.com')).toBe(
      '<p><a href="https://example.com/x?y=1" rel="nofollow noopener">https://example.com/x?y=1</a>. ' +
        '<a href="http://www.example.com" rel="nofollow noopener">www.example.com</a> ' +
        '<a href="mailto:ops@example.com" rel="nofollow noopener">ops@example.com</a> example.com ftp://example.com/ //example.com</p>',
    );
  });
  it('refuses blocks nested past the limit instead of cutting the rest of the message', () => {
    const depth = MAX_NESTING - 2;
    expect(renderMarkdown(`${'> '.repeat(depth - 1)}deep`)).toContain('deep');
    expect(() => renderMarkdown(`${'> '.repeat(depth + 1)}deep`)).toThrow(RangeError);
    expect(() => renderMarkdown(`${'- '.repeat(depth)}deep`)).toThrow(RangeError);
  });
});

describe('markdownToText', () => {
  it('strips markup and keeps the words', () => {
    expect(markdownToText('We **restricted** sign-ups & <b>logins</b>.\n\nNext.')).toBe('We restricted sign-ups & logins. Next.');
  });
});

/** The text of sanitized HTML, read independently of the renderer: tags removed, the five entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string);
const letters = (text: string) => text.replace(/[^a-z]/g, '');

// A renderer that turns quadratic again makes each of these take minutes (the times are in `npm run bench`).
describe('1 MB of each pathological shape', () => {
  it.each(PATHOLOGICAL_MARKDOWN.map((s) => [s.name, s] as const))(
    '%s',
    (_, shape) => {
      const input = shape.make(1024 * 1024);
      expect(input.length).toBeGreaterThan(1000 * 1000);
      if (shape.keeps === 'nesting') {
        expect(() => renderMarkdown(input)).toThrow(RangeError);
        return;
      }
      const html = renderMarkdown(input);
      if (shape.keeps === 'empty') expect(html).toBe('');
      else if (shape.keeps === 'text') expect(textOf(html).replace(/\s+/g, ' ').trim()).toBe(input.replace(/\s+/g, ' ').trim());
      else expect(letters(textOf(html))).toBe(letters(input));
    },
    600_000,
  );
});
