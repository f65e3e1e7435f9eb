/**
 * `statusmark notify --help` prints notify's own usage (not the general help), and
 * `statusmark install-hook` keeps a pre-commit hook it did not write.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { git, root, statusmark } from './helpers.ts';
import { stretched } from '../../src/dev/work.ts';

const temp = tempFolders('help-hook');

describe('statusmark notify --help', () => {
  it("prints notify's options, the sequence the deploy workflow runs, and the exit codes", () => {
    const long = statusmark(['notify', '--help'], root);
    expect(long.code).toBe(0);
    expect(long.err).toBe('');
    expect(statusmark(['notify', '-h'], root)).toEqual(long);
    expect(long.out).toMatch(/^Usage: statusmark notify \[options\]\n/);
    expect(long.out).not.toContain('Usage: statusmark <command>');
    for (const option of [
      '--before FILE',
      '--before-url URL',
      '--save-before FILE',
      '--after FILE',
      '--state FILE',
      '--dry-run',
      '--retries N',
      '--backoff MS',
      '--content DIR',
    ]) {
      expect(long.out, option).toContain(`\n  ${option}`);
    }
    expect(long.out).toContain('\nExit codes\n  0  ');
    expect(long.out).toContain('\n  1  ');
    expect(long.out).toContain('\n  2  a bad option');
    // The sequence in the help is the one this repository's deploy workflow runs, in the same order.
    const printed = long.out
      .split('\n')
      .filter((l) => /^ {2}(npx statusmark notify|cp |npm run build)/.test(l))
      .map((l) => l.trim().split(/\s+#/)[0]!.trim());
    const workflow = parse(readFileSync(join(root, '.github/workflows/deploy.yml'), 'utf8')) as {
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    const runs = ['build', 'notify']
      .flatMap((job) => workflow.jobs[job]!.steps.flatMap((s) => (s.run ?? '').split('\n')))
      .map((l) => l.trim())
      .filter((l) => /^(npx statusmark notify|cp |npm run build)/.test(l));
    expect(printed).toEqual(runs);
    expect(printed).toHaveLength(4);
    // The manual's notify page shows the same lines.
    const section = readFileSync(join(root, 'docs/src/content/docs/notify.md'), 'utf8');
    for (const line of printed) expect(section, line).toContain(line);
  });

  it("a bad option exits 2 with notify's usage", () => {
    const r = statusmark(['notify', '--colour'], root);
    expect(r.code).toBe(2);
    expect(r.err).toContain("statusmark notify: Unknown option '--colour'");
    expect(r.err).toContain('Usage: statusmark notify [options]');
  });
});

describe('statusmark install-hook', () => {
  it(
    'installs, re-installs its own hook, and keeps a hook it did not write, saying how to chain it',
    () => {
      const dir = temp();
      git(dir, 'init', '-q', '-b', 'main');
      const hook = join(dir, '.git/hooks/pre-commit');
      expect(statusmark(['install-hook'], dir)).toEqual({
        code: 0,
        out: 'installed .git/hooks/pre-commit: every commit now runs "statusmark validate --staged" first',
        err: '',
      });
      const ours = readFileSync(hook, 'utf8');
      expect(ours).toContain('exec npx --no-install statusmark validate --staged\n');
      expect(statSync(hook).mode & 0o111).not.toBe(0);
      expect(statusmark(['install-hook'], dir).code).toBe(0);
      expect(readFileSync(hook, 'utf8')).toBe(ours);

      const theirs = "#!/bin/sh\n# the team's own check\nnpx lint-staged\n";
      writeFileSync(hook, theirs);
      chmodSync(hook, 0o755);
      expect(statusmark(['install-hook'], dir)).toEqual({
        code: 1,
        out: '',
        err:
          'statusmark install-hook: .git/hooks/pre-commit already exists and was not written by statusmark; it is kept as it is and nothing was changed.\n' +
          'To run both, add this line to it where a failing check should stop the commit:\n' +
          '  npx --no-install statusmark validate --staged || exit 1\n' +
          '(or move it away and run "statusmark install-hook" again)',
      });
      expect(readFileSync(hook, 'utf8')).toBe(theirs);
    },
    stretched(300_000),
  );
});
