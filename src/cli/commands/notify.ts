/**
 * `statusmark notify`: after a deploy, announce on every channel of content/notify.yaml
 * what the deploy made public. Compares the live site's record from before the deploy
 * (fetched from the site, or `--before FILE`) with the new build's, and keeps per channel
 * what went out in a sent-state file, so a re-run sends nothing twice and a failed run's
 * leftovers go out next time. Exits 1 when anything could not be delivered.
 */
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { contentDir, loadNotifyConfig } from '../../lib/content/load.ts';
import { formatReport } from '../../lib/content/problems.ts';
import { siteConfigIn } from '../../lib/content/site-config.ts';
import { paths } from '../../lib/outputs/paths.ts';
import { count } from '../../lib/languages/plural.ts';
import { handoffBody } from '../../lib/notify/handoff.ts';
import { parseRecord, type PublishedRecord } from '../../lib/notify/record.ts';
import {
  dispatch,
  emptyState,
  parseState,
  planChannel,
  receiverHost,
  type ChannelSummary,
  type SendOptions,
  type SentState,
} from '../../lib/notify/send.ts';
import { readArguments } from '../arguments.ts';
import type { Summary } from '../command.ts';
import { writeAtomically } from '../content-files.ts';
import { CliError } from '../errors.ts';
import { alive } from '../processes.ts';

export const summary: Summary = {
  forms: ['[--before FILE | --before-url URL] [--after FILE] [--state FILE] [--dry-run]'],
  notes: [
    '[--save-before FILE] [--retries N] [--backoff MS]',
    'announce what the last deploy made public on the channels of notify.yaml',
    '(notify --help: its options, the sequence to run around a deploy, exit codes)',
  ],
};

export const usage = `Usage: statusmark notify [options]

Announces what the last deploy made public on each channel of content/notify.yaml: what is
in the new build's record (--after) and was not in the record the live site served before
the deploy (--before).

After a deploy the live site already serves the new record, so save the old one first.
The sequence the deploy workflow runs (.github/workflows/deploy.yml):
  npm run build                                               # writes dist/${paths.notifyRecord()}
  npx statusmark notify --save-before notify/before.json      # before the deploy replaces the live record
  cp dist/${paths.notifyRecord()} notify/after.json
  ... deploy dist/ ...
  npx statusmark notify --before notify/before.json --after notify/after.json
Keep the --state file between runs (the workflow caches .statusmark/): it is what stops a
re-run from sending anything twice.

  --before FILE      the record the site published before this deploy (without it: fetched
                     from the site now, which after a deploy is already the new one)
  --before-url URL   fetch it from this URL instead of <site url>/${paths.notifyRecord()}
  --save-before FILE fetch the live record into FILE (null when there is none) and stop: run it
                     before the deploy, then give the file to --before after it
  --after FILE       the new build's record (default: dist/${paths.notifyRecord()})
  --state FILE       what each channel has sent (default: .statusmark/notify-state.json)
  --dry-run          print what would be sent; send nothing, write nothing
  --retries N        attempts after the first on 429, 5xx and network errors (default 3)
  --backoff MS       the first wait between attempts, doubled each time (default 1000; Retry-After wins)
  --content DIR      the content folder (default: $STATUSMARK_CONTENT, else ./content)
  -h, --help         this text

E-mail subscribers (statusmark serve)
  With STATUSMARK_SERVE_TOKEN (the token the service was started with) in the environment,
  what is new is also handed to the subscription service site.yaml's subscriptions.url names
  (or STATUSMARK_SERVE_URL), which mails each subscriber following a touched service once.
  Handing the same updates over again sends nothing twice.

Exit codes
  0  everything was delivered, or there was nothing to announce (no notify.yaml, no channels)
  1  an announcement was not delivered (it stays pending in the state file and goes out on
     the next run), or notify.yaml, a record or the state file is missing or invalid
  2  a bad option`;

/** The sent-state file; the deploy workflow keeps it in its cache between runs. */
export const DEFAULT_STATE = '.statusmark/notify-state.json';

function readFile(file: string, what: string): string {
  if (!existsSync(file)) throw new Error(`${file}: missing (${what})`);
  return readFileSync(file, 'utf8');
}

