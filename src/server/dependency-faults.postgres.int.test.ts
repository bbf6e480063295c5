/**
 * Dependency faults (issue 10, docs/reliability.md): the PostgreSQL server becomes
 * unreachable while Timely runs, then comes back. A TCP proxy stands between the server
 * under test and PostgreSQL, and the test cuts it — the listener closed and every live
 * connection destroyed, which is what a stopped server or a broken network looks like
 * from Timely's side — at chosen moments: between requests, before a booking's commit
 * reaches the server, after it left but before its answer came back, and under an open
 * transaction. Meanwhile every answer must be a 503 problem with `Retry-After` (never a
 * 500, never a stack), nothing may crash or reject unhandled, nothing may be half
 * written, and once the proxy listens again on the same port Timely must answer as
 * before without a restart.
 *
 * Server tier only: PGlite is in-process and cannot become unreachable. Skipped, loudly,
 * without TIMELY_TEST_DATABASE_URL.
 */
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNetwork } from '../booking/booking-fixture.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { type OpenedDatabase, openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import {
  openFreshServerDatabase,
  SERVER_URL_VARIABLE,
  type TestDatabase,
} from '../db/test-databases.ts';
import { unavailableReason } from '../db/unavailable.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { type AuthHeaders, bearerFor } from './auth/test-credentials.ts';
import { RETRY_AFTER_SECONDS } from './problem.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the dependency-fault tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

/**
 * Where to cut a connection: when its client has sent each `after` pattern and then a
 * chunk matching `on`; `before` drops that chunk, `after` lets it reach the server (and
 * closes that connection's way to the server behind it) but not the answer.
 */
interface Trap {
  readonly after: readonly RegExp[];
  readonly on: RegExp;
  readonly when: 'before' | 'after';
  readonly fired: () => void;
}

