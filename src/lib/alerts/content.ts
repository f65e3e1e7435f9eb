/**
 * A content folder's alert files: `alerts.yaml` and `templates/*.md`, read by the loader
 * (`content/load.ts`, which hands in how it reads and lists files, so its rules on links,
 * sizes and encodings hold here too) and checked with the rest, by `validate` and the build.
 */
import { join } from 'node:path';
import type { ParseContext } from '../content/parse.ts';
import type { Problem } from '../content/problems.ts';
import { SLUG } from '../content/slug.ts';
import { type AlertsConfig, parseAlertsConfig } from './config.ts';
import { parseTemplate, type Template, templateName } from './template.ts';

export interface AlertsContent {
  /** Absent when the folder has templates but no alerts.yaml (templates for `new --template` only). */
  config?: AlertsConfig;
  templates: Map<string, Template>;
}

/**
 * Reads and checks alerts.yaml and the templates below `dir`, adding every problem to
 * `problems`; undefined when the folder has neither.
 */
export function loadAlerts(
  dir: string,
  ctx: ParseContext,
  problems: Problem[],
  show: (abs: string) => string,
  read: (abs: string) => string | undefined,
  list: (folder: string) => string[],
  exists: (abs: string) => boolean,
): AlertsContent | undefined {
  const configFile = join(dir, 'alerts.yaml');
  const folder = join(dir, 'templates');
  if (!exists(configFile) && !exists(folder)) return undefined;
  const templates = new Map<string, Template>();
  const seen = new Set<string>();
  for (const abs of list(folder)) {
    const name = templateName(abs);
    const file = show(abs);
    seen.add(name);
    if (!SLUG.test(name)) {
      problems.push({
        file,
        line: 1,
        field: 'file name',
        message: 'must be a name in lowercase letters, digits and hyphens, e.g. slowdown.md',
      });
      continue;
    }
    const text = read(abs);
    if (text === undefined) continue;
    const parsed = parseTemplate(file, text, ctx);
    problems.push(...parsed.problems);
    if (parsed.value) templates.set(name, parsed.value);
  }
  if (!exists(configFile)) return { templates };
  const text = read(configFile);
  if (text === undefined) return { templates };
  // A template with problems of its own is reported there, not again as missing from alerts.yaml.
  const known = new Map<string, { resolved: boolean }>(
    [...seen].map((n) => [n, { resolved: templates.get(n)?.resolved !== undefined || !templates.has(n) }]),
  );
  const parsed = parseAlertsConfig(show(configFile), text, ctx.serviceIds ?? new Set(), known);
  problems.push(...parsed.problems);
  return { ...(parsed.value ? { config: parsed.value } : {}), templates };
}
