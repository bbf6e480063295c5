/**
 * Error responses and logs without a database: unexpected errors become a bare 500
 * problem, database errors never leak their message (which quotes row values) into a
 * response or the log, and nothing personal reaches the log.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.ts';
import { buildServer } from './app.ts';
import { loggerOptions } from './logger.ts';
import { installProblemHandlers } from './problem.ts';

const lines: string[] = [];
let app: FastifyInstance;

beforeAll(async () => {
  // The server's logger and problem handlers around routes made to fail (the real
  // server would refuse these routes, which are in no access policy).
  app = Fastify({
    logger: loggerOptions({ level: 'trace', stream: { write: (l) => lines.push(l) } }),
  });
  installProblemHandlers(app);
  app.get('/test/boom', () => {
    throw new Error('secret internals at /srv/timely/db.ts:12');
  });
  app.get('/test/duplicate', () => {
    throw Object.assign(new Error('Key (center_id, member_number)=(north, M-4711) exists'), {
      code: '23505',
      detail: 'Key (center_id, member_number)=(north, M-4711) already exists.',
    });
  });
  app.get('/test/db-failure', () => {
    throw Object.assign(new Error('could not read block for Jane Roe M-4711'), { code: 'XX000' });
  });
  app.get('/test/database-away', () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
  });
  app.get('/test/personal', (request) => {
    request.log.info(
      {
        patient: { name: 'Jane Roe', memberNumber: 'M-4711', birthDate: '1980-04-01' },
        notes: 'talked about her divorce',
        body: { sessions: [{ name: 'Jane Roe' }], nested: { patient: { name: 'Jane Roe' } } },
      },
      'handling a patient',
    );
    return { ok: true };
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

function expectProblem(response: { headers: Record<string, unknown>; body: string }) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.body);
  expect(Object.keys(body).sort()).toEqual(
    expect.arrayContaining(['detail', 'status', 'title', 'type']),
  );
  expect(response.body).not.toMatch(/stack|\.ts:|at [A-Za-z.]+ \(/);
  return body;
}

describe('problem responses', () => {
  it('turns an unexpected error into a 500 problem without its message', async () => {
    const response = await app.inject({ url: '/test/boom' });
    expect(response.statusCode).toBe(500);
    const body = expectProblem(response);
    expect(body.type).toBe('urn:timely:problem:internal');
    expect(response.body).not.toContain('secret');
  });

  it('answers a database that is away with 503 and Retry-After, logged as a warning without a stack', async () => {
    const before = lines.length;
    const response = await app.inject({ url: '/test/database-away' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(expectProblem(response).type).toBe('urn:timely:problem:unavailable');
    const logged = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const refused = logged.filter((l) => l.level === 40);
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0])).not.toMatch(/stack|ECONNREFUSED 127/);
    expect(logged.some((l) => l.level === 50)).toBe(false);
  });

  it('answers a unique violation with 409 and none of the row values', async () => {
    const response = await app.inject({ url: '/test/duplicate' });
    expect(response.statusCode).toBe(409);
    expectProblem(response);
    expect(response.body).not.toContain('M-4711');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await app.inject({ url: '/no/such/route?memberNumber=M-4711' });
    expect(response.statusCode).toBe(404);
    expect(expectProblem(response).detail).toBe('no route GET /no/such/route');
  });
});

describe('the log', () => {
  it('keeps names, member numbers, birth dates and notes out, and query strings', async () => {
    lines.length = 0;
    await app.inject({ url: '/test/personal?memberNumber=M-4711&name=Jane' });
    await app.inject({ url: '/test/duplicate' });
    await app.inject({ url: '/test/db-failure' });
    const log = lines.join('');
    expect(log).toContain('handling a patient');
    expect(log).toContain('"route":"/test/personal"');
    expect(log).toContain('"sqlState":"XX000"');
    for (const personal of ['Jane', 'Roe', 'M-4711', '1980-04-01', 'divorce']) {
      expect(log).not.toContain(personal);
    }
  });

  it('answers a URL the router cannot read with a 400 problem, not the framework’s own body', async () => {
    const server = buildServer({ db: {} as Kysely<Database> });
    const response = await server.inject({ url: '/stoppages/%ED%A0%80/clinicians' });
    await server.close();
    expect(response.statusCode).toBe(400);
    expect(expectProblem(response).type).toBe('urn:timely:problem:invalid-request');
  });

  it('is silent under the test runner unless asked', () => {
    const quiet = buildServer({ db: {} as Kysely<Database> });
    expect(quiet.log.level).toBe('silent');
  });
});
