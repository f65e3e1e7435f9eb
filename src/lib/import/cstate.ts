/**
 * Importing from cState (a Hugo status page): its `config.yml` systems and categories, and
 * its `content/issues/*.md` files.
 *
 * - Systems (names, or `{name, description, category}`) become services, categories groups
 *   (uncategorised systems go to "Systems"). `systems`/`categories` may sit under `params:`.
 * - Severity `down`, `disrupted`, `notice` puts each affected system in major outage,
 *   partial outage, degraded performance (impact critical, major, minor).
 * - The body's update lines, `*State* - message {{< track "2018-06-13 14:23:00" >}}`, become
 *   updates; the rest of the body is the first update, at `date`.
 * - `informational: true` becomes maintenance when it names affected systems and ends after it
 *   starts (`resolvedWhen`), else a notice; `pin` has no equivalent (reported).
 * - cState stores times without an offset: they are read in the zone given to the import.
 */
import {
  INCIDENT_STATES,
  MAINTENANCE_STATES,
  type IncidentServiceStatus,
  type IncidentState,
  type MaintenanceState,
} from '../content/model.ts';
import { formatHeadingTime, parseWallClock, type Zone } from '../languages/time.ts';
import { readSourceFile, strings, text, type SourceFile } from './source-file.ts';
import {
  closeMaintenance,
  htmlChange,
  lineOf,
  serviceId,
  severityIncident,
  timeline,
  toMinute,
  type ImportedItem,
  type ImportedService,
  type ImportPlan,
  type Skipped,
  type SourceLine,
} from './write.ts';
import { parse } from 'yaml';

export interface CStateOptions {
  /** The zone cState's naive times are read in, and where it came from (for the report). */
  zone: Zone;
  zoneFrom: '--timezone' | 'site.yaml';
}

const SEVERITY: Record<string, IncidentServiceStatus> = {
  down: 'major_outage',
  disrupted: 'partial_outage',
  notice: 'degraded_performance',
};
const UPDATE_LINE = /^\s*\*{1,2}([^*]+?)\*{1,2}\s*[-–—:]?\s*(.*?)\s*\{\{[<%]\s*track\s+"([^"]+)"\s*[>%]\}\}\s*$/;
const SHORTCODE = /\{\{[<%][\s\S]*?[>%]\}\}/g;

/** Thrown when config.yml is missing or unreadable: nothing can be mapped without it. */
export class CStateError extends Error {}

interface System {
  name: string;
  description?: string | undefined;
  category?: string | undefined;
}

/** config.yml: the site's title and URL, its systems (with the line of each) and its categories. */
function readConfig(configText: string) {
  let config: Record<string, unknown>;
  try {
    config = (parse(configText) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new CStateError(`config.yml:1: file: is not YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const params = (config['params'] ?? {}) as Record<string, unknown>;
  const field = (key: string) => (Array.isArray(params[key]) ? params[key] : Array.isArray(config[key]) ? config[key] : []) as unknown[];
  const systems = field('systems').map((raw) => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = typeof raw === 'string' ? text(raw) : text(entry['name']);
    const line = name ? lineOf(configText, new RegExp(`(^|\\s|name:\\s*)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)) : 1;
    const system: System | undefined = name
      ? { name, description: text(entry['description']), category: text(entry['category']) }
      : undefined;
    return { system, line };
  });
  const categories = field('categories').map((c) => ({
    name: text((c as Record<string, unknown>)?.['name']) ?? text(c),
    closed: truthy((c as Record<string, unknown>)?.['closed']),
  }));
  return { title: text(config['title']), baseURL: text(config['baseURL']), systems, categories };
}

export function importCState(files: ReadonlyMap<string, string>, options: CStateOptions): ImportPlan {
  const configText = files.get('config.yml') ?? files.get('config.yaml');
  if (configText === undefined)
    throw new CStateError('config.yml: is missing; give the folder of the cState site (the one with config.yml and content/issues/)');
  const config = readConfig(configText);
  const notes: ImportPlan['notes'] = [
    {
      source: { file: 'config.yml', line: 1 },
      reason: `missing time zone: cState writes times without an offset; they were read in ${options.zone.timeZone} (from ${options.zoneFrom})`,
    },
  ];
  const closed = config.categories.filter((c) => c.closed).map((c) => c.name);
  if (closed.length)
    notes.push({
      source: { file: 'config.yml', line: lineOf(configText, /closed:\s*true/) },
      reason: `categories shown closed (${closed.join(', ')}): Statusmark lists every group open`,
    });
  const services: ImportedService[] = [];
  const idOf = new Map<string, string>();
  const addService = (system: System, source: SourceLine, note?: string) => {
    const id = serviceId(system.name, services, source, notes);
    services.push({
      source,
      id,
      name: system.name,
      ...(system.description ? { description: system.description } : {}),
      group: system.category ?? 'Systems',
      ...(note ? { note: { source, reason: note } } : {}),
    });
    idOf.set(system.name, id);
    return id;
  };
  for (const { system, line } of config.systems) {
    if (system) addService(system, { file: 'config.yml', line });
    else notes.push({ source: { file: 'config.yml', line }, reason: 'a system with no name was left out' });
  }

  const items: ImportedItem[] = [];
  const skipped: Skipped[] = [];
  const issues = [...files.keys()].filter((f) => /^content\/issues\/.+\.md$/i.test(f)).sort();
  for (const path of issues) {
    const read = readSourceFile(files.get(path)!);
    if (!read.ok) {
      skipped.push({ source: { file: path, line: read.line }, title: path, reason: read.reason });
      continue;
    }
    const result = toItem(path, read.file, options.zone, (name, source) => idOf.get(name) ?? addUnknown(name, source));
    if ('reason' in result) skipped.push(result);
    else items.push(result);
  }
  function addUnknown(name: string, source: SourceLine): string {
    return addService(
      { name, category: 'Systems' },
      source,
      `affected system "${name}" is not in config.yml; added as a service in the group "Systems"`,
    );
  }
  return {
    services,
    items,
    skipped,
    notes,
    site: { name: config.title ?? 'Status', url: originOf(config.baseURL), timezone: options.zone.timeZone },
  };
}

