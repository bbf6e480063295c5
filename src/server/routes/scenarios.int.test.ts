/**
 * GET /scenarios on PGlite (the route reads no table; the server needs a database for
 * its accounts): every example in examples/, resolved as the CLI resolves it and valid
 * under the scenario schema, with its YAML — and only for the roles that plan or answer
 * for access.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScenarioText } from '../../../web/src/pages/simulator/scenario-text.ts';
import { createAccount } from '../../auth/accounts.ts';
import { seedNetwork } from '../../booking/booking-fixture.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { openTempPglite, type TestDatabase } from '../../db/test-databases.ts';
import { scenarioSchema } from '../../engine/simulation/scenario.ts';
import { loadScenario } from '../../simulation/load-scenario.ts';
import { buildServer, type TimelyServer } from '../app.ts';
import { bearerFor } from '../auth/test-credentials.ts';
import { EXAMPLES_DIR, type ExampleScenario } from './scenarios.ts';

describe('GET /scenarios', () => {
  let database: TestDatabase;
  let app: TimelyServer;

  beforeAll(async () => {
    database = await openTempPglite();
    await migrateToLatest(database.db);
    // A clinician account must be a clinician of the network.
    await seedNetwork(database.db);
    app = buildServer({ db: database.db, logger: { level: 'silent' } });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('returns every example, resolved through its extends and valid under the scenario schema', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/scenarios',
      headers: await bearerFor(database.db, 'planner'),
    });
    expect(response.statusCode).toBe(200);
    const { scenarios } = response.json() as { scenarios: ExampleScenario[] };

    const files = readdirSync(EXAMPLES_DIR)
      .filter((file) => /\.(ya?ml|json)$/.test(file))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(scenarios.map((s) => s.file)).toEqual(files);
    for (const example of scenarios) {
      const parsed = scenarioSchema.safeParse(example.scenario);
      expect(parsed.success, example.file).toBe(true);
      // Exactly what `timely simulate examples/<file>` would run.
      expect(example.scenario, example.file).toEqual(
        loadScenario(example.file, { cwd: EXAMPLES_DIR }),
      );
      expect(example.name).toBe(example.scenario.name);
      expect(example.description).toBe(example.scenario.description);
      expect(example.source).toContain(`name: ${example.name}`);
    }

    // The web app's editor resolves the same text to the same scenario: what the page
    // runs in its worker is what the CLI would run (the two share the schema and the
    // merge, not the file reading).
    for (const example of scenarios) {
      expect(checkScenarioText(example.source, scenarios), example.file).toEqual({
        ok: true,
        scenario: example.scenario,
      });
    }

    // A child carries what it inherits: the strike runs the baseline's network.
    const strike = scenarios.find((s) => s.file === 'strike-4-weeks.yaml')!;
    expect(strike.source).toContain('extends: baseline.yaml');
    expect(strike.scenario).not.toHaveProperty('extends');
    expect(strike.scenario.network.clinicians).toBe(2400);
    expect(strike.scenario.stoppages).toHaveLength(1);
  });

  it('answers the same list to a second call (read once, kept)', async () => {
    const headers = await bearerFor(database.db, 'regulator');
    const first = await app.inject({ method: 'GET', url: '/scenarios', headers });
    const second = await app.inject({ method: 'GET', url: '/scenarios', headers });
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
  });

  it('is open to the roles that plan or answer for access', async () => {
    for (const role of ['admin', 'scheduler', 'compliance', 'regulator', 'planner'] as const) {
      const response = await app.inject({
        method: 'GET',
        url: '/scenarios',
        headers: await bearerFor(database.db, role),
      });
      expect(response.statusCode, role).toBe(200);
    }
  });

  it('is refused to the public (401), and to clinicians and the hotline (403)', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/scenarios' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);

    const hotline = await app.inject({
      method: 'GET',
      url: '/scenarios',
      headers: await bearerFor(database.db, 'hotline'),
    });
    expect(hotline.statusCode).toBe(403);

    const { token } = await createAccount(database.db, {
      name: 'scenarios-clinician',
      role: 'clinician',
      clinician: { centerId: 'north', id: 'c-1' },
    });
    const clinician = await app.inject({
      method: 'GET',
      url: '/scenarios',
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(clinician.statusCode).toBe(403);
    expect(clinician.body).not.toContain('baseline');
  });
});
