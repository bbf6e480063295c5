/**
 * The disruption benchmark's fill (`disruption-fill.ts`) on the small demo in PGlite: the
 * window holds what was asked for, every visit sits on a real free slot of its
 * clinician, each request is what its session and clinician make it, with the engine's
 * deadline, and the tables the triggers keep are as if each visit had been booked.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { openTempPglite, type TestDatabase } from '../src/db/test-databases.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { BusinessCalendar, CALIFORNIA } from '../src/engine/rules/calendar.ts';
import { deadlineFor } from '../src/engine/rules/deadline.ts';
import { californiaStandards } from '../src/engine/rules/standards.ts';
import {
  dayNumberOfDate,
  type Instant,
  instantAtLocal,
  type LocalDate,
  MS_PER_DAY,
} from '../src/engine/time.ts';
import { type FillOptions, type FillReport, fillSchedule } from './disruption-fill.ts';

const ZONE = 'America/Los_Angeles';
const TODAY = '2026-03-02';
/** 07:00 on the demo's "today": the day's sessions are all ahead. */
const NOW = instantAtLocal(dayNumberOfDate(TODAY as LocalDate), 7 * 60, ZONE);
const OPTIONS: FillOptions = { now: NOW, targetBooked: 5_000, windowDays: 28, horizonDays: 30 };
const WINDOW_END = new Date(NOW + OPTIONS.windowDays * MS_PER_DAY);

let first: TestDatabase;
let second: TestDatabase;
let report: FillReport;
let again: FillReport;

async function filledDemo(options: FillOptions): Promise<{ db: TestDatabase; report: FillReport }> {
  const db = await openTempPglite();
  await migrateToLatest(db.db);
  await loadDemo(db.db, { size: 'small', today: TODAY });
  return { db, report: await fillSchedule(db.db, options) };
}

