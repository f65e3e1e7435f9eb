/**
 * Importing from Statusfy: its content folder, `incidents/*.md` (the default language)
 * and `<locale>/incidents/*.md` (translations).
 *
 * - `severity` major-outage, partial-outage, degraded-performance puts each of
 *   `affectedsystems` in that status (impact critical, major, minor); under-maintenance
 *   makes the entry a maintenance window from `date` to `modified`.
 * - Update blocks in the body, `::: update Resolved | 2018-06-13T14:23:00.000Z` … `:::`,
 *   become updates; the rest of the body is the first update, at `date`.
 * - Statusfy names its systems in `statusfy.config.js` (code, not read here): each id in
 *   `affectedsystems` becomes a service named after the id, in the group "Systems".
 * - A page here has one language: translations are reported, not imported.
 */
import {
  INCIDENT_STATES,
  MAINTENANCE_STATES,
  type IncidentServiceStatus,
  type IncidentState,
  type MaintenanceState,
} from '../content/model.ts';
import { slugify } from '../content/slug.ts';
import { parseWallClock, type Zone } from '../languages/time.ts';
import { readSourceFile, strings, text, type SourceFile } from './source-file.ts';
import {
  closeMaintenance,
  htmlChange,
  severityIncident,
  timeline,
  toMinute,
  type ImportedItem,
  type ImportedService,
  type ImportPlan,
  type Skipped,
} from './write.ts';

const SEVERITY: Record<string, IncidentServiceStatus> = {
  'major-outage': 'major_outage',
  'partial-outage': 'partial_outage',
  'degraded-performance': 'degraded_performance',
};
const BLOCK_START = /^:::\s*update\s+(.+?)\s*\|\s*(\S.*?)\s*$/;
const BLOCK_END = /^:::\s*$/;
const HOUR = 3_600_000;

export function importStatusfy(files: ReadonlyMap<string, string>, options: { zone: Zone }): ImportPlan {
  const notes: ImportPlan['notes'] = [];
  const skipped: Skipped[] = [];
  const items: ImportedItem[] = [];
  const services: ImportedService[] = [];
  const serviceId = (system: string, line: number, file: string): string => {
    const id = slugify(system) || 'service';
    if (!services.some((s) => s.id === id)) {
      const name = system.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
      const reason = `system "${system}" became the service ${id} named "${name}" in the group "Systems" (Statusfy names systems in statusfy.config.js, which is not read); rename it in services.yaml if needed`;
      services.push({ source: { file, line }, id, name, group: 'Systems', note: { source: { file, line }, reason } });
    }
    return id;
  };
  const paths = [...files.keys()].filter((f) => f.endsWith('.md')).sort();
  const main = paths.filter((f) => /^incidents\/[^/]+\.md$/.test(f));
  const defaultNames = new Set(main.map((f) => f.slice('incidents/'.length)));
  for (const path of paths) {
    if (main.includes(path)) continue;
    const translation = /^([^/]+)\/incidents\/([^/]+\.md)$/.exec(path);
    const reason = translation
      ? `translation (${translation[1]}) ${defaultNames.has(translation[2]!) ? `of incidents/${translation[2]}` : 'with no file in the default language'}; a Statusmark page has one language`
      : 'not an incident file (expected incidents/*.md or <locale>/incidents/*.md)';
    skipped.push({ source: { file: path, line: 1 }, title: path, reason });
  }
  for (const path of main) {
    const read = readSourceFile(files.get(path)!);
    if (!read.ok) {
      skipped.push({ source: { file: path, line: read.line }, title: path, reason: read.reason });
      continue;
    }
    const result = toItem(path, read.file, options.zone, (system) => serviceId(system, read.file.lineOf('affectedsystems'), path));
    if ('reason' in result) skipped.push(result);
    else items.push(result);
  }
  return { services, items, skipped, notes, site: { name: 'Status', url: 'https://status.example.com', timezone: options.zone.timeZone } };
}

function toItem(path: string, file: SourceFile, zone: Zone, serviceId: (system: string) => string): ImportedItem | Skipped {
  const { data } = file;
  const source = { file: path, line: 1 };
  const changes: string[] = [];
  const title = text(data['title']);
  if (!title) return { source: { file: path, line: file.lineOf('title') }, title: path, reason: 'title: is missing' };
  const when = (field: string, value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const parsed = parseWallClock(value, zone);
    if (!parsed.ok) {
      changes.push(`${field} "${value}" is not a time; left out`);
      return undefined;
    }
    if (parsed.naive) changes.push(`missing time zone: ${field} "${value}" has no offset; read in ${zone.timeZone}`);
    return toMinute(parsed.date);
  };
  const date = when('date', text(data['date']));
  if (!date)
    return {
      source: { file: path, line: file.lineOf('date') },
      title,
      reason: `date: ${text(data['date']) === undefined ? 'is missing' : `"${text(data['date'])}" is not a time`}`,
    };
  const modified = when('modified', text(data['modified']));
  const known = new Set(['id', 'title', 'date', 'severity', 'affectedsystems', 'resolved', 'modified']);
  for (const key of Object.keys(data)) if (!known.has(key)) changes.push(`field "${key}" has no equivalent; left out`);
  const affected = strings(data['affectedsystems']).map(serviceId);

  const described: string[] = [];
  const tracked: { label: string; at: Date; message: string }[] = [];
  let open: { label: string; at: Date; lines: string[] } | undefined;
  for (const line of file.body.split(/\r?\n/)) {
    const start = BLOCK_START.exec(line);
    if (!open && start) {
      const at = when('update', start[2]);
      if (at) open = { label: start[1]!, at, lines: [] };
      else described.push(line);
    } else if (open && BLOCK_END.test(line)) {
      tracked.push({ label: open.label, at: open.at, message: open.lines.join('\n').trim() });
      open = undefined;
    } else (open ? open.lines : described).push(line);
  }
  if (open) {
    changes.push(`the update block "${open.label}" is not closed by ":::"; the rest of the file is its message`);
    tracked.push({ label: open.label, at: open.at, message: open.lines.join('\n').trim() });
  }
  const description = described.join('\n').trim();
  changes.push(...htmlChange(description), ...tracked.flatMap((t) => htmlChange(t.message)));
  tracked.sort((a, b) => a.at.getTime() - b.at.getTime());
  const resolved = data['resolved'] === true || data['resolved'] === 'true';
  const severity = text(data['severity']) ?? '';

  if (severity === 'under-maintenance') {
    const updates = timeline<MaintenanceState>(
      description,
      date,
      tracked,
      MAINTENANCE_STATES,
      'scheduled',
      { resolved: 'completed', done: 'completed' },
      changes,
    );
    closeMaintenance(updates);
    const latest = Math.max(modified?.getTime() ?? 0, updates[updates.length - 1]!.at.getTime());
    const until = new Date(latest > date.getTime() ? latest : date.getTime() + HOUR);
    changes.push(
      'Statusfy gives maintenance no end time; the window ends at modified or the last update, whichever is later (an hour after the start when neither is later)',
    );
    return {
      kind: 'maintenance',
      source,
      title,
      scheduledFor: date,
      scheduledUntil: until,
      services: affected,
      updates,
      changes: [...new Set(changes)],
    };
  }
  const updates = timeline<IncidentState>(description, date, tracked, INCIDENT_STATES, 'investigating', { fixed: 'resolved' }, changes);
  const resolvedWhen = [...tracked].reverse().find((t) => /resolved/i.test(t.label))?.at ?? modified;
  return severityIncident(
    { source, title, started: date, affected, severity, updates, resolved, resolvedWhen },
    SEVERITY[severity],
    changes,
  );
}
