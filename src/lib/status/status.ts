/**
 * Status: what is true at an instant. The single place where precedence lives:
 * the worst status wins, and maintenance never hides an outage or a degradation.
 */
import { affectedServices, currentPhase, phasesUntil } from './phases.ts';
import { paths } from '../outputs/paths.ts';
import { IMPACT_ROWS, STATE_TONES, STATUSES, statusRow, type Indicator } from './statuses.ts';
import type {
  Content,
  Impact,
  Incident,
  IncidentState,
  Maintenance,
  MaintenanceState,
  Notice,
  Service,
  ServiceGroup,
  ServiceStatus,
} from '../content/model.ts';

/** Severity rank: higher is worse. Maintenance ranks below any incident status. */
export const STATUS_RANK = Object.fromEntries(STATUSES.map((r) => [r.id, r.rank])) as Record<ServiceStatus, number>;

/** The worse of two statuses. */
export function worse(a: ServiceStatus, b: ServiceStatus): ServiceStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}

/** The worst of any number of statuses; operational when there are none. */
export function worst(statuses: Iterable<ServiceStatus>): ServiceStatus {
  let result: ServiceStatus = 'operational';
  for (const s of statuses) result = worse(result, s);
  return result;
}

/**
 * The content as it stood at `now`: nothing posted later is shown. Incidents and
 * maintenance appear once their first update is posted; later updates are cut; an
 * incident resolved after `now` is still open. This makes snapshots and archived
 * copies honest.
 */
export function asOf(content: Content, now: Date): Content {
  const t = now.getTime();
  const incidents: Incident[] = [];
  for (const incident of content.incidents) {
    if (incident.updates[0]!.at.getTime() > t) continue;
    const open = incident.resolved !== undefined && incident.resolved.getTime() > t;
    const cut = incident.updates[incident.updates.length - 1]!.at.getTime() > t || open;
    if (!cut) {
      incidents.push(incident);
      continue;
    }
    // Resolved after now: still open then, and its postmortem not yet written.
    const { resolved: _resolved, postmortem: _postmortem, ...rest } = incident;
    const phases = phasesUntil(incident.phases, t);
    incidents.push({
      ...(open ? rest : incident),
      updates: incident.updates.filter((u) => u.at.getTime() <= t && !(open && u.state === 'resolved')),
      phases,
      affected: affectedServices(phases),
      impact: phases[phases.length - 1]!.impact,
    });
  }
  const maintenance = content.maintenance
    .filter((m) => m.updates[0]!.at.getTime() <= t)
    .map((m) => (m.updates[m.updates.length - 1]!.at.getTime() > t ? { ...m, updates: m.updates.filter((u) => u.at.getTime() <= t) } : m));
  const notices = content.notices.filter((n) => n.posted.getTime() <= t);
  return { ...content, incidents, maintenance, notices };
}

export function isIncidentActive(incident: Incident, now: Date): boolean {
  return incident.started <= now && (incident.resolved === undefined || incident.resolved > now);
}

export type MaintenancePhase = 'upcoming' | 'in_progress' | 'completed';

/** Where a maintenance window stands: a `completed` update or the window's end closes it. */
export function maintenancePhase(m: Maintenance, now: Date): MaintenancePhase {
  const posted = m.updates.filter((u) => u.at <= now);
  const latest = posted[posted.length - 1];
  if (latest?.state === 'completed' || now >= m.scheduledUntil) return 'completed';
  if (now >= m.scheduledFor || latest?.state === 'in_progress' || latest?.state === 'verifying') return 'in_progress';
  return 'upcoming';
}

/**
 * The state a maintenance is in at `now`, as a visitor and the API read it: `scheduled`
 * before the window, `in_progress` (or `verifying`, when the last update says so) during
 * it, `completed` after.
 */
export function maintenanceState(m: Maintenance, now: Date): MaintenanceState {
  const phase = maintenancePhase(m, now);
  if (phase === 'completed') return 'completed';
  if (phase === 'upcoming') return 'scheduled';
  const posted = m.updates.filter((u) => u.at <= now);
  return posted[posted.length - 1]?.state === 'verifying' ? 'verifying' : 'in_progress';
}

