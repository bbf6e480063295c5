/**
 * The declare form's values turned into `POST /stoppages`'s body (docs/disruption.md).
 * People name a stoppage by its first and last clinic days; the API takes the half-open
 * instants [startsAt, endsAt), so the end is midnight (clinic time) after the last day.
 * A value left empty is left out, for the server to default or to name as missing: the
 * server is the one judge of the input, and its refusal is shown next to the field.
 */
import { addDays, clinicInstant } from '../scheduler/time.ts';

export type ScopeMode = 'filters' | 'named';
/** The union filter: either, members only, non-members only. */
export type UnionChoice = '' | 'members' | 'non-members';

export interface DeclareFields {
  readonly name: string;
  readonly kind: string;
  /** Clinic dates, YYYY-MM-DD, or '' when not given. */
  readonly firstDay: string;
  readonly lastDay: string;
  readonly scopeMode: ScopeMode;
  readonly disciplines: readonly string[];
  readonly centerIds: readonly string[];
  readonly union: UnionChoice;
  readonly clinicianIds: readonly string[];
  /** Percent, 1–100, as typed ('' when not a number). */
  readonly participationPercent: string;
}

const isoOfDay = (day: string) => new Date(clinicInstant(day)).toISOString();

export function declareBody(fields: DeclareFields): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  if (fields.scopeMode === 'named') {
    scope.clinicianIds = [...fields.clinicianIds];
  } else {
    if (fields.disciplines.length > 0) scope.disciplines = [...fields.disciplines];
    if (fields.centerIds.length > 0) scope.centerIds = [...fields.centerIds];
    if (fields.union !== '') scope.unionMember = fields.union === 'members';
  }
  const body: Record<string, unknown> = { name: fields.name.trim(), kind: fields.kind, scope };
  if (fields.firstDay) body.startsAt = isoOfDay(fields.firstDay);
  if (fields.lastDay) body.endsAt = isoOfDay(addDays(fields.lastDay, 1));
  const percent = Number.parseFloat(fields.participationPercent);
  if (fields.participationPercent.trim() !== '' && Number.isFinite(percent)) {
    // Two decimals of a share at most: 33.3 % is 0.333, not 0.33299999….
    body.participation = Math.round(percent * 10) / 1000;
  }
  return body;
}
