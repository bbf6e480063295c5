/**
 * The access figures read from the rollup (migration 0012): per week, standard and one
 * grouping, how many requests met their deadline, were referred out, missed it or are
 * still pending — the same judgement as `access-window.ts`, without reading a request.
 *
 * Three sources are added up: the folded `access_rollup` rows, the deltas not yet
 * folded (so a booking shows the moment it commits), and the one part that depends on
 * when the question is asked — the requests not met whose deadline is still ahead are
 * pending, not missed. Those few are read from `request_outcomes` through its partial
 * index on `due`, and moved from `unresolved` to `pending`.
 */
import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { WeekWindow } from './access-window.ts';

/** What a figure can be broken down by, besides week and standard. */
export const ROLLUP_GROUPS = ['center', 'discipline', 'language', 'type'] as const;
export type RollupGroup = (typeof ROLLUP_GROUPS)[number];

/** The discipline of requests neither booked with a clinician nor asking for one. */
export const UNASSIGNED = 'unassigned';

export const rollupGroupParam = z
  .enum(ROLLUP_GROUPS)
  .default('center')
  .meta({
    description:
      'break down by medical center, discipline (of the clinician seen, else asked for), ' +
      "the member's language, or the request type",
  });

export const centerFilterParam = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .meta({ description: 'only the requests of this medical center (its id)' });

export interface RollupRow {
  /** the Monday, YYYY-MM-DD */
  week: string;
  standard: string;
  group_id: string;
  requests: number;
  met: number;
  referred: number;
  missed: number;
  pending: number;
  followups: number;
  continuity: number;
}

/** The rollup's column for a grouping, and the same on a `request_outcomes` row `o`. */
const GROUP_COLUMN: Readonly<Record<RollupGroup, { rollup: string; outcome: string }>> = {
  center: { rollup: 'center_id', outcome: 'o.center_id' },
  discipline: {
    rollup: 'discipline',
    outcome: `coalesce(o.served_discipline, o.discipline, '${UNASSIGNED}')`,
  },
  language: { rollup: 'language', outcome: 'o.language' },
  type: { rollup: 'type', outcome: 'o.type' },
};

/**
 * One row per week × standard × group with requests, met, referred, missed, pending,
 * followups (with a clinician of their own) and continuity (stayed with them). With
 * `group: null` every row's `group_id` is `'all'`.
 */
export function rollupCounts(
  window: WeekWindow,
  options: { readonly group: RollupGroup | null; readonly center?: string | undefined },
): RawBuilder<RollupRow> {
  const first = window.mondays[0] ?? '';
  const last = window.mondays[window.mondays.length - 1] ?? '';
  const { asOf } = window;
  const group = options.group === null ? null : GROUP_COLUMN[options.group];
  const folded = (table: string) => sql`
    SELECT week, standard, ${sql.raw(group?.rollup ?? `'all'`)} AS group_id, requests, met,
           referred, unresolved, 0 AS pending, followups, continuity
    FROM ${sql.table(table)}
    WHERE week BETWEEN ${first}::date AND ${last}::date
      ${options.center === undefined ? sql`` : sql`AND center_id = ${options.center}`}`;
  return sql<RollupRow>`
    SELECT week::text AS week, standard, group_id,
           sum(requests)::int AS requests, sum(met)::int AS met,
           sum(referred)::int AS referred, sum(unresolved)::int AS missed,
           sum(pending)::int AS pending, sum(followups)::int AS followups,
           sum(continuity)::int AS continuity
    FROM (
      ${folded('access_rollup')}
      UNION ALL
      ${folded('access_rollup_deltas')}
      UNION ALL
      SELECT o.week, o.standard, ${sql.raw(group?.outcome ?? `'all'`)}, 0, 0, 0, -1, 1, 0, 0
      FROM request_outcomes o
      WHERE o.due >= ${asOf}::timestamptz
        AND o.status NOT IN ('cancelled', 'referred')
        AND (o.first_at IS NULL OR o.first_at > o.due)
        AND o.week BETWEEN ${first}::date AND ${last}::date
        ${options.center === undefined ? sql`` : sql`AND o.center_id = ${options.center}`}
    ) AS cells (week, standard, group_id, requests, met, referred, unresolved, pending,
                followups, continuity)
    GROUP BY week, standard, group_id
    HAVING sum(requests) > 0
    ORDER BY week, standard, group_id`;
}
