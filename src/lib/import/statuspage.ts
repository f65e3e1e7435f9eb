/**
 * Importing from Atlassian Statuspage: its public API documents (v2 `summary.json`,
 * `components.json`, `incidents.json`, `scheduled-maintenances.json`) become services,
 * incidents and maintenance windows.
 *
 * - Components become services; component groups become groups. A component's id is its
 *   slugified name (a clash gets `-2`, reported). Without `components.json` (and without
 *   the components of `summary.json`), the components the incidents and maintenance name
 *   become the services, each reported.
 * - Each API document that was looked for and not found is reported.
 * - Each incident update becomes an update with its status and `display_at` time (else
 *   `created_at`); its `affected_components` become the update's `services:` line, and the
 *   first non-operational status of each component is the incident's starting `services:`.
 * - A `postmortem` update and `postmortem_body` become a "Postmortem" section of the
 *   resolved update, and `postmortem:` links the original incident page.
 * - The original link (`shortlink`) is kept as the last line of the first update.
 */
import {
  IMPACTS,
  INCIDENT_STATES,
  SERVICE_STATUSES,
  type Impact,
  type IncidentServiceStatus,
  type IncidentState,
  type MaintenanceState,
  type ServiceStatus,
} from '../content/model.ts';
import { impactOf } from '../status/status.ts';
import { isTimeZone, parseWallClock, type Zone } from '../languages/time.ts';
import {
  closeIncident,
  closeMaintenance,
  htmlChange,
  serviceId,
  lineOf,
  toMinute,
  type ImportedItem,
  type ImportedService,
  type ImportedUpdate,
  type ImportPlan,
  type Skipped,
  type SourceLine,
} from './write.ts';

/** The API documents by file name (`incidents.json`, …) and their text. */
export type StatuspageDocuments = ReadonlyMap<string, string>;

export const STATUSPAGE_DOCUMENTS = ['summary.json', 'components.json', 'incidents.json', 'scheduled-maintenances.json'] as const;

interface Component {
  id: string;
  name: string;
  description?: string | null;
  group?: boolean;
  group_id?: string | null;
  position?: number;
  only_show_if_degraded?: boolean;
}

interface AffectedComponent {
  code: string;
  name?: string;
  old_status?: string;
  new_status?: string;
}

interface IncidentUpdate {
  id?: string;
  status: string;
  body?: string | null;
  created_at: string;
  display_at?: string | null;
  affected_components?: AffectedComponent[] | null;
}

interface Incident {
  id: string;
  name: string;
  status: string;
  impact?: string;
  created_at: string;
  started_at?: string | null;
  resolved_at?: string | null;
  shortlink?: string | null;
  postmortem_body?: string | null;
  scheduled_for?: string | null;
  scheduled_until?: string | null;
  incident_updates?: IncidentUpdate[];
  /** As the API gives them: whole components (name, group_id, position…), at least their ids. */
  components?: ({ id: string } & Partial<Component>)[];
}

interface Page {
  name?: string;
  url?: string;
  time_zone?: string;
}

/** A refusal of a whole document: it is not JSON, or not the shape the API gives. */
export class StatuspageError extends Error {}

function readJson(name: string, text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw new StatuspageError(`${name}:1: file: is not JSON (${(error as Error).message})`);
  }
  throw new StatuspageError(`${name}:1: file: is not a Statuspage API document (expected an object with "page")`);
}

function list<T>(doc: Record<string, unknown> | undefined, key: string, name: string): T[] {
  const value = doc?.[key];
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new StatuspageError(`${name}:${lineOf(JSON.stringify(doc, null, 2), `"${key}"`)}: ${key}: must be a list`);
  return value as T[];
}

export interface StatuspageOptions {
  timeZone?: string;
  /**
   * The API documents that were looked for and not found, each with what was tried
   * (`http://…/api/v2/components.json: the server answered 404`): each becomes a note.
   */
  missing?: ReadonlyMap<string, string>;
}

/** Where incidents and maintenance windows are read from, in this order (an id seen once is not read again). */
const SOURCES: [string, 'incident' | 'maintenance'][] = [
  ['incidents.json', 'incident'],
  ['scheduled-maintenances.json', 'maintenance'],
  ['summary.json', 'incident'],
  ['summary.json', 'maintenance'],
];

type Documents = Map<string, { text: string; json: Record<string, unknown> }>;

