/**
 * Problems: what validation reports. Each names the file, the line and the field,
 * and prints as `path:line: field: message`, the shape editors and CI logs link.
 */
import { count } from './plural.ts';

export interface Problem {
  /** Path as given to the loader, relative to the working directory where possible. */
  file: string;
  /** 1-based line; 1 when the problem concerns the whole file. */
  line: number;
  /** Dotted field path (`services.registration`), or a short label such as `update` or `file`. */
  field: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}`;
}

/** Sorted by file, then line, so output is stable and reads top to bottom. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** The report printed by `statusmark validate` and by a failing build. */
export function formatReport(problems: Problem[]): string {
  const lines = sortProblems(problems).map(formatProblem);
  const files = new Set(problems.map((p) => p.file)).size;
  lines.push(`${count(problems.length, 'problem')} in ${count(files, 'file')}`);
  return lines.join('\n');
}

/** Thrown by the build when the content does not validate. */
export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(`Statusmark content is not valid:\n${formatReport(problems)}`);
    this.name = 'ContentError';
    this.problems = problems;
  }
}
