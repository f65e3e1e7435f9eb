/**
 * Message templates, `content/templates/NAME.md`: the words of an incident written ahead,
 * for the alert intake and for staff under stress (`statusmark new --template NAME`).
 *
 * A template is written like an incident file without times: front matter with the title
 * (one per language) and optionally the impact and the services, then the first update
 * under a state heading (`## Investigating`), each other language in its `::: {lang=…}`
 * block. It may add a `## Identified` (or `## Monitoring`) section, which the intake posts
 * when the alert fires again or more services join, and a `## Resolved` section, which it
 * posts when the alert resolves. Texts may hold `{{ labels.NAME }}`, `{{ annotations.NAME }}`
 * and `{{ startsAt }}` (written in the site's zone, in each language's way).
 */
import { z } from 'zod';
import { codeLines, splitLanguageBlocks } from '../content/language-blocks.ts';
import {
  IMPACTS,
  INCIDENT_SERVICE_STATUSES,
  INCIDENT_STATES,
  type Impact,
  type IncidentServiceStatus,
  type IncidentState,
} from '../content/model.ts';
import { readFrontMatter, type ParseContext } from '../content/parse.ts';
import type { Problem } from '../content/problems.ts';
import { localized, textProblem, validate } from '../content/schema.ts';
import { declaredLanguage, localeFor, undeclaredLanguage } from '../languages/languages.ts';
import { formatDateTime, INSTANT_IN_TEXT, type Zone } from '../languages/time.ts';
import { normaliseState } from '../status/timeline.ts';

const templateSchema = z.strictObject({
  /** The title, or one per language; may hold values. */
  title: localized(z.string().trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters')),
  /** The language of the text outside `:::` blocks, when not the site's default. */
  lang: z.string().optional(),
  /** The incident's impact; default: the rule's, else the worst of the services' statuses. */
  impact: z.enum(IMPACTS).optional(),
  /** The services and statuses `statusmark new --template` uses when no --service is given. */
  services: z.record(z.string(), z.enum(INCIDENT_SERVICE_STATUSES), 'must map service ids to a status').default({}),
});

/** Text per language (the site's spelling of each tag), with values still in it. */
export type LanguageTexts = Record<string, string>;

export interface TemplateSection {
  state: IncidentState;
  texts: LanguageTexts;
  line: number;
}

export interface Template {
  name: string;
  file: string;
  titles: LanguageTexts;
  impact?: Impact;
  services: Record<string, IncidentServiceStatus>;
  /** The first update. */
  first: TemplateSection;
  /** Posted when the alert fires again or more services join (`## Identified` or `## Monitoring`). */
  again?: TemplateSection;
  /** Posted when the alert resolves. */
  resolved?: TemplateSection;
}

/** `{{ labels.instance }}`, `{{ annotations.summary }}`, `{{ startsAt }}` */
const VALUE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN_VALUE = /^(?:(labels|annotations)\.([A-Za-z_][A-Za-z0-9_]*)|startsAt)$/;
const HEADING = /^ {0,3}##(?!#)[ \t]*(.*?)[ \t]*#*[ \t]*$/;

/** The name of a template file: `slowdown.md` → `slowdown`. */
export function templateName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '');
}

