/**
 * The HTTP API test suite, run unchanged on every back end (`api.pglite.int.test.ts`,
 * `api.postgres.int.test.ts`), like the data-layer suite. One throw-away database and
 * one server per run; requests go through `app.inject()`, and one group over a real
 * socket.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import type { TestDatabase } from '../db/test-databases.ts';
import { BODY_LIMIT, buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';
import { MAX_LIMIT } from './pagination.ts';

type Json = Record<string, unknown>;

/** Every route the API has: the OpenAPI document must list exactly these. */
const ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'POST /auth/sign-in',
  'POST /auth/sign-out',
  'GET /auth/me',
  'GET /access/at-risk',
  'GET /access/breaches',
  'GET /access/compliance',
  'GET /access/open-requests',
  'GET /access/provider-survey',
  'GET /access/requests-by-week',
  'GET /access/utilisation',
  'GET /access/wait-times',
  'GET /audit-events',
  'GET /availability',
  'POST /appointments',
  'POST /appointments/{centerId}/{id}/cancel',
  'POST /appointments/{centerId}/{id}/reschedule',
  'GET /requests',
  'GET /requests/{centerId}/{id}',
  'GET /requests/{centerId}/{id}/availability',
  'POST /requests/{centerId}/{id}/book',
  'GET /scenarios',
  'GET /hotline/cases',
  'POST /hotline/cases',
  'GET /hotline/cases/{centerId}/{id}',
  'PATCH /hotline/cases/{centerId}/{id}',
  'POST /hotline/cases/{centerId}/{id}/notes',
  'POST /hotline/cases/{centerId}/{id}/reopen',
  'POST /hotline/cases/{centerId}/{id}/match',
  'GET /hotline/members',
  'GET /hotline/assignees',
  'GET /hotline/metrics',
  'GET /public/status',
  'GET /stoppages',
  'POST /stoppages',
  'GET /stoppages/{id}',
  'GET /stoppages/{id}/clinicians',
  'PATCH /stoppages/{id}/clinicians',
  'POST /stoppages/{id}/preview',
  'GET /stoppages/{id}/plan',
  'POST /stoppages/{id}/execute',
  'GET /stoppages/{id}/execution',
  'POST /stoppages/{id}/end',
  'GET /stoppages/{id}/report',
  'PUT /stoppages/{id}/prediction',
  'GET /stoppages/{id}/notifications',
  ...['centers', 'clinicians', 'patients', 'templates'].flatMap((resource) => {
    const item = resource === 'centers' ? `/${resource}/{id}` : `/${resource}/{centerId}/{id}`;
    return [
      `GET /${resource}`,
      `POST /${resource}`,
      `GET ${item}`,
      `PATCH ${item}`,
      `DELETE ${item}`,
    ];
  }),
].sort();

const DISCIPLINES = ['psychologist', 'lcsw', 'lmft', 'psychiatrist'];
/** Names whose order is the same under the C collation and en_US (no spaces, one case). */
const NAMES =
  'Abbott Baker Carter Dalton Ellis Foster Garcia Hughes Irwin Jensen Keller Lopez Moreno Nash Owens Patel Quinn Reyes Singh Turner Underwood Vance Walsh'.split(
    ' ',
  );

