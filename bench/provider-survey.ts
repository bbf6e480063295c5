/**
 * `npm run bench -- provider-survey`: the regulator's rate of compliance on the FULL demo
 * network (2,400 clinicians, ~177,000 appointments) in embedded PGlite, as `npm start`
 * serves it (docs/provider-survey.md).
 *
 *   1. The full demo in a PGlite folder of today's, made once per day in the temp folder
 *      (`timely demo --size full`, timed the first time); `--data DIR` names another
 *      folder holding a demo, DATABASE_URL a PostgreSQL server holding one.
 *   2. The last 13 weeks surveyed in one run, as a first read of the page computes them
 *      (`surveyWeeks`): the network read once, then per week its appointments as the
 *      books stood at the survey moment, the booking engine built holding them, every
 *      clinician surveyed — each part timed, nothing stored.
 *   3. The current week alone, as the refresher recomputes it every 15 minutes: three
 *      runs, the median; target < 10 s ("seconds, not minutes").
 *   4. The refresher storing the 13 weeks from nothing (what the bench stored before is
 *      deleted first), then the route once they are stored: GET
 *      /access/provider-survey?weeks=13, 40 times, p50/p95; target p95 < 200 ms.
 * The last line is one JSON object with the figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { demoToday } from '../src/demo/dataset.ts';
import { buildServer } from '../src/server/app.ts';
import { bearerFor } from '../src/server/auth/test-credentials.ts';
import { ProviderSurveyRefresher } from '../src/server/provider-survey.ts';
import { type SurveyWeek, surveyWeeks } from '../src/server/provider-survey-week.ts';
import { weekWindow } from '../src/server/routes/access-window.ts';

const TIMELY = fileURLToPath(new URL('../bin/timely.mjs', import.meta.url));
const WEEKS = 13;
const ROUTE_SAMPLES = 40;

export const TARGETS = { oneWeekSeconds: 10, routeP95Ms: 200 } as const;

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** The full demo in a PGlite folder of today's (its rows depend on the date). */
function demoFolder(given: string | undefined): { dir: string; loadSeconds: number | null } {
  const dir = given ?? join(tmpdir(), `timely-bench-survey-full-${demoToday()}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return { dir, loadSeconds: null };
  if (given !== undefined) throw new Error(`${given} holds no database`);
  process.stdout.write(
    `bench provider-survey: loading the full demo into ${dir} (about a minute)…\n`,
  );
  const started = performance.now();
  const run = spawnSync(process.execPath, [TIMELY, 'demo', '--size', 'full', '--data', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`timely demo exited with ${run.status}`);
  return { dir, loadSeconds: round((performance.now() - started) / 1000, 1) };
}

async function main(args: readonly string[]): Promise<void> {
  const dataFlag = args.indexOf('--data');
  const url = process.env.DATABASE_URL || undefined;
  const demo = url ? { dir: null, loadSeconds: null } : demoFolder(args[dataFlag + 1]);
  const opened = await openDatabase({ url, dataDir: demo.dir ?? undefined });
  const db = opened.db;
  try {
    await migrateToLatest(db);
    const window = weekWindow(new Date(), WEEKS);

    // 2. Thirteen weeks in one run.
    const weeks: (SurveyWeek & { ms: number })[] = [];
    const runStarted = performance.now();
    let lap = runStarted;
    for await (const week of surveyWeeks(db, window.mondays)) {
      const now = performance.now();
      weeks.push({ ...week, ms: Math.round(now - lap) });
      lap = now;
    }
    const runSeconds = round((performance.now() - runStarted) / 1000);
    console.log(`${WEEKS} weeks in one run: ${runSeconds} s`);
    console.log(
      'week        clinicians  held     network ms  appointments ms  build ms  survey ms  total ms  urgent  non-urgent',
    );
    for (const w of weeks) {
      const t = w.tallies.reduce(
        (sum, x) => ({
          s: sum.s + x.surveyed,
          u: sum.u + x.urgentCompliant,
          n: sum.n + x.nonUrgentCompliant,
        }),
        { s: 0, u: 0, n: 0 },
      );
      const pct = (k: number) => (t.s === 0 ? '—' : `${round((100 * k) / t.s, 1)}%`);
      console.log(
        [
          w.week,
          String(w.clinicians).padStart(10),
          String(w.held).padStart(7),
          String(w.timings.network).padStart(12),
          String(w.timings.appointments).padStart(16),
          String(w.timings.build).padStart(9),
          String(w.timings.survey).padStart(10),
          String(w.ms).padStart(9),
          pct(t.u).padStart(7),
          pct(t.n).padStart(11),
        ].join(' '),
      );
    }

    // 3. The current week alone, as the refresher recomputes it.
    const current = window.mondays.at(-1)!;
    const single: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      for await (const _ of surveyWeeks(db, [current])) {
        // computed, not stored
      }
      single.push((performance.now() - started) / 1000);
    }
    single.sort((a, b) => a - b);
    const oneWeekSeconds = round(single[1]!);
    console.log(
      `one week (${current}) alone, network read included: median of 3 ${oneWeekSeconds} s (target < ${TARGETS.oneWeekSeconds} s)`,
    );

    // 4. The route, once the weeks are stored.
    // From nothing stored, as on a fresh demo (earlier runs stored these weeks).
    await db
      .deleteFrom('provider_survey_weeks')
      .where('week', 'in', [...window.mondays])
      .execute();
    const refresher = new ProviderSurveyRefresher(db);
    const refreshStarted = performance.now();
    const stored = await refresher.refresh(window.mondays);
    const refreshSeconds = round((performance.now() - refreshStarted) / 1000);
    console.log(`refresher: ${stored.length} weeks computed and stored in ${refreshSeconds} s`);
    const app = buildServer({ db, logger: { level: 'silent' } });
    await app.ready();
    const headers = await bearerFor(db, 'compliance');
    const times: number[] = [];
    for (let i = 0; i < ROUTE_SAMPLES; i++) {
      const started = performance.now();
      const response = await app.inject({
        method: 'GET',
        url: `/access/provider-survey?weeks=${WEEKS}`,
        headers,
      });
      times.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`route answered ${response.statusCode}`);
    }
    await app.close();
    times.sort((a, b) => a - b);
    const route = { p50Ms: round(quantile(times, 0.5), 1), p95Ms: round(quantile(times, 0.95), 1) };
    console.log(
      `GET /access/provider-survey?weeks=${WEEKS}: p50 ${route.p50Ms} ms, p95 ${route.p95Ms} ms (target p95 < ${TARGETS.routeP95Ms} ms)`,
    );
    console.log(
      JSON.stringify({
        benchmark: 'provider-survey',
        backend: opened.backend,
        demoLoadSeconds: demo.loadSeconds,
        clinicians: weeks.at(-1)?.clinicians ?? 0,
        weeks: WEEKS,
        runSeconds,
        perWeek: weeks.map((w) => ({ week: w.week, ms: w.ms, held: w.held, ...w.timings })),
        oneWeekSeconds,
        refreshSeconds,
        route,
        targets: TARGETS,
      }),
    );
  } finally {
    await opened.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
