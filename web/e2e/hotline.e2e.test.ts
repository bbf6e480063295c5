/**
 * The hotline page in Chromium against a real server on the small demo network: the
 * hotline account lands on the queue, records a call through the form (its refusal
 * shown first, naming the field), finds the case in the queue, adds a note and resolves
 * it; a compliance officer reads cases without write controls and sees the hotline card
 * on the access overview.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

describe.skipIf(!chromiumAvailable())('the hotline page in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];

  async function freshPage(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      // Chromium logs every 4xx answer: the 401 at load, and the 400 this test asks for.
      expectedErrors: [/status of 40[01]/],
    }));
  }

  it('records a call through the form, finds it in the queue, adds a note and resolves it', async () => {
    await freshPage();
    await signInAs(page, server.url, 'hotline');
    // The hotline's start page is its queue.
    await page.getByRole('heading', { level: 2, name: 'Case queue' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/hotline');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // A member to call about, as the hotline may read them.
    const member = await page.evaluate(async () => {
      const answer = await fetch('/patients?limit=1&sort=memberNumber');
      const { items } = (await answer.json()) as {
        items: { memberNumber: string; name: string }[];
      };
      return items[0]!;
    });

    await page.getByRole('button', { name: 'Record a call' }).click();
    await page.getByRole('heading', { level: 2, name: 'Record a call' }).waitFor();
    await page.getByLabel('Member number or name').fill(member.memberNumber);
    await page.getByRole('button', { name: 'Find member' }).click();
    const found = page.getByRole('radio', { name: new RegExp(member.name) });
    await expect.poll(() => found.isChecked()).toBe(true);
    await page
      .getByLabel('The caller’s account')
      .fill('Was offered a first visit seven weeks away.');
    await page.getByLabel(/serious threat to the member’s health/).check();

    // No category yet: the server's refusal names the field.
    await page.getByRole('button', { name: 'Record the case' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Category: required: one of cannot-get-appointment');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    await page.getByLabel('Category').selectOption({ label: 'Cannot get an appointment' });
    const recorded = page.waitForResponse(
      (r) => r.url().endsWith('/hotline/cases') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Record the case' }).click();
    const answer = await recorded;
    expect(answer.status()).toBe(201);
    const { id } = (await answer.json()) as { id: string };
    // The new case's page: the member, urgent, with its 72-hour clock running.
    await page.getByRole('heading', { level: 2, name: new RegExp(member.name) }).waitFor();
    await expect.poll(() => page.locator('.case-facts').textContent()).toContain('72 hours');
    expect(await page.locator('.case-facts').textContent()).toMatch(/2 d 23 h left|3 d left/);

    // In the queue: urgent, with its time left, ahead of the cases with more time.
    await page.getByRole('link', { name: '← Back to the queue' }).click();
    const queue = page.getByRole('region', { name: 'Case queue' });
    const row = queue.locator('tbody tr', { hasText: member.name }).first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/left.*urgent/);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // Open it, add a note, and resolve it.
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: new RegExp(member.name) }).waitFor();
    expect(new URL(page.url()).searchParams.get('case')).toMatch(new RegExp(`/${id}$`));
    await page.getByLabel('New note').fill('Called the member back; offered an earlier slot.');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await expect
      .poll(() => page.locator('.notes').textContent())
      .toContain('Called the member back; offered an earlier slot.');
    await page.getByRole('button', { name: 'Start investigating' }).click();
    await page.getByLabel('Resolution code').waitFor();
    await page.getByLabel('Resolution code').selectOption({ label: 'Appointment booked' });
    await page.getByRole('button', { name: 'Resolve the case' }).click();
    await expect
      .poll(() => page.locator('.case-facts').textContent())
      .toContain('Resolved · Appointment booked');
    expect(await page.locator('.case-facts').textContent()).toContain('settled in time');
    expect(await page.locator('.history').textContent()).toContain('Resolved: Appointment booked');
    expect(await page.getByRole('button', { name: 'Reopen' }).isVisible()).toBe(true);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('lets compliance read the cases without write controls, and shows the card on the overview', async () => {
    await freshPage();
    await signInAs(page, server.url, 'compliance');
    await page.getByRole('heading', { level: 2, name: 'Hotline cases' }).waitFor();
    await page.locator('#hotline .stats').waitFor();
    expect(await page.locator('#hotline .stats').textContent()).toMatch(/Open now\d+/);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link', { name: 'Hotline' })
      .click();
    await page.getByRole('heading', { level: 2, name: 'Case queue' }).waitFor();
    expect(await page.getByRole('button', { name: 'Record a call' }).count()).toBe(0);
    // Every case, settled ones too (the demo's older cases are resolved).
    await page.getByLabel('Status').selectOption({ label: 'All' });
    const queue = page.getByRole('region', { name: 'Case queue' });
    await queue.locator('tbody tr').first().waitFor();
    await queue.locator('tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { level: 3, name: 'The case' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Work the case' }).count()).toBe(0);
    expect(await page.getByLabel('New note').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
