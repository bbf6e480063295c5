/**
 * A stoppage's plan as stored: written by a preview (replacing the earlier one),
 * counted per standard, and read back a page at a time.
 *
 * Rows travel to the database as one array per column (`unnest`), instants as epoch
 * milliseconds: a hundred thousand entries are a few statements, not a hundred
 * thousand, nor 23 parameters a row (PostgreSQL takes at most 65,535) — and arrays of
 * plain values cost a fraction of the JSON objects they replaced (measured: 4.6 s → see
 * docs/disruption.md, "Measured"). Each array goes as its literal (`array-literal.ts`),
 * which costs less than node-postgres's conversion of a JavaScript array.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { type ArrayElement, arrayLiteral } from '../db/array-literal.ts';
import type { Database } from '../db/schema.ts';
import type { PlanEntry, PlanResult, StandardTotals } from './model.ts';
import { PLAN_COLUMNS, type PlanColumns } from './planner.ts';

type Db = Kysely<Database> | Transaction<Database>;

const CHUNK = 25_000;

const instant = (column: string) => sql`to_timestamp(${sql.ref(column)} / 1000.0)`;

/** Each column's SQL array type (instants travel as epoch milliseconds). */
const ARRAY_TYPE: Readonly<Record<(typeof PLAN_COLUMNS)[number], string>> = {
  center_id: 'text[]',
  seq: 'int[]',
  appointment_id: 'text[]',
  clinician_id: 'text[]',
  starts_at: 'float8[]',
  ends_at: 'float8[]',
  patient_center_id: 'text[]',
  patient_id: 'text[]',
  request_id: 'text[]',
  type: 'text[]',
  standard: 'text[]',
  clock_start: 'float8[]',
  deadline: 'float8[]',
  result: 'text[]',
  next_center_id: 'text[]',
  next_clinician_id: 'text[]',
  next_provider: 'text[]',
  next_starts_at: 'float8[]',
  next_ends_at: 'float8[]',
  next_modality: 'text[]',
  next_kind: 'text[]',
  met_before: 'bool[]',
  met_after: 'bool[]',
};

export async function writePlan(
  trx: Transaction<Database>,
  stoppageId: string,
  plan: PlanColumns,
): Promise<void> {
  await trx.deleteFrom('stoppage_plan').where('stoppage_id', '=', stoppageId).execute();
  const length = plan.seq.length;
  const names = sql.join(PLAN_COLUMNS.map((c) => sql.ref(c)));
  const picked = sql.join(
    PLAN_COLUMNS.map((c) => (ARRAY_TYPE[c] === 'float8[]' ? sql`${instant(c)}` : sql.ref(c))),
  );
  for (let i = 0; i < length; i += CHUNK) {
    const arrays = sql.join(
      PLAN_COLUMNS.map(
        (c) =>
          sql`${arrayLiteral((plan[c] as ArrayElement[]).slice(i, i + CHUNK))}::${sql.raw(ARRAY_TYPE[c])}`,
      ),
    );
    await sql`
      INSERT INTO stoppage_plan (stoppage_id, ${names})
      SELECT ${stoppageId}, ${picked}
      FROM unnest(${arrays}) AS u(${names})`.execute(trx);
  }
}

const EMPTY: Omit<StandardTotals, 'standard'> = {
  affected: 0,
  kept: 0,
  movedSameClinician: 0,
  movedOtherClinician: 0,
  referredOut: 0,
  unplaceable: 0,
  metBefore: 0,
  metAfter: 0,
  notMet: 0,
};

const FIELD_OF_RESULT: Readonly<Record<PlanResult, keyof typeof EMPTY>> = {
  kept: 'kept',
  'moved-same-clinician': 'movedSameClinician',
  'moved-other-clinician': 'movedOtherClinician',
  'referred-out': 'referredOut',
  unplaceable: 'unplaceable',
};

/**
 * Totals per standard and for the whole plan. `affected` counts the appointments
 * re-placed (kept ones are not affected); `metBefore`, `metAfter` and `notMet` count
 * the affected ones.
 */
export async function summarizePlan(
  db: Db,
  stoppageId: string,
): Promise<{ totals: Omit<StandardTotals, 'standard'>; byStandard: StandardTotals[] }> {
  const rows = await db
    .selectFrom('stoppage_plan')
    .select(['standard', 'result'])
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<number>`count(*) FILTER (WHERE met_before)::int`.as('met_before'),
      sql<number>`count(*) FILTER (WHERE met_after)::int`.as('met_after'),
    ])
    .where('stoppage_id', '=', stoppageId)
    .groupBy(['standard', 'result'])
    .execute();
  const byStandard = new Map<string, Record<keyof typeof EMPTY, number>>();
  const totals: Record<keyof typeof EMPTY, number> = { ...EMPTY };
  for (const row of rows) {
    let entry = byStandard.get(row.standard);
    if (!entry) {
      entry = { ...EMPTY };
      byStandard.set(row.standard, entry);
    }
    for (const target of [entry, totals]) {
      target[FIELD_OF_RESULT[row.result]] += row.n;
      if (row.result === 'kept') continue;
      target.affected += row.n;
      target.metBefore += row.met_before;
      target.metAfter += row.met_after;
      target.notMet += row.n - row.met_after;
    }
  }
  return {
    totals,
    byStandard: [...byStandard.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([standard, counts]) => ({ standard, ...counts })),
  };
}

export interface EntryFilter {
  readonly result?: PlanResult | undefined;
  readonly standard?: string | undefined;
  readonly limit: number;
  /** Entries after this seq. */
  readonly after?: number | undefined;
}

/** A page of entries in seq order (the engine's placing order, kept ones last). */
export async function readPlanEntries(
  db: Db,
  stoppageId: string,
  filter: EntryFilter,
): Promise<{ items: PlanEntry[]; next: number | null }> {
  let query = db
    .selectFrom('stoppage_plan')
    .selectAll()
    .where('stoppage_id', '=', stoppageId)
    .orderBy('seq')
    .limit(filter.limit + 1);
  if (filter.result !== undefined) query = query.where('result', '=', filter.result);
  if (filter.standard !== undefined) query = query.where('standard', '=', filter.standard);
  if (filter.after !== undefined) query = query.where('seq', '>', filter.after);
  const rows = await query.execute();
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(
      (r): PlanEntry => ({
        seq: r.seq,
        appointment: {
          centerId: r.center_id,
          id: r.appointment_id,
          clinicianId: r.clinician_id,
          start: r.starts_at.getTime(),
          end: r.ends_at.getTime(),
        },
        patient: { centerId: r.patient_center_id, id: r.patient_id },
        request: {
          centerId: r.patient_center_id,
          id: r.request_id,
          type: r.type,
          standard: r.standard,
          deadline: r.deadline.getTime(),
        },
        result: r.result,
        next:
          r.next_starts_at === null || r.next_ends_at === null
            ? null
            : {
                clinicianId: r.next_clinician_id,
                centerId: r.next_center_id,
                provider: r.next_provider,
                start: r.next_starts_at.getTime(),
                end: r.next_ends_at.getTime(),
              },
        metBefore: r.met_before,
        metAfter: r.met_after,
        appliedAt: r.applied_at?.getTime() ?? null,
      }),
    ),
    next: rows.length > filter.limit ? page[page.length - 1]!.seq : null,
  };
}