export function importStatuspage(documents: StatuspageDocuments, options: StatuspageOptions): ImportPlan {
  const docs: Documents = new Map([...documents].map(([name, text]) => [name, { text, json: readJson(name, text) }]));
  if (!docs.size) throw new StatuspageError(`none of ${STATUSPAGE_DOCUMENTS.join(', ')} was found`);
  const skipped: Skipped[] = [];
  const notes: ImportPlan['notes'] = [];
  const page = ([...docs.values()].find((d) => d.json['page'])?.json['page'] ?? {}) as Page;

  // Components: components.json, else summary.json, else the ones the incidents and maintenance name.
  const componentDoc = ['components.json', 'summary.json'].find((name) => docs.get(name)?.json['components'] !== undefined);
  const listed = componentDoc
    ? [...list<Component>(docs.get(componentDoc)?.json, 'components', componentDoc)].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    : [];
  const named = componentDoc ? [] : namedComponents(docs);
  const components: { component: Component; source: SourceLine }[] = componentDoc
    ? listed.map((component) => ({ component, source: { file: componentDoc, line: idLine(docs.get(componentDoc)!.text, component.id) } }))
    : named;
  for (const [name, tried] of options.missing ?? []) {
    const fallback =
      name === 'components.json' && !componentDoc
        ? `; services were built from the ${named.length} components the incidents and maintenance name`
        : '';
    notes.push({ source: { file: name, line: 1 }, reason: `could not be found or fetched: ${tried}${fallback}` });
  }
  const groups = new Map(components.filter(({ component: c }) => c.group).map(({ component: c }) => [c.id, c.name]));
  const serviceOf = new Map<string, string>();
  const services: ImportedService[] = [];
  for (const { component: c, source } of components) {
    if (c.group) continue;
    const id = serviceId(c.name, services, source, notes);
    serviceOf.set(c.id, id);
    const group = (c.group_id && groups.get(c.group_id)) || 'Services';
    const guessed = componentDoc
      ? {}
      : {
          note: {
            source,
            reason: `service ${id} was made from component ${c.id} ("${c.name}"), which this names: no components.json or summary.json lists the components`,
          },
        };
    services.push({
      source,
      id,
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      group,
      ...(c.only_show_if_degraded ? { hiddenUntilAffected: true } : {}),
      ...guessed,
    });
  }

  const timeZone = options.timeZone ?? ianaOf(page.time_zone);
  const items: ImportedItem[] = [];
  const seen = new Set<string>();
  for (const [name, kind] of SOURCES) {
    const doc = docs.get(name);
    if (!doc) continue;
    for (const incident of list<Incident>(doc.json, kind === 'incident' ? 'incidents' : 'scheduled_maintenances', name)) {
      if (seen.has(incident.id)) continue;
      seen.add(incident.id);
      const source = { file: name, line: idLine(doc.text, incident.id) };
      const changes: string[] = [];
      const time = timeReader({ timeZone, locale: 'en-GB' }, changes);
      const result =
        kind === 'incident'
          ? toIncident(incident, source, serviceOf, time, changes)
          : toMaintenance(incident, source, serviceOf, time, changes);
      if ('reason' in result) skipped.push(result);
      else items.push(result);
    }
  }
  items.sort((a, b) => a.source.file.localeCompare(b.source.file) || a.source.line - b.source.line);
  return {
    services,
    items,
    skipped,
    notes,
    site: {
      name: page.name ? `${page.name} Status` : 'Status',
      url: page.url && /^https?:\/\//.test(page.url) ? new URL(page.url).origin : 'https://status.example.com',
      timezone: timeZone,
    },
  };
}

/**
 * The components the incidents and maintenance windows name, when no document lists them:
 * each incident's `components` and its updates' `affected_components`, once each, in the
 * order they first appear, with where that is. A group component, if one is named, gives
 * its group's name.
 */
function namedComponents(docs: Documents): { component: Component; source: SourceLine }[] {
  const found = new Map<string, { component: Component; source: SourceLine }>();
  const add = (component: Component, name: string, text: string) => {
    if (!component.id || !component.name?.trim() || found.has(component.id)) return;
    found.set(component.id, {
      component: { ...component, name: component.name.trim() },
      source: { file: name, line: lineOf(text, `"${component.id}"`) },
    });
  };
  for (const [name, kind] of SOURCES) {
    const doc = docs.get(name);
    if (!doc) continue;
    for (const item of list<Incident>(doc.json, kind === 'incident' ? 'incidents' : 'scheduled_maintenances', name)) {
      for (const c of item.components ?? []) add(c as Component, name, doc.text);
      for (const u of item.incident_updates ?? [])
        for (const a of u.affected_components ?? []) add({ id: a.code, name: a.name ?? '' }, name, doc.text);
    }
  }
  return [...found.values()];
}