/** The live record, or null when the site has none yet (404): then nothing old is announced. Errors name the host only. */
async function fetchRecord(url: string): Promise<PublishedRecord | null> {
  const host = receiverHost(url);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(20_000), headers: { 'Cache-Control': 'no-cache' } });
  } catch (error) {
    throw new Error(
      `${host}: could not fetch the published record (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name}); give it with --before FILE`,
    );
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${host}: HTTP ${response.status}; give the record with --before FILE`);
  return parseRecord(await response.text(), `the published record on ${host}`);
}

/** The record the last run queued its outbox from (`baseline` in the state file), if the state keeps one. */
function keptBaseline(stateFile: string, after: PublishedRecord): PublishedRecord | undefined {
  if (!existsSync(stateFile)) return undefined;
  return parseState(readFileSync(stateFile, 'utf8'), stateFile, { before: null, after, channels: [] }).baseline;
}

/**
 * A saved record, or `null` saved when the site had none. When the file is missing (the
 * step that saves it before the deploy failed) and the state keeps the record the last
 * run announced from, that record stands in for it, so what the deploy made public is
 * still announced.
 */
function readBefore(file: string, baseline: PublishedRecord | undefined, stateFile: string): PublishedRecord | null {
  if (!existsSync(file) && baseline) {
    console.log(`statusmark notify: ${file} is missing; announcing what is new since the last run, by the record it kept in ${stateFile}`);
    return baseline;
  }
  const text = readFile(file, 'the record before the deploy');
  return text.trim() === 'null' ? null : parseRecord(text, file);
}

/**
 * The record to announce from. When the record before this deploy holds entries that the
 * kept baseline lacks, the notify of an earlier deploy never ran, or stopped before it
 * wrote its outbox (a failed install, a cancelled job): announcing from the live record
 * would lose what that deploy made public, so the baseline stands in and those entries go
 * out now.
 */
function announceFrom(
  live: PublishedRecord | null,
  baseline: PublishedRecord | undefined,
  stateFile: string,
  source: string,
): PublishedRecord | null {
  if (!live || !baseline) return live;
  const known = new Set(baseline.entries.map((e) => e.key));
  const missed = live.entries.filter((e) => !known.has(e.key)).length;
  if (!missed) return live;
  console.log(
    `statusmark notify: ${source} holds ${count(missed, 'entry', 'entries')} the last run never saw (the notify of an earlier deploy did not run, or stopped before it queued them); announcing what is new since the record it kept in ${stateFile}`,
  );
  return baseline;
}

function writeState(file: string, state: SentState): void {
  writeAtomically(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** What a lock file holds: who took it. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * A lock held by a process on another machine (a shared folder, a restored CI cache) cannot
 * be asked whether its process lives: it is taken over only once it is older than any run
 * lasts (the workflow's notify job stops after 15 minutes).
 */
const FOREIGN_LOCK_MS = 20 * 60_000;

/** How long ago `file` was last written, in milliseconds (0 when it is gone). */
function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function readOwner(lock: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** How long a run waits for another run on the same state file before it gives up. */
export const LOCK_WAIT_MS = 10 * 60_000;

/**
 * Takes the state file's lock, `<state>.lock`, created only if absent (O_EXCL) with this
 * process's pid and host. While another live run holds it, this run waits (polling), so
 * two deploys in a row both announce, one after the other, each reading what the other
 * sent; after LOCK_WAIT_MS it gives up with exit 1. A lock whose process is dead, or that
 * was written on another machine (a CI cache restored elsewhere), is stale: it is taken
 * over, and that is said. An unreadable lock (being written this instant) is waited for.
 * Returns the release function.
 */
export async function lockState(stateFile: string, log: (line: string) => void, waitMs = LOCK_WAIT_MS): Promise<() => void> {
  const lock = `${stateFile}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const started = Date.now();
  let said = false;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      // Temporary files of this state file left by a run killed mid-write: no one else writes them while we hold the lock.
      const prefix = `.${basename(stateFile)}.`;
      for (const name of readdirSync(dirname(stateFile)))
        if (name.startsWith(prefix) && name.endsWith('.tmp')) rmSync(resolve(dirname(stateFile), name), { force: true });
      return () => {
        if (readOwner(lock)?.pid === me.pid) unlinkSync(lock);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lock);
    // A lock that names no process and is not being written this instant: its run died between creating and filling it.
    const blank = !owner && ageMs(lock) > 5_000;
    if (blank || (owner && (owner.host !== me.host ? ageMs(lock) > FOREIGN_LOCK_MS : !alive(owner.pid)))) {
      // Move the stale lock aside under a name of our own, then check it is the one we judged:
      // another run may have taken it over first, and then its lock goes back.
      const aside = `${lock}.${process.pid}.stale`;
      try {
        renameSync(lock, aside);
      } catch {
        continue;
      }
      const moved = readOwner(aside);
      if (owner ? moved?.pid === owner.pid && moved.host === owner.host : !moved) {
        unlinkSync(aside);
        log(
          `statusmark notify: took over the lock ${lock} left by ${owner ? `process ${owner.pid} on ${owner.host}, ${owner.host === me.host ? 'which is no longer running' : `another machine, held longer than any run lasts (${FOREIGN_LOCK_MS / 60_000} minutes)`}` : 'a run that died while taking it'} (it stopped before it finished; what it had not sent is still due)`,
        );
      } else {
        try {
          linkSync(aside, lock);
        } catch {
          // Someone holds a newer lock already; the moved one is theirs no more.
        }
        unlinkSync(aside);
      }
      continue;
    }
    if (Date.now() - started > waitMs)
      throw new Error(
        `${lock}: another notify run (process ${owner?.pid ?? '?'} on ${owner?.host ?? '?'}) has held the state file for more than ${Math.round(waitMs / 1000)} s; stop it, or remove the lock file if that process is gone`,
      );
    if (!said && owner) {
      log(`statusmark notify: another run (process ${owner.pid}) is announcing with ${stateFile}; waiting for it to finish`);
      said = true;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

function summaryTable(summary: ChannelSummary[]): string {
  const heads = ['channel', 'type', 'sent', 'pending', 'unknown'];
  const rows = summary.map((s) => [s.channel, s.type, String(s.sent), String(s.pending), String(s.unknown ?? 0), s.error ?? 'ok']);
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < heads.length ? c.padEnd(widths[i]!) : c)).join('  ');
  return [line([...heads, 'result']), ...rows.map(line)].join('\n');
}

