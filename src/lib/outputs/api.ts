/**
 * The JSON API, in the shapes of the Statuspage v2 public API (`/api/v2/*.json`), so
 * the clients that already read hosted status pages (aggregators, Home Assistant,
 * Prometheus exporters, dashboard widgets) read a Statusmark page unchanged.
 *
 * Mapping:
 * - service → component (`group: false`, `group_id` of its group); group → component
 *   with `group: true` and `components` listing its members' ids.
 * - incident → incident; each update → `incident_updates[]`, newest first, with the
 *   Markdown message as plain text in `body`.
 * - maintenance → scheduled maintenance with `impact: "maintenance"`.
 * - ids are 12 lowercase letters and digits hashed from the slug or service id, so
 *   they are stable across builds and never change when a title does.
 */
import { createHash } from 'node:crypto';
import { markdownToText } from '../content/markdown.ts';
import type { Content, Impact, Incident, Maintenance, Service, ServiceStatus, Update } from '../content/model.ts';
import { absoluteUrl, paths } from './paths.ts';
import { maintenancePhase, maintenanceState, worst, type Indicator, type PageStatus } from '../status/status.ts';
import { updateTransitions, type Transition } from '../status/phases.ts';
import { dayKey } from '../languages/time.ts';
import { en } from '../languages/catalogs/en.ts';
import { impactRow, type STATUSES, statusRow } from '../status/statuses.ts';

/** Statuspage's component statuses: maintenance is its own value there too. */
type ComponentStatus = (typeof STATUSES)[number]['statuspage'];
/** A status as Statuspage's API writes it (the status table's `statuspage`). */
const componentStatus = (status: ServiceStatus): ComponentStatus => statusRow(status).statuspage as ComponentStatus;

export interface ApiPage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface ApiComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  components?: string[];
}

export interface ApiAffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface ApiIncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: ApiAffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface ApiIncident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact | 'maintenance';
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: ApiIncidentUpdate[];
  components: ApiComponent[];
  reminder_intervals: string | null;
  postmortem_body: string | null;
  postmortem_published_at: string | null;
  scheduled_for?: string | null;
  scheduled_until?: string | null;
  scheduled_remind_prior?: boolean;
  scheduled_auto_in_progress?: boolean;
  scheduled_auto_completed?: boolean;
}

export interface ApiStatus {
  indicator: Indicator;
  description: string;
}

/** A stable 12-character id, like Statuspage's. */
export function stableId(kind: string, key: string): string {
  const digest = createHash('sha256').update(`${kind}:${key}`).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 12; i++) id += alphabet[(digest[i] as number) % alphabet.length];
  return id;
}

const iso = (d: Date) => d.toISOString();