/** The line of `"id": "<id>"` in a document, however the JSON is spaced. */
function idLine(text: string, id: string): number {
  return lineOf(text, new RegExp(`"id"\\s*:\\s*"${id.replace(/[^\w-]/g, '\\$&')}"`));
}

/** Statuspage writes IANA names (`Etc/UTC`, `America/New_York`); anything else falls back to UTC. */
function ianaOf(zone: string | undefined): string {
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

type TimeReader = (value: string | null | undefined) => Date | undefined;

/** Reads API times; one without an offset (never in a real API answer) is read in `zone` and reported. */
function timeReader(zone: Zone, changes: string[]): TimeReader {
  return (value) => {
    if (!value) return undefined;
    const parsed = parseWallClock(value, zone);
    if (!parsed.ok) return undefined;
    if (parsed.naive) changes.push(`missing time zone: "${value}" has no offset; read in ${zone.timeZone}`);
    return toMinute(parsed.date);
  };
}

const isStatus = (s: string | undefined): s is ServiceStatus => (SERVICE_STATUSES as readonly string[]).includes(s ?? '');

/** The `services:` changes an update carries, and notes on statuses Statusmark does not have. */
function changesOf(update: IncidentUpdate, serviceOf: Map<string, string>, changes: string[]): [string, ServiceStatus][] {
  const out: [string, ServiceStatus][] = [];
  for (const a of update.affected_components ?? []) {
    const id = serviceOf.get(a.code);
    if (!id) {
      changes.push(`affected component ${a.code} (${a.name ?? 'no name'}) is not in components.json; left out`);
      continue;
    }
    let status: ServiceStatus = 'degraded_performance';
    if (a.new_status === 'under_maintenance')
      changes.push(`${id} was "under_maintenance" during an incident; imported as degraded_performance`);
    else if (isStatus(a.new_status)) status = a.new_status;
    else changes.push(`unknown status "${a.new_status}" for ${id}; imported as degraded_performance`);
    out.push([id, status]);
  }
  return out;
}

function toIncident(
  incident: Incident,
  source: SourceLine,
  serviceOf: Map<string, string>,
  time: TimeReader,
  changes: string[],
): ImportedItem | Skipped {
  const title = incident.name?.trim();
  const created = time(incident.created_at);
  if (!title || !created)
    return { source, title: title || incident.id, reason: !title ? 'it has no name' : `created_at "${incident.created_at}" is not a time` };
  const started = time(incident.started_at) ?? created;
  const raw = [...(incident.incident_updates ?? [])].sort(
    (a, b) =>
      (time(a.display_at) ?? time(a.created_at) ?? created).getTime() - (time(b.display_at) ?? time(b.created_at) ?? created).getTime(),
  );
  const postmortemParts: string[] = [];
  const updates: ImportedUpdate<IncidentState>[] = [];
  let state: IncidentState = 'investigating';
  for (const u of raw) {
    const at = time(u.display_at) ?? time(u.created_at);
    if (!at) {
      changes.push(`an update with the time "${u.display_at ?? u.created_at}" could not be read; left out`);
      continue;
    }
    if (u.status === 'postmortem') {
      postmortemParts.push(u.body?.trim() ?? '');
      changes.push('the postmortem update became a "Postmortem" section of the resolved update');
      continue;
    }
    if ((INCIDENT_STATES as readonly string[]).includes(u.status)) state = u.status as IncidentState;
    else changes.push(`unknown update status "${u.status}"; kept "${state}"`);
    const body = u.body?.trim() || '(No message was posted with this update.)';
    changes.push(...htmlChange(body));
    if (at < started) changes.push('an update posted before started_at was moved to the start');
    updates.push({ state, at: at < started ? started : at, message: body, services: changesOf(u, serviceOf, changes) });
  }
  const resolvedStatus = incident.status === 'resolved' || incident.status === 'postmortem';
  if (!updates.length) {
    changes.push('it has no updates; one was added at its start saying so');
    updates.push({ state: 'investigating', at: started, message: '(This incident was imported without any update.)' });
  }
  const resolved = closeIncident(updates, resolvedStatus, time(incident.resolved_at), changes);
  const postmortem = [...postmortemParts, incident.postmortem_body?.trim() ?? ''].filter(Boolean).join('\n\n');
  const final = updates[updates.length - 1]!;
  if (postmortem) final.message = `${final.message}\n\n### Postmortem\n\n${postmortem}`;
  if (incident.shortlink) updates[0]!.message = `${updates[0]!.message}\n\nOriginally posted at <${incident.shortlink}>.`;
  changes.push(...htmlChange(postmortem));
  // The starting status of each service: the first non-operational status an update gave it.
  const services: Record<string, IncidentServiceStatus> = {};
  for (const u of updates)
    for (const [id, s] of u.services ?? []) if (!(id in services) && s !== 'operational') services[id] = s as IncidentServiceStatus;
  for (const c of incident.components ?? []) {
    const id = serviceOf.get(c.id);
    if (id && !(id in services)) {
      services[id] = 'degraded_performance';
      changes.push(`${id} is listed as affected with no status in any update; imported as degraded_performance`);
    }
  }
  // Per-update lines: only real changes from the running state.
  const current: Record<string, ServiceStatus> = { ...services };
  for (const u of updates) {
    const diff = (u.services ?? []).filter(([id, s]) => current[id] !== s);
    for (const [id, s] of diff) current[id] = s;
    if (diff.length && u !== updates[0]) u.services = diff;
    else delete u.services;
  }
  let impact: Impact;
  if ((IMPACTS as readonly string[]).includes(incident.impact ?? '')) impact = incident.impact as Impact;
  else {
    impact = impactOf(Object.values(services));
    changes.push(`unknown impact "${incident.impact ?? ''}"; imported as ${impact}, the worst of its services`);
  }
  return {
    kind: 'incident',
    source,
    title,
    impact,
    services,
    started,
    ...(resolved ? { resolved } : {}),
    ...(postmortem && incident.shortlink ? { postmortem: incident.shortlink } : {}),
    updates,
    changes: [...new Set(changes)],
  };
}

const MAINTENANCE_STATUS: Record<string, MaintenanceState> = {
  scheduled: 'scheduled',
  in_progress: 'in_progress',
  verifying: 'verifying',
  completed: 'completed',
};

function toMaintenance(
  m: Incident,
  source: SourceLine,
  serviceOf: Map<string, string>,
  time: TimeReader,
  changes: string[],
): ImportedItem | Skipped {
  const title = m.name?.trim();
  const from = time(m.scheduled_for);
  const until = time(m.scheduled_until);
  if (!title) return { source, title: m.id, reason: 'it has no name' };
  if (!from || !until || until <= from)
    return {
      source,
      title,
      reason: `its window (${m.scheduled_for} to ${m.scheduled_until}) is not two times, the second after the first`,
    };
  const updates: ImportedUpdate<MaintenanceState>[] = [];
  let state: MaintenanceState = 'scheduled';
  const raw = [...(m.incident_updates ?? [])].sort(
    (a, b) => (time(a.display_at) ?? time(a.created_at) ?? from).getTime() - (time(b.display_at) ?? time(b.created_at) ?? from).getTime(),
  );
  for (const u of raw) {
    const at = time(u.display_at) ?? time(u.created_at);
    if (!at) {
      changes.push(`an update with the time "${u.display_at ?? u.created_at}" could not be read; left out`);
      continue;
    }
    const mapped = MAINTENANCE_STATUS[u.status] ?? (u.status === 'resolved' ? 'completed' : undefined);
    if (mapped) state = mapped;
    else changes.push(`unknown update status "${u.status}"; kept "${state}"`);
    const body = u.body?.trim() || '(No message was posted with this update.)';
    changes.push(...htmlChange(body));
    updates.push({ state, at, message: body });
  }
  if (!updates.length) {
    changes.push('it has no updates; one was added at its creation saying so');
    updates.push({ state: 'scheduled', at: time(m.created_at) ?? from, message: '(This maintenance was imported without any update.)' });
  }
  closeMaintenance(updates);
  if (m.shortlink) updates[0]!.message = `${updates[0]!.message}\n\nOriginally posted at <${m.shortlink}>.`;
  const ids = [
    ...new Set([
      ...(m.components ?? []).map((c) => serviceOf.get(c.id)),
      ...raw.flatMap((u) => (u.affected_components ?? []).map((a) => serviceOf.get(a.code))),
    ]),
  ];
  return {
    kind: 'maintenance',
    source,
    title,
    scheduledFor: from,
    scheduledUntil: until,
    services: ids.filter((id): id is string => id !== undefined),
    updates,
    changes: [...new Set(changes)],
  };
}
