/**
 * The public status page's figures (`GET /public/status`) against a small network built
 * here, run unchanged on PGlite and on a PostgreSQL server (`public-status.*.int.test.ts`).
 *
 * Five centers, two standards, last week and this week, with some cells of 11 or more
 * requests and some under: every figure shown is checked against a count made by hand
 * from the plan below; every cell under 11 must carry no figure at all; the withheld
 * cells of a week must never be recoverable from the network total; and nothing in the
 * answer may name a member, a request, an appointment or a clinician.
 *
 * Rows are placed relative to this week's and last week's Mondays (the route judges as
 * of the real clock), so the expectations hold whatever day the suite runs.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPRESSION_THRESHOLD } from '../access/suppression.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { bearerFor } from './auth/test-credentials.ts';
import { weekWindow } from './routes/access-window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THERAPY = 'nonurgent-nonphysician-mh';
const PSYCHIATRY = 'nonurgent-psychiatry';

/** Centers; the route lists them by name: Harbor, Inland, Mesa, North, South. */
const CENTERS = [
  { id: 'north', name: 'North Valley' },
  { id: 'south', name: 'South Bay' },
  { id: 'inland', name: 'Inland Empire' },
  { id: 'mesa', name: 'Mesa Verde' },
  { id: 'harbor', name: 'Harbor City' },
];

/**
 * What becomes of a request: `met` seen by its deadline; `late` seen after it; `waiting`
 * never seen, deadline passed; `referred` sent out of network; `cancelled` not counted;
 * `pending` deadline ahead, not seen; `ahead` booked in time, appointment still to come.
 */
type Fate = 'met' | 'late' | 'waiting' | 'referred' | 'cancelled' | 'pending' | 'ahead';
type Week = 'last' | 'this';

/** The request's status for each fate. */
const STATUS_OF = {
  met: 'booked',
  late: 'booked',
  ahead: 'booked',
  referred: 'referred',
  cancelled: 'cancelled',
  waiting: 'waitlisted',
  pending: 'open',
} as const satisfies Record<Fate, string>;

/** [center, standard, week, fate, how many] */
const PLAN: readonly (readonly [string, string, Week, Fate, number])[] = [
  // Last week, therapy: north 13 counted (10 met, 1 referred, 1 late, 1 waiting; one
  // more cancelled), south 12, inland exactly 11, mesa 4, harbor none.
  ['north', THERAPY, 'last', 'met', 10],
  ['north', THERAPY, 'last', 'referred', 1],
  ['north', THERAPY, 'last', 'late', 1],
  ['north', THERAPY, 'last', 'waiting', 1],
  ['north', THERAPY, 'last', 'cancelled', 1],
  ['south', THERAPY, 'last', 'met', 9],
  ['south', THERAPY, 'last', 'waiting', 3],
  ['inland', THERAPY, 'last', 'met', 6],
  ['inland', THERAPY, 'last', 'late', 5],
  ['mesa', THERAPY, 'last', 'met', 2],
  ['mesa', THERAPY, 'last', 'waiting', 2],
  // Last week, psychiatry: north 6 and south 7, every center under 11, 13 in all.
  ['north', PSYCHIATRY, 'last', 'met', 4],
  ['north', PSYCHIATRY, 'last', 'waiting', 2],
  ['south', PSYCHIATRY, 'last', 'met', 7],
  // This week, therapy: north 12 (3 booked ahead, 9 pending), south 3 pending.
  ['north', THERAPY, 'this', 'ahead', 3],
  ['north', THERAPY, 'this', 'pending', 9],
  ['south', THERAPY, 'this', 'pending', 3],
  // This week, psychiatry: north 5: the network itself is under 11.
  ['north', PSYCHIATRY, 'this', 'pending', 5],
];

type Json = Record<string, unknown>;
type Cell = Json & { weekStart: string; suppressed: boolean };
interface Table {
  id: string;
  title: string;
  limit: string;
  network: Cell[];
  centers: { center: string; weeks: Cell[] }[];
}

