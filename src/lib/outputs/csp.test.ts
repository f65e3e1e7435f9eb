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
});
