/**
 * The web app in a real browser (Debian's Chromium) against a real Timely server on the
 * small demo network: each role sees only the pages the policy lets it use, the data
 * pages load, a failed call shows a sentence (no stack trace), the Content-Security-Policy
 * holds (no console errors), and axe-core finds no serious or critical problem on any page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/principal.ts';
import {
  CHROMIUM,
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

const available = chromiumAvailable();
if (!available) {
  console.warn(
    `web app browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

/** The menu each demo role must see (what src/auth/policy.ts grants its data routes). */
const MENUS: Readonly<Record<Role, readonly string[]>> = {
  admin: [
    'Access overview',
    'Scheduler',
    'At risk',
    'Breaches',
    'Disruption',
    'Hotline',
    'Simulator',
    'Clinicians',
  ],
  scheduler: [
    'Access overview',
    'Scheduler',
    'At risk',
    'Breaches',
    'Disruption',
    'Simulator',
    'Clinicians',
  ],
  compliance: [
    'Access overview',
    'At risk',
    'Breaches',
    'Disruption',
    'Hotline',
    'Simulator',
    'Clinicians',
  ],
  regulator: ['Access overview', 'Simulator', 'Clinicians'],
  planner: ['Access overview', 'Simulator', 'Clinicians'],
  clinician: ['Clinicians'],
  hotline: ['Hotline', 'Clinicians'],
};
const PAGE_PATHS: Readonly<Record<string, string>> = {
  'Access overview': '/app/overview',
  Scheduler: '/app/scheduler',
  'At risk': '/app/at-risk',
  Breaches: '/app/breaches',
  Disruption: '/app/disruption',
  Hotline: '/app/hotline',
  Simulator: '/app/simulator',
  Clinicians: '/app/clinicians',
};

