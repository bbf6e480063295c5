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

  await signInAs(page, server.url, 'compliance');
  await page.locator('.chart canvas').waitFor();
  await page.getByRole('button', { name: 'Show the numbers' }).click();
  await page.locator('#weekly-table tbody tr').first().waitFor();
  await shoot('overview');

  await page.goto(`${server.url}/app/clinicians`);
  await page.locator('tbody tr').first().waitFor();
  await shoot('clinicians');

  // The scheduler: the engine's options for a request, and a clinician's week.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Timely' }).waitFor();
  await signInAs(page, server.url, 'scheduler');
  await page.goto(`${server.url}/app/scheduler`);
  await page.locator('.week .slot').first().waitFor();
  await page.getByLabel('Patient').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Find options' }).click();
  await page.getByRole('radio').first().waitFor();
  await shoot('scheduler');
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  await page.locator('.result').waitFor();
  await page.locator('#week-heading').scrollIntoViewIfNeeded();
  await page.locator('.slot-booked').first().waitFor();
  await shoot('scheduler-week');
} finally {
  await browser.close();
  await server.close();
}
