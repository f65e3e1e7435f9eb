/**
 * Badges: small SVG images of a status for READMEs and dashboards, drawn by
 * shields.io's own `badge-maker`, which measures the text and escapes it.
 */
import { makeBadge } from 'badge-maker';
import type { ServiceStatus } from './model.ts';
import { STATUS_LABEL } from './vocabulary.ts';

/** Badge colours: the light theme's status colours, which keep white text at 4.5:1. */
const COLOUR: Record<ServiceStatus, string> = {
  operational: '#1a7f37',
  under_maintenance: '#0969da',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
};

export function statusBadge(label: string, status: ServiceStatus, message: string = STATUS_LABEL[status].toLowerCase()): string {
  return makeBadge({ label, message, color: COLOUR[status], labelColor: '#555', style: 'flat' });
}