export function describeApi(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  let auth: AuthHeaders;

  /** As an admin: this suite is about the resources, not who may use them. */
  async function call(options: InjectOptions) {
    const response = await app.inject({ ...options, headers: { ...auth, ...options.headers } });
    const json = response.body === '' ? undefined : (response.json() as Json);
    return { status: response.statusCode, headers: response.headers, json, body: response.body };
  }

  async function count(table: keyof Database): Promise<number> {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function counts(): Promise<number[]> {
    const tables = [
      'medical_centers',
      'clinicians',
      'patients',
      'templates',
      'template_sessions',
      'admin_blocks',
    ] as const;
    return Promise.all(tables.map(count));
  }

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    auth = await bearerFor(db);
    app = buildServer({ db });
    await app.ready();
    // The seed goes through the API: creating is itself under test.
    for (const [id, name] of [
      ['north', 'North'],
      ['south', 'South'],
    ]) {
      const created = await call({ method: 'POST', url: '/centers', payload: { id, name } });
      expect(created.status).toBe(201);
    }
    for (const [index, name] of NAMES.entries()) {
      const created = await call({
        method: 'POST',
        url: '/clinicians',
        payload: {
          centerId: index % 3 === 0 ? 'north' : 'south',
          id: `c${String(index).padStart(2, '0')}`,
          name,
          discipline: DISCIPLINES[index % DISCIPLINES.length],
          languages: index % 5 === 0 ? ['en', 'es'] : ['en'],
          modalities: ['in-person', 'video'],
          active: index % 7 !== 6,
        },
      });
      expect(created.status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  describe('health', () => {
    it('/healthz answers while the process is up', async () => {
      const response = await call({ url: '/healthz' });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: 'ok' });
    });

    it('/readyz answers when the database does', async () => {
      const response = await call({ url: '/readyz' });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: 'ready' });
    });
  });

  describe('OpenAPI document', () => {
    let document: OpenAPIV3_1.Document;

    beforeAll(async () => {
      const response = await call({ url: '/openapi.json' });
      expect(response.status).toBe(200);
      document = response.json as unknown as OpenAPIV3_1.Document;
    });

    it('is a valid OpenAPI 3.1 document', async () => {
      expect(document.openapi).toBe('3.1.0');
      // validate() dereferences in place: give it a copy.
      await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    });

    it('lists every route, and only those', () => {
      const listed = Object.entries(document.paths ?? {})
        .flatMap(([path, item]) =>
          Object.keys(item ?? {})
            .filter((key) => ['get', 'post', 'patch', 'put', 'delete'].includes(key))
            .map((method) => `${method.toUpperCase()} ${path}`),
        )
        .sort();
      expect(listed).toEqual(ROUTES);
      for (const route of ROUTES) {
        const [method = '', path = ''] = route.split(' ');
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        expect(app.hasRoute({ method: method as 'GET', url }), route).toBe(true);
      }
    });

    it('documents problem responses and request bodies from the zod schemas', () => {
      const post = document.paths?.['/clinicians']?.post;
      expect(post?.requestBody).toBeDefined();
      expect(Object.keys(post?.responses ?? {})).toEqual(
        expect.arrayContaining(['201', '400', '413', '422']),
      );
      expect(document.components?.schemas).toHaveProperty('Problem');
    });

    it('declares the x-request-id header on every response of every operation', () => {
      const undeclared: string[] = [];
      for (const [path, item] of Object.entries(document.paths ?? {})) {
        for (const [method, operation] of Object.entries(item ?? {})) {
          if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
          const responses = (operation as OpenAPIV3_1.OperationObject).responses ?? {};
          for (const [status, response] of Object.entries(responses)) {
            const headers = (response as OpenAPIV3_1.ResponseObject).headers ?? {};
            if (!headers['x-request-id']) undeclared.push(`${method} ${path} ${status}`);
          }
        }
      }
      expect(undeclared).toEqual([]);
      expect(document.components?.headers?.RequestId).toMatchObject({
        schema: { type: 'string', format: 'uuid' },
      });
    });

    it('is browsable at /docs', async () => {
      const response = await app.inject({ url: '/docs/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
    });
  });

  describe('CRUD round trips', () => {
    it('medical centers: create, read, change, delete', async () => {
      const created = await call({
        method: 'POST',
        url: '/centers',
        payload: { id: 'east', name: 'East', lat: 34.05, lon: -118.24 },
      });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('/centers/east');
      expect(created.json).toMatchObject({ id: 'east', timeZone: 'America/Los_Angeles' });
      expect((await call({ url: '/centers/east' })).json).toEqual(created.json);
      const changed = await call({
        method: 'PATCH',
        url: '/centers/east',
        payload: { name: 'East LA', lat: null },
      });
      expect(changed.json).toMatchObject({ name: 'East LA', lat: null, lon: -118.24 });
      expect((await call({ method: 'DELETE', url: '/centers/east' })).status).toBe(204);
      const gone = await call({ url: '/centers/east' });
      expect(gone.status).toBe(404);
      expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('clinicians: create, read, change, delete', async () => {
      const created = await call({
        method: 'POST',
        url: '/clinicians',
        payload: { centerId: 'north', name: 'Zed', discipline: 'lcsw', modalities: ['video'] },
      });
      expect(created.status).toBe(201);
      const { id } = created.json as { id: string };
      expect(created.headers.location).toBe(`/clinicians/north/${id}`);
      expect(created.json).toMatchObject({ languages: ['en'], active: true, caseloadCap: null });
      const url = String(created.headers.location);
      expect((await call({ url })).json).toEqual(created.json);
      const changed = await call({
        method: 'PATCH',
        url,
        payload: { languages: ['en', 'vi'], caseloadCap: 80 },
      });
      expect(changed.json).toMatchObject({ name: 'Zed', languages: ['en', 'vi'], caseloadCap: 80 });
      expect((await call({ url })).json).toEqual(changed.json);
      expect((await call({ method: 'DELETE', url })).status).toBe(204);
      expect((await call({ url })).status).toBe(404);
      expect((await call({ method: 'DELETE', url })).status).toBe(404);
    });

    it('patients: create, read, change, delete; a taken member number is a 409', async () => {
      const payload = {
        centerId: 'north',
        id: 'p1',
        memberNumber: 'M-100',
        name: 'Pat Doe',
        birthDate: '1990-02-28',
      };
      const created = await call({ method: 'POST', url: '/patients', payload });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('/patients/north/p1');
      const before = await counts();
      const taken = await call({
        method: 'POST',
        url: '/patients',
        payload: { ...payload, id: 'p2', name: 'Other Person' },
      });
      expect(taken.status).toBe(409);
      expect(taken.body).not.toContain('M-100');
      expect(await counts()).toEqual(before);
      const changed = await call({
        method: 'PATCH',
        url: '/patients/north/p1',
        payload: { birthDate: null, language: 'es' },
      });
      expect(changed.json).toMatchObject({
        memberNumber: 'M-100',
        birthDate: null,
        language: 'es',
      });
      const found = await call({ url: '/patients?center=north&memberNumber=M-100' });
      expect((found.json as { items: Json[] }).items.map((p) => p.id)).toEqual(['p1']);
      expect((await call({ method: 'DELETE', url: '/patients/north/p1' })).status).toBe(204);
      expect((await call({ url: '/patients/north/p1' })).status).toBe(404);
    });

    it('templates: sessions and admin blocks written and replaced as one document', async () => {
      const created = await call({
        method: 'POST',
        url: '/templates',
        payload: {
          centerId: 'north',
          id: 't1',
          clinicianId: 'c00',
          name: 'Winter',
          effectiveFrom: '2026-01-05',
          effectiveTo: '2026-03-31',
          sessions: [
            { weekday: 1, startTime: '09:00', minutes: 50, kind: 'intake' },
            { weekday: 1, startTime: '10:00', minutes: 50, kind: 'followup' },
          ],
          adminBlocks: [{ weekday: 1, startTime: '10:50', minutes: 60 }],
        },
      });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('/templates/north/t1');
      expect(created.json).toMatchObject({
        sessions: [
          { weekday: 1, startTime: '09:00:00', kind: 'intake' },
          { weekday: 1, startTime: '10:00:00', kind: 'followup' },
        ],
        adminBlocks: [{ startTime: '10:50:00', minutes: 60, label: 'planning & preparation' }],
      });
      expect((await call({ url: '/templates/north/t1' })).json).toEqual(created.json);

      const changed = await call({
        method: 'PATCH',
        url: '/templates/north/t1',
        payload: {
          name: 'Winter v2',
          sessions: [{ weekday: 2, startTime: '13:00', minutes: 50, kind: 'intake' }],
        },
      });
      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({
        name: 'Winter v2',
        sessions: [{ weekday: 2, startTime: '13:00:00' }],
        adminBlocks: [{ startTime: '10:50:00' }],
      });

      // Refused changes leave the template exactly as it was.
      const before = await call({ url: '/templates/north/t1' });
      for (const payload of [
        { name: 'X', adminBlocks: [{ weekday: 2, startTime: '13:30', minutes: 30 }] },
        { effectiveTo: '2025-12-31' },
      ]) {
        const refused = await call({ method: 'PATCH', url: '/templates/north/t1', payload });
        expect(refused.status).toBe(422);
        expect((refused.json as { errors: Json[] }).errors[0]?.path).toMatch(
          /^(adminBlocks\.0\.startTime|effectiveTo)$/,
        );
      }
      expect((await call({ url: '/templates/north/t1' })).json).toEqual(before.json);

      expect((await call({ method: 'DELETE', url: '/templates/north/t1' })).status).toBe(204);
      expect(await count('template_sessions')).toBe(0);
      expect(await count('admin_blocks')).toBe(0);
    });

    it('refuses a clinician for a center that does not exist (422 naming centerId), writing nothing', async () => {
      const before = await counts();
      const refused = await call({
        method: 'POST',
        url: '/clinicians',
        payload: { centerId: 'nowhere', name: 'A', discipline: 'lcsw', modalities: ['video'] },
      });
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({ errors: [{ path: 'centerId', in: 'body' }] });
      expect(await counts()).toEqual(before);
    });

    it('refuses to delete a center that still has clinicians (409)', async () => {
      const refused = await call({ method: 'DELETE', url: '/centers/north' });
      expect(refused.status).toBe(409);
      expect((await call({ url: '/centers/north' })).status).toBe(200);
    });
  });

  describe('lists', () => {
    async function walk(query: string, limit: number): Promise<Json[]> {
      const rows: Json[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const url: string = `/clinicians?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call({ url });
        expect(page.status, page.body).toBe(200);
        const body = page.json as { items: Json[]; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(limit);
        rows.push(...body.items);
        cursor = body.nextCursor;
        if (cursor === null) return rows;
      }
      throw new Error('pagination did not end');
    }

    const key = (row: Json) => `${row.centerId}/${row.id}`;
    const byKeys =
      (...fields: string[]) =>
      (a: Json, b: Json) => {
        for (const field of fields) {
          const x = String(a[field]);
          const y = String(b[field]);
          if (x !== y) return x < y ? -1 : 1;
        }
        return 0;
      };

    it.each([
      ['name', byKeys('name', 'centerId', 'id')],
      ['discipline', byKeys('discipline', 'centerId', 'id')],
      ['createdAt', byKeys('createdAt', 'centerId', 'id')],
      ['id', byKeys('id', 'centerId')],
    ])('walk every clinician exactly once, in %s order, both directions', async (sort, compare) => {
      const all = (await db.selectFrom('clinicians').select(['center_id', 'id']).execute()).map(
        (row) => `${row.center_id}/${row.id}`,
      );
      for (const limit of [1, 4, 7]) {
        const ascending = await walk(`sort=${sort}`, limit);
        expect(ascending.map(key).sort()).toEqual([...all].sort());
        expect(new Set(ascending.map(key)).size).toBe(all.length);
        expect(ascending).toEqual([...ascending].sort(compare));
        const descending = await walk(`sort=-${sort}`, limit);
        expect(descending.map(key)).toEqual(ascending.map(key).reverse());
      }
    });

    it('filters by center, discipline, language and active, and pages within the filter', async () => {
      const rows = await walk('center=south&discipline=lcsw', 2);
      const expected = await db
        .selectFrom('clinicians')
        .select('id')
        .where('center_id', '=', 'south')
        .where('discipline', '=', 'lcsw')
        .orderBy('name')
        .execute();
      expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
      expect(rows.length).toBeGreaterThan(1);
      const spanish = await walk('language=es', 50);
      expect(spanish.length).toBeGreaterThan(0);
      expect(spanish.every((row) => (row.languages as string[]).includes('es'))).toBe(true);
      const inactive = await walk('active=false', 50);
      expect(inactive.length).toBeGreaterThan(0);
      expect(inactive.every((row) => row.active === false)).toBe(true);
    });

    it('filters templates by the day they are in force', async () => {
      for (const [id, from, to] of [
        ['old', '2025-01-01', '2025-12-31'],
        ['current', '2026-01-01', null],
      ] as const) {
        const created = await call({
          method: 'POST',
          url: '/templates',
          payload: {
            centerId: 'south',
            id,
            clinicianId: 'c01',
            name: id,
            effectiveFrom: from,
            effectiveTo: to,
            sessions: [{ weekday: 3, startTime: '08:00', minutes: 45, kind: 'followup' }],
          },
        });
        expect(created.status).toBe(201);
      }
      const ids = async (query: string) =>
        ((await call({ url: `/templates?${query}` })).json as { items: Json[] }).items.map(
          (t) => t.id,
        );
      expect(await ids('clinician=c01&activeOn=2025-06-30')).toEqual(['old']);
      expect(await ids('clinician=c01&activeOn=2027-01-01')).toEqual(['current']);
      expect(await ids('clinician=c01&sort=-effectiveFrom')).toEqual(['current', 'old']);
      expect(await ids('center=north&clinician=c01')).toEqual([]);
    });

    it('refuses a cursor made for another sort or other filters, or not made here', async () => {
      const first = (await call({ url: '/clinicians?limit=2&sort=name' })).json as {
        nextCursor: string;
      };
      for (const url of [
        `/clinicians?limit=2&sort=-name&cursor=${first.nextCursor}`,
        `/clinicians?limit=2&sort=name&center=north&cursor=${first.nextCursor}`,
        '/clinicians?cursor=bm90LWEtY3Vyc29y',
      ]) {
        const refused = await call({ url });
        expect(refused.status).toBe(400);
        expect(refused.json).toMatchObject({ errors: [{ path: 'cursor', in: 'query' }] });
      }
    });
  });

  describe('bad input: a 4xx problem naming the field, nothing written', () => {
    const clinician = { centerId: 'north', name: 'New', discipline: 'lcsw', modalities: ['video'] };
    const template = {
      centerId: 'north',
      clinicianId: 'c00',
      name: 'T',
      effectiveFrom: '2026-01-05',
      sessions: [{ weekday: 1, startTime: '09:00', minutes: 50, kind: 'intake' }],
    };
    const json = { 'content-type': 'application/json' };
    const cases: [string, InjectOptions, number, string, string][] = [
      [
        'unknown field',
        { method: 'POST', url: '/clinicians', payload: { ...clinician, salary: 1 } },
        400,
        'salary',
        'body',
      ],
      [
        'unknown nested field',
        {
          method: 'POST',
          url: '/templates',
          payload: { ...template, sessions: [{ ...template.sessions[0], room: 'A' }] },
        },
        400,
        'sessions.0.room',
        'body',
      ],
      [
        'wrong type',
        { method: 'POST', url: '/clinicians', payload: { ...clinician, caseloadCap: 'ten' } },
        400,
        'caseloadCap',
        'body',
      ],
      [
        'wrong enum value',
        { method: 'POST', url: '/clinicians', payload: { ...clinician, modalities: ['phone'] } },
        400,
        'modalities.0',
        'body',
      ],
      [
        'missing field',
        { method: 'POST', url: '/clinicians', payload: { ...clinician, name: undefined } },
        400,
        'name',
        'body',
      ],
      [
        'malformed JSON',
        { method: 'POST', url: '/clinicians', headers: json, payload: '{"name": "Pat Doe",' },
        400,
        '',
        'body',
      ],
      [
        'empty JSON body',
        { method: 'POST', url: '/clinicians', headers: json, payload: '' },
        400,
        '',
        'body',
      ],
      [
        'oversized body',
        {
          method: 'POST',
          url: '/clinicians',
          headers: json,
          payload: JSON.stringify({ ...clinician, name: 'x'.repeat(BODY_LIMIT) }),
        },
        413,
        '',
        'body',
      ],
      [
        'impossible date',
        {
          method: 'POST',
          url: '/patients',
          payload: { centerId: 'north', memberNumber: 'M-9', name: 'A', birthDate: '1990-02-30' },
        },
        400,
        'birthDate',
        'body',
      ],
      [
        'bad time',
        {
          method: 'POST',
          url: '/templates',
          payload: { ...template, sessions: [{ ...template.sessions[0], startTime: '24:00' }] },
        },
        400,
        'sessions.0.startTime',
        'body',
      ],
      [
        'end before start',
        { method: 'POST', url: '/templates', payload: { ...template, effectiveTo: '2026-01-04' } },
        400,
        'effectiveTo',
        'body',
      ],
      [
        'overlapping sessions',
        {
          method: 'POST',
          url: '/templates',
          payload: {
            ...template,
            sessions: [
              ...template.sessions,
              { weekday: 1, startTime: '09:30', minutes: 50, kind: 'intake' },
            ],
          },
        },
        400,
        'sessions.1.startTime',
        'body',
      ],
      [
        'bad date in the query',
        { url: '/templates?activeOn=2026-13-01' },
        400,
        'activeOn',
        'query',
      ],
      ['unknown query parameter', { url: '/clinicians?centre=north' }, 400, 'centre', 'query'],
      ['sort not on the list', { url: '/clinicians?sort=password' }, 400, 'sort', 'query'],
      ['limit too large', { url: `/clinicians?limit=${MAX_LIMIT + 1}` }, 400, 'limit', 'query'],
      ['limit not a number', { url: '/clinicians?limit=ten' }, 400, 'limit', 'query'],
      ['bad id in the path', { url: '/clinicians/north/bad%20id' }, 400, 'id', 'path'],
      [
        'unknown field in a change',
        { method: 'PATCH', url: '/clinicians/north/c00', payload: { centerId: 'south' } },
        400,
        'centerId',
        'body',
      ],
    ];

    it.each(cases)('%s', async (_name, request, status, path, location) => {
      const before = await counts();
      const response = await call(request);
      expect(response.status, response.body).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json).toMatchObject({
        type: expect.stringMatching(/^urn:timely:problem:/),
        title: expect.any(String),
        status,
        detail: expect.any(String),
      });
      // The first error is the one to fix first; later ones may follow from it.
      expect((response.json as { errors: Json[] }).errors[0]).toEqual({
        path,
        in: location,
        message: expect.any(String),
      });
      expect(response.body).not.toMatch(/Pat Doe|stack|node_modules/);
      expect(await counts()).toEqual(before);
    });

    it('refuses a body that is not JSON (415)', async () => {
      const response = await call({
        method: 'POST',
        url: '/centers',
        headers: { 'content-type': 'text/plain' },
        payload: 'id=west',
      });
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('over a real socket', () => {
    let base: string;

    beforeAll(async () => {
      base = await app.listen({ port: 0, host: '127.0.0.1' });
    });

    it('serves health, a create and a read, and a problem for malformed JSON', async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const created = await fetch(`${base}/centers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ id: 'west', name: 'West' }),
      });
      expect(created.status).toBe(201);
      const location = created.headers.get('location');
      expect(location).toBe('/centers/west');
      expect(await (await fetch(`${base}${location}`)).json()).toMatchObject({ name: 'West' });
      const malformed = await fetch(`${base}/centers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: '{"id":',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  // Last: it closes the database.
  describe('when the database is closed', () => {
    it('/readyz answers 503 with Retry-After, /healthz still 200', async () => {
      await db.destroy();
      // As a probe calls: without credentials (which could not be checked now).
      const probe = async (url: string) => {
        const answer = await app.inject({ url });
        return { status: answer.statusCode, headers: answer.headers, json: answer.json() };
      };
      const response = await probe('/readyz');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json).toMatchObject({ status: 503, type: 'urn:timely:problem:unavailable' });
      expect((await probe('/healthz')).status).toBe(200);
      // An API token cannot be checked without the database: 503 too, not 401 or 500.
      const checked = await call({ url: '/clinicians' });
      expect(checked.status).toBe(503);
      expect(checked.headers['retry-after']).toBe('5');
    });
  });
}