export function parseTemplate(file: string, text: string, ctx: ParseContext): { value?: Template; problems: Problem[] } {
  const problems: Problem[] = [];
  const read = readFrontMatter(file, text);
  if (!read.value) return { problems: read.problems };
  const { yaml, body, bodyLine } = read.value;
  if (yaml.problems.length) return { problems: yaml.problems };
  const checked = validate(templateSchema, yaml.data, file, yaml.lineOf);
  if (!checked.ok) return { problems: checked.problems };
  const fm = checked.value;
  const languages = ctx.languages ?? [ctx.zone.locale];
  const known = (tag: string) => (ctx.languages === null ? tag : declaredLanguage(tag, languages));
  const fileLang = fm.lang === undefined ? (languages[0] as string) : known(fm.lang);
  if (!fileLang) {
    problems.push({ file, line: yaml.lineOf(['lang']), field: 'lang', message: undeclaredLanguage(fm.lang as string, languages) });
    return { problems };
  }
  for (const id of Object.keys(fm.services)) {
    if (ctx.serviceIds && !ctx.serviceIds.has(id))
      problems.push({
        file,
        line: yaml.lineOf(['services', id], true),
        field: `services.${id}`,
        message: `"${id}" is not a service in services.yaml`,
      });
  }
  const titles: LanguageTexts = {};
  for (const [tag, title] of Object.entries(typeof fm.title === 'string' ? { [fileLang]: fm.title } : fm.title)) {
    const lang = known(tag);
    if (!lang)
      problems.push({ file, line: yaml.lineOf(['title', tag], true), field: `title.${tag}`, message: undeclaredLanguage(tag, languages) });
    else titles[lang] = title;
    problems.push(...valueProblems(title, file, yaml.lineOf(['title', ...(typeof fm.title === 'string' ? [] : [tag])]), 'title'));
  }

  const sections: TemplateSection[] = [];
  let current: { state: IncidentState; line: number; lines: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const message = current.lines.join('\n');
    const split = splitLanguageBlocks(message, current.line + 1, file, 'update');
    problems.push(...split.problems);
    const texts: LanguageTexts = {};
    if (split.outside.trim() !== '') texts[fileLang] = split.outside;
    for (const b of split.blocks) {
      const lang = known(b.lang);
      if (!lang) problems.push({ file, line: b.line, field: 'update', message: undeclaredLanguage(b.lang, languages) });
      else if (texts[lang]) problems.push({ file, line: b.line, field: 'update', message: `gives the ${lang} text twice; keep one` });
      else texts[lang] = b.text;
    }
    if (!Object.keys(texts).length)
      problems.push({
        file,
        line: current.line,
        field: 'update',
        message: 'has no text; write what visitors should read under the heading',
      });
    problems.push(...valueProblems(message, file, current.line + 1, 'update'));
    sections.push({ state: current.state, texts, line: current.line });
  };
  const isCode = codeLines();
  // After a heading that is refused, its text is skipped rather than reported again line by line.
  let skipping = false;
  body.split(/\r?\n/).forEach((line, i) => {
    const at = bodyLine + i;
    const heading = isCode(line) ? null : HEADING.exec(line);
    if (!heading) {
      if (current) current.lines.push(line);
      else if (line.trim() !== '' && !skipping)
        problems.push({
          file,
          line: at,
          field: 'update',
          message: 'text before the first update heading; start the body with a line such as "## Investigating"',
        });
      return;
    }
    close();
    skipping = true;
    const words = heading[1] as string;
    if (INSTANT_IN_TEXT.test(words)) {
      problems.push({
        file,
        line: at,
        field: 'update',
        message: `a template's heading has no time (it is filled in when the template is used): write "## ${words.replace(INSTANT_IN_TEXT, '').trim()}"`,
      });
      current = undefined;
      return;
    }
    const state = normaliseState(words);
    if (!(INCIDENT_STATES as readonly string[]).includes(state)) {
      problems.push({
        file,
        line: at,
        field: 'update',
        message: `"${words}" is not a state; expected one of ${INCIDENT_STATES.join(' | ')}`,
      });
      current = undefined;
      return;
    }
    current = { state: state as IncidentState, line: at, lines: [] };
  });
  close();

  const [first, ...rest] = sections;
  if (!first) {
    if (!problems.length)
      problems.push({
        file,
        line: bodyLine,
        field: 'update',
        message: 'has no update; write the first one under a heading such as "## Investigating"',
      });
    return { problems };
  }
  if (first.state === 'resolved')
    problems.push({
      file,
      line: first.line,
      field: 'update',
      message: 'the first update cannot be "resolved"; start with Investigating, Identified or Monitoring',
    });
  let again: TemplateSection | undefined;
  let resolved: TemplateSection | undefined;
  for (const s of rest) {
    const slot = s.state === 'resolved' ? resolved : again;
    if (slot) {
      problems.push({
        file,
        line: s.line,
        field: 'update',
        message: `a second "${s.state === 'resolved' ? 'Resolved' : 'again'}" section (the first is on line ${slot.line}); keep one`,
      });
      continue;
    }
    if (s.state === 'investigating')
      problems.push({
        file,
        line: s.line,
        field: 'update',
        message: 'only the first update may be "investigating"; a later section is Identified, Monitoring or Resolved',
      });
    else if (s.state === 'resolved') resolved = s;
    else again = s;
  }
  if (problems.length) return { problems };
  return {
    value: {
      name: templateName(file),
      file,
      titles,
      ...(fm.impact ? { impact: fm.impact } : {}),
      services: fm.services,
      first,
      ...(again ? { again } : {}),
      ...(resolved ? { resolved } : {}),
    },
    problems,
  };
}

