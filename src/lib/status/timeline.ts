/**
 * The timeline: the body of an incident or maintenance file is its list of updates.
 *
 * Grammar (one update):
 *
 *     ## <state> <time>
 *     <Markdown message, any number of lines>
 *
 * - `<state>` is one of the file kind's states, in any case, with a space, hyphen or
 *   underscore between words: `Investigating`, `in progress`, `In-Progress`.
 * - `<time>` is an instant with an explicit offset: `2025-01-27 09:30 +08:00`,
 *   `2025-01-27T09:30:00Z`, `2025-01-27 01:30 UTC`.
 * - The two may come in either order and may be separated by `-`, `–`, `—`, `|`, `·`,
 *   `:`, `,`, `@` or the word `at`: `## Identified — 2025-01-27 09:30 +08:00`.
 * - Updates are listed oldest first or newest first, but in one order throughout.
 * - Only level-2 headings start an update; `###` and deeper belong to the message,
 *   and so does anything inside a fenced code block.
 * - In an incident, lines right under the heading may change statuses from that update
 *   on, before the message:
 *
 *       services: registration=partial_outage, web-chat=operational
 *       impact: minor
 *
 *   Statuses: those of `UPDATE_SERVICE_STATUSES` (`operational` when recovered) or
 *   their aliases, as the status table (`statuses.ts`) lists them.
 */
import { IMPACTS, UPDATE_SERVICE_STATUSES, type Impact, type UpdateServiceStatus } from '../content/model.ts';
import { statusNamed } from './statuses.ts';
import { INSTANT_IN_TEXT, parseInstant, type Zone } from '../languages/time.ts';
import type { Problem } from '../content/problems.ts';
import { codeLines } from '../content/language-blocks.ts';

export interface RawUpdate<State extends string> {
  state: State;
  at: Date;
  message: string;
  /** Line of the heading in the file. */
  line: number;
  /** Line the message's first non-blank line is on. */
  messageLine: number;
  /** From a `services:` line under the heading, with the line it is on. */
  services?: Record<string, UpdateServiceStatus>;
  servicesLine?: number;
  /** From an `impact:` line under the heading. */
  impact?: Impact;
}

/** `partial`, `Partial outage`, `partial_outage` → `partial_outage`; undefined when it is not a status. */
export function parseServiceStatus(text: string): UpdateServiceStatus | undefined {
  const status = statusNamed(normaliseState(text));
  return (UPDATE_SERVICE_STATUSES as readonly string[]).includes(status ?? '') ? (status as UpdateServiceStatus) : undefined;
}

/** The fields an incident update may set on lines right under its heading. */
export const UPDATE_FIELDS = ['services', 'impact'] as const;
const FIELD_LINE = new RegExp(`^(${UPDATE_FIELDS.join('|')}):[ \\t]*(.*?)[ \\t]*$`);

const HEADING = /^ {0,3}##(?!#)[ \t]*(.*?)[ \t]*#*[ \t]*$/;
const SEPARATORS = /^[\s\-–—|·:,@]+|[\s\-–—|·:,@]+$/g;

/** `in progress`, `In-Progress` → `in_progress` */
export function normaliseState(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^at\s+|\s+at$/g, '')
    .replace(/[\s-]+/g, '_');
}

/**
 * Splits a body into updates.
 * @param firstLine the file line the body starts on.
 */
export function parseTimeline<State extends string>(
  body: string,
  states: readonly State[],
  file: string,
  firstLine: number,
  /** Whether `services:` and `impact:` lines under a heading are read (incidents). */
  withFields = false,
  /** The site's zone, for the offset a time without one is told to add. */
  zone?: Zone,
): { updates: RawUpdate<State>[]; problems: Problem[] } {
  const lines = body.split(/\r?\n/);
  const updates: RawUpdate<State>[] = [];
  const problems: Problem[] = [];
  let current: { state: State; at: Date; line: number; text: string[] } | null = null;
  const isCode = codeLines();
  let orphan: number | null = null;
  // After a heading that does not parse, its text is skipped (the heading is already reported).
  let skipping = false;

  const close = () => {
    if (!current) return;
    const fields = withFields ? readFields(current.text, current.line, file, problems) : { consumed: 0 };
    const rest = current.text.slice(fields.consumed);
    const message = trimBlankLines(rest).join('\n');
    const messageLine =
      current.line +
      1 +
      fields.consumed +
      Math.max(
        0,
        rest.findIndex((l) => l.trim() !== ''),
      );
    if (message.trim() === '') {
      problems.push({ file, line: current.line, field: 'update', message: 'has no message below its heading' });
    }
    const { consumed: _consumed, ...changes } = fields;
    updates.push({ state: current.state, at: current.at, message, line: current.line, messageLine, ...changes });
    current = null;
  };

  lines.forEach((text, i) => {
    const line = firstLine + i;
    const heading = isCode(text) ? null : HEADING.exec(text);
    if (heading) {
      close();
      const parsed = parseHeading(heading[1] ?? '', states, zone);
      if ('problem' in parsed) {
        problems.push({ file, line, field: 'update', message: parsed.problem });
        skipping = true;
        return;
      }
      skipping = false;
      current = { state: parsed.state, at: parsed.at, line, text: [] };
      return;
    }
    if (current) (current as { text: string[] }).text.push(text);
    else if (!skipping && text.trim() !== '' && orphan === null) orphan = line;
  });
  close();
  if (orphan !== null) {
    problems.push({
      file,
      line: orphan,
      field: 'update',
      message: `text before the first update heading would be lost; start the body with a heading such as "## ${titleCase(states[0] ?? 'state')} 2025-01-27 09:30 +08:00"`,
    });
  }
  return { updates, problems };
}