/** When a maintenance runs: from its window's start (or an earlier `in progress` update) to a `completed` update or the window's end. */
export function maintenanceSpan(m: Maintenance): { from: Date; to: Date } {
  const startedEarly = m.updates.find((u) => u.state === 'in_progress' && u.at < m.scheduledFor);
  const completed = m.updates.find((u) => u.state === 'completed');
  return { from: startedEarly?.at ?? m.scheduledFor, to: completed && completed.at < m.scheduledUntil ? completed.at : m.scheduledUntil };
}

export function isNoticeActive(notice: Notice, now: Date): boolean {
  return (notice.from === undefined || notice.from <= now) && (notice.until === undefined || notice.until > now);
}

/** The latest state of an incident (its last update's). */
export function incidentState(incident: Incident): IncidentState {
  return incident.updates[incident.updates.length - 1]!.state;
}

/**
 * The page's overall indicator, as Statuspage's `status.indicator` reports it:
 * `none`, `minor`, `major`, `critical`, or `maintenance` while a window is in progress
 * and nothing is broken.
 */
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const satisfies readonly Indicator[];
export type { Indicator };

/** The colour an indicator is shown in: the best status that raises it. */
export const INDICATOR_TONE = Object.fromEntries(INDICATORS.map((i) => [i, STATUSES.find((r) => r.indicator === i)!.id])) as Record<
  Indicator,
  ServiceStatus
>;

/** Indicators rank as the statuses they are shown in. */
const INDICATOR_RANK = (i: Indicator) => statusRow(INDICATOR_TONE[i]).rank;

/** The colour of an incident that names no services: its impact's. */
export const IMPACT_TONE = Object.fromEntries(IMPACT_ROWS.map((r) => [r.id, r.tone])) as Record<Impact, ServiceStatus>;

/** The timeline colour of each update state, checked to cover every state. */
export const STATE_TONE: Record<IncidentState | MaintenanceState, { tone: ServiceStatus; filled: boolean }> = STATE_TONES;

/** The impact an incident's services imply: the indicator of their worst status (none when it names none). */
export function impactOf(statuses: Iterable<ServiceStatus>): Impact {
  const indicator = statusRow(worst(statuses)).indicator;
  return indicator === 'maintenance' ? 'none' : indicator;
}

/**
 * The colour an incident is shown in (a banner, a summary, a chat message): the worst
 * status it puts a service in, or its impact's when it names none.
 */
export function incidentTone(statuses: readonly ServiceStatus[], impact: Impact): ServiceStatus {
  return statuses.length ? worst(statuses) : IMPACT_TONE[impact];
}

/**
 * The overall indicator: the worse of the services' statuses (degraded → minor, partial
 * outage → major, major outage → critical) and the impact of every open incident, so an
 * incident that names no services still counts; `maintenance` when that leaves `none`
 * while a window is in progress.
 */
export function overallIndicator(
  statuses: Iterable<ServiceStatus>,
  activeIncidents: readonly Pick<Incident, 'impact'>[],
  maintenanceInProgress: boolean,
): Indicator {
  let indicator: Indicator = 'none';
  const raise = (i: Indicator) => {
    if (INDICATOR_RANK(i) > INDICATOR_RANK(indicator)) indicator = i;
  };
  for (const s of statuses) raise(statusRow(s).indicator);
  for (const incident of activeIncidents) raise(incident.impact);
  if (indicator === 'none' && maintenanceInProgress) indicator = 'maintenance';
  return indicator;
}

/** A strip at the top of every page while an incident is open or a maintenance is in progress. */
export interface Banner {
  kind: 'incident' | 'maintenance';
  /** The colour: the worst status it puts a service in, or the impact's when it names none. */
  tone: ServiceStatus;
  /** The incident's impact; absent for maintenance. */
  impact?: Impact;
  title: string;
  /** The language the title is written in, when not the page's (set by `statusIn`). */
  titleLang?: string;
  /** Path below the base. */
  path: string;
  state: IncidentState | MaintenanceState;
  /** In the order of services.yaml. */
  services: { id: string; name: string; status: ServiceStatus }[];
  updatedAt: Date;
}

/** Everything the page says about status at one instant, computed in one pass over the content. */
export interface PageStatus {
  now: Date;
  /** Every service's status, including operational ones. */
  statuses: Map<string, ServiceStatus>;
  activeIncidents: Incident[];
  activeMaintenance: Maintenance[];
  upcomingMaintenance: Maintenance[];
  activeNotices: Notice[];
  /** The worst service status. */
  overall: ServiceStatus;
  indicator: Indicator;
  /** The overall colour, from the indicator. */
  tone: ServiceStatus;
  banners: Banner[];
}

