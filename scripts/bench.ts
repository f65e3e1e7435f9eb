/**
 * `npm run bench`: builds generated archives of N incidents (100, 1,000 and 10,000 by
 * default; `--n 500,20000` for others) and prints what each build cost and produced,
 * then checks the performance targets. Each build runs in its own process with a fresh
 * output folder, as a CI job would. The archives of `--bilingual` sizes (10,000 by default)
 * are built a second time with `languages: [zh-CN, en]`, every page then built twice, and
 * the cost of the second language is reported.
 *
 * Each archive is also built by the previous release, in the same run and alternating with
 * the current tree (the previous release's build first), and the table gives the ratio of
 * the two, wall and CPU, so a regression shows as a number. The previous release is the tag
 * v<version>, else the commit before the CHANGELOG's Unreleased section was opened
 * (scripts/bench-previous.ts); `--against REV` names another revision, `--against none`
 * skips it. Its tree is unpacked with `git archive` and installed once into .bench/ (npm
 * install, from the registry). An archive the previous release cannot build (content it
 * does not know yet) is said so and compared with nothing.
 *
 * With `--cstate DIR` (a checkout of cState, and Debian's hugo installed), each one-language
 * archive of up to 1,000 incidents is also written as a cState site and built by Hugo
 * (scripts/bench-cstate.ts), and the table says how many times faster Statusmark built it.
 *
 * It then renders each known pathological Markdown shape (PATHOLOGICAL_MARKDOWN) at 10 KB,
 * 100 KB and 1 MB and prints the times, beside plain text of the same sizes, and whether
 * each takes under 2 s at 1 MB; `--markdown-only` skips the builds.
 *
 * `--subscribers` runs only the subscription service's section instead (scripts/bench-subscribers.ts).
 * `--alerts` runs only the alert intake's section instead (scripts/bench-alerts.ts): 100 alerts
 * from Alertmanager to a pushed branch, and a storm of 1,000 alerts in 20 groups.
 *
 * Usage: npm run bench [-- --n 100,1000,10000] [--bilingual 10000] [--against REV|none] [--cstate DIR] [--keep] [--markdown-only]
 *        npm run bench -- --subscribers
 *        npm run bench -- --alerts
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { filesBelow } from '../src/dev/files.ts';
import { benchSubscribers } from './bench-subscribers.ts';
import { generateContent } from './generate.ts';
import { renderMarkdown } from '../src/lib/content/markdown.ts';
import { PATHOLOGICAL_MARKDOWN } from '../src/dev/test-helpers.ts';
import { benchAlerts } from './bench-alerts.ts';
import { installRelease, previousReleaseRevision, type Release } from './bench-previous.ts';
import { cstateMissing, writeCStateSite } from './bench-cstate.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100,1000,10000' },
    bilingual: { type: 'string', default: '10000' },
    keep: { type: 'boolean', default: false },
    against: { type: 'string' },
    cstate: { type: 'string' },
    'markdown-only': { type: 'boolean', default: false },
    subscribers: { type: 'boolean', default: false },
    alerts: { type: 'boolean', default: false },
  },
});
if (values.subscribers) process.exit((await benchSubscribers()) ? 0 : 1);
const counts = (option: string, text: string) => {
  const list = text
    .split(',')
    .filter(Boolean)
    .map((s) => Number(s.replace(/_/g, '')));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`--${option} takes whole numbers separated by commas, e.g. --${option} 100,1000,10000`);
    process.exit(2);
  }
  return list;
};
const sizes = counts('n', values.n);
const bilingual = counts('bilingual', values.bilingual).filter((n) => sizes.includes(n));

/** The languages of the second build of a bilingual size: the worked example's, Chinese first. */
const TWO_LANGUAGES = '[zh-CN, en]';

const root = join(import.meta.dirname, '..');

