/**
 * Stoppages as records: declaring one (its scope resolved to the clinicians it calls
 * out, and who of them stops work), reading them back, correcting the list.
 *
 * Who stops work, for planning: `participation` × the clinicians in scope, picked by a
 * hash of the stoppage's id and the clinician's key — deterministic (the same stoppage
 * always plans with the same people) and spread evenly over centers and disciplines.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { TimelyError } from '../engine/errors.ts';
import { type AuditContext, auditRecord } from '../server/audit.ts';
import {
  type DeclareStoppageInput,
  STOPPAGE_KINDS,
  type Stoppage,
  type StoppageClinician,
  type StoppageScope,
  type StoppageStatus,
} from './model.ts';

type Db = Kysely<Database> | Transaction<Database>;

function invalid(path: string, message: string): never {
  throw new TimelyError('FIELD_INVALID', `${path}: ${message}`, { path });
}

export function notFound(id: string): TimelyError {
  return new TimelyError('NOT_FOUND', `stoppage "${id}" is unknown`, { path: 'id' });
}

export function wrongStatus(stoppage: Stoppage, step: string, allowed: string): TimelyError {
  return new TimelyError(
    'CONFLICT',
    `stoppage "${stoppage.id}" is ${stoppage.status}: ${step} needs it ${allowed}`,
    { path: 'status' },
  );
}

/** The checks no schema can make: times in order, a share in (0, 1], a scope that names someone. */
function checkDeclaration(input: DeclareStoppageInput): void {
  if (input.name.trim().length === 0) invalid('name', 'must not be empty');
  if (input.kind !== undefined && !STOPPAGE_KINDS.includes(input.kind)) {
    invalid('kind', `expected ${STOPPAGE_KINDS.join(' or ')}`);
  }
  if (!Number.isFinite(input.startsAt)) invalid('startsAt', 'expected an instant');
  if (!Number.isFinite(input.endsAt)) invalid('endsAt', 'expected an instant');
  if (input.endsAt <= input.startsAt) invalid('endsAt', 'must be after startsAt');
  const p = input.participation ?? 1;
  if (!(Number.isFinite(p) && p > 0 && p <= 1)) {
    invalid('participation', `expected a share above 0 and at most 1, got ${p}`);
  }
  const scope = input.scope;
  const lists = ['clinicianIds', 'disciplines', 'centerIds'] as const;
  for (const key of lists) {
    const list = scope[key];
    if (list !== undefined && list.length === 0) invalid(`scope.${key}`, 'must not be empty');
  }
}

