/**
 * Netlify has no local server that applies `_headers` as its edge does, so its recipe is
 * checked as text: netlify.toml builds and publishes dist/, sets no header of its own, and
 * the `_headers` file the build wrote carries exactly the rule list.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtSite } from '../browser/builds.ts';
import { headersFile } from '../../src/lib/outputs/headers.ts';
import { DEMO_HSTS, demoRules } from './hosting.ts';

const toml = readFileSync(resolve(import.meta.dirname, '../../netlify.toml'), 'utf8');
/** The lines that are not comments. */
const settings = toml.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));

describe('netlify.toml', () => {
  it('builds with the project build and publishes dist/', () => {
    expect(settings).toContain('[build]');
    expect(settings.map((l) => l.trim())).toContain('command = "npm install && npm run build"');
    expect(settings.map((l) => l.trim())).toContain('publish = "dist"');
  });

  it('sets no header itself, so no header reaches a visitor twice', () => {
    expect(settings.join('\n')).not.toMatch(/\[\[headers\]\]|for\s*=|\[headers\.values\]/);
  });

  it('leaves the headers to dist/_headers, which holds every rule of the list', () => {
    const written = readFileSync(join(builtSite('demo'), '_headers'), 'utf8');
    const rules = demoRules();
    expect(written).toBe(headersFile(rules));
    // The demo's url is https: every path is told to stay on https.
    expect(written).toContain(`/*\n  Content-Security-Policy: `);
    expect(written.split('\n/')[0]).toContain(`  Strict-Transport-Security: ${DEMO_HSTS}\n`);
    for (const rule of rules) {
      expect(written).toContain(`${rule.path}\n`);
      for (const [name, value] of Object.entries(rule.headers)) expect(written).toContain(`  ${name}: ${value}\n`);
    }
  });
});
