/**
 * What a notification does to its group's branch: the one decision of the alert intake, pure.
 *
 * - A group firing with no draft yet (or whose last incident resolved longer than the quiet
 *   period ago): a new incident file from the template of the first alert's rule.
 * - Firing again while the incident is open: nothing, unless alerts joined with services the
 *   incident does not name yet; then an update adding them.
 * - Firing again within the quiet period after it resolved (flapping): the same incident,
 *   reopened: its resolving update becomes a Monitoring one and an update says it is back.
 * - Resolved: a resolving update, once.
 * - Any alert that maps to no service: refused, nothing written.
 *
 * The incident file carries its group in a front matter comment (`# alert group: ID`), so the
 * intake finds it again on the branch, or on the default branch once a person merged it, and
 * its template in another (`# alert template: NAME`), so its later updates come from it.
 */
import { addUpdate, messageInLanguages, newFile, setFields, titleInLanguages, updateBlock } from '../authoring/edit.ts';
import type { Impact, Incident, IncidentServiceStatus, IncidentState } from '../content/model.ts';
import { parseIncident, type ParseContext } from '../content/parse.ts';
import { formatProblem } from '../content/problems.ts';
import { incidentSlug } from '../content/slug.ts';
import { dayKey, toOffsetIso } from '../languages/time.ts';
import { impactRow } from '../status/statuses.ts';
import { impactOf, worse } from '../status/status.ts';
import { listsNewestFirst } from '../status/timeline.ts';
import { type AlertsConfig, mapAlert, type AlertRule } from './config.ts';
import type { Alert, Notification } from './payloads.ts';
import { fillAll, type LanguageTexts, type Template, type TemplateSection } from './template.ts';

/** The front matter comment that ties an incident file to its alert group. */
export function groupMarker(id: string): string {
  return `# alert group: ${id}`;
}

/** The front matter comment that names the template a draft was written from, for its later updates. */
export function templateMarker(name: string): string {
  return `# alert template: ${name}`;
}

/** The template a draft names in its front matter, if any. */
function templateNamed(text: string): string | undefined {
  const cut = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const prefix = templateMarker('');
  const line = cut?.[1]?.split(/\r?\n/).find((l) => l.trim().startsWith(prefix));
  return line?.trim().slice(prefix.length).trim() || undefined;
}

/** Whether `text` (an incident file) belongs to the group `id`. */
export function belongsTo(text: string, id: string): boolean {
  const cut = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return cut !== null && cut[1]!.split(/\r?\n/).some((line) => line.trim() === groupMarker(id));
}

/**
 * The group's latest incident among `files` (those holding its marker): the one that started
 * last, not the last by name (a second incident the same day may have a name that sorts
 * first). A file that belongs to the group but does not read counts as the latest, so the
 * intake stops at it and says why rather than writing past it. Same start: the later name.
 */
export function latestDraft(
  files: readonly { file: string; text: string }[],
  id: string,
  ctx: ParseContext,
): { file: string; text: string } | undefined {
  let best: { file: string; text: string; started: number } | undefined;
  for (const f of files) {
    if (!belongsTo(f.text, id)) continue;
    const started = parseIncident(f.file, f.text, ctx).value?.started.getTime() ?? Number.POSITIVE_INFINITY;
    if (!best || started > best.started || (started === best.started && f.file > best.file)) best = { ...f, started };
  }
  return best && { file: best.file, text: best.text };
}

export interface DraftInput {
  notification: Notification;
  /** The group's id (`groupId`), which names its branch. */
  id: string;
  config: AlertsConfig;
  templates: ReadonlyMap<string, Template>;
  site: { languages: readonly string[]; timeZone: string; locale: string };
  /** The site's services and zone, as the content is checked against them. */
  ctx: ParseContext;
  /** The group's latest incident file on the branch (path below the content folder, `incidents/….md`), if any. */
  existing?: { file: string; text: string };
  /** The names of the incident files already there, so a new one takes a free name. */
  taken: ReadonlySet<string>;
  now: Date;
}

export type Decision =
  /** Nothing to write: the branch already says what the notification says. */
  | { kind: 'none'; reason: string }
  /** The alerts that map to no service, and why: answered 422, nothing written. */
  | { kind: 'refuse'; reason: string; unmapped: { labels: Record<string, string>; reason: string }[] }
  /** The file on the branch cannot be continued (a person changed it so it no longer reads): stop and say so. */
  | { kind: 'conflict'; reason: string }
  | {
      kind: 'write';
      action: 'create' | 'join' | 'reopen' | 'resolve';
      /** Below the content folder: `incidents/2025-01-27-registrations-restricted.md`. */
      file: string;
      text: string;
      /** The commit's subject. */
      summary: string;
      /** Template values the alerts did not carry (written as "?"). */
      missing: string[];
    };

interface Mapped {
  alert: Alert;
  rule: AlertRule;
  services: Record<string, IncidentServiceStatus>;
}

