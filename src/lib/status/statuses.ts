/**
 * The status tables: one row per service status, one per incident impact, one per update
 * state, each with every property the code needs. Everything else (the content schema,
 * precedence, the overall indicator, uptime, colours, the page's CSS, the API, badges,
 * chat messages, the command line's help) derives from these rows. A new status is a row
 * here plus a word in each catalog; the `Record<ServiceStatus, …>` types point at the rest.
 *
 * A leaf: it imports nothing, so every module may read it.
 */

/** A colour for the light and the dark scheme, `#rrggbb`. */
export interface SchemeColours {
  light: string;
  dark: string;
}

/**
 * The shape of a status's icon in a badge (`data-icon`): shapes differ as well as colours,
 * so the status reads without colour vision.
 */
export type IconShape = 'circle' | 'rounded-square' | 'triangle' | 'diamond' | 'square';

/** The overall indicators a status or an impact can raise (Statuspage's `status.indicator`). */
export type Indicator = 'none' | 'maintenance' | 'minor' | 'major' | 'critical';

export interface StatusRow {
  id: string;
  /** Severity: higher is worse; the worst status wins wherever two meet. Maintenance ranks below any incident status. */
  rank: number;
  /** Whether an incident may put a service in it (a `services:` field or line). */
  incident: boolean;
  /** Whether an incident update may set a service to it (`operational` once it has recovered). */
  update: boolean;
  /** What it says about the whole page. */
  indicator: Indicator;
  /** The share of its time counted as down for uptime; `excluded` leaves its time out of the measured time. */
  downWeight: number | 'excluded';
  /** The value Statuspage's API uses for a component in it. */
  statuspage: string;
  /** The colour it is shown in (text, borders, bars). Each passes WCAG AA on its theme's background. */
  colour: SchemeColours;
  /** The background of a banner or a highlighted row in it. */
  tint: SchemeColours;
  /** The shape of its badge icon. */
  icon: IconShape;
  /** The glyph in the overall status's round mark. */
  mark: string;
  /** The one-letter class of an uptime bar (`''`: none, the strip's default colour). */
  code: string;
  /** Other words staff (and the command line) may write for it, the first shown in help. */
  aliases: readonly string[];
}

/** Every service status, best first. */
export const STATUSES = [
  {
    id: 'operational',
    rank: 0,
    incident: false,
    update: true,
    indicator: 'none',
    downWeight: 0,
    statuspage: 'operational',
    colour: { light: '#1a7f37', dark: '#3fb950' },
    tint: { light: '#dafbe1', dark: '#12261e' },
    icon: 'circle',
    mark: '✓',
    code: '',
    aliases: ['recovered', 'up'],
  },
  {
    id: 'under_maintenance',
    rank: 1,
    incident: false,
    update: false,
    indicator: 'maintenance',
    downWeight: 'excluded',
    statuspage: 'under_maintenance',
    colour: { light: '#0969da', dark: '#58a6ff' },
    tint: { light: '#ddf4ff', dark: '#0c2d4f' },
    icon: 'rounded-square',
    mark: '⚙',
    code: 'm',
    aliases: [],
  },
  {
    id: 'degraded_performance',
    rank: 2,
    incident: true,
    update: true,
    indicator: 'minor',
    downWeight: 0,
    statuspage: 'degraded_performance',
    colour: { light: '#9a6700', dark: '#d29922' },
    tint: { light: '#fff8c5', dark: '#2e2506' },
    icon: 'triangle',
    mark: '!',
    code: 'd',
    aliases: ['degraded'],
  },
  {
    id: 'partial_outage',
    rank: 3,
    incident: true,
    update: true,
    indicator: 'major',
    downWeight: 0.3,
    statuspage: 'partial_outage',
    colour: { light: '#bc4c00', dark: '#f0883e' },
    tint: { light: '#fff1e5', dark: '#331c09' },
    icon: 'diamond',
    mark: '!',
    code: 'p',
    aliases: ['partial'],
  },
  {
    id: 'major_outage',
    rank: 4,
    incident: true,
    update: true,
    indicator: 'critical',
    downWeight: 1,
    statuspage: 'major_outage',
    colour: { light: '#cf222e', dark: '#f85149' },
    tint: { light: '#ffebe9', dark: '#3a1114' },
    icon: 'square',
    mark: '!',
    code: 'x',
    aliases: ['major', 'down'],
  },
] as const satisfies readonly StatusRow[];

type Row = (typeof STATUSES)[number];