/** Declares a stoppage (status draft) and resolves its clinicians, in one transaction. */
export async function declareStoppage(
  db: Kysely<Database>,
  input: DeclareStoppageInput,
  context: AuditContext,
): Promise<string> {
  checkDeclaration(input);
  const scope: StoppageScope = {
    ...(input.scope.clinicianIds ? { clinicianIds: [...input.scope.clinicianIds] } : {}),
    ...(input.scope.disciplines ? { disciplines: [...input.scope.disciplines] } : {}),
    ...(input.scope.centerIds ? { centerIds: [...input.scope.centerIds] } : {}),
    ...(input.scope.unionMember === undefined ? {} : { unionMember: input.scope.unionMember }),
  };
  const participation = input.participation ?? 1;
  return db.transaction().execute(async (trx) => {
    if (!scope.clinicianIds && scope.centerIds) {
      const ids = [...new Set(scope.centerIds)];
      const known = await trx
        .selectFrom('medical_centers')
        .select('id')
        .where('id', 'in', ids)
        .execute();
      const found = new Set(known.map((k) => k.id));
      const i = scope.centerIds.findIndex((c) => !found.has(c));
      if (i >= 0) invalid(`scope.centerIds[${i}]`, `no medical center "${scope.centerIds[i]}"`);
    }
    const row = await trx
      .insertInto('stoppages')
      .values({
        name: input.name.trim(),
        kind: input.kind ?? 'strike',
        starts_at: new Date(input.startsAt),
        ends_at: new Date(input.endsAt),
        notice_at: input.noticeAt === undefined ? null : new Date(input.noticeAt),
        scope: JSON.stringify(scope),
        participation,
        disciplines: scope.clinicianIds || !scope.disciplines ? null : [...scope.disciplines],
        center_id:
          !scope.clinicianIds && scope.centerIds?.length === 1 ? scope.centerIds[0]! : null,
        declared_by: context.actorUserId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inScope = await resolveScope(trx, row.id, scope, participation);
    if (inScope === 0) invalid('scope', 'names no active clinician');
    await trx
      .insertInto('audit_events')
      .values(
        auditRecord(context, {
          action: 'C',
          entityType: 'Stoppage',
          entityId: row.id,
          detail: { clinicians: inScope, participation },
        }),
      )
      .execute();
    return row.id;
  });
}

/** Writes the stoppage's clinicians; returns how many are in scope. */
async function resolveScope(
  trx: Transaction<Database>,
  id: string,
  scope: StoppageScope,
  participation: number,
): Promise<number> {
  if (scope.clinicianIds) {
    const ids = [...new Set(scope.clinicianIds)];
    const known = await trx
      .selectFrom('clinicians')
      .select('id')
      .where('id', 'in', ids)
      .where('active', '=', true)
      .execute();
    const found = new Set(known.map((k) => k.id));
    const missing = ids.findIndex((c) => !found.has(c));
    if (missing >= 0) {
      invalid(
        `scope.clinicianIds[${scope.clinicianIds.indexOf(ids[missing]!)}]`,
        `no active clinician "${ids[missing]}"`,
      );
    }
  }
  const filters = [sql`c.active`];
  if (scope.clinicianIds) filters.push(sql`c.id = ANY(${[...scope.clinicianIds]}::text[])`);
  else {
    if (scope.disciplines) filters.push(sql`c.discipline = ANY(${[...scope.disciplines]}::text[])`);
    if (scope.centerIds) filters.push(sql`c.center_id = ANY(${[...scope.centerIds]}::text[])`);
    if (scope.unionMember !== undefined) filters.push(sql`c.union_member = ${scope.unionMember}`);
  }
  const result = await sql`
    INSERT INTO stoppage_clinicians (center_id, stoppage_id, clinician_id, participating)
    SELECT center_id, ${id}, id,
      row_number() OVER (ORDER BY md5(${id} || '/' || center_id || '/' || id), center_id, id)
        <= round(${participation}::float8 * count(*) OVER ())
    FROM clinicians c
    WHERE ${sql.join(filters, sql` AND `)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

const STATUS_OF = (s: string): StoppageStatus => s as StoppageStatus;

/** Reads stoppages with their counts; all of them when `ids` is omitted, newest first. */
export async function readStoppages(db: Db, ids?: readonly string[]): Promise<Stoppage[]> {
  if (ids !== undefined && ids.length === 0) return [];
  let query = db
    .selectFrom('stoppages as s')
    .selectAll('s')
    .select((eb) => [
      eb
        .selectFrom('stoppage_clinicians as sc')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('sc.stoppage_id', '=', 's.id')
        .as('in_scope'),
      eb
        .selectFrom('stoppage_clinicians as sc')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('sc.stoppage_id', '=', 's.id')
        .where('sc.participating', '=', true)
        .as('participating'),
      eb
        .selectFrom('stoppage_plan as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('p.stoppage_id', '=', 's.id')
        .where('p.result', '<>', 'kept')
        .as('entries'),
      eb
        .selectFrom('stoppage_plan as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('p.stoppage_id', '=', 's.id')
        .where('p.result', '=', 'kept')
        .as('kept'),
      eb
        .selectFrom('stoppage_plan as p')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('p.stoppage_id', '=', 's.id')
        .where('p.applied_at', 'is not', null)
        .as('applied'),
    ])
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id');
  if (ids !== undefined) query = query.where('s.id', 'in', [...ids]);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: STATUS_OF(r.status),
    startsAt: r.starts_at.getTime(),
    // Stoppages imported without an end (migration 0002) are read as one day long.
    endsAt: (r.ends_at ?? new Date(r.starts_at.getTime() + 86_400_000)).getTime(),
    scope: r.scope as StoppageScope,
    participation: r.participation,
    noticeAt: r.notice_at?.getTime() ?? null,
    clinicians: { inScope: r.in_scope ?? 0, participating: r.participating ?? 0 },
    declaredAt: r.created_at.getTime(),
    previewedAt: r.previewed_at?.getTime() ?? null,
    executedAt: r.executed_at?.getTime() ?? null,
    endedAt: r.ended_at?.getTime() ?? null,
    plan: { entries: r.entries ?? 0, kept: r.kept ?? 0, applied: r.applied ?? 0 },
  }));
}

export async function readStoppage(db: Db, id: string): Promise<Stoppage> {
  const [stoppage] = await readStoppages(db, [id]);
  if (!stoppage) throw notFound(id);
  return stoppage;
}

/** Only a stoppage's status: what a poll of the execution's progress needs of it. */
export async function readStoppageStatus(
  db: Db,
  id: string,
): Promise<Pick<Stoppage, 'id' | 'status'>> {
  const row = await db
    .selectFrom('stoppages')
    .select(['id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(id);
  return { id: row.id, status: STATUS_OF(row.status) };
}

export async function stoppageClinicians(db: Db, id: string): Promise<StoppageClinician[]> {
  const rows = await db
    .selectFrom('stoppage_clinicians as sc')
    .innerJoin('clinicians as c', (join) =>
      join.onRef('c.center_id', '=', 'sc.center_id').onRef('c.id', '=', 'sc.clinician_id'),
    )
    .select(['sc.center_id', 'sc.clinician_id', 'c.name', 'c.discipline', 'sc.participating'])
    .where('sc.stoppage_id', '=', id)
    .orderBy('sc.center_id')
    .orderBy('c.name')
    .orderBy('sc.clinician_id')
    .execute();
  return rows.map((r) => ({
    centerId: r.center_id,
    id: r.clinician_id,
    name: r.name,
    discipline: r.discipline,
    participating: r.participating,
  }));
}

/** Corrects who stops work, clinician by clinician, while the stoppage is a draft. */
export async function setParticipation(
  db: Kysely<Database>,
  stoppage: Stoppage,
  changes: readonly { centerId: string; id: string; participating: boolean }[],
  context: AuditContext,
): Promise<void> {
  if (stoppage.status !== 'draft') throw wrongStatus(stoppage, 'changing its clinicians', 'draft');
  await db.transaction().execute(async (trx) => {
    for (const [i, change] of changes.entries()) {
      const updated = await trx
        .updateTable('stoppage_clinicians')
        .set({ participating: change.participating })
        .where('stoppage_id', '=', stoppage.id)
        .where('center_id', '=', change.centerId)
        .where('clinician_id', '=', change.id)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        invalid(
          `clinicians[${i}]`,
          `clinician "${change.centerId}/${change.id}" is not in the stoppage's scope`,
        );
      }
    }
    // A changed list makes an earlier preview stale.
    await trx.deleteFrom('stoppage_plan').where('stoppage_id', '=', stoppage.id).execute();
    await trx
      .updateTable('stoppages')
      .set({ previewed_at: null })
      .where('id', '=', stoppage.id)
      .execute();
    await trx
      .insertInto('audit_events')
      .values(
        auditRecord(context, {
          action: 'U',
          entityType: 'Stoppage',
          entityId: stoppage.id,
          detail: { clinicians: changes.length },
        }),
      )
      .execute();
  });
}
