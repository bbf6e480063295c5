/**
 * The bad-input fuzzer: every route the server publishes in /openapi.json, called through
 * `app.inject` (no network) as each role and as the public, with generated and mutated
 * input. Each response is checked: no 5xx, no stack trace, a problem-details error body,
 * and the rows of the tables a handler writes unchanged by a refused (4xx) request.
 * Shared by test/fuzz.int.test.ts (bounded) and bench/fuzz.ts (long).
 */

import fc from 'fast-check';
import { sql } from 'kysely';
import { createAccount } from '../src/auth/accounts.ts';
import { seedNetwork } from '../src/booking/booking-fixture.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { TABLES } from '../src/db/schema.ts';
import { openTempPglite } from '../src/db/test-databases.ts';
import { buildServer } from '../src/server/app.ts';
import { type AuthHeaders, bearerFor } from '../src/server/auth/test-credentials.ts';
import {
  asText,
  deepJson,
  mutationOf,
  NASTY_STRINGS,
  type Schema,
  valueFor,
} from './fuzz-values.ts';

/** Reads and refusals may add rows here (audit trail, sessions, rollups); they are not compared. */
const UNCOMPARED = new Set<string>([
  'audit_events',
  'sessions',
  'booking_changes',
  'idempotency_keys',
  'api_tokens',
  // Caches a read fills (the weekly provider survey, utilisation): a refresh one read
  // starts may finish while a later request is answered.
  'provider_survey_weeks',
  'provider_survey',
  'utilisation_weeks',
  'utilisation_refreshes',
]);
const COMPARED = TABLES.filter((t) => !UNCOMPARED.has(t) && !t.startsWith('access_'));

const STACK_TRACE = /at .*\(.*:\d+:\d+\)|\.ts:\d+|node_modules\//;

/** Bodies known to be valid, mutated one field at a time (valid shapes reach the handlers). */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  'POST /appointments': {
    type: 'routine-intake',
    standard: 'nonurgent-nonphysician-mh',
    patientId: 'p-1',
    clockStart: '2026-03-02T16:00:00Z',
    center: 'north',
  },
  'POST /stoppages': {
    name: 'NUHW strike, January',
    kind: 'strike',
    startsAt: '2027-01-11T08:00:00Z',
    endsAt: '2027-02-08T08:00:00Z',
    scope: { disciplines: ['psychologist', 'lcsw', 'lmft'], unionMember: true },
    participation: 0.8,
  },
  'POST /hotline/cases': {
    member: { centerId: 'north', id: 'p-1' },
    category: 'cannot-get-appointment',
    account: 'Offered a first visit seven weeks out.',
    urgency: 'standard',
  },
};

const KNOWN_IDS = ['north', 'c-1', 'p-1', '1', 'north/c-1'];

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: Schema;
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | undefined;
}

export interface FuzzRequest {
  readonly role: string;
  readonly method: string;
  readonly url: string;
  readonly payload: string | undefined;
}

export interface Finding {
  readonly request: FuzzRequest;
  readonly status: number;
  readonly problem: string;
  readonly body: string;
}

export interface FuzzResult {
  readonly seed: number;
  readonly requests: number;
  readonly routes: number;
  readonly roles: readonly string[];
  readonly statuses: Record<string, number>;
  readonly findings: readonly Finding[];
  readonly millis: number;
}

export async function runFuzz(options: { requests: number; seed: number }): Promise<FuzzResult> {
  const started = performance.now();
  const database = await openTempPglite();
  const app = buildServer({ db: database.db, logger: { level: 'silent' } });
  try {
    await migrateToLatest(database.db);
    await seedNetwork(database.db);
    const roles = await signIns(database.db);
    const operations = await operationsOf(app);
    const requestOf = requestArbitrary(operations, Object.keys(roles));
    const requests = fc.sample(requestOf, { numRuns: options.requests, seed: options.seed });
    const statuses: Record<string, number> = {};
    const findings: Finding[] = [];
    let before = await rowCounts(database.db);
    for (const request of requests) {
      const headers: Record<string, string> = { ...roles[request.role] };
      if (request.payload !== undefined) headers['content-type'] = 'application/json';
      const response = await app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const status = response.statusCode;
      statuses[status] = (statuses[status] ?? 0) + 1;
      const problem = problemWith(request, status, response.headers['content-type'], response.body);
      const after = await rowCounts(database.db);
      const changed = status >= 400 && status < 500 ? changedTables(before, after) : [];
      before = after;
      const problems = [problem, changed.length > 0 ? `refused but changed ${changed}` : null];
      for (const text of problems) {
        if (text !== null) {
          findings.push({
            request: shortened(request),
            status,
            problem: text,
            body: response.body.slice(0, 500),
          });
        }
      }
    }
    return {
      seed: options.seed,
      requests: requests.length,
      routes: operations.length,
      roles: Object.keys(roles),
      statuses,
      findings,
      millis: performance.now() - started,
    };
  } finally {
    await app.close();
    await database.dispose();
  }
}