if (values.alerts) {
  const outcome = await benchAlerts();
  console.log('');
  for (const [what, ok] of outcome) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
  process.exit(outcome.every(([, ok]) => ok) ? 0 : 1);
}
/**
 * The largest archive built as a cState site too: Hugo's time for cState grows with the square
 * of the archive (1,000 incidents about 10 s, 10,000 about 19 minutes on the project's machine).
 */
const CSTATE_UP_TO = 1000;

/** The cState theme to build each one-language archive with as well (`--cstate`), when it can run. */
const cstate = values.cstate;
if (cstate) {
  const missing = cstateMissing(cstate);
  if (missing) {
    console.error(`--cstate: ${missing}`);
    process.exit(2);
  }
}

/** The previous release, built beside the current tree (`--against`; none with `--against none`). */
let previous: Release | undefined;
try {
  previous =
    values['markdown-only'] || values.against === 'none'
      ? undefined
      : installRelease(root, values.against ?? previousReleaseRevision(root));
} catch (error) {
  console.error(`--against: ${(error as Error).message}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'statusmark-bench-'));
// Removed however the bench ends (a failed build exits at once); --keep keeps the builds in it.
process.on('exit', () => {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
});
if (values.keep) console.log(`builds are kept in ${work}`);

/** What is built: a generated archive of `n` incidents in one or two languages, or the demo (the content/ folder). */
interface Archive {
  n: number | 'demo';
  /** How many languages the site is built in. */
  languages: number;
}

interface Row extends Archive {
  pages: number;
  files: number;
  seconds: number;
  /** User + system CPU seconds, all threads: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakMiB: number;
  home: number;
  incident: number;
  history: number;
  feed: number;
  historyMax: number;
  /** The same archive built by the previous release in the same run, when there is one and it could. */
  previous?: Measured;
  /** The same archive as a cState site built by Hugo in the same run (`--cstate`). */
  cstate?: Measured;
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** One build of `content` by the tree at `tree` (its own Astro, the pinned Node) into a fresh folder. */
function build(tree: string, content: string, dist: string): Measured | Failed {
  const command = [process.execPath, join(tree, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist];
  return timed(command, tree, { STATUSMARK_CONTENT: content, ASTRO_TELEMETRY_DISABLED: '1' });
}

interface Measured {
  seconds: number;
  cpuSeconds: number;
  peakMiB: number;
}

/** A command that failed, with the end of what it printed. */
interface Failed {
  output: string;
}

/** Runs `command` in `cwd` under GNU time, which reports its wall time, peak resident memory and CPU time. */
function timed(command: string[], cwd: string, env: Record<string, string> = {}): Measured | Failed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', ...command], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) return { output: `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}` };
  const [seconds, kib, user, system] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number];
  return { seconds, cpuSeconds: user + system, peakMiB: Math.round(kib / 1024) };
}

/** What was measured, or the bench stops saying what failed. */
function measured(r: Measured | Failed, what: string): Measured {
  if (!('output' in r)) return r;
  console.error(`\nthe build of ${what} failed:\n${r.output}`);
  process.exit(1);
}

const describe = ({ n, languages }: Archive) =>
  n === 'demo' ? 'the demo (content/)' : `${n.toLocaleString('en-GB')} incidents${languages === 2 ? `, languages: ${TWO_LANGUAGES}` : ''}`;

function measure(archive: Archive): Row {
  const { n, languages } = archive;
  const name = `${n}-${languages}`;
  const content = join(work, `content-${name}`);
  if (n === 'demo') {
    // The demo's pages, feeds and API: its alert-intake files (alerts.yaml, templates/) make no page,
    // and a release from before the alert intake refuses them, so both trees build the copy without them.
    cpSync(join(root, 'content'), content, { recursive: true, filter: (src) => !/\/content\/(alerts\.yaml|templates)$/.test(src) });
  } else {
    process.stdout.write(`generating ${describe(archive)}… `);
    generateContent(content, { n });
    if (languages === 2) appendFileSync(join(content, 'site.yaml'), `languages: ${TWO_LANGUAGES}\n`);
  }
  // The previous release first, then this tree: a machine that gets busier during the run does not favour the new one.
  let before: Row['previous'];
  if (previous) {
    process.stdout.write(`building with ${previous.label}… `);
    const dist = join(work, `previous-${name}`);
    const r = build(previous.tree, content, dist);
    before = 'output' in r ? undefined : r;
    rmSync(dist, { recursive: true, force: true });
    process.stdout.write(before ? `${before.seconds.toFixed(1)} s; ` : 'it cannot build this archive; ');
  }
  process.stdout.write('building… ');
  const dist = join(work, `dist-${name}`);
  const now = measured(build(root, content, dist), describe(archive));
  const files = filesBelow(dist);
  const incidentPage = files.find((f) => /^incidents\/[^/]+\/index\.html$/.test(f))!;
  const historyPages = files.filter((f) => /^history\/(\d+\/)?index\.html$/.test(f));
  const row: Row = {
    ...archive,
    ...now,
    pages: files.filter((f) => f.endsWith('.html')).length,
    files: files.length,
    home: gz(join(dist, 'index.html')),
    incident: gz(join(dist, incidentPage)),
    history: gz(join(dist, 'history/index.html')),
    feed: gz(join(dist, 'history.rss')),
    historyMax: Math.max(...historyPages.map((f) => gz(join(dist, f)))),
    ...(before ? { previous: before } : {}),
  };
  process.stdout.write(`${now.seconds.toFixed(1)} s (CPU ${now.cpuSeconds.toFixed(1)} s)`);
  if (cstate && n !== 'demo' && n <= CSTATE_UP_TO && languages === 1) {
    process.stdout.write('; as a cState site, building with Hugo… ');
    const site = writeCStateSite(content, cstate, join(work, `cstate-${name}`));
    row.cstate = measured(timed(['hugo', '--quiet', '-d', join(site, 'public')], site), `${describe(archive)} as a cState site`);
    process.stdout.write(`${row.cstate.seconds.toFixed(1)} s`);
    rmSync(site, { recursive: true, force: true });
  }
  console.log('');
  if (!values.keep) rmSync(dist, { recursive: true, force: true });
  rmSync(content, { recursive: true, force: true });
  return row;
}

const archives: Archive[] = values['markdown-only']
  ? []
  : [{ n: 'demo', languages: 2 }, ...sizes.flatMap((n) => [{ n, languages: 1 }, ...(bilingual.includes(n) ? [{ n, languages: 2 }] : [])])];
const rows = archives.map(measure);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const ratio = (now: number, before: number | undefined) => (before ? `${(now / before).toFixed(2)} ×` : '');
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; load average at the end ${loadavg()[0]!.toFixed(1)} (wall times are only comparable on an idle machine)`,
);
console.log('Sizes are gzipped (level 9); the home page includes its inline CSS.');
if (previous)
  console.log(`"× prev": this tree's time over the previous release's, ${previous.label}, on the same archive in the same run.`);
