/**
 * The utilisation rollup (`utilisation_weeks`, migration 0014): each week computed from
 * the stored templates, time off and appointments by `utilisation.ts` (the engine's
 * template model), summed per medical center and discipline, and stored with the
 * change-log watermark of the snapshot it was read from.
 *
 * When a week is computed — on demand, by whoever reads it (`refreshUtilisationWeeks`,
 * called by `GET /access/utilisation`); there is no background refresher:
 * - a week never computed: now;
 * - a *final* week: never again. A week becomes final when it is computed after it has
 *   settled, `SETTLE_DAYS` after its Sunday — visits are marked completed or no-show
 *   after the fact, so last week still moves for a while after it ends;
 * - an open week (this week, and last week until it settles): again when the change log
 *   (`booking_changes`: every appointment write and every statement on templates,
 *   sessions, admin blocks, time off, clinicians or centers) holds a row its snapshot did
 *   not see — but at most once per `REFRESH_INTERVAL_MS`, so a read during a burst of
 *   bookings costs a look at the change log, not a recomputation (figures at most that
 *   far behind) — and after `MAX_AGE_MS` whatever the log says (it is pruned after a day).
 * One computation per week at a time in a process (concurrent readers share it); across
 * processes an advisory lock orders the writes and the newer snapshot wins.
 */
import { type Kysely, sql } from 'kysely';
import type { Watermark } from '../booking/change-log.ts';
import type { Database } from '../db/schema.ts';
import { CALIFORNIA, type CalendarDefinition } from '../engine/rules/calendar.ts';
import {
  addDays,
  type DayNumber,
  instantFromEpochMs,
  isoWeekdayOf,
  localDateOfDay,
  localDayOf,
  MS_PER_HOUR,
  startOfLocalDay,
} from '../engine/time.ts';
import { type ClinicianWeek, groupWeeks, mondayDay, utilisationOfWeek } from './utilisation.ts';
import { readWeekRecords } from './utilisation-records.ts';

/** Days after a week's Sunday during which its visits' statuses may still change. */
export const SETTLE_DAYS = 7;
/** An open week is recomputed at most this often. */
export const REFRESH_INTERVAL_MS = 60_000;
/** …and at least this often while open, whatever the change log says. */
export const MAX_AGE_MS = 12 * MS_PER_HOUR;

export interface RefreshOptions {
  /** Epoch ms (default: the clock). */
  readonly now?: number | undefined;
  readonly calendar?: CalendarDefinition | undefined;
  /** Recompute an open week whenever the change log moved (default REFRESH_INTERVAL_MS). */
  readonly intervalMs?: number | undefined;
}

export interface WeekRefresh {
  readonly weekStart: string;
  readonly computedAt: Date;
  readonly final: boolean;
}

interface StoredRefresh extends WeekRefresh {
  readonly watermark: Watermark;
}

/** Readers of one database share a week's computation while it runs. */
const inFlight = new WeakMap<object, Map<string, Promise<void>>>();

/**
 * Makes every given week (Mondays, YYYY-MM-DD) current as the rules above say, and
 * returns when each was computed.
 */
export async function refreshUtilisationWeeks(
  db: Kysely<Database>,
  mondays: readonly string[],
  options: RefreshOptions = {},
): Promise<WeekRefresh[]> {
  const now = options.now ?? Date.now();
  for (const monday of mondays) mondayDay(monday);
  let stored = await storedRefreshes(db, mondays);
  const due: string[] = [];
  for (const monday of mondays) {
    if (await needsComputing(db, monday, stored.get(monday), now, options)) due.push(monday);
  }
  if (due.length === 0) return mondays.map((m) => stored.get(m)!);
  for (const monday of due) await computeOnce(db, monday, options);
  stored = await storedRefreshes(db, mondays);
  return mondays.map((m) => stored.get(m)!);
}

/**
 * Makes the last `weeks` weeks current (this week included, as the overview asks for
 * them): after a bulk load, so the overview's first look finds them computed.
 */
export function refreshRecentUtilisation(
  db: Kysely<Database>,
  weeks: number,
  options: RefreshOptions = {},
): Promise<WeekRefresh[]> {
  const zone = options.calendar?.timeZone ?? CALIFORNIA.timeZone!;
  const today = localDayOf(instantFromEpochMs(options.now ?? Date.now()), zone);
  const monday = addDays(today, 1 - isoWeekdayOf(today));
  const mondays = Array.from({ length: weeks }, (_, i) =>
    localDateOfDay(addDays(monday, 7 * (i + 1 - weeks))),
  );
  return refreshUtilisationWeeks(db, mondays, options);
}

/**
 * Computes one week from the records and stores it, whatever is stored (a correction
 * to a final week is made this way). Returns the clinicians' figures it summed.
 */
