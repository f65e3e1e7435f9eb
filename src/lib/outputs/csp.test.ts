import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pagePolicy, withPolicy } from './csp.ts';

describe('page policy', () => {
  it('allows no script and only the page own styles, by hash', () => {
    const css = 'body{color:red}';
    const hash = createHash('sha256').update(css).digest('base64');
    const html = withPolicy(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body></body></html>`);
    expect(html).toContain(
      `<head><meta http-equiv="content-security-policy" content="default-src 'none'; script-src 'none'; style-src 'sha256-${hash}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'">`,
    );
  });
  it('allows no style at all on a page without one', () => {
    expect(pagePolicy([])).toContain("style-src 'none'");
  });
  it("lets a page's form post only where its form action says, and any other page nowhere", () => {
    const actions = ['https://mail.example.org/subscribe', 'https://status.example/subscribe/unavailable/'];
    const html = '<!DOCTYPE html><html><head></head><body></body></html>';
    expect(withPolicy(html, actions)).toContain(
      '; form-action https://mail.example.org/subscribe https://status.example/subscribe/unavailable/">',
    );
    expect(withPolicy(html)).toContain("; form-action 'none'\">");
    expect(withPolicy(html, [])).toContain("; form-action 'none'\">");
  });
});
