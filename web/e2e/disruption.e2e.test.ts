/**
 * The Disruption wizard in Chromium against a real server on the small demo network: a
 * scheduler declares a stoppage of two clinicians over the next two weeks (a refused
 * declaration first, its error next to the field), previews the plan and sees its totals,
 * confirms, watches the execution to `active`, and reads the impact report — every total
 * on the page the API's. A compliance officer then opens the same stoppage and is offered
 * no button that changes anything.
 *
 * The tests share the describe block's server, in order: the second reads the stoppage
 * the first declared.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoToday } from '../../src/demo/dataset.ts';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

interface Totals {
  affected: number;
  kept: number;
  movedSameClinician: number;
  movedOtherClinician: number;
  referredOut: number;
  unplaceable: number;
  metBefore: number;
  metAfter: number;
  notMet: number;
}
type StandardTotals = Totals & { standard: string };

const COLUMNS: readonly (keyof Totals)[] = [
  'affected',
  'kept',
  'movedSameClinician',
  'movedOtherClinician',
  'referredOut',
  'unplaceable',
  'metBefore',
  'metAfter',
  'notMet',
];

const WRITE_BUTTONS =
  /Declare the stoppage|Compute the plan|Execute the plan|End stoppage|Resume the execution/;

function addDays(date: string, days: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function sum(rows: readonly StandardTotals[]): Totals {
  return Object.fromEntries(
    COLUMNS.map((key) => [key, rows.reduce((n, row) => n + row[key], 0)]),
  ) as unknown as Totals;
}

/** The footer row ("Every standard") of a totals table, as numbers by column. */
async function footerTotals(page: Page, region: string): Promise<Totals> {
  const cells = page.getByRole('region', { name: region }).locator('tfoot td');
  const entries = await Promise.all(
    COLUMNS.map(async (key) => {
      const text = await cells.and(page.locator(`[data-column="${key}"]`)).textContent();
      return [key, Number((text ?? '').replaceAll(',', ''))] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as Totals;
}

describe.skipIf(!chromiumAvailable())('the disruption wizard in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];
  let stoppageId = '';

  async function freshPage(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      // The 401 of /auth/me before signing in, and the refused declaration below.
      expectedErrors: [/status of 401 \(Unauthorized\)/, /status of 400 \(Bad Request\)/],
      actionTimeout: 30_000,
    }));
  }

  async function shoot(name: string): Promise<void> {
    await page.screenshot({ path: `/tmp/disruption-${name}.png`, fullPage: true });
  }

  it('declares, previews, executes and reports a stoppage of two clinicians', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Disruption' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Disruption' }).waitFor();
    await page.getByRole('heading', { name: 'Declare a stoppage' }).waitFor();

    // Refused: the last day before the first. The server names the field; the page shows
    // the refusal beside it (in the form's terms: days, not instants), and in the summary.
    const name = 'Two clinicians off, next fortnight';
    const today = demoToday();
    await page.getByLabel('Name', { exact: true }).fill(name);
    const firstDay = page.getByLabel('First day', { exact: true });
    const lastDay = page.getByLabel('Last day', { exact: true });
    await firstDay.fill(addDays(today, 14));
    await lastDay.fill(addDays(today, 1));
    await page.getByLabel('Named clinicians').check();
    const boxes = page.locator('.picker-list input[type="checkbox"]');
    await boxes.nth(1).waitFor();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const refused = page.waitForResponse(
      (r) => r.url().endsWith('/stoppages') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Declare the stoppage' }).click();
    const refusal = await refused;
    expect(refusal.status()).toBe(400);
    const problem = (await refusal.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(['endsAt']);
    await page.getByRole('alert').filter({ hasText: 'The stoppage was not declared' }).waitFor();
    expect(await lastDay.getAttribute('aria-invalid')).toBe('true');
    expect(await firstDay.getAttribute('aria-invalid')).toBeNull();
    const described = await lastDay.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe(
      'must not be before the first day',
    );
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shoot('declare-refused');

    // Declared: from tomorrow for two weeks (clinic days).
    await firstDay.fill(addDays(today, 1));
    await lastDay.fill(addDays(today, 14));
    const declared = page.waitForResponse(
      (r) => r.url().endsWith('/stoppages') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Declare the stoppage' }).click();
    const answer = await declared;
    expect(answer.status()).toBe(201);
    const stoppage = (await answer.json()) as { id: string; status: string };
    expect(stoppage.status).toBe('draft');
    stoppageId = stoppage.id;
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('scope');
    expect(new URL(page.url()).searchParams.get('stoppage')).toBe(stoppageId);

    // Who stops work: the two named, both ticked.
    const scope = page.getByRole('region', { name: 'Clinicians in scope' });
    await expect.poll(() => scope.locator('tbody tr').count()).toBe(2);
    expect(await scope.getByRole('checkbox', { checked: true }).count()).toBe(2);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shoot('scope');

    // The plan: computed, its totals on the page the preview's answer.
    await page.getByRole('button', { name: 'Next: the plan' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('preview');
    const previewed = page.waitForResponse((r) => r.url().endsWith('/preview'));
    await page.getByRole('button', { name: 'Compute the plan' }).click();
    const preview = await previewed;
    expect(preview.status()).toBe(200);
    const summary = (await preview.json()) as { totals: Totals; byStandard: StandardTotals[] };
    expect(summary.totals.affected).toBeGreaterThan(0);
    await page.getByRole('region', { name: 'Plan totals' }).waitFor();
    expect(await footerTotals(page, 'Plan totals')).toEqual(summary.totals);
    await page.getByRole('region', { name: 'Plan entries' }).locator('tbody tr').first().waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shoot('preview');

    // Filtering the entries by result keeps the stoppage and the step in the address.
    const filtered = page.waitForResponse((r) => r.url().includes('/plan?') && r.ok());
    await page.getByLabel('Result').selectOption('kept');
    await filtered;
    const address = new URL(page.url()).searchParams;
    expect([address.get('stoppage'), address.get('step'), address.get('result')]).toEqual([
      stoppageId,
      'preview',
      'kept',
    ]);
    await page.getByLabel('Result').selectOption('');

    // Confirm: the dialog says how many appointments change.
    await page.getByRole('button', { name: 'Execute the plan…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Execute the plan?' });
    await dialog.waitFor();
    const changes = summary.totals.affected;
    expect(await dialog.textContent()).toContain(
      `${changes.toLocaleString('en-US')} ${changes === 1 ? 'appointment' : 'appointments'} will change`,
    );
    await page.screenshot({ path: '/tmp/disruption-confirm.png' });
    const executed = page.waitForResponse((r) => r.url().endsWith('/execute'));
    await dialog.getByRole('button', { name: /^Change / }).click();
    expect((await executed).status()).toBe(202);

    // Progress, polled, to the end.
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('progress');
    await page.getByRole('status').filter({ hasText: 'The stoppage is active' }).waitFor();
    const bar = page.getByLabel('Entries of the plan applied');
    expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shoot('progress');

    // The report: its totals the API's, its downloads there.
    const reported = page.waitForResponse((r) => r.url().endsWith('/report') && r.ok());
    await page.getByRole('button', { name: 'See the impact report' }).click();
    const report = (await (await reported).json()) as {
      byStandard: StandardTotals[];
      referrals: { count: number; cost: number };
    };
    await page.getByRole('region', { name: 'Impact per standard' }).waitFor();
    expect(await footerTotals(page, 'Impact per standard')).toEqual(sum(report.byStandard));
    expect(sum(report.byStandard).affected).toBe(summary.totals.affected);
    expect(await page.locator('.referrals').textContent()).toContain(
      `${report.referrals.count.toLocaleString('en-US')} external`,
    );
    for (const what of ['the impact report', 'the notification list']) {
      const href = await page
        .getByRole('link', { name: `Download ${what} as CSV` })
        .getAttribute('href');
      const csv = await page.request.get(`${server.url}${href}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
    }
    await page.getByRole('button', { name: 'End stoppage…' }).waitFor();
    // The chart draws when ECharts has loaded.
    await page.locator('.chart canvas').first().waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shoot('report');

    // A reload keeps the stoppage and the step.
    await page.reload();
    await page.getByRole('region', { name: 'Impact per standard' }).waitFor();
    expect(new URL(page.url()).searchParams.get('step')).toBe('report');
    expect(consoleErrors).toEqual([]);
  });

  it('shows compliance the stoppage, its plan and its report, and no button that changes them', async () => {
    expect(stoppageId).not.toBe('');
    await freshPage();
    await signInAs(page, server.url, 'compliance');
    await page.goto(`${server.url}/app/disruption`);
    await page.getByRole('region', { name: 'Stoppages' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Declare a stoppage' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: WRITE_BUTTONS }).count()).toBe(0);
    await shoot('compliance-list');

    await page.getByRole('link', { name: 'Two clinicians off, next fortnight' }).click();
    await page.getByRole('region', { name: 'Impact per standard' }).waitFor();
    expect(new URL(page.url()).searchParams.get('stoppage')).toBe(stoppageId);
    expect(await page.getByRole('link', { name: /notification list/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: WRITE_BUTTONS }).count()).toBe(0);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await shoot('compliance-report');

    for (const step of ['preview', 'scope']) {
      await page.goto(`${server.url}/app/disruption?stoppage=${stoppageId}&step=${step}`);
      await page
        .getByRole('heading', { level: 2, name: step === 'scope' ? 'Who stops work' : 'The plan' })
        .waitFor();
      const table = page.getByRole('region', {
        name: step === 'scope' ? 'Clinicians in scope' : 'Plan entries',
      });
      await table.locator('tbody tr').first().waitFor();
      expect(await page.getByRole('button', { name: WRITE_BUTTONS }).count()).toBe(0);
      expect(await page.getByRole('checkbox').count()).toBe(0);
    }
    expect(consoleErrors).toEqual([]);
  });
});
