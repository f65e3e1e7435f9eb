/**
 * Status colours, from the status table: the page's CSS custom properties (light and
 * dark), the rules that colour any element by its `data-status`, `data-impact` or
 * `data-state` attribute, and the colours of SVG badges and chat messages.
 */
import { IMPACT_ROWS, STATE_TONES, STATUSES, statusRow, type ServiceStatus } from './statuses.ts';

export type Scheme = 'light' | 'dark';

/** The colour a status is shown in, `#rrggbb`. */
export function statusColour(status: ServiceStatus, scheme: Scheme = 'light'): string {
  return statusRow(status).colour[scheme];
}

/** Each status's colour, by scheme (for tests and tools that list them). */
export const STATUS_COLOURS = {
  light: Object.fromEntries(STATUSES.map((r) => [r.id, r.colour.light])),
  dark: Object.fromEntries(STATUSES.map((r) => [r.id, r.colour.dark])),
} as Record<Scheme, Record<ServiceStatus, string>>;

const block = (scheme: Scheme) => STATUSES.map((r) => `--${r.id}:${r.colour[scheme]};--tint-${r.id}:${r.tint[scheme]};`).join('');

/** `--tone` and `--tone-tint` for the elements that carry a status's, an impact's or a state's colour. */
const tone = (selectors: string[], status: ServiceStatus) =>
  `${selectors.join(',')}{--tone:var(--${status});--tone-tint:var(--tint-${status})}`;

const toneRules = () =>
  [
    ...STATUSES.map((r) =>
      tone([`[data-status=${r.id}]`, ...IMPACT_ROWS.filter((i) => i.tone === r.id).map((i) => `[data-impact=${i.id}]`)], r.id),
    ),
    ...STATUSES.map((r) => {
      const states = Object.entries(STATE_TONES).filter(([, s]) => s.tone === r.id);
      return states.length
        ? tone(
            states.map(([state]) => `[data-state=${state}]`),
            r.id,
          )
        : '';
    }),
    // The uptime strip's bars carry one-letter classes: the home page has 90 of them a service.
    ...STATUSES.filter((r) => r.code).map((r) => `.uptime .bars .${r.code}{background:var(--${r.id})}`),
  ].join('');

/** Every page carries the same stylesheet: written once, not once per page. */
const CSS = `:root{${block('light')}}@media (prefers-color-scheme: dark){:root{${block('dark')}}}${toneRules()}`;

/** The colours as CSS custom properties (`--partial_outage`, `--tint-partial_outage`), light and dark, and the tone rules. */
export function statusColourCss(): string {
  return CSS;
}
