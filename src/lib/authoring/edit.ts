/**
 * Editing content files the way a person would: the command line builds new files
 * and appends updates through these pure functions, then checks the result with the
 * same parser as the build before anything is written.
 *
 * Existing files are edited in place: the front matter through the `yaml` syntax tree
 * (comments and order survive), the body by adding one update where the file's order
 * puts it. Nothing else in the file changes.
 */
import matter from 'gray-matter';
import { splitFrontMatter } from '../content/front-matter.ts';
import { isMap, parseDocument, stringify, type Document } from 'yaml';
import type { Impact, IncidentPhase, IncidentState, MaintenanceState, UpdateServiceStatus } from '../content/model.ts';
import { applyChanges } from '../status/phases.ts';
import { impactOf } from '../status/status.ts';
import { en } from '../languages/catalogs/en.ts';
import { formatHeadingTime, type Zone } from '../languages/time.ts';
import { fillAll, type Template, type TemplateValues } from '../alerts/template.ts';

/** What an update changes from its time on: service statuses (`operational` when recovered) and the impact. */
export interface UpdateChanges {
  services?: [string, UpdateServiceStatus][];
  impact?: Impact;
}

/**
 * `## Identified 2025-01-27 10:20 +08:00`, the lines of what it changes
 * (`services: api=partial_outage, web=operational`, `impact: major`), then the message.
 */
export function updateBlock(
  state: IncidentState | MaintenanceState,
  at: Date,
  zone: Zone,
  message: string,
  changes: UpdateChanges = {},
): string {
  const lines = [
    ...(changes.services?.length ? [`services: ${changes.services.map(([id, status]) => `${id}=${status}`).join(', ')}`] : []),
    ...(changes.impact ? [`impact: ${changes.impact}`] : []),
  ];
  const fields = lines.length ? `${lines.join('\n')}\n` : '';
  return `## ${en.state[state]} ${formatHeadingTime(at, zone)}\n${fields}\n${message.trim()}\n`;
}

/**
 * The impact an update's service changes leave the incident with, as `statusmark new`
 * derives it (`impactOf` over the services' statuses), from the statuses in effect before
 * the update and its changes.
 */
export function impactAfter(before: Pick<IncidentPhase, 'services'>, changes: readonly [string, UpdateServiceStatus][]): Impact {
  return impactOf(Object.values(applyChanges(before.services, Object.fromEntries(changes))));
}

/**
 * A message given in several languages, as a file holds it (see `language-blocks.ts`):
 * the text in the file's own language first, then each other language in its
 * `::: {lang=…}` block, in the order given.
 */
export function messageInLanguages(texts: Record<string, string>, fileLang: string): string {
  const own = texts[fileLang]?.trim();
  const blocks = Object.entries(texts)
    .filter(([lang]) => lang !== fileLang)
    .map(([lang, text]) => `::: {lang=${lang}}\n${text.trim()}\n:::`);
  return [...(own ? [own] : []), ...blocks].join('\n\n');
}

/** A title given in several languages: plain text when it is only in the file's language, else one per language. */
export function titleInLanguages(titles: Record<string, string>, fileLang: string): string | Record<string, string> {
  const langs = Object.keys(titles);
  return langs.length === 1 && langs[0] === fileLang
    ? (titles[fileLang] as string).trim()
    : Object.fromEntries(Object.entries(titles).map(([l, t]) => [l, t.trim()]));
}

/** The line ending a file uses: CRLF when its first line ends so, else LF. */
export function lineEnding(text: string): '\r\n' | '\n' {
  return /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n';
}

/** `text` with every line ending made `eol` (edits are made in LF, then put back in the file's own ending). */
export function withLineEnding(text: string, eol: '\r\n' | '\n'): string {
  const lf = text.replace(/\r\n/g, '\n');
  return eol === '\n' ? lf : lf.replace(/\n/g, '\r\n');
}

/** A complete new Markdown file: front matter (in the order staff read it) and a body. */
export function newFile(frontMatter: Record<string, unknown>, body: string): string {
  // gray-matter joins the parts; the `yaml` library writes the front matter, so timestamps stay unquoted.
  return matter.stringify(`\n${body}`, frontMatter, {
    engines: {
      yaml: { parse: (s: string) => parseDocument(s).toJS() as object, stringify: (d: object) => stringify(d, { lineWidth: 0 }) },
    },
  } as unknown as matter.GrayMatterOption<string, never>);
}

/**
 * Adds an update to a file's body, keeping the file's order: appended when the file
 * lists updates oldest first (or has one), put first when it lists them newest first.
 */
export function addUpdate(text: string, block: string, newestFirst: boolean): string {
  const split = splitFile(text);
  if (newestFirst) {
    const body = split.body.replace(/^\s*\n/, '');
    return `${split.head}\n${block}\n${body}`;
  }
  return `${split.head}${split.body.replace(/\s*$/, '\n')}\n${block}`;
}

/** Sets (or replaces) top-level front matter fields, keeping comments and the order of the others. */
export function setFields(text: string, fields: Record<string, unknown>): string {
  return editFrontMatter(text, (doc) => {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) doc.delete(key);
      else doc.set(key, value);
    }
  });
}

/** Changes the front matter through its syntax tree and puts the file back together. */
function editFrontMatter(text: string, change: (doc: Document) => void): string {
  const split = splitFile(text);
  const doc = parseDocument(split.yaml);
  if (!isMap(doc.contents)) throw new Error('front matter is not a mapping of fields');
  change(doc);
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${split.body}`;
}

/** The front matter block (with both `---` lines) and the body after it. */
function splitFile(text: string): { head: string; body: string; yaml: string } {
  const cut = splitFrontMatter(text);
  if (!cut.ok) throw new Error('the file has no front matter');
  return cut.split;
}

/**
 * What `statusmark new --template NAME` writes when the command line does not say otherwise:
 * the template's title and first update in each language, its values filled in (`{{ startsAt }}`
 * is when the incident started), its services, impact and first state. `missing` names every
 * value the template uses that `values` does not give.
 */
export function fromTemplate(
  template: Template,
  values: TemplateValues,
  site: { timeZone: string; locale: string },
): { titles: Record<string, string>; messages: Record<string, string>; state: IncidentState; missing: string[] } {
  const titles = fillAll(template.titles, values, site, false);
  const messages = fillAll(template.first.texts, values, site, true);
  return {
    titles: titles.texts,
    messages: messages.texts,
    state: template.first.state,
    missing: [...new Set([...titles.missing, ...messages.missing])],
  };
}
