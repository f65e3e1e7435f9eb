import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('keeps plain formatting, links and code', () => {
    const html = renderMarkdown('We **restricted** sign-ups. See [the FAQ](https://example.com/faq) and `code`.');
    expect(html).toBe(
      '<p>We <strong>restricted</strong> sign-ups. See <a href="https://example.com/faq" rel="nofollow noopener">the FAQ</a> and <code>code</code>.</p>',
    );
  });
  it('removes scripts, handlers and javascript: links', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href="javascript:alert(2)" onclick="x()">y</a>');
    expect(html).not.toMatch(/<script|onerror|onclick|href="javascript|<img/i);
    expect(html).toContain('y');
  });
  it('drops iframes and forms', () => {
    expect(renderMarkdown('<iframe src="https://evil.example"></iframe><form><input></form>ok')).toBe('ok');
  });
  it('lowers message headings below the update heading', () => {
    expect(renderMarkdown('# Big\n\n### Small')).toBe('<h4>Big</h4>\n<h4>Small</h4>');
  });
});

describe('markdownToText', () => {
  it('strips markup and keeps the words', () => {
    expect(markdownToText('We **restricted** sign-ups & <b>logins</b>.\n\nNext.')).toBe('We restricted sign-ups & logins. Next.');
  });
});
