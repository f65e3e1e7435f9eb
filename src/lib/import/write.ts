/**
 * Importing: what every source (cState, Statusfy, Statuspage) turns into, and how it
 * becomes content files. A source module reads the other tool's files and returns an
 * `ImportPlan`; `planFiles` turns the plan into the exact files to write, choosing free
 * names, never replacing a file that differs, and accounting for every item in the report.
 */
import { parse as parseYaml, stringify } from 'yaml';
import { newFile, updateBlock } from '../authoring/edit.ts';
import { impactOf } from '../status/status.ts';
import type { IncidentServiceStatus, IncidentState, MaintenanceState, NoticeLevel, ServiceStatus } from '../content/model.ts';
import { textProblem, type IncidentInput } from '../content/schema.ts';
import type { Problem } from '../content/problems.ts';
import { slugify } from '../content/slug.ts';
import { dayKey, parseInstant, toOffsetIso, type Zone } from '../languages/time.ts';
import { readSourceFile } from './source-file.ts';
import { normaliseState, UPDATE_FIELDS } from '../status/timeline.ts';

/** A message whose first line the timeline would read as a status change. */
const FIELD_START = new RegExp(`^(\\s*)(${UPDATE_FIELDS.join('|')}):`);

/** Where an item came from: a file of the source and a line in it. */
export interface SourceLine {
  file: string;
  line: number;
}

export interface ImportedUpdate<State extends string> {
  state: State;
  at: Date;
  message: string;
  /** Per-update service changes (`services:` line under the heading). */
  services?: [string, ServiceStatus][];
}

/** An incident's front matter as the schema reads it, plus what the import tracks. */
export interface ImportedIncident extends Pick<IncidentInput, 'impact' | 'services' | 'started' | 'resolved' | 'postmortem'> {
  kind: 'incident';
  /** Imported sources write one language. */
  title: string;
  source: SourceLine;
  updates: ImportedUpdate<IncidentState>[];
  changes: string[];
}

export interface ImportedMaintenance {
  kind: 'maintenance';
  source: SourceLine;
  title: string;
  scheduledFor: Date;
  scheduledUntil: Date;
  services: string[];
  updates: ImportedUpdate<MaintenanceState>[];
  changes: string[];
}

export interface ImportedNotice {
  kind: 'notice';
  source: SourceLine;
  title: string;
  level: NoticeLevel;
  posted: Date;
  from?: Date;
  until?: Date;
  body: string;
  changes: string[];
}

export type ImportedItem = ImportedIncident | ImportedMaintenance | ImportedNotice;

export interface ImportedService {
  /** Where the source names it. */
  source: SourceLine;
  id: string;
  name: string;
  description?: string;
  group: string;
  hiddenUntilAffected?: boolean;
  /** What was guessed in creating it: reported only when services.yaml gains it. */
  note?: { source: SourceLine; reason: string };
}

/**
 * Every text of the plan that no page or feed could carry (a control character, a lone
 * surrogate, an open bidi control: `textProblem`), at the source file and line it came
 * from, with the field: the import refuses them before anything is planned.
 */
export function sourceTextProblems(plan: ImportPlan): Problem[] {
  const problems: Problem[] = [];
  const check = (source: SourceLine, field: string, text: string | undefined) => {
    const problem = text === undefined ? undefined : textProblem(text);
    if (problem) problems.push({ file: source.file, line: source.line, field, message: problem.message });
  };
  for (const s of plan.services) {
    check(s.source, 'name', s.name);
    check(s.source, 'group', s.group);
    check(s.source, 'description', s.description);
  }
  for (const item of plan.items) {
    check(item.source, 'title', item.title);
    if (item.kind === 'notice') check(item.source, 'body', item.body);
    else for (const u of item.updates) check(item.source, 'message', u.message);
  }
  return problems;
}

/** A source item that could not be imported, and why. */
export interface Skipped {
  source: SourceLine;
  title: string;
  reason: string;
}

export interface ImportPlan {
  services: ImportedService[];
  items: ImportedItem[];
  skipped: Skipped[];
  /** Changes that concern the whole import (a missing time zone, a renamed service). */
  notes: { source: SourceLine; reason: string }[];
  /** What site.yaml should say when the target folder has none. */
  site: { name: string; url: string; timezone: string };
}

