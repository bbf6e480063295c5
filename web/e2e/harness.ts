/**
 * What the browser tests and the screenshot script share: the web app built, a Timely
 * server on the small demo network in a throw-away PGlite folder (the real server,
 * in-process, on a free port), Debian's Chromium driven by playwright-core, signing in
 * as a demo role, and axe-core's accessibility check.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Role } from '../../src/auth/principal.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openTempPglite } from '../../src/db/test-databases.ts';
import { demoPassword } from '../../src/demo/accounts.ts';
import { demoToday } from '../../src/demo/dataset.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { buildServer, type TimelyServer } from '../../src/server/app.ts';
import { WEB_DIST } from '../../src/server/web.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** Debian's Chromium in a container: no sandbox, no GPU, no phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Builds web/dist when it is missing (`npm test` builds it first; a lone run may not). */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const { build } = await import('vite');
  await build({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
  });
}

export interface DemoServer {
  readonly url: string;
  readonly app: TimelyServer;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  const database = await openTempPglite();
  try {
    await migrateToLatest(database.db);
    await loadDemo(database.db, { size: 'small', today: demoToday() });
    const app = buildServer({
      db: database.db,
      logger: { level: 'silent' },
      // Plain HTTP on loopback (as `npm start`), and many sign-ins in a few seconds.
      security: { secureCookies: false, signInsPerMinute: 1000 },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url,
      app,
      async close() {
        await app.close();
        await database.dispose();
      },
    };
  } catch (error) {
    await database.dispose();
    throw error;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Signs in through the form, as a person would, and waits for the app's menu. */
export async function signInAs(page: Page, baseUrl: string, role: Role): Promise<void> {
  await page.goto(`${baseUrl}/app/sign-in`);
  await page.getByLabel('Account name').fill(`demo-${role}`);
  await page.getByLabel('Password').fill(demoPassword(role));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
}

/** axe-core's serious and critical violations on the page as it is, one line each. */
export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an
  // injected <script> would be refused, rightly).
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    // Runs in the page, where axe.source has just defined the global `axe`.
    const inPage = (globalThis as unknown as { axe: typeof axe }).axe;
    const result = await inPage.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} elements)`);
}
