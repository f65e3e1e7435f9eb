/**
 * `npm test`: everything the project checks, in order, stopping at the first failure.
 *
 * 1. Node is the pinned version (the `node` devDependency), not the machine's.
 * 2. Debian packages the tests need (Chromium, a feed parser, nginx) are present, installed
 *    with apt-get when running as root, or named in a clear message otherwise.
 * 3. `npm run lint` (Biome: formatting and lint rules; dependency-cruiser: no import cycle, a pure
 *    src/lib, tests and scripts apart) and `astro check` (types in .astro and .ts files).
 * 4. Builds, two at a time (each a separate Astro process, its output printed when it ends):
 *    the manual in docs/ (a link between its pages that does not resolve fails it), the demo
 *    content (Chinese first, then English) twice, to prove builds are reproducible, and the fixtures.
 *    `npx node scripts/test.ts builds` makes only these builds, for running browser tests alone.
 * 5. Vitest: unit tests beside src/lib, the browser tests against those builds, and the
 *    package test (npm pack, a site scaffolded and installed from the tarball, an upgrade).
 * It ends with one line `tests: N passed, N failed`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeTooOld } from '../src/cli/node-version.ts';
import { BUILDS_AT_ONCE } from '../src/dev/astro-build.ts';
import { postgresBin } from '../src/dev/postgres.ts';
import { mapConcurrently } from '../src/dev/work.ts';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
// A render-worker setting of the shell would change how the test builds render: each build that wants one sets it.
const { STATUSMARK_RENDER_WORKERS: _workers, STATUSMARK_SHARED_MODEL: _model, ...shell } = process.env;
const env = { ...shell, ASTRO_TELEMETRY_DISABLED: '1' };

/** What the tests need from Debian, by the file that proves it is installed. */
const DEBIAN_PACKAGES: { pkg: string; file: string; why: string }[] = [
  { pkg: 'chromium', file: '/usr/bin/chromium', why: 'the browser tests' },
  {
    pkg: 'python3-feedparser',
    file: '/usr/lib/python3/dist-packages/feedparser/__init__.py',
    why: 'reading the feeds with a real feed parser',
  },
  { pkg: 'nginx', file: '/usr/sbin/nginx', why: 'serving a build with docs/nginx.conf' },
  {
    pkg: 'postgresql',
    // the version folder differs between Debian releases: the newest installed, or a path that does not exist yet
    file: join(postgresBin() ?? '/usr/lib/postgresql/<version>/bin', 'initdb'),
    why: 'the subscription service on PostgreSQL (an initdb cluster in a temporary folder)',
  },
  {
    pkg: 'prometheus-alertmanager',
    file: '/usr/bin/amtool',
    why: 'the alert intake tests (tests/alerts/: alertmanager on 127.0.0.1, alerts fired with amtool)',
  },
  {
    pkg: 'openssh-server',
    file: '/usr/sbin/sshd',
    why: 'the alert intake pushing over ssh (tests/alerts/ssh-remote.test.ts: sshd on 127.0.0.1 with its own host key)',
  },
];
/** Debian's way to keep a package's install from starting its service (nginx on port 80). */
const POLICY_RC = '/usr/sbin/policy-rc.d';

/**
 * The builds the browser tests read: name → content folder and the machine time zone it
 * is built in. The demo is built twice, 24 hours of offset apart, and must come out byte
 * for byte the same: nothing may depend on the build machine's zone.
 */
const TEST_BUILDS: Record<string, { content: string; tz: string; env?: Record<string, string> }> = {
  demo: { content: 'content', tz: 'Pacific/Kiritimati' },
  // The demo again in another machine zone, and rendered by two render workers instead of one
  // thread: site.test.ts checks both builds are the same byte for byte.
  'demo-again': { content: 'content', tz: 'America/Adak', env: { STATUSMARK_RENDER_WORKERS: '2' } },
  quiet: { content: 'tests/fixtures/quiet', tz: 'UTC' },
  hostile: { content: 'tests/fixtures/hostile', tz: 'Asia/Kolkata' },
  archive: { content: '.test-builds/archive-content', tz: 'Europe/London' },
  'bilingual-feeds': { content: 'tests/fixtures/bilingual-feeds', tz: 'UTC' },
  'subscribe-form': { content: 'tests/fixtures/subscribe-form', tz: 'America/Sao_Paulo' },
};

/** Incidents in the generated archive: enough for several history pages and full feeds. */
const ARCHIVE_SIZE = 120;

const started = performance.now();
let stepStarted = started;

