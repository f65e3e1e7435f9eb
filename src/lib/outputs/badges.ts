/**
 * Badges: small SVG images of a status for READMEs and dashboards, drawn by
 * shields.io's own `badge-maker`, which measures the text and escapes it.
 */
import { makeBadge } from 'badge-maker';
import type { ServiceStatus } from '../content/model.ts';
import { statusColour } from '../status/colours.ts';
import type { Indicator } from '../status/status.ts';
import type { Vocabulary } from '../languages/vocabulary.ts';

/** A badge: `label` on the left, the status in `words` on the right, in the status's colour. */
export function statusBadge(label: string, status: ServiceStatus, words: Vocabulary): string {
  return badge(label, status, words.ui.badge.message(words.status[status]));
}

/** The page's own badge: its name, and the headline of its overall indicator in `words`. */
export function pageBadge(name: string, indicator: Indicator, tone: ServiceStatus, words: Vocabulary): string {
  return badge(name, tone, words.ui.badge.message(words.headline[indicator]));
}

function badge(label: string, status: ServiceStatus, message: string): string {
  return makeBadge({ label, message, color: statusColour(status), labelColor: '#555', style: 'flat' });
}
