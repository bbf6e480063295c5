/**
 * The regulator's rate of compliance (`GET /access/provider-survey` and its refresher)
 * on a small stored network, run unchanged on PGlite and on a PostgreSQL server
 * (`provider-survey.*.int.test.ts`). Which clinician is compliant in which week is
 * worked out by hand below; the route's counts, rates and threshold flags must match.
 *
 * The rows are placed relative to last week's and this week's survey moments (the route
 * runs on the real clock), so the expectations hold whatever day the suite runs.
 *
 * Every clinician's template has one intake a day, at 11:00, seven days a week, and
 * every clinician is away the day after each survey day (four days after it for the
 * psychiatrist). So a clinician meets the urgent standard exactly when the 11:00 intake
 * of the survey day (the survey calls at 10:00) is free as the books stood then, and
 * the non-urgent one unless away for weeks — whatever holidays the real calendar brings.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { surveyMoment } from '../access/provider-survey.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { BusinessCalendar, CALIFORNIA } from '../engine/rules/calendar.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  type LocalDate,
  localDateOfDay,
  localDayOf,
  startOfLocalDay,
} from '../engine/time.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { bearerFor } from './auth/test-credentials.ts';
import { ProviderSurveyRefresher, weekEnd } from './provider-survey.ts';
import { ACCESS_TIME_ZONE, weekWindow } from './routes/access-window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = ACCESS_TIME_ZONE;
const calendar = new BusinessCalendar(CALIFORNIA);

type Json = Record<string, unknown>;
type Row = Record<string, unknown>;

export function describeProviderSurvey(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  const window = weekWindow(new Date(), 2);
  const [lastWeek, thisWeek] = window.mondays as [LocalDate, LocalDate];
  /** Each week's survey moment: its first business day, 10:00 Pacific. */
  const moment = (week: LocalDate) => surveyMoment(dayNumberOfDate(week), calendar);
  const surveyDay = (week: LocalDate) => localDayOf(moment(week), ZONE);
  /** The survey day's 11:00 intake. */
  const intakeOf = (week: LocalDate) => new Date(moment(week) + HOUR);
  const midnight = (day: DayNumber) => new Date(startOfLocalDay(day, ZONE));

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
      active,
      modalities: ['in-person' as const, 'video' as const],
    });
    await db
      .insertInto('clinicians')
      .values([
        clinician('north', 'n-open', 'psychologist'),
        clinician('north', 'n-booked', 'lcsw'),
        clinician('north', 'n-late', 'lmft'),
        clinician('north', 'n-cancelled', 'psychologist'),
        clinician('north', 'n-md', 'psychiatrist'),
        clinician('south', 's-open-1', 'psychologist'),
        clinician('south', 's-open-2', 'lcsw'),
        clinician('south', 's-open-3', 'lmft'),
        clinician('south', 's-away', 'lcsw'),
        clinician('south', 's-new', 'psychologist'),
        clinician('south', 's-inactive', 'lmft', false),
        clinician('south', 's-no-template', 'psychologist'),
      ])
      .execute();
    // One template each; s-new's comes into force this week (hired), the rest long ago.
    const withTemplate = [
      ['north', 'n-open'],
      ['north', 'n-booked'],
      ['north', 'n-late'],
      ['north', 'n-cancelled'],
      ['north', 'n-md'],
      ['south', 's-open-1'],
      ['south', 's-open-2'],
      ['south', 's-open-3'],
      ['south', 's-away'],
      ['south', 's-new'],
      ['south', 's-inactive'],
    ] as const;
    const longAgo = localDateOfDay(addDays(dayNumberOfDate(lastWeek), -60));
    await db
      .insertInto('templates')
      .values(
        withTemplate.map(([center_id, id]) => ({
          center_id,
          id: `t-${id}`,
          clinician_id: id,
          name: 'one intake a day',
          effective_from: id === 's-new' ? thisWeek : longAgo,
        })),
      )
      .execute();
    await db
      .insertInto('template_sessions')
      .values(
        withTemplate.flatMap(([center_id, id]) =>
          [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
            center_id,
            template_id: `t-${id}`,
            weekday,
            start_time: '11:00',
            minutes: 60,
            kind: 'intake' as const,
          })),
        ),
      )
      .execute();
    const away = (
      center_id: string,
      clinician_id: string,
      from: DayNumber,
      days: number,
      id: string,
    ) => ({
      center_id,
      id,
      clinician_id,
      starts_at: midnight(from),
      ends_at: midnight(addDays(from, days)),
      reason: 'away',
    });
    const timeOff = [lastWeek, thisWeek].flatMap((week) =>
      withTemplate.map(([center_id, id]) =>
        away(
          center_id,
          id,
          addDays(surveyDay(week), 1),
          id === 'n-md' ? 4 : 1,
          `off-${id}-${week}`,
        ),
      ),
    );
    // s-away is away from before last week's survey to a month after this week's.
    timeOff.push(away('south', 's-away', addDays(surveyDay(lastWeek), -1), 45, 'off-long'));
    await db.insertInto('time_off').values(timeOff).execute();
    await db
      .insertInto('patients')
      .values([{ center_id: 'north', id: 'p-1', member_number: 'M-0001', name: 'A Member' }])
      .execute();

    const visit = (
      id: string,
      clinicianId: string,
      week: LocalDate,
      createdAt: number,
      status: 'booked' | 'completed' | 'cancelled' | 'no-show',
      cancelledAt?: number,
    ) => ({
      center_id: 'north',
      id,
      clinician_id: clinicianId,
      patient_center_id: 'north',
      patient_id: 'p-1',
      starts_at: intakeOf(week),
      ends_at: new Date(intakeOf(week).getTime() + HOUR),
      modality: 'video' as const,
      kind: 'intake' as const,
      status,
      created_at: new Date(createdAt),
      cancelled_at: cancelledAt === undefined ? null : new Date(cancelledAt),
    });
    const [last, now] = [moment(lastWeek), moment(thisWeek)];
    await db
      .insertInto('appointments')
      .values([
        // Booked before each survey: not free either week.
        visit('a-booked-1', 'n-booked', lastWeek, last - 2 * DAY, 'completed'),
        visit('a-booked-2', 'n-booked', thisWeek, now - 2 * DAY, 'booked'),
        // Booked half an hour after each survey call: free when the office was asked.
        visit('a-late-1', 'n-late', lastWeek, last + HOUR / 2, 'completed'),
        visit('a-late-2', 'n-late', thisWeek, now + HOUR / 2, 'booked'),
        // Last week cancelled only after the call (taken then); this week before it (free).
        visit('a-cx-1', 'n-cancelled', lastWeek, last - DAY, 'cancelled', last + HOUR / 2),
        visit('a-cx-2', 'n-cancelled', thisWeek, now - DAY, 'cancelled', now - HOUR),
        // The member did not come, but at 10:00 the slot was still theirs.
        visit('a-md-1', 'n-md', lastWeek, last - DAY, 'no-show'),
        visit('a-md-2', 'n-md', thisWeek, now - DAY, 'no-show'),
      ])
      .execute();
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function get(url: string, role: 'compliance' | 'regulator' = 'compliance') {
    return app.inject({ method: 'GET', url, headers: await bearerFor(db, role) });
  }

  /** The route's answer once no week is left to compute. */
  async function settled(url: string): Promise<Json> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const response = await get(url);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as Json;
      if (!body.computing) return body;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error('the survey was still computing after a minute');
  }

  const counts = (surveyed: number, urgent: number, nonUrgent: number) => ({
    surveyed,
    urgentCompliant: urgent,
    nonUrgentCompliant: nonUrgent,
    urgentRate: urgent / surveyed,
    nonUrgentRate: nonUrgent / surveyed,
    belowThreshold: urgent / surveyed < 0.7 || nonUrgent / surveyed < 0.7,
  });

  it('refuses the roles that do not answer for access, and computes nothing for them', async () => {
    const hotline = await app.inject({
      method: 'GET',
      url: '/access/provider-survey',
      headers: await bearerFor(db, 'hotline'),
    });
    expect(hotline.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/access/provider-survey' });
    expect(anonymous.statusCode).toBe(401);
    const weeks = await db.selectFrom('provider_survey_weeks').selectAll().execute();
    expect(weeks).toEqual([]);
  });

  it('names the field of a bad parameter', async () => {
    const response = await get('/access/provider-survey?weeks=0');
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('weeks');
  });

  it('counts, per week and center, the providers whose next appointments meet the standards', async () => {
    const body = await settled('/access/provider-survey?weeks=2');
    expect(body).toMatchObject({
      threshold: 0.7,
      center: null,
      weeks: [lastWeek, thisWeek],
      computing: false,
      centers: [
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ],
    });
    // Counts only: no member and no clinician is named.
    expect(JSON.stringify(body)).not.toMatch(/p-1|M-0001|A Member|n-open|s-away|a-late/);
    expect(body.questions).toEqual([
      {
        providerType: 'non-physician',
        urgent: { standard: 'urgent-no-prior-auth', limit: '48 hours' },
        nonUrgent: { standard: 'nonurgent-nonphysician-mh', limit: '10 business days' },
      },
      {
        providerType: 'psychiatrist',
        urgent: { standard: 'urgent-prior-auth', limit: '96 hours' },
        nonUrgent: { standard: 'nonurgent-psychiatry', limit: '15 business days' },
      },
    ]);
    const surveys = body.surveys as Row[];
    expect(surveys.map((s) => s.weekStart)).toEqual([lastWeek, thisWeek]);
    const [last, current] = surveys as [Row, Row];
    expect(last.surveyedAt).toBe(new Date(moment(lastWeek)).toISOString());
    expect(current.surveyedAt).toBe(new Date(moment(thisWeek)).toISOString());
    expect(last.final).toBe(true);
    expect(current.final).toBe(false);

    // Last week. North: n-open and n-late (booked only after the call) free; n-booked
    // booked; n-cancelled's visit still stood at 10:00; n-md's no-show still held it.
    // South: three open, s-away away; s-new not hired yet; s-inactive and s-no-template
    // never surveyed.
    expect(last.network).toEqual(counts(9, 5, 8));
    expect(last.centers).toEqual([
      {
        center: 'north',
        ...counts(5, 2, 5),
        providerTypes: [
          { providerType: 'non-physician', ...counts(4, 2, 4) },
          { providerType: 'psychiatrist', ...counts(1, 0, 1) },
        ],
      },
      {
        center: 'south',
        ...counts(4, 3, 3),
        providerTypes: [{ providerType: 'non-physician', ...counts(4, 3, 3) }],
      },
    ]);
    // This week: n-cancelled's visit was cancelled before the call; s-new is surveyed.
    expect(current.network).toEqual(counts(10, 7, 9));
    expect(current.centers).toEqual([
      {
        center: 'north',
        ...counts(5, 3, 5),
        providerTypes: [
          { providerType: 'non-physician', ...counts(4, 3, 4) },
          { providerType: 'psychiatrist', ...counts(1, 0, 1) },
        ],
      },
      {
        center: 'south',
        ...counts(5, 4, 4),
        providerTypes: [{ providerType: 'non-physician', ...counts(5, 4, 4) }],
      },
    ]);
    // North is under 70% on urgent appointments both weeks; South is not.
    expect((last.centers as Row[]).map((c) => c.belowThreshold)).toEqual([true, false]);
  });

  it('narrows to one center and keeps the network total whole', async () => {
    const body = await settled('/access/provider-survey?weeks=1&center=south');
    expect(body.center).toBe('south');
    expect(body.centers).toEqual([{ id: 'south', name: 'South Bay' }]);
    const [current] = body.surveys as [Row];
    expect(current.weekStart).toBe(thisWeek);
    expect((current.centers as Row[]).map((c) => c.center)).toEqual(['south']);
    expect(current.network).toEqual(counts(10, 7, 9));
  });

  it('gives the same figures as CSV', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/access/provider-survey?weeks=2&format=csv',
      headers: await bearerFor(db, 'regulator'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'week_start,center,center_name,provider_type,surveyed,urgent_compliant,nonurgent_compliant,urgent_rate,nonurgent_rate,below_threshold,final',
    );
    expect(lines).toContain(`${lastWeek},north,North Valley,all,5,2,5,0.4,1,true,true`);
    expect(lines).toContain(`${thisWeek},south,South Bay,non-physician,5,4,4,0.8,0.8,false,false`);
    expect(lines).toHaveLength(1 + 2 * (3 + 2));
  });

  it('computes a past week once, and the current week again only when its figures are old', async () => {
    const stored = async () => ({
      weeks: await db
        .selectFrom('provider_survey_weeks')
        .select(['week', 'surveyed_at', 'computed_at', 'final', 'clinicians'])
        .orderBy('week')
        .execute(),
      counts: await db
        .selectFrom('provider_survey')
        .selectAll()
        .orderBy('week')
        .orderBy('center_id')
        .orderBy('provider_type')
        .execute(),
    });
    const before = await stored();
    expect(before.weeks.map((w) => [w.week, w.final, w.clinicians])).toEqual([
      [lastWeek, true, 9],
      [thisWeek, false, 10],
    ]);
    expect(before.counts).toHaveLength(6);

    const weeks = [lastWeek, thisWeek];
    expect(await new ProviderSurveyRefresher(db).refresh(weeks)).toEqual([]);
    expect(await stored()).toEqual(before);

    // Figures older than the limit: only the current week is computed again, to the same rows.
    const again = await new ProviderSurveyRefresher(db, { maxAgeMs: 0 }).refresh(weeks);
    expect(again.map((w) => [w.week, w.final])).toEqual([[thisWeek, false]]);
    const after = await stored();
    expect(after.counts).toEqual(before.counts);
    expect(after.weeks[0]).toEqual(before.weeks[0]);
    expect(after.weeks[1]?.computed_at.getTime()).toBeGreaterThan(
      before.weeks[1]!.computed_at.getTime(),
    );

    // Once the week is over it is computed one last time, for good.
    const nextWeek = weekEnd(thisWeek) + HOUR;
    const later = new ProviderSurveyRefresher(db, { now: () => nextWeek });
    expect((await later.refresh(weeks)).map((w) => [w.week, w.final])).toEqual([[thisWeek, true]]);
    expect(await later.refresh(weeks)).toEqual([]);
    const final = await stored();
    expect(final.weeks.map((w) => w.final)).toEqual([true, true]);
    expect(final.counts).toEqual(before.counts);
  });

  it('never computes the same week twice at once: a call during a run waits, then finds it done', async () => {
    await db
      .updateTable('provider_survey_weeks')
      .set({ final: false, computed_at: new Date(Date.now() - HOUR) })
      .where('week', '=', thisWeek)
      .execute();
    const refresher = new ProviderSurveyRefresher(db);
    const [first, second] = await Promise.all([
      refresher.refresh([lastWeek, thisWeek]),
      refresher.refresh([lastWeek, thisWeek]),
    ]);
    expect(first.map((w) => w.week)).toEqual([thisWeek]);
    expect(second).toEqual([]);
    expect(refresher.busy).toBe(false);
    const rows = await db
      .selectFrom('provider_survey')
      .select(['center_id', 'provider_type', 'surveyed'])
      .where('week', '=', thisWeek)
      .orderBy('center_id')
      .orderBy('provider_type')
      .execute();
    expect(rows).toEqual([
      { center_id: 'north', provider_type: 'non-physician', surveyed: 4 },
      { center_id: 'north', provider_type: 'psychiatrist', surveyed: 1 },
      { center_id: 'south', provider_type: 'non-physician', surveyed: 5 },
    ]);
  });
}
