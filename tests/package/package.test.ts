/**
 * The package as a new user gets it, in one cycle: pack this repository, scaffold a site
 * with the tarball's own `statusmark init` (non-interactive), install the site from the
 * tarball, validate and build it, and read its home page; then pack the same tree with a
 * bumped version, install that into the site, and show that no file the owner wrote
 * changed and the site still builds. Slow (npm installs, from the npm cache when it can).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { tempFolders } from '../../src/dev/temp.ts';
import { root } from '../cli/helpers.ts';
import { siteEnv } from './site-env.ts';
import { siteWorkflow } from '../../src/lib/authoring/scaffold.ts';
import { stretched } from '../../src/dev/work.ts';

/** A test's time limit here on an idle machine, stretched by how busy the machine is (src/dev/work.ts). */
const TIME_LIMIT = stretched(900_000);

const temp = tempFolders('package');
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const env = siteEnv({ name: 'Ada Ops', email: 'ada@acme.example' });

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} in ${cwd} exited with ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `npm pack` of the package at `dir` into `into`, without its pack scripts; returns the tarball's path. */
function pack(dir: string, into: string): string {
  const out = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', into], dir)) as { filename: string }[];
  return join(into, out[0]!.filename);
}

/** Every file the site's owner has (not what npm, git or the build write), with a hash of its bytes. */
function ownerFiles(site: string): Map<string, string> {
  const skip = new Set(['node_modules', '.git', 'dist', '.astro', 'package-lock.json']);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(e.name)) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else files.set(relative(site, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(site);
  return files;
}

/**
 * The packages that the modules `files` of the bundle folder `dir` load as they start: their
 * static imports of packages, and those of the bundle's chunks they import statically, in turn.
 */
function staticPackages(dir: string, files: string[]): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const [, specifier] of code.matchAll(/^(?:import\s*|import\s[^;]*?\sfrom\s*)["']([^"']+)["'];?$/gm)) {
      if (specifier!.startsWith('./')) visit(specifier!.slice(2));
      else if (!specifier!.startsWith('node:')) packages.add(specifier!);
    }
  };
  for (const file of files) visit(file);
  return [...packages].sort();
}

