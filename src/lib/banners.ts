/**
 * Banners: what every page shows at its top while something is wrong. One banner per
 * active incident that affects services and per maintenance in progress; none at all
 * when everything is operational.
 */
import type { Content, ServiceStatus } from './model.ts';
import { paths } from './paths.ts';
import { STATE_LABEL, STATUS_RANK, worst, type Snapshot } from './status.ts';

export interface Banner {
  kind: 'incident' | 'maintenance';
  /** The worst status the incident or maintenance puts a service in. */
  status: ServiceStatus;
  title: string;
  /** Path below the base. */
  path: string;
  state: string;
  services: { id: string; name: string; status: ServiceStatus }[];
  updatedAt: Date;
}

export function bannersAt(content: Content, snapshot: Snapshot): Banner[] {
  const names = new Map(content.services.map((s) => [s.id, s.name]));
  const banners: Banner[] = [];
  for (const incident of snapshot.activeIncidents) {
    const services = Object.entries(incident.services).map(([id, status]) => ({ id, name: names.get(id) ?? id, status }));
    if (services.length === 0) continue;
    services.sort((a, b) => content.services.findIndex((s) => s.id === a.id) - content.services.findIndex((s) => s.id === b.id));
    const latest = incident.updates[incident.updates.length - 1]!;
    banners.push({
      kind: 'incident',
      status: worst(services.map((s) => s.status)),
      title: incident.title,
      path: paths.incident(incident.slug),
      state: STATE_LABEL[latest.state],
      services,
      updatedAt: latest.at,
    });
  }
  for (const m of snapshot.activeMaintenance) {
    const latest = m.updates[m.updates.length - 1]!;
    banners.push({
      kind: 'maintenance',
      status: 'under_maintenance',
      title: m.title,
      path: paths.maintenance(m.slug),
      state: STATE_LABEL[latest.state === 'scheduled' ? 'in_progress' : latest.state],
      services: m.services.map((id) => ({ id, name: names.get(id) ?? id, status: 'under_maintenance' as const })),
      updatedAt: latest.at,
    });
  }
  return banners;
}

/** Services grouped by status, worst first: "Partial outage: Registration · Degraded performance: Web chat, API". */
export function groupByStatus(services: Banner['services']): { status: ServiceStatus; names: string[] }[] {
  const groups = new Map<ServiceStatus, string[]>();
  for (const s of services) groups.set(s.status, [...(groups.get(s.status) ?? []), s.name]);
  return [...groups].map(([status, names]) => ({ status, names })).sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
}