/** One entry of `incident_updates`, for an incident's or a maintenance's update. */
function updateDocument(slug: string, parentId: string, u: Update<string>, affected: ApiAffectedComponent[] | null): ApiIncidentUpdate {
  return {
    id: stableId('update', `${slug}#${u.id}`),
    status: u.state,
    body: markdownToText(u.message),
    incident_id: parentId,
    created_at: iso(u.at),
    updated_at: iso(u.at),
    display_at: iso(u.at),
    affected_components: affected,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** `status`: the indicator and headline of the one status model. */
export function apiStatus(status: PageStatus): ApiStatus {
  return { indicator: status.indicator, description: en.headline[status.indicator] };
}

/** Builds every API document from one content snapshot. */
export class StatusApi {
  readonly page: ApiPage;
  private readonly content: Content;
  private readonly status: PageStatus;
  private readonly origin: string;
  private readonly base: string;
  private readonly componentById = new Map<string, ApiComponent>();
  readonly components: ApiComponent[];

  constructor(content: Content, status: PageStatus) {
    this.content = content;
    this.status = status;
    this.origin = content.site.url;
    this.base = content.site.base;
    const pageId = stableId('page', content.site.url + content.site.base);
    this.page = {
      id: pageId,
      name: content.site.name,
      url: absoluteUrl(this.origin, this.base, paths.home()),
      time_zone: content.site.timeZone,
      updated_at: iso(this.lastChange()),
    };
    this.components = this.buildComponents();
  }

  summary() {
    return {
      page: this.page,
      components: this.components,
      incidents: this.status.activeIncidents.map((i) => this.incident(i)),
      scheduled_maintenances: [...this.status.activeMaintenance, ...this.status.upcomingMaintenance].map((m) => this.maintenance(m)),
      status: apiStatus(this.status),
    };
  }

  statusDocument() {
    return { page: this.page, status: apiStatus(this.status) };
  }

  componentsDocument() {
    return { page: this.page, components: this.components };
  }

  /** The 50 most recent incidents, like the hosted API. */
  incidents() {
    return { page: this.page, incidents: this.content.incidents.slice(0, 50).map((i) => this.incident(i)) };
  }

  unresolved() {
    return { page: this.page, incidents: this.status.activeIncidents.map((i) => this.incident(i)) };
  }

  /** The 50 most recent scheduled maintenances. */
  maintenances() {
    return { page: this.page, scheduled_maintenances: this.content.maintenance.slice(0, 50).map((m) => this.maintenance(m)) };
  }

  upcoming() {
    return { page: this.page, scheduled_maintenances: this.status.upcomingMaintenance.map((m) => this.maintenance(m)) };
  }

  active() {
    return { page: this.page, scheduled_maintenances: this.status.activeMaintenance.map((m) => this.maintenance(m)) };
  }

  private lastChange(): Date {
    const now = this.status.now.getTime();
    let latest = 0;
    const seen = (d: Date | undefined) => {
      const t = d?.getTime();
      if (t !== undefined && t <= now && t > latest) latest = t;
    };
    for (const i of this.content.incidents) seen(i.updates[i.updates.length - 1]?.at);
    for (const m of this.content.maintenance) {
      seen(m.updates[m.updates.length - 1]?.at);
      seen(m.scheduledFor);
      seen(m.scheduledUntil);
    }
    for (const n of this.content.notices) seen(n.posted);
    return latest ? new Date(latest) : this.status.now;
  }

  private buildComponents(): ApiComponent[] {
    const created = this.createdAt();
    const changed = this.componentChanges();
    const out: ApiComponent[] = [];
    let position = 1;
    for (const group of this.content.groups) {
      const groupId = stableId('group', group.id);
      const members = group.services.map((s) => stableId('component', s.id));
      const memberStatuses = group.services.map((s) => this.status.statuses.get(s.id) ?? 'operational');
      out.push({
        id: groupId,
        name: group.name,
        status: componentStatus(worst(memberStatuses)),
        created_at: iso(created),
        updated_at: iso(group.services.map((s) => changed.get(s.id) ?? created).reduce((a, b) => (a > b ? a : b), created)),
        position: position++,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: this.page.id,
        group: true,
        only_show_if_degraded: false,
        components: members,
      });
      for (const service of group.services) {
        const component = this.component(service, groupId, position++, created, changed.get(service.id));
        this.componentById.set(service.id, component);
        out.push(component);
      }
    }
    return out;
  }

  private component(service: Service, groupId: string, position: number, created: Date, changed: Date | undefined): ApiComponent {
    const start = service.start ?? created;
    return {
      id: stableId('component', service.id),
      name: service.name,
      status: componentStatus(this.status.statuses.get(service.id) ?? 'operational'),
      created_at: iso(start),
      updated_at: iso(changed && changed > start ? changed : start),
      position,
      description: service.description || null,
      showcase: true,
      // The day as written in services.yaml: the calendar date in the site's zone, not UTC's.
      start_date: service.start ? dayKey(service.start, { timeZone: this.content.site.timeZone, locale: this.content.site.locale }) : null,
      group_id: groupId,
      page_id: this.page.id,
      group: false,
      only_show_if_degraded: service.hiddenUntilAffected,
    };
  }

  /** When the page's record begins: the earliest service start or incident. */
  private createdAt(): Date {
    let earliest = this.status.now.getTime();
    for (const s of this.content.services) if (s.start && s.start.getTime() < earliest) earliest = s.start.getTime();
    const oldest = this.content.incidents[this.content.incidents.length - 1];
    if (oldest && oldest.started.getTime() < earliest) earliest = oldest.started.getTime();
    return new Date(earliest);
  }

  /** The last time each service's status changed, at or before now. */
  private componentChanges(): Map<string, Date> {
    const now = this.status.now;
    const changes = new Map<string, Date>();
    const note = (id: string, d: Date | undefined) => {
      if (!d || d > now) return;
      const prev = changes.get(id);
      if (!prev || d > prev) changes.set(id, d);
    };
    for (const i of this.content.incidents) {
      for (const id of i.affected) {
        note(id, i.started);
        note(id, i.resolved);
      }
      for (const p of i.phases) for (const id of Object.keys(p.services)) note(id, p.from);
    }
    for (const m of this.content.maintenance) {
      for (const id of m.services) {
        note(id, m.scheduledFor);
        note(id, m.scheduledUntil);
      }
    }
    return changes;
  }

  private affectedComponents(transitions: Transition[]): ApiAffectedComponent[] {
    return transitions.map(({ id, from, to }) => ({
      code: stableId('component', id),
      name: this.componentById.get(id)?.name ?? id,
      old_status: componentStatus(from),
      new_status: componentStatus(to),
    }));
  }

  /** A maintenance's first update puts its services under maintenance. */
  private maintenanceComponents(ids: string[]): ApiAffectedComponent[] {
    return ids.map((id) => ({
      code: stableId('component', id),
      name: this.componentById.get(id)?.name ?? id,
      old_status: componentStatus('operational'),
      new_status: componentStatus('under_maintenance'),
    }));
  }

  incident(incident: Incident): ApiIncident {
    const id = stableId('incident', incident.slug);
    const first = incident.updates[0]!;
    const last = incident.updates[incident.updates.length - 1]!;
    const monitoring = incident.updates.find((u) => u.state === 'monitoring');
    const transitions = updateTransitions(incident);
    // Each update carries the status changes it announced (old → new), or null when it changed none.
    const updates = incident.updates
      .map((u, i) => updateDocument(incident.slug, id, u, transitions[i]?.length ? this.affectedComponents(transitions[i]) : null))
      .reverse();
    return {
      id,
      name: incident.title,
      status: last.state,
      created_at: iso(first.at),
      updated_at: iso(last.at),
      monitoring_at: monitoring ? iso(monitoring.at) : null,
      resolved_at: incident.resolved ? iso(incident.resolved) : null,
      impact: impactRow(incident.impact).statuspage as Impact,
      shortlink: absoluteUrl(this.origin, this.base, paths.incident(incident.slug)),
      started_at: iso(incident.started),
      page_id: this.page.id,
      incident_updates: updates,
      components: incident.affected
        .map((sid) => this.componentById.get(sid))
        .filter((c): c is ApiComponent => c !== undefined)
        .sort((a, b) => a.position - b.position),
      reminder_intervals: null,
      // Statuspage sets both or neither; the link's publication time is the incident's last update.
      postmortem_body: incident.postmortem
        ? `The postmortem is published at ${incident.postmortem.startsWith('/') ? absoluteUrl(this.origin, this.base, incident.postmortem) : incident.postmortem}`
        : null,
      postmortem_published_at: incident.postmortem ? iso(last.at) : null,
    };
  }

  maintenance(m: Maintenance): ApiIncident {
    const id = stableId('maintenance', m.slug);
    const first = m.updates[0]!;
    const last = m.updates[m.updates.length - 1]!;
    const phase = maintenancePhase(m, this.status.now);
    const status = maintenanceState(m, this.status.now);
    return {
      id,
      name: m.title,
      status,
      created_at: iso(first.at),
      updated_at: iso(last.at),
      monitoring_at: null,
      resolved_at: phase === 'completed' ? iso(m.updates.find((u) => u.state === 'completed')?.at ?? m.scheduledUntil) : null,
      impact: 'maintenance',
      shortlink: absoluteUrl(this.origin, this.base, paths.maintenance(m.slug)),
      started_at: iso(m.scheduledFor),
      page_id: this.page.id,
      incident_updates: [...m.updates]
        .reverse()
        .map((u) => updateDocument(m.slug, id, u, u === first ? this.maintenanceComponents(m.services) : null)),
      components: m.services
        .map((sid) => this.componentById.get(sid))
        .filter((c): c is ApiComponent => c !== undefined)
        .sort((a, b) => a.position - b.position),
      reminder_intervals: null,
      postmortem_body: null,
      postmortem_published_at: null,
      scheduled_for: iso(m.scheduledFor),
      scheduled_until: iso(m.scheduledUntil),
      scheduled_remind_prior: false,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
    };
  }
}