/** The one status model: pages, feeds, badges and the API all read this. */
export function statusAt(content: Content, now: Date): PageStatus {
  const activeIncidents = content.incidents.filter((i) => isIncidentActive(i, now));
  const activeMaintenance: Maintenance[] = [];
  const upcomingMaintenance: Maintenance[] = [];
  for (const m of content.maintenance) {
    const phase = maintenancePhase(m, now);
    if (phase === 'in_progress') activeMaintenance.push(m);
    else if (phase === 'upcoming') upcomingMaintenance.push(m);
  }
  upcomingMaintenance.sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
  const statuses = new Map<string, ServiceStatus>(content.services.map((s) => [s.id, 'operational']));
  for (const m of activeMaintenance) {
    for (const id of m.services) statuses.set(id, worse(statuses.get(id) ?? 'operational', 'under_maintenance'));
  }
  for (const incident of activeIncidents) {
    for (const [id, status] of Object.entries(currentPhase(incident).services))
      statuses.set(id, worse(statuses.get(id) ?? 'operational', status));
  }
  const indicator = overallIndicator(statuses.values(), activeIncidents, activeMaintenance.length > 0);
  return {
    now,
    statuses,
    activeIncidents,
    activeMaintenance,
    upcomingMaintenance,
    activeNotices: content.notices.filter((n) => isNoticeActive(n, now)),
    overall: worst(statuses.values()),
    indicator,
    tone: INDICATOR_TONE[indicator],
    banners: banners(content.services, activeIncidents, activeMaintenance, now),
  };
}

/** One banner per open incident (with or without services) and per maintenance in progress. */
function banners(services: Service[], activeIncidents: Incident[], activeMaintenance: Maintenance[], now: Date): Banner[] {
  const order = new Map(services.map((s, i) => [s.id, i]));
  const named = (entries: [string, ServiceStatus][]) =>
    entries
      .map(([id, status]) => ({ id, name: services[order.get(id) ?? -1]?.name ?? id, status }))
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const out: Banner[] = [];
  for (const incident of activeIncidents) {
    const affected = named(Object.entries(currentPhase(incident).services));
    const latest = incident.updates[incident.updates.length - 1]!;
    out.push({
      kind: 'incident',
      tone: incidentTone(
        affected.map((s) => s.status),
        incident.impact,
      ),
      impact: incident.impact,
      title: incident.title,
      path: paths.incident(incident.slug),
      state: latest.state,
      services: affected,
      updatedAt: latest.at,
    });
  }
  for (const m of activeMaintenance) {
    const latest = m.updates[m.updates.length - 1]!;
    out.push({
      kind: 'maintenance',
      tone: 'under_maintenance',
      title: m.title,
      path: paths.maintenance(m.slug),
      state: maintenanceState(m, now),
      services: named(m.services.map((id) => [id, 'under_maintenance'])),
      updatedAt: latest.at,
    });
  }
  return out;
}

/** Services grouped by status, worst first: "Partial outage: Registration · Degraded performance: Web chat, API". */
export function groupByStatus(services: Banner['services']): { status: ServiceStatus; names: string[] }[] {
  const groups = new Map<ServiceStatus, string[]>();
  for (const s of services) groups.set(s.status, [...(groups.get(s.status) ?? []), s.name]);
  return [...groups].map(([status, names]) => ({ status, names })).sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
}

/** Groups with the services a visitor should see: hidden-until-affected ones only while not operational. */
export function visibleGroups(groups: ServiceGroup[], statuses: Map<string, ServiceStatus>): ServiceGroup[] {
  return groups
    .map((g) => ({ ...g, services: g.services.filter((s) => isServiceVisible(s, statuses)) }))
    .filter((g) => g.services.length > 0);
}

export function isServiceVisible(service: Service, statuses: Map<string, ServiceStatus>): boolean {
  return !service.hiddenUntilAffected || (statuses.get(service.id) ?? 'operational') !== 'operational';
}

/** How long an incident lasted, or has lasted so far when it is still open. */
export function incidentSpan(incident: Incident, now: Date): { ms: number; ongoing: boolean } {
  const end = incident.resolved ?? now;
  return { ms: Math.max(0, end.getTime() - incident.started.getTime()), ongoing: incident.resolved === undefined };
}
