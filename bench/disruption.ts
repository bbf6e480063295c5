/**
 * `npm run bench -- disruption`: a strike of 80% of the clinicians for four weeks on the
 * FULL demo network (2,400 clinicians, 150,000 members: the size `npm start` loads) with
 * its next weeks booked full (`disruption-fill.ts`: ≈125,000 visits in the window), in
 * the real PostgreSQL server (TIMELY_BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test; the books live in databases of their own:
 * `disruption-database.ts`).
 *
 * Declared through the DisruptionService as the scheduler's routes declare it — every
 * active clinician in scope, participation 0.8, from now for 28 days — then:
 *   1. preview (the plan computed and stored): target < 5 s;
 *   2. execute (every entry applied, a batch per transaction): target < 60 s;
 *   3. the books checked in SQL (`disruption-checks.ts`): every count must be 0.
 * The issue sizes the execution at ≈100,000 affected appointments: the fill books the
 * window for that, and the figure printed is what the plan found, beside the expectation.
 *
 * The last line is one JSON object with the figures.
 */

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import type { ExecutionProgress, PlanSummary, Stoppage } from '../src/disruption/model.ts';
import { DisruptionService } from '../src/disruption/service.ts';
import { MS_PER_DAY, MS_PER_MINUTE } from '../src/engine/time.ts';
import { commandAuditContext } from '../src/server/audit.ts';
import { type CheckResult, checkExecution } from './disruption-checks.ts';
import { cloneForRun, dropRun, prepareTemplate, RUN_DATABASE } from './disruption-database.ts';
import { type FillReport, FULL_BOOKS } from './disruption-fill.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const TARGETS = { previewMs: 5_000, executeMs: 60_000 } as const;
/** The size of the execution. */
const EXPECTED_AFFECTED = 100_000;
const PARTICIPATION = 0.8;
/** The window the fill booked full. */
const DAYS = FULL_BOOKS.windowDays;

interface Timed<T> {
  readonly value: T;
  readonly ms: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Live appointments in [from, to), of every clinician: the most a stoppage could touch. */
async function bookedBetween(db: Kysely<Database>, from: Date, to: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM appointments
    WHERE status = 'booked' AND starts_at >= ${from} AND starts_at < ${to}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function resultCounts(
  db: Kysely<Database>,
  stoppageId: string,
): Promise<Record<string, number>> {
  const { rows } = await sql<{ result: string; n: number }>`
    SELECT result, count(*)::int AS n FROM stoppage_plan
    WHERE stoppage_id = ${stoppageId} GROUP BY result ORDER BY result`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.result, r.n]));
}