export type Outcome = 'imported' | 'unchanged' | 'not imported' | 'note';

/** One row of the import report. */
export interface ReportRow {
  outcome: Outcome;
  source: SourceLine;
  title: string;
  /** The content file written (or already there), relative to the content folder. */
  file?: string;
  /** Why something was changed or not imported. */
  reasons: string[];
}

export interface FileToWrite {
  path: string;
  text: string;
}

/** The content folder as it is before the import: relative path → text. */
export type ExistingFiles = ReadonlyMap<string, string>;

const FOLDER = { incident: 'incidents', maintenance: 'maintenance', notice: 'notices' } as const;

/** An instant cut to the minute: update headings are written to the minute, so every time is. */
export function toMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** The 1-based line of the first line of `text` that matches `pattern` (1 when none does). */
export function lineOf(text: string, pattern: RegExp | string): number {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => (typeof pattern === 'string' ? l.includes(pattern) : pattern.test(l)));
  return index < 0 ? 1 : index + 1;
}

/** A note on HTML in a message: kept as written, and shown through the site's sanitiser. */
export function htmlChange(text: string): string[] {
  return /<\/?[a-z][^>]*>/i.test(text)
    ? ['HTML in the body kept as written; the site shows it through its sanitiser, which drops scripts, styles and event handlers']
    : [];
}

/** The text of one item's content file, in the site's zone. */
export function renderItem(item: ImportedItem, zone: Zone): string {
  const time = (d: Date) => toOffsetIso(d, zone);
  if (item.kind === 'notice') {
    return newFile(
      {
        title: item.title,
        level: item.level,
        posted: time(item.posted),
        ...(item.from ? { from: time(item.from) } : {}),
        ...(item.until ? { until: time(item.until) } : {}),
      },
      `${item.body.trim()}\n`,
    );
  }
  const body = item.updates
    .map((u) => {
      const lines = u.services?.length ? `services: ${u.services.map(([id, s]) => `${id}=${s}`).join(', ')}\n\n` : '';
      return updateBlock(u.state, u.at, zone, `${lines}${u.message.trim()}`);
    })
    .join('\n');
  if (item.kind === 'maintenance') {
    return newFile(
      { title: item.title, scheduled_for: time(item.scheduledFor), scheduled_until: time(item.scheduledUntil), services: item.services },
      body,
    );
  }
  return newFile(
    {
      title: item.title,
      impact: item.impact,
      services: item.services,
      started: time(item.started),
      ...(item.resolved ? { resolved: time(item.resolved) } : {}),
      ...(item.postmortem ? { postmortem: item.postmortem } : {}),
    },
    body,
  );
}

/**
 * A service id for `name`: its slug, or `slug-2`, `-3`, … when taken (or reserved: `status`
 * is the page's own badge), with a note saying so.
 */
export function serviceId(name: string, services: readonly ImportedService[], source: SourceLine, notes: ImportPlan['notes']): string {
  const base = slugify(name) || 'service';
  let id = base;
  for (let n = 2; services.some((s) => s.id === id) || id === 'status'; n++) id = `${base}-${n}`;
  if (id !== base) notes.push({ source, reason: `"${name}" became service id ${id} (${base} was taken or reserved)` });
  return id;
}

/** A message with its level-2 headings (outside code fences) made level 3, since those start updates. */
export function demoteHeadings(message: string): string {
  let fence: string | undefined;
  return message
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (!fence || marker.startsWith(fence))) fence = fence ? undefined : marker;
      return !fence && !marker && /^ {0,3}##(?!#)/.test(line) ? line.replace('##', '###') : line;
    })
    .join('\n');
}

/**
 * A message that starts with `services:` or `impact:` would be read as the update's fields:
 * its first letter is made a capital, which the parser leaves to the message.
 */
export function notAFieldLine(message: string): string {
  return message.replace(FIELD_START, (_, space: string, word: string) => `${space}${word[0]!.toUpperCase()}${word.slice(1)}:`);
}

