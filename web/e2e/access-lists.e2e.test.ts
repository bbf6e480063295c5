/**
 * The at-risk and breach lists in Chromium against a real server on the small demo
 * network: a scheduler opens At risk, asks the engine for a row's options and books it
 * (the row leaves the list); opens Breaches and filters by cause (the rows, the address
 * and the CSV link follow); a compliance officer reads At risk without being offered to
 * book.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

interface ListAnswer {
  items: { centerId: string; id: string; status: string; deadline: string; cause?: string }[];
  nextCursor: string | null;
  totals?: Record<string, number>;
}

describe.skipIf(!chromiumAvailable())('the at-risk and breach lists in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];

  async function freshPage(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      expectedErrors: [/status of 401 \(Unauthorized\)/],
    }));
  }

  const listAnswer = (path: string, extra = '') =>
    page.waitForResponse(
      (r) => r.url().includes(`/access/${path}?`) && r.url().includes(extra) && r.ok(),
    );

  it('books an at-risk request from the engine’s options, and it leaves the list', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    const menu = await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link')
      .allTextContents();
    expect(menu).toEqual(expect.arrayContaining(['At risk', 'Breaches']));

    // 30 business days: the demo's queued requests (yesterday's) are all within it.
    const first = listAnswer('at-risk', 'days=30');
    await page.goto(`${server.url}/app/at-risk?days=30`);
    await page.getByRole('heading', { level: 1, name: 'At risk' }).waitFor();
    const listed = (await (await first).json()) as ListAnswer;
    expect(listed.items.length).toBeGreaterThan(0);
    const deadlines = listed.items.map((r) => Date.parse(r.deadline));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    const table = page.getByRole('region', { name: 'Requests at risk' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(listed.items.length);
    expect(await page.getByLabel('Deadline within').inputValue()).toBe('30');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // Overdue requests come first, most of them waitlisted (nothing fitted). The first one
    // still open (the demo leaves yesterday's for a person to book) is pages further on.
    const every = await page.request.get(`${server.url}/access/at-risk?days=30&limit=200`);
    const rows = ((await every.json()) as ListAnswer).items;
    const index = rows.findIndex((r) => r.status === 'open');
    expect(index).toBeGreaterThanOrEqual(0);
    const row = rows[index]!;
    for (let page_ = 0; page_ < Math.floor(index / 25); page_++) {
      const next = listAnswer('at-risk', 'cursor=');
      await page.getByRole('button', { name: 'Next page' }).click();
      await next;
    }
    await page.getByRole('button', { name: `Options for request ${row.id}` }).click();
    await page.getByRole('radio').first().waitFor();
    await expect
      .poll(() => page.locator('.options h3').textContent())
      .toContain(`Options for request ${row.id}`);
    expect(await page.locator('.options tbody tr').first().textContent()).toMatch(
      /(Meets|Misses) the deadline/,
    );
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    const booked = page.waitForResponse((r) =>
      r.url().endsWith(`/requests/${row.centerId}/${row.id}/book`),
    );
    const reread = listAnswer('at-risk', 'days=30');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    const answer = await booked;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[\x21-\x7e]+$/);
    await expect.poll(() => page.locator('.result').textContent()).toContain('Booked');
    const after = (await (await reread).json()) as ListAnswer;
    expect(after.items.map((r) => r.id)).not.toContain(row.id);
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: `Options for request ${row.id}` }).count())
      .toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('filters the breaches by cause: the rows, the address and the CSV link follow', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    const all = listAnswer('breaches');
    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Breaches' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Breaches' }).waitFor();
    const everything = (await (await all).json()) as ListAnswer;
    const totals = everything.totals ?? {};
    expect(totals.all).toBeGreaterThan(0);
    expect(totals['no-capacity']).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.cause-totals h2').textContent())
      .toContain(`${totals.all} requests not seen by the deadline`);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    const filtered = listAnswer('breaches', 'cause=no-capacity');
    await page.getByLabel('Cause').selectOption('no-capacity');
    const noCapacity = (await (await filtered).json()) as ListAnswer;
    expect(noCapacity.items.length).toBeGreaterThan(0);
    expect(noCapacity.items.every((r) => r.cause === 'no-capacity')).toBe(true);
    expect(new URL(page.url()).searchParams.get('cause')).toBe('no-capacity');
    const table = page.getByRole('region', { name: 'Breaches' });
    await expect
      .poll(async () => new Set(await table.locator('tbody tr td:nth-child(2)').allTextContents()))
      .toEqual(new Set(['No capacity']));
    await expect.poll(() => table.locator('tbody tr').count()).toBe(noCapacity.items.length);

    // The download carries the filter: every no-capacity row, one line each.
    const href = await page
      .getByRole('link', { name: 'Download the breach list as CSV' })
      .getAttribute('href');
    expect(href).toBe('/access/breaches?cause=no-capacity&format=csv');
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'centerId,id,type,standard,status,clockStart,deadline,standardDeadline,extensionDeadline,cause,firstVisit',
    );
    expect(lines.length - 1).toBe(totals['no-capacity']);
    expect(consoleErrors).toEqual([]);
  });

  it('shows compliance the list without the booking buttons', async () => {
    await freshPage();
    await signInAs(page, server.url, 'compliance');
    const first = listAnswer('at-risk', 'days=30');
    await page.goto(`${server.url}/app/at-risk?days=30`);
    const listed = (await (await first).json()) as ListAnswer;
    const table = page.getByRole('region', { name: 'Requests at risk' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(listed.items.length);
    expect(await page.getByRole('button', { name: /^Options for/ }).count()).toBe(0);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
