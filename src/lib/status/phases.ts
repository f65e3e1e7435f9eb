/**
 * Phases: how an incident's service statuses and impact change over its life.
 *
 * The front matter gives the state at `started`; an update with a `services:` or
 * `impact:` line changes it from that update's time on. Everything that asks "what
 * status was this service in, and when" (the status model, uptime, the incident page,
 * the API's `affected_components`) reads the phases built here.
 */
import type { Impact, Incident, IncidentPhase, IncidentServiceStatus, Update, UpdateServiceStatus } from '../content/model.ts';

/** The phases of an incident, oldest first: the front matter's state, then one per update that changes something. */
export function buildPhases(
  started: Date,
  services: Record<string, IncidentServiceStatus>,
  impact: Impact,
  updates: readonly Pick<Update<string>, 'at' | 'services' | 'impact'>[],
): IncidentPhase[] {
  const phases: IncidentPhase[] = [{ from: started, services: { ...services }, impact }];
  for (const u of updates) {
    if (!u.services && !u.impact) continue;
    const previous = phases[phases.length - 1]!;
    phases.push({ from: u.at, services: applyChanges(previous.services, u.services ?? {}), impact: u.impact ?? previous.impact });
  }
  return phases;
}

/** The statuses after an update's changes: `operational` takes a service out of the incident. */
export function applyChanges(
  before: Record<string, IncidentServiceStatus>,
  changes: Record<string, UpdateServiceStatus>,
): Record<string, IncidentServiceStatus> {
  const after = { ...before };
  for (const [id, status] of Object.entries(changes)) {
    if (status === 'operational') delete after[id];
    else after[id] = status;
  }
  return after;
}

/** Every service a list of phases ever puts in a non-operational status, in first-affected order. */
export function affectedServices(phases: readonly IncidentPhase[]): string[] {
  const ids = new Set<string>();
  for (const p of phases) for (const id of Object.keys(p.services)) ids.add(id);
  return [...ids];
}

/** The phases that had begun by `t` (for the content as it stood then). */
export function phasesUntil(phases: IncidentPhase[], t: number): IncidentPhase[] {
  const cut = phases.filter((p, i) => i === 0 || p.from.getTime() <= t);
  return cut.length === phases.length ? phases : cut;
}

/** The statuses and impact the incident has now: its last phase's. */
export function currentPhase(incident: Pick<Incident, 'phases'>): IncidentPhase {
  return incident.phases[incident.phases.length - 1]!;
}

/** One stretch of time a service spent at one status during an incident. */
export interface ServicePeriod {
  from: Date;
  to: Date;
  status: IncidentServiceStatus;
}

/**
 * What each affected service went through: consecutive phases at the same status are
 * one period; an open incident's last period runs to `now`.
 */
export function servicePeriods(incident: Pick<Incident, 'phases' | 'resolved'>, now: Date): Map<string, ServicePeriod[]> {
  const end = incident.resolved && incident.resolved < now ? incident.resolved : now;
  const out = new Map<string, ServicePeriod[]>();
  incident.phases.forEach((phase, i) => {
    const next = incident.phases[i + 1];
    const to = next && next.from < end ? next.from : end;
    if (to <= phase.from) return;
    for (const [id, status] of Object.entries(phase.services)) {
      const list = out.get(id) ?? [];
      const last = list[list.length - 1];
      if (last && last.status === status && last.to.getTime() === phase.from.getTime()) last.to = to;
      else list.push({ from: phase.from, to, status });
      out.set(id, list);
    }
  });
  return out;
}

/** A service's change of status announced by one update. */
export interface Transition {
  id: string;
  from: UpdateServiceStatus;
  to: UpdateServiceStatus;
}

/**
 * The statuses (over every service the incident affects up to then) and the impact in
 * effect after each update, in update order: the `resolved` update returns every service
 * to operational.
 */
export function statusesAfterUpdates(
  incident: Pick<Incident, 'phases' | 'updates'>,
): { services: Record<string, UpdateServiceStatus>; impact: Impact }[] {
  let phase = 0;
  const seen = new Set<string>();
  return incident.updates.map((u) => {
    if (u.services || u.impact) phase = Math.min(phase + 1, incident.phases.length - 1);
    const { services, impact } = incident.phases[phase]!;
    for (const id of Object.keys(services)) seen.add(id);
    return {
      services: Object.fromEntries([...seen].map((id) => [id, u.state === 'resolved' ? 'operational' : (services[id] ?? 'operational')])),
      impact,
    };
  });
}

/**
 * What each update changed, in update order: the first update announces the statuses the
 * incident opened with (operational → …), an update with a `services:` line what it
 * changed, and the `resolved` update the return of every service still affected.
 */
export function updateTransitions(incident: Pick<Incident, 'phases' | 'updates'>): Transition[][] {
  let before: Record<string, UpdateServiceStatus> = {};
  return statusesAfterUpdates(incident).map(({ services: after }) => {
    const transitions: Transition[] = [];
    for (const [id, to] of Object.entries(after)) {
      const from = before[id] ?? 'operational';
      if (from !== to) transitions.push({ id, from, to });
    }
    before = after;
    return transitions;
  });
}
