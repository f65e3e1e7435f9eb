/**
 * YAML with line numbers: parses a YAML text (a whole file, or the front matter of a
 * Markdown file) with the `yaml` library, keeping its syntax tree so that every
 * problem can point at the line of the field it concerns.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from './problems.ts';

export interface YamlSource {
  /** The parsed value; null where the YAML has syntax errors. */
  data: unknown;
  /** Syntax errors, already as problems. */
  problems: Problem[];
  /** The line of the field at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PropertyKey[], key?: boolean): number;
}

/**
 * @param firstLine the file line the text starts on (2 for front matter after `---`).
 */
export function parseYaml(text: string, file: string, firstLine = 1): YamlSource {
  const counter = new LineCounter();
  // The core schema keeps 2025-01-27 and timestamps as strings: we parse instants ourselves.
  const doc = parseDocument(text, { lineCounter: counter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const toFileLine = (offset: number) => counter.linePos(offset).line + firstLine - 1;
  const problems: Problem[] = [];
  const seen = new Set<number>();
  for (const e of doc.errors) {
    const at = counter.linePos(e.pos[0]).line;
    const hint = explainYamlError(e.code, text, at, firstLine);
    const line = (hint?.line ?? at) + firstLine - 1;
    // One mistake often trips several errors on the same line; the first says it best.
    if (seen.has(line)) continue;
    seen.add(line);
    problems.push({ file, line, field: hint?.field ?? 'yaml', message: hint?.message ?? e.message.split('\n')[0] ?? 'invalid YAML' });
  }
  const lineOf = (path: readonly PropertyKey[], key = false) => {
    const offset = offsetOf(doc, path, key);
    return offset === undefined ? firstLine : toFileLine(offset);
  };
  if (problems.length) return { data: null, problems, lineOf };
  try {
    return { data: doc.toJS(), problems, lineOf };
  } catch (error) {
    // The yaml library refuses documents built to explode (thousands of nested aliases).
    return { data: null, problems: [{ file, line: 1, field: 'file', message: `cannot be read: ${(error as Error).message}` }], lineOf };
  }
}

const KEY_LINE = /^(\s*)([A-Za-z0-9_-]+):[ \t]+(.*?)\s*$/;

/**
 * The common YAML mistakes, said in words with what to type instead. `line` is the
 * 1-based line of the text the parser pointed at; the answer may name a better one.
 * Messages name file lines: the text starts on `firstLine` of its file.
 */
export function explainYamlError(
  code: string,
  text: string,
  line: number,
  firstLine = 1,
): { line: number; field: string; message: string } | undefined {
  const lines = text.split(/\r?\n/);
  const source = lines[line - 1] ?? '';
  if (code === 'BLOCK_AS_IMPLICIT_KEY') {
    const m = KEY_LINE.exec(source);
    if (m && /:\s/.test(m[3]!) && !/^["'[{|>]/.test(m[3]!)) {
      return {
        line,
        field: m[2]!,
        message: `the value contains ": "; put the value in quotes: ${m[2]}: "${m[3]!.replace(/["\\]/g, '\\$&')}"`,
      };
    }
  }
  if (code === 'TAB_AS_INDENT') {
    const key = KEY_LINE.exec(source.replace(/^\t+/, ''))?.[2] ?? 'yaml';
    return {
      line,
      field: key,
      message: 'is indented with a tab; YAML needs spaces: replace each tab at the start of the line with two spaces',
    };
  }
  if (code === 'MISSING_CHAR') {
    // The parser notices at the end of the text; the quote was opened on the first line that never closes it.
    const open = lines.findIndex((l) => {
      const value = KEY_LINE.exec(l)?.[3] ?? l.replace(/^\s*-\s*/, '');
      const q = value[0];
      return (q === '"' || q === "'") && !(value.length > 1 && value.endsWith(q));
    });
    if (open >= 0) {
      const m = KEY_LINE.exec(lines[open]!);
      const value = (m?.[3] ?? lines[open]!.trim()).trimEnd();
      const q = value[0]!;
      return {
        line: open + 1,
        field: m?.[2] ?? 'yaml',
        message: `the quote is not closed; end the value with ${q} on the same line: ${m ? `${m[2]}: ` : ''}${value}${q}`,
      };
    }
  }
  if (code === 'DUPLICATE_KEY') {
    const key = KEY_LINE.exec(source)?.[2];
    if (key) {
      const indent = /^\s*/.exec(source)![0];
      const first = lines.findIndex((l) => l.startsWith(`${indent}${key}:`) && !/^\s/.test(l.slice(indent.length)));
      return { line, field: key, message: `appears twice (also on line ${first + firstLine}); keep one ${key}: line and delete the other` };
    }
  }
  return undefined;
}

function offsetOf(doc: Document, path: readonly PropertyKey[], key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return best;
      const last = i === path.length - 1;
      // A parent points at its key ("services:"), so a missing child is reported there;
      // the field itself at its value, or at its key when asked.
      best = (last && !key ? rangeStart(pair.value) : undefined) ?? rangeStart(pair.key) ?? best;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const item = (node as { items: unknown[] }).items[Number(segment)];
      if (item === undefined) return best;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
