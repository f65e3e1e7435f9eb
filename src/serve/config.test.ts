import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT_HELP, readConfig } from './config.ts';

const manual = readFileSync(join(import.meta.dirname, '../../docs/src/content/docs/subscriptions.md'), 'utf8');

/** The variable names a text lists: upper-case words with an underscore or one of the bare ones. */
const names = (text: string) => new Set(text.match(/\b(?:[A-Z]+_[A-Z_]+|HOST|PORT)\b/g));

describe("the service's settings", () => {
  it("the manual's table of variables names exactly the variables `statusmark serve --help` lists", () => {
    const start = manual.indexOf('| Variable | What it is |');
    expect(start).toBeGreaterThan(-1);
    const table = manual.slice(start, manual.indexOf('\n\n', start));
    const variableColumn = table
      .split('\n')
      .slice(2)
      .map((row) => row.split('|')[1] ?? '')
      .join(' ');
    expect([...names(variableColumn)].sort()).toEqual([...names(ENVIRONMENT_HELP)].sort());
  });
});

describe('STATUSMARK_SERVE_TOKEN', () => {
  const env = (token: string) => ({
    STATUSMARK_SERVE_SECRET: 'x'.repeat(40),
    STATUSMARK_SERVE_TOKEN: token,
    STATUSMARK_DB: '/nonexistent/s.sqlite',
  });
  const problems = (token: string) => {
    try {
      readConfig(env(token), '/tmp');
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.message.split('\n').filter((line) => line.includes('STATUSMARK_SERVE_TOKEN'));
    }
  };
  it('takes a token of the characters a bearer token can hold, = only at the end', () => {
    expect(problems('abcDEF0123456789._~+/-abcdef0123456789==')).toEqual([]);
    expect(problems('0123456789abcdef0123456789abcdef01234567')).toEqual([]);
  });
  it("refuses exactly the tokens Hono's bearerAuth could never accept (the oracle)", async () => {
    for (const token of [
      'abcDEF0123456789._~+/-abcdef0123456789==',
      'abc def 0123456789abcdef0123456789abcdef',
      'abc=def0123456789abcdef0123456789abcdef',
    ]) {
      const app = new Hono().post('/', bearerAuth({ token }), (c) => c.text('ok'));
      const accepted = (await app.request('/', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status === 200;
      expect(problems(token).length === 0).toBe(accepted);
    }
  });
  it('refuses any other character, naming the variable and the characters it may hold', () => {
    for (const token of [
      '0123456789abcdef0123456789abcdef0123456 7',
      'é123456789abcdef0123456789abcdef01234567',
      '0123456789abcdef=0123456789abcdef01234567',
      '0123456789abcdef0123456789abcdef0123456"',
    ]) {
      const found = problems(token);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('STATUSMARK_SERVE_TOKEN: holds characters a bearer token cannot');
      expect(found[0]).toContain('A-Z a-z, digits 0-9 and . _ ~ + / -');
    }
  });
});
