import { describe, expect, it } from 'vitest';
import { changedIn, URL_PATH_RELEASE } from './releases.ts';
import { parseSite } from './parse.ts';

describe('releases', () => {
  it('names each release in the x.y.z form the changelog uses', () => {
    expect(URL_PATH_RELEASE).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('tells what to run after an upgrade', () => {
    expect(changedIn('1.4.0')).toBe('(changed in 1.4.0: run npx statusmark migrate)');
  });
  it('is what validation says of a url with a path, the field 0.2.0 changed', () => {
    const { problems } = parseSite('site.yaml', 'name: A\nurl: https://acme.github.io/status\ntimezone: UTC\n');
    expect(problems.map((p) => [p.line, p.field])).toEqual([[2, 'url']]);
    expect(problems[0]?.message.endsWith('(changed in 0.2.0: run npx statusmark migrate)')).toBe(true);
  });
});
