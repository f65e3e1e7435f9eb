/**
 * Reading another tool's Markdown files (cState issues, Statusfy incidents): front matter
 * as plain strings (so `2018-06-13 14:23:00` stays the text it was, not a guessed Date), the
 * body, and the line of each field for the import report.
 */
import { parse } from 'yaml';
import { splitFrontMatter } from '../content/front-matter.ts';

export interface SourceFile {
  data: Record<string, unknown>;
  body: string;
  /** The 1-based line the body starts on. */
  bodyLine: number;
  /** The 1-based line of a top-level field (1 when absent). */
  lineOf: (field: string) => number;
}

/** The front matter and body of a Markdown file, or why it cannot be read. */
export function readSourceFile(text: string): { ok: true; file: SourceFile } | { ok: false; line: number; reason: string } {
  const cut = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if (!cut.ok)
    return {
      ok: false,
      line: 1,
      reason:
        cut.reason === 'unclosed' ? 'its front matter is not closed by a --- line' : 'it has no front matter (no --- line at the top)',
    };
  const { yaml, yamlLine, body, bodyLine } = cut.split;
  let data: unknown;
  try {
    data = parse(yaml);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return {
      ok: false,
      line: line ? line + yamlLine - 1 : 1,
      reason: `its front matter is not YAML (${(error as Error).message.split('\n')[0]})`,
    };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, line: 2, reason: 'its front matter is not a mapping of fields' };
  const fieldLines = yaml.split(/\r?\n/);
  const lineOf = (field: string) => {
    const i = fieldLines.findIndex((l) => l.startsWith(`${field}:`));
    return i < 0 ? 1 : i + yamlLine;
  };
  return { ok: true, file: { data: data as Record<string, unknown>, body: body.replace(/\r\n/g, '\n'), bodyLine, lineOf } };
}

/** A front matter value as text: strings and numbers as they are, anything else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A front matter value as a list of strings: a list, or a single string. */
export function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => text(v)).filter((v): v is string => v !== undefined);
  const one = text(value);
  return one ? [one] : [];
}
