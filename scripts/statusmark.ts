#!/usr/bin/env node
/**
 * The staff command line: `npx statusmark <command>` (or `npm run statusmark -- <command>`).
 * Every command reads and checks files with the same `src/lib` code as the build, and
 * writes only files a person could have written by hand.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveNow } from '../src/lib/clock.ts';
import { addUpdate, newFile, setFields, setServiceStatus, updateBlock } from '../src/lib/edit.ts';
import { contentDir, loadContent } from '../src/lib/load.ts';
import { INCIDENT_SERVICE_STATUSES, INCIDENT_STATES, MAINTENANCE_STATES, NOTICE_LEVELS, type IncidentServiceStatus } from '../src/lib/model.ts';
import { count } from '../src/lib/plural.ts';
import { formatReport } from '../src/lib/problems.ts';
import { slugify } from '../src/lib/slug.ts';
import { asOf, impactOf, incidentState, statusAt } from '../src/lib/status.ts';
import { currentPhase } from '../src/lib/phases.ts';
import { STATE_LABEL, STATUS_LABEL } from '../src/lib/vocabulary.ts';
import { dayKey, formatDateTime, parseInstant, toOffsetIso } from '../src/lib/time.ts';
import { listsNewestFirst, normaliseState, parseTimeline } from '../src/lib/timeline.ts';
import { splitFrontMatter } from '../src/lib/parse.ts';
import { importCommand } from './import.ts';
import { runNotify } from './notify.ts';
import { CliError, commit, display, findFile, freePath, openWorkspace, readValid, writeChecked, type Workspace } from './content-files.ts';

const USAGE = `Usage: statusmark <command> [options]

Incidents
  new        --title T --service ID=STATUS... --message M [--impact I] [--state S] [--started TIME] [--draft]
  update     SLUG --state S --message M [--service ID=STATUS...] [--impact I]   (incidents and maintenance)
  resolve    SLUG [--message M]
Maintenance and notices
  maintenance --title T --from TIME --until TIME --service ID... --message M
  notice     --title T --message M [--level info|warning] [--from TIME] [--until TIME]
  notice     --expire SLUG
Checks
  list       what is active now
  validate   check every file; prints path:line: field: message for each problem
  install-hook  add a git pre-commit hook that runs validate
Moving in
  import     cstate|statusfy|statuspage PATH-OR-URL [--timezone ZONE] [--dry-run]
Subscribers
  notify     [--before FILE | --before-url URL] [--after FILE] [--state FILE] [--dry-run]
             [--save-before FILE] [--retries N] [--backoff MS]
             announce what the last deploy made public on the channels of notify.yaml

Common options
  --at TIME      when the update is posted (default: now, or $STATUSMARK_NOW)
  --commit       stage the file and make a git commit naming the incident and state
  --content DIR  the content folder (default: $STATUSMARK_CONTENT, else ./content)

STATUS is degraded_performance, partial_outage or major_outage (or degraded, partial, major).
TIME has an offset: 2025-01-27T09:30+08:00, "2025-01-27 09:30 +08:00" or ...Z.`;

const COMMON = {
  content: { type: 'string' },
  at: { type: 'string' },
  commit: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

function args<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
  return value;
}

function workspace(content: string | undefined): Workspace {
  return openWorkspace(content ?? contentDir(process.env, process.cwd()));
}

/** Now, to the minute (updates are written to the minute), or `--at`. */
function when(at: string | undefined): Date {
  if (at !== undefined) {
    const parsed = parseInstant(at);
    if (!parsed.ok) throw new UsageError(`--at: ${parsed.message}`);
    return parsed.date;
  }
  const { now } = resolveNow(process.env, {}, new Date());
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

function instant(value: string, flag: string): Date {
  const parsed = parseInstant(value);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
  return parsed.date;
}

const STATUS_ALIAS: Record<string, IncidentServiceStatus> = { degraded: 'degraded_performance', partial: 'partial_outage', major: 'major_outage', down: 'major_outage' };

/** `registration=partial` → ['registration', 'partial_outage'] */
function serviceStatuses(values: string[] | undefined, ws: Workspace): [string, IncidentServiceStatus][] {
  return (values ?? []).map((v) => {
    const [id = '', raw = ''] = v.split('=');
    const status = (STATUS_ALIAS[raw] ?? raw) as IncidentServiceStatus;
    if (!INCIDENT_SERVICE_STATUSES.includes(status)) {
      throw new UsageError(`--service ${v}: write ID=STATUS with STATUS one of ${INCIDENT_SERVICE_STATUSES.join(' | ')} (or degraded, partial, major)`);
    }
    if (!ws.ctx.serviceIds?.has(id)) throw new UsageError(`--service ${v}: "${id}" is not a service; known: ${[...(ws.ctx.serviceIds ?? [])].join(', ')}`);
    return [id, status];
  });
}

function state<S extends string>(value: string, states: readonly S[], flag = '--state'): S {
  const s = normaliseState(value);
  if (!(states as readonly string[]).includes(s)) throw new UsageError(`${flag} ${value}: expected one of ${states.join(' | ')}`);
  return s as S;
}

function done(file: string, message: string, withCommit: boolean | undefined): void {
  if (withCommit) commit(file, message);
  console.log(display(file));
  if (withCommit) console.error(`committed: ${message}`);
}

const commands: Record<string, (argv: string[]) => number> = {
  import: importCommand,
  new(argv) {
    const { values } = args(argv, {
      title: { type: 'string' },
      service: { type: 'string', multiple: true },
      impact: { type: 'string' },
      state: { type: 'string' },
      message: { type: 'string' },
      started: { type: 'string' },
      draft: { type: 'boolean' },
    });
    const ws = workspace(values.content);
    const title = required(values.title, '--title').trim();
    const services = serviceStatuses(values.service, ws);
    const at = when(values.at);
    const started = values.started ? instant(values.started, '--started') : at;
    const first = state(values.state ?? 'investigating', INCIDENT_STATES);
    if (first === 'resolved') throw new UsageError('--state resolved: post the incident first, then use "resolve"');
    const impact = values.impact ?? impactOf(services.map(([, s]) => s));
    const file = freePath(ws, 'incident', `${dayKey(started, ws.ctx.zone)}-${slugify(title) || 'incident'}`);
    const text = newFile(
      {
        title,
        impact,
        services: Object.fromEntries(services),
        started: toOffsetIso(started, ws.ctx.zone),
        ...(values.draft ? { draft: true } : {}),
      },
      updateBlock(first, at, ws.ctx.zone, required(values.message, '--message')),
    );
    writeChecked(ws, 'incident', file, text);
    done(file, `Incident: ${title} (${first})`, values.commit);
    return 0;
  },

  update(argv) {
    const { values, positionals } = args(argv, {
      state: { type: 'string' },
      message: { type: 'string' },
      service: { type: 'string', multiple: true },
      impact: { type: 'string' },
    });
    const ws = workspace(values.content);
    const found = findFile(ws, ['incident', 'maintenance'], required(positionals[0], 'the slug'));
    let text = readValid(ws, found.kind, found.file);
    const at = when(values.at);
    const message = required(values.message, '--message');
    const newestFirst = isNewestFirst(text);
    if (found.kind === 'incident') {
      const s = state(required(values.state, '--state'), INCIDENT_STATES);
      if (s === 'resolved') throw new UsageError('to resolve an incident use "resolve", which also sets resolved:');
      for (const [id, status] of serviceStatuses(values.service, ws)) text = setServiceStatus(text, id, status);
      if (values.impact) text = setFields(text, { impact: values.impact });
      text = addUpdate(text, updateBlock(s, at, ws.ctx.zone, message), newestFirst);
      const { title } = writeChecked(ws, 'incident', found.file, text);
      done(found.file, `Incident update: ${title} (${s})`, values.commit);
    } else {
      const s = state(required(values.state, '--state'), MAINTENANCE_STATES);
      text = addUpdate(text, updateBlock(s, at, ws.ctx.zone, message), newestFirst);
      const { title } = writeChecked(ws, 'maintenance', found.file, text);
      done(found.file, `Maintenance update: ${title} (${s})`, values.commit);
    }
    return 0;
  },

  resolve(argv) {
    const { values, positionals } = args(argv, { message: { type: 'string' } });
    const ws = workspace(values.content);
    const found = findFile(ws, ['incident'], required(positionals[0], 'the slug'));
    let text = readValid(ws, 'incident', found.file);
    const at = when(values.at);
    const message = values.message ?? 'This incident has been resolved.';
    text = setFields(text, { resolved: toOffsetIso(at, ws.ctx.zone) });
    text = addUpdate(text, updateBlock('resolved', at, ws.ctx.zone, message), isNewestFirst(text));
    const { title } = writeChecked(ws, 'incident', found.file, text);
    done(found.file, `Incident resolved: ${title}`, values.commit);
    return 0;
  },

  maintenance(argv) {
    const { values } = args(argv, {
      title: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      service: { type: 'string', multiple: true },
      message: { type: 'string' },
    });
    const ws = workspace(values.content);
    const title = required(values.title, '--title').trim();
    const from = instant(required(values.from, '--from'), '--from');
    const until = instant(required(values.until, '--until'), '--until');
    const services = (values.service ?? []).map((id) => {
      if (!ws.ctx.serviceIds?.has(id)) throw new UsageError(`--service ${id}: not a service; known: ${[...(ws.ctx.serviceIds ?? [])].join(', ')}`);
      return id;
    });
    const file = freePath(ws, 'maintenance', `${dayKey(from, ws.ctx.zone)}-${slugify(title) || 'maintenance'}`);
    const text = newFile(
      { title, scheduled_for: toOffsetIso(from, ws.ctx.zone), scheduled_until: toOffsetIso(until, ws.ctx.zone), services },
      updateBlock('scheduled', when(values.at), ws.ctx.zone, required(values.message, '--message')),
    );
    writeChecked(ws, 'maintenance', file, text);
    done(file, `Maintenance scheduled: ${title}`, values.commit);
    return 0;
  },

  notice(argv) {
    const { values } = args(argv, {
      title: { type: 'string' },
      message: { type: 'string' },
      level: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      expire: { type: 'string' },
    });
    const ws = workspace(values.content);
    const at = when(values.at);
    if (values.expire) {
      const found = findFile(ws, ['notice'], values.expire);
      const text = setFields(readValid(ws, 'notice', found.file), { until: toOffsetIso(at, ws.ctx.zone) });
      const { title } = writeChecked(ws, 'notice', found.file, text);
      done(found.file, `Notice expired: ${title}`, values.commit);
      return 0;
    }
    const title = required(values.title, '--title').trim();
    const level = values.level ?? 'info';
    if (!(NOTICE_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level ${level}: expected one of ${NOTICE_LEVELS.join(' | ')}`);
    const from = values.from ? instant(values.from, '--from') : at;
    const file = freePath(ws, 'notice', slugify(title) || 'notice');
    const text = newFile(
      { title, level, from: toOffsetIso(from, ws.ctx.zone), ...(values.until ? { until: toOffsetIso(instant(values.until, '--until'), ws.ctx.zone) } : {}) },
      `${required(values.message, '--message').trim()}\n`,
    );
    writeChecked(ws, 'notice', file, text);
    done(file, `Notice: ${title}`, values.commit);
    return 0;
  },

  list(argv) {
    const { values } = args(argv, {});
    const result = loadContent(values.content ?? contentDir(process.env, process.cwd()));
    if (!result.content) {
      console.error(formatReport(result.problems));
      return 1;
    }
    const zone = { timeZone: result.content.site.timeZone, locale: result.content.site.locale };
    const now = values.at ? when(values.at) : resolveNow(process.env, {}, new Date()).now;
    const content = asOf(result.content, now);
    const snap = statusAt(content, now);
    const names = new Map(content.services.map((s) => [s.id, s.name]));
    console.log(`As of ${formatDateTime(now, zone)}`);
    console.log(`\nActive incidents (${snap.activeIncidents.length})`);
    for (const i of snap.activeIncidents) {
      const services = Object.entries(currentPhase(i).services).map(([id, s]) => `${names.get(id) ?? id}: ${STATUS_LABEL[s].toLowerCase()}`);
      console.log(`  ${i.slug}\n    ${i.title}\n    ${STATE_LABEL[incidentState(i)]} since ${formatDateTime(i.updates[i.updates.length - 1]!.at, zone)}; ${services.join(', ') || 'no services'}`);
    }
    console.log(`\nMaintenance in progress (${snap.activeMaintenance.length}), upcoming (${snap.upcomingMaintenance.length})`);
    for (const m of [...snap.activeMaintenance, ...snap.upcomingMaintenance]) {
      console.log(`  ${m.slug}\n    ${m.title}\n    ${formatDateTime(m.scheduledFor, zone)} to ${formatDateTime(m.scheduledUntil, zone)}`);
    }
    console.log(`\nNotices (${snap.activeNotices.length})`);
    for (const n of snap.activeNotices) console.log(`  ${n.slug}\n    ${n.title}`);
    return 0;
  },

  validate(argv) {
    const { values } = args(argv, {});
    const result = loadContent(values.content ?? contentDir(process.env, process.cwd()));
    if (result.problems.length) {
      console.error(formatReport(result.problems));
      return 1;
    }
    const c = result.content!;
    console.log(
      `${count(result.files, 'file')} valid: ${count(c.services.length, 'service')}, ${count(c.incidents.length, 'incident')}, ` +
        `${count(c.maintenance.length, 'maintenance window')}, ${count(c.notices.length, 'notice')}` +
        (c.drafts ? `; ${count(c.drafts, 'draft')} left out on purpose` : ''),
    );
    return 0;
  },

  // Asynchronous: sets the exit code itself when it is done (see scripts/notify.ts).
  notify: runNotify,

  'install-hook'(argv) {
    args(argv, {});
    const hooks = join(process.cwd(), '.git', 'hooks');
    if (!existsSync(join(process.cwd(), '.git'))) throw new CliError('run this in the root of the git repository that holds the content');
    mkdirSync(hooks, { recursive: true });
    const hook = join(hooks, 'pre-commit');
    writeFileSync(
      hook,
      '#!/bin/sh\n# Installed by "npx statusmark install-hook": a commit with a broken content file is refused.\nexec npx --no-install statusmark validate\n',
    );
    chmodSync(hook, 0o755);
    console.log(`installed ${display(hook)}: every commit now runs "statusmark validate" first`);
    return 0;
  },
};

/** Whether a file lists its updates newest first (so a new one goes on top), read with the build's parser. */
function isNewestFirst(text: string): boolean {
  const body = splitFrontMatter('', text).value;
  return body ? listsNewestFirst(parseTimeline(body.body, [...INCIDENT_STATES, ...MAINTENANCE_STATES], '', body.bodyLine).updates) : false;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    console.error(`statusmark: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  try {
    return run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`statusmark ${command}: ${error.message}\nRun "statusmark --help" for the options.`);
      return 2;
    }
    if (error instanceof CliError) {
      console.error(`statusmark ${command}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));