if (cstate)
  console.log(
    `"faster than cState": the same archive as a cState site (${cstate}), built by Hugo in the same run, over this tree's wall time.`,
  );
console.log('');
if (rows.length) printBuilds();
function printBuilds() {
  const header = ['N', 'languages', 'pages', 'files', 'wall s', 'CPU s', 'peak MiB'];
  if (previous) header.push('prev wall s', 'prev CPU s', 'prev peak MiB', 'wall × prev', 'CPU × prev');
  if (cstate) header.push('cState wall s', 'cState CPU s', 'faster than cState');
  header.push('home', 'incident', 'history', 'history max', 'feed');
  const table = rows.map((r) => [
    r.n === 'demo' ? 'demo' : r.n.toLocaleString('en-GB'),
    String(r.languages),
    String(r.pages),
    String(r.files),
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
    String(r.peakMiB),
    ...(previous
      ? [
          r.previous?.seconds.toFixed(1) ?? '',
          r.previous?.cpuSeconds.toFixed(1) ?? '',
          r.previous ? String(r.previous.peakMiB) : '',
          ratio(r.seconds, r.previous?.seconds),
          ratio(r.cpuSeconds, r.previous?.cpuSeconds),
        ]
      : []),
    ...(cstate
      ? [
          r.cstate?.seconds.toFixed(1) ?? '',
          r.cstate?.cpuSeconds.toFixed(1) ?? '',
          r.cstate ? `${(r.cstate.seconds / r.seconds).toFixed(1)} ×` : '',
        ]
      : []),
    kb(r.home),
    kb(r.incident),
    kb(r.history),
    kb(r.historyMax),
    kb(r.feed),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of table) console.log(line(t));
}

// The targets (see the manual, Performance).
const results: [string, boolean | undefined][] = [];
const at = (n: number) => rows.find((r) => r.n === n && r.languages === 1);
const r1k = at(1000);
const r10k = at(10_000);
const r100k = at(100_000);
if (r10k)
  results.push(
    [`10,000 incidents build in at most 10 s (${r10k.seconds.toFixed(1)} s)`, r10k.seconds <= 10],
    [`10,000 incidents peak at most 1 GiB (${r10k.peakMiB} MiB)`, r10k.peakMiB <= 1024],
  );
if (r100k)
  results.push(
    ['100,000 incidents build in under 5 min', r100k.seconds < 300],
    ['100,000 incidents peak under 8 GiB', r100k.peakMiB < 8192],
  );
if (r1k && r10k) {
  results.push(['10k costs at most 11 × 1k', r10k.seconds <= 11 * r1k.seconds]);
  results.push(['home page the same size at 1k and 10k (within 5 %)', Math.abs(r10k.home - r1k.home) <= 0.05 * r1k.home]);
  results.push([
    'history pages and feed bounded (10k within 10 % of 1k)',
    r10k.historyMax <= r1k.historyMax * 1.1 && r10k.feed <= r1k.feed * 1.1,
  ]);
}
for (const r of rows) if (r.languages === 1) results.push([`home page HTML + CSS at most 14 KB at N = ${r.n}`, r.home <= 14 * 1024]);
// A regression shows against the previous release: no archive more than 10 % slower in CPU time (steadier than wall time).
for (const r of rows)
  if (r.previous)
    results.push([
      `${describe(r)}: CPU time at most 1.1 × the previous release's (${ratio(r.cpuSeconds, r.previous.cpuSeconds)}; wall ${ratio(r.seconds, r.previous.seconds)})`,
      r.cpuSeconds <= 1.1 * r.previous.cpuSeconds,
    ]);
const demo = rows.find((r) => r.n === 'demo');
if (demo?.previous)
  results.push([
    `the demo builds no slower than the previous release (${demo.seconds.toFixed(1)} s against ${demo.previous.seconds.toFixed(1)} s)`,
    demo.seconds <= demo.previous.seconds * 1.05,
  ]);
for (const two of rows.filter((r) => r.languages === 2 && r.n !== 'demo')) {
  const one = rows.find((r) => r.n === two.n && r.languages === 1)!;
  const wall = two.seconds / one.seconds;
  const cpu = two.cpuSeconds / one.cpuSeconds;
  console.log(
    `\nTwo languages at N = ${describe({ n: two.n, languages: 1 })}: ${two.seconds.toFixed(1)} s against ${one.seconds.toFixed(1)} s for one, ${wall.toFixed(2)} ×` +
      ` (CPU ${two.cpuSeconds.toFixed(1)} s against ${one.cpuSeconds.toFixed(1)} s, ${cpu.toFixed(2)} ×); ${two.pages} pages against ${one.pages}.`,
  );
  results.push([`${describe(two)}: at most 1.3 × one language (${wall.toFixed(2)} ×)`, wall <= 1.3]);
}
if (r1k?.cstate)
  results.push([
    `1,000 incidents at least 3 × faster than cState on Hugo (${(r1k.cstate.seconds / r1k.seconds).toFixed(1)} ×: ${r1k.seconds.toFixed(1)} s against ${r1k.cstate.seconds.toFixed(1)} s)`,
    r1k.cstate.seconds >= 3 * r1k.seconds,
  ]);
const typical = at(500);
if (typical) results.push(['500 incidents build in under 5 s', typical.seconds < 5]);

// Markdown: one message of each pathological shape, rendered as the build renders it (CPU time of this process).
const MARKDOWN_SIZES = [10 * 1024, 100 * 1024, 1024 * 1024];
/** The target of issue 24: any message of 1 MB renders in under 2 s (on an idle machine). */
const MARKDOWN_TARGET_S = 2;
/** The least of three runs: other processes on a shared machine only ever add to a run's time. */
const renderSeconds = (text: string): number | 'refused' => {
  let least = Infinity;
  for (let run = 0; run < 3; run++) {
    const before = process.cpuUsage();
    try {
      renderMarkdown(text);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return 'refused';
    }
    const used = process.cpuUsage(before);
    least = Math.min(least, (used.user + used.system) / 1e6);
  }
  return least;
};
/** Ordinary prose, nothing for the parser to try: what every other shape is compared with. */
const baseline = {
  name: 'plain text (baseline)',
  make: (bytes: number) => 'Requests to the API fail for some users, we are on it. '.repeat(Math.ceil(bytes / 55)).slice(0, bytes),
};
console.log(
  '\nMarkdown: CPU seconds to render one message of each pathological shape, least of three runs ("refused": nested too deeply, refused at once);',
);
console.log(
  `"× text": the 1 MB time over the plain-text 1 MB time, steadier than seconds on a busy machine; "< ${MARKDOWN_TARGET_S} s": the 1 MB target\n`,
);
const shapeWidth = Math.max(baseline.name.length, ...PATHOLOGICAL_MARKDOWN.map((s) => s.name.length));
console.log(`| ${'shape'.padEnd(shapeWidth)} |  10 KB | 100 KB |   1 MB | × text | < ${MARKDOWN_TARGET_S} s |`);
console.log(`|${'-'.repeat(shapeWidth + 2)}|--------|--------|--------|--------|-------|`);
let textSeconds = NaN;
for (const shape of [baseline, ...PATHOLOGICAL_MARKDOWN]) {
  const times = MARKDOWN_SIZES.map((bytes) => renderSeconds(shape.make(bytes)));
  const [, tenth, full] = times;
  if (shape === baseline && typeof full === 'number') textSeconds = full;
  const ratio = typeof full === 'number' ? (full / textSeconds).toFixed(1) : '';
  const target = typeof full === 'number' ? (full < MARKDOWN_TARGET_S ? 'yes' : 'NO') : '';
  console.log(
    `| ${shape.name.padEnd(shapeWidth)} | ${times.map((t) => (typeof t === 'number' ? t.toFixed(2) : t).padStart(6)).join(' | ')} | ${ratio.padStart(6)} | ${target.padStart(5)} |`,
  );
  if (shape === baseline) continue;
  if (typeof full === 'number')
    results.push([
      `Markdown ${shape.name}: 1 MB in under ${MARKDOWN_TARGET_S} s (${full.toFixed(2)} s, ${ratio} × plain text)`,
      full < MARKDOWN_TARGET_S,
    ]);
  // Linear time: ten times the text costs about ten times as much; quadratic would cost a hundred.
  if (typeof full === 'number' && typeof tenth === 'number' && tenth >= 0.05)
    results.push([`Markdown ${shape.name}: 1 MB at most 20 × 100 KB (${(full / tenth).toFixed(1)} ×)`, full <= 20 * tenth]);
}
console.log('');
for (const [what, ok] of results) console.log(`${ok ? 'PASS' : 'MISS'}  ${what}`);
