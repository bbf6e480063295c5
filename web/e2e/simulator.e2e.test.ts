/**
 * The simulator page in Chromium against a real server on the small demo network: a
 * scenario runs in a Web Worker (under the server's CSP) with a progress bar, and its
 * chart and summary appear; a second seed joins the comparison; a long run is cancelled;
 * a bad edit is shown by the path of its field and nothing runs; axe-core finds no
 * serious problem.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

/** A shortened baseline (2,400 clinicians, 28 days) runs in about two seconds. */
const SHORT_DAYS = '28';
const RUN_TIMEOUT = 90_000;
const TEST_TIMEOUT = 180_000;

describe.skipIf(!chromiumAvailable())('the simulator page in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];

  async function openSimulator(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      // The 401 of GET /auth/me before signing in only means "not signed in yet".
      expectedErrors: [/status of 401/],
      // An action that cannot happen fails with its locator named, before the test's own limit.
      actionTimeout: 20_000,
    }));
    await signInAs(page, server.url, 'planner');
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Simulator' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Simulator' }).waitFor();
    await page.getByLabel('Start from an example').waitFor();
  }

  const runButton = () => page.getByRole('button', { name: 'Run', exact: true });
  const outcome = () => page.locator('.run-outcome');

  it(
    'runs a scenario in a worker with a progress bar, charts it and tabulates it; a second seed joins the comparison',
    async () => {
      await openSimulator();
      await expect.poll(() => page.locator('.state-empty').textContent()).toContain('No runs yet');
      await page.getByLabel('Start from an example').selectOption('baseline.yaml');
      await page.getByRole('spinbutton', { name: 'Days to simulate' }).fill(SHORT_DAYS);
      await runButton().click();
      await page.getByRole('progressbar').waitFor();
      await expect.poll(() => page.getByRole('button', { name: 'Cancel' }).isEnabled()).toBe(true);
      await expect
        .poll(() => outcome().textContent(), { timeout: RUN_TIMEOUT })
        .toMatch(/^Finished 1\. baseline · seed 1 in [\d.]+ s\.$/);
      expect(await page.getByRole('progressbar').count()).toBe(0);

      await page.locator('.chart canvas').waitFor();
      const chart = page.getByRole('img', {
        name: /Line chart of share seen by the deadline per day/,
      });
      expect(await chart.getAttribute('aria-label')).toContain('1. baseline · seed 1');
      const summary = page.getByRole('region', { name: 'Summary of the runs compared' });
      expect(await summary.locator('thead th').allTextContents()).toEqual([
        'Figure',
        '1. baseline · seed 1',
      ]);
      const compliance = summary.getByRole('row', { name: /^compliance/ }).first();
      expect(await compliance.locator('td').first().textContent()).toMatch(/^\d+(\.\d)?%$/);
      const visits = summary.getByRole('row', { name: /^visits/ });
      expect(
        Number((await visits.locator('td').first().textContent())!.replace(/,/g, '')),
      ).toBeGreaterThan(10_000);

      // The same scenario on another seed: both side by side, the second against the first.
      await page.getByRole('spinbutton', { name: 'Seed' }).fill('2');
      await runButton().click();
      await expect
        .poll(() => outcome().textContent(), { timeout: RUN_TIMEOUT })
        .toMatch(/^Finished 2\. baseline · seed 2 in/);
      await expect
        .poll(() => summary.locator('thead th').allTextContents())
        .toEqual(['Figure', '1. baseline · seed 1', '2. baseline · seed 2']);
      expect(await chart.getAttribute('aria-label')).toContain('2. baseline · seed 2');
      expect(
        await summary
          .getByRole('row', { name: /^visits/ })
          .locator('td')
          .nth(1)
          .textContent(),
      ).toMatch(/\([+-][\d,]+\)$/);

      // The chart's numbers are one click away; another measure redraws it.
      await page.getByRole('button', { name: 'Show the daily numbers' }).click();
      const daily = page.getByRole('region', { name: 'Daily numbers' });
      await expect.poll(() => daily.locator('tbody tr').count()).toBe(Number(SHORT_DAYS));
      const complianceOnDay1 = await daily.locator('tbody tr td').first().textContent();
      await page.getByLabel('Measure').selectOption('backlog');
      await expect
        .poll(() => page.locator('.chart').getAttribute('aria-label'))
        .toMatch(/^Line chart of requests not yet seen per day/);
      // The table follows the chart: the first day's backlog, a count, not a share.
      await expect
        .poll(() => daily.locator('tbody tr td').first().textContent())
        .toMatch(/^[\d,]+$/);
      expect(complianceOnDay1).toMatch(/%$|^—$/);

      // Unticking a run takes it out of the comparison, not off the list.
      await page.getByRole('checkbox', { name: '1. baseline · seed 1' }).uncheck();
      await expect
        .poll(() => summary.locator('thead th').allTextContents())
        .toEqual(['Figure', '2. baseline · seed 2']);

      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'cancels a long run with the Cancel button, says so, and keeps nothing of it',
    async () => {
      await openSimulator();
      await page.getByLabel('Start from an example').selectOption('strike-4-weeks.yaml');
      await runButton().click();
      const bar = page.getByRole('progressbar');
      // Days are reported as they pass: wait for the bar to move before cancelling.
      await expect
        .poll(async () => Number((await bar.getAttribute('value')) ?? 0), { timeout: RUN_TIMEOUT })
        .toBeGreaterThan(0);
      expect(await bar.getAttribute('max')).toBe('365');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(() => outcome().textContent())
        .toMatch(
          /^Cancelled 1\. strike-4-weeks · seed 1 at day \d+ of 365\. Nothing was kept from it\.$/,
        );
      expect(await bar.count()).toBe(0);
      expect(await page.locator('.state-empty').textContent()).toContain('No runs yet');
      expect(await runButton().isEnabled()).toBe(true);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows a bad edit by the path of its field, runs nothing, and clears it when fixed',
    async () => {
      await openSimulator();
      const text = page.getByLabel('Scenario text (YAML or JSON)');
      await text.fill(
        'extends: baseline.yaml\nname: broken\nnetwork:\n  clinicians: -5\n  adminHours: 8\n',
      );
      await runButton().click();
      const problems = page.getByRole('region', { name: /The scenario has 2 problems/ });
      await expect
        .poll(() => problems.locator('li').allTextContents())
        .toEqual([
          'network.clinicians: expected at least 1 (got -5)',
          'network.adminHours: unknown field (did you mean "adminHoursPerWeek"?)',
        ]);
      // Focus goes to the list, so a keyboard or screen-reader user lands on it.
      await expect
        .poll(() => page.locator(':focus').textContent())
        .toBe('The scenario has 2 problems');
      expect(await text.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('progressbar').count()).toBe(0);
      expect(await page.content()).not.toMatch(/\bat \w+ \(|Error:|stack/i);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await text.fill('extends: baseline.yaml\nname: fixed\nnetwork:\n  clinicians: 200\n');
      await expect.poll(() => problems.count()).toBe(0);
      expect(await text.getAttribute('aria-invalid')).toBe('false');
      expect(consoleErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
