/**
 * The disruption plan over HTTP (docs/disruption.md): declare a stoppage, correct who
 * stops work, preview the engine's plan, execute it (in the background: 202, then poll
 * the progress), list whom to notify, end the stoppage, and report its impact. The
 * routes translate; `DisruptionService` decides and writes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPACT_COLUMNS, NOTIFICATION_COLUMNS } from '../../disruption/model.ts';
import { DisruptionService } from '../../disruption/service.ts';
import { TimelyError } from '../../engine/errors.ts';
import type { RouteOptions } from '../app.ts';
import { type AuditContext, requestAuditContext } from '../audit.ts';
import { fieldProblem, Problem, problemResponses } from '../problem.ts';
import { csvOf, sendCsv } from './csv-reply.ts';
import {
  clinicianListSchema,
  cursorOf,
  declareBody,
  endBody,
  notificationPageSchema,
  notificationQuery,
  participationBody,
  planPageSchema,
  planQuery,
  predictionQuery,
  predictionSchema,
  progressSchema,
  reportQuery,
  reportSchema,
  stoppageParams,
  stoppageSchema,
  summarySchema,
  toNotification,
  toPlanEntry,
  toProgress,
  toReport,
  toStoppage,
  toSummary,
} from './stoppage-schemas.ts';

/** The service's refusals as problems: where the field is, and which status. */
function problemOf(error: unknown, fieldsIn: 'body' | 'query'): unknown {
  if (!(error instanceof TimelyError)) return error;
  const path = error.path ?? '';
  const prefix = `${path}: `;
  const message = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  switch (error.code) {
    case 'NOT_FOUND':
      return path === 'id'
        ? fieldProblem('not-found', 'path', 'id', message)
        : fieldProblem('unprocessable', fieldsIn, path, message);
    case 'CONFLICT':
      return new Problem('conflict', error.message);
    case 'FIELD_INVALID':
      return fieldProblem('invalid-request', fieldsIn, path, message);
    default:
      return new Problem('unprocessable', error.message);
  }
}

