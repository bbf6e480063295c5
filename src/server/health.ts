/**
 * `/healthz`: the process is up (for a liveness probe: restart me if this fails).
 * `/readyz`: the database answers `select 1` (for a readiness probe or load balancer:
 * send me no traffic while this fails). Not ready is 503 with `Retry-After`
 * (RFC 9110 §10.2.3), as a problem.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteOptions } from './app.ts';
import { Problem, problemResponses, sendProblem } from './problem.ts';

/** A database that takes longer than this to answer `select 1` is not ready. */
const READY_TIMEOUT_MS = 2000;
const RETRY_AFTER_SECONDS = 5;

const statusSchema = z.object({ status: z.string() });

export const healthRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: statusSchema },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers',
        response: { 200: statusSchema, ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout(sql`select 1`.execute(db), READY_TIMEOUT_MS);
        return { status: 'ready' };
      } catch (error) {
        request.log.warn({ err: error }, 'database not ready');
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return sendProblem(reply, new Problem('unavailable', 'the database does not answer'));
      }
    },
  );
};

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
