/**
 * Hotline cases over HTTP, on every back end (`hotline.*.int.test.ts`): intake for a
 * member found and for one not found (flagged, then matched), the intake's refusals
 * naming their field, the 72-hour and 30-day clocks, the status flow and its refusals,
 * notes, reopening, who may do what, an audit row for every case, request, appointment
 * and member read or written, the metrics against a hand count, and migration 0010
 * keeping the cases recorded before it.
 */
import type { InjectOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { type MigrationProvider, Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../auth/accounts.ts';
import { seedNetwork } from '../booking/booking-fixture.ts';
import { MigrationList, migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';

type Json = Record<string, unknown>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LA = 'America/Los_Angeles';

/** The Monday (YYYY-MM-DD) of the Los Angeles week an instant falls in, worked out by hand. */
function mondayInLA(at: number): string {
  const date = new Date(at).toLocaleDateString('en-CA', { timeZone: LA });
  const day = new Date(`${date}T12:00:00Z`);
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * DAY).toISOString().slice(0, 10);
}

/** Wall-clock time of an instant in Los Angeles, "YYYY-MM-DD HH:MM:SS". */
function wallClockInLA(at: number): string {
  return new Date(at).toLocaleString('sv-SE', { timeZone: LA });
}

export function describeHotline(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let hotline: AuthHeaders;
  let hotlineUserId: string;
  let admin: AuthHeaders;
  let compliance: AuthHeaders;
  let regulator: AuthHeaders;
  let scheduler: AuthHeaders;
  let schedulerUserId: string;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
    await db
      .insertInto('medical_centers')
      .values([
        { id: 'south', name: 'South', lat: 33.8, lon: -118.2 },
        { id: 'east', name: 'East', lat: 34.1, lon: -117.8 },
      ])
      .execute();
    const now = Date.now();
    const request = (id: string, patient: string, daysAgo: number) => ({
      center_id: 'north',
      id,
      patient_id: patient,
      type: 'routine-intake' as const,
      standard: 'nonurgent-nonphysician-mh',
      clock_start: new Date(now - daysAgo * DAY),
      deadline: new Date(now - (daysAgo - 14) * DAY),
      status: 'booked' as const,
    });
    await db
      .insertInto('requests')
      .values([request('r-1', 'p-1', 40), request('r-2', 'p-1', 20), request('r-9', 'p-2', 10)])
      .execute();
    const start = new Date(now - 5 * DAY);
    await db
      .insertInto('appointments')
      .values({
        center_id: 'north',
        id: 'a-1',
        clinician_id: 'c-1',
        patient_center_id: 'north',
        patient_id: 'p-1',
        request_id: 'r-2',
        starts_at: start,
        ends_at: new Date(start.getTime() + HOUR),
        modality: 'video',
        kind: 'intake',
        status: 'completed',
      })
      .execute();
    const worker = await createAccount(db, { name: 'hotline-sam', role: 'hotline' });
    hotline = { authorization: `Bearer ${worker.token.token}` };
    hotlineUserId = worker.account.id;
    const booker = await createAccount(db, { name: 'scheduler-kim', role: 'scheduler' });
    scheduler = { authorization: `Bearer ${booker.token.token}` };
    schedulerUserId = booker.account.id;
    admin = await bearerFor(db, 'admin');
    compliance = await bearerFor(db, 'compliance');
    regulator = await bearerFor(db, 'regulator');
    app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function call(options: InjectOptions, as: AuthHeaders | null = hotline) {
    const response = await app.inject({
      ...options,
      headers: { ...(as ?? {}), ...options.headers },
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      json: response.json() as Json,
    };
  }
  const post = (url: string, payload: unknown, as?: AuthHeaders | null) =>
    call({ method: 'POST', url, payload: payload as Json }, as);
  const patch = (url: string, payload: unknown, as?: AuthHeaders | null) =>
    call({ method: 'PATCH', url, payload: payload as Json }, as);
  const get = (url: string, as?: AuthHeaders | null) => call({ url }, as);
  const caseUrl = (json: Json) => `/hotline/cases/${json.centerId}/${json.id}`;

  async function count(table: 'complaints' | 'audit_events' | 'complaint_notes'): Promise<number> {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The audit rows `act` adds. */
  async function auditedBy(act: () => Promise<unknown>) {
    const before = await db.selectFrom('audit_events').select('id').execute();
    await act();
    const known = new Set(before.map((row) => row.id));
    return (await db.selectFrom('audit_events').selectAll().execute()).filter(
      (row) => !known.has(row.id),
    );
  }

  const standardCall = {
    member: { centerId: 'north', id: 'p-1' },
    category: 'cannot-get-appointment',
    account: 'Offered a first visit seven weeks out.',
    urgency: 'standard',
  };

  describe('intake', () => {
    it('records a case for a member found by the lookup, naming the records it is about', async () => {
      const lookup = await get('/hotline/members?memberNumber=M1');
      expect(lookup.status).toBe(200);
      expect(lookup.json.items).toEqual([
        {
          centerId: 'north',
          centerName: 'North',
          id: 'p-1',
          memberNumber: 'M1',
          name: 'Patient 1',
          birthDate: null,
        },
      ]);
      const receivedAt = new Date(Date.now() - 10 * DAY).toISOString();
      const { status, headers, json } = await post('/hotline/cases', {
        ...standardCall,
        receivedAt,
        requestIds: ['r-2'],
        appointments: [{ centerId: 'north', id: 'a-1' }],
      });
      expect(status).toBe(201);
      expect(headers.location).toBe(caseUrl(json));
      expect(json).toMatchObject({
        centerId: 'north',
        member: { centerId: 'north', id: 'p-1', memberNumber: 'M1', name: 'Patient 1' },
        needsMatching: false,
        memberGiven: null,
        caller: { relation: 'self', name: null },
        category: 'cannot-get-appointment',
        urgency: 'standard',
        status: 'open',
        resolutionCode: null,
        receivedAt,
        assignedTo: null,
        clock: { state: 'running', breached: false },
      });

      const page = await get(caseUrl(json));
      expect(page.status).toBe(200);
      expect(page.json.memberRequests).toEqual([
        expect.objectContaining({ id: 'r-2', linked: true }),
        expect.objectContaining({ id: 'r-1', linked: false }),
      ]);
      expect(page.json.memberAppointments).toEqual([
        expect.objectContaining({ centerId: 'north', id: 'a-1', linked: true, requestId: 'r-2' }),
      ]);
      expect(page.json.history).toEqual([
        expect.objectContaining({
          kind: 'recorded',
          actor: { id: hotlineUserId, name: 'hotline-sam' },
        }),
      ]);
    });

    it('records a case for a member not found, with what the caller gave, flagged for matching', async () => {
      const { status, json } = await post('/hotline/cases', {
        caller: { relation: 'parent-or-guardian', name: 'Rosa Ruiz' },
        unknownMember: { centerId: 'south', memberNumber: 'X-99', name: 'Ana Ruiz' },
        category: 'cancelled-by-strike',
        account: 'Her daughter’s visit was cancelled in the strike and never rebooked.',
        urgency: 'urgent',
      });
      expect(status).toBe(201);
      expect(json).toMatchObject({
        centerId: 'south',
        member: null,
        needsMatching: true,
        memberGiven: { memberNumber: 'X-99', name: 'Ana Ruiz', birthDate: null },
        caller: { relation: 'parent-or-guardian', name: 'Rosa Ruiz' },
        urgency: 'urgent',
      });
      const queue = await get('/hotline/cases?needsMatching=true');
      expect((queue.json.items as Json[]).map((item) => item.id)).toEqual([json.id]);
    });

    const refusals: [string, Json, number, string, string][] = [
      [
        'no member at all',
        { ...standardCall, member: undefined },
        400,
        'member',
        'required: the member from the lookup, or unknownMember',
      ],
      [
        'both kinds of member',
        { ...standardCall, unknownMember: { centerId: 'south', name: 'A B' } },
        400,
        'unknownMember',
        'either member or unknownMember, not both',
      ],
      [
        'an unknown member with nothing to find them by',
        { ...standardCall, member: undefined, unknownMember: { centerId: 'south' } },
        400,
        'unknownMember.memberNumber',
        'give the member number or the name the caller gave',
      ],
      [
        'a caller on the member’s behalf without a name',
        { ...standardCall, caller: { relation: 'relative' } },
        400,
        'caller.name',
        "required when someone calls on the member's behalf",
      ],
      [
        'an unknown category',
        { ...standardCall, category: 'rude-staff' },
        400,
        'category',
        'expected one of cannot-get-appointment, followup-too-far, moved-to-outside-provider, cancelled-by-strike, cost, other',
      ],
      [
        'no urgency',
        { ...standardCall, urgency: undefined },
        400,
        'urgency',
        'required: one of urgent, standard',
      ],
      [
        'a blank account',
        { ...standardCall, account: '   ' },
        400,
        'account',
        "required: the caller's account",
      ],
      ['an unknown field', { ...standardCall, priority: 'high' }, 400, 'priority', 'unknown field'],
      [
        'a call in the future',
        { ...standardCall, receivedAt: new Date(Date.now() + DAY).toISOString() },
        400,
        'receivedAt',
        'a call cannot come in the future',
      ],
      [
        'a member who does not exist',
        { ...standardCall, member: { centerId: 'north', id: 'p-nobody' } },
        422,
        'member',
        'no such member at that medical center',
      ],
      [
        'an unknown member without the center the caller names',
        { ...standardCall, member: undefined, unknownMember: { name: 'A B' } },
        400,
        'unknownMember.centerId',
        'required: the medical center the caller names',
      ],
      [
        'a center that does not exist',
        { ...standardCall, member: undefined, unknownMember: { centerId: 'west', name: 'A B' } },
        422,
        'unknownMember.centerId',
        'no such medical center',
      ],
      [
        'another member’s request',
        { ...standardCall, requestIds: ['r-2', 'r-9'] },
        422,
        'requestIds.1',
        "not one of the member's requests",
      ],
      [
        'records for an unknown member',
        {
          ...standardCall,
          member: undefined,
          unknownMember: { centerId: 'south', name: 'A B' },
          requestIds: ['r-1'],
        },
        400,
        'requestIds',
        'names no records until it is matched',
      ],
    ];

    it.each(refusals)('refuses %s, storing nothing', async (_, body, status, path, message) => {
      const before = await count('complaints');
      const answer = await post('/hotline/cases', body);
      expect(answer.status).toBe(status);
      const errors = answer.json.errors as { path: string; message: string }[];
      expect(errors).toContainEqual({
        path,
        in: 'body',
        message: expect.stringContaining(message),
      });
      expect(await count('complaints')).toBe(before);
    });

    it('refuses to assign a case to an account that does not work cases', async () => {
      const answer = await post('/hotline/cases', { ...standardCall, assignedTo: schedulerUserId });
      expect(answer.status).toBe(422);
      expect(answer.json.detail).toBe(
        'assignedTo: no active hotline or admin account with this id',
      );
    });
  });

  describe('clocks', () => {
    it('gives an urgent case 72 hours and counts it breached after them, with the time over', async () => {
      const received = Date.now() - 80 * HOUR;
      const { json } = await post('/hotline/cases', {
        ...standardCall,
        urgency: 'urgent',
        receivedAt: new Date(received).toISOString(),
      });
      const page = await get(caseUrl(json));
      const clock = page.json.clock as Json;
      expect(clock.dueAt).toBe(new Date(received + 72 * HOUR).toISOString());
      expect(clock).toMatchObject({ state: 'breached', breached: true });
      expect(clock.msLeft).toBe(received + 72 * HOUR - Date.parse(page.json.asOf as string));
    });

    it('gives a standard case 30 calendar days, due at the same local time, with the time left', async () => {
      const received = Date.now() - 10 * DAY;
      const { json } = await post('/hotline/cases', {
        ...standardCall,
        receivedAt: new Date(received).toISOString(),
      });
      const page = await get(caseUrl(json));
      const clock = page.json.clock as Json;
      const due = Date.parse(clock.dueAt as string);
      // The same wall-clock time, 30 days on (29 d 23 h or 30 d 1 h across a DST change).
      expect(wallClockInLA(due).slice(11)).toBe(wallClockInLA(received).slice(11));
      expect(Math.abs(due - received - 30 * DAY)).toBeLessThanOrEqual(HOUR);
      expect(clock).toMatchObject({ state: 'running', breached: false });
      expect(clock.msLeft).toBe(due - Date.parse(page.json.asOf as string));
      expect(clock.msLeft as number).toBeGreaterThan(19 * DAY);
    });
  });

  describe('working a case', () => {
    it('moves open → investigating → resolved only, refusing every other move and changing nothing', async () => {
      const { json } = await post('/hotline/cases', standardCall);
      const url = caseUrl(json);
      const steps: [Json, number, string | null][] = [
        [
          { status: 'resolved', resolutionCode: 'appointment-booked' },
          409,
          'a case that is open cannot become resolved; it can become investigating',
        ],
        [
          { status: 'closed', resolutionCode: 'withdrawn' },
          409,
          'a case that is open cannot become closed; it can become investigating',
        ],
        [{ status: 'investigating' }, 200, null],
        [{ status: 'investigating' }, 409, 'the case is already investigating'],
        [
          { status: 'resolved' },
          422,
          'a resolved case needs a resolution code: one of appointment-booked',
        ],
        [
          { status: 'resolved', resolutionCode: 'withdrawn' },
          422,
          '"withdrawn" is not a code for a resolved case',
        ],
        [
          { resolutionCode: 'referred-out' },
          400,
          'required with resolutionCode: resolved or closed',
        ],
        [{}, 400, 'nothing to change'],
        [{ status: 'resolved', resolutionCode: 'referred-out' }, 200, null],
        [
          { status: 'closed', resolutionCode: 'duplicate' },
          409,
          'the case is resolved: reopen it first',
        ],
        [{ assignedTo: hotlineUserId }, 409, 'the case is resolved: reopen it first'],
      ];
      for (const [body, status, detail] of steps) {
        const before = await get(url);
        const answer = await patch(url, body);
        expect({ body, status: answer.status }).toEqual({ body, status });
        if (detail !== null) {
          expect(answer.json.detail).toContain(detail);
          const after = await get(url);
          expect({ ...after.json, asOf: null, clock: null }).toEqual({
            ...before.json,
            asOf: null,
            clock: null,
          });
        }
      }
      const settled = await get(url);
      expect(settled.json).toMatchObject({
        status: 'resolved',
        resolutionCode: 'referred-out',
        clock: { state: 'met', msLeft: null, breached: false },
      });
      expect(Date.parse(settled.json.resolvedAt as string)).toBeGreaterThan(Date.now() - 60_000);
      expect(
        (settled.json.history as Json[]).map((h) => [
          h.kind,
          h.fromStatus,
          h.toStatus,
          h.resolutionCode,
        ]),
      ).toEqual([
        ['recorded', null, null, null],
        ['status', 'open', 'investigating', null],
        ['status', 'investigating', 'resolved', 'referred-out'],
      ]);
    });

    it('settles a case once when two people resolve it at the same moment (the second is a 409)', async (context) => {
      // PGlite has one connection: requests there never overlap, so a race proves nothing.
      if (database.backend !== 'postgres') context.skip();
      const { json } = await post('/hotline/cases', standardCall);
      const url = caseUrl(json);
      await patch(url, { status: 'investigating' });
      // Hold the case row so both changes arrive while it is locked, then let them go.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let taken = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        taken = resolve;
      });
      const holder = db.transaction().execute(async (trx) => {
        await sql`SELECT 1 FROM complaints WHERE center_id = ${json.centerId} AND id = ${json.id}
          FOR UPDATE`.execute(trx);
        taken();
        await held;
      });
      await lockTaken;
      const answers = Promise.all([
        patch(url, { status: 'resolved', resolutionCode: 'appointment-booked' }),
        patch(url, { status: 'closed', resolutionCode: 'duplicate' }, admin),
      ]);
      await expect
        .poll(async () => {
          const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
          return waiting.rows[0]?.n;
        })
        .toBe(2);
      release();
      await holder;
      expect((await answers).map((a) => a.status).sort()).toEqual([200, 409]);
      const history = (await get(url)).json.history as Json[];
      expect(
        history.filter((h) => h.toStatus === 'resolved' || h.toStatus === 'closed'),
      ).toHaveLength(1);
    });

    it('assigns and unassigns, to hotline and admin accounts only, and filters the queue by assignee', async () => {
      const { json } = await post('/hotline/cases', standardCall);
      const url = caseUrl(json);
      const assigned = await patch(url, { assignedTo: hotlineUserId });
      expect(assigned.json.assignedTo).toEqual({ id: hotlineUserId, name: 'hotline-sam' });
      const mine = await get(`/hotline/cases?assignee=${hotlineUserId}`);
      expect((mine.json.items as Json[]).map((item) => item.id)).toEqual([json.id]);
      expect((await patch(url, { assignedTo: schedulerUserId })).status).toBe(422);
      expect((await patch(url, { assignedTo: null })).json.assignedTo).toBeNull();
      const history = (await get(url)).json.history as Json[];
      expect(history.filter((h) => h.kind === 'assigned').map((h) => h.assignedTo)).toEqual([
        { id: hotlineUserId, name: 'hotline-sam' },
        null,
      ]);
    });

    it('reopens a settled case to investigating, keeping how it was settled in its history', async () => {
      const { json } = await post('/hotline/cases', standardCall);
      const url = caseUrl(json);
      expect((await post(`${url}/reopen`, {})).status).toBe(409);
      await patch(url, { status: 'investigating' });
      await patch(url, { status: 'closed', resolutionCode: 'caller-unreachable' });
      const reopened = await post(`${url}/reopen`, { note: 'The member called back.' });
      expect(reopened.status).toBe(200);
      expect(reopened.json).toMatchObject({
        status: 'investigating',
        resolutionCode: null,
        resolvedAt: null,
        clock: { state: 'running' },
      });
      const page = await get(url);
      expect((page.json.history as Json[]).at(-1)).toMatchObject({
        kind: 'reopened',
        fromStatus: 'closed',
        toStatus: 'investigating',
        resolutionCode: 'caller-unreachable',
      });
      expect((page.json.notes as Json[]).map((n) => n.text)).toEqual(['The member called back.']);
      // It settles again like any investigating case.
      expect(
        (await patch(url, { status: 'resolved', resolutionCode: 'appointment-booked' })).status,
      ).toBe(200);
    });

    it('adds notes with their author, audited, and never changes one', async () => {
      const { json } = await post('/hotline/cases', standardCall);
      const url = caseUrl(json);
      let noteId = '';
      const events = await auditedBy(async () => {
        const note = await post(`${url}/notes`, { text: 'Left a voicemail for the member.' });
        expect(note.status).toBe(201);
        expect(note.json).toMatchObject({
          author: { id: hotlineUserId, name: 'hotline-sam' },
          text: 'Left a voicemail for the member.',
        });
        noteId = note.json.id as string;
      });
      expect(events).toEqual([
        expect.objectContaining({
          action: 'C',
          entity_type: 'HotlineCaseNote',
          entity_id: noteId,
          patient_center_id: 'north',
          patient_id: 'p-1',
          actor_role: 'hotline',
          detail: { caseId: json.id },
        }),
      ]);
      expect((await post(`${url}/notes`, { text: '  ' })).json.errors).toEqual([
        { path: 'text', in: 'body', message: 'required: the note' },
      ]);
      const change = await sql`UPDATE complaint_notes SET text = 'edited' WHERE id = ${noteId}`
        .execute(db)
        .then(
          () => 'changed',
          (error: Error) => error.message,
        );
      expect(change).toMatch(/complaint_notes is append-only: UPDATE refused/);
      expect(((await get(url)).json.notes as Json[]).map((n) => n.text)).toEqual([
        'Left a voicemail for the member.',
      ]);
    });

    it('matches a case recorded without its member, once, leaving it at its center', async () => {
      const { json } = await post('/hotline/cases', {
        unknownMember: { centerId: 'south', name: 'Patient 3' },
        category: 'cost',
        account: 'Billed a specialist copay for a therapy visit.',
        urgency: 'standard',
      });
      const url = caseUrl(json);
      expect(
        (await post(`${url}/match`, { member: { centerId: 'north', id: 'p-none' } })).status,
      ).toBe(422);
      const events = await auditedBy(async () => {
        const matched = await post(`${url}/match`, {
          member: { centerId: 'north', id: 'p-3' },
        });
        expect(matched.status).toBe(200);
        expect(matched.json).toMatchObject({
          centerId: 'south',
          member: { centerId: 'north', id: 'p-3', memberNumber: 'M3' },
          needsMatching: false,
          memberGiven: { name: 'Patient 3' },
        });
      });
      expect(events).toEqual([
        expect.objectContaining({
          action: 'U',
          entity_id: json.id,
          center_id: 'south',
          patient_id: 'p-3',
        }),
      ]);
      const again = await post(`${url}/match`, { member: { centerId: 'north', id: 'p-4' } });
      expect(again.status).toBe(409);
      expect(again.json.detail).toBe('the case is already matched to a member');
    });
  });

  describe('who may do what', () => {
    it('lets compliance read cases but not write them, the regulator only count them, others nothing', async () => {
      const { json } = await post('/hotline/cases', standardCall, admin);
      expect(json.status).toBe('open');
      const url = caseUrl(json);
      const before = { cases: await count('complaints'), audit: await count('audit_events') };
      const refused: [AuthHeaders | null, InjectOptions, number][] = [
        [compliance, { method: 'POST', url: '/hotline/cases', payload: standardCall }, 403],
        [compliance, { method: 'PATCH', url, payload: { status: 'investigating' } }, 403],
        [compliance, { method: 'POST', url: `${url}/notes`, payload: { text: 'x' } }, 403],
        [regulator, { url: '/hotline/cases' }, 403],
        [regulator, { url }, 403],
        [scheduler, { url: '/hotline/cases' }, 403],
        [scheduler, { url: '/hotline/members?memberNumber=M1' }, 403],
        [null, { url: '/hotline/metrics' }, 401],
      ];
      for (const [as, options, status] of refused) {
        expect({ url: options.url, status: (await call(options, as)).status }).toEqual({
          url: options.url,
          status,
        });
      }
      // Refused: nothing read, nothing written, nothing audited.
      expect(await count('complaints')).toBe(before.cases);
      expect(await count('audit_events')).toBe(before.audit);
      expect((await get(url, compliance)).status).toBe(200);
      expect((await get('/hotline/metrics', regulator)).status).toBe(200);
    });
  });

  describe('the audit trail', () => {
    it('has a row for each case listed, and for a case page one per case, request and appointment', async () => {
      const listed = await get('/hotline/cases?center=north&limit=3');
      const items = listed.json.items as Json[];
      expect(items).toHaveLength(3);
      const listEvents = await auditedBy(() => get('/hotline/cases?center=north&limit=3'));
      expect(listEvents.map((e) => [e.action, e.entity_type, e.entity_id]).sort()).toEqual(
        items.map((item) => ['R', 'HotlineCase', item.id]).sort(),
      );
      const first = (await get('/hotline/cases?center=north&sort=receivedAt&limit=1')).json
        .items as Json[];
      const pageEvents = await auditedBy(() => get(caseUrl(first[0]!)));
      expect(
        pageEvents.map((e) => [e.action, e.entity_type, e.entity_id, e.patient_id]).sort(),
      ).toEqual(
        [
          ['R', 'Appointment', 'a-1', 'p-1'],
          ['R', 'HotlineCase', first[0]!.id, 'p-1'],
          ['R', 'Request', 'r-1', 'p-1'],
          ['R', 'Request', 'r-2', 'p-1'],
        ].sort(),
      );
    });

    it('has a row for each write, in its transaction, and for each member the look-up shows', async () => {
      const intake = await auditedBy(() => post('/hotline/cases', standardCall));
      expect(intake.map((e) => [e.action, e.entity_type, e.patient_id])).toEqual([
        ['C', 'HotlineCase', 'p-1'],
      ]);
      const id = intake[0]!.entity_id;
      const change = await auditedBy(() =>
        patch(`/hotline/cases/north/${id}`, { status: 'investigating' }),
      );
      expect(change.map((e) => [e.action, e.entity_id, e.detail])).toEqual([
        ['U', id, { from: 'open', status: 'investigating' }],
      ]);
      const refused = await auditedBy(() =>
        patch(`/hotline/cases/north/${id}`, { status: 'open' }),
      );
      expect(refused).toEqual([]);
      const lookup = await auditedBy(() => get('/hotline/members?name=patient%2039'));
      // "patient 39" starts the names Patient 39 and Patient 390 … 399.
      expect(lookup).toHaveLength(11);
      expect(new Set(lookup.map((e) => e.entity_type))).toEqual(new Set(['Patient']));
    });
  });

  describe('metrics', () => {
    it('counts the queue and the clocks of one center exactly as worked out by hand', async () => {
      const now = Date.now();
      const intake = async (
        name: string,
        urgency: 'urgent' | 'standard',
        hoursAgo: number,
        category: string,
      ) => {
        const { json } = await post('/hotline/cases', {
          unknownMember: { centerId: 'east', name },
          category,
          account: `Case ${name}`,
          urgency,
          receivedAt: new Date(now - hoursAgo * HOUR).toISOString(),
        });
        return { name, url: caseUrl(json), id: json.id as string, received: now - hoursAgo * HOUR };
      };
      const settle = async (url: string, status: 'resolved' | 'closed', code: string) => {
        await patch(url, { status: 'investigating' });
        await patch(url, { status, resolutionCode: code });
      };
      // Open: A urgent 2 h old (due in 70 h), B standard 2 days (due in 28 days),
      // C urgent 4 days (overdue by a day), D standard 40 days, investigating (overdue).
      const a = await intake('A', 'urgent', 2, 'cannot-get-appointment');
      const b = await intake('B', 'standard', 48, 'cost');
      const c = await intake('C', 'urgent', 96, 'cannot-get-appointment');
      const d = await intake('D', 'standard', 40 * 24, 'followup-too-far');
      await patch(d.url, { status: 'investigating' });
      // Settled now: E standard 20 days (in time), F urgent 10 days (late), G 3 days (in time).
      const e = await intake('E', 'standard', 20 * 24, 'cannot-get-appointment');
      const f = await intake('F', 'urgent', 10 * 24, 'moved-to-outside-provider');
      const g = await intake('G', 'standard', 3 * 24, 'other');
      await settle(e.url, 'resolved', 'appointment-booked');
      await settle(f.url, 'resolved', 'referred-out');
      await settle(g.url, 'closed', 'withdrawn');

      // The queue: open and investigating by time left (D, C, A, B), then the settled
      // by due instant (F, E, G); walked three at a time.
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const pageUrl: string = `/hotline/cases?center=east&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await get(pageUrl);
        ids.push(...(page.json.items as Json[]).map((item) => item.id as string));
        cursor = page.json.nextCursor as string | null;
      } while (cursor !== null);
      expect(ids).toEqual([d, c, a, b, f, e, g].map((x) => x.id));

      const { status, json } = await get('/hotline/metrics?weeks=13&center=east', regulator);
      expect(status).toBe(200);
      expect(json.openByAge).toEqual([
        { band: 'under-1-day', label: 'under 1 day', urgent: 1, standard: 0, overdue: 0 },
        { band: '1-3-days', label: '1 to 3 days', urgent: 0, standard: 1, overdue: 0 },
        { band: '3-7-days', label: '3 to 7 days', urgent: 1, standard: 0, overdue: 1 },
        { band: '7-14-days', label: '7 to 14 days', urgent: 0, standard: 0, overdue: 0 },
        { band: '14-30-days', label: '14 to 30 days', urgent: 0, standard: 0, overdue: 0 },
        { band: '30-days-or-more', label: '30 days or more', urgent: 0, standard: 1, overdue: 1 },
      ]);

      // By the week each call came in: in time (E, G), late (F), overdue (C, D), running (A, B).
      const outcome: Record<string, 'inTime' | 'late' | 'overdue' | 'running'> = {
        A: 'running',
        B: 'running',
        C: 'overdue',
        D: 'overdue',
        E: 'inTime',
        F: 'late',
        G: 'inTime',
      };
      const expected = new Map<
        string,
        { received: number; inTime: number; late: number; overdue: number; running: number }
      >();
      for (const x of [a, b, c, d, e, f, g]) {
        const week = mondayInLA(x.received);
        const row = expected.get(week) ?? {
          received: 0,
          inTime: 0,
          late: 0,
          overdue: 0,
          running: 0,
        };
        row.received += 1;
        row[outcome[x.name]!] += 1;
        expected.set(week, row);
      }
      const weekly = (json.weekly as Json[]).filter((w) => (w.received as number) > 0);
      expect(weekly).toEqual(
        [...expected.entries()]
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([weekStart, row]) => {
            const decided = row.inTime + row.late + row.overdue;
            return { weekStart, ...row, shareInTime: decided === 0 ? null : row.inTime / decided };
          }),
      );
      expect((json.weekly as Json[]).length).toBe(13);
      expect(json.weeks).toEqual((json.weekly as Json[]).map((w) => w.weekStart));

      const categories = new Map<string, number>();
      const categoryOf: Record<string, string> = {
        A: 'cannot-get-appointment',
        B: 'cost',
        C: 'cannot-get-appointment',
        D: 'followup-too-far',
        E: 'cannot-get-appointment',
        F: 'moved-to-outside-provider',
        G: 'other',
      };
      for (const x of [a, b, c, d, e, f, g]) {
        const key = `${mondayInLA(x.received)} ${categoryOf[x.name]}`;
        categories.set(key, (categories.get(key) ?? 0) + 1);
      }
      expect(
        (json.categories as Json[])
          .map((row) => [`${row.weekStart} ${row.category}`, row.cases])
          .sort(),
      ).toEqual([...categories.entries()].sort());
    });
  });

  describe('migration 0010', () => {
    it('keeps the cases recorded before it: categories mapped, resolved ones coded, 30-day clocks', async () => {
      const older = await open();
      try {
        const through0009: MigrationProvider = {
          async getMigrations() {
            const all = await new MigrationList().getMigrations();
            return Object.fromEntries(Object.entries(all).filter(([name]) => name < '0010'));
          },
        };
        const { error } = await new Migrator({
          db: older.db,
          provider: through0009,
        }).migrateToLatest();
        expect(error).toBeUndefined();
        await seedNetwork(older.db);
        await sql`INSERT INTO requests (center_id, id, patient_id, type, standard, clock_start, deadline)
          VALUES ('north', 'r-old', 'p-1', 'routine-intake', 'nonurgent-nonphysician-mh',
                  '2026-02-01T17:00:00Z', '2026-02-13T17:00:00Z')`.execute(older.db);
        await sql`INSERT INTO complaints
            (center_id, id, patient_id, request_id, received_at, category, summary, status, resolved_at)
          VALUES
            ('north', 'old-1', 'p-1', 'r-old', '2026-03-01T18:00:00Z', 'access-delay', 'Late', 'resolved', '2026-03-04T18:00:00Z'),
            ('north', 'old-2', 'p-2', NULL, '2026-03-10T18:00:00Z', 'language', 'No Spanish', 'open', NULL)`.execute(
          older.db,
        );
        const through0010: MigrationProvider = {
          async getMigrations() {
            const all = await new MigrationList().getMigrations();
            return Object.fromEntries(
              Object.entries(all).filter(([name]) => name <= '0010_hotline_cases'),
            );
          },
        };
        const applied = await new Migrator({
          db: older.db,
          provider: through0010,
        }).migrateToLatest();
        expect(applied.error).toBeUndefined();
        const rows = await older.db
          .selectFrom('complaints')
          .select([
            'id',
            'patient_center_id',
            'category',
            'account',
            'status',
            'resolution_code',
            'urgency',
            'due_at',
          ])
          .orderBy('id')
          .execute();
        expect(rows).toEqual([
          {
            id: 'old-1',
            patient_center_id: 'north',
            category: 'cannot-get-appointment',
            account: 'Late',
            status: 'resolved',
            resolution_code: 'unrecorded',
            urgency: 'standard',
            // 10:00 PST on 1 March → 10:00 PDT on 31 March.
            due_at: new Date('2026-03-31T17:00:00Z'),
          },
          {
            id: 'old-2',
            patient_center_id: 'north',
            category: 'other',
            account: 'No Spanish',
            status: 'open',
            resolution_code: null,
            urgency: 'standard',
            due_at: new Date('2026-04-09T18:00:00Z'),
          },
        ]);
        const links = await older.db.selectFrom('complaint_links').selectAll().execute();
        expect(links.map((l) => [l.complaint_id, l.kind, l.target_center_id, l.target_id])).toEqual(
          [['old-1', 'request', 'north', 'r-old']],
        );
      } finally {
        await older.dispose();
      }
    }, 60_000);
  });
}
