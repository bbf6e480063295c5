/**
 * `npm run screenshots`: the web app's main pages as PNGs in docs/screenshots/, taken
 * from the real app on the small demo network (a throw-away database) in Chromium, at
 * 1280 × 800. The README shows them.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM,
  chromiumAvailable,
  launchChromium,
  signInAs,
  startDemoServer,
} from '../e2e/harness.ts';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

if (!chromiumAvailable()) {
  console.error(`screenshots: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  process.exit(2);
}
await mkdir(OUT, { recursive: true });
const server = await startDemoServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shoot = async (name: string) => {
    await page.screenshot({ path: `${OUT}${name}.png` });
    process.stdout.write(`screenshots: docs/screenshots/${name}.png\n`);
  };

  await page.goto(`${server.url}/app/sign-in`);
  await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
  await shoot('sign-in');

  // The overview: every card drawn, the whole dashboard (it runs below the fold).
  await signInAs(page, server.url, 'compliance');
  for (const card of ['#waiting', '#wait-times', '#weekly', '#compliance-grid']) {
    await page.locator(`${card} .chart canvas`).first().waitFor();
  }
  await page.screenshot({ path: `${OUT}overview.png`, fullPage: true });
  process.stdout.write('screenshots: docs/screenshots/overview.png\n');

  await page.goto(`${server.url}/app/clinicians`);
  await page.locator('tbody tr').first().waitFor();
  await shoot('clinicians');

  // The scheduler: the request queue, the engine's options for a new request, and a
  // queued request booked onto a clinician's week.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
  await signInAs(page, server.url, 'scheduler');
  await page.goto(`${server.url}/app/scheduler`);
  await page.locator('.week .slot').first().waitFor();
  await page.locator('#queue-heading').scrollIntoViewIfNeeded();
  await page.getByRole('region', { name: 'Request queue' }).locator('tbody tr').first().waitFor();
  await shoot('scheduler-queue');
  await page.getByLabel('Patient').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Find options' }).click();
  await page.getByRole('radio').first().waitFor();
  await page.locator('.options').scrollIntoViewIfNeeded();
  await shoot('scheduler');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const openQueue = page.waitForResponse((r) => r.url().includes('status=open'));
  await page.getByLabel('Status').selectOption('open');
  await openQueue;
  await page.waitForLoadState('networkidle');
  const queued = page.getByRole('region', { name: 'Request queue' }).locator('tbody tr');
  await queued.first().getByRole('button').click();
  await page.getByRole('radio').first().waitFor();
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await page.locator('.result').waitFor();
  await page.locator('#week-heading').scrollIntoViewIfNeeded();
  await page.locator('.slot-booked').first().waitFor();
  await shoot('scheduler-week');

  // The simulator: a year of the baseline against a four-week strike, run in the
  // browser's worker (about 15 s each) and compared side by side.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
  await signInAs(page, server.url, 'planner');
  await page.goto(`${server.url}/app/simulator`);
  for (const [example, run] of [
    ['baseline.yaml', 'Finished 1.'],
    ['strike-4-weeks.yaml', 'Finished 2.'],
  ] as const) {
    await page.getByLabel('Start from an example').selectOption(example);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.run-outcome', { hasText: run }).waitFor({ timeout: 180_000 });
  }
  await page.locator('.chart canvas').waitFor();
  // The whole comparison: the summary table runs below the fold.
  await page.screenshot({ path: `${OUT}simulator.png`, fullPage: true });
  process.stdout.write('screenshots: docs/screenshots/simulator.png\n');
} finally {
  await browser.close();
  await server.close();
}
