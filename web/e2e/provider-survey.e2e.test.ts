/**
 * The regulator's rate of compliance on the access overview, in Chromium against a real
 * server on the small demo network: the card computes its weeks on first sight (the
 * server surveys them in the background while the card waits), then draws each center's
 * rates against the 70% line, names the centers under it, and has the same numbers as
 * `GET /access/provider-survey` one click away.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  seriousAccessibilityProblems,
  setUpBrowserTests,
  signInAs,
} from './harness.ts';

interface Tally {
  surveyed: number;
  urgentRate: number | null;
  nonUrgentRate: number | null;
  belowThreshold: boolean;
}
interface Survey {
  computing: boolean;
  threshold: number;
  centers: { id: string; name: string }[];
  surveys: { weekStart: string; network: Tally; centers: (Tally & { center: string })[] }[];
}

const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

describe.skipIf(!chromiumAvailable())('the provider survey card in Chromium', () => {
  const browser = setUpBrowserTests();
  const { server } = browser;
  let page: Page;
  let consoleErrors: string[];

  it('shows each center against the 70% line, the centers under it, and its numbers', async () => {
    ({ page, consoleErrors } = await browser.freshPage({ expectedErrors: [/status of 401/] }));
    await signInAs(page, server.url, 'regulator');
    await page.goto(`${server.url}/app/overview`);
    const card = page.locator('#provider-survey');
    await card.getByRole('heading', { name: "Providers' next available appointments" }).waitFor();
    // The weeks are surveyed in the background; the card asks again until they are in.
    await card.locator('.chart canvas').waitFor({ timeout: 90_000 });
    expect(await card.locator('.chart-note').textContent()).toContain(
      'Dashed line: 70%, under which a network owes the regulator a corrective action plan',
    );

    const api = await page.evaluate(async () => {
      const answer = await fetch('/access/provider-survey?weeks=13');
      return (await answer.json()) as Survey;
    });
    expect(api.computing).toBe(false);
    expect(api.threshold).toBe(0.7);
    const latest = api.surveys.at(-1)!;
    expect(latest.network.surveyed).toBeGreaterThan(0);
    const stats = card.locator('.stats');
    expect(await stats.textContent()).toContain(PERCENT.format(latest.network.urgentRate!));
    expect(await stats.textContent()).toContain(String(latest.network.surveyed));

    // The call-out names exactly the centers under the line, or says there are none.
    const under = latest.centers.filter((c) => c.belowThreshold);
    const note = await card.getByRole('note').textContent();
    if (under.length === 0) {
      expect(note).toContain('Every center is at or above the 70% line');
    } else {
      expect(note).toContain('Under the 70% line — a corrective action plan is due');
      for (const c of under) {
        expect(note).toContain(api.centers.find((x) => x.id === c.center)!.name);
      }
    }

    await card.getByRole('button', { name: 'Show the numbers' }).click();
    const table = card.getByRole('table');
    await table.waitFor();
    const network = table.getByRole('row', { name: /Whole network/ });
    expect(await network.textContent()).toContain(PERCENT.format(latest.network.nonUrgentRate!));
    // One row per center and provider type, and the network's.
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(latest.centers.length);

    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 150_000);
});