function withSafeMessages(item: ImportedItem): { item: ImportedItem; changed: boolean } {
  if (item.kind === 'notice') return { item, changed: false };
  const updates = item.updates.map((u) => ({ ...u, message: notAFieldLine(demoteHeadings(u.message)) }));
  const changed = updates.some((u, i) => u.message !== item.updates[i]!.message);
  return { item: { ...item, updates } as ImportedItem, changed };
}

/** Whether a file holds the same item (same title, same start) as an import would write: an earlier import of it. */
function isSameItem(text: string, item: ImportedItem): boolean {
  const read = readSourceFile(text);
  if (!read.ok) return false;
  const field = { incident: 'started', maintenance: 'scheduled_for', notice: 'posted' }[item.kind];
  const start = parseInstant(String(read.file.data[field] ?? ''));
  return read.file.data['title'] === item.title && start.ok && start.date.getTime() === startOf(item).getTime();
}

function startOf(item: ImportedItem): Date {
  return item.kind === 'incident' ? item.started : item.kind === 'maintenance' ? item.scheduledFor : item.posted;
}

/** The file name an item asks for: `2025-01-27-title` (incidents and maintenance) or `title` (notices). */
function baseName(item: ImportedItem, zone: Zone): string {
  const title = slugify(item.title) || item.kind;
  if (item.kind === 'notice') return title;
  return `${dayKey(startOf(item), zone)}-${title}`;
}

const slugOfPath = (path: string) => (path.split('/').pop() ?? path).replace(/\.md$/, '');

/**
 * The files an import writes, and its report. Each item gets the first of `name`, `name-2`, …
 * that is free or already holds exactly the item's text (so a second run writes nothing).
 * A name taken by a file with other text is never replaced: when that file is an earlier
 * import of the same item (same title and start), the item is reported and not imported
 * again; otherwise (a file staff wrote, another item) it moves to the next name, reported.
 */
export function planFiles(plan: ImportPlan, existing: ExistingFiles, zone: Zone): { files: FileToWrite[]; rows: ReportRow[] } {
  const files: FileToWrite[] = [];
  const rows: ReportRow[] = plan.notes.map((n) => ({ outcome: 'note', source: n.source, title: '', reasons: [n.reason] }));
  const services = servicesFile(distinctGroupNames(plan.services, rows), existing.get('services.yaml'));
  if (services.text !== undefined) files.push({ path: 'services.yaml', text: services.text });
  rows.push(...services.rows);
  if (!existing.has('site.yaml')) {
    files.push({ path: 'site.yaml', text: stringify({ name: plan.site.name, url: plan.site.url, timezone: plan.site.timezone }) });
    rows.push({
      outcome: 'note',
      source: { file: 'site.yaml', line: 1 },
      title: '',
      reasons: [`created site.yaml for "${plan.site.name}" in ${plan.site.timezone}; check its url`],
    });
  }
  // Slugs already used in each folder (sub-folders included), by path.
  const taken = new Map<string, string>();
  for (const path of existing.keys()) {
    const folder = path.split('/')[0] ?? '';
    if (path.endsWith('.md')) taken.set(`${folder}/${slugOfPath(path)}`, path);
  }
  const claimed = new Map<string, string>();
  // Oldest first, so of two items with one name the earlier keeps it (the sort is stable).
  const items = [...plan.items].sort((a, b) => startOf(a).getTime() - startOf(b).getTime());
  for (const source of items) {
    const { item, changed } = withSafeMessages(source);
    const text = renderItem(item, zone);
    const folder = FOLDER[item.kind];
    const name = baseName(item, zone);
    const reasons = [
      ...item.changes,
      ...(changed
        ? [
            'a message was changed so it cannot be read as update syntax: "##" headings became "###", a first line "services:" or "impact:" got a capital',
          ]
        : []),
    ];
    for (let n = 1; ; n++) {
      const slug = n === 1 ? name : `${name}-${n}`;
      const key = `${folder}/${slug}`;
      const other = claimed.get(key);
      if (other !== undefined) {
        reasons.push(`slug collision with "${other}" from this import (same title on the same day); written under the next free name`);
        continue;
      }
      const path = taken.get(key);
      if (path !== undefined && existing.get(path) !== text && isSameItem(existing.get(path)!, item)) {
        rows.push({
          outcome: 'not imported',
          source: item.source,
          title: item.title,
          file: path,
          reasons: [`already imported as ${path}, which now differs (edited since, or changed at the source); left as it is`],
        });
        break;
      }
      if (path !== undefined && existing.get(path) !== text) {
        reasons.push(`slug collision: ${path} already exists with other text and is left as it is; written under the next free name`);
        continue;
      }
      claimed.set(key, item.title);
      const file = path ?? `${folder}/${slug}.md`;
      if (path === undefined) files.push({ path: file, text });
      rows.push({
        outcome: path === undefined ? 'imported' : 'unchanged',
        source: item.source,
        title: item.title,
        file,
        reasons: path === undefined ? reasons : [],
      });
      break;
    }
  }
  for (const s of plan.skipped) rows.push({ outcome: 'not imported', source: s.source, title: s.title, reasons: [s.reason] });
  return { files, rows };
}

