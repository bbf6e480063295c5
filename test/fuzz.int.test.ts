/**
 * Bad input (issue 10): every published route, as every role and the public, fed generated
 * and mutated input. Nothing may answer 5xx, leak a stack trace, answer an error that is
 * not problem details (OperationOutcome under /fhir), or change the database while
 * refusing. `TIMELY_FUZZ_REQUESTS` bounds the run (default 3,000); `TIMELY_FUZZ_SEED`
 * replays one (the seed is printed).
 */
import { describe, expect, it } from 'vitest';
import { type FuzzRequest, problemWith, runFuzz } from './fuzz-run.ts';

const REQUESTS = Number(process.env.TIMELY_FUZZ_REQUESTS ?? 3_000);
const SEED = Number(process.env.TIMELY_FUZZ_SEED ?? Date.now() % 2_147_483_647);

describe('bad input over every route', () => {
  it('never answers 5xx, never leaks a stack trace, and refuses without writing', async () => {
    console.info(`fuzz: seed ${SEED} (replay with TIMELY_FUZZ_SEED=${SEED}), ${REQUESTS} requests`);
    const result = await runFuzz({ requests: REQUESTS, seed: SEED });
    console.info(
      `fuzz: ${result.requests} requests, ${result.routes} routes, roles ${result.roles.join(' ')}, ` +
        `statuses ${JSON.stringify(result.statuses)}, ${Math.round(result.millis)} ms`,
    );
    expect(result.routes).toBeGreaterThan(40);
    expect(result.findings.slice(0, 10)).toEqual([]);
  }, 240_000);
});

describe('the checks the fuzzer applies', () => {
  const get = (url: string): FuzzRequest => ({
    role: 'admin',
    method: 'GET',
    url,
    payload: undefined,
  });
  const json = 'application/problem+json; charset=utf-8';

  it('flag a 5xx, a stack trace, and an error that is not problem details', () => {
    const problem = (status: number) => JSON.stringify({ type: 'x', title: 'T', status });
    expect(problemWith(get('/centers'), 500, json, problem(500))).toBe('status 500');
    expect(
      problemWith(get('/centers'), 400, json, '{"detail":"at run (/app/src/x.ts:10:5)"}'),
    ).toBe('a stack trace in the body');
    expect(problemWith(get('/centers'), 400, 'text/html', '<h1>no</h1>')).toMatch(/not JSON/);
    expect(problemWith(get('/centers'), 400, json, '{"error":"Bad"}')).toMatch(/not problem/);
    expect(problemWith(get('/fhir/Patient'), 400, json, problem(400))).toMatch(/OperationOutcome/);
  });

  it('pass problem details, an OperationOutcome under /fhir, and successes', () => {
    const body = JSON.stringify({ type: 'x', title: 'Not found', status: 404 });
    expect(problemWith(get('/centers/x'), 404, json, body)).toBeNull();
    expect(
      problemWith(
        get('/fhir/Patient/x'),
        404,
        'application/fhir+json',
        '{"resourceType":"OperationOutcome"}',
      ),
    ).toBeNull();
    expect(problemWith(get('/centers'), 200, 'application/json', '{"items":[]}')).toBeNull();
  });
});
