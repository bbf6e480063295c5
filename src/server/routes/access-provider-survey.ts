/**
 * `GET /access/provider-survey?weeks=N[&center=…][&format=csv]`: the regulator's rate of
 * compliance per week and medical center — of the clinicians surveyed, how many had their
 * next available urgent and non-urgent appointment within the standard for their
 * provider type, the rates, and the 70% line under which a network owes a corrective
 * action plan (docs/provider-survey.md). Counts only, never a member or a clinician
 * (src/auth/policy.ts: AGGREGATES).
 *
 * Read from the pre-computed table (migration 0013). Weeks not computed yet, and the
 * current week once its figures are older than 15 minutes, are computed by this
 * server's refresher in the background (`provider-survey.ts`); the answer is what is
 * stored now, says `computing` while that runs, and leaves out the weeks still missing.
 * A read never waits for a survey (seconds per week on the full network).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  belowThreshold,
  CORRECTIVE_ACTION_THRESHOLD,
  PAAS_QUESTIONS,
  PROVIDER_TYPES,
  type ProviderType,
  rateOf,
} from '../../access/provider-survey.ts';
import { californiaStandards, describeLimit } from '../../engine/rules/standards.ts';
import type { RouteOptions } from '../app.ts';
import { problemResponses } from '../problem.ts';
import { ProviderSurveyRefresher } from '../provider-survey.ts';
import { ACCESS_TIME_ZONE, weeksParam, weekWindow } from './access-window.ts';
import { csvOf, formatParam, sendCsv } from './csv-reply.ts';

const querySchema = z.strictObject({
  weeks: weeksParam,
  center: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'only this medical center (its id); the network total stays whole' }),
  format: formatParam,
});

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();

const tallySchema = {
  surveyed: count.meta({ description: 'clinicians surveyed (every active one: a census)' }),
  urgentCompliant: count.meta({ description: 'next urgent appointment within the standard' }),
  nonUrgentCompliant: count.meta({
    description: 'next non-urgent appointment within the standard',
  }),
  urgentRate: rate.meta({ description: 'urgentCompliant ÷ surveyed; null when none surveyed' }),
  nonUrgentRate: rate.meta({ description: 'nonUrgentCompliant ÷ surveyed' }),
  belowThreshold: z
    .boolean()
    .meta({ description: 'either rate under the threshold: a corrective action plan is due' }),
};

const weekSchema = z.object({
  weekStart: z.string().meta({ description: 'the Monday the week starts on (YYYY-MM-DD)' }),
  surveyedAt: z.string().meta({ description: 'the survey moment: first business day, 10:00' }),
  computedAt: z.string(),
  final: z.boolean().meta({ description: 'computed after the week ended: it will not change' }),
  network: z.object(tallySchema).meta({ description: 'every center of the network' }),
  centers: z.array(
    z.object({
      center: z.string(),
      ...tallySchema,
      providerTypes: z.array(z.object({ providerType: z.enum(PROVIDER_TYPES), ...tallySchema })),
    }),
  ),
});

const questionSchema = z.object({ standard: z.string(), limit: z.string() });

const responseSchema = z
  .object({
    timeZone: z.string(),
    asOf: z.string(),
    threshold: z.number().meta({ description: 'the corrective action plan line (0.7)' }),
    center: z.string().nullable(),
    weeks: z.array(z.string()).meta({ description: 'the Mondays of the window, oldest first' }),
    computing: z
      .boolean()
      .meta({ description: 'weeks are being computed now: ask again for the missing ones' }),
    questions: z
      .array(
        z.object({
          providerType: z.enum(PROVIDER_TYPES),
          urgent: questionSchema,
          nonUrgent: questionSchema,
        }),
      )
      .meta({ description: 'the standard each provider type is judged by' }),
    centers: z.array(z.object({ id: z.string(), name: z.string() })),
    surveys: z.array(weekSchema).meta({ description: 'the computed weeks, oldest first' }),
  })
  .meta({ id: 'ProviderSurvey' });

type Tally = {
  surveyed: number;
  urgentCompliant: number;
  nonUrgentCompliant: number;
};

function withRates<T extends Tally>(t: T) {
  return {
    ...t,
    urgentRate: rateOf(t.urgentCompliant, t.surveyed),
    nonUrgentRate: rateOf(t.nonUrgentCompliant, t.surveyed),
    belowThreshold: belowThreshold(t),
  };
}

const add = (a: Tally, b: Tally): Tally => ({
  surveyed: a.surveyed + b.surveyed,
  urgentCompliant: a.urgentCompliant + b.urgentCompliant,
  nonUrgentCompliant: a.nonUrgentCompliant + b.nonUrgentCompliant,
});
const ZERO: Tally = { surveyed: 0, urgentCompliant: 0, nonUrgentCompliant: 0 };

const CSV_COLUMNS = [
  'week_start',
  'center',
  'center_name',
  'provider_type',
  'surveyed',
  'urgent_compliant',
  'nonurgent_compliant',
  'urgent_rate',
  'nonurgent_rate',
  'below_threshold',
  'final',
] as const;

export const accessProviderSurveyRoutes: FastifyPluginAsyncZod<RouteOptions> = async (
  app,
  { db },
) => {
  // Runs start 2 s after the read that asks for them: the page's other reads go first.
  const refresher = new ProviderSurveyRefresher(db, { startDelayMs: 2_000 });
  // Closing stops after the week in progress: a survey must not outlive the database.
  app.addHook('onClose', () => refresher.close());

  app.get(
    '/access/provider-survey',
    {
      schema: {
        tags: ['access'],
        summary:
          "The regulator's rate of compliance: providers' next available appointments within the standards, per week and medical center (counts only)",
        querystring: querySchema,
        response: { 200: responseSchema, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const asOf = new Date();
      const { weeks, center, format } = request.query;
      const window = weekWindow(asOf, weeks);
      // One run at a time: while one works, the page's repeated reads queue nothing more.
      if (!refresher.busy && (await refresher.due(window.mondays)).length > 0) {
        refresher.refresh(window.mondays).catch((error: unknown) => {
          // Counts only: the message names no member. The next read tries again.
          request.log.error(
            { event: 'provider-survey-refresh-failed', message: String(error) },
            'provider survey refresh failed',
          );
        });
      }
      // Read before the rows: a run that ends while they are read must not be reported
      // as done with rows read before it stored its last week (the page would stop
      // asking and show the week missing).
      const computing = refresher.busy;
      const [weekRows, countRows, centerRows] = await Promise.all([
        db
          .selectFrom('provider_survey_weeks')
          .selectAll()
          .where('week', 'in', [...window.mondays])
          .orderBy('week')
          .execute(),
        db
          .selectFrom('provider_survey')
          .selectAll()
          .where('week', 'in', [...window.mondays])
          .orderBy('week')
          .orderBy('center_id')
          .execute(),
        db.selectFrom('medical_centers').select(['id', 'name']).execute(),
      ]);
      const names = new Map(centerRows.map((c) => [c.id, c.name]));
      const nameOf = (id: string) => names.get(id) ?? id;
      const byName = (a: string, b: string) =>
        nameOf(a).localeCompare(nameOf(b), 'en') || a.localeCompare(b, 'en');

      const surveys = weekRows.map((w) => {
        const rows = countRows.filter((r) => r.week === w.week);
        const network = rows.reduce<Tally>(
          (sum, r) =>
            add(sum, {
              surveyed: r.surveyed,
              urgentCompliant: r.urgent_compliant,
              nonUrgentCompliant: r.nonurgent_compliant,
            }),
          ZERO,
        );
        const centerIds = [...new Set(rows.map((r) => r.center_id))]
          .filter((id) => center === undefined || id === center)
          .sort(byName);
        return {
          weekStart: w.week,
          surveyedAt: w.surveyed_at.toISOString(),
          computedAt: w.computed_at.toISOString(),
          final: w.final,
          network: withRates(network),
          centers: centerIds.map((id) => {
            const types = PROVIDER_TYPES.flatMap((providerType: ProviderType) => {
              const r = rows.find((x) => x.center_id === id && x.provider_type === providerType);
              if (r === undefined) return [];
              return [
                withRates({
                  providerType,
                  surveyed: r.surveyed,
                  urgentCompliant: r.urgent_compliant,
                  nonUrgentCompliant: r.nonurgent_compliant,
                }),
              ];
            });
            const total = types.reduce<Tally>((sum, t) => add(sum, t), ZERO);
            return { center: id, ...withRates(total), providerTypes: types };
          }),
        };
      });

      if (format === 'csv') {
        const lines = surveys.flatMap((s) =>
          s.centers.flatMap((c) =>
            [{ ...c, providerType: 'all' }, ...c.providerTypes].map((t) => [
              s.weekStart,
              c.center,
              nameOf(c.center),
              t.providerType,
              t.surveyed,
              t.urgentCompliant,
              t.nonUrgentCompliant,
              t.urgentRate,
              t.nonUrgentRate,
              t.belowThreshold,
              s.final,
            ]),
          ),
        );
        return sendCsv(
          reply,
          `provider-survey${center ? `-${center}` : ''}.csv`,
          csvOf(CSV_COLUMNS, lines),
        );
      }
      const shown = new Set(surveys.flatMap((s) => s.centers.map((c) => c.center)));
      return {
        timeZone: ACCESS_TIME_ZONE,
        asOf: asOf.toISOString(),
        threshold: CORRECTIVE_ACTION_THRESHOLD,
        center: center ?? null,
        weeks: [...window.mondays],
        computing,
        questions: PROVIDER_TYPES.map((providerType) => {
          const q = PAAS_QUESTIONS[providerType];
          const describe = (standard: string) => ({
            standard,
            limit: describeLimit(californiaStandards.get(standard).limit),
          });
          return {
            providerType,
            urgent: describe(q.urgent.standard),
            nonUrgent: describe(q.nonUrgent.standard),
          };
        }),
        centers: [...shown].sort(byName).map((id) => ({ id, name: nameOf(id) })),
        surveys,
      };
    },
  );
};