/**
 * For the crash tests only: with STATUSMARK_NOTIFY_PAUSE_AT=queued or delivered, the run
 * stops at that point for good (see `SendOptions.checkpoint`), having written
 * `<state>.paused-<stage>` holding its pid, so a test can `kill -9` it exactly there.
 */
function pauseAt(stage: string | undefined, stateFile: string): Required<SendOptions>['checkpoint'] {
  return async (at) => {
    if (at !== stage) return;
    writeAtomically(`${stateFile}.paused-${stage}`, `${process.pid}\n`);
    await new Promise(() => setInterval(() => {}, 60_000));
  };
}

/**
 * Hands what is new to the subscription service (POST <url>/handoff with the bearer token);
 * whether it took it. Errors name the host only. Nothing new: nothing is sent.
 */
async function handOff(service: { url: string; token: string }, body: ReturnType<typeof handoffBody>): Promise<boolean> {
  const host = receiverHost(service.url);
  if (!body) {
    console.log('statusmark notify: nothing new for the subscription service');
    return true;
  }
  try {
    const response = await fetch(`${service.url}/handoff`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${service.token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { new?: number; deliveries?: number; error?: string };
    if (!response.ok) {
      console.error(
        `statusmark notify: the subscription service on ${host} refused the hand-off: HTTP ${response.status}${answer.error ? ` (${answer.error})` : ''}`,
      );
      return false;
    }
    console.log(
      `statusmark notify: handed ${count(body.entries.length, 'entry', 'entries')} to the subscription service on ${host} (${answer.new ?? 0} new, ${count(answer.deliveries ?? 0, 'mail')} to send)`,
    );
    return true;
  } catch (error) {
    console.error(
      `statusmark notify: could not reach the subscription service on ${host} (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name}); run notify again: nothing is sent twice`,
    );
    return false;
  }
}

export async function run(argv: string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Promise<number> {
  const { values } = readArguments(
    argv,
    {
      before: { type: 'string' },
      'before-url': { type: 'string' },
      'save-before': { type: 'string' },
      after: { type: 'string' },
      state: { type: 'string' },
      'dry-run': { type: 'boolean' },
      retries: { type: 'string' },
      backoff: { type: 'string' },
      content: { type: 'string' },
    },
    false,
    (message) => new CliError(`${message}\n\n${usage}`, 2),
  );
  const retries = Number(values.retries ?? 3);
  const backoffMs = Number(values.backoff ?? 1000);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10 || !Number.isFinite(backoffMs) || backoffMs < 0) {
    throw new CliError('--retries takes a whole number from 0 to 10, --backoff a number of milliseconds', 2);
  }
  try {
    const dir = values.content ? resolve(cwd, values.content) : contentDir(env, cwd);
    const config = loadNotifyConfig(dir, cwd);
    if (config.problems.length) {
      console.error(formatReport(config.problems));
      return 1;
    }
    // The service: STATUSMARK_SERVE_URL, else (given the token) the one site.yaml's subscriptions.url names.
    const serviceUrl = env.STATUSMARK_SERVE_URL || (env.STATUSMARK_SERVE_TOKEN ? siteConfigIn(dir).serviceUrl : undefined);
    const service = serviceUrl ? { url: serviceUrl.replace(/\/+$/, ''), token: env.STATUSMARK_SERVE_TOKEN ?? '' } : undefined;
    if (service && !service.token)
      throw new CliError('STATUSMARK_SERVE_URL is set but STATUSMARK_SERVE_TOKEN is not: the service refuses a hand-off without it');
    const channels = config.value?.channels ?? [];
    if (channels.length === 0 && !service) {
      console.log('statusmark notify: no channels in notify.yaml; nothing to announce');
      return 0;
    }
    const afterFile = resolve(cwd, values.after ?? `dist/${paths.notifyRecord()}`);
    const after = parseRecord(readFile(afterFile, 'the new build\'s record; run "npm run build" first'), afterFile);
    const liveUrl = values['before-url'] ?? `${after.site.url}${paths.notifyRecord()}`;
    if (values['save-before']) {
      const live = await fetchRecord(liveUrl);
      writeAtomically(resolve(cwd, values['save-before']), `${JSON.stringify(live)}\n`);
      console.log(
        `statusmark notify: saved ${live ? `the live record (${count(live.entries.length, 'entry', 'entries')})` : 'null (the site has no record yet)'} to ${values['save-before']}`,
      );
      return 0;
    }
    const stateFile = resolve(cwd, values.state ?? DEFAULT_STATE);
    const baseline = keptBaseline(stateFile, after);
    const before = values.before
      ? announceFrom(readBefore(resolve(cwd, values.before), baseline, stateFile), baseline, stateFile, values.before)
      : announceFrom(await fetchRecord(liveUrl), baseline, stateFile, 'the live record');
    if (!before) console.log('statusmark notify: the site had no published record yet; nothing published before now is announced');
    const readState = () =>
      existsSync(stateFile) ? parseState(readFileSync(stateFile, 'utf8'), stateFile, { before, after, channels }) : emptyState();
    /** What to hand over: what is new since the hand-off the service did not take, if one is outstanding, else since `before`. */
    const handoffOf = (state: SentState) => handoffBody(state.handoffFrom ? state.handoffFrom.record : before, after);

    if (values['dry-run']) {
      const handoff = service ? handoffOf(readState()) : undefined;
      if (service) console.log(`subscription service: would hand over ${count(handoff?.entries.length ?? 0, 'entry', 'entries')}`);
      const state = readState();
      for (const channel of channels) {
        const plan = planChannel(channel, before, after, state.channels[channel.name]);
        console.log(`${channel.name} (${channel.type}): would send ${count(plan.length, 'announcement')}`);
        for (const a of plan)
          console.log(`  ${a.entry.at}  ${a.type === 'correction' ? 'correction ' : ''}${a.entry.key}  ${a.entry.title}`);
      }
      return 0;
    }
    const release = await lockState(stateFile, (line) => console.log(line));
    let summary: ChannelSummary[];
    let handedOff = true;
    try {
      // Read under the lock: what a run before this one sent (or failed to hand over) is in it.
      let state = readState();
      if (service) {
        handedOff = await handOff(service, handoffOf(state));
        if (!handedOff) {
          // Keep the hand-off's own baseline where it was, so the next run hands the same entries over again.
          state = { ...state, handoffFrom: state.handoffFrom ?? { record: before } };
          writeState(stateFile, state);
          console.error(
            `statusmark notify: the updates for subscribers stay due in ${stateFile}; the next run hands them over again (the service sends nothing twice)`,
          );
        } else if (state.handoffFrom) {
          const { handoffFrom: _done, ...rest } = state;
          state = rest;
          writeState(stateFile, state);
        }
      }
      if (!config.value || channels.length === 0) return handedOff ? 0 : 1;
      const result = await dispatch(config.value, before, after, state, {
        env,
        retries,
        backoffMs,
        log: (line) => console.log(line),
        onProgress: (s) => writeState(stateFile, s),
        checkpoint: pauseAt(env.STATUSMARK_NOTIFY_PAUSE_AT, stateFile),
      });
      writeState(stateFile, result.state);
      summary = result.summary;
    } finally {
      release();
    }
    console.log(`\n${summaryTable(summary)}`);
    const unknown = summary.reduce((n, s) => n + (s.unknown ?? 0), 0);
    const undelivered = summary.reduce((n, s) => n + s.pending, 0);
    for (const s of summary.filter((c) => c.unknown)) {
      console.error(
        `statusmark notify: ${s.channel}: ${count(s.unknown!, 'announcement')} may or may not have been posted (the request went out and no answer came); not sent again, so nothing is posted twice; look in the channel and post it by hand if it is missing`,
      );
    }
    if (undelivered)
      console.error(
        `statusmark notify: ${count(undelivered, 'announcement')} not delivered; they stay pending in ${stateFile} and go out on the next run`,
      );
    return undelivered || unknown || !handedOff ? 1 : 0;
  } catch (error) {
    // A missing or unreadable record or state file: say which, and stop before sending anything.
    console.error(`statusmark notify: ${(error as Error).message}`);
    return 1;
  }
}
