/**
 * The web app as `timely serve` serves it (web.ts): its page at `/` and at every client
 * route, its assets, under the same security headers as the API — and the API keeps its
 * own routes and refusals. Needs `web/dist` (built here when missing).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../web/e2e/harness.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openTempPglite, type TestDatabase } from '../db/test-databases.ts';
import { buildServer, type TimelyServer } from './app.ts';
import { WEB_DIST } from './web.ts';

describe('the web app served by timely serve', () => {
  let database: TestDatabase;
  let app: TimelyServer;

  beforeAll(async () => {
    await ensureWebBuilt();
    database = await openTempPglite();
    await migrateToLatest(database.db);
    app = buildServer({ db: database.db, logger: { level: 'silent' } });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('answers / and every client route with the page, uncached, under the CSP', async () => {
    for (const url of ['/', '/app', '/app/sign-in', '/app/clinicians?center=north']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<div id="root"></div>');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      // No inline script: the CSP would refuse it.
      expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves the built assets for a year, and a missing one as a 404', async () => {
    const [asset] = (await readdir(join(WEB_DIST, 'assets'))).filter((f) => f.endsWith('.js'));
    const response = await app.inject({ method: 'GET', url: `/assets/${asset}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await app.inject({ method: 'GET', url: '/assets/nothing-here.js' });
    expect(missing.statusCode).toBe(404);
    const traversal = await app.inject({ method: 'GET', url: '/assets/../index.html' });
    expect(traversal.statusCode).not.toBe(200);
  });

  it('leaves the API its routes: /clinicians is still data (and needs an account)', async () => {
    expect((await app.inject({ method: 'GET', url: '/clinicians' })).statusCode).toBe(401);
    const unknown = await app.inject({ method: 'GET', url: '/no-such-route' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