/** A service's status at an instant. */
export type ServiceStatus = Row['id'];
/** The status an incident puts a service in. */
export type IncidentServiceStatus = Extract<Row, { incident: true }>['id'];
/** What an update may set a service to: an incident status, or `operational` once it has recovered. */
export type UpdateServiceStatus = Extract<Row, { update: true }>['id'];
/** A status that counts toward uptime's measured time (every one but maintenance). */
export type MeasuredStatus = Exclude<ServiceStatus, Extract<Row, { downWeight: 'excluded' }>['id']>;

/** A non-empty list, as the schema's enums want them. */
type NonEmpty<T> = readonly [T, ...T[]];
const ids = <T extends ServiceStatus>(keep: (row: StatusRow) => boolean) =>
  STATUSES.filter(keep).map((r) => r.id) as unknown as NonEmpty<T>;

/** Every status, best first. */
export const SERVICE_STATUSES = ids<ServiceStatus>(() => true);
/** The statuses an incident may put a service in, best first. */
export const INCIDENT_SERVICE_STATUSES = ids<IncidentServiceStatus>((r) => r.incident);
/** The statuses an update may set: `operational` and the incident statuses. */
export const UPDATE_SERVICE_STATUSES = ids<UpdateServiceStatus>((r) => r.update);
/** The statuses an update may set that take a service out of the incident (`operational`). */
export const RECOVERY_STATUSES = ids<UpdateServiceStatus>((r) => r.update && !r.incident);

const BY_ID = new Map<string, StatusRow>(STATUSES.map((r) => [r.id, r]));

/** The row of a status. */
export function statusRow(status: ServiceStatus): StatusRow {
  return BY_ID.get(status)!;
}

/** Severity rank: higher is worse. */
export function statusRank(status: ServiceStatus): number {
  return statusRow(status).rank;
}

/** Every status from worst to best. */
export const WORST_FIRST: readonly ServiceStatus[] = [...SERVICE_STATUSES].sort((a, b) => statusRank(b) - statusRank(a));

/** `a, b or c (or a1, b1, c1)`: statuses with their first aliases, as the command line's help lists them. */
export function describeStatuses(statuses: readonly ServiceStatus[]): string {
  const list = (words: string[]) =>
    words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? '');
  const aliases = statuses.flatMap((s) => statusRow(s).aliases.slice(0, 1));
  return `${list([...statuses])}${aliases.length ? ` (or ${aliases.join(', ')})` : ''}`;
}

/** A status's id, or one of its aliases, → the status; undefined when it is neither. */
export function statusNamed(word: string): ServiceStatus | undefined {
  return STATUSES.find((r) => r.id === word || (r.aliases as readonly string[]).includes(word))?.id;
}

export interface ImpactRow {
  id: string;
  /** Higher is worse. */
  rank: number;
  /** The status whose colour an incident of this impact that names no services is shown in. */
  tone: ServiceStatus;
  /** The value Statuspage's API uses for an incident's impact. */
  statuspage: string;
}

/** How bad an incident is overall (Statuspage's `impact`), least first. */
export const IMPACT_ROWS = [
  { id: 'none', rank: 0, tone: 'operational', statuspage: 'none' },
  { id: 'minor', rank: 1, tone: 'degraded_performance', statuspage: 'minor' },
  { id: 'major', rank: 2, tone: 'partial_outage', statuspage: 'major' },
  { id: 'critical', rank: 3, tone: 'major_outage', statuspage: 'critical' },
] as const satisfies readonly ImpactRow[];

export type Impact = (typeof IMPACT_ROWS)[number]['id'];
export const IMPACTS = IMPACT_ROWS.map((r) => r.id) as unknown as NonEmpty<Impact>;

const IMPACT_BY_ID = new Map<string, ImpactRow>(IMPACT_ROWS.map((r) => [r.id, r]));

/** The row of an impact. */
export function impactRow(impact: Impact): ImpactRow {
  return IMPACT_BY_ID.get(impact)!;
}

/**
 * The colour each update state's dot in a timeline takes, and whether it is filled
 * (a closing state) or a ring. Keyed by the states of `model.ts` (`status.ts` checks
 * that every state has a row).
 */
export const STATE_TONES = {
  investigating: { tone: 'partial_outage', filled: false },
  identified: { tone: 'degraded_performance', filled: false },
  monitoring: { tone: 'under_maintenance', filled: false },
  resolved: { tone: 'operational', filled: true },
  scheduled: { tone: 'under_maintenance', filled: false },
  in_progress: { tone: 'under_maintenance', filled: false },
  verifying: { tone: 'under_maintenance', filled: false },
  completed: { tone: 'operational', filled: true },
} as const satisfies Record<string, { tone: ServiceStatus; filled: boolean }>;
