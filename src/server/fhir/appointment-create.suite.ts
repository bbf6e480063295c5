/**
 * `POST /fhir/Appointment` (create = book), part of the FHIR suite (`fhir.suite.ts` runs
 * it last, on PGlite and on a PostgreSQL server, in the suite's database). It books, so
 * it adds its own center ("east"), clinicians and members once the read tests are done,
 * and, like `../booking.suite.ts`, runs on the real clock: templates are in force from
 * 2020 on and every clock starts now, so the assertions are relative to what
 * `GET /availability` (the REST face of the same engine) offers.
 *
 * Every resource and OperationOutcome returned is checked with a FHIR R4 validator.
 */
import type { Appointment, Bundle, Extension, OperationOutcome } from '@medplum/fhirtypes';
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.ts';
import type { TimelyServer } from '../app.ts';
import { type AuthHeaders, bearerFor } from '../auth/test-credentials.ts';
import { EXTENSIONS } from './booking-extensions.ts';
import { fhirIssues } from './fhir-validator.ts';
import { slotId } from './slots.ts';

type Json = Record<string, unknown>;

interface RestOption {
  clinicianId: string;
  start: string;
  end: string;
}

export interface CreateSuiteContext {
  readonly app: TimelyServer;
  readonly db: Kysely<Database>;
}

const STANDARD = 'nonurgent-nonphysician-mh';
const WEEKDAYS = [1, 2, 3, 4, 5];
const CLINICIANS = ['e1', 'e2'];
const PATIENTS = 40;

