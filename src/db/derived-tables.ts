/**
 * What the database derives by itself, read back for the tests that check it:
 * `request_outcomes` row by row, and the access rollups as readers see them (folded rows
 * plus deltas, per cell, empty cells left out). A test compares these before and after
 * `rebuild_request_outcomes()`: what the triggers (or a batch's set-based refresh) kept
 * must equal a fresh derivation.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

type Row = Record<string, unknown>;

export async function requestOutcomeRows(db: Kysely<Database>): Promise<Row[]> {
  const { rows } = await sql<Row>`
    SELECT * FROM request_outcomes ORDER BY center_id, request_id`.execute(db);
  return rows;
}

export async function accessRollupCells(
  db: Kysely<Database>,
): Promise<{ cells: Row[]; waits: Row[] }> {
  const { rows } = await sql<Row>`
    SELECT week::text, center_id, standard, type, language, discipline,
           sum(requests)::int AS requests, sum(met)::int AS met,
           sum(referred)::int AS referred, sum(unresolved)::int AS unresolved,
           sum(followups)::int AS followups, sum(continuity)::int AS continuity
    FROM (SELECT * FROM access_rollup UNION ALL SELECT * FROM access_rollup_deltas) cells
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(requests) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6`.execute(db);
  const waits = await sql<Row>`
    SELECT week::text, center_id, standard, wait, sum(requests)::int AS requests
    FROM (SELECT * FROM access_wait_rollup UNION ALL SELECT * FROM access_wait_deltas) cells
    GROUP BY 1, 2, 3, 4
    HAVING sum(requests) <> 0
    ORDER BY 1, 2, 3, 4`.execute(db);
  return { cells: rows, waits: waits.rows };
}
