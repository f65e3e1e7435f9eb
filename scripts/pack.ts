/**
 * `npm pack` / `npm publish` run this first (the `prepack` script): Node will not strip
 * types from `.ts` files under node_modules, so the two entry points Node itself loads in
 * a site (the integration that astro.config.mjs imports, and the `statusmark` command)
 * are bundled to JavaScript in compiled/astro/ and compiled/cli/, as deep below the package
 * root as their sources in src/astro/ and src/cli/ (so the paths they find files by hold in
 * both), with the declaration of the integration's options. Everything else (the routes, components, layout, and the src/lib modules they
 * import) ships as TypeScript and .astro, which Vite compiles in the site's build.
 * `postpack` removes compiled/ again, so this repository always runs its own sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const out = join(root, 'compiled');

if (process.argv[2] === 'clean') {
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
}

rmSync(out, { recursive: true, force: true });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const common = {
  bundle: true,
  // The site installs the dependencies; only this package's own modules go in the bundle.
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: `node${/\d+/.exec(pkg.engines.node)?.[0] ?? '22'}`,
  logLevel: 'warning',
} as const;
await build({
  ...common,
  // The parse worker one folder above both bundles (src/lib/content/load.ts looks for it there).
  entryPoints: {
    'astro/integration': join(root, 'src/astro/integration.ts'),
    'parse-worker': join(root, 'src/lib/content/parse-worker.ts'),
  },
  outdir: out,
});
// The command line split by command, as src/cli/statusmark.ts loads them: a command loads its
// own modules and the packages they import, not every command's (a server, a mailer, an
// importer). In one file, every start imported them all: `validate` took 0.98 CPU-s instead
// of 0.63. Its chunks stay in compiled/cli/, as deep as the entry, so the paths they find
// files by (package.json, the parse worker, the workflows) hold from every chunk.
await build({
  ...common,
  entryPoints: { 'cli/statusmark': join(root, 'src/cli/statusmark.ts') },
  outdir: out,
  splitting: true,
  chunkNames: 'cli/[name]-[hash]',
});

// This repository's workflows, which `statusmark init` writes into a new site (src/lib/authoring/scaffold.ts siteWorkflow).
mkdirSync(join(out, 'workflows'), { recursive: true });
for (const name of ['deploy.yml', 'test.yml', 'alert-drafts.yml'])
  cpSync(join(root, '.github', 'workflows', name), join(out, 'workflows', name));

// The integration's declaration (StatusmarkOptions), written by tsc from the source.
const types = mkdtempSync(join(tmpdir(), 'statusmark-types-'));
try {
  const tsc = spawnSync(
    join(root, 'node_modules', '.bin', 'tsc'),
    [
      'src/astro/integration.ts',
      '--ignoreConfig',
      '--declaration',
      '--emitDeclarationOnly',
      '--allowImportingTsExtensions',
      '--rewriteRelativeImportExtensions',
      '--module',
      'nodenext',
      '--target',
      'es2025',
      '--skipLibCheck',
      '--strict',
      '--types',
      'node',
      '--outDir',
      types,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`tsc exited with ${tsc.status ?? tsc.signal}`);
  // integration.d.ts and the declarations of the src/lib modules its types name (the component names).
  cpSync(types, out, { recursive: true });
} finally {
  rmSync(types, { recursive: true, force: true });
}
console.error(
  'compiled/astro/integration.js, compiled/astro/integration.d.ts, compiled/cli/ (statusmark.js and a chunk per command), compiled/parse-worker.js, compiled/workflows/',
);