/** Problems of the `{{ … }}` values in a text: each must be labels.NAME, annotations.NAME or startsAt. */
function valueProblems(text: string, file: string, firstLine: number, field: string): Problem[] {
  const out: Problem[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(VALUE)) {
      if (!KNOWN_VALUE.test(m[1] as string))
        out.push({
          file,
          line: firstLine + i,
          field,
          message: `{{ ${m[1]} }} is not a value a template can hold; use {{ labels.NAME }}, {{ annotations.NAME }} or {{ startsAt }}`,
        });
    }
  });
  return out;
}

/** The values a template is filled with: an alert's, or those staff give. */
export interface TemplateValues {
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  startsAt: Date;
}

/** The longest a value is written: a label is a word or a host name, not a paragraph. */
const MAX_VALUE = 120;

/**
 * A value as text may carry it: one line, without characters no output can carry, cut to
 * MAX_VALUE; in Markdown, with every character that could make a heading, a link, markup or
 * a language block escaped, so an alert's label can never change the file's structure.
 */
export function cleanValue(value: string, markdown: boolean): string {
  let text = '';
  for (const c of value.replace(/\s+/g, ' ').trim()) text += textProblem(c) ? '' : c;
  if (text.length > MAX_VALUE) text = `${text.slice(0, MAX_VALUE - 1)}…`;
  if (!markdown) return text;
  // Inline markup anywhere; a list, heading, quote or block marker only where a line starts.
  return text
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&')
    .replace(/^[-+:=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Fills the values into `text`, written in `lang`: `{{ startsAt }}` in the site's zone and that
 * language's way. A value the alert does not carry is written as "?" and named in `missing`.
 */
export function fill(
  text: string,
  values: TemplateValues,
  site: { timeZone: string; locale: string },
  lang: string,
  markdown: boolean,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const zone: Zone = { timeZone: site.timeZone, locale: localeFor(site, lang) };
  const out = text.replace(VALUE, (_, name: string) => {
    if (name === 'startsAt') return formatDateTime(values.startsAt, zone);
    const m = KNOWN_VALUE.exec(name);
    const value = m ? values[m[1] as 'labels' | 'annotations'][m[2] as string] : undefined;
    if (value === undefined || value.trim() === '') {
      missing.push(name);
      return '?';
    }
    return cleanValue(value, markdown);
  });
  return { text: out, missing };
}

/** Every language's text filled (see `fill`); `missing` lists each absent value once. */
export function fillAll(
  texts: LanguageTexts,
  values: TemplateValues,
  site: { timeZone: string; locale: string },
  markdown: boolean,
): { texts: LanguageTexts; missing: string[] } {
  const missing = new Set<string>();
  const out: LanguageTexts = {};
  for (const [lang, text] of Object.entries(texts)) {
    const filled = fill(text, values, site, lang, markdown);
    out[lang] = filled.text;
    for (const m of filled.missing) missing.add(m);
  }
  return { texts: out, missing: [...missing] };
}

/** The names of the values a template's texts use (`labels.instance`, `startsAt`), for `new --template`. */
export function valuesUsed(template: Template): string[] {
  const all = [
    ...Object.values(template.titles),
    ...[template.first, template.again, template.resolved].flatMap((s) => (s ? Object.values(s.texts) : [])),
  ];
  return [...new Set(all.flatMap((t) => [...t.matchAll(VALUE)].map((m) => m[1] as string)))];
}