export function describeAppointmentCreate(context: () => CreateSuiteContext): void {
  let app: TimelyServer;
  let db: Kysely<Database>;
  let auth: AuthHeaders;
  const clockStart = new Date().toISOString();

  /** A routine intake for member `pe-<n>` as a FHIR client books it. */
  function appointment(patient: number, extra: Json = {}, extensions: Extension[] = []): Json {
    return {
      resourceType: 'Appointment',
      status: 'proposed',
      extension: [
        {
          url: EXTENSIONS.standard,
          valueCoding: { system: 'urn:timely:standard', code: STANDARD },
        },
        { url: EXTENSIONS.clockStart, valueDateTime: clockStart },
        ...extensions,
      ],
      appointmentType: {
        coding: [{ system: 'urn:timely:request-type', code: 'routine-intake' }],
      },
      participant: [{ actor: { reference: `Patient/pe-${patient}` }, status: 'accepted' }],
      ...extra,
    };
  }

  /** As a scheduler, the role that books. */
  async function call(options: InjectOptions) {
    const response = await app.inject({ ...options, headers: { ...auth, ...options.headers } });
    const json = response.body === '' ? undefined : (response.json() as Json);
    return { status: response.statusCode, headers: response.headers, json, body: response.body };
  }

  /** POST /fhir/Appointment; checks the media type and validates the answer as FHIR R4. */
  async function create(payload: unknown, headers: Record<string, string> = {}) {
    const response = await call({
      method: 'POST',
      url: '/fhir/Appointment',
      headers: { 'content-type': 'application/fhir+json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(fhirIssues(response.json), response.body).toEqual([]);
    expect(response.body).not.toMatch(/at .*\.ts:\d+|node_modules/);
    return response;
  }

  /** What the engine offers pe-<n> through the REST face, best first. */
  async function availability(patient: number, extra: Json = {}) {
    const query = new URLSearchParams({
      type: 'routine-intake',
      standard: STANDARD,
      patientId: `pe-${patient}`,
      clockStart,
      center: 'east',
      ...extra,
    });
    const response = await call({ url: `/availability?${query}` });
    expect(response.status, response.body).toBe(200);
    return response.json as { options: RestOption[]; deadline: string };
  }

  const slotOf = (option: RestOption) =>
    `Slot/${slotId(option.clinicianId, Date.parse(option.start))}`;
  const extension = (resource: { extension?: Extension[] }, url: string) =>
    resource.extension?.find((e) => e.url === url);
  const part = (ext: Extension | undefined, url: string) =>
    ext?.extension?.find((e) => e.url === url);

  /** Rows of every table a booking writes, to prove a refusal wrote nothing. */
  async function counts(): Promise<number[]> {
    const tables = ['requests', 'appointments', 'idempotency_keys'] as const;
    return Promise.all(
      tables.map(async (table) => {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    );
  }

  beforeAll(async () => {
    ({ app, db } = context());
    auth = await bearerFor(db, 'scheduler');
    await db
      .insertInto('medical_centers')
      .values({ id: 'east', name: 'East', lat: 34.05, lon: -118.25 })
      .execute();
    for (const id of CLINICIANS) {
      await db
        .insertInto('clinicians')
        .values({
          center_id: 'east',
          id,
          name: `Clinician ${id}`,
          discipline: 'lcsw',
          languages: ['en'],
          modalities: ['in-person', 'video'],
        })
        .execute();
      await db
        .insertInto('templates')
        .values({
          center_id: 'east',
          id: `t-${id}`,
          clinician_id: id,
          name: 'weekday',
          effective_from: '2020-01-06',
        })
        .execute();
      await db
        .insertInto('template_sessions')
        .values(
          WEEKDAYS.flatMap((weekday) =>
            ['09:00', '10:00', '11:00'].map((start_time) => ({
              center_id: 'east',
              template_id: `t-${id}`,
              weekday,
              start_time,
              minutes: 60,
              kind: 'intake' as const,
            })),
          ),
        )
        .execute();
    }
    await db
      .insertInto('patients')
      .values(
        Array.from({ length: PATIENTS }, (_, i) => ({
          center_id: 'east',
          id: `pe-${i + 1}`,
          member_number: `ME-${i + 1}`,
          name: `Member ${i + 1}`,
        })),
      )
      .execute();
  });

  it('books the engine’s choice, as POST /appointments would: 201, Location, and the Appointment with standard, deadline and evaluation', async () => {
    const offered = await availability(1);
    const [choice] = offered.options;
    const created = await create(appointment(1), {
      'content-type': 'application/fhir+json; fhirVersion=4.0; charset=utf-8',
    });
    expect(created.status, created.body).toBe(201);
    const booked = created.json as unknown as Appointment & { id: string };
    expect(created.headers.location).toMatch(
      new RegExp(`^http://[^/]+/fhir/Appointment/${booked.id}$`),
    );
    expect(created.headers['idempotent-replayed']).toBeUndefined();
    expect(booked).toMatchObject({
      resourceType: 'Appointment',
      status: 'booked',
      start: choice?.start,
      participant: [
        { actor: { reference: 'Patient/pe-1' } },
        { actor: { reference: `Practitioner/${choice?.clinicianId}` } },
      ],
      basedOn: [{ type: 'ServiceRequest', identifier: { system: 'urn:timely:request' } }],
    });
    expect(extension(booked, EXTENSIONS.standard)?.valueCoding?.code).toBe(STANDARD);
    expect(Date.parse(extension(booked, EXTENSIONS.deadline)?.valueDateTime ?? '')).toBe(
      Date.parse(offered.deadline),
    );
    const evaluation = extension(booked, EXTENSIONS.evaluation);
    expect(part(evaluation, 'status')?.valueCode).toBe('met');
    expect(part(evaluation, 'met')?.valueBoolean).toBe(true);

    // The read returns the same Appointment, without the booking's judgement.
    const read = await call({ url: `/fhir/Appointment/${booked.id}` });
    const { extension: _judged, ...plain } = booked;
    expect(read.json).toEqual(plain);
    // The searches find it, and its Slot is taken.
    const byPatient = (await call({ url: '/fhir/Appointment?patient=Patient/pe-1' }))
      .json as unknown as Bundle;
    expect(byPatient.entry?.map((e) => e.resource?.id)).toEqual([booked.id]);
    const byPractitioner = (
      await call({
        url: `/fhir/Appointment?practitioner=${choice?.clinicianId}&status=booked&date=${encodeURIComponent(`ge${booked.start}`)}&date=${encodeURIComponent(`le${booked.start}`)}`,
      })
    ).json as unknown as Bundle;
    expect(byPractitioner.entry?.map((e) => e.resource?.id)).toEqual([booked.id]);
    const slot = await call({ url: `/fhir/${slotOf(choice!)}` });
    expect(slot.json).toMatchObject({ status: 'busy' });
  });

  it('books a picked Slot (with its practitioner as a participant)', async () => {
    const picked = (await availability(2)).options[2]!;
    const created = await create(
      appointment(2, {
        slot: [{ reference: slotOf(picked) }],
        participant: [
          { actor: { reference: 'Patient/pe-2' }, status: 'accepted' },
          { actor: { reference: `Practitioner/${picked.clinicianId}` }, status: 'accepted' },
        ],
      }),
    );
    expect(created.status, created.body).toBe(201);
    const booked = created.json as unknown as Appointment;
    expect(Date.parse(booked.start ?? '')).toBe(Date.parse(picked.start));
    expect(booked.participant[1]?.actor?.reference).toBe(`Practitioner/${picked.clinicianId}`);
  });

  it('a taken Slot is a 409 OperationOutcome listing the next options, writing nothing; one of them then books', async () => {
    const [first] = (await availability(3)).options;
    const taken = slotOf(first!);
    expect((await create(appointment(3, { slot: [{ reference: taken }] }))).status).toBe(201);
    const before = await counts();
    const lost = await create(appointment(4, { slot: [{ reference: taken }] }), {
      'idempotency-key': 'fhir-loser',
    });
    expect(lost.status, lost.body).toBe(409);
    const outcome = lost.json as unknown as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({
      severity: 'error',
      code: 'conflict',
      details: { coding: [{ system: 'urn:timely:booking-conflict', code: 'slot-taken' }] },
      expression: ['Appointment.slot[0].reference'],
    });
    expect(extension(outcome, EXTENSIONS.standard)?.valueCoding?.code).toBe(STANDARD);
    expect(extension(outcome, EXTENSIONS.deadline)?.valueDateTime).toBeDefined();
    expect(part(extension(outcome, EXTENSIONS.evaluation), 'status')?.valueCode).toBe('open');
    const next = (outcome.extension ?? [])
      .filter((e) => e.url === EXTENSIONS.nextOption)
      .map((e) => part(e, 'slot')?.valueReference?.reference);
    expect(next.length).toBeGreaterThan(0);
    expect(next).not.toContain(taken);
    expect(outcome.issue[0]?.diagnostics).toBe(`next options: ${next.join(', ')}`);
    // Not even the key is kept: the client picks again with the same key.
    expect(await counts()).toEqual(before);
    const retried = await create(appointment(4, { slot: [{ reference: next[0] }] }), {
      'idempotency-key': 'fhir-loser',
    });
    expect(retried.status, retried.body).toBe(201);
  });

  it('Idempotency-Key: a retry returns the first result and books nothing more; another body with the key is a 422', async () => {
    const first = await create(appointment(5), { 'idempotency-key': 'fhir-retry-1' });
    expect(first.status, first.body).toBe(201);
    const before = await counts();
    const again = await create(appointment(5), { 'idempotency-key': 'fhir-retry-1' });
    expect(again.status).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(before);
    const rows = await db.selectFrom('appointments').select('id').where('patient_id', '=', 'pe-5');
    expect(await rows.execute()).toEqual([{ id: (first.json as { id: string }).id }]);

    const reused = await create(appointment(6), { 'idempotency-key': 'fhir-retry-1' });
    expect(reused.status, reused.body).toBe(422);
    expect((reused.json as unknown as OperationOutcome).issue[0]).toMatchObject({
      code: 'business-rule',
      location: ['http.Idempotency-Key'],
    });
    expect(await counts()).toEqual(before);
  });

  it('concurrent creates: one Slot is booked once, and retries of one key book once', async () => {
    const [first] = (await availability(10)).options;
    const contested = slotOf(first!);
    const racers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        create(appointment(10 + i, { slot: [{ reference: contested }] })),
      ),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);

    const retries = await Promise.all(
      Array.from({ length: 4 }, () => create(appointment(16), { 'idempotency-key': 'fhir-race' })),
    );
    expect(new Set(retries.map((r) => `${r.status} ${(r.json as { id?: string }).id}`)).size).toBe(
      1,
    );
    const rows = await db.selectFrom('appointments').select('id').where('patient_id', '=', 'pe-16');
    expect(await rows.execute()).toHaveLength(1);
  });

  it('a request nothing fits waits: 202 with an Appointment whose status is waitlist', async () => {
    const waiting = await create(
      appointment(7, {}, [{ url: EXTENSIONS.language, valueCode: 'vi' }]),
    );
    expect(waiting.status, waiting.body).toBe(202);
    expect(waiting.headers.location).toBeUndefined();
    const resource = waiting.json as unknown as Appointment;
    expect(resource).toMatchObject({ resourceType: 'Appointment', status: 'waitlist' });
    expect(resource).not.toHaveProperty('id');
    expect(part(extension(resource, EXTENSIONS.evaluation), 'status')?.valueCode).toBe('open');
    expect(extension(resource, EXTENSIONS.waitlistReason)?.valueCoding?.code).toBe(
      'no-fitting-clinician',
    );
    const requestId = resource.basedOn?.[0]?.identifier?.value ?? '';
    const row = await db
      .selectFrom('requests')
      .select(['status', 'language'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'waitlisted', language: 'vi' });
  });

  describe('bad input: a 4xx OperationOutcome naming the element, nothing written', () => {
    const cases: [string, () => [unknown, Record<string, string>?], number, string, string][] = [
      [
        'unknown patient',
        () => [
          appointment(8, {
            participant: [{ actor: { reference: 'Patient/pe-none' }, status: 'accepted' }],
          }),
        ],
        422,
        'not-found',
        'Appointment.participant[0].actor.reference',
      ],
      [
        'a Slot that is not an option',
        () => [appointment(8, { slot: [{ reference: 'Slot/e1.20200106T170000Z' }] })],
        422,
        'business-rule',
        'Appointment.slot[0].reference',
      ],
      [
        'a reference that is not a Slot',
        () => [appointment(8, { slot: [{ reference: 'Schedule/e1' }] })],
        400,
        'not-supported',
        'Appointment.slot[0].reference',
      ],
      [
        'no standard',
        () => [
          {
            ...appointment(8),
            extension: [{ url: EXTENSIONS.clockStart, valueDateTime: clockStart }],
          },
        ],
        400,
        'required',
        'Appointment.extension',
      ],
      [
        'a request type Timely does not know',
        () => [
          appointment(8, {
            appointmentType: { coding: [{ system: 'urn:timely:request-type', code: 'soon' }] },
          }),
        ],
        400,
        'code-invalid',
        'Appointment.appointmentType.coding[0].code',
      ],
      [
        'a status that is not a request to book',
        () => [appointment(8, { status: 'fulfilled' })],
        400,
        'code-invalid',
        'Appointment.status',
      ],
      [
        'a start time chosen by the client',
        () => [appointment(8, { start: clockStart, end: clockStart })],
        400,
        'not-supported',
        'Appointment.start',
      ],
      [
        'an Idempotency-Key with a space',
        () => [appointment(8), { 'idempotency-key': 'two words' }],
        400,
        'invalid',
        'http.Idempotency-Key',
      ],
      [
        'a conditional create',
        () => [appointment(8), { 'if-none-exist': 'patient=pe-8' }],
        400,
        'not-supported',
        'http.If-None-Exist',
      ],
    ];

    it.each(cases)('%s', async (_name, request, status, code, where) => {
      const before = await counts();
      const [body, headers] = request();
      const response = await create(body, headers);
      expect(response.status, response.body).toBe(status);
      const issue = (response.json as unknown as OperationOutcome).issue[0];
      expect(issue?.code).toBe(code);
      if (where.startsWith('http.')) expect(issue?.location).toEqual([where]);
      else expect(issue?.expression).toEqual([where]);
      expect(issue?.details?.text).toEqual(expect.any(String));
      expect(await counts()).toEqual(before);
    });
  });

  describe('a body that is not an Appointment in JSON: a 4xx OperationOutcome, never a 500', () => {
    const cases: [string, Record<string, string>, string, number][] = [
      ['XML', { 'content-type': 'application/fhir+xml' }, '<Appointment/>', 415],
      ['plain text', { 'content-type': 'text/plain' }, 'book me', 415],
      ['malformed JSON', { 'content-type': 'application/fhir+json' }, '{"resourceType":', 400],
      ['an empty body', { 'content-type': 'application/json' }, '', 400],
      ['a JSON array', { 'content-type': 'application/json' }, '[]', 400],
      [
        'a body past the limit',
        { 'content-type': 'application/fhir+json' },
        JSON.stringify({ ...appointment(8), text: { div: 'x'.repeat(70_000) } }),
        413,
      ],
    ];

    it.each(cases)('%s', async (_name, headers, payload, status) => {
      const before = await counts();
      const response = await create(payload, headers);
      expect(response.status, response.body).toBe(status);
      expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
      expect(await counts()).toEqual(before);
    });
  });
}