function originOf(url: string | undefined): string {
  return url && URL.canParse(url) && /^https?:/.test(url) ? new URL(url).origin : 'https://status.example.com';
}

const truthy = (v: unknown) => v === true || v === 'true';

function toItem(
  path: string,
  file: SourceFile,
  zone: Zone,
  serviceId: (name: string, source: SourceLine) => string,
): ImportedItem | Skipped {
  const { data } = file;
  const source = { file: path, line: 1 };
  const changes: string[] = [];
  const title = text(data['title']);
  if (!title) return { source: { file: path, line: file.lineOf('title') }, title: path, reason: 'title: is missing' };
  const when = (field: string, value: unknown): Date | undefined => {
    const t = text(value);
    if (t === undefined) return undefined;
    const parsed = parseWallClock(t, zone);
    if (!parsed.ok) {
      changes.push(`${field} "${t}" is not a time; left out`);
      return undefined;
    }
    return toMinute(parsed.date);
  };
  const date = when('date', data['date']);
  if (!date)
    return {
      source: { file: path, line: file.lineOf('date') },
      title,
      reason: `date: ${text(data['date']) === undefined ? 'is missing' : `"${text(data['date'])}" is not a time`}`,
    };
  const resolved = truthy(data['resolved']);
  const resolvedWhen = when('resolvedWhen', data['resolvedWhen']);
  const section = text(data['section']);
  if (section && section !== 'issue') changes.push(`section "${section}" is not "issue"; imported as an issue anyway`);
  if (truthy(data['draft']))
    return { source: { file: path, line: file.lineOf('draft') }, title, reason: 'draft: true (never published on the cState site)' };
  const known = new Set(['title', 'date', 'resolved', 'resolvedWhen', 'severity', 'affected', 'section', 'informational', 'pin', 'draft']);
  for (const key of Object.keys(data)) if (!known.has(key)) changes.push(`field "${key}" has no equivalent; left out`);
  if (truthy(data['pin']))
    changes.push('pin: Statusmark lists open incidents, maintenance and notices on every page, so pin has no equivalent');
  const affected = strings(data['affected']).map((name) => serviceId(name, { file: path, line: file.lineOf('affected') }));

  // Body: update lines, and the rest (the description).
  const described: string[] = [];
  const tracked: { label: string; at: Date; message: string }[] = [];
  file.body.split(/\r?\n/).forEach((line) => {
    const m = UPDATE_LINE.exec(line);
    const at = m ? when('update', m[3]) : undefined;
    if (m && at) tracked.push({ label: m[1]!.trim(), at, message: m[2]!.trim() });
    else described.push(line);
  });
  let description = described.join('\n').trim();
  const shortcodes = description.match(SHORTCODE);
  if (shortcodes) {
    changes.push(`Hugo shortcodes removed: ${[...new Set(shortcodes)].join(' ')}`);
    description = description.replace(SHORTCODE, '').trim();
  }
  changes.push(...htmlChange(description), ...tracked.flatMap((t) => htmlChange(t.message)));
  tracked.sort((a, b) => a.at.getTime() - b.at.getTime());

  if (truthy(data['informational'])) {
    if (affected.length && resolvedWhen && resolvedWhen > date) {
      const updates = timeline<MaintenanceState>(
        description,
        date,
        tracked,
        MAINTENANCE_STATES,
        'scheduled',
        { resolved: 'completed', done: 'completed', complete: 'completed' },
        changes,
      );
      closeMaintenance(updates);
      return {
        kind: 'maintenance',
        source,
        title,
        scheduledFor: date,
        scheduledUntil: resolvedWhen,
        services: affected,
        updates,
        changes: [...new Set(changes)],
      };
    }
    const body =
      [description, ...tracked.map((t) => `**${t.label}**, ${formatHeadingTime(t.at, zone)}: ${t.message}`)].filter(Boolean).join('\n\n') ||
      title;
    if (!description && !tracked.length) changes.push('it has no text; its title is the notice');
    return {
      kind: 'notice',
      source,
      title,
      level: 'info',
      posted: date,
      from: date,
      ...(resolved && resolvedWhen && resolvedWhen > date ? { until: resolvedWhen } : {}),
      body,
      changes: [...new Set(changes)],
    };
  }

  const severity = text(data['severity']) ?? '';
  const updates = timeline<IncidentState>(
    description,
    date,
    tracked,
    INCIDENT_STATES,
    'investigating',
    { fixed: 'resolved', closed: 'resolved' },
    changes,
  );
  return severityIncident(
    { source, title, started: date, affected, severity, updates, resolved, resolvedWhen },
    SEVERITY[severity],
    changes,
  );
}
