/**
 * Keeps the provider survey's table current (migration 0013; docs/provider-survey.md):
 * which weeks are due, computing them (`provider-survey-week.ts`) and storing each one
 * in a transaction of its own.
 *
 * A week is due when it has no row, or its row is not final and either the week is now
 * over (it is computed once more, for good) or the row is older than `maxAgeMs` (the
 * current week follows changes to the network: templates, time off, clinicians). Past
 * weeks are therefore computed once; the current week at most every `maxAgeMs`.
 *
 * Runs are serialized per refresher: a call made during a run waits for it and then
 * looks again at what is due, so the same week is never computed twice at once by one
 * process. Two processes may both compute a week; each store replaces the week whole
 * (the week row is upserted first, which locks it until the transaction ends), so the
 * last one wins and the rows stay consistent.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { addDays, dayNumberOfDate, type LocalDate, startOfLocalDay } from '../engine/time.ts';
import { type SurveySettings, type SurveyWeek, surveyWeeks } from './provider-survey-week.ts';
import { ACCESS_TIME_ZONE } from './routes/access-window.ts';

/** How old the current week's figures may get before a read recomputes them. */
export const SURVEY_MAX_AGE_MS = 15 * 60_000;

export interface RefresherOptions {
  /** The clock (epoch ms); `Date.now` by default. */
  readonly now?: (() => number) | undefined;
  readonly maxAgeMs?: number | undefined;
  readonly settings?: SurveySettings | undefined;
  /**
   * Wait this long before a run starts (default 0). The server waits a little: a run
   * asked for by a page's first read would otherwise take the embedded database and the
   * event loop from the page's other reads (the first overview after `npm start` took
   * 10 s instead of 3 while 13 weeks were computed on PGlite).
   */
  readonly startDelayMs?: number | undefined;
}

export interface ComputedWeek {
  readonly week: LocalDate;
  readonly final: boolean;
  readonly clinicians: number;
  /** Milliseconds for the whole week: read, build, survey and store. */
  readonly ms: number;
  readonly timings: SurveyWeek['timings'];
}

/** The instant the week starting on `week` ends: the next Monday's midnight, local. */
export function weekEnd(week: LocalDate): number {
  return startOfLocalDay(addDays(dayNumberOfDate(week), 7), ACCESS_TIME_ZONE);
}

/** Stores a computed week, replacing whatever was stored for it. */
export async function storeSurveyWeek(
  db: Kysely<Database>,
  result: SurveyWeek,
  stamp: { readonly computedAt: Date; readonly final: boolean; readonly ms: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const week = {
      surveyed_at: new Date(result.at),
      computed_at: stamp.computedAt,
      final: stamp.final,
      clinicians: result.clinicians,
      compute_ms: Math.max(0, Math.round(stamp.ms)),
    };
    await trx
      .insertInto('provider_survey_weeks')
      .values({ week: result.week, ...week })
      .onConflict((oc) => oc.column('week').doUpdateSet(week))
      .execute();
    await trx.deleteFrom('provider_survey').where('week', '=', result.week).execute();
    if (result.tallies.length === 0) return;
    await trx
      .insertInto('provider_survey')
      .values(
        result.tallies.map((t) => ({
          center_id: t.center,
          week: result.week,
          provider_type: t.providerType,
          surveyed: t.surveyed,
          urgent_compliant: t.urgentCompliant,
          nonurgent_compliant: t.nonUrgentCompliant,
        })),
      )
      .execute();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class ProviderSurveyRefresher {
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly settings: SurveySettings;
  private readonly startDelayMs: number;
  /** The last run: each run starts after the one before it ends. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    options: RefresherOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? SURVEY_MAX_AGE_MS;
    this.settings = options.settings ?? {};
    this.startDelayMs = options.startDelayMs ?? 0;
  }

  /** The weeks (Mondays) among `weeks` that must be computed now, oldest first. */
  async due(weeks: readonly LocalDate[]): Promise<LocalDate[]> {
    if (weeks.length === 0) return [];
    const now = this.now();
    const stored = await this.db
      .selectFrom('provider_survey_weeks')
      .select(['week', 'computed_at', 'final'])
      .where('week', 'in', [...weeks])
      .execute();
    const byWeek = new Map(stored.map((row) => [row.week, row]));
    return [...new Set(weeks)].sort().filter((week) => {
      const row = byWeek.get(week);
      if (row === undefined) return true;
      if (row.final) return false;
      return now >= weekEnd(week) || now - row.computed_at.getTime() >= this.maxAgeMs;
    });
  }

  /** Computes and stores the due weeks among `weeks`; returns what it computed. */
  refresh(weeks: readonly LocalDate[]): Promise<ComputedWeek[]> {
    this.pending++;
    const run = this.chain
      .catch(() => undefined)
      .then(() => (this.startDelayMs > 0 ? delay(this.startDelayMs) : undefined))
      .then(() => this.runDue(weeks));
    this.chain = run;
    return run;
  }

  /** Whether a run is going on or queued (the route answers from stored rows meanwhile). */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Resolves when no run is going on or queued (whether they succeeded or not). */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.chain.catch(() => undefined);
  }

  /** Stops after the week being computed (it is stored); later runs compute nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private pending = 0;
  private closed = false;

  private async runDue(weeks: readonly LocalDate[]): Promise<ComputedWeek[]> {
    try {
      const computed: ComputedWeek[] = [];
      let started = performance.now();
      // Each week is stored as soon as it is computed: an interrupted run keeps its work.
      const due = this.closed ? [] : await this.due(weeks);
      for await (const result of surveyWeeks(this.db, due, this.settings)) {
        const computedAt = this.now();
        // Final only when computed after the week ended: the network it read cannot
        // change the week any more without rewriting history.
        const final = computedAt >= weekEnd(result.week);
        const ms = performance.now() - started;
        await storeSurveyWeek(this.db, result, { computedAt: new Date(computedAt), final, ms });
        computed.push({
          week: result.week,
          final,
          clinicians: result.clinicians,
          ms: Math.round(performance.now() - started),
          timings: result.timings,
        });
        started = performance.now();
        if (this.closed) break;
      }
      return computed;
    } finally {
      this.pending--;
    }
  }
}
