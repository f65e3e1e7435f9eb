/**
 * Badges: small SVG images of a status for READMEs and dashboards, drawn by
 * shields.io's own `badge-maker`, which measures the text and escapes it.
 */
import { makeBadge } from 'badge-maker';
import type { ServiceStatus } from './model.ts';
import { STATUS_COLOURS } from './colours.ts';
import { STATUS_LABEL } from './vocabulary.ts';


export function statusBadge(label: string, status: ServiceStatus, message: string = STATUS_LABEL[status].toLowerCase()): string {
  return makeBadge({ label, message, color: STATUS_COLOURS.light[status], labelColor: '#555', style: 'flat' });
}