export function decide(input: DraftInput): Decision {
  const { notification, config, ctx } = input;
  const serviceIds = ctx.serviceIds ?? new Set<string>();
  const mapped: Mapped[] = [];
  const unmapped: { labels: Record<string, string>; reason: string }[] = [];
  for (const alert of notification.alerts) {
    const m = mapAlert(alert.labels, config, serviceIds);
    if (m.ok) mapped.push({ alert, rule: m.rule, services: m.services });
    else unmapped.push({ labels: alert.labels, reason: m.reason });
  }
  if (unmapped.length)
    return {
      kind: 'refuse',
      reason: `${unmapped.length} of ${notification.alerts.length} alerts map to no service; nothing was written`,
      unmapped,
    };
  const firing = mapped.filter((m) => m.alert.status === 'firing');
  const at = minute(input.now);
  const existing = input.existing ? readExisting(input.existing, ctx, input.templates) : undefined;
  if (existing && 'conflict' in existing) return { kind: 'conflict', reason: existing.conflict };

  const open = existing && !existing.incident.resolved;
  const resolvedAt = existing?.incident.resolved;
  const flapping = resolvedAt !== undefined && input.now.getTime() - resolvedAt.getTime() <= config.quietMs;

  if (notification.status === 'resolved' || !firing.length) {
    if (!existing || !open)
      return { kind: 'none', reason: existing ? 'the incident is already resolved' : 'the group resolved before any draft was written' };
    return resolve(input, existing, at);
  }
  if (!existing || (!open && !flapping)) return create(input, firing, at);
  const current = existing.incident.phases.at(-1)?.services ?? {};
  const added = joined(firing, current);
  if (open) {
    if (!added.length) return { kind: 'none', reason: 'the incident already names every service of the group' };
    return again(input, existing, firing, added, at, 'join');
  }
  return again(input, existing, firing, added, at, 'reopen');
}

interface Existing {
  file: string;
  text: string;
  incident: Incident;
  template?: Template;
}

/**
 * The draft on the branch, read, with the template it was written from (its front matter
 * names it): its later updates use that one, whatever rule the current notification's first
 * alert matches. A draft naming no template (or one since removed) takes the current rule's.
 */
function readExisting(
  e: { file: string; text: string },
  ctx: ParseContext,
  templates: ReadonlyMap<string, Template>,
): Existing | { conflict: string } {
  const parsed = parseIncident(e.file, e.text, ctx);
  if (!parsed.value)
    return {
      conflict: `${e.file} on the branch does not validate, so the intake cannot add to it; fix it by hand: ${parsed.problems.map(formatProblem).join('; ')}`,
    };
  const named = templateNamed(e.text);
  const template = named === undefined ? undefined : templates.get(named);
  return { file: e.file, text: e.text, incident: parsed.value, ...(template ? { template } : {}) };
}

/** The services (with the worst status any alert gives each) that `current` does not name yet, in alert order. */
function joined(firing: Mapped[], current: Readonly<Record<string, IncidentServiceStatus>>): [string, IncidentServiceStatus][] {
  const out = new Map<string, IncidentServiceStatus>();
  for (const [id, status] of Object.entries(servicesOf(firing))) if (current[id] === undefined) out.set(id, status);
  return [...out];
}

function servicesOf(firing: Mapped[]): Record<string, IncidentServiceStatus> {
  const out: Record<string, IncidentServiceStatus> = {};
  for (const m of firing)
    for (const [id, status] of Object.entries(m.services)) out[id] = out[id] ? (worse(out[id], status) as IncidentServiceStatus) : status;
  return out;
}

/** Updates are written to the minute, as staff write them. */
function minute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** The template of the group: the first firing alert's rule's (alerts oldest first). */
function firstRule(firing: Mapped[]): Mapped {
  return [...firing].sort((a, b) => a.alert.startsAt.getTime() - b.alert.startsAt.getTime())[0] as Mapped;
}

function sectionText(section: TemplateSection, values: Alert, site: DraftInput['site'], missing: Set<string>): string {
  const filled = fillAll(section.texts, values, site, true);
  for (const m of filled.missing) missing.add(m);
  return messageInLanguages(filled.texts, site.languages[0] as string);
}

