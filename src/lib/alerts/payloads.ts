/**
 * What the intake receives, read into one shape: Prometheus Alertmanager's webhook (version 4),
 * Grafana's alerting webhook contact point (the same fields and a few of its own), and
 * Statusmark's generic JSON for any other tool:
 *
 *     {"group": "signup-flood", "status": "firing",
 *      "alerts": [{"labels": {"alertname": "SignupFlood"}, "annotations": {}, "startsAt": "2025-01-27T00:05:00+08:00"}]}
 *
 * In the generic shape `status` is that of the group (each alert may give its own), `group`
 * names it (the same group, the same draft), and `annotations`, `startsAt` (default: when it
 * arrives) and each alert's `status` are optional.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { slugify } from '../content/slug.ts';

export const SOURCES = ['alertmanager', 'grafana', 'generic'] as const;
export type Source = (typeof SOURCES)[number];

export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
}

export interface Notification {
  source: Source;
  /** What makes notifications the same group: Alertmanager's and Grafana's `groupKey`, the generic `group`. */
  groupKey: string;
  /** The labels the group is made by (words for the branch name). */
  groupLabels: Record<string, string>;
  /** `resolved` once every alert of the group is. */
  status: AlertStatus;
  alerts: Alert[];
}

/** An RFC 3339 time as Go writes it (up to nine digits of fraction), which Date reads once cut to milliseconds. */
const time = z.string().transform((text, ctx) => {
  const date = new Date(text.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${text.slice(0, 40)}" is not an RFC 3339 time` });
    return z.NEVER;
  }
  return date;
});

const strings = z.record(z.string(), z.string());
const status = z.enum(['firing', 'resolved']);

/** The fields Alertmanager and Grafana share; others (externalURL, values, silenceURL, …) are not needed and pass. */
const prometheusStyle = z.looseObject({
  groupKey: z.string().min(1),
  status,
  groupLabels: strings.default({}),
  alerts: z.array(z.looseObject({ status, labels: strings, annotations: strings.default({}), startsAt: time })).min(1, 'holds no alert'),
});

const generic = z.strictObject({
  group: z.string().trim().min(1, 'must name the group').max(200, 'is longer than 200 characters'),
  status,
  alerts: z
    .array(
      z.strictObject({
        status: status.optional(),
        labels: strings.refine((l) => Object.keys(l).length > 0, 'holds no label'),
        annotations: strings.default({}),
        startsAt: time.optional(),
      }),
    )
    .min(1, 'holds no alert')
    .max(1000, 'holds more than 1000 alerts'),
});

/** The body read as a notification from `source`, or every reason it is not one (`alerts.0.labels: …`). */
export function readNotification(
  source: Source,
  body: unknown,
  now: Date,
): { ok: true; value: Notification } | { ok: false; errors: string[] } {
  const where = (issues: z.core.$ZodIssue[]) => issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  if (source === 'generic') {
    const parsed = generic.safeParse(body);
    if (!parsed.success) return { ok: false, errors: where(parsed.error.issues) };
    const g = parsed.data;
    return {
      ok: true,
      value: {
        source,
        groupKey: g.group,
        groupLabels: { group: g.group },
        status: g.status,
        alerts: g.alerts.map((a) => ({
          status: a.status ?? g.status,
          labels: a.labels,
          annotations: a.annotations,
          startsAt: a.startsAt ?? now,
        })),
      },
    };
  }
  const parsed = prometheusStyle.safeParse(body);
  if (!parsed.success) return { ok: false, errors: where(parsed.error.issues) };
  const p = parsed.data;
  return {
    ok: true,
    value: {
      source,
      groupKey: p.groupKey,
      groupLabels: p.groupLabels,
      status: p.status,
      alerts: p.alerts.map((a) => ({ status: a.status, labels: a.labels, annotations: a.annotations, startsAt: a.startsAt })),
    },
  };
}

/**
 * The group's id, which is also its branch's name after `alert/`: words from its labels (or its
 * key), then a hash of the source and key, so two groups never share a branch and one always has the same.
 */
export function groupId(n: Pick<Notification, 'source' | 'groupKey' | 'groupLabels'>): string {
  const words = slugify(Object.values(n.groupLabels).join(' '), 40) || slugify(n.groupKey, 40) || 'group';
  const hash = createHash('sha256')
    .update(`${n.source === 'generic' ? 'generic' : 'prometheus'}\n${n.groupKey}`)
    .digest('hex')
    .slice(0, 10);
  return `${words}-${hash}`;
}

/** The branch a group's draft is written on. */
export function branchOf(id: string): string {
  return `alert/${id}`;
}
