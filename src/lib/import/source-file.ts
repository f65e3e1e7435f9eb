/**
 * Reading another tool's Markdown files (cState issues, Statusfy incidents): front matter
 * as plain strings (so `2018-06-13 14:23:00` stays the text it was, not a guessed Date), the
 * body, and the line of each field for the import report.
 */
import { parse } from 'yaml';

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
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!/^---\s*$/.test(lines[0] ?? '')) return { ok: false, line: 1, reason: 'it has no front matter (no --- line at the top)' };
  const close = lines.findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  if (close < 0) return { ok: false, line: 1, reason: 'its front matter is not closed by a --- line' };
  let data: unknown;
  try {
    data = parse(lines.slice(1, close).join('\n'));
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    return { ok: false, line: line ? line + 1 : 1, reason: `its front matter is not YAML (${(error as Error).message.split('\n')[0]})` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, line: 2, reason: 'its front matter is not a mapping of fields' };
  const lineOf = (field: string) => {
    const i = lines.slice(1, close).findIndex((l) => l.startsWith(`${field}:`));
    return i < 0 ? 1 : i + 2;
  };
  return { ok: true, file: { data: data as Record<string, unknown>, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2, lineOf } };
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
