/**
 * The public status page in Chromium against a real server on the small demo network:
 * it opens with no sign-in (and stays open, not sent to the sign-in page), shows the
 * regulator's help line as a `tel:` link and the tables with their "fewer than 11"
 * cells (the small demo's centers have small weeks), loads no chart library, and axe-core
 * finds no serious problem. The sign-in page links to it, and a signed-in user opens it too.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

const STATUS_PATH = '/app/status';
const TITLE = 'Access to mental-health care: how timely is it?';

describe.skipIf(!chromiumAvailable())('the public status page in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];
  /** Every address the page asked for. */
  let requested: string[];

  async function freshPage(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      // The 401 of GET /auth/me only means "not signed in", which is the point here.
      expectedErrors: [/status of 401/],
      actionTimeout: 20_000,
    }));
    requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  }

  it('opens signed out with the help line and the figures, small cells withheld, axe-clean', async () => {
    await freshPage();
    await page.goto(`${server.url}${STATUS_PATH}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    const hotline = page.getByRole('link', { name: '(888) 466-2219' });
    expect(await hotline.getAttribute('href')).toBe('tel:+1-888-466-2219');
    expect(await page.getByRole('link', { name: 'Staff sign-in' }).count()).toBe(1);

    // A table per standard with data, the network's row first, then the centers.
    const tables = page.locator('table.status-table');
    await tables.first().waitFor();
    expect(await tables.count()).toBeGreaterThanOrEqual(2);
    const firstRows = await tables.first().locator('tbody th[scope="row"]').allTextContents();
    expect(firstRows[0]).toBe('All medical centers');
    expect(firstRows.length).toBe(15); // the network and the demo's 14 centers
    await page.locator('td', { hasText: 'fewer than 11' }).first().waitFor();
    // And some figures are shown: a share met in time.
    await page.locator('td', { hasText: /^\d+%/ }).first().waitFor();

    // Still the status page: a visitor with no session is not sent to sign in.
    expect(new URL(page.url()).pathname).toBe(STATUS_PATH);
    // Asked only for its own figures (and who is signed in), and no chart library.
    const api = requested.filter((path) => !path.startsWith('/assets/') && path !== STATUS_PATH);
    expect(api.sort()).toEqual(['/auth/me', '/public/status']);
    expect(requested.filter((path) => /echarts/i.test(path))).toEqual([]);

    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('is linked from the sign-in page', async () => {
    await freshPage();
    await page.goto(`${server.url}/app/sign-in`);
    await page.getByRole('link', { name: 'See how timely access is' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe(STATUS_PATH);
    await page.getByRole('link', { name: 'Staff sign-in' }).click();
    await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
  });

  it('opens for a signed-in user too, with the way back to the app', async () => {
    await freshPage();
    await signInAs(page, server.url, 'hotline');
    await page.goto(`${server.url}${STATUS_PATH}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.locator('td', { hasText: 'fewer than 11' }).first().waitFor();
    await page.getByRole('link', { name: 'Back to Timely' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