/** A TCP proxy to PostgreSQL that can be cut and restored on the same port. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private trap: Trap | undefined;
  port = 0;

  constructor(private readonly target: { readonly host: string; readonly port: number }) {}

  /** Listens (again) — on the port it had, once it has had one. */
  async open(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The server is gone: new connections refused, live ones broken. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.trap = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Cuts when a connection's traffic springs `trap`; resolves once it has. */
  cutOn(trap: Omit<Trap, 'fired'>): Promise<void> {
    return new Promise((fired) => {
      this.trap = { ...trap, fired };
    });
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    const seen: RegExp[] = [];
    /** Left to finish sending what it was given (a trap's `after`): not destroyed. */
    let detached = false;
    client.on('data', (chunk: Buffer) => {
      const trap = this.trap;
      // latin1: the protocol's bytes one for one, so SQL text in a message matches.
      const text = trap === undefined ? '' : chunk.toString('latin1');
      if (trap !== undefined) {
        const next = trap.after[seen.length];
        if (next?.test(text)) seen.push(next);
        if (seen.length === trap.after.length && trap.on.test(text)) {
          if (trap.when === 'after') {
            // Let the chunk reach the server, then close behind it; the answer is lost.
            detached = true;
            this.sockets.delete(upstream);
            upstream.end(chunk);
          }
          void this.cut().then(trap.fired);
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk);
    });
    const close = () => {
      client.destroy();
      if (!detached) upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('error', close);
    upstream.on('close', () => {
      if (this.sockets.has(upstream)) close();
    });
  }
}

(serverUrl ? describe : describe.skip)('dependency faults: PostgreSQL unreachable', () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let proxied: OpenedDatabase;
  let app: TimelyServer;
  let auth: AuthHeaders;
  const log: string[] = [];
  const lostConnections: unknown[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const clockStart = new Date().toISOString();

  /** A routine intake for patient `p-<n>`, as the booking suite makes one. */
  const intake = (patient: number) => ({
    type: 'routine-intake',
    standard: 'nonurgent-nonphysician-mh',
    patientId: `p-${patient}`,
    clockStart,
    center: 'north',
  });

  async function call(
    method: 'GET' | 'POST',
    url: string,
    { payload, key, signedIn = true }: { payload?: object; key?: string; signedIn?: boolean } = {},
  ) {
    const started = performance.now();
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(signedIn ? auth : {}),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      ...(payload === undefined ? {} : { payload }),
    });
    return { response, ms: performance.now() - started };
  }

  /** What a client must see while the database is away. */
  function expectUnavailable({ response, ms }: Awaited<ReturnType<typeof call>>): void {
    expect(response.statusCode, response.body).toBe(503);
    expect(response.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: 'urn:timely:problem:unavailable', status: 503 });
    expect(response.body).not.toMatch(/stack|\.ts:\d|at [A-Za-z.]+ \(|ECONN|Connection/);
    // Refused at once, not after the kernel's connect timeout: nothing listens.
    expect(ms).toBeLessThan(2_000);
  }

  /** Rows of every table a booking writes, read past the proxy. */
  async function counts(db: Kysely<Database> = database.db) {
    const count = async (table: 'requests' | 'appointments' | 'idempotency_keys') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      requests: await count('requests'),
      appointments: await count('appointments'),
      keys: await count('idempotency_keys'),
    };
  }

  async function readyWithin(ms: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      const { response } = await call('GET', '/readyz');
      if (response.statusCode === 200) return performance.now() - started;
      if (performance.now() - started > ms) throw new Error(`not ready within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    database = await openFreshServerDatabase(serverUrl ?? '');
    await migrateToLatest(database.db);
    await seedNetwork(database.db);
    // The account exists before any cut: signing in needs the database too.
    auth = await bearerFor(database.db);
    // The proxy forwards to the server; Timely reaches the fresh database through it.
    const server = new URL(serverUrl ?? '');
    proxy = new CuttableProxy({ host: server.hostname, port: Number(server.port || 5432) });
    await proxy.open();
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(
      database.db,
    );
    const target = new URL(server);
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    target.pathname = `/${rows[0]!.name}`;
    proxied = await openDatabase({
      url: target.toString(),
      maxConnections: 4,
      onConnectionLost: (error) => lostConnections.push(error),
    });
    app = buildServer({
      db: proxied.db,
      logger: { level: 'warn', stream: { write: (line) => log.push(line) } },
    });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await app?.close();
    await proxied?.close();
    await proxy?.cut();
    await database?.dispose();
  });

  it('answers while the database is there', async () => {
    expect((await call('GET', '/readyz')).response.statusCode).toBe(200);
    // Several at once: the pool holds more than one connection when the cut comes.
    const lists = await Promise.all([1, 2, 3].map(() => call('GET', '/clinicians')));
    for (const { response } of lists) expect(response.statusCode, response.body).toBe(200);
  });

  it('a booking cut before its commit reaches the server: 503 with Retry-After, nothing written', async () => {
    const before = await counts();
    // A booking is one statement that is its own transaction (book_requests): cut before
    // it reaches the server, nothing of it can commit.
    const cut = proxy.cutOn({ after: [], on: /book_requests/i, when: 'before' });
    // Authenticated first (its own query passes), then cut as the booking is sent:
    // this 503 comes from the route's error, through problem.ts.
    expectUnavailable(await call('POST', '/appointments', { payload: intake(1), key: 'fault-1' }));
    await cut;
    expect(await counts()).toEqual(before);
  });

  it('while the database is unreachable: every route 503 with Retry-After, /readyz red', async () => {
    const before = await counts();
    expectUnavailable(await call('GET', '/readyz'));
    expectUnavailable(await call('GET', '/clinicians'));
    expectUnavailable(await call('POST', '/appointments', { payload: intake(1), key: 'fault-1' }));
    // A public route: no sign-in query, so the route's own query fails.
    expectUnavailable(await call('GET', '/public/status?weeks=2', { signedIn: false }));
    expect(await counts()).toEqual(before);
  });

  it('keeps its background work going: a failed rollup fold is logged as a warning, not thrown', async () => {
    const folds = () => log.filter((line) => line.includes('folding the access rollup failed'));
    // The server folds every 5 s; one failed fold must be logged, not thrown.
    for (let waited = 0; folds().length === 0 && waited < 7_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(folds().length).toBeGreaterThan(0);
    expect(JSON.parse(folds()[0]!).level).toBe(40);
    expect(unhandled).toEqual([]);
  }, 10_000);

  it('logs a refusal as a warning with a fixed reason, no stack and nothing personal', () => {
    const refusals = log
      .filter((line) => line.includes('request refused: service unavailable'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ level: 40, problem: 'unavailable', status: 503 });
      expect(refusal).not.toHaveProperty('err');
    }
    expect(refusals.map((r) => r.reason)).toContain('connection-lost');
    expect(log.join('')).not.toMatch(/Patient \d/);
  });

  it('recovers by itself when the database returns: /readyz green, the same booking 201', async () => {
    const before = await counts();
    await proxy.open();
    expect(await readyWithin(5_000)).toBeLessThan(5_000);
    expect((await call('GET', '/clinicians')).response.statusCode).toBe(200);
    const { response } = await call('POST', '/appointments', {
      payload: intake(1),
      key: 'fault-1',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(await counts()).toEqual({
      requests: before.requests + 1,
      appointments: before.appointments + 1,
      keys: before.keys + 1,
    });
  });

  it('a booking whose commit reached the server but whose answer was cut: 503, and the retry with its key replays it, booked once', async () => {
    const before = await counts();
    // The booking's statement reaches the server, which runs and commits it; its answer
    // is lost on the way back.
    const cut = proxy.cutOn({ after: [], on: /book_requests/i, when: 'after' });
    expectUnavailable(await call('POST', '/appointments', { payload: intake(2), key: 'fault-2' }));
    await cut;
    await proxy.open();
    await readyWithin(5_000);
    // The server committed the whole booking; the client, told 503, retries with its key.
    const retry = (await call('POST', '/appointments', { payload: intake(2), key: 'fault-2' }))
      .response;
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual({
      requests: before.requests + 1,
      appointments: before.appointments + 1,
      keys: before.keys + 1,
    });
  });

  it('a transaction holding a connection when it is cut fails as unavailable; the process goes on', async () => {
    const lostBefore = lostConnections.length;
    const held = proxied.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      // Checked out of the pool, between two queries: pg-pool no longer listens to it.
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sql`select 1`.execute(trx);
    });
    const error = await held.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(unavailableReason(error)).toBeDefined();
    expect(lostConnections.length).toBeGreaterThan(lostBefore);
    await proxy.open();
    await readyWithin(5_000);
    expect(unhandled).toEqual([]);
  });

  it('nothing rejected unhandled, nothing thrown uncaught, no request without its appointment', async () => {
    expect(unhandled).toEqual([]);
    const orphans = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM requests r
      WHERE NOT EXISTS (SELECT 1 FROM appointments a
                        WHERE a.request_id = r.id)
    `.execute(database.db);
    expect(orphans.rows[0]?.n).toBe(0);
  });
});
