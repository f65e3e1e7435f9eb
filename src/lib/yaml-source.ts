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
  const problems: Problem[] = doc.errors.map((e) => ({
    file,
    line: toFileLine(e.pos[0]),
    field: 'yaml',
    message: e.message.split('\n')[0] ?? 'invalid YAML',
  }));
  const lineOf = (path: readonly PropertyKey[], key = false) => {
    const offset = offsetOf(doc, path, key);
    return offset === undefined ? firstLine : toFileLine(offset);
  };
  return { data: problems.length ? null : doc.toJS(), problems, lineOf };
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