/** An API token for every role (a clinician account is clinician c-1) and the public. */
async function signIns(
  db: Parameters<typeof bearerFor>[0],
): Promise<Record<string, AuthHeaders | Record<string, never>>> {
  const { token } = await createAccount(db, {
    name: 'fuzz-clinician',
    role: 'clinician',
    clinician: { centerId: 'north', id: 'c-1' },
  });
  return {
    public: {},
    admin: await bearerFor(db, 'admin'),
    scheduler: await bearerFor(db, 'scheduler'),
    compliance: await bearerFor(db, 'compliance'),
    regulator: await bearerFor(db, 'regulator'),
    hotline: await bearerFor(db, 'hotline'),
    planner: await bearerFor(db, 'planner'),
    clinician: { authorization: `Bearer ${token.token}` },
  };
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
};

/** Every operation of the published API, read from the server itself. */
async function operationsOf(app: ReturnType<typeof buildServer>): Promise<Operation[]> {
  const response = await app.inject({ url: '/openapi.json' });
  const document = response.json() as OpenApi;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

function requestArbitrary(operations: readonly Operation[], roles: readonly string[]) {
  return fc.constantFrom(...operations).chain((operation) =>
    fc
      .record({
        // Half the calls as an admin, who passes most policies, so the handlers run.
        role: fc.oneof(fc.constant('admin'), fc.constantFrom(...roles)),
        path: pathArbitrary(operation),
        query: queryArbitrary(operation),
        payload: payloadArbitrary(operation),
      })
      .map(
        ({ role, path, query, payload }): FuzzRequest => ({
          role,
          method: operation.method,
          url: query === '' ? path : `${path}?${query}`,
          payload,
        }),
      ),
  );
}

function pathArbitrary(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const idOf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...KNOWN_IDS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 200 && s !== '')),
    },
  );
  return fc
    .tuple(...names.map(() => idOf))
    .map((ids) =>
      names.reduce(
        (path, name, i) => path.replace(`{${name}}`, pathSegment(ids[i]!)),
        operation.path,
      ),
    );
}

/** A path segment; a lone surrogate becomes its raw (invalid UTF-8) escape, also worth sending. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

function queryArbitrary(operation: Operation): fc.Arbitrary<string> {
  const query = operation.parameters.filter((p) => p.in === 'query');
  if (query.length === 0) return fc.constant('');
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of query) model[parameter.name] = valueFor(parameter.schema);
  return fc
    .record(model, { requiredKeys: [] })
    .map((values) =>
      new URLSearchParams(
        Object.entries(values).map(([name, value]): [string, string] => [
          name,
          asText(value).slice(0, 4000),
        ]),
      ).toString(),
    );
}

function payloadArbitrary(operation: Operation): fc.Arbitrary<string | undefined> {
  if (operation.method === 'GET' || operation.method === 'DELETE') return fc.constant(undefined);
  const valid = VALID_BODIES[`${operation.method} ${operation.path}`];
  const generated = valid === undefined ? valueFor(operation.body) : mutationOf(valid);
  return fc.oneof(
    { weight: 12, arbitrary: generated.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.constant(deepJson(2_000)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'nul', '[1,2', '{"a":1}}', '') },
  );
}

/** What is wrong with one response, or null: the checks every fuzzed response passes. */
export function problemWith(
  request: FuzzRequest,
  status: number,
  contentType: string | string[] | number | undefined,
  body: string,
): string | null {
  if (status >= 500) return `status ${status}`;
  if (STACK_TRACE.test(body)) return 'a stack trace in the body';
  if (status < 400 || body === '') return null;
  const type = String(contentType ?? '');
  if (!type.includes('json')) return `a ${status} that is not JSON (${type})`;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return `a ${status} whose body is not JSON`;
  }
  if (request.url.startsWith('/fhir')) {
    return parsed.resourceType === 'OperationOutcome'
      ? null
      : `a ${status} that is not an OperationOutcome`;
  }
  return typeof parsed.title === 'string' && parsed.status === status
    ? null
    : `a ${status} that is not problem details`;
}

/** Row counts of the compared tables, in one query. */
async function rowCounts(db: Parameters<typeof bearerFor>[0]): Promise<number[]> {
  // One row of scalar subqueries: the order of the columns is the order of COMPARED.
  const columns = COMPARED.map((table, i) => `(SELECT count(*)::int FROM ${table}) AS c${i}`);
  const result = await sql<
    Record<string, number>
  >`${sql.raw(`SELECT ${columns.join(', ')}`)}`.execute(db);
  const row = result.rows[0] ?? {};
  return COMPARED.map((_, i) => row[`c${i}`] ?? -1);
}

function changedTables(before: readonly number[], after: readonly number[]): string[] {
  return COMPARED.filter((_, i) => before[i] !== after[i]);
}

/** A finding stays readable: a huge payload is cut, keeping its start. */
function shortened(request: FuzzRequest): FuzzRequest {
  const cut = (text: string) =>
    text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text;
  return {
    ...request,
    url: cut(request.url),
    payload: request.payload === undefined ? undefined : cut(request.payload),
  };
}
