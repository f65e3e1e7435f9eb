/**
 * Problems: what validation reports. Each names the file, the line and the field,
 * and prints as `path:line: field: message`, the shape editors and CI logs link.
 * A warning (`path:line: warning: field: message`) is reported but does not fail
 * validation, except with `statusmark validate --strict`.
 */
import { count } from '../languages/plural.ts';

export interface Problem {
  /** Path as given to the loader, relative to the working directory where possible. */
  file: string;
  /** 1-based line; 1 when the problem concerns the whole file. */
  line: number;
  /** Dotted field path (`services.registration`), or a short label such as `update` or `file`. */
  field: string;
  message: string;
  /** Reported, but the content is still valid (see `strict`). Absent: an error. */
  warning?: boolean;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.warning ? 'warning: ' : ''}${p.field}: ${p.message}`;
}

/** Sorted by file, then line, then field, so output is stable and reads top to bottom. */
export function sortProblems(problems: Problem[]): Problem[] {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...problems].sort((a, b) => order(a.file, b.file) || a.line - b.line || order(a.field, b.field));
}

/** The report printed by `statusmark validate` and by the build: every line, then how many of each kind in how many files. */
export function formatReport(problems: Problem[]): string {
  const lines = sortProblems(problems).map(formatProblem);
  const files = new Set(problems.map((p) => p.file)).size;
  const warnings = problems.filter((p) => p.warning).length;
  const errors = problems.length - warnings;
  const kinds = [errors || !warnings ? count(errors, 'problem') : '', warnings ? count(warnings, 'warning') : ''].filter(Boolean);
  lines.push(`${kinds.join(' and ')} in ${count(files, 'file')}`);
  return lines.join('\n');
}

/** The errors among `problems`: what makes content invalid. */
export function errorsIn(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => !p.warning);
}

/** `validate --strict`: every warning counts as an error. */
export function strict(problems: readonly Problem[]): Problem[] {
  return problems.map(({ warning: _warning, ...p }) => p);
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
