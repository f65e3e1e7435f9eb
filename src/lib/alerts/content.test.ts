import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../content/parse.ts';
import { formatProblem, type Problem } from '../content/problems.ts';
import { loadAlerts } from './content.ts';

const ctx: ParseContext = { serviceIds: new Set(['api']), zone: { timeZone: 'UTC', locale: 'en-GB' }, languages: ['en'] };
const TEMPLATE = '---\ntitle: Slow API\n---\n\n## Investigating\n\nSlow.\n\n## Resolved\n\nFine.\n';

/** loadAlerts over an in-memory folder: path → text. */
function load(files: Record<string, string>) {
  const problems: Problem[] = [];
  const value = loadAlerts(
    'c',
    ctx,
    problems,
    (abs) => abs,
    (abs) => files[abs],
    (folder) =>
      Object.keys(files)
        .filter((f) => f.startsWith(`${folder}/`))
        .sort(),
    (abs) => abs in files || Object.keys(files).some((f) => f.startsWith(`${abs}/`)),
  );
  return { value, problems: problems.map(formatProblem) };
}

describe('loadAlerts', () => {
  it('is absent without alerts.yaml and templates/', () => {
    expect(load({})).toEqual({ value: undefined, problems: [] });
  });

  it('reads templates alone (for new --template), and the rules against them', () => {
    expect(load({ 'c/templates/slow-api.md': TEMPLATE }).value?.templates.has('slow-api')).toBe(true);
    const both = load({
      'c/templates/slow-api.md': TEMPLATE,
      'c/alerts.yaml': 'rules:\n  - match: {alertname: Slow}\n    services: {api: degraded_performance}\n    template: slow-api\n',
    });
    expect(both.problems).toEqual([]);
    expect(both.value?.config?.rules[0]?.template).toBe('slow-api');
  });

  it("reports a template's own problems there, not again as missing from the rules", () => {
    const r = load({
      'c/templates/slow-api.md': '---\ntitle: Slow API\n---\n\nno heading\n',
      'c/templates/Bad_Name.md': TEMPLATE,
      'c/alerts.yaml': 'rules:\n  - match: {alertname: Slow}\n    services: {api: degraded_performance}\n    template: slow-api\n',
    });
    expect(r.problems).toEqual([
      'c/templates/Bad_Name.md:1: file name: must be a name in lowercase letters, digits and hyphens, e.g. slowdown.md',
      'c/templates/slow-api.md:5: update: text before the first update heading; start the body with a line such as "## Investigating"',
    ]);
  });
});
