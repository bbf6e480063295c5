/**
 * What a stoppage did (docs/disruption.md, "Impact report"): per day of the original
 * appointment (in the plan's time zone) and per standard, from the plan's entries —
 * applied ones once executed, the preview's before — with the referrals out and their
 * cost, and the simulator's prediction beside it when one was attached.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { TimelyError } from '../engine/errors.ts';
import type { ImpactReport, ImpactRow, SimulatedPrediction, Stoppage } from './model.ts';
import { summarizePlan } from './plan-store.ts';

/** What an external visit costs when the caller does not say (US dollars). */
export const DEFAULT_EXTERNAL_VISIT_COST = 250;

export async function impactReport(
  db: Kysely<Database>,
  stoppage: Stoppage,
  options: { visitCost: number; timeZone: string },
): Promise<ImpactReport> {
  const wait = (column: string) =>
    sql<
      number | null
    >`avg(extract(epoch FROM (${sql.ref(column)} - clock_start)) / 86400.0) FILTER (WHERE result <> 'kept')`;
  const { rows } = await sql<{
    day: string;
    standard: string;
    affected: number;
    kept: number;
    moved: number;
    referred_out: number;
    unplaceable: number;
    met_before: number;
    met_after: number;
    wait_before: number | null;
    wait_after: number | null;
  }>`
    SELECT to_char(starts_at AT TIME ZONE ${options.timeZone}, 'YYYY-MM-DD') AS day, standard,
      count(*) FILTER (WHERE result <> 'kept')::int AS affected,
      count(*) FILTER (WHERE result = 'kept')::int AS kept,
      count(*) FILTER (WHERE result IN ('moved-same-clinician', 'moved-other-clinician'))::int
        AS moved,
      count(*) FILTER (WHERE result = 'referred-out')::int AS referred_out,
      count(*) FILTER (WHERE result = 'unplaceable')::int AS unplaceable,
      count(*) FILTER (WHERE result <> 'kept' AND met_before)::int AS met_before,
      count(*) FILTER (WHERE result <> 'kept' AND met_after)::int AS met_after,
      ${wait('starts_at')}::float8 AS wait_before,
      ${wait('next_starts_at')}::float8 AS wait_after
    FROM stoppage_plan
    WHERE stoppage_id = ${stoppage.id}
    GROUP BY 1, 2
    ORDER BY 1, 2`.execute(db);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
  const impact: ImpactRow[] = rows.map((r) => ({
    day: r.day,
    standard: r.standard,
    affected: r.affected,
    kept: r.kept,
    moved: r.moved,
    referredOut: r.referred_out,
    unplaceable: r.unplaceable,
    metBefore: r.met_before,
    metAfter: r.met_after,
    meanWaitDaysBefore: round(r.wait_before),
    meanWaitDaysAfter: round(r.wait_after),
  }));
  const { byStandard, totals } = await summarizePlan(db, stoppage.id);
  const [stored, back] = await Promise.all([
    db
      .selectFrom('stoppages')
      .select('prediction')
      .where('id', '=', stoppage.id)
      .executeTakeFirst(),
    db
      .selectFrom('stoppage_plan')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('stoppage_id', '=', stoppage.id)
      .where('moved_back_at', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    stoppage,
    rows: impact,
    byStandard,
    referrals: {
      count: totals.referredOut,
      visitCost: options.visitCost,
      cost: totals.referredOut * options.visitCost,
    },
    movedBack: back.n,
    prediction: (stored?.prediction ?? null) as SimulatedPrediction | null,
  };
}

/** The part of `timely simulate --json` the report reads (more fields are allowed). */
const simulateOutput = z.object({
  scenarios: z
    .array(
      z.object({
        name: z.string(),
        summary: z.object({
          referralsOut: z.number().nonnegative(),
          unplaced: z.number().nonnegative(),
          standards: z.record(
            z.string(),
            z.object({
              count: z.number().nonnegative(),
              compliance: z.number().min(0).max(1).nullable(),
            }),
          ),
        }),
      }),
    )
    .min(1),
});

/** Reads the prediction out of the simulator's output; `scenario` picks one by name. */
export function predictionOf(
  output: unknown,
  scenario: string | undefined,
  now: number,
): SimulatedPrediction {
  const parsed = simulateOutput.safeParse(output);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ['prediction', ...issue.path.map(String)].join('.');
    throw new TimelyError(
      'FIELD_INVALID',
      `${path}: ${issue.message} (expected the output of timely simulate --json)`,
      { path },
    );
  }
  const scenarios = parsed.data.scenarios;
  const chosen = scenario === undefined ? scenarios[0] : scenarios.find((s) => s.name === scenario);
  if (!chosen) {
    throw new TimelyError(
      'FIELD_INVALID',
      `scenario: no scenario "${scenario}" in the output (it has ${scenarios.map((s) => s.name).join(', ')})`,
      { path: 'scenario' },
    );
  }
  return {
    scenario: chosen.name,
    attachedAt: now,
    referralsOut: chosen.summary.referralsOut,
    unplaced: chosen.summary.unplaced,
    standards: Object.fromEntries(
      Object.entries(chosen.summary.standards).map(([id, s]) => [
        id,
        { count: s.count, compliance: s.compliance },
      ]),
    ),
  };
}