describe.skipIf(!available)('the web app in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  /** Console errors and uncaught exceptions of the current page: a CSP refusal is one. */
  let consoleErrors: string[];

  async function freshPage(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      // Chromium logs every 4xx answer; the app asks GET /auth/me at load and a 401 there
      // only means "not signed in yet". Anything else (a CSP refusal, an exception) counts.
      expectedErrors: [/status of 401 \(Unauthorized\)/],
    }));
  }

  async function expectAccessible(where: string) {
    expect(await seriousAccessibilityProblems(page), where).toEqual([]);
  }

  it('shows the sign-in page at / with no console errors and no accessibility problems', async () => {
    await freshPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/sign-in');
    await expectAccessible('sign-in page');
    expect(consoleErrors).toEqual([]);
  });

  it('refuses a wrong password with a plain sentence', async () => {
    await freshPage();
    await page.goto(`${server.url}/app/sign-in`);
    await page.getByLabel('Account name').fill('demo-admin');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The name or the password is not right.');
  });

  for (const [role, menu] of Object.entries(MENUS) as [Role, readonly string[]][]) {
    it(`offers the ${role} exactly ${menu.join(' and ')}, and says "Not allowed" at the others`, async () => {
      await freshPage();
      await signInAs(page, server.url, role);
      const offered = await page
        .getByRole('navigation', { name: 'Main menu' })
        .getByRole('link')
        .allTextContents();
      expect(offered).toEqual(menu);
      // Lands on its first page, signed in as itself.
      await expect.poll(() => new URL(page.url()).pathname).toBe(PAGE_PATHS[menu[0]!]);
      await expect.poll(() => page.locator('.account').textContent()).toContain(`demo-${role}`);

      for (const title of menu) {
        await page.goto(`${server.url}${PAGE_PATHS[title]}`);
        await page.getByRole('heading', { level: 1, name: title }).waitFor();
        await page
          .locator('table, .state-empty')
          .first()
          .or(page.locator('.chart, .week'))
          .first()
          .waitFor();
        await expectAccessible(`${role} on ${title}`);
      }
      for (const title of Object.keys(PAGE_PATHS).filter((t) => !menu.includes(t))) {
        await page.goto(`${server.url}${PAGE_PATHS[title]}`);
        await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
        expect(await page.getByRole('alert').textContent()).toContain(
          `not open to the ${role} role`,
        );
        await expectAccessible(`${role} refused ${title}`);
      }
      expect(consoleErrors).toEqual([]);
    });
  }

  it('lists clinicians, filters them by discipline and center, and pages on', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    await page.goto(`${server.url}/app/clinicians`);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    const firstPage = await rows.first().locator('th').textContent();

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.locator('.pager span').textContent()).toBe('Page 2');
    await expect.poll(() => rows.first().locator('th').textContent()).not.toBe(firstPage);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => rows.first().locator('th').textContent()).toBe(firstPage);

    await page.getByLabel('Discipline').selectOption('psychiatrist');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('discipline'))
      .toBe('psychiatrist');
    await expect
      .poll(async () => new Set(await rows.locator('td:nth-child(2)').allTextContents()))
      .toEqual(new Set(['Psychiatrist']));

    const centers = page.getByLabel('Medical center');
    const someCenter = await centers.locator('option').nth(1).getAttribute('value');
    const someCenterName = await centers.locator('option').nth(1).textContent();
    await centers.selectOption(someCenter!);
    await expect
      .poll(async () => [...new Set(await rows.locator('td:nth-child(3)').allTextContents())])
      .toSatisfy(
        (names: string[]) =>
          names.length === 0 || (names.length === 1 && names[0] === someCenterName),
      );
    expect(consoleErrors).toEqual([]);
  });

  it('draws the weekly outcomes chart with its numbers one click away', async () => {
    await freshPage();
    await signInAs(page, server.url, 'compliance');
    // The overview has several charts now: this is the weekly one's card.
    const weekly = page.locator('#weekly');
    await weekly.locator('.chart canvas').waitFor();
    await weekly.getByRole('button', { name: 'Show the numbers' }).click();
    const weeks = page.locator('#weekly-table tbody tr');
    await expect.poll(() => weeks.count()).toBeGreaterThanOrEqual(12);
    const header = await page.locator('#weekly-table thead th').allTextContents();
    expect(header).toEqual([
      'Week of',
      'Requests',
      'Met on time',
      'Referred out',
      'Missed',
      'Pending',
      'On time (of decided)',
    ]);
    // Each week's outcomes add up to its requests.
    for (const cells of await weeks.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    )) {
      const [requests, met, referred, missed, pending] = cells.map((c) =>
        Number(c.replace(/,/g, '')),
      );
      expect(met! + referred! + missed! + pending!).toBe(requests);
    }
    await page.getByLabel('Standard').selectOption('urgent-no-prior-auth');
    await expect
      .poll(() => weekly.locator('figcaption').textContent())
      .toContain('Urgent, no prior auth');
    await expectAccessible('overview with its table');
    expect(consoleErrors).toEqual([]);
  });

  it('shows compliance this week, who waits now, wait times and compliance by center and discipline, each with its numbers', async () => {
    await freshPage();
    await signInAs(page, server.url, 'compliance');
    const numberIn = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));
    const tableRows = (table: string) =>
      page
        .locator(`${table} tbody tr`)
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')),
        );

    // A tile per standard with requests: this week's share of judged requests met.
    const tiles = page.getByRole('region', { name: 'Compliance this week' }).locator('.tile');
    await expect.poll(() => tiles.count()).toBeGreaterThanOrEqual(3);
    for (const figure of await tiles.locator('.tile-figure').allTextContents()) {
      expect(figure).toMatch(/^(\d{1,3}(\.\d)?%|—)$/);
    }

    // Waiting now: the totals, and per center the same numbers in the table.
    const waiting = page.locator('#waiting');
    await waiting.locator('.chart canvas').waitFor();
    const open = numberIn(await waiting.locator('.stat dd').first().textContent());
    await waiting.getByRole('button', { name: 'Show the numbers' }).click();
    const centers = await tableRows('#waiting-table');
    expect(centers.length).toBeGreaterThanOrEqual(10);
    expect(centers.reduce((sum, [, cell]) => sum + numberIn(cell ?? ''), 0)).toBe(open);
    for (const [, opened, atRisk] of centers) {
      expect(numberIn(atRisk ?? '')).toBeLessThanOrEqual(numberIn(opened ?? ''));
    }

    // Wait times: every standard's percentiles, then one standard's histogram.
    const waits = page.locator('#wait-times');
    await waits.locator('.chart canvas').waitFor();
    await waits.getByRole('button', { name: 'Show the numbers' }).click();
    await expect
      .poll(async () => (await tableRows('#wait-times-table')).length)
      .toBeGreaterThanOrEqual(3);
    await page.getByLabel('Standard').selectOption('nonurgent-nonphysician-mh');
    await expect
      .poll(() => waits.locator('.stat dt').allTextContents())
      .toEqual(['p50 wait', 'p90 wait', 'p99 wait', 'Within 10 business days']);
    const buckets = await tableRows('#wait-times-table');
    expect(buckets.map(([wait]) => wait)).toEqual([
      ...Array.from({ length: 20 }, (_, day) => `${day}`),
      '20 and over',
    ]);
    const appointed = numberIn(
      await page.locator('#wait-times-table tfoot td').first().textContent(),
    );
    expect(buckets.reduce((sum, [, count]) => sum + numberIn(count ?? ''), 0)).toBe(appointed);
    expect(appointed).toBeGreaterThan(0);

    // Compliance by center, week by week; the network's line agrees with the weekly chart.
    const grid = page.locator('#compliance-grid');
    await grid.locator('.chart canvas').first().waitFor();
    await grid.getByRole('button', { name: 'Show the numbers' }).click();
    const byCenter = await tableRows('#compliance-grid-table');
    expect(byCenter[0]?.[0]).toBe('Whole network');
    expect(byCenter.length).toBeGreaterThanOrEqual(10);
    for (const cell of byCenter.flatMap((row) => row.slice(1))) {
      expect(cell).toMatch(/^(\d{1,3}(\.\d)?%|—)[\d,]+\/[\d,]+$/);
    }
    await page.locator('#weekly').getByRole('button', { name: 'Show the numbers' }).click();
    const weekly = await tableRows('#weekly-table');
    const network = byCenter[0]?.slice(1, -1) ?? [];
    expect(network.map((cell) => cell.replace(/[\d,]+\/[\d,]+$/, ''))).toEqual(
      weekly.map((row) => row.at(-1)),
    );

    // By discipline: one click, the disciplines of the clinicians who served.
    await grid.getByText('Discipline', { exact: true }).click();
    await expect
      .poll(async () => (await tableRows('#compliance-grid-table')).map(([name]) => name))
      .toEqual(expect.arrayContaining(['Whole network', 'Psychologist', 'Clinical social worker']));
    await expect.poll(() => grid.locator('h2').textContent()).toContain('Compliance by discipline');

    await expectAccessible('overview with every table open');
    expect(consoleErrors).toEqual([]);
  });

  it('shows a failed API call as a sentence with a way to try again, never a stack trace', async () => {
    await freshPage();
    await signInAs(page, server.url, 'admin');
    let failing = true;
    await page.route('**/clinicians?**', (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Service unavailable',
              status: 503,
              detail: 'the database does not answer; try again shortly',
            }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/app/clinicians`);
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toBe('Could not load this. The database does not answer; try again shortly.Try again');
    expect(await page.content()).not.toMatch(/\bat \w+ \(|Error:|stack/i);

    failing = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
    await expectAccessible('clinicians after an error');
  });

  it('shows "the server could not be reached" when the network fails', async () => {
    await freshPage();
    await signInAs(page, server.url, 'planner');
    await page.route('**/access/requests-by-week**', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/app/overview`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('could not be reached');
  });

  it('signs out, even after a reload: the session ends on the server and the sign-in page returns', async () => {
    await freshPage();
    await signInAs(page, server.url, 'hotline');
    // A reload loses the CSRF token kept in memory; /auth/me hands it back.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('You are signed out.');
    const me = await page.request.get(`${server.url}/auth/me`);
    expect(me.status()).toBe(401);
    await page.goto(`${server.url}/app/clinicians`);
    await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
