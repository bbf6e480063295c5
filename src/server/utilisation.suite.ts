/**
 * `GET /access/utilisation` against a small stored network counted by hand, run
 * unchanged on PGlite and on a PostgreSQL server (`utilisation.*.int.test.ts`): the
 * route's hours per center and per discipline, how the rollup is refreshed (a settled
 * week once, an open week when the change log moved), that refreshing changes nothing
 * by itself, and who may read it.
 *
 * The route looks back from the real clock, so the network is placed in a week chosen
 * when the suite runs: the latest *settled* week (ended a week ago or more) with no
 * holiday on a weekday, so the same hand count holds whatever the date (holidays are
 * counted in `src/access/utilisation.test.ts`, on fixed dates).
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeUtilisationWeek } from '../access/utilisation-rollup.ts';
import { createAccount } from '../auth/accounts.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { BusinessCalendar, CALIFORNIA } from '../engine/rules/calendar.ts';
import { addDays, dayNumberOfDate, localDateOfDay, parseInstant } from '../engine/time.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';
import { ACCESS_TIME_ZONE, weekWindow } from './routes/access-window.ts';

type Json = Record<string, unknown>;
const CALENDAR = new BusinessCalendar(CALIFORNIA);
const URL = '/access/utilisation?weeks=13';

/** The date `n` days after a Monday (YYYY-MM-DD). */
const dayOf = (monday: string, n: number) =>
  localDateOfDay(addDays(dayNumberOfDate(monday as never), n));
const at = (date: string, time: string) =>
  new Date(parseInstant(`${date}T${time}`, ACCESS_TIME_ZONE));
const isHoliday = (date: string) =>
  CALENDAR.holidayOn(dayNumberOfDate(date as never)) !== undefined;

/** Full time: Mon–Fri 09:00 and 10:00, an hour each (10 h); admin Wed and Fri 14:00–17:00 (6 h). */
const FULL = {
  sessions: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start_time: '09:00', minutes: 60, kind: 'intake' as const },
    { weekday, start_time: '10:00', minutes: 60, kind: 'followup' as const },
  ]),
  blocks: [
    { weekday: 3, start_time: '14:00', minutes: 180 },
    { weekday: 5, start_time: '14:00', minutes: 180 },
  ],
};
/** Part time, three days: Mon–Wed 09:00 (3 h); admin Tue 14:00, 216 min (3.6 h = 0.6 × 6). */
const PART = {
  sessions: [1, 2, 3].map((weekday) => ({
    weekday,
    start_time: '09:00',
    minutes: 60,
    kind: 'intake' as const,
  })),
  blocks: [{ weekday: 2, start_time: '14:00', minutes: 216 }],
};

