/**
 * `content/alerts.yaml`: which alerts become which draft incidents. Each rule matches an
 * alert's labels (`alertname`, `service`, `severity`, `job`, any label), names the services it
 * affects and their status, the impact, and the message template (`content/templates/NAME.md`)
 * the draft is written from. The first rule that matches an alert decides; an alert that no
 * rule matches, or whose service label names no service, is refused, never guessed.
 */
import { z } from 'zod';
import { IMPACTS, INCIDENT_SERVICE_STATUSES, type Impact, type IncidentServiceStatus } from '../content/model.ts';
import type { Problem } from '../content/problems.ts';
import { validate } from '../content/schema.ts';
import { SLUG } from '../content/slug.ts';
import { parseYaml } from '../content/yaml-source.ts';

/** How long a resolved group may stay quiet and still be the same incident when it fires again, by default. */
export const DEFAULT_QUIET_MS = 30 * 60_000;

/** A label's name as Prometheus allows it. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `30m`, `1h`, `90s`, `1h30m`: a duration as Prometheus writes them. */
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds of a duration such as `30m` or `1h30m`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === '' || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

const labelValues = z.union([z.string(), z.array(z.string()).min(1, 'must list at least one value')], {
  error: 'must be a label value, or a list of values any of which matches',
});

const ruleSchema = z
  .strictObject({
    /** A short name for the logs and replies; default: the rule's position. */
    name: z.string().regex(SLUG, 'must be lowercase letters, digits and hyphens, e.g. signup-flood').optional(),
    /** Label → value (or list of values): every one must match. */
    match: z
      .record(
        z.string().regex(LABEL_NAME, 'must be a label name such as alertname or service'),
        labelValues,
        'must map label names to values',
      )
      .refine((m) => Object.keys(m).length > 0, 'names no label; write e.g. match: {alertname: HighLatency}'),
    /** Service id → the status the alert puts it in. */
    services: z.record(z.string(), z.enum(INCIDENT_SERVICE_STATUSES), 'must map service ids to a status').optional(),
    /** The label whose value is a service id (e.g. `service`): each alert adds the service it names. */
    service_label: z.string().regex(LABEL_NAME, 'must be a label name such as service').optional(),
    /** The status a service named by `service_label` is put in. */
    status: z.enum(INCIDENT_SERVICE_STATUSES).optional(),
    /** The incident's impact; default: the worst of its services' statuses. */
    impact: z.enum(IMPACTS).optional(),
    /** The message template, `content/templates/NAME.md`. */
    template: z.string().regex(SLUG, 'must be the name of a file in content/templates/ without .md, e.g. slowdown'),
  })
  .superRefine((rule, ctx) => {
    if (!rule.services && !rule.service_label)
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        message: 'is required (or service_label:): a rule must say which services an alert affects',
      });
    if (rule.service_label && !rule.status)
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'is required with service_label: the status the named service is put in' });
    if (rule.status && !rule.service_label)
      ctx.addIssue({ code: 'custom', path: ['service_label'], message: 'is required with status: the label that names the service' });
  });

const fileSchema = z.strictObject({
  /** How long a resolved group may stay quiet and still be the same incident when it fires again (`30m`). */
  quiet_period: z
    .string('must be a duration such as 30m or 1h')
    .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as 30m, 1h or 1h30m')
    .optional(),
  rules: z.array(z.unknown(), 'must be a list of rules').min(1, 'must list at least one rule'),
});

export interface AlertRule {
  /** The rule's name, or `rule N` (1-based) when it has none. */
  name: string;
  match: Record<string, string[]>;
  services: Record<string, IncidentServiceStatus>;
  serviceLabel?: { label: string; status: IncidentServiceStatus };
  impact?: Impact;
  template: string;
  /** The line of the rule in alerts.yaml, for messages. */
  line: number;
}

export interface AlertsConfig {
  quietMs: number;
  rules: AlertRule[];
}

