/**
 * The role matrix over HTTP, on every back end (`role-matrix.*.int.test.ts`): every
 * registered route × every role (and the public) against the policy table — allowed, or
 * 401 for the public and 403 for an account — and a clinician account never reaches
 * another clinician's patients, appointments or templates.
 *
 * "Allowed" means the policy let the request through to its handler: the answer is
 * then anything but 401/403 (a 400 for the made-up body, a 404 for an id, a 200…).
 */
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, disableAccount, issueToken, revokeToken } from '../../auth/accounts.ts';
import { policyKey, ROUTE_POLICY } from '../../auth/policy.ts';
import type { CallerRole } from '../../auth/principal.ts';
import { seedNetwork } from '../../booking/booking-fixture.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { type Database, USER_ROLES } from '../../db/schema.ts';
import type { TestDatabase } from '../../db/test-databases.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { fhirIssues } from '../fhir/fhir-validator.ts';

const ROLES: readonly CallerRole[] = [...USER_ROLES, 'public'];
/** Values for path parameters: records of the fixture network. */
const PARAMS: Record<string, string> = { centerId: 'north', id: 'c-1', '*': 'index.css' };

interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

export function describeRoleMatrix(open: () => Promise<TestDatabase>): void {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let app: TimelyServer;
  const routes: RegisteredRoute[] = [];
  const tokens = new Map<CallerRole, string>();

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await migrateToLatest(db);
    await seedNetwork(db);
    const start = new Date('2030-03-04T17:00:00Z');
    const appointment = (id: string, clinician: string, patient: string, hour: number) => ({
      center_id: 'north',
      id,
      clinician_id: clinician,
      patient_center_id: 'north',
      patient_id: patient,
      request_id: null,
      starts_at: new Date(start.getTime() + hour * 3_600_000),
      ends_at: new Date(start.getTime() + (hour + 1) * 3_600_000),
      modality: 'in-person' as const,
      kind: 'intake' as const,
    });
    await db
      .insertInto('appointments')
      .values([appointment('a-own', 'c-1', 'p-1', 0), appointment('a-other', 'c-2', 'p-2', 0)])
      .execute();
    for (const role of USER_ROLES) {
      const { token } = await createAccount(db, {
        name: `matrix-${role}`,
        role,
        clinician: role === 'clinician' ? { centerId: 'north', id: 'c-1' } : undefined,
      });
      tokens.set(role, token.token);
    }
    // Sign-ins are many here; the limit itself is tested on a server of its own.
    app = buildServer({ db, logger: { level: 'silent' }, security: { signInsPerMinute: 1000 } });
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
      }
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function call(role: CallerRole, options: InjectOptions) {
    const token = tokens.get(role);
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return app.inject({ ...options, headers });
  }

  function concrete(url: string): string {
    return url.replace(
      /:(\w+)|\*/g,
      (whole, name: string | undefined) => PARAMS[name ?? '*'] ?? whole,
    );
  }

  it('has a policy entry for every route the server registers', () => {
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((r) => ROUTE_POLICY[policyKey(r.method, r.url)] === undefined);
    expect(missing).toEqual([]);
  });

  it('refuses to start with a route that has no policy entry', async () => {
    const extra = buildServer({ db, logger: { level: 'silent' } });
    extra.register(async (scope) => {
      scope.get('/undeclared', async () => ({ secret: true }));
    });
    await expect(extra.ready()).rejects.toThrow(
      /GET \/undeclared has no entry in src\/auth\/policy\.ts/,
    );
  });

  it('lets each role through exactly the routes the policy grants it', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const policy = ROUTE_POLICY[policyKey(route.method, route.url)] ?? {};
      for (const role of ROLES) {
        // `own` routes are checked row by row below.
        if (policy[role] === 'own') continue;
        const response = await call(role, {
          method: route.method as InjectOptions['method'],
          url: concrete(route.url),
          ...(route.method === 'GET' ? {} : { payload: {} }),
        });
        const refused = response.statusCode === 401 || response.statusCode === 403;
        const expected = policy[role] === undefined ? (role === 'public' ? 401 : 403) : 'through';
        const got = refused ? response.statusCode : 'through';
        if (got !== expected)
          wrong.push(`${role} ${route.method} ${route.url}: ${got}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  describe('a clinician account', () => {
    it('reads its own patient and appointment, and not another clinician’s (as if absent)', async () => {
      const get = (url: string) => call('clinician', { method: 'GET', url });
      expect((await get('/patients/north/p-1')).statusCode).toBe(200);
      expect((await get('/patients/north/p-2')).statusCode).toBe(404);
      expect((await get('/patients/north/p-999')).statusCode).toBe(404);
      expect((await get('/fhir/Patient/p-1')).statusCode).toBe(200);
      expect((await get('/fhir/Patient/p-2')).statusCode).toBe(404);
      expect((await get('/fhir/Appointment/a-own')).statusCode).toBe(200);
      expect((await get('/fhir/Appointment/a-other')).statusCode).toBe(404);
    });

    it('lists only its own appointments and templates, and must say so in the query', async () => {
      const get = (url: string) => call('clinician', { method: 'GET', url });
      const own = await get('/fhir/Appointment?practitioner=Practitioner/c-1');
      expect(own.statusCode).toBe(200);
      const ids = (own.json() as { entry?: { resource: { id: string } }[] }).entry?.map(
        (e) => e.resource.id,
      );
      expect(ids).toEqual(['a-own']);
      expect((await get('/fhir/Appointment?practitioner=Practitioner/c-2')).statusCode).toBe(403);
      expect((await get('/fhir/Appointment')).statusCode).toBe(403);
      expect((await get('/patients')).statusCode).toBe(403);

      const templates = await get('/templates?center=north&clinician=c-1');
      expect(templates.statusCode).toBe(200);
      expect((await get('/templates?center=north&clinician=c-2')).statusCode).toBe(403);
      expect((await get('/templates/north/t-c-1')).statusCode).toBe(200);
      expect((await get('/templates/north/t-c-2')).statusCode).toBe(404);
    });
  });

  describe('the FHIR face', () => {
    it('refuses as OperationOutcomes, valid FHIR R4', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/fhir/Patient' });
      const hotline = await call('compliance', { method: 'GET', url: '/fhir/Patient' });
      for (const [response, status, code] of [
        [anonymous, 401, 'login'],
        [hotline, 403, 'forbidden'],
      ] as const) {
        expect(response.statusCode).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
        const outcome = response.json() as OperationOutcome;
        expect(outcome.issue[0]?.code).toBe(code);
        expect(fhirIssues(outcome)).toEqual([]);
      }
    });
  });

  describe('credentials', () => {
    it('refuses a revoked token, an expired one and a disabled account’s at the next request', async () => {
      const get = (token: string) =>
        app.inject({
          method: 'GET',
          url: '/clinicians',
          headers: { authorization: `Bearer ${token}` },
        });
      const { token } = await createAccount(db, { name: 'matrix-leaver', role: 'scheduler' });
      expect((await get(token.token)).statusCode).toBe(200);
      await revokeToken(db, token.id);
      expect((await get(token.token)).statusCode).toBe(401);

      const old = await issueToken(db, 'matrix-leaver', {
        days: 1,
        now: new Date('2020-01-01T00:00:00Z'),
      });
      expect((await get(old.token)).statusCode).toBe(401);

      const second = await issueToken(db, 'matrix-leaver');
      expect((await get(second.token)).statusCode).toBe(200);
      await disableAccount(db, 'matrix-leaver');
      expect((await get(second.token)).statusCode).toBe(401);
    });

    it('answers a bad, a revoked-looking or a malformed token with the same 401', async () => {
      const bodies = new Set<string>();
      for (const authorization of [
        'Bearer timely_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        'Bearer nonsense',
        'Basic dXNlcjpwYXNz',
        `Bearer ${tokens.get('admin')}x`,
      ]) {
        const response = await app.inject({
          method: 'GET',
          url: '/clinicians',
          headers: { authorization },
        });
        expect(response.statusCode).toBe(401);
        bodies.add(response.body);
      }
      expect(bodies.size).toBe(1);
    });
  });

  describe('the web app’s session', () => {
    const PASSWORD = 'a password long enough';
    const signIn = (name: string, password: string, cookie?: string) =>
      app.inject({
        method: 'POST',
        url: '/auth/sign-in',
        payload: { name, password },
        ...(cookie ? { headers: { cookie } } : {}),
      });
    const sessionCookie = (response: { cookies: { name: string; value: string }[] }) =>
      response.cookies.find((c) => c.name === 'timely_session');

    beforeAll(async () => {
      for (const name of ['web-scheduler', 'web-locked']) {
        await createAccount(db, { name, role: 'scheduler', password: PASSWORD });
      }
    });

    it('signs in to an httpOnly, Secure, SameSite=Strict cookie and a CSRF token', async () => {
      const response = await signIn('web-scheduler', PASSWORD);
      expect(response.statusCode).toBe(200);
      const header = String(response.headers['set-cookie']);
      expect(header).toMatch(/^timely_session=[A-Za-z0-9_-]{43};/);
      expect(header).toMatch(/HttpOnly/);
      expect(header).toMatch(/Secure/);
      expect(header).toMatch(/SameSite=Strict/);
      const body = response.json() as { principal: { name: string }; csrfToken: string };
      expect(body.principal.name).toBe('web-scheduler');
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(response.body).not.toMatch(/password|hash/i);
    });

    it('refuses a cookie-authenticated write without its CSRF token, and takes it with', async () => {
      const response = await signIn('web-scheduler', PASSWORD);
      const cookie = `timely_session=${sessionCookie(response)?.value}`;
      const { csrfToken } = response.json() as { csrfToken: string };
      const write = (headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/patients',
          payload: {},
          headers: { cookie, ...headers },
        });
      expect((await write({})).statusCode).toBe(403);
      expect((await write({ 'x-csrf-token': 'guess' })).statusCode).toBe(403);
      expect((await write({ 'x-csrf-token': csrfToken })).statusCode).toBe(400); // through: the body is empty
      const read = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } });
      // A reloaded page gets the same CSRF token back from the session.
      expect(read.json()).toMatchObject({
        principal: { name: 'web-scheduler', role: 'scheduler' },
        csrfToken,
      });
      const byToken = await call('scheduler', { method: 'GET', url: '/auth/me' });
      expect(byToken.json()).not.toHaveProperty('csrfToken');
    });

    it('never promotes a cookie set before sign-in (session fixation)', async () => {
      const planted = 'A'.repeat(43);
      const response = await signIn('web-scheduler', PASSWORD, `timely_session=${planted}`);
      expect(sessionCookie(response)?.value).not.toBe(planted);
      const me = await app.inject({
        method: 'GET',
        url: '/auth/me',
        headers: { cookie: `timely_session=${planted}` },
      });
      expect(me.statusCode).toBe(401);
    });

    it('ends a live session planted before sign-in, and signs in all the same (found under load)', async () => {
      // The attacker's own session, planted in the victim's browser: the victim's
      // sign-in must neither act under it (it once answered 403 for want of its CSRF
      // token, leaving the victim in the attacker's session) nor leave it alive.
      const attacker = await signIn('web-scheduler', PASSWORD);
      const planted = `timely_session=${sessionCookie(attacker)?.value}`;
      const victim = await signIn('web-locked-out-not', PASSWORD, planted);
      expect(victim.statusCode).toBe(401); // an unknown name: refused as a name, not as a write
      const response = await signIn('web-scheduler', PASSWORD, planted);
      expect(response.statusCode).toBe(200);
      expect(`timely_session=${sessionCookie(response)?.value}`).not.toBe(planted);
      const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: planted } });
      expect(me.statusCode).toBe(401);
    });

    it('ends the session at once at sign-out', async () => {
      const response = await signIn('web-scheduler', PASSWORD);
      const cookie = `timely_session=${sessionCookie(response)?.value}`;
      const { csrfToken } = response.json() as { csrfToken: string };
      const out = await app.inject({
        method: 'POST',
        url: '/auth/sign-out',
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(out.statusCode).toBe(204);
      expect(
        (await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode,
      ).toBe(401);
    });

    it('answers a wrong password, an unknown name and a locked account alike', async () => {
      const wrong = await signIn('web-locked', 'not the password');
      const unknown = await signIn('nobody-at-all', PASSWORD);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.body).toBe(wrong.body);
      for (let i = 0; i < 4; i++) await signIn('web-locked', `guess ${i}`);
      const locked = await signIn('web-locked', PASSWORD);
      expect(locked.statusCode).toBe(401);
      expect(locked.body).toBe(wrong.body);
      const failures = await db
        .selectFrom('audit_events')
        .select(['outcome', 'detail'])
        .where('entity_type', '=', 'Session')
        .where('outcome', '=', 'failure')
        .execute();
      expect(failures.map((f) => f.detail.reason)).toEqual(
        expect.arrayContaining(['wrong-password', 'unknown-name', 'locked']),
      );
    });

    it('limits sign-in attempts per address', async () => {
      const limited = buildServer({
        db,
        logger: { level: 'silent' },
        security: { signInsPerMinute: 3 },
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          const response = await limited.inject({
            method: 'POST',
            url: '/auth/sign-in',
            payload: { name: 'nobody', password: 'whatever it is' },
          });
          statuses.push(response.statusCode);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
      } finally {
        await limited.close();
      }
    });

    it('behind a named proxy, limits and audits sign-ins per client; a forwarding header from anyone else changes nothing', async () => {
      const security = { signInsPerMinute: 2 };
      // An injected request comes from 127.0.0.1: the proxy named here.
      const behindProxy = buildServer({
        db,
        logger: { level: 'silent' },
        security: { ...security, trustedProxies: ['127.0.0.1'] },
      });
      const direct = buildServer({ db, logger: { level: 'silent' }, security });
      const signInFrom = async (server: typeof direct, client: string) =>
        (
          await server.inject({
            method: 'POST',
            url: '/auth/sign-in',
            headers: { 'x-forwarded-for': client },
            payload: { name: 'nobody', password: 'whatever it is' },
          })
        ).statusCode;
      try {
        const first = [];
        for (let i = 0; i < 3; i++) first.push(await signInFrom(behindProxy, '203.0.113.7'));
        expect(first).toEqual([401, 401, 429]);
        expect(await signInFrom(behindProxy, '198.51.100.9')).toBe(401);
        const audited = await db
          .selectFrom('audit_events')
          .select('source_address')
          .where('entity_type', '=', 'Session')
          .where('source_address', 'in', ['198.51.100.9', '203.0.113.7'])
          .execute();
        expect(new Set(audited.map((row) => row.source_address))).toEqual(
          new Set(['198.51.100.9', '203.0.113.7']),
        );

        // Without a named proxy the peer is the client, whatever header it writes.
        const spoofed = [];
        for (const client of ['203.0.113.7', '198.51.100.9', '192.0.2.1']) {
          spoofed.push(await signInFrom(direct, client));
        }
        expect(spoofed).toEqual([401, 401, 429]);
      } finally {
        await behindProxy.close();
        await direct.close();
      }
    });
  });
}
