/**
 * The vocabulary: what every language must say (a visitor, a subscriber or a calendar
 * reads it), so a headline, a banner, a badge and the API can never word the same fact
 * two ways. The words themselves are the catalogs (catalogs/*.ts, one per language);
 * English's page words give the shape the others follow.
 */
import type { Impact, IncidentState, MaintenanceState, ServiceStatus } from '../content/model.ts';
import type { Indicator } from '../status/status.ts';
import type { UI } from './catalogs/en.ts';

/** A catalog's shape, from the English one: the same keys, any words, phrases with the same parameters. */
type Catalog<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T extends readonly string[]
      ? readonly string[]
      : { readonly [K in keyof T]: Catalog<T[K]> };

/** Everything a language must say: status, state and impact names, the headline, and the page words. */
export interface Vocabulary {
  status: Record<ServiceStatus, string>;
  state: Record<IncidentState | MaintenanceState, string>;
  impact: Record<Impact, string>;
  headline: Record<Indicator, string>;
  dayRole: Record<'started' | 'updated' | 'ongoing', string>;
  /** Each status inside a sentence: "partial outage" where the label says "Partial outage". */
  statusWords: Record<ServiceStatus, string>;
  ui: Catalog<typeof UI>;
}
