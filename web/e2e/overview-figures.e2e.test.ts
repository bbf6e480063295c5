/**
 * "Figures are right by construction" (issue 8): a small network built by hand in a
 * throw-away PGlite database, its figures for one medical center and one week counted by
 * hand below, and the same numbers read back three ways — the API's JSON, the CSV the
 * overview's "Download CSV" link fetches, and the "Show the numbers" tables of the
 * overview in Chromium, for the whole network and for the center's drill-down.
 *
 * The rows are placed relative to this week's Monday (the server judges as of the real
 * clock): the counted week is last week, whose deadlines have all passed but one set
 * far ahead, so the counts are the same whatever day the test runs.
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/auth/accounts.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { openTempPglite, type TestDatabase } from '../../src/db/test-databases.ts';
import { buildServer, type TimelyServer } from '../../src/server/app.ts';
import { weekWindow } from '../../src/server/routes/access-window.ts';
import {
  CHROMIUM,
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  seriousAccessibilityProblems,
} from './harness.ts';

const available = chromiumAvailable();
if (!available) {
  console.warn(`overview figures browser test SKIPPED: no Chromium at ${CHROMIUM}`);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const THERAPY = 'nonurgent-nonphysician-mh';
const FOLLOWUP = 'followup-nonphysician-mh';
const ACCOUNT = 'figures-officer';
const PASSWORD = 'a long enough passphrase for the test';

type Status = 'open' | 'booked' | 'referred' | 'waitlisted' | 'cancelled';

/**
 * The hand count, North Valley, last week (n1–n9 below):
 * - therapy intakes: n1 met, n2 seen after its deadline (missed), n3 referred out,
 *   n4 deadline still ahead (pending); n9 cancelled, not counted;
 * - follow-ups: n5 met by their own clinician, n6 met by another clinician, n7 still
 *   waitlisted past its deadline (missed) — those three named their own clinician;
 *   n8 met, but named no clinician of their own, so it is no continuity question.
 */
const NORTH = {
  requests: 8,
  met: 4, // n1, n5, n6, n8
  referred: 1, // n3
  missed: 2, // n2, n7
  pending: 1, // n4
  judged: 7,
  compliance: '57.1%', // 4 of 7 judged
  followups: 3, // n5, n6, n7
  kept: 1, // n5
  continuity: '33.3%',
};
/** South Bay adds s1 met, s2 a follow-up met by its own clinician, s3 missed. */
const NETWORK = {
  requests: 11,
  met: 6,
  referred: 1,
  missed: 3,
  pending: 1,
  judged: 10,
  compliance: '60%',
  followups: 4,
  kept: 2,
  continuity: '50%',
};