export function describePublicStatus(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  const now = new Date();
  const window = weekWindow(now, 2);
  const [lastMonday, thisMonday] = window.starts as [Date, Date];
  const [lastWeek, thisWeek] = window.mondays as readonly string[] as [string, string];
  const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await db.insertInto('medical_centers').values(CENTERS).execute();
    await db
      .insertInto('clinicians')
      .values(
        CENTERS.map((c) => ({
          center_id: c.id,
          id: `clin-${c.id}`,
          name: `Dr Quillon ${c.name}`,
          discipline: 'psychologist',
          modalities: ['video' as const],
        })),
      )
      .execute();

    const patients = [];
    const requests = [];
    const appointments = [];
    /** Each clinician's next free hour, so no two appointments of one overlap. */
    const nextHour = new Map<string, number>();
    let n = 0;
    for (const [center, standard, week, fate, howMany] of PLAN) {
      for (let i = 0; i < howMany; i += 1) {
        n += 1;
        const patientId = `pt-${center}-${n}`;
        const requestId = `rq-${center}-${n}`;
        patients.push({
          center_id: center,
          id: patientId,
          member_number: `MBR-${9000 + n}`,
          name: `Zephyrine Okonkwo-${n}`,
        });
        const clock = week === 'last' ? at(lastMonday, HOUR) : at(thisMonday, 60_000);
        const deadline = week === 'last' ? at(lastMonday, 3 * DAY) : at(now, 10 * DAY);
        const status = STATUS_OF[fate];
        requests.push({
          center_id: center,
          id: requestId,
          patient_id: patientId,
          type: 'routine-intake' as const,
          standard,
          clock_start: clock,
          deadline,
          status,
        });
        if (status !== 'booked') continue;
        const hour = nextHour.get(center) ?? 0;
        nextHour.set(center, hour + 1);
        const base =
          fate === 'met'
            ? at(lastMonday, 2 * HOUR)
            : fate === 'late'
              ? at(lastMonday, 5 * DAY)
              : at(now, DAY);
        const starts = at(base, hour * HOUR);
        appointments.push({
          center_id: center,
          id: `ap-${center}-${n}`,
          clinician_id: `clin-${center}`,
          patient_center_id: center,
          patient_id: patientId,
          request_id: requestId,
          starts_at: starts,
          ends_at: at(starts, HOUR),
          modality: 'video' as const,
          kind: 'intake' as const,
          status: fate === 'ahead' ? ('booked' as const) : ('completed' as const),
        });
      }
    }
    await db.insertInto('patients').values(patients).execute();
    await db.insertInto('requests').values(requests).execute();
    await db.insertInto('appointments').values(appointments).execute();
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  /** The public answer, asked with no credentials at all. */
  async function readPublic(url = '/public/status?weeks=2') {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return { response, body: response.json() as Json & { standards: Table[] } };
  }

  const table = (body: { standards: Table[] }, standard: string) => {
    const found = body.standards.find((s) => s.id === standard);
    if (!found) throw new Error(`no table for ${standard}`);
    return found;
  };
  const cellOf = (t: Table, center: string, week: string) =>
    t.centers.find((row) => row.center === center)?.weeks.find((c) => c.weekStart === week);
  const networkOf = (t: Table, week: string) => t.network.find((c) => c.weekStart === week);
  const shown = (
    requests: number,
    met: number,
    referred: number,
    missed: number,
    pending: number,
  ) => {
    const judged = met + referred + missed;
    return {
      suppressed: false,
      requests,
      met,
      referred,
      missed,
      pending,
      judged,
      compliance: judged === 0 ? null : met / judged,
    };
  };
  const small = { suppressed: true, reason: 'small', text: 'fewer than 11' };
  const complementary = { suppressed: true, reason: 'complementary' };

  describe('who may read it', () => {
    it('answers with no credentials, while a staff route still refuses without them', async () => {
      const { response } = await readPublic();
      expect(response.statusCode).toBe(200);
      for (const url of ['/access/compliance', '/patients', '/requests']) {
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      }
      // The same staff route answers with an account: the refusal was for the credentials.
      const staff = await app.inject({
        method: 'GET',
        url: '/access/compliance',
        headers: await bearerFor(db, 'compliance'),
      });
      expect(staff.statusCode).toBe(200);
    });

    it('answers a signed-in account the same figures', async () => {
      const { body } = await readPublic();
      const signedIn = await app.inject({
        method: 'GET',
        url: '/public/status?weeks=2',
        headers: await bearerFor(db, 'hotline'),
      });
      expect(signedIn.statusCode).toBe(200);
      expect((signedIn.json() as Json).standards).toEqual(body.standards);
    });
  });

  describe('the figures', () => {
    it('lists the centers by name, the weeks, the threshold and the standards with data', async () => {
      const { body } = await readPublic();
      expect(body.centers).toEqual([
        { id: 'harbor', name: 'Harbor City' },
        { id: 'inland', name: 'Inland Empire' },
        { id: 'mesa', name: 'Mesa Verde' },
        { id: 'north', name: 'North Valley' },
        { id: 'south', name: 'South Bay' },
      ]);
      expect(body.weeks).toEqual([lastWeek, thisWeek]);
      expect(body.threshold).toBe(SUPPRESSION_THRESHOLD);
      expect(SUPPRESSION_THRESHOLD).toBe(11);
      // From the rules table, in its order.
      expect(body.standards.map((s) => [s.id, s.title, s.limit])).toEqual([
        [
          THERAPY,
          'Non-urgent appointment with a non-physician mental health care provider',
          '10 business days',
        ],
        [
          PSYCHIATRY,
          'Non-urgent appointment with a psychiatrist (specialist physician)',
          '15 business days',
        ],
      ]);
      for (const t of body.standards) {
        expect(t.centers.map((row) => row.center)).toEqual([
          'harbor',
          'inland',
          'mesa',
          'north',
          'south',
        ]);
      }
      expect(body.hotline).toMatchObject({
        number: '(888) 466-2219',
        telephone: 'tel:+1-888-466-2219',
      });
      expect(String((body.hotline as Json).purpose)).toMatch(/Department of Managed Health Care/);
    });

    it('shows a center-week of 11 or more requests with its counts, as counted by hand', async () => {
      const { body } = await readPublic();
      const therapy = table(body, THERAPY);
      // 10 met, 1 referred, 1 late + 1 waiting missed; the cancelled one is not counted.
      expect(cellOf(therapy, 'north', lastWeek)).toEqual({
        weekStart: lastWeek,
        ...shown(13, 10, 1, 2, 0),
      });
      expect(cellOf(therapy, 'south', lastWeek)).toEqual({
        weekStart: lastWeek,
        ...shown(12, 9, 0, 3, 0),
      });
    });

    it('shows the network per standard and week, and withholds it when it is under 11', async () => {
      const { body } = await readPublic();
      const therapy = table(body, THERAPY);
      const psychiatry = table(body, PSYCHIATRY);
      // 13 + 12 + 11 + 4: met 10 + 9 + 6 + 2, referred 1, missed 2 + 3 + 5 + 2.
      expect(networkOf(therapy, lastWeek)).toEqual({
        weekStart: lastWeek,
        ...shown(40, 27, 1, 12, 0),
      });
      // 12 + 3: 3 met ahead of time, 12 pending.
      expect(networkOf(therapy, thisWeek)).toEqual({
        weekStart: thisWeek,
        ...shown(15, 3, 0, 0, 12),
      });
      // 6 + 7: every center under 11, the network not: 11 met, 2 missed.
      expect(networkOf(psychiatry, lastWeek)).toEqual({
        weekStart: lastWeek,
        ...shown(13, 11, 0, 2, 0),
      });
      // 5 in all.
      expect(networkOf(psychiatry, thisWeek)).toEqual({ weekStart: thisWeek, ...small });
    });

    it('withholds every cell under 11 requests: the marker and "fewer than 11", no figure', async () => {
      const { body } = await readPublic();
      const therapy = table(body, THERAPY);
      const psychiatry = table(body, PSYCHIATRY);
      const expectSmall = (t: Table, center: string, week: string) =>
        expect(cellOf(t, center, week), `${t.id} ${center} ${week}`).toEqual({
          weekStart: week,
          ...small,
        });
      expectSmall(therapy, 'mesa', lastWeek); // 4
      expectSmall(therapy, 'harbor', lastWeek); // none
      expectSmall(therapy, 'south', thisWeek); // 3
      for (const center of ['harbor', 'inland', 'mesa', 'north', 'south']) {
        expectSmall(psychiatry, center, lastWeek); // north 6, south 7, others none
        expectSmall(psychiatry, center, thisWeek); // north 5
      }
      // Exactly 11 is not fewer than 11: inland is withheld, but as a complement (below).
      expect(cellOf(therapy, 'inland', lastWeek)).toMatchObject(complementary);
    });

    it('carries no number anywhere in a withheld cell, whatever the answer holds', async () => {
      const { response } = await readPublic('/public/status');
      const withheld: Json[] = [];
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value !== null && typeof value === 'object') {
          const object = value as Json;
          if (object.suppressed === true) withheld.push(object);
          Object.values(object).forEach(walk);
        }
      };
      walk(JSON.parse(response.body));
      // 13 weeks × 2 standards × (5 centers + the network), most of them empty.
      expect(withheld.length).toBeGreaterThan(100);
      for (const cell of withheld) {
        expect(Object.keys(cell).sort()).toEqual(['reason', 'suppressed', 'text', 'weekStart']);
        expect(Object.values(cell).some((v) => typeof v === 'number')).toBe(false);
      }
    });

    it('withholds a complement, so no withheld center is the network minus the shown ones', async () => {
      const { body } = await readPublic();
      const therapy = table(body, THERAPY);
      // Last week: mesa (4) and harbor (0) are small; 40 − 13 − 12 would leave 15 for
      // them and inland (11), so inland, the smallest shown, is withheld with them.
      expect(cellOf(therapy, 'inland', lastWeek)).toEqual({
        weekStart: lastWeek,
        ...complementary,
        text: 'hidden so that a count under 11 cannot be worked out',
      });
      // This week: south (3) alone is small; the network's 15 minus north's 12 would give
      // it away, so north is withheld too.
      expect(cellOf(therapy, 'north', thisWeek)).toMatchObject(complementary);

      // In every standard and week whose network is shown: what the shown centers leave
      // of it is shared by at least two withheld centers and is at least 11 (so no
      // small count is the difference).
      for (const t of [...body.standards]) {
        for (const week of body.weeks as string[]) {
          const network = networkOf(t, week);
          if (!network || network.suppressed) continue;
          const cells = t.centers.map((row) => row.weeks.find((c) => c.weekStart === week)!);
          const hidden = cells.filter((c) => c.suppressed);
          if (hidden.length === 0) continue;
          const left =
            Number(network.requests) -
            cells.filter((c) => !c.suppressed).reduce((sum, c) => sum + Number(c.requests), 0);
          expect(hidden.length, `${t.id} ${week}`).toBeGreaterThanOrEqual(2);
          expect(left, `${t.id} ${week}`).toBeGreaterThanOrEqual(SUPPRESSION_THRESHOLD);
        }
      }
    });
  });

  describe('what it must never hold', () => {
    it('names no member, request, appointment or clinician of the database', async () => {
      const bodies = [
        (await readPublic()).response.body,
        (await readPublic('/public/status?weeks=53')).response.body,
      ];
      const patients = await db
        .selectFrom('patients')
        .select(['id', 'name', 'member_number'])
        .execute();
      const requests = await db.selectFrom('requests').select('id').execute();
      const appointments = await db.selectFrom('appointments').select('id').execute();
      const clinicians = await db.selectFrom('clinicians').select(['id', 'name']).execute();
      const names = [
        ...patients.flatMap((p) => [p.id, p.name, p.member_number]),
        ...requests.map((r) => r.id),
        ...appointments.map((a) => a.id),
        ...clinicians.flatMap((c) => [c.id, c.name]),
      ];
      expect(patients.length).toBe(PLAN.reduce((sum, [, , , , howMany]) => sum + howMany, 0));
      for (const body of bodies) {
        for (const name of names) expect(body.includes(name), name).toBe(false);
        // Nor any part of one (ids are prefixed pt-/rq-/ap-/clin-, names share a surname).
        expect(body).not.toMatch(/pt-|rq-|ap-|clin-|MBR-|Okonkwo|Quillon/);
      }
    });
  });

  describe('as a public answer', () => {
    it('may be cached briefly by anyone', async () => {
      const { response } = await readPublic();
      expect(response.headers['cache-control']).toBe('public, max-age=60');
    });

    it('refuses a bad window with a problem naming the field', async () => {
      for (const url of [
        '/public/status?weeks=0',
        '/public/status?weeks=54',
        '/public/status?weeks=two',
        '/public/status?center=north',
      ]) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      const response = await app.inject({ method: 'GET', url: '/public/status?weeks=0' });
      expect(response.body).toMatch(/weeks/);
    });

    it('covers 13 weeks unless asked otherwise', async () => {
      const { body } = await readPublic('/public/status');
      expect(body.weeks).toEqual(weekWindow(now, 13).mondays);
      for (const t of body.standards) {
        expect(t.network).toHaveLength(13);
        for (const row of t.centers) expect(row.weeks).toHaveLength(13);
      }
    });
  });
}