async function auditRows(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_events`.execute(db);
  return rows[0]?.n ?? 0;
}

function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

interface Run {
  readonly stoppage: Stoppage;
  readonly bookedInWindow: number;
  readonly preview: Timed<PlanSummary>;
  readonly execute: Timed<ExecutionProgress>;
  readonly results: Record<string, number>;
  readonly auditEvents: number;
  readonly checks: readonly CheckResult[];
}

async function strike(db: Kysely<Database>): Promise<Run> {
  const service = new DisruptionService(db);
  const context = commandAuditContext('stoppage');
  // From now (a strike under way: the books are full ~4 weeks ahead, so starting later
  // would leave part of them out), to the minute.
  const startsAt = Math.floor(Date.now() / MS_PER_MINUTE) * MS_PER_MINUTE;
  const endsAt = startsAt + DAYS * MS_PER_DAY;
  const stoppage = await service.declare(
    {
      name: 'Benchmark strike: 80% of clinicians, 4 weeks',
      kind: 'strike',
      startsAt,
      endsAt,
      scope: {},
      participation: PARTICIPATION,
    },
    context,
  );
  const previewStartedAt = new Date();
  const bookedInWindow = await bookedBetween(db, previewStartedAt, new Date(endsAt));
  const preview = await timed(() => service.preview(stoppage.id, context));
  process.stderr.write(
    `disruption: preview ${round(preview.ms)} ms, ${preview.value.totals.affected} affected\n`,
  );
  const auditBefore = await auditRows(db);
  const executeStartedAt = new Date();
  let reported = 0;
  const execute = await timed(() =>
    service.execute(stoppage.id, context, {
      onProgress: (p) => {
        // A line every ~10% (stderr: the table and the JSON stay on stdout).
        if (p.entries > 0 && p.applied - reported >= p.entries / 10) {
          reported = p.applied;
          process.stderr.write(`disruption: applied ${p.applied}/${p.entries}\n`);
        }
      },
    }),
  );
  const auditEvents = (await auditRows(db)) - auditBefore;
  const checks = await checkExecution(db, {
    stoppageId: stoppage.id,
    from: new Date(Math.max(startsAt, previewStartedAt.getTime())),
    to: new Date(endsAt),
    executeStartedAt,
  });
  return {
    stoppage: await service.get(stoppage.id),
    bookedInWindow,
    preview,
    execute,
    results: await resultCounts(db, stoppage.id),
    auditEvents,
    checks,
  };
}

function report(run: Run, setup: Record<string, number | null>, fill: FillReport | null): void {
  const totals = run.preview.value.totals;
  const previewRatio = round(run.preview.ms / TARGETS.previewMs, 2);
  const executeRatio = round(run.execute.ms / TARGETS.executeMs, 2);
  const violations = run.checks.reduce((sum, c) => sum + c.violations, 0);
  const figures = {
    bench: 'disruption',
    demo: 'full',
    database: 'postgresql',
    clinicians: run.stoppage.clinicians,
    participation: PARTICIPATION,
    days: DAYS,
    bookedInWindow: run.bookedInWindow,
    affected: totals.affected,
    expectedAffected: EXPECTED_AFFECTED,
    previewMs: round(run.preview.ms),
    previewServiceMs: round(run.preview.value.ms),
    executeMs: round(run.execute.ms),
    executeServiceMs: round(run.execute.value.ms),
    entries: run.execute.value.entries,
    applied: run.execute.value.applied,
    replanned: run.execute.value.replanned,
    status: run.stoppage.status,
    totals,
    resultsAfterExecution: run.results,
    auditEvents: run.auditEvents,
    checks: Object.fromEntries(run.checks.map((c) => [c.name, c.violations])),
    checksPassed: violations === 0,
    targets: TARGETS,
    ratios: { preview: previewRatio, execute: executeRatio },
    setup,
    // When the template was built (this run's or a kept one's): what the fill booked.
    fill: fill && {
      seconds: round(fill.seconds, 1),
      bookedBefore: fill.bookedBefore,
      bookedAfter: fill.bookedAfter,
      added: fill.added,
      byType: fill.byType,
      late: fill.late,
      unitsWithoutMember: fill.unitsWithoutMember,
      triggersOff: fill.triggersOff,
      stepsMs: fill.steps,
    },
  };
  const row = (label: string, value: string) => `  ${label.padEnd(52)} ${value}`;
  const lines = [
    `disruption: strike of ${PARTICIPATION * 100}% of clinicians for ${DAYS} days, full demo, PostgreSQL (${RUN_DATABASE})`,
    row(
      'clinicians in scope / participating',
      `${run.stoppage.clinicians.inScope} / ${run.stoppage.clinicians.participating}`,
    ),
    row(
      'fill (template build): visits added, seconds',
      fill
        ? `${fill.added} in ${round(fill.seconds, 1)} s (window ${fill.bookedBefore} → ${fill.bookedAfter}, ${fill.late} late)`
        : 'unknown',
    ),
    row('booked appointments in the window (all clinicians)', `${run.bookedInWindow}`),
    row(
      'affected (plan)',
      `${totals.affected} (issue expects ≈${EXPECTED_AFFECTED.toLocaleString('en-US')})`,
    ),
    row(
      '  kept / moved same / moved other',
      `${totals.kept} / ${totals.movedSameClinician} / ${totals.movedOtherClinician}`,
    ),
    row('  referred out / unplaceable', `${totals.referredOut} / ${totals.unplaceable}`),
    row(
      '  met before / met after / not met',
      `${totals.metBefore} / ${totals.metAfter} / ${totals.notMet}`,
    ),
    row(
      'preview',
      `${figures.previewMs} ms (service ${figures.previewServiceMs} ms; target < ${TARGETS.previewMs} ms; ×${previewRatio})`,
    ),
    row(
      'execute',
      `${figures.executeMs} ms (service ${figures.executeServiceMs} ms; target < ${TARGETS.executeMs} ms; ×${executeRatio})`,
    ),
    row(
      'entries / applied / replanned',
      `${figures.entries} / ${figures.applied} / ${figures.replanned}`,
    ),
    row('audit events written by execution', `${run.auditEvents}`),
    '  checks (violations; each must be 0):',
    ...run.checks.map((c) => row(`    ${c.name}`, `${c.violations}`)),
  ];
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(figures)}\n`);
  if (violations > 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  const baseUrl = process.env.TIMELY_BENCH_DATABASE_URL || DEFAULT_URL;
  const template = await prepareTemplate(baseUrl);
  const clone = await cloneForRun(baseUrl);
  try {
    const opened = await openDatabase({ url: clone.url });
    try {
      const run = await strike(opened.db);
      report(
        run,
        {
          templateLoadSeconds:
            template.loadSeconds === null ? null : round(template.loadSeconds, 1),
          cloneSeconds: round(clone.seconds, 1),
        },
        template.fill,
      );
    } finally {
      await opened.close();
    }
  } finally {
    await dropRun(baseUrl);
  }
}

await main();