/**
 * Services whose group has the name of a service (a Statuspage group "API" holding "API"):
 * a visitor could not tell the two rows apart, so the group becomes "API services", reported.
 */
function distinctGroupNames(services: ImportedService[], rows: ReportRow[]): ImportedService[] {
  const names = new Set(services.map((s) => s.name.toLowerCase()));
  const renamed = new Map<string, string>();
  const out = services.map((s) => {
    if (!names.has(s.group.toLowerCase())) return s;
    renamed.set(s.group, `${s.group} services`);
    return { ...s, group: `${s.group} services` };
  });
  for (const [from, to] of renamed)
    rows.push({
      outcome: 'note',
      source: { file: 'services.yaml', line: 1 },
      title: '',
      reasons: [`the group "${from}" has the name of a service; it is called "${to}"`],
    });
  return out;
}

/**
 * services.yaml after the import: created when missing; otherwise the services it lacks
 * are appended below what staff wrote, which is left byte for byte as it was.
 */
function servicesFile(services: ImportedService[], current: string | undefined): { text?: string; rows: ReportRow[] } {
  const entry = (s: ImportedService) => ({
    id: s.id,
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    group: s.group,
    ...(s.hiddenUntilAffected ? { hidden_until_affected: true } : {}),
  });
  if (current === undefined) {
    if (!services.length) return { rows: [] };
    const text = stringify({ services: services.map(entry) }, { lineWidth: 0 });
    return {
      text,
      rows: [
        {
          outcome: 'imported',
          source: { file: 'services.yaml', line: 1 },
          title: `${services.length} services`,
          file: 'services.yaml',
          reasons: [],
        },
        ...noteRows(services),
      ],
    };
  }
  const parsed = parseYaml(current) as { services?: { id?: unknown }[] } | null;
  const known = new Set((parsed?.services ?? []).map((s) => String(s.id)));
  const added = services.filter((s) => !known.has(s.id));
  const notes = noteRows(added);
  if (!added.length) return { rows: [] };
  const lines = stringify(added.map(entry), { lineWidth: 0 })
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
  return {
    text: `${current.replace(/\s*$/, '\n')}${lines}`,
    rows: [
      {
        outcome: 'imported',
        source: { file: 'services.yaml', line: 1 },
        title: `${added.length} services added`,
        file: 'services.yaml',
        reasons: [`appended ${added.map((s) => s.id).join(', ')}; existing entries left as they were`],
      },
      ...notes,
    ],
  };
}

function noteRows(services: ImportedService[]): ReportRow[] {
  return services.flatMap((s) =>
    s.note ? [{ outcome: 'note' as const, source: s.note.source, title: '', reasons: [s.note.reason] }] : [],
  );
}

/** The report as the command prints it: one line per row, grouped by outcome. */
export function formatImportReport(rows: ReportRow[]): string {
  const order: Outcome[] = ['imported', 'unchanged', 'note', 'not imported'];
  const out: string[] = [];
  for (const outcome of order) {
    const group = rows.filter((r) => r.outcome === outcome);
    if (!group.length) continue;
    out.push(`${outcome.toUpperCase()} (${group.length})`);
    for (const r of group) {
      const where = `${r.source.file}:${r.source.line}`;
      out.push(`  ${where}${r.title ? `  ${r.title}` : ''}${r.file ? `  -> ${r.file}` : ''}`);
      for (const reason of r.reasons) out.push(`      ${outcome === 'not imported' ? 'why' : 'changed'}: ${reason}`);
    }
  }
  return out.join('\n');
}

