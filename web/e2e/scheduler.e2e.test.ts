/**
 * The scheduler page in Chromium against a real server on the small demo network: a
 * request booked from the engine's options (deadline and met shown before confirming)
 * appears on the clinician's week; a 409 offers the next options to pick again; a role
 * without booking rights is not given the page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

describe.skipIf(!chromiumAvailable())('the scheduler page in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];

  async function freshPage(): Promise<void> {
    ({ page, consoleErrors } = await browser.freshPage({
      // Chromium logs every 4xx answer: the 401 at load, and the 409 this test asks for.
      expectedErrors: [/status of 40[19]/],
    }));
  }

  /** Picks the first patient of the first center and asks for the engine's options. */
  async function findOptions(): Promise<void> {
    await page.goto(`${server.url}/app/scheduler`);
    await page.getByRole('heading', { level: 1, name: 'Scheduler' }).waitFor();
    const patient = page.getByLabel('Patient');
    await expect.poll(() => patient.locator('option').count()).toBeGreaterThan(1);
    await patient.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Find options' }).click();
    await page.getByRole('radio').first().waitFor();
  }

  it('books a request from the options and shows it on the clinician’s week', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    await findOptions();
    // The deadline and whether each option meets it are on screen before confirming.
    await expect.poll(() => page.locator('.options h3').textContent()).toContain('deadline');
    expect(await page.locator('.options tbody tr').first().textContent()).toMatch(
      /(Meets|Misses) the deadline/,
    );
    expect(await page.getByRole('radio').first().isChecked()).toBe(true);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // Keyboard: the picked option is confirmed with Enter.
    await page.getByRole('radio').first().focus();
    const booked = page.waitForResponse(
      (r) => r.url().endsWith('/appointments') && r.request().method() === 'POST',
    );
    await page.keyboard.press('Enter');
    const answer = await booked;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[\x21-\x7e]+$/);
    const { appointment } = (await answer.json()) as {
      appointment: { patientId: string; clinicianId: string };
    };
    await expect.poll(() => page.locator('.result').textContent()).toContain('Booked');

    // The week view moved to the booked clinician and shows the appointment.
    await expect
      .poll(() => page.locator('.slot-booked').allTextContents())
      .toContainEqual(expect.stringContaining(`patient ${appointment.patientId}`));
    await expect
      .poll(() => page.getByLabel('Clinician').inputValue())
      .toBe(appointment.clinicianId);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('works the request queue: earliest deadline first, a request booked from it leaves it', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    const queueAnswer = page.waitForResponse((r) => r.url().includes('/requests?'));
    await page.goto(`${server.url}/app/scheduler`);
    const queued = (await (await queueAnswer).json()) as {
      items: {
        id: string;
        deadline: string;
        extensionDeadline: string | null;
        patient: { name: string };
      }[];
    };
    expect(queued.items.length).toBeGreaterThan(0);
    const deadlines = queued.items.map((r) => Date.parse(r.extensionDeadline ?? r.deadline));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    const queue = page.getByRole('region', { name: 'Request queue' });
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(queued.items.length);
    expect(await queue.locator('tbody tr').first().textContent()).toContain(
      queued.items[0]!.patient.name,
    );
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // The requests not yet offered anything: the demo leaves yesterday's for a person.
    const openAnswer = page.waitForResponse((r) => r.url().includes('status=open'));
    await page.getByLabel('Status').selectOption('open');
    const open = (await (await openAnswer).json()) as typeof queued;
    expect(open.items.length).toBeGreaterThan(0);
    const first = open.items[0]!;
    await expect
      .poll(() => queue.locator('tbody tr').first().textContent())
      .toContain(first.patient.name);

    await page
      .getByRole('button', { name: `Options for ${first.patient.name}` })
      .first()
      .click();
    await page.getByRole('radio').first().waitFor();
    await expect
      .poll(() => page.locator('.options h3').textContent())
      .toContain(`Options for ${first.patient.name}`);
    expect(await page.locator('.options tbody tr').first().textContent()).toMatch(
      /(Meets|Misses) the deadline/,
    );
    const booked = page.waitForResponse(
      (r) => r.url().endsWith(`/${first.id}/book`) && r.request().method() === 'POST',
    );
    const reread = page.waitForResponse((r) => r.url().includes('/requests?'));
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    const answer = await booked;
    expect(answer.status()).toBe(201);
    const { appointment } = (await answer.json()) as {
      appointment: { patientId: string; clinicianId: string };
    };
    await expect.poll(() => page.locator('.result').textContent()).toContain('Booked');
    const after = (await (await reread).json()) as { items: { id: string }[] };
    expect(after.items.map((r) => r.id)).not.toContain(first.id);
    // The week view moved to the booked clinician and shows the appointment.
    await expect
      .poll(() => page.locator('.slot-booked').allTextContents())
      .toContainEqual(expect.stringContaining(`patient ${appointment.patientId}`));
    expect(consoleErrors).toEqual([]);
  });

  it('shows the next options after a 409 and lets the scheduler pick again', async () => {
    await freshPage();
    await signInAs(page, server.url, 'scheduler');
    const availability = page.waitForResponse((r) => r.url().includes('/availability?'));
    await findOptions();
    const { options } = (await (await availability).json()) as { options: unknown[] };
    expect(options.length).toBeGreaterThan(1);
    let conflicts = 1;
    await page.route('**/appointments', (route) => {
      if (route.request().method() !== 'POST' || conflicts-- <= 0) return route.continue();
      return route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'https://timely.example/problems/slot-taken',
          title: 'Slot taken',
          status: 409,
          detail: 'that time was booked a moment ago',
          reason: 'slot-taken',
          nextOptions: options.slice(1),
        }),
      });
    });
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect
      .poll(() => page.locator('.options .notice').textContent())
      .toBe('That time was booked a moment ago. Pick one of the next options.');
    await expect.poll(() => page.getByRole('radio').count()).toBe(options.length - 1);
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await expect.poll(() => page.locator('.result').textContent()).toContain('Booked');
    expect(consoleErrors).toEqual([]);
  });

  it('does not give the page to a role that may not book', async () => {
    await freshPage();
    await signInAs(page, server.url, 'clinician');
    const menu = await page
      .getByRole('navigation', { name: 'Main menu' })
      .getByRole('link')
      .allTextContents();
    expect(menu).not.toContain('Scheduler');
    await page.goto(`${server.url}/app/scheduler`);
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    expect(await page.locator('form').count()).toBe(0);
  });
});