/** Starts a step: prints how long the previous one took, then the new one's title. */
function step(title: string): void {
  const now = performance.now();
  if (now - stepStarted > 1000) console.log(`(${seconds(now - stepStarted)})`);
  stepStarted = now;
  console.log(`\n=== ${title}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

function fail(message: string): never {
  console.error(`\nnpm test stopped: ${message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) fail(`${[command.replace(`${root}/`, ''), ...args].join(' ')} exited with ${result.status ?? result.signal}`);
}

interface Job {
  title: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * One command of a group that runs at once, its output kept and printed in one piece when it
 * ends, so that two commands running together do not interleave their lines.
 */
function job({ title, command, args, env: extraEnv = {} }: Job): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...env, ...extraEnv } });
    const output: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      console.log(`-- ${title}`);
      process.stdout.write(Buffer.concat(output));
      if (code === 0) resolve();
      else reject(new Error(`${[command.replace(`${root}/`, ''), ...args].join(' ')} exited with ${code ?? signal}`));
    });
  });
}

/** The test builds, with `others` (commands independent of them) in the same queue. */
async function testBuilds(others: Job[] = []): Promise<void> {
  step(`builds for the browser tests${others.length ? `, with ${others.map((o) => o.title).join(', ')}` : ''}`);
  rmSync(join(root, '.test-builds'), { recursive: true, force: true });
  console.log(`-- generating an archive of ${ARCHIVE_SIZE} incidents`);
  run(process.execPath, ['scripts/generate.ts', '.test-builds/archive-content', '--n', String(ARCHIVE_SIZE)]);
  const builds = Object.entries(TEST_BUILDS).map(([name, { content, tz, env }]) => ({
    title: `${name} (${content}, machine zone ${tz})`,
    command: bin('astro'),
    args: ['build', '--outDir', `.test-builds/${name}`],
    env: { STATUSMARK_CONTENT: content, TZ: tz, ...env },
  }));
  const jobs = [...others, ...builds];
  console.log(`-- ${jobs.length} commands, ${BUILDS_AT_ONCE} at a time`);
  await mapConcurrently(jobs, BUILDS_AT_ONCE, job).catch((e: Error) => fail(e.message));
}

if (process.argv[2] === 'builds') {
  await testBuilds();
  process.exit(0);
}

step('Node version');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.node as string;
const tooOld = nodeTooOld(process.version, pinned);
if (tooOld) fail(tooOld);
console.log(`Node ${process.versions.node} (pinned ${pinned})`);

step('Debian packages');
const missing = DEBIAN_PACKAGES.filter((p) => !existsSync(p.file));
if (missing.length) {
  const names = missing.map((p) => p.pkg).join(' ');
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`installing ${names} (needed for ${missing.map((p) => p.why).join(', ')})`);
    run('apt-get', ['update', '-qq']);
    // The tests start nginx themselves, on 127.0.0.1 only: forbid the install to start it on every address.
    const ownPolicy = !existsSync(POLICY_RC);
    if (ownPolicy)
      writeFileSync(POLICY_RC, '#!/bin/sh\n# written by statusmark npm test while it installs packages\nexit 101\n', { mode: 0o755 });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map((p) => p.pkg)], {
      stdio: 'inherit',
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (ownPolicy) rmSync(POLICY_RC, { force: true });
    if (install.status !== 0) fail(`apt-get install ${names} exited with ${install.status ?? install.signal}`);
  } else {
    fail(
      `the tests need Debian's ${names} (${missing.map((p) => `${p.file} for ${p.why}`).join('; ')}). Install it: sudo apt-get install ${names}`,
    );
  }
}
console.log(DEBIAN_PACKAGES.map((p) => `${p.pkg}: ${p.file}`).join('\n'));

step('lint');
run(bin('biome'), ['check', '.']);
run(bin('depcruise'), ['src', 'scripts', 'tests', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);

// Before the builds, not beside them: each build rewrites .astro/types.d.ts, which the check reads.
step('astro check');
run(bin('astro'), ['check']);

// The manual is a separate Astro project (docs/): its build shares nothing with the test builds.
await testBuilds([
  { title: 'the manual (docs/): built, every internal link resolved', command: bin('astro'), args: ['build', '--root', 'docs'] },
]);

step('vitest');
const report = join(root, '.test-builds', 'vitest.json');
const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  cwd: root,
  stdio: 'inherit',
  // Includes the package test (pack, scaffold, npm install, build, upgrade), which a plain `vitest run` leaves out.
  env: { ...env, STATUSMARK_PACKAGE_TEST: '1' },
});
if (!existsSync(report)) fail('vitest wrote no report');
const summary = JSON.parse(readFileSync(report, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
};
if (summary.numTotalTests === 0) fail('vitest ran no test');
// A file whose setup failed (it failed, yet none of its tests did) counts as one failure more;
// a file or describe block that failed only because a test in it did is that test, counted once.
const brokenFiles = summary.testResults.filter(
  (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
).length;
const failed = summary.numFailedTests + brokenFiles;
console.log(`(${seconds(performance.now() - stepStarted)})\nnpm test took ${seconds(performance.now() - started)}`);
console.log(`\ntests: ${summary.numPassedTests} passed, ${failed} failed`);
process.exit(vitest.status === 0 && failed === 0 ? 0 : 1);
