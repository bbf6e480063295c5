/**
 * What an import reports: one problem per bad field of a bad row, each naming where it
 * came from so the user can open the file and fix it. A CSV row is named by its line
 * (`clinicians.csv:7 caseloadCap: …`), a FHIR resource by its place in the Bundle
 * (`network.json entry[3].name[0].text: …`).
 *
 * Messages say what is wrong with the value, never the value itself when it may be
 * personal data (names, member numbers, birth dates): the report may end up in a log.
 */
import type { z } from 'zod';

/** A row's place in its source: a CSV line or a Bundle entry. */
export type SourceRef =
  | { readonly file: string; readonly line: number }
  | { readonly file: string; readonly entry: number }
  | { readonly file: string };

/** A field of a row, as the source names it (a CSV header, a FHIR path). */
export interface FieldRef {
  readonly at: SourceRef;
  /** empty for the row (or entry) as a whole */
  readonly field: string;
}

export interface ImportProblem extends FieldRef {
  readonly message: string;
}

export function problemLine(problem: ImportProblem): string {
  const { at, field, message } = problem;
  if ('line' in at) return `${at.file}:${at.line}${field === '' ? '' : ` ${field}`}: ${message}`;
  if ('entry' in at)
    return `${at.file} entry[${at.entry}]${field === '' ? '' : `.${field}`}: ${message}`;
  return `${at.file}: ${message}`;
}

/** "FILE:LINE" or "FILE entry[N]": a row's place, for messages that point at another. */
export function placeOf(at: SourceRef): string {
  if ('line' in at) return `${at.file}:${at.line}`;
  if ('entry' in at) return `${at.file} entry[${at.entry}]`;
  return at.file;
}

/** Sorts problems by file, then line or entry, so the report reads top to bottom. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  const position = (at: SourceRef) => ('line' in at ? at.line : 'entry' in at ? at.entry : -1);
  return [...problems].sort(
    (a, b) =>
      a.at.file.localeCompare(b.at.file) ||
      position(a.at) - position(b.at) ||
      a.field.localeCompare(b.field),
  );
}

/** Thrown when anything in an import is bad; nothing was written. */
export class ImportRefused extends Error {
  constructor(readonly problems: readonly ImportProblem[]) {
    super(`import refused: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    this.name = 'ImportRefused';
  }
}

export function isImportRefused(error: unknown): error is ImportRefused {
  return error instanceof ImportRefused;
}

/**
 * A zod failure as problems. `blame` turns the issue's path (an API field, e.g.
 * `languages.1` or `sessions.0.startTime`) into the place in the source to name.
 */
export function zodProblems(
  error: z.ZodError,
  blame: (path: readonly PropertyKey[]) => FieldRef,
): ImportProblem[] {
  return error.issues.map((issue) => ({ ...blame(issue.path), message: messageOf(issue) }));
}

/** zod's message, except a missing value, which a spreadsheet user knows as "required". */
function messageOf(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
    ? 'required'
    : issue.message;
}