/**
 * The updates of an entry: the description at `date` (when there is one), then each
 * tracked line with its label read as a state (unknown labels keep the state before).
 */
export function timeline<S extends string>(
  description: string,
  date: Date,
  tracked: { label: string; at: Date; message: string }[],
  states: readonly S[],
  first: S,
  aliases: Record<string, S | undefined>,
  changes: string[],
): ImportedUpdate<S>[] {
  const updates: ImportedUpdate<S>[] = [];
  let state = first;
  if (description) updates.push({ state, at: date, message: description });
  for (const t of tracked) {
    const label = normaliseState(t.label);
    const known = (states as readonly string[]).includes(label) ? (label as S) : aliases[label];
    if (known) state = known;
    else changes.push(`unknown update state "${t.label}"; kept "${state}"`);
    updates.push({ state, at: t.at < date ? date : t.at, message: t.message || '(No message was posted with this update.)' });
    if (t.at < date) changes.push('an update before the start date was moved to the start');
  }
  if (!updates.length) {
    changes.push('it has no updates and no text; one update was added at its start saying so');
    updates.push({ state: first, at: date, message: '(This entry was imported without any update.)' });
  }
  return updates;
}

/**
 * Makes an incident's ending consistent: only its last update may be resolved (an earlier
 * one, from a reopened incident, becomes "monitoring"); a resolved incident ends with a
 * resolved update. Returns when it was resolved, if it was.
 */
export function closeIncident(
  updates: ImportedUpdate<IncidentState>[],
  resolved: boolean,
  resolvedWhen: Date | undefined,
  changes: string[],
): Date | undefined {
  updates.forEach((u, i) => {
    if (u.state === 'resolved' && i < updates.length - 1) {
      u.state = 'monitoring';
      changes.push('a "resolved" update before the last (the incident was reopened) became "monitoring"');
    }
  });
  const last = updates[updates.length - 1]!;
  if (!resolved) {
    if (last.state !== 'resolved') return undefined;
    changes.push('its last update is resolved but the source does not mark it resolved; imported as resolved');
    return last.at;
  }
  const at = last.state === 'resolved' || !resolvedWhen || resolvedWhen < last.at ? last.at : resolvedWhen;
  if (!resolvedWhen) changes.push('resolved without a resolved time; resolved at its last update');
  else if (at.getTime() !== resolvedWhen.getTime())
    changes.push("the resolved time differs from the last update's; the update's time is used");
  if (last.state !== 'resolved') {
    changes.push('resolved but no update says so; a resolved update was added');
    updates.push({ state: 'resolved', at, message: '(Resolved; no message was posted.)' });
  }
  return at;
}

/** Only the last maintenance update may be "completed"; an earlier one becomes "verifying". */
export function closeMaintenance(updates: ImportedUpdate<MaintenanceState>[]): void {
  updates.forEach((u, i) => {
    if (u.state === 'completed' && i < updates.length - 1) u.state = 'verifying';
  });
}

/**
 * An incident from a tool that gives one severity for all its affected services (cState,
 * Statusfy): each service in `status` (an unknown severity becomes degraded performance,
 * reported), the impact the worst of them, and its ending made consistent.
 */
export function severityIncident(
  entry: {
    source: SourceLine;
    title: string;
    started: Date;
    affected: string[];
    severity: string;
    updates: ImportedUpdate<IncidentState>[];
    resolved: boolean;
    resolvedWhen: Date | undefined;
  },
  status: IncidentServiceStatus | undefined,
  changes: string[],
): ImportedIncident {
  if (!status) changes.push(`unknown severity "${entry.severity}"; imported as degraded performance`);
  const known = status ?? 'degraded_performance';
  const resolvedAt = closeIncident(entry.updates, entry.resolved, entry.resolvedWhen, changes);
  return {
    kind: 'incident',
    source: entry.source,
    title: entry.title,
    impact: impactOf([known]),
    services: Object.fromEntries(entry.affected.map((id) => [id, known])),
    started: entry.started,
    ...(resolvedAt ? { resolved: resolvedAt } : {}),
    updates: entry.updates,
    changes: [...new Set(changes)],
  };
}
