import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerRules, headersFile, headersFor, ruleMatches, sendsHsts } from './headers.ts';

// The policies as the manual ("Hosting") documents them, written out here rather than read from the module.
const FRESH = 'public, max-age=60, stale-while-revalidate=600';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const CONTENT_SECURITY_POLICY = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('headers', () => {
  const rules = headerRules('/status/');
  it('cache pages briefly and assets for a year', () => {
    expect(headersFor('/status/', rules)['Cache-Control']).toBe(FRESH);
    expect(headersFor('/status/_astro/index.abc123.css', rules)['Cache-Control']).toBe(IMMUTABLE);
  });
  it('open the API and the feeds to other origins, and nothing else', () => {
    for (const path of [
      '/status/api/v2/summary.json',
      '/status/history.rss',
      '/status/services/api/history.atom',
      '/status/maintenance.ics',
      '/status/badges/api.svg',
    ]) {
      expect(headersFor(path, rules)['Access-Control-Allow-Origin'], path).toBe('*');
    }
    expect(headersFor('/status/incidents/x/', rules)['Access-Control-Allow-Origin']).toBeUndefined();
  });
  it('forbid scripts and framing everywhere', () => {
    expect(headersFor('/status/incidents/x/', rules)).toMatchObject({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
  });
  it('never set one header from two rules on a path, since the hosts would join the values', () => {
    const paths = [
      '/status/',
      '/status/incidents/x/',
      '/status/_astro/index.abc123.css',
      '/status/_astro/logo.abc.svg',
      '/status/api/v2/summary.json',
      '/status/history.rss',
      '/status/services/api/history.atom',
      '/status/maintenance.ics',
      '/status/badges/api.svg',
      '/status/favicon.svg',
      '/status/robots.txt',
      '/status/sitemap-index.xml',
      '/status/sitemap-0.xml',
      '/status/api/build.json',
    ];
    for (const path of paths) {
      const names = rules.filter((r) => ruleMatches(r, path)).flatMap((r) => Object.keys(r.headers));
      expect(names.length, path).toBe(new Set(names).size);
      expect(headersFor(path, rules)['Cache-Control'], path).toBe(path.includes('/_astro/') ? IMMUTABLE : FRESH);
    }
  });
  it('tell browsers to use https for a year on every path of an https site, unless site.yaml says hsts: false', () => {
    expect(sendsHsts({ url: 'https://status.example' })).toBe(true);
    expect(sendsHsts({ url: 'HTTPS://status.example' })).toBe(true);
    expect(sendsHsts({ url: 'https://status.example', hsts: false })).toBe(false);
    expect(sendsHsts({ url: 'http://status.example' })).toBe(false);
    expect(sendsHsts({ url: 'http://status.example', hsts: true })).toBe(false);
    const secure = headerRules('/status/', { hsts: true });
    for (const path of [
      '/status/',
      '/status/incidents/x/',
      '/status/_astro/a.b.css',
      '/status/api/v2/summary.json',
      '/status/history.rss',
      '/status/no-such-page/',
    ]) {
      // One year in seconds, 365 × 86 400, and no preload.
      expect(headersFor(path, secure)['Strict-Transport-Security'], path).toBe('max-age=31536000');
      expect(headersFor(path, rules)['Strict-Transport-Security'], path).toBeUndefined();
    }
    expect(headersFile(secure)).toContain(
      '/status/*\n  Content-Security-Policy: ' +
        CONTENT_SECURITY_POLICY +
        '\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Strict-Transport-Security: max-age=31536000\n',
    );
  });
  it("name the sign-up form's action for a site with a sign-up service, in the one policy every path gets", () => {
    const actions = ['https://mail.example.org/subscribe', 'https://status.example/status/subscribe/unavailable/'];
    const withForm = headerRules('/status/', { formActions: actions });
    const policy =
      "script-src 'none'; object-src 'none'; base-uri 'none'; form-action https://mail.example.org/subscribe https://status.example/status/subscribe/unavailable/; frame-ancestors 'none'";
    for (const path of ['/status/subscribe/', '/status/en/subscribe/', '/status/', '/status/incidents/x/', '/status/no-such-page/']) {
      // One rule sets it, so no host joins it with another policy (two policies would both be enforced).
      expect(
        withForm.filter((r) => ruleMatches(r, path) && 'Content-Security-Policy' in r.headers),
        path,
      ).toHaveLength(1);
      expect(headersFor(path, withForm)['Content-Security-Policy'], path).toBe(policy);
    }
    expect(headerRules('/status/', { formActions: [] })).toEqual(rules);
  });
  it('join the values of a header two rules set, as Cloudflare Pages and Netlify do', () => {
    const twice = [
      { path: '/*', headers: { 'Cache-Control': 'a' } },
      { path: '/x/*', headers: { 'Cache-Control': 'b' } },
    ];
    expect(headersFor('/x/y', twice)['Cache-Control']).toBe('a, b');
    expect(headersFor('/y', twice)['Cache-Control']).toBe('a');
  });
  it('write the _headers format', () => {
    expect(headersFile(rules)).toContain(`/status/_astro/*\n  Cache-Control: ${IMMUTABLE}\n`);
  });
  it('say the same as the nginx snippet in docs/', () => {
    const nginx = readFileSync(join(import.meta.dirname, '../../../docs/nginx.conf'), 'utf8');
    expect(nginx).toContain(`"${CONTENT_SECURITY_POLICY}"`);
    expect(nginx).toContain(`"${FRESH}"`);
    expect(nginx).toContain(`"${IMMUTABLE}"`);
  });
});
