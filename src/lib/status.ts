/**
 * Status: what is true at an instant. The single place where precedence lives:
 * the worst status wins, and maintenance never hides an outage or a degradation.
 */
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
} from './model.ts';

/** Severity rank: higher is worse. Maintenance ranks below any incident status. */
export const STATUS_RANK: Record<ServiceStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export const STATUS_LABEL: Record<ServiceStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const STATE_LABEL: Record<IncidentState | MaintenanceState, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const IMPACT_LABEL: Record<Impact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

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
    const { resolved: _resolved, ...rest } = incident;
    incidents.push({
      ...(open ? rest : incident),
      updates: incident.updates.filter((u) => u.at.getTime() <= t && !(open && u.state === 'resolved')),
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

export function isNoticeActive(notice: Notice, now: Date): boolean {
  return (notice.from === undefined || notice.from <= now) && (notice.until === undefined || notice.until > now);
}

/** The latest state of an incident (its last update's). */
export function incidentState(incident: Incident): IncidentState {
  return incident.updates[incident.updates.length - 1]!.state;
}

/** Everything that is true at one instant, computed in one pass over the content. */
export interface Snapshot {
  now: Date;
  /** Every service's status, including operational ones. */
  statuses: Map<string, ServiceStatus>;
  activeIncidents: Incident[];
  activeMaintenance: Maintenance[];
  upcomingMaintenance: Maintenance[];
  activeNotices: Notice[];
  overall: ServiceStatus;
}

export function snapshotAt(content: Content, now: Date): Snapshot {
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
    for (const [id, status] of Object.entries(incident.services)) statuses.set(id, worse(statuses.get(id) ?? 'operational', status));
  }
  return {
    now,
    statuses,
    activeIncidents,
    activeMaintenance,
    upcomingMaintenance,
    activeNotices: content.notices.filter((n) => isNoticeActive(n, now)),
    overall: worst(statuses.values()),
  };
}

/** The headline for the whole page, in the established wording. */
export function overallHeadline(overall: ServiceStatus): string {
  switch (overall) {
    case 'operational':
      return 'All Systems Operational';
    case 'under_maintenance':
      return 'Service Under Maintenance';
    case 'degraded_performance':
      return 'Minor Service Outage';
    case 'partial_outage':
      return 'Partial System Outage';
    case 'major_outage':
      return 'Major Service Outage';
  }
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