async function count(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${query}) q`.execute(
    db,
  );
  return rows[0]?.n ?? Number.NaN;
}

interface FillRow {
  readonly center_id: string;
  readonly clinician_id: string;
  readonly patient_id: string;
  readonly starts_at: Date;
  readonly type: string;
}

async function fillRows(db: Kysely<Database>): Promise<FillRow[]> {
  const { rows } = await sql<FillRow>`
    SELECT a.center_id, a.clinician_id, a.patient_id, a.starts_at, r.type
    FROM appointments a JOIN requests r ON r.center_id = a.patient_center_id AND r.id = a.request_id
    WHERE a.id LIKE 'fill-appt-%' ORDER BY a.id`.execute(db);
  return rows;
}

beforeAll(async () => {
  ({ db: first, report } = await filledDemo(OPTIONS));
  ({ db: second, report: again } = await filledDemo(OPTIONS));
}, 180_000);

afterAll(async () => {
  await first?.dispose();
  await second?.dispose();
});

describe('the disruption fill, on the small demo', () => {
  it('books the window to the number asked for, and says so', async () => {
    const booked = await count(
      first.db,
      sql`SELECT 1 FROM appointments WHERE status = 'booked'
          AND starts_at >= ${new Date(NOW)} AND starts_at < ${WINDOW_END}`,
    );
    expect(report.bookedAfter).toBe(booked);
    expect(Math.abs(booked - OPTIONS.targetBooked)).toBeLessThan(OPTIONS.targetBooked * 0.05);
    expect(report.bookedBefore).toBeLessThan(booked);
    expect(report.added).toBe(
      await count(first.db, sql`SELECT 1 FROM appointments WHERE id LIKE 'fill-appt-%'`),
    );
    expect(report.unitsWithoutMember).toBeLessThan(report.added * 0.02);
    expect(report.triggersOff).toBe(true);
  });

  it('puts every visit on a session of the template in force, on a business day, after now', async () => {
    const offSession = sql`
      SELECT 1 FROM appointments a
      WHERE a.id LIKE 'fill-appt-%' AND NOT EXISTS (
        SELECT 1 FROM templates t
        JOIN template_sessions s ON s.center_id = t.center_id AND s.template_id = t.id
        WHERE t.center_id = a.center_id AND t.clinician_id = a.clinician_id
          AND t.effective_from <= (a.starts_at AT TIME ZONE ${ZONE})::date
          AND (t.effective_to IS NULL OR t.effective_to >= (a.starts_at AT TIME ZONE ${ZONE})::date)
          AND s.weekday = extract(isodow FROM a.starts_at AT TIME ZONE ${ZONE})
          AND s.start_time = (a.starts_at AT TIME ZONE ${ZONE})::time
          AND a.ends_at = a.starts_at + make_interval(mins => s.minutes) AND s.kind = a.kind)`;
    const calendar = new BusinessCalendar(CALIFORNIA);
    const { rows } = await sql<{ day: string }>`
      SELECT DISTINCT to_char(starts_at AT TIME ZONE ${ZONE}, 'YYYY-MM-DD') AS day
      FROM appointments WHERE id LIKE 'fill-appt-%'`.execute(first.db);
    expect(await count(first.db, offSession)).toBe(0);
    expect(
      rows.filter((r) => !calendar.isBusinessDay(dayNumberOfDate(r.day as LocalDate))),
    ).toEqual([]);
    expect(
      await count(
        first.db,
        sql`SELECT 1 FROM appointments WHERE id LIKE 'fill-appt-%' AND starts_at <= ${new Date(NOW)}`,
      ),
    ).toBe(0);
  });

  it('never holds a clinician or a member in two live visits at once', async () => {
    const overlapping = (partition: string) => sql`
      SELECT 1 FROM (
        SELECT starts_at, max(ends_at) OVER (
                 PARTITION BY ${sql.raw(partition)} ORDER BY starts_at, id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_end
        FROM appointments WHERE status IN ('booked', 'completed')) s
      WHERE starts_at < latest_end`;
    expect(await count(first.db, overlapping('center_id, clinician_id'))).toBe(0);
    expect(await count(first.db, overlapping('patient_center_id, patient_id'))).toBe(0);
  });

  it('makes each request what its session and clinician make it', async () => {
    const { rows } = await sql<{
      kind: string;
      discipline: string;
      type: string;
      standard: string;
      own: boolean;
      n: number;
    }>`
      SELECT a.kind, c.discipline, r.type, r.standard,
        r.prior_clinician_id IS NOT DISTINCT FROM a.clinician_id AS own, count(*)::int AS n
      FROM appointments a
      JOIN requests r ON r.center_id = a.patient_center_id AND r.id = a.request_id
      JOIN clinicians c ON c.center_id = a.center_id AND c.id = a.clinician_id
      WHERE a.id LIKE 'fill-appt-%'
      GROUP BY 1, 2, 3, 4, 5`.execute(first.db);
    for (const row of rows) {
      if (row.kind === 'followup') {
        expect(row).toMatchObject({
          type: 'followup',
          standard: 'followup-nonphysician-mh',
          own: true,
        });
        expect(row.discipline).not.toBe('psychiatrist');
      } else if (row.discipline === 'psychiatrist') {
        expect(row).toMatchObject({ type: 'psychiatry', standard: 'nonurgent-psychiatry' });
      } else {
        expect(['routine-intake', 'urgent-intake']).toContain(row.type);
      }
    }
    const types = new Set(rows.map((r) => r.type));
    expect([...types].sort()).toEqual([
      'followup',
      'psychiatry',
      'routine-intake',
      'urgent-intake',
    ]);
  });

  it("gives each request the engine's deadline, a clock before the visit, and a share late", async () => {
    const { rows } = await sql<{
      standard: string;
      clock_start: Date;
      deadline: Date;
      starts_at: Date;
      created_at: Date;
      type: string;
    }>`
      SELECT r.standard, r.clock_start, r.deadline, a.starts_at, r.created_at, r.type
      FROM requests r JOIN appointments a ON a.patient_center_id = r.center_id AND a.request_id = r.id
      WHERE r.id LIKE 'fill-req-%'`.execute(first.db);
    const calendar = new BusinessCalendar(CALIFORNIA);
    const wrong = rows.filter(
      (r) =>
        deadlineFor(
          californiaStandards.get(r.standard).limit,
          r.clock_start.getTime() as Instant,
          calendar,
        ) !== r.deadline.getTime(),
    );
    expect(wrong).toEqual([]);
    expect(rows.every((r) => r.clock_start < r.starts_at && r.created_at.getTime() <= NOW)).toBe(
      true,
    );
    // A new member's call came in before the fill, whenever the visit is.
    expect(rows.filter((r) => r.type !== 'followup' && r.clock_start.getTime() > NOW)).toEqual([]);
    const late = rows.filter((r) => r.starts_at > r.deadline).length;
    expect(late).toBe(report.late);
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(rows.length * 0.1);
  });

  it("matches the member's language and the clinician's modalities", async () => {
    const mismatched = sql`
      SELECT 1 FROM appointments a
      JOIN requests r ON r.center_id = a.patient_center_id AND r.id = a.request_id
      JOIN clinicians c ON c.center_id = a.center_id AND c.id = a.clinician_id
      JOIN patients m ON m.center_id = a.patient_center_id AND m.id = a.patient_id
      WHERE a.id LIKE 'fill-appt-%' AND (
        NOT r.language = ANY (c.languages) OR r.language <> m.language
        OR r.patient_id <> a.patient_id OR NOT a.modality = ANY (c.modalities)
        OR (a.modality = 'in-person' AND a.patient_center_id <> a.center_id)
        OR (r.modality <> 'any' AND r.modality <> a.modality) OR r.status <> 'booked')`;
    expect(await count(first.db, mismatched)).toBe(0);
  });

  it('leaves request outcomes and the access rollup as if each visit had been booked', async () => {
    const missing = sql`
      SELECT 1 FROM requests r
      JOIN appointments a ON a.patient_center_id = r.center_id AND a.request_id = r.id
      LEFT JOIN request_outcomes o ON o.center_id = r.center_id AND o.request_id = r.id
      WHERE r.id LIKE 'fill-req-%' AND (o.request_id IS NULL OR o.first_at <> a.starts_at
        OR o.served_clinician_id <> a.clinician_id OR o.seen_at <> a.starts_at)`;
    expect(await count(first.db, missing)).toBe(0);
    const { rows } = await sql<{ outcomes: number; rolled: number }>`
      SELECT (SELECT count(*) FROM request_outcomes WHERE status <> 'cancelled')::int AS outcomes,
             ((SELECT coalesce(sum(requests), 0) FROM access_rollup)
              + (SELECT coalesce(sum(requests), 0) FROM access_rollup_deltas))::int AS rolled`.execute(
      first.db,
    );
    expect(rows[0]!.rolled).toBe(rows[0]!.outcomes);
  });

  it('gives the same rows for the same books, seed and now', async () => {
    expect(again.added).toBe(report.added);
    expect(await fillRows(second.db)).toEqual(await fillRows(first.db));
  });
});