export const stoppageRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  const service = new DisruptionService(db);
  const tags = ['disruption'];
  /** Executions running in this process, by stoppage id: one at a time per stoppage. */
  const running = new Map<string, Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(running.values());
  });

  async function serve<T>(call: () => Promise<T>, fieldsIn: 'body' | 'query' = 'body'): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw problemOf(error, fieldsIn);
    }
  }

  function startExecution(id: string, context: AuditContext): void {
    if (running.has(id)) return;
    const run = service
      .runExecution(id, context)
      .catch((error: unknown) => {
        // Ids and codes only: the plan's rows name members.
        app.log.error(
          { stoppage: id, code: (error as { code?: unknown }).code },
          'executing a stoppage failed; executing it again resumes it',
        );
      })
      .finally(() => running.delete(id));
    running.set(id, run);
  }

  app.get(
    '/stoppages',
    {
      schema: {
        tags,
        summary: 'Stoppages, newest first',
        response: { 200: z.object({ items: z.array(stoppageSchema) }) },
      },
    },
    async () => ({ items: (await service.list()).map(toStoppage) }),
  );

  app.post(
    '/stoppages',
    {
      schema: {
        tags,
        summary: 'Declare a stoppage (a strike, an absence): status draft',
        body: declareBody,
        response: { 201: stoppageSchema, ...problemResponses(400, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const stoppage = await serve(() =>
        service.declare(
          {
            name: body.name,
            kind: body.kind,
            startsAt: Date.parse(body.startsAt),
            endsAt: Date.parse(body.endsAt),
            scope: body.scope,
            participation: body.participation,
            noticeAt: body.noticeAt === undefined ? undefined : Date.parse(body.noticeAt),
          },
          requestAuditContext(request),
        ),
      );
      return reply
        .code(201)
        .header('location', `/stoppages/${stoppage.id}`)
        .send(toStoppage(stoppage));
    },
  );

  app.get(
    '/stoppages/:id',
    {
      schema: {
        tags,
        summary: 'One stoppage',
        params: stoppageParams,
        response: { 200: stoppageSchema, ...problemResponses(404) },
      },
    },
    async (request) => toStoppage(await serve(() => service.get(request.params.id))),
  );

  app.get(
    '/stoppages/:id/clinicians',
    {
      schema: {
        tags,
        summary: "The stoppage's clinicians in scope, and who of them stops work",
        params: stoppageParams,
        response: { 200: clinicianListSchema, ...problemResponses(404) },
      },
    },
    async (request) => ({ items: await serve(() => service.clinicians(request.params.id)) }),
  );

  app.patch(
    '/stoppages/:id/clinicians',
    {
      schema: {
        tags,
        summary: 'Correct who stops work, clinician by clinician (draft only)',
        params: stoppageParams,
        body: participationBody,
        response: { 200: stoppageSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) =>
      toStoppage(
        await serve(() =>
          service.setParticipation(
            request.params.id,
            request.body.clinicians,
            requestAuditContext(request),
          ),
        ),
      ),
  );

  app.post(
    '/stoppages/:id/preview',
    {
      schema: {
        tags,
        summary: "Compute and store the engine's plan; nothing else changes",
        params: stoppageParams,
        response: { 200: summarySchema, ...problemResponses(404, 409) },
      },
    },
    async (request) =>
      toSummary(
        await serve(() => service.preview(request.params.id, requestAuditContext(request))),
      ),
  );

  app.get(
    '/stoppages/:id/plan',
    {
      schema: {
        tags,
        summary: "The plan's entries, in the order placed; each row is an audited read",
        params: stoppageParams,
        querystring: planQuery,
        response: { 200: planPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { result, standard, limit, cursor } = request.query;
      const page = await serve(
        () =>
          service.planEntries(
            request.params.id,
            { result, standard, limit, after: cursor },
            requestAuditContext(request),
          ),
        'query',
      );
      return { items: page.items.map(toPlanEntry), nextCursor: cursorOf(page.next) };
    },
  );

  app.post(
    '/stoppages/:id/execute',
    {
      schema: {
        tags,
        summary: 'Confirm: apply the previewed plan (runs in the background; poll …/execution)',
        params: stoppageParams,
        response: { 202: progressSchema, ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const context = requestAuditContext(request);
      await serve(() => service.begin(id, context));
      startExecution(id, context);
      const progress = await serve(() => service.progress(id));
      return reply
        .code(202)
        .header('location', `/stoppages/${id}/execution`)
        .send(toProgress(progress, running.has(id)));
    },
  );

  app.get(
    '/stoppages/:id/execution',
    {
      schema: {
        tags,
        summary: "The execution's progress",
        params: stoppageParams,
        response: { 200: progressSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const id = request.params.id;
      return toProgress(await serve(() => service.progress(id)), running.has(id));
    },
  );

  app.post(
    '/stoppages/:id/end',
    {
      schema: {
        tags,
        summary: 'End the stoppage: the clinicians return; optionally move follow-ups back',
        params: stoppageParams,
        body: endBody,
        response: {
          200: z.object({
            stoppage: stoppageSchema,
            moveBack: z.object({ candidates: z.number().int(), moved: z.number().int() }),
          }),
          ...problemResponses(400, 404, 409),
        },
      },
    },
    async (request) => {
      const body = request.body ?? {};
      const result = await serve(() =>
        service.end(
          request.params.id,
          {
            at: body.at === undefined ? undefined : Date.parse(body.at),
            moveBack: body.moveBack,
          },
          requestAuditContext(request),
        ),
      );
      return { stoppage: toStoppage(result.stoppage), moveBack: result.moveBack };
    },
  );

  app.get(
    '/stoppages/:id/report',
    {
      schema: {
        tags,
        summary: 'What the stoppage did, per day and standard (format=csv for the rows)',
        params: stoppageParams,
        querystring: reportQuery,
        response: { 200: reportSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { format, visitCost } = request.query;
      const report = toReport(
        await serve(() => service.report(request.params.id, { visitCost }), 'query'),
      );
      if (format === 'csv') {
        return sendCsv(
          reply,
          `stoppage-${request.params.id}-impact.csv`,
          csvOf(
            IMPACT_COLUMNS,
            report.rows.map((row) => IMPACT_COLUMNS.map((c) => row[c])),
          ),
        );
      }
      return report;
    },
  );

  app.put(
    '/stoppages/:id/prediction',
    {
      schema: {
        tags,
        summary: "Attach the simulator's prediction (the output of timely simulate --json)",
        params: stoppageParams,
        querystring: predictionQuery,
        body: z.record(z.string(), z.unknown()),
        response: { 200: predictionSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const prediction = await serve(() =>
        service.attachPrediction(
          request.params.id,
          request.body,
          request.query.scenario,
          requestAuditContext(request),
        ),
      );
      return { ...prediction, attachedAt: new Date(prediction.attachedAt).toISOString() };
    },
  );

  app.get(
    '/stoppages/:id/notifications',
    {
      schema: {
        tags,
        summary: 'Members to notify, with the old and new appointment (format=csv: every row)',
        params: stoppageParams,
        querystring: notificationQuery,
        response: { 200: notificationPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { format, limit, cursor } = request.query;
      const id = request.params.id;
      const context = requestAuditContext(request);
      if (format === 'csv') {
        const rows: (string | null)[][] = [];
        let after: number | undefined;
        for (;;) {
          const page = await serve(
            () => service.notifications(id, { limit: 500, after }, context),
            'query',
          );
          for (const item of page.items.map(toNotification)) {
            rows.push(NOTIFICATION_COLUMNS.map((c) => item[c]));
          }
          if (page.next === null) break;
          after = page.next;
        }
        return sendCsv(
          reply,
          `stoppage-${id}-notifications.csv`,
          csvOf(NOTIFICATION_COLUMNS, rows),
        );
      }
      const page = await serve(
        () => service.notifications(id, { limit, after: cursor }, context),
        'query',
      );
      return { items: page.items.map(toNotification), nextCursor: cursorOf(page.next) };
    },
  );
};