/** Reads the `services:` and `impact:` lines at the top of an update's text. */
function readFields(
  text: string[],
  headingLine: number,
  file: string,
  problems: Problem[],
): { consumed: number; services?: Record<string, UpdateServiceStatus>; servicesLine?: number; impact?: Impact } {
  const out: { consumed: number; services?: Record<string, UpdateServiceStatus>; servicesLine?: number; impact?: Impact } = { consumed: 0 };
  for (let i = 0; i < text.length; i++) {
    const raw = text[i] ?? '';
    if (raw.trim() === '' && out.services === undefined && out.impact === undefined) continue;
    const m = FIELD_LINE.exec(raw);
    if (!m) break;
    const line = headingLine + 1 + i;
    const [, key, value = ''] = m;
    if (key === 'impact') {
      if ((IMPACTS as readonly string[]).includes(value)) out.impact = value as Impact;
      else problems.push({ file, line, field: 'impact', message: `must be one of ${IMPACTS.join(' | ')} (got ${JSON.stringify(value)})` });
    } else {
      out.services = {};
      out.servicesLine = line;
      if (value === '')
        problems.push({
          file,
          line,
          field: 'services',
          message: 'is empty; write id=status pairs, e.g. services: api=partial_outage, web-chat=operational',
        });
      for (const pair of value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [id = '', status = '', ...extra] = pair.split('=').map((p) => p.trim());
        const parsed = parseServiceStatus(status);
        if (!id || extra.length || !parsed) {
          const why = !id || status === '' ? `"${pair}" is not id=status` : `"${status}" is not a status`;
          problems.push({
            file,
            line,
            field: 'services',
            message: `${why}; write e.g. api=partial_outage (statuses: ${UPDATE_SERVICE_STATUSES.join(' | ')})`,
          });
          continue;
        }
        out.services[id] = parsed;
      }
    }
    out.consumed = i + 1;
  }
  return out;
}

function parseHeading<State extends string>(
  text: string,
  states: readonly State[],
  zone?: Zone,
): { state: State; at: Date } | { problem: string } {
  const example = `"## ${titleCase(states[0] ?? 'state')} 2025-01-27 09:30 +08:00"`;
  const timeMatch = INSTANT_IN_TEXT.exec(text);
  if (!timeMatch) {
    return { problem: `heading "## ${text}" has no time; write it as ${example}` };
  }
  const rest = `${text.slice(0, timeMatch.index)} ${text.slice(timeMatch.index + timeMatch[0].length)}`.replace(SEPARATORS, '');
  const state = normaliseState(rest);
  if (!(states as readonly string[]).includes(state)) {
    const what = rest.trim() === '' ? 'has no state' : `has an unknown state "${rest.trim()}"`;
    return { problem: `heading "## ${text}" ${what}; expected one of ${states.join(' | ')}, as in ${example}` };
  }
  const at = parseInstant(timeMatch[0], zone);
  if (!at.ok) return { problem: `heading "## ${text}": ${at.message}` };
  return { state: state as State, at: at.date };
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  return lines.slice(start, end);
}

function titleCase(state: string): string {
  const words = state.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Whether updates, as the file lists them, run newest first (the first is later than the last). */
export function listsNewestFirst(updates: { at: Date }[]): boolean {
  return updates.length >= 2 && updates[0]!.at.getTime() > updates[updates.length - 1]!.at.getTime();
}

/**
 * Puts updates oldest first, whichever order the file used, or reports the first
 * update that breaks the file's order.
 */
export function orderUpdates<U extends { at: Date; line: number }>(updates: U[], file: string): { updates: U[]; problems: Problem[] } {
  if (updates.length < 2) return { updates, problems: [] };
  const newestFirst = listsNewestFirst(updates);
  for (let i = 1; i < updates.length; i++) {
    const prev = updates[i - 1]!;
    const cur = updates[i]!;
    const broken = newestFirst ? cur.at > prev.at : cur.at < prev.at;
    if (broken) {
      return {
        updates,
        problems: [
          {
            file,
            line: cur.line,
            field: 'update',
            message: `is out of time order: the file lists updates ${newestFirst ? 'newest' : 'oldest'} first, but this one is ${newestFirst ? 'later' : 'earlier'} than the update at line ${prev.line}`,
          },
        ],
      };
    }
  }
  return { updates: newestFirst ? [...updates].reverse() : updates, problems: [] };
}

/**
 * Stable, unique anchors for updates, by their place in the timeline (oldest first):
 * `update-1`, `update-2`, …. Correcting an update's text or moving its time by a minute
 * keeps its anchor, and with it the feed entry's id and the API's update id, so readers
 * and subscribers see a correction, not a new update. (An update inserted between two
 * others renumbers those after it; append updates.)
 */
export function updateIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `update-${i + 1}`);
}
