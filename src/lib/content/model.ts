/**
 * The domain: the words staff and visitors use, as types.
 * A validated content folder becomes one `Content` value; everything the site shows
 * is computed from it by pure functions. Fields staff write take their types from the
 * zod schema (`schema.ts`), so the two cannot drift apart: each model type is the schema's
 * output (or the fields of it the model keeps) and what is derived from them. A localized
 * field is held as its text in the site's default language (`OneText`, e.g. `title`) beside
 * every language's (`Texts`, e.g. `titles`), as `inDefault` gives it.
 */
import type { IncidentInput, MaintenanceInput, NoticeInput, OneText, ServiceInput, SiteInput, Texts } from './schema.ts';

/** Statuses and impacts, from their tables (`status/statuses.ts`). */
import type { Impact, IncidentServiceStatus, UpdateServiceStatus } from '../status/statuses.ts';
export {
  IMPACTS,
  INCIDENT_SERVICE_STATUSES,
  SERVICE_STATUSES,
  UPDATE_SERVICE_STATUSES,
  type Impact,
  type IncidentServiceStatus,
  type ServiceStatus,
  type UpdateServiceStatus,
} from '../status/statuses.ts';

/** The state an incident update announces. */
export const INCIDENT_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** The state a maintenance update announces. */
export const MAINTENANCE_STATES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];

/** The three kinds of Markdown content file, each in its own folder (`FOLDER`). */
export const KINDS = ['incident', 'maintenance', 'notice'] as const;
export type Kind = (typeof KINDS)[number];
/** The folder of `content/` each kind lives in. */
export const FOLDER: Record<Kind, string> = { incident: 'incidents', maintenance: 'maintenance', notice: 'notices' };

export const NOTICE_LEVELS = ['info', 'warning'] as const;
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];

/** `site.yaml` as the build uses it: the schema's own output (see `siteSchema`). */
export type Site = SiteInput & {
  /** Set by `contentIn` when the name or description is not in the language of that view: the language it is in. */
  nameLang?: string;
  descriptionLang?: string;
};

/** A service: the fields of its `services.yaml` entry (types from `serviceSchema`) and what is derived from them. */
export type Service = Pick<ServiceInput, 'id'> & {
  /** In the default language (else the first given); `names` etc. hold every language's when more than one is given. */
  name: OneText;
  description: OneText;
  group: OneText;
  names?: Texts;
  descriptions?: Texts;
  groups?: Texts;
  /** Set by `contentIn` when the name, description or group is not in the language of that view: the language it is in. */
  nameLang?: string;
  descriptionLang?: string;
  groupLang?: string;
  /** The group's slug, for anchors and the API. */
  groupId: string;
  /** `order`, or after every service that has one. */
  order: NonNullable<ServiceInput['order']>;
  /** Start of the day the service began (`start`, in the site's zone); uptime counts from here. */
  start?: Date;
  hiddenUntilAffected: ServiceInput['hidden_until_affected'];
};

export interface ServiceGroup {
  id: string;
  name: string;
  /** Every language's name, when more than one is given. */
  names?: Texts;
  /** Set by `contentIn` when `name` is not in the language of that view. */
  nameLang?: string;
  services: Service[];
}

/** One entry of a timeline, as a level-2 heading plus its message. */
export interface Update<State extends string> {
  state: State;
  at: Date;
  /** Markdown as written. */
  message: string;
  /** Sanitised HTML rendered from `message`. */
  html: string;
  /** Stable anchor, unique within its incident or maintenance: `update-1` for the oldest (see `updateIds`). */
  id: string;
  line: number;
  /** Service statuses this update changes, from its time on (incidents only). */
  services?: Record<string, UpdateServiceStatus>;
  /** The impact from this update on (incidents only). */
  impact?: Impact;
  /**
   * The message in each language it was written in (see `languages.ts`), when the file
   * gives more than one or writes it in a language other than the site's default.
   * Absent: `message` is in the site's default language.
   */
  texts?: Record<string, { message: string; html: string }>;
  /** Set by `contentIn` when `message` is not in the language of that view: the language it is in. */
  lang?: string;
}

/** A title staff may write in several languages (incidents, maintenance, notices). */
export interface Titled {
  title: OneText;
  /** The title in each language it was written in, when more than one, or not the default. */
  titles?: Texts;
  /** Set by `contentIn` when `title` is not in the language of that view: the language it is in. */
  titleLang?: string;
}

/**
 * A stretch of an incident during which its service statuses and impact stay the same:
 * from `started` (front matter) or from an update that changed them, until the next
 * phase, the resolution, or now.
 */
export interface IncidentPhase {
  from: Date;
  /** Only the services not operational in this phase. */
  services: Record<string, IncidentServiceStatus>;
  impact: Impact;
}

/** An incident: its front matter's fields (types from `incidentSchema`) and what the file and its updates give. */
export type Incident = Titled &
  Pick<IncidentInput, 'started'> & {
    slug: string;
    file: string;
    /** The impact now: the last phase's. */
    impact: Impact;
    /** Oldest first; the first starts at `started` with the front matter's statuses and impact. */
    phases: IncidentPhase[];
    /** Every service the incident put in a non-operational status at any time, in first-affected order. */
    affected: string[];
    resolved?: IncidentInput['resolved'] & {};
    postmortem?: IncidentInput['postmortem'] & {};
    /** Oldest first. */
    updates: Update<IncidentState>[];
  };

/** A maintenance window: its front matter's fields (types from `maintenanceSchema`) and its updates. */
export type Maintenance = Titled &
  Pick<MaintenanceInput, 'services'> & {
    slug: string;
    file: string;
    scheduledFor: MaintenanceInput['scheduled_for'];
    scheduledUntil: MaintenanceInput['scheduled_until'];
    /** Oldest first. */
    updates: Update<MaintenanceState>[];
  };

/** A notice: its front matter's fields (types from `noticeSchema`) and its body. */
export type Notice = Titled &
  Pick<NoticeInput, 'level'> & {
    slug: string;
    file: string;
    from?: NoticeInput['from'] & {};
    until?: NoticeInput['until'] & {};
    /** Markdown as written, and its sanitised HTML. */
    body: string;
    html: string;
    /** The body in each language it was written in, when more than one, or not the default. */
    bodies?: Record<string, { body: string; html: string }>;
    /** Set by `contentIn` when `body` is not in the language of that view: the language it is in. */
    bodyLang?: string;
    /** When it was posted: `from`, or else the file's `posted` field. */
    posted: Date;
  };

export interface Content {
  site: Site;
  services: Service[];
  groups: ServiceGroup[];
  /** Newest first by start. */
  incidents: Incident[];
  /** Newest first by window start. */
  maintenance: Maintenance[];
  notices: Notice[];
  /** How many drafts were skipped on purpose. */
  drafts: number;
}
