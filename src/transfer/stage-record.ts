/**
 * One record, from either format, checked and turned into a staged row: the API object
 * is parsed with its kind's schema, its `createdAt` (which the API sets itself, but an
 * import keeps) on the side, and every issue becomes a problem at the source's place.
 */
import { type FieldRef, type ImportProblem, type SourceRef, zodProblems } from './problems.ts';
import { apiFieldOf, KINDS, type KindName } from './record-kinds.ts';
import { createdAtField } from './record-schemas.ts';
import type { StagedRow } from './staging.ts';

export interface StageResult {
  readonly row: StagedRow | undefined;
  readonly problems: ImportProblem[];
}

/**
 * `blame` names the source of an API path (`['name']`, `['sessions', 2, 'minutes']`);
 * the staged row keeps it, so later problems (references, database refusals) by
 * database column land on the same place.
 */
export function stageRecord(
  kindName: KindName,
  input: Readonly<Record<string, unknown>>,
  at: SourceRef,
  blame: (path: readonly PropertyKey[]) => FieldRef,
): StageResult {
  const kind = KINDS[kindName];
  const { createdAt, ...fields } = input;
  const problems: ImportProblem[] = [];
  const created = createdAtField.safeParse(createdAt);
  if (!created.success) {
    problems.push(...zodProblems(created.error, (path) => blame(['createdAt', ...path])));
  }
  const parsed = kind.schema.safeParse(fields);
  if (!parsed.success) problems.push(...zodProblems(parsed.error, blame));
  if (!parsed.success || !created.success) return { row: undefined, problems };
  const values = kind.toRow(parsed.data as never, created.data);
  const row: StagedRow = {
    values,
    at,
    blame: (column) => blame([apiFieldOf(column)]),
  };
  return { row, problems };
}
