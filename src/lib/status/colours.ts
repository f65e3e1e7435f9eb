/**
 * Status colours: defined once, for the page's CSS custom properties (light and dark)
 * and for the SVG badges. Each passes WCAG AA as text and as a 3:1 graphic on its
 * theme's background; the light colours keep white badge text at 4.5:1.
 */
import type { ServiceStatus } from '../content/model.ts';

export type Scheme = 'light' | 'dark';

export const STATUS_COLOURS: Record<Scheme, Record<ServiceStatus, string>> = {
  light: {
    operational: '#1a7f37',
    under_maintenance: '#0969da',
    degraded_performance: '#9a6700',
    partial_outage: '#bc4c00',
    major_outage: '#cf222e',
  },
  dark: {
    operational: '#3fb950',
    under_maintenance: '#58a6ff',
    degraded_performance: '#d29922',
    partial_outage: '#f0883e',
    major_outage: '#f85149',
  },
};

/** Backgrounds of banners and highlighted rows, one per status. */
export const STATUS_TINTS: Record<Scheme, Record<ServiceStatus, string>> = {
  light: {
    operational: '#dafbe1',
    under_maintenance: '#ddf4ff',
    degraded_performance: '#fff8c5',
    partial_outage: '#fff1e5',
    major_outage: '#ffebe9',
  },
  dark: {
    operational: '#12261e',
    under_maintenance: '#0c2d4f',
    degraded_performance: '#2e2506',
    partial_outage: '#331c09',
    major_outage: '#3a1114',
  },
};

const block = (scheme: Scheme) =>
  (Object.keys(STATUS_COLOURS[scheme]) as ServiceStatus[])
    .map((s) => `--${s}:${STATUS_COLOURS[scheme][s]};--tint-${s}:${STATUS_TINTS[scheme][s]};`)
    .join('');
/** Every page carries the same stylesheet: written once, not once per page. */
const CSS = `:root{${block('light')}}@media (prefers-color-scheme: dark){:root{${block('dark')}}}`;

/** The colours as CSS custom properties (`--partial_outage`, `--tint-partial_outage`), light and dark. */
export function statusColourCss(): string {
  return CSS;
}
