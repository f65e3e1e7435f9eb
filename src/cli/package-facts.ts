/**
 * The statusmark package's own facts that `statusmark init` writes a new site for. This
 * module sits at the same depth below the package root as compiled/cli/statusmark.js, the
 * bundle it is compiled into (scripts/pack.ts), so the paths below hold in both.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PackageFacts, WorkflowName } from '../lib/authoring/scaffold.ts';

/** The package's own facts the new site is written for: this release, its Astro, its pinned Node. */
export function packageFacts(): PackageFacts {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
    peerDependencies: { astro: string };
    devDependencies: { node: string };
    allowScripts: Record<string, boolean>;
  };
  // The published package ships this repository's workflows in compiled/workflows/ (scripts/pack.ts); this repository has them in .github/workflows/.
  const dir = [new URL('../../compiled/workflows/', import.meta.url), new URL('../../.github/workflows/', import.meta.url)].find((u) =>
    existsSync(u),
  )!;
  const workflow = (name: WorkflowName) => readFileSync(new URL(name, dir), 'utf8');
  return {
    version: own.version,
    astro: own.peerDependencies.astro,
    node: own.devDependencies.node,
    allowScripts: own.allowScripts,
    workflows: { 'deploy.yml': workflow('deploy.yml'), 'test.yml': workflow('test.yml'), 'alert-drafts.yml': workflow('alert-drafts.yml') },
  };
}
