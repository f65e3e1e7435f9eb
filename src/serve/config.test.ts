import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_HELP } from './config.ts';

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