function create(input: DraftInput, firing: Mapped[], at: Date): Decision {
  const { site, ctx } = input;
  const first = firstRule(firing);
  const template = input.templates.get(first.rule.template);
  if (!template)
    return { kind: 'conflict', reason: `alerts.yaml's ${first.rule.name} names templates/${first.rule.template}.md, which is not there` };
  const missing = new Set<string>();
  const titles: LanguageTexts = fillAll(template.titles, first.alert, site, false).texts;
  for (const m of fillAll(template.titles, first.alert, site, false).missing) missing.add(m);
  const services = servicesOf(firing);
  const ruleImpacts = firing.map((m) => m.rule.impact).filter((i): i is Impact => i !== undefined);
  const impact = ruleImpacts.length
    ? ruleImpacts.reduce((a, b) => (impactRow(b).rank > impactRow(a).rank ? b : a))
    : (template.impact ?? impactOf(Object.values(services)));
  const started = minute(first.alert.startsAt > at ? at : first.alert.startsAt);
  const fileLang = site.languages[0] as string;
  const name = freeName(incidentSlug(dayKey(started, ctx.zone), slugSourceOf(titles)), input.taken);
  const body = updateBlock(template.first.state, at, ctx.zone, sectionText(template.first, first.alert, site, missing));
  const file = newFile(
    { title: titleInLanguages(titles, fileLang), impact, services, started: toOffsetIso(started, ctx.zone) },
    body,
  ).replace(/^---\n/, `---\n${groupMarker(input.id)}\n${templateMarker(first.rule.template)}\n`);
  return {
    kind: 'write',
    action: 'create',
    file: `incidents/${name}.md`,
    text: file,
    summary: `Draft incident from alert group ${input.id}: ${titles[fileLang] ?? Object.values(titles)[0]}`,
    missing: [...missing],
  };
}

/** The first title with letters a file name can carry. */
function slugSourceOf(titles: LanguageTexts): string {
  return Object.values(titles).find((t) => /[A-Za-z0-9]/.test(t)) ?? '';
}

function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}-${i}`)) return `${name}-${i}`;
}

function templateOf(input: DraftInput, firing: Mapped[], e: Existing): Template | undefined {
  return e.template ?? input.templates.get(firstRule(firing).rule.template);
}

/** Whether the file lists its updates newest first (a new one then goes on top). */
function fileListsNewestFirst(e: Existing): boolean {
  return listsNewestFirst([...e.incident.updates].sort((a, b) => a.line - b.line));
}

/** An update at `at`, or at the last update's time when a person wrote one later (updates stay in order). */
function updateTime(e: Existing, at: Date): Date {
  const last = e.incident.updates.reduce((a, b) => (b.at > a ? b.at : a), e.incident.started);
  return at < last ? last : at;
}

function again(
  input: DraftInput,
  e: Existing,
  firing: Mapped[],
  added: [string, IncidentServiceStatus][],
  at: Date,
  action: 'join' | 'reopen',
): Decision {
  const template = templateOf(input, firing, e);
  if (!template) return { kind: 'conflict', reason: `no template for ${firstRule(firing).rule.name}` };
  const section = template.again ?? template.first;
  const missing = new Set<string>();
  const message = sectionText(section, firstRule(firing).alert, input.site, missing);
  const when = updateTime(e, at);
  const state: IncidentState = section === template.first && section.state === 'investigating' ? 'identified' : section.state;
  const services = added.length ? { services: added } : {};
  let text = e.text;
  if (action === 'reopen') {
    // The resolving update becomes a Monitoring one: only the last update may resolve.
    const last = e.incident.updates.at(-1);
    const lines = text.split('\n');
    if (last && last.state === 'resolved') {
      const i = last.line - 1;
      lines[i] = (lines[i] as string).replace(/^(\s*##\s*)resolved\b/i, '$1Monitoring');
    }
    text = setFields(lines.join('\n'), { resolved: undefined });
  }
  const newestFirst = fileListsNewestFirst(e);
  text = addUpdate(text, updateBlock(state, when, input.ctx.zone, message, services), newestFirst);
  const names = added.map(([id]) => id).join(', ');
  return {
    kind: 'write',
    action,
    file: e.file,
    text,
    summary:
      action === 'reopen'
        ? `Alert group ${input.id} fired again within the quiet period: the same incident, reopened${names ? ` (now also ${names})` : ''}`
        : `Alert group ${input.id}: ${names} joined the incident`,
    missing: [...missing],
  };
}

function resolve(input: DraftInput, e: Existing, at: Date): Decision {
  const mapped = input.notification.alerts
    .map((alert) => ({ alert, m: mapAlert(alert.labels, input.config, input.ctx.serviceIds ?? new Set()) }))
    .flatMap(({ alert, m }) => (m.ok ? [{ alert, rule: m.rule, services: m.services }] : []));
  const template = templateOf(input, mapped, e);
  if (!template?.resolved) return { kind: 'conflict', reason: `templates/${template?.name ?? '?'}.md has no "## Resolved" section` };
  const missing = new Set<string>();
  const message = sectionText(template.resolved, firstRule(mapped).alert, input.site, missing);
  const when = updateTime(e, at);
  const newestFirst = fileListsNewestFirst(e);
  const text = addUpdate(
    setFields(e.text, { resolved: toOffsetIso(when, input.ctx.zone) }),
    updateBlock('resolved', when, input.ctx.zone, message),
    newestFirst,
  );
  return { kind: 'write', action: 'resolve', file: e.file, text, summary: `Alert group ${input.id} resolved`, missing: [...missing] };
}