describe.skipIf(!available)(
  "the overview's figures: API, CSV and page against a hand count",
  () => {
    let database: TestDatabase;
    let db: Kysely<Database>;
    let app: TimelyServer;
    let url: string;
    let browser: Browser;
    const now = new Date();
    const window = weekWindow(now, 13);
    const lastMonday = window.starts[11] as Date;
    const week = window.mondays[11] as string;
    const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
    /** Last week's Monday 01:00; deadlines on its Thursday 00:00 (all passed). */
    const clock = at(lastMonday, HOUR);
    const deadline = at(lastMonday, 3 * DAY);
    /** A time on last week's `day`th day (0: Monday) at `hour` (UTC), for a visit. */
    const visit = (day: number, hour: number) => at(lastMonday, day * DAY + hour * HOUR);

    beforeAll(async () => {
      await ensureWebBuilt();
      database = await openTempPglite();
      db = database.db;
      await migrateToLatest(db);
      await db
        .insertInto('medical_centers')
        .values([
          { id: 'north', name: 'North Valley' },
          { id: 'south', name: 'South Bay' },
        ])
        .execute();
      const clinician = (center_id: string, id: string, discipline: string) => ({
        center_id,
        id,
        name: `Clinician ${id}`,
        discipline,
        modalities: ['in-person' as const, 'video' as const],
      });
      await db
        .insertInto('clinicians')
        .values([
          clinician('north', 'n-psy', 'psychologist'),
          clinician('north', 'n-lcsw', 'lcsw'),
          clinician('south', 's-psy', 'psychologist'),
        ])
        .execute();
      await db
        .insertInto('patients')
        .values([
          { center_id: 'north', id: 'p-n', member_number: 'M-N', name: 'North Member' },
          { center_id: 'south', id: 'p-s', member_number: 'M-S', name: 'South Member' },
        ])
        .execute();
      const request = (
        id: string,
        center: 'north' | 'south',
        standard: string,
        status: Status,
        options: { due?: Date; prior?: string; language?: string } = {},
      ) => ({
        center_id: center,
        id,
        patient_id: center === 'north' ? 'p-n' : 'p-s',
        type: standard === FOLLOWUP ? ('followup' as const) : ('routine-intake' as const),
        standard,
        clock_start: clock,
        deadline: options.due ?? deadline,
        status,
        prior_clinician_id: options.prior ?? null,
        language: options.language ?? 'en',
      });
      const es = { language: 'es' };
      await db
        .insertInto('requests')
        .values([
          request('n1', 'north', THERAPY, 'booked'),
          request('n2', 'north', THERAPY, 'booked'),
          request('n3', 'north', THERAPY, 'referred'),
          request('n4', 'north', THERAPY, 'open', { due: at(now, 10 * DAY) }),
          request('n5', 'north', FOLLOWUP, 'booked', { ...es, prior: 'n-psy' }),
          request('n6', 'north', FOLLOWUP, 'booked', { ...es, prior: 'n-psy' }),
          request('n7', 'north', FOLLOWUP, 'waitlisted', { ...es, prior: 'n-lcsw' }),
          request('n8', 'north', FOLLOWUP, 'booked', es),
          request('n9', 'north', THERAPY, 'cancelled'),
          request('s1', 'south', THERAPY, 'booked'),
          request('s2', 'south', FOLLOWUP, 'booked', { prior: 's-psy' }),
          request('s3', 'south', THERAPY, 'waitlisted'),
        ])
        .execute();
      const appointment = (
        requestId: string,
        center: 'north' | 'south',
        clinicianId: string,
        starts: Date,
        kind: 'intake' | 'followup' = 'intake',
      ) => ({
        center_id: center,
        id: `a-${requestId}`,
        clinician_id: clinicianId,
        patient_center_id: center,
        patient_id: center === 'north' ? 'p-n' : 'p-s',
        request_id: requestId,
        starts_at: starts,
        ends_at: at(starts, HOUR),
        modality: 'video' as const,
        kind,
        status: 'completed' as const,
      });
      await db
        .insertInto('appointments')
        .values([
          appointment('n1', 'north', 'n-psy', visit(1, 17)),
          appointment('n2', 'north', 'n-psy', visit(5, 17)), // after Thursday: late
          appointment('n5', 'north', 'n-psy', visit(1, 19), 'followup'),
          appointment('n6', 'north', 'n-lcsw', visit(2, 17), 'followup'), // not their own
          appointment('n8', 'north', 'n-psy', visit(2, 19), 'followup'),
          appointment('s1', 'south', 's-psy', visit(1, 17)),
          appointment('s2', 'south', 's-psy', visit(2, 17), 'followup'),
        ])
        .execute();
      await createAccount(db, { name: ACCOUNT, role: 'compliance', password: PASSWORD });
      app = buildServer({
        db,
        logger: { level: 'silent' },
        security: { secureCookies: false, signInsPerMinute: 1000 },
      });
      url = await app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await database?.dispose();
    });

    async function signedIn(): Promise<{ page: Page; errors: string[] }> {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        // Before signing in, GET /auth/me answers 401: that only means "not signed in yet".
        if (message.type() === 'error' && !/status of 401/.test(message.text()))
          errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${url}/app/sign-in`);
      await page.getByLabel('Account name').fill(ACCOUNT);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Access overview' }).waitFor();
      return { page, errors };
    }

    /** A card's "Show the numbers" table, its rows' cells as text (row header first). */
    async function numbers(page: Page, card: string): Promise<string[][]> {
      // The toggle appears once the card's data is in; wait for it rather than race it.
      const toggle = page.locator(card).getByRole('button', { name: /the numbers$/ });
      await toggle.waitFor();
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      const rows = page.locator(`${card}-table tbody tr`);
      await rows.first().waitFor();
      return rows.evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')),
      );
    }

    /** The CSV the grid card's "Download CSV" link fetches, as lines. */
    async function downloadCsv(page: Page): Promise<{ name: string; lines: string[] }> {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#compliance-grid').getByRole('link', { name: 'Download CSV' }).click(),
      ]);
      const text = await readFile(await download.path(), 'utf8');
      return { name: download.suggestedFilename(), lines: text.trim().split(/\r?\n/) };
    }

    const row = (rows: string[][], name: string) => {
      const found = rows.find(([first]) => first === name);
      if (!found) throw new Error(`no row "${name}" in ${JSON.stringify(rows.map((r) => r[0]))}`);
      return found;
    };
    /** The grid table's cell for last week: 12th of the 13 weeks, after the row's name. */
    const lastWeekCell = (cells: string[]) => cells[1 + 11];
    /** The weekly table's row for last week, as its columns name them. */
    const weeklyFigures = (cells: string[]) => ({
      requests: Number(cells[1]),
      met: Number(cells[2]),
      referred: Number(cells[3]),
      missed: Number(cells[4]),
      pending: Number(cells[5]),
      onTime: cells[6],
    });
    const CSV_HEADER =
      'week_start,standard,group,group_name,requests,met,referred,missed,pending,judged,compliance,followups,continuity_kept';

    it('the API answers the hand count for North Valley last week, and for the network', async () => {
      const { page } = await signedIn();
      const read = async (path: string) => {
        const response = await page.request.get(`${url}${path}`);
        expect(response.status(), path).toBe(200);
        return (await response.json()) as {
          center: string | null;
          rows: Record<string, number | string | null>[];
        };
      };
      const sum = (rows: Record<string, number | string | null>[]) => {
        const total = (field: string) =>
          rows.filter((r) => r.weekStart === week).reduce((s, r) => s + Number(r[field]), 0);
        return {
          requests: total('requests'),
          met: total('met'),
          referred: total('referred'),
          missed: total('missed'),
          pending: total('pending'),
          judged: total('judged'),
          followups: total('followups'),
          kept: total('continuityKept'),
        };
      };
      const { compliance: _c, continuity: _k, ...northCounts } = NORTH;
      const { compliance: _n, continuity: _m, ...networkCounts } = NETWORK;

      const north = await read('/access/compliance?by=center&center=north&weeks=13');
      expect(north.center).toBe('north');
      expect(sum(north.rows)).toEqual(northCounts);
      expect(new Set(north.rows.map((r) => r.group))).toEqual(new Set(['north']));
      // Every grouping adds up to the same center figures.
      for (const by of ['discipline', 'language', 'type']) {
        expect(sum((await read(`/access/compliance?by=${by}&center=north&weeks=13`)).rows)).toEqual(
          northCounts,
        );
      }
      expect(sum((await read('/access/compliance?by=center&weeks=13')).rows)).toEqual(
        networkCounts,
      );
      const weekly = await read('/access/requests-by-week?weeks=13&center=north');
      const weeks = (weekly as unknown as { weeks: Record<string, number | string>[] }).weeks;
      const mine = weeks.filter((r) => r.weekStart === week);
      expect(mine.reduce((s, r) => s + Number(r.requests), 0)).toBe(NORTH.requests);
      expect(mine.reduce((s, r) => s + Number(r.met), 0)).toBe(NORTH.met);
      expect(mine.reduce((s, r) => s + Number(r.pending), 0)).toBe(NORTH.pending);
    });

    it('the network page: its CSV and its tables carry the same figures', async () => {
      const { page, errors } = await signedIn();
      await page.locator('#compliance-grid .chart canvas').first().waitFor();

      // The CSV: North Valley's two standards last week, line for line.
      const csv = await downloadCsv(page);
      expect(csv.name).toBe('compliance-by-center.csv');
      expect(csv.lines[0]).toBe(CSV_HEADER);
      expect(
        csv.lines.filter((line) => line.startsWith(`${week},`) && line.includes(',north,')),
      ).toEqual([
        `${week},${FOLLOWUP},north,North Valley,4,3,0,1,0,4,0.75,3,1`,
        `${week},${THERAPY},north,North Valley,4,1,1,1,1,3,${1 / 3},0,0`,
      ]);

      // The grid's table: met of judged, and the share, for the center and the network.
      const grid = await numbers(page, '#compliance-grid');
      expect(lastWeekCell(row(grid, 'North Valley'))).toBe(
        `${NORTH.compliance}${NORTH.met}/${NORTH.judged}`,
      );
      expect(lastWeekCell(row(grid, 'Whole network'))).toBe(
        `${NETWORK.compliance}${NETWORK.met}/${NETWORK.judged}`,
      );

      // The weekly outcomes and the continuity of the network.
      const weekly = await numbers(page, '#weekly');
      expect(weeklyFigures(row(weekly, week))).toEqual({
        requests: NETWORK.requests,
        met: NETWORK.met,
        referred: NETWORK.referred,
        missed: NETWORK.missed,
        pending: NETWORK.pending,
        onTime: NETWORK.compliance,
      });
      const continuity = await numbers(page, '#continuity');
      expect(row(continuity, week).slice(1)).toEqual([
        `${NETWORK.followups}`,
        `${NETWORK.kept}`,
        NETWORK.continuity,
      ]);

      // A click on a center's row of the chart (here its label) opens that center too. The
      // rows run Whole network, North Valley, South Bay from the top, between the plot's
      // 8 px top margin and its 28 px for the week axis.
      const chart = page.locator('#compliance-grid .chart');
      await chart.scrollIntoViewIfNeeded();
      const box = await chart.boundingBox();
      if (!box) throw new Error('the grid chart has no box');
      const rowHeight = (box.height - 8 - 28) / 3;
      await page.mouse.click(box.x + 30, box.y + 8 + 2.5 * rowHeight);
      await expect.poll(() => new URL(page.url()).search).toBe('?center=south');
      await page.getByRole('heading', { level: 1, name: 'Access overview: South Bay' }).waitFor();
      expect(errors).toEqual([]);
    });

    it("North Valley's drill-down, opened from the grid: the same figures, by discipline and language", async () => {
      const { page, errors } = await signedIn();
      await numbers(page, '#compliance-grid');
      await page
        .locator('#compliance-grid-table')
        .getByRole('link', { name: 'North Valley' })
        .click();
      await expect.poll(() => new URL(page.url()).search).toBe('?center=north');
      await page
        .getByRole('heading', { level: 1, name: 'Access overview: North Valley' })
        .waitFor();
      await page.locator('#compliance-grid .chart canvas').first().waitFor();

      // Inside a center: disciplines, languages and types, but no grouping by center.
      const grouping = page.locator('#compliance-grid .segmented label');
      expect(await grouping.allTextContents()).toEqual(['Discipline', 'Language', 'Request type']);

      // The CSV of the drill-down: by discipline, North Valley only.
      const csv = await downloadCsv(page);
      expect(csv.name).toBe('compliance-by-discipline-north.csv');
      expect(csv.lines.filter((line) => line.startsWith(`${week},`)).sort()).toEqual(
        [
          // n5 (kept) and n8 (no clinician of their own) with the psychologist.
          `${week},${FOLLOWUP},psychologist,psychologist,2,2,0,0,0,2,1,1,1`,
          // n6 seen by the social worker, not the psychologist they named.
          `${week},${FOLLOWUP},lcsw,lcsw,1,1,0,0,0,1,1,1,0`,
          // n7 never seen: the discipline it asked for (none), unassigned.
          `${week},${FOLLOWUP},unassigned,unassigned,1,0,0,1,0,1,0,1,0`,
          `${week},${THERAPY},psychologist,psychologist,2,1,0,1,0,2,0.5,0,0`,
          `${week},${THERAPY},unassigned,unassigned,2,0,1,0,1,1,0,0,0`,
        ].sort(),
      );

      const grid = await numbers(page, '#compliance-grid');
      expect(lastWeekCell(row(grid, 'All of North Valley'))).toBe(
        `${NORTH.compliance}${NORTH.met}/${NORTH.judged}`,
      );
      expect(lastWeekCell(row(grid, 'Psychologist'))).toBe('75%3/4');

      const weekly = await numbers(page, '#weekly');
      expect(weeklyFigures(row(weekly, week))).toEqual({
        requests: NORTH.requests,
        met: NORTH.met,
        referred: NORTH.referred,
        missed: NORTH.missed,
        pending: NORTH.pending,
        onTime: NORTH.compliance,
      });
      const continuity = await numbers(page, '#continuity');
      expect(row(continuity, week).slice(1)).toEqual([
        `${NORTH.followups}`,
        `${NORTH.kept}`,
        NORTH.continuity,
      ]);

      // By language: the follow-ups were in Spanish (3 of 4 met), the intakes in English.
      await page.locator('#compliance-grid').getByText('Language', { exact: true }).click();
      await expect
        .poll(async () => (await numbers(page, '#compliance-grid')).map(([name]) => name))
        .toEqual(['All of North Valley', 'English', 'Spanish']);
      const byLanguage = await numbers(page, '#compliance-grid');
      expect(lastWeekCell(row(byLanguage, 'Spanish'))).toBe('75%3/4');
      expect(lastWeekCell(row(byLanguage, 'English'))).toBe('33.3%1/3');

      // Waiting now, this center only, by standard: n4 open (its deadline ten days away, not
      // at risk within two business days), n7 past its deadline and still waiting; South
      // Bay's s3 is not North Valley's.
      expect(await numbers(page, '#waiting')).toEqual([
        ['Non-urgent, therapist (10 days)', '1', '0', '0'],
        ['Follow-up, therapist (10 days)', '0', '0', '1'],
      ]);
      expect(await page.locator('#waiting .stat dd').allTextContents()).toEqual(['1', '0', '1']);

      expect(await seriousAccessibilityProblems(page), 'drill-down, tables open').toEqual([]);

      // Back to the whole network, where the grid is by center again.
      await page.getByRole('link', { name: 'Whole network' }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await page.getByRole('heading', { level: 1, name: 'Access overview', exact: true }).waitFor();
      await expect
        .poll(() => page.locator('#compliance-grid .segmented label').allTextContents())
        .toEqual(['Medical center', 'Discipline', 'Language', 'Request type']);
      expect(errors).toEqual([]);
    });
  },
);