/** The home page's text, without tags. */
function homeText(site: string): string {
  return readFileSync(join(site, 'dist', 'index.html'), 'utf8')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('the statusmark package', () => {
  it('packs, scaffolds a site that installs from the tarball and builds, and upgrades without touching the owner’s files', {
    timeout: TIME_LIMIT,
  }, () => {
    const work = temp();
    // Packed once for every package test (tests/tarball.setup.ts).
    const tarball = inject('tarball');
    expect(tarball).toMatch(new RegExp(`statusmark-${own.version.replace(/\./g, '\\.')}\\.tgz$`));
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    // Only what a site needs: no tests, no demo content, no workflows of this repository.
    expect(listed.filter((f) => /\.test\.ts$|^package\/(tests|content|\.github)\//.test(f))).toEqual([]);
    expect(listed).toEqual(
      expect.arrayContaining([
        'package/compiled/astro/integration.js',
        'package/compiled/astro/integration.d.ts',
        'package/compiled/cli/statusmark.js',
        'package/compiled/parse-worker.js',
        'package/bin/statusmark.js',
        'package/CHANGELOG.md',
        'package/LICENSE',
      ]),
    );
    // The scheduled deploy's due check, and the workflows init writes (this repository's, from compiled/workflows/).
    expect(listed).toEqual(
      expect.arrayContaining(['package/src/cli/due.sh', 'package/compiled/workflows/deploy.yml', 'package/compiled/workflows/test.yml']),
    );
    // The tarball's files, read here and packed again below as a newer release.
    const unpacked = temp();
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    // The command line is split by command (scripts/pack.ts): its entry imports no command's
    // packages, so `validate`, which every commit's hook runs, does not load the server's, the
    // mailer's or the database's; nor does notify, which loads the mailer only for a run that
    // mails (src/lib/notify/send.ts).
    const cli = join(unpacked, 'package/compiled/cli');
    for (const command of ['validate', 'notify']) {
      const chunk = listed.find((f) => new RegExp(`^package/compiled/cli/${command}-\\w+\\.js$`).test(f));
      expect(chunk, command).toBeDefined();
      const packages = staticPackages(cli, ['statusmark.js', chunk!.replace('package/compiled/cli/', '')]);
      expect(packages, command).toContain('zod');
      expect(
        packages.filter((p) => /^(hono|@hono|nodemailer|kysely|pg)(\/|$)/.test(p)),
        command,
      ).toEqual([]);
    }
    // Development tools (scripts/, src/dev/) and the create-statusmark package stay out.
    expect(listed.filter((f) => /^package\/(scripts|src\/dev|src\/create-statusmark)\//.test(f))).toEqual([]);

    // Scaffold with the tarball's command, as `npx statusmark init` does for a new user.
    run(
      'npx',
      [
        '--yes',
        `--package=${tarball}`,
        '--',
        'statusmark',
        'init',
        'acme-status',
        '--yes',
        '--name',
        'Acme Status',
        '--url',
        'https://acme.github.io/status',
        '--timezone',
        'Europe/Berlin',
        '--group',
        'Platform',
        '--service',
        'api=Public API',
        '--service',
        'dashboard=Dashboard',
        '--group',
        'Support',
        '--service',
        'helpdesk=Help desk',
      ],
      work,
    );
    const site = join(work, 'acme-status');
    expect(JSON.parse(readFileSync(join(site, 'package.json'), 'utf8')).dependencies.statusmark).toBe(`^${own.version}`);
    // Everything init wrote is in its first commit, and its workflows are this repository's, as the tarball ships them.
    expect(execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: site, encoding: 'utf8' })).toBe('');
    expect(execFileSync('git', ['log', '--format=%an|%s'], { cwd: site, encoding: 'utf8' })).toBe(
      'Ada Ops|Status page: Acme Status, made by statusmark init\n',
    );
    for (const name of ['deploy.yml', 'test.yml'] as const) {
      expect(readFileSync(join(site, '.github/workflows', name), 'utf8'), name).toBe(
        siteWorkflow(name, readFileSync(join(root, '.github/workflows', name), 'utf8')),
      );
    }

    // The owner makes it theirs without forking: a page of their own, the text above the service list, a logo and an accent colour.
    writeFileSync(
      join(site, 'src/pages/about.astro'),
      '---\n---\n<html lang="en"><head><title>About Acme</title></head><body><h1>About our status page</h1></body></html>\n',
    );
    mkdirSync(join(site, 'src/components'));
    writeFileSync(
      join(site, 'src/components/Intro.astro'),
      '---\nconst { site } = Astro.props;\n---\n<p class="intro">Every Acme service, as {site.name} sees it.</p>\n',
    );
    writeFileSync(
      join(site, 'public/logo.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n',
    );
    writeFileSync(
      join(site, 'content/site.yaml'),
      `${readFileSync(join(site, 'content/site.yaml'), 'utf8')}logo: /logo.svg\naccent: "#0b57d0"\n`,
    );
    const config = readFileSync(join(site, 'astro.config.mjs'), 'utf8');
    writeFileSync(
      join(site, 'astro.config.mjs'),
      config.replace(
        "statusmark({ content: './content' })",
        "statusmark({ content: './content', components: { ServiceListIntro: './src/components/Intro.astro' } })",
      ),
    );

    run('npm', ['install', tarball], site);
    expect(run('npx', ['statusmark', 'validate'], site)).toContain(
      '2 files valid: 3 services, 0 incidents, 0 maintenance windows, 0 notices',
    );
    run('npx', ['astro', 'build'], site);
    const home = homeText(site);
    for (const words of ['Acme Status', 'Public API', 'Dashboard', 'Help desk', 'Platform', 'Support', 'All Systems Operational'])
      expect(home).toContain(words);
    // Not a word of the demo.
    for (const demo of ['Nimbus', 'Registration', 'registration', 'Web chat', 'attack']) expect(home).not.toContain(demo);
    const html = readFileSync(join(site, 'dist', 'index.html'), 'utf8');
    expect(html).toContain('href="/status/history/"');
    expect(home).toContain('Every Acme service, as Acme Status sees it.');
    expect(html).toContain('<img src="/status/logo.svg" alt="" height="32"');
    expect(html).toContain('--link:#0b57d0;--focus:#0b57d0');
    expect(readFileSync(join(site, 'dist', 'about', 'index.html'), 'utf8')).toContain('<h1>About our status page</h1>');

    // The due check ships: the installed package's due.sh decides from the site's own build.json.
    const contentCommit = execFileSync('git', ['log', '-1', '--format=%H', '--', 'content'], { cwd: site, encoding: 'utf8' }).trim();
    const decided = spawnSync('sh', [join(site, 'node_modules/statusmark/src/cli/due.sh')], {
      cwd: site,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        BUILD_JSON_URL: `file://${join(site, 'dist/api/build.json')}`,
        CONTENT_COMMIT: contentCommit,
        INTERVAL_MINUTES: '30',
      },
    });
    expect(decided.stderr).toBe('');
    expect(decided.status).toBe(0);
    // Built from the latest content commit: due only when the next change (midnight in Berlin at the latest) comes within 30 minutes.
    expect(decided.stdout).toMatch(
      /^(not due: next change at \S+, in \d+ minutes|build: it changes at \S+, before the next run; waiting \d+ s)\n$/,
    );

    // A newer release: the same package, version bumped, packed again. Its files are the
    // tarball's own (compiled once by npm pack for every package test), so packing runs no script.
    const before = ownerFiles(site);
    const pkgBefore = readFileSync(join(site, 'package.json'), 'utf8');
    const next = join(unpacked, 'package');
    const bumped = own.version.replace(/\d+$/, (patch) => String(Number(patch) + 1));
    const pkg = JSON.parse(readFileSync(join(next, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(next, 'package.json'), `${JSON.stringify({ ...pkg, version: bumped }, null, 2)}\n`);
    const newer = pack(next, work);

    run('npm', ['install', newer], site);
    expect(JSON.parse(readFileSync(join(site, 'node_modules', 'statusmark', 'package.json'), 'utf8')).version).toBe(bumped);
    const after = ownerFiles(site);
    // package.json names the new tarball (npm's own edit of the statusmark line); every other file is byte for byte as the owner left it.
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, hash] of before) if (file !== 'package.json') expect(after.get(file), file).toBe(hash);
    const withoutStatusmark = (text: string) => {
      const p = JSON.parse(text) as { dependencies: Record<string, string> };
      delete p.dependencies['statusmark'];
      return p;
    };
    expect(withoutStatusmark(readFileSync(join(site, 'package.json'), 'utf8'))).toEqual(withoutStatusmark(pkgBefore));
    expect(run('npx', ['statusmark', 'migrate'], site)).toContain('nothing to migrate');
    run('npx', ['astro', 'build'], site);
    expect(homeText(site)).toContain('All Systems Operational');
    expect(homeText(site)).toContain('Every Acme service, as Acme Status sees it.');
    expect(readFileSync(join(site, 'dist', 'about', 'index.html'), 'utf8')).toContain('<h1>About our status page</h1>');
  });
});