/**
 * Reads alerts.yaml, checked against the site's services and the templates the folder has
 * (`templates`: name → whether it has the `## Resolved` section the intake needs).
 */
export function parseAlertsConfig(
  file: string,
  text: string,
  serviceIds: ReadonlySet<string>,
  templates: ReadonlyMap<string, { resolved: boolean }>,
): { value?: AlertsConfig; problems: Problem[] } {
  const yaml = parseYaml(text, file);
  if (yaml.problems.length) return { problems: yaml.problems };
  const top = validate(fileSchema, yaml.data, file, yaml.lineOf);
  if (!top.ok) return { problems: top.problems };
  const problems: Problem[] = [];
  const rules: AlertRule[] = [];
  top.value.rules.forEach((raw, i) => {
    const checked = validate(ruleSchema, raw, file, yaml.lineOf, ['rules', i]);
    if (!checked.ok) {
      problems.push(...checked.problems);
      return;
    }
    const r = checked.value;
    const at = (...path: PropertyKey[]) => yaml.lineOf(['rules', i, ...path], true);
    for (const id of Object.keys(r.services ?? {})) {
      if (!serviceIds.has(id))
        problems.push({
          file,
          line: at('services', id),
          field: `rules.${i}.services.${id}`,
          message: `"${id}" is not a service in services.yaml; known: ${[...serviceIds].join(', ')}`,
        });
    }
    const template = templates.get(r.template);
    if (!template)
      problems.push({
        file,
        line: yaml.lineOf(['rules', i, 'template']),
        field: `rules.${i}.template`,
        message: `there is no templates/${r.template}.md${templates.size ? `; the templates are ${[...templates.keys()].join(', ')}` : ''}`,
      });
    else if (!template.resolved)
      problems.push({
        file,
        line: yaml.lineOf(['rules', i, 'template']),
        field: `rules.${i}.template`,
        message: `templates/${r.template}.md has no "## Resolved" section; the intake writes it when the alert resolves, so add one`,
      });
    rules.push({
      name: r.name ?? `rule ${i + 1}`,
      match: Object.fromEntries(Object.entries(r.match).map(([k, v]) => [k, typeof v === 'string' ? [v] : v])),
      services: r.services ?? {},
      ...(r.service_label && r.status ? { serviceLabel: { label: r.service_label, status: r.status } } : {}),
      ...(r.impact ? { impact: r.impact } : {}),
      template: r.template,
      line: yaml.lineOf(['rules', i]),
    });
  });
  if (problems.length) return { problems };
  const quiet = top.value.quiet_period === undefined ? DEFAULT_QUIET_MS : (parseDuration(top.value.quiet_period) as number);
  return { value: { quietMs: quiet, rules }, problems };
}

/** What one alert maps to: its rule and its services, or why it maps to nothing. */
export type Mapping = { ok: true; rule: AlertRule; services: Record<string, IncidentServiceStatus> } | { ok: false; reason: string };

/** The first rule whose every `match` label the alert carries with one of its values, and the services it gives. */
export function mapAlert(labels: Readonly<Record<string, string>>, config: AlertsConfig, serviceIds: ReadonlySet<string>): Mapping {
  const rule = config.rules.find((r) => Object.entries(r.match).every(([label, values]) => values.includes(labels[label] ?? '')));
  if (!rule) return { ok: false, reason: 'no rule in alerts.yaml matches its labels' };
  const services = { ...rule.services };
  if (rule.serviceLabel) {
    const id = labels[rule.serviceLabel.label];
    if (id === undefined || id === '') {
      if (!Object.keys(services).length)
        return {
          ok: false,
          reason: `${rule.name} takes the service from the label "${rule.serviceLabel.label}", which the alert does not carry`,
        };
    } else if (!serviceIds.has(id)) {
      return { ok: false, reason: `${rule.name}: the label ${rule.serviceLabel.label}="${id}" names no service in services.yaml` };
    } else {
      services[id] = rule.serviceLabel.status;
    }
  }
  return { ok: true, rule, services };
}
