/**
 * `statusmark notify`: after a deploy, announce on every channel of content/notify.yaml
 * what the deploy made public. Compares the live site's record from before the deploy
 * (fetched from the site, or `--before FILE`) with the new build's, and keeps per channel
 * what went out in a sent-state file, so a re-run sends nothing twice and a failed run's
 * leftovers go out next time. Exits 1 when anything could not be delivered.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { contentDir, loadNotifyConfig } from '../src/lib/load.ts';
import { formatReport } from '../src/lib/problems.ts';
import { paths } from '../src/lib/paths.ts';
import { count } from '../src/lib/plural.ts';
import { parseRecord, type PublishedRecord } from '../src/lib/notify/record.ts';
import { dispatch, emptyState, parseState, planChannel, type ChannelSummary, type SentState } from '../src/lib/notify/send.ts';

export const NOTIFY_USAGE = `Usage: statusmark notify [options]

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

/** The live record, or null when the site has none yet (404): then nothing old is announced. */
async function fetchRecord(url: string): Promise<PublishedRecord | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(20_000), headers: { 'Cache-Control': 'no-cache' } });
  } catch (error) {
    throw new Error(`${url}: could not fetch the published record (${(error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message}); give it with --before FILE`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}; give the record with --before FILE`);
  return parseRecord(await response.text(), url);
}

/** A saved record, or `null` saved when the site had none. */
function readBefore(file: string): PublishedRecord | null {
  const text = readFile(file, 'the record before the deploy');
  return text.trim() === 'null' ? null : parseRecord(text, file);
}

function writeState(file: string, state: SentState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

function summaryTable(summary: ChannelSummary[]): string {
  const rows = summary.map((s) => [s.channel, s.type, String(s.sent), String(s.pending), s.error ?? 'ok']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(['channel', 'type', 'sent', 'pending'][i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ');
  return [line(['channel', 'type', 'sent', 'pending', 'result']), ...rows.map(line)].join('\n');
}

export async function notifyCommand(argv: string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        before: { type: 'string' },
        'before-url': { type: 'string' },
        'save-before': { type: 'string' },
        after: { type: 'string' },
        state: { type: 'string' },
        'dry-run': { type: 'boolean' },
        retries: { type: 'string' },
        backoff: { type: 'string' },
        content: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`statusmark notify: ${(error as Error).message}\n\n${NOTIFY_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(NOTIFY_USAGE);
    return 0;
  }
  const retries = Number(values.retries ?? 3);
  const backoffMs = Number(values.backoff ?? 1000);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10 || !Number.isFinite(backoffMs) || backoffMs < 0) {
    console.error('statusmark notify: --retries takes a whole number from 0 to 10, --backoff a number of milliseconds');
    return 2;
  }
  try {
    const dir = values.content ? resolve(cwd, values.content) : contentDir(env, cwd);
    const config = loadNotifyConfig(dir, cwd);
    if (config.problems.length) {
      console.error(formatReport(config.problems));
      return 1;
    }
    if (!config.value || config.value.channels.length === 0) {
      console.log('statusmark notify: no channels in notify.yaml; nothing to announce');
      return 0;
    }
    const afterFile = resolve(cwd, values.after ?? `dist/${paths.notifyRecord()}`);
    const after = parseRecord(readFile(afterFile, 'the new build\'s record; run "npm run build" first'), afterFile);
    const liveUrl = values['before-url'] ?? `${after.site.url}${paths.notifyRecord()}`;
    if (values['save-before']) {
      const live = await fetchRecord(liveUrl);
      const file = resolve(cwd, values['save-before']);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(live)}\n`);
      console.log(`statusmark notify: saved ${live ? `the live record (${count(live.entries.length, 'entry', 'entries')})` : 'null (the site has no record yet)'} to ${values['save-before']}`);
      return 0;
    }
    const before = values.before ? readBefore(resolve(cwd, values.before)) : await fetchRecord(liveUrl);
    if (!before) console.log('statusmark notify: the site had no published record yet; nothing published before now is announced');
    const stateFile = resolve(cwd, values.state ?? DEFAULT_STATE);
    const state = existsSync(stateFile) ? parseState(readFileSync(stateFile, 'utf8'), stateFile) : emptyState();

    if (values['dry-run']) {
      for (const channel of config.value.channels) {
        const plan = planChannel(channel, before, after, state.channels[channel.name]);
        console.log(`${channel.name} (${channel.type}): would send ${count(plan.length, 'announcement')}`);
        for (const a of plan) console.log(`  ${a.entry.at}  ${a.type === 'correction' ? 'correction ' : ''}${a.entry.key}  ${a.entry.title}`);
      }
      return 0;
    }
    const { state: next, summary } = await dispatch(config.value, before, after, state, {
      env,
      retries,
      backoffMs,
      log: (line) => console.log(line),
      onProgress: (s) => writeState(stateFile, s),
    });
    writeState(stateFile, next);
    console.log(`\n${summaryTable(summary)}`);
    const undelivered = summary.reduce((n, s) => n + s.pending, 0);
    if (undelivered) {
      console.error(`statusmark notify: ${count(undelivered, 'announcement')} not delivered; they stay pending in ${stateFile} and go out on the next run`);
      return 1;
    }
    return 0;
  } catch (error) {
    // A missing or unreadable record or state file: say which, and stop before sending anything.
    console.error(`statusmark notify: ${(error as Error).message}`);
    return 1;
  }
}

/** For the command table: runs the command and sets the exit code when it is done. */
export function runNotify(argv: string[]): number {
  notifyCommand(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
  return 0;
}