export async function computeUtilisationWeek(
  db: Kysely<Database>,
  monday: string,
  options: RefreshOptions = {},
): Promise<ClinicianWeek[]> {
  const calendar = options.calendar ?? CALIFORNIA;
  const zone = calendar.timeZone ?? CALIFORNIA.timeZone!;
  const day = mondayDay(monday);
  const now = options.now ?? Date.now();
  const { input, watermark } = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => readWeekRecords(trx, db, day, calendar, zone, now));
  const weeks = utilisationOfWeek(input);
  await storeWeek(db, day, weeks, watermark, new Date(now), settled(day, now, zone));
  return weeks;
}

function computeOnce(db: Kysely<Database>, monday: string, options: RefreshOptions): Promise<void> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map();
    inFlight.set(db, running);
  }
  const current = running.get(monday);
  if (current) return current;
  const work = computeUtilisationWeek(db, monday, options)
    .then(() => undefined)
    .finally(() => running.delete(monday));
  running.set(monday, work);
  return work;
}

async function needsComputing(
  db: Kysely<Database>,
  monday: string,
  stored: StoredRefresh | undefined,
  now: number,
  options: RefreshOptions,
): Promise<boolean> {
  if (!stored) return true;
  if (stored.final) return false;
  const zone = options.calendar?.timeZone ?? CALIFORNIA.timeZone!;
  if (settled(mondayDay(monday), now, zone)) return true;
  const age = now - stored.computedAt.getTime();
  if (age < (options.intervalMs ?? REFRESH_INTERVAL_MS)) return false;
  if (age >= MAX_AGE_MS) return true;
  return changedSince(db, stored.watermark);
}

/** Whether the week's visits can no longer change status (SETTLE_DAYS after its end). */
function settled(monday: DayNumber, now: number, zone: string): boolean {
  return startOfLocalDay(addDays(monday, 7 + SETTLE_DAYS), zone) <= now;
}

/** Whether the change log holds a row a snapshot with this watermark did not see. */
async function changedSince(db: Kysely<Database>, since: Watermark): Promise<boolean> {
  const inProgress = `{${since.inProgress.join(',')}}`;
  const { rows } = await sql<{ changed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM booking_changes
                   WHERE seq > ${since.seq} OR xid = ANY(${inProgress}::xid8[])) AS changed
  `.execute(db);
  return rows[0]?.changed === true;
}

async function storedRefreshes(
  db: Kysely<Database>,
  mondays: readonly string[],
): Promise<Map<string, StoredRefresh>> {
  if (mondays.length === 0) return new Map();
  const rows = await db
    .selectFrom('utilisation_refreshes')
    .selectAll()
    .where('week_start', 'in', mondays)
    .execute();
  return new Map(
    rows.map((row) => [
      row.week_start,
      {
        weekStart: row.week_start,
        computedAt: row.computed_at,
        final: row.final,
        watermark: { seq: row.change_seq, inProgress: row.change_in_progress },
      },
    ]),
  );
}

/**
 * Replaces the week's rows, unless a computation from a later snapshot (or, once
 * final, any) is stored already; an advisory lock orders two processes' writes.
 */
async function storeWeek(
  db: Kysely<Database>,
  monday: DayNumber,
  weeks: readonly ClinicianWeek[],
  watermark: Watermark,
  computedAt: Date,
  final: boolean,
): Promise<void> {
  const weekStart = localDateOfDay(monday);
  const groups = groupWeeks(weeks, (w) => JSON.stringify([w.center, w.discipline]));
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('utilisation_weeks'), ${monday as number})`.execute(
      trx,
    );
    const stored = await trx
      .selectFrom('utilisation_refreshes')
      .select('change_seq')
      .where('week_start', '=', weekStart)
      .executeTakeFirst();
    if (stored && stored.change_seq > watermark.seq) return;
    await trx.deleteFrom('utilisation_weeks').where('week_start', '=', weekStart).execute();
    const rows = [...groups].map(([group, g]) => {
      const [center_id, discipline] = JSON.parse(group) as [string, string];
      return {
        center_id,
        week_start: weekStart,
        discipline,
        clinicians: g.clinicians,
        fte_days: g.fteDays,
        offered_minutes: g.offered,
        used_minutes: g.used,
        completed_minutes: g.completed,
        booked_minutes: g.booked,
        no_show_minutes: g.noShow,
        admin_planned_minutes: g.adminPlanned,
        admin_closed_minutes: g.adminClosed,
        admin_booked_minutes: g.adminBooked,
        admin_delivered_minutes: g.adminDelivered,
      };
    });
    if (rows.length > 0) await trx.insertInto('utilisation_weeks').values(rows).execute();
    const refresh = {
      computed_at: computedAt,
      change_seq: watermark.seq,
      change_in_progress: [...watermark.inProgress],
      final,
    };
    await trx
      .insertInto('utilisation_refreshes')
      .values({ week_start: weekStart, ...refresh })
      .onConflict((oc) => oc.column('week_start').doUpdateSet(refresh))
      .execute();
  });
}
