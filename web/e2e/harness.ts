/**
 * What the browser tests and the screenshot script share: the web app built, a Timely
 * server on the small demo network in a throw-away PGlite folder (the real server,
 * in-process, on a free port), Debian's Chromium driven by playwright-core, signing in
 * as a demo role, and axe-core's accessibility check; for the browser tests, the hooks
 * that start and stop all of it around a describe block (`setUpBrowserTests`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
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
  // The production build, as `npm run build:web` makes it: vitest sets NODE_ENV=test,
  // which Vite would follow into React's development build (every effect run twice).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: new URL('../vite.config.ts', import.meta.url).pathname,
      logLevel: 'warn',
      mode: 'production',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
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

export interface FreshPageOptions {
  /**
   * Console errors the test expects, by pattern: Chromium logs every 4xx answer as one
   * (the 401 of GET /auth/me before signing in only means "not signed in yet").
   */
  readonly expectedErrors?: readonly RegExp[];
  /** How long an action may wait (playwright's default timeout), when not its own. */
  readonly actionTimeout?: number;
}

export interface FreshPage {
  readonly page: Page;
  /**
   * The page's console errors but the expected ones, and its uncaught exceptions, as
   * they happen: a CSP refusal is one.
   */
  readonly consoleErrors: string[];
}

export interface BrowserTests {
  /** The describe block's demo server; read it inside a test (it starts in `beforeAll`). */
  readonly server: { readonly url: string };
  /** A new context and page for this test, closed after it; 1280×900. */
  freshPage(options?: FreshPageOptions): Promise<FreshPage>;
}

/**
 * Registers a describe block's hooks: before it, the web app built, a demo server and
 * Chromium started (closed after it); after each test, its context closed.
 */
export function setUpBrowserTests(): BrowserTests {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startDemoServer();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    await context?.close();
  });

  function started<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('the browser tests start in beforeAll');
    return value;
  }

  return {
    server: {
      get url() {
        return started(server).url;
      },
    },
    async freshPage({ expectedErrors = [], actionTimeout } = {}) {
      context = await started(browser).newContext({ viewport: { width: 1280, height: 900 } });
      if (actionTimeout !== undefined) context.setDefaultTimeout(actionTimeout);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        const text = message.text();
        if (message.type() === 'error' && !expectedErrors.some((expected) => expected.test(text)))
          consoleErrors.push(text);
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      return { page, consoleErrors };
    },
  };
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
