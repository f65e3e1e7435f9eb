/**
 * The vocabulary: every word a visitor, a subscriber or a calendar reads about status,
 * in one place, so a headline, a banner, a badge and the API can never word the same
 * fact two ways. The names of statuses, states, impacts and the overall headline are
 * those hosted status pages use, so visitors and tools recognise them.
 */
import type { Impact, IncidentState, MaintenanceState, ServiceStatus } from './model.ts';
import type { Indicator } from './status.ts';

/** A service's status, as a label ("Partial outage"). */
export const STATUS_LABEL: Record<ServiceStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** The state an update announces ("Identified", "In progress"). */
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

/** An incident's impact ("Major impact"). */
export const IMPACT_LABEL: Record<Impact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

/**
 * The page's headline for each overall indicator: the home page, the 404 page, the
 * status badge and `status.json`'s `description` all print this.
 */
export const HEADLINE: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
};

/** A status inside a sentence ("partial outage, 2 h 10 min"). */
export function statusWords(status: ServiceStatus): string {
  return status === 'under_maintenance' ? 'maintenance' : STATUS_LABEL[status].toLowerCase();
}

/** Why an item is listed under a day it did not begin on. */
export const DAY_ROLE_LABEL: Record<'started' | 'updated' | 'ongoing', string> = {
  started: 'Began',
  updated: 'Updated',
  ongoing: 'Ongoing',
};