export function describeUtilisation(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let compliance: AuthHeaders;
  const now = new Date();
  const window = weekWindow(now, 13);
  // Weeks 0–10 of 13 have settled (their Sunday is a week or more ago).
  const week = [...window.mondays.slice(0, 11)]
    .reverse()
    .find((monday) => [0, 1, 2, 3, 4].every((d) => !isHoliday(dayOf(monday, d))))!;
  const thisWeek = window.mondays[12]!;
  const openDay = [0, 1, 2, 3, 4].map((d) => dayOf(thisWeek, d)).find((day) => !isHoliday(day))!;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await db
      .insertInto('medical_centers')
      .values([
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ])
      .execute();
    const clinician = (center_id: string, id: string, discipline: string, active = true) => ({
      center_id,
      id,
      name: `Clinician ${id}`,
      discipline,
      modalities: ['in-person' as const],
      active,
    });
    await db
      .insertInto('clinicians')
      .values([
        clinician('north', 'c-psy', 'psychologist'),
        clinician('north', 'c-lcsw', 'lcsw'),
        clinician('south', 'c-lmft', 'lmft'),
        clinician('north', 'c-gone', 'psychologist', false),
      ])
      .execute();
    const template = async (center: string, clinicianId: string, shape: typeof FULL) => {
      const id = `t-${clinicianId}`;
      await db
        .insertInto('templates')
        .values({
          center_id: center,
          id,
          clinician_id: clinicianId,
          name: id,
          effective_from: week,
        })
        .execute();
      await db
        .insertInto('template_sessions')
        .values(shape.sessions.map((s) => ({ ...s, center_id: center, template_id: id })))
        .execute();
      await db
        .insertInto('admin_blocks')
        .values(shape.blocks.map((b) => ({ ...b, center_id: center, template_id: id })))
        .execute();
    };
    await template('north', 'c-psy', FULL);
    await template('north', 'c-lcsw', PART);
    await template('south', 'c-lmft', FULL);
    await template('north', 'c-gone', FULL);
    await db
      .insertInto('time_off')
      .values([
        // c-psy is off all Thursday: its two sessions close, and it has no admin time then.
        {
          center_id: 'north',
          clinician_id: 'c-psy',
          starts_at: at(dayOf(week, 3), '00:00'),
          ends_at: at(dayOf(week, 4), '00:00'),
        },
        // c-lcsw leaves Tuesday 14:00–15:00: its whole admin block is lost.
        {
          center_id: 'north',
          clinician_id: 'c-lcsw',
          starts_at: at(dayOf(week, 1), '14:00'),
          ends_at: at(dayOf(week, 1), '15:00'),
        },
      ])
      .execute();
    await db
      .insertInto('patients')
      .values([
        { center_id: 'north', id: 'p-n', member_number: 'M-N', name: 'North Member' },
        { center_id: 'south', id: 'p-s', member_number: 'M-S', name: 'South Member' },
      ])
      .execute();
    type Status = 'booked' | 'completed' | 'no-show' | 'cancelled';
    const visit = (
      clinicianId: string,
      day: number,
      time: string,
      minutes: number,
      status: Status,
    ) => {
      const center = clinicianId === 'c-lmft' ? 'south' : 'north';
      const starts = at(dayOf(week, day), time);
      return {
        center_id: center,
        id: `a-${clinicianId}-${day}-${time}-${status}`,
        clinician_id: clinicianId,
        patient_center_id: center,
        patient_id: center === 'north' ? 'p-n' : 'p-s',
        starts_at: starts,
        ends_at: new Date(starts.getTime() + minutes * 60_000),
        modality: 'in-person' as const,
        kind: 'followup' as const,
        status,
      };
    };
    await db
      .insertInto('appointments')
      .values([
        visit('c-psy', 0, '09:00', 60, 'completed'),
        visit('c-psy', 0, '10:00', 60, 'no-show'),
        visit('c-psy', 1, '09:00', 60, 'completed'),
        visit('c-psy', 1, '10:00', 60, 'cancelled'), // frees the slot: not counted
        visit('c-psy', 4, '10:00', 60, 'booked'), // never marked: still booked
        visit('c-psy', 2, '15:00', 45, 'completed'), // inside Wednesday's admin block
        visit('c-lcsw', 0, '09:00', 60, 'completed'),
        visit('c-gone', 0, '09:00', 60, 'completed'), // an inactive clinician: not counted
      ])
      .execute();
    compliance = await bearerFor(db, 'compliance');
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function read(url: string, headers: AuthHeaders = compliance): Promise<Json> {
    const response = await app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Json;
  }
  const rowsOf = (body: Json, weekStart: string) =>
    Object.fromEntries(
      (body.rows as Json[])
        .filter((row) => row.weekStart === weekStart)
        .map(({ weekStart: _, group, ...figures }) => [group as string, figures]),
    );
  const storedRows = () =>
    db
      .selectFrom('utilisation_weeks')
      .selectAll()
      .orderBy('week_start')
      .orderBy('center_id')
      .orderBy('discipline')
      .execute();

  describe('who may read it', () => {
    it('refuses the public (401), the hotline and a clinician (403), before computing anything', async () => {
      const { token } = await createAccount(db, {
        name: 'utilisation-clinician',
        role: 'clinician',
        clinician: { centerId: 'north', id: 'c-psy' },
      });
      for (const headers of [
        { authorization: `Bearer ${token.token}` },
        await bearerFor(db, 'hotline'),
      ]) {
        const response = await app.inject({ method: 'GET', url: URL, headers });
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toMatch(/"rows"/);
      }
      expect((await app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
      expect(await db.selectFrom('utilisation_refreshes').selectAll().execute()).toEqual([]);
    });

    it('refuses a bad query, naming the field', async () => {
      for (const [url, field] of [
        ['/access/utilisation?weeks=0', 'weeks'],
        ['/access/utilisation?weeks=54', 'weeks'],
        ['/access/utilisation?by=clinician', 'by'],
      ] as const) {
        const response = await app.inject({ method: 'GET', url, headers: compliance });
        expect(response.statusCode, url).toBe(400);
        expect(response.body, url).toContain(field);
      }
    });
  });

  describe('the hours, counted by hand', () => {
    it('per medical center', async () => {
      const body = await read(`${URL}&by=center`);
      expect(body.contract).toMatchObject({ adminHoursPerFteWeek: 6, fteWeekdays: 5 });
      expect(body.groups).toEqual([
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ]);
      expect(rowsOf(body, week)).toEqual({
        north: {
          // c-psy (5 days) and c-lcsw (3 days); c-gone is inactive.
          clinicians: 2,
          fte: 1.6,
          // c-psy 10 h less Thursday's 2 h; c-lcsw 3 h.
          sessionHoursOffered: 11,
          // c-psy Mon 9 (completed), Mon 10 (no-show), Tue 9 (completed), Fri 10 (booked);
          // c-lcsw Mon 9 (completed). Tuesday 10:00 was cancelled.
          sessionHoursBooked: 5,
          completedHours: 3,
          noShowHours: 1,
          utilisation: 5 / 11,
          // c-psy Wed 3 h + Fri 3 h (no Thursday block); c-lcsw Tue 3.6 h.
          adminHoursPlanned: 9.6,
          adminHoursClosed: 3.6, // c-lcsw's block, under its time off
          adminHoursBooked: 3, // c-psy's Wednesday block, broken by the 15:00 visit
          adminHoursDelivered: 3, // c-psy's Friday
          adminHoursPlannedPerFte: 6, // 9.6 h over 1.6 FTE: the contract's 6
          adminHoursDeliveredPerFte: 1.875, // 3 h over 1.6 FTE
        },
        south: {
          clinicians: 1,
          fte: 1,
          sessionHoursOffered: 10,
          sessionHoursBooked: 0,
          completedHours: 0,
          noShowHours: 0,
          utilisation: 0,
          adminHoursPlanned: 6,
          adminHoursClosed: 0,
          adminHoursBooked: 0,
          adminHoursDelivered: 6,
          adminHoursPlannedPerFte: 6,
          adminHoursDeliveredPerFte: 6,
        },
      });
    });

    it('per discipline, adding up to the same network', async () => {
      const body = await read(`${URL}&by=discipline`);
      const rows = rowsOf(body, week);
      expect(Object.keys(rows).sort()).toEqual(['lcsw', 'lmft', 'psychologist']);
      expect(rows.psychologist).toMatchObject({
        clinicians: 1,
        fte: 1,
        sessionHoursOffered: 8,
        sessionHoursBooked: 4,
        completedHours: 2,
        noShowHours: 1,
        utilisation: 0.5,
        adminHoursPlanned: 6,
        adminHoursBooked: 3,
        adminHoursDelivered: 3,
      });
      expect(rows.lcsw).toMatchObject({
        clinicians: 1,
        fte: 0.6,
        sessionHoursOffered: 3,
        sessionHoursBooked: 1,
        adminHoursPlanned: 3.6,
        adminHoursClosed: 3.6,
        adminHoursDelivered: 0,
        adminHoursPlannedPerFte: 6,
      });
      expect(rows.lmft).toMatchObject({ sessionHoursOffered: 10, adminHoursDelivered: 6 });
    });

    it("narrows to one center's clinicians (a drill-down)", async () => {
      const body = await read(`${URL}&by=discipline&center=north`);
      expect(body.center).toBe('north');
      const rows = rowsOf(body, week);
      expect(Object.keys(rows).sort()).toEqual(['lcsw', 'psychologist']);
      expect(rows.psychologist).toMatchObject({ sessionHoursOffered: 8, sessionHoursBooked: 4 });
    });

    it('has no rows before the templates took effect, and every week of the window computed', async () => {
      const body = await read(URL);
      expect(body.weeks).toEqual([...window.mondays]);
      const weeksWithRows = new Set((body.rows as Json[]).map((row) => row.weekStart));
      expect([...window.mondays].filter((m) => weeksWithRows.has(m))).toEqual(
        window.mondays.filter((m) => m >= week),
      );
      const computed = Object.fromEntries(
        (body.computed as Json[]).map((c) => [c.weekStart, c.final]),
      );
      expect(Object.keys(computed)).toEqual([...window.mondays]);
      expect(computed[week]).toBe(true);
      expect(computed[thisWeek]).toBe(false);
    });
  });

  describe('refreshing', () => {
    it('changes nothing when nothing changed: computing a week again writes the same rows', async () => {
      await read(URL);
      const before = await storedRows();
      const answer = await read(`${URL}&by=center`);
      await computeUtilisationWeek(db, week);
      await computeUtilisationWeek(db, thisWeek);
      expect(await storedRows()).toEqual(before);
      const again = await read(`${URL}&by=center`);
      expect(again.rows).toEqual(answer.rows);
    });

    it('recomputes the open week once the change log moved, at most once a minute', async () => {
      const bookedThisWeek = async () =>
        (rowsOf(await read(`${URL}&by=center`), thisWeek).south as Json).sessionHoursBooked;
      expect(await bookedThisWeek()).toBe(0);
      const starts = at(openDay, '09:00');
      await db
        .insertInto('appointments')
        .values({
          center_id: 'south',
          id: 'a-this-week',
          clinician_id: 'c-lmft',
          patient_center_id: 'south',
          patient_id: 'p-s',
          starts_at: starts,
          ends_at: new Date(starts.getTime() + 3_600_000),
          modality: 'in-person',
          kind: 'intake',
        })
        .execute();
      // Computed moments ago: served as stored.
      expect(await bookedThisWeek()).toBe(0);
      // A minute later, the change log shows the booking: recomputed on this read.
      await db
        .updateTable('utilisation_refreshes')
        .set({ computed_at: new Date(Date.now() - 61_000) })
        .where('week_start', '=', thisWeek)
        .execute();
      expect(await bookedThisWeek()).toBe(1);
    });

    it('never recomputes a final week on read; computing it again on purpose does', async () => {
      const bookedThen = async () =>
        (rowsOf(await read(`${URL}&by=center`), week).south as Json).sessionHoursBooked;
      const starts = at(dayOf(week, 0), '09:00');
      await db
        .insertInto('appointments')
        .values({
          center_id: 'south',
          id: 'a-late-entry',
          clinician_id: 'c-lmft',
          patient_center_id: 'south',
          patient_id: 'p-s',
          starts_at: starts,
          ends_at: new Date(starts.getTime() + 3_600_000),
          modality: 'in-person',
          kind: 'intake',
          status: 'completed',
        })
        .execute();
      await db
        .updateTable('utilisation_refreshes')
        .set({ computed_at: new Date(Date.now() - 13 * 3_600_000) })
        .execute();
      expect(await bookedThen()).toBe(0);
      await computeUtilisationWeek(db, week);
      expect(await bookedThen()).toBe(1);
    });

    it('reads the templates again after one changed (they are kept between weeks)', async () => {
      const offered = async () =>
        (await computeUtilisationWeek(db, week)).find((c) => c.clinician === 'south/c-lmft')
          ?.offered;
      expect(await offered()).toBe(600);
      await db
        .deleteFrom('template_sessions')
        .where('center_id', '=', 'south')
        .where('template_id', '=', 't-c-lmft')
        .where('weekday', '=', 5)
        .where('start_time', '=', '10:00')
        .execute();
      expect(await offered()).toBe(540);
    });
  });
}
