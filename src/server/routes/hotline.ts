/**
 * The hotline's routes as one plugin (registered once in app.ts): cases recorded and
 * read, worked (assign, status, notes, reopen, match), the intake form's look-ups, and
 * the metrics. Who may call each: src/auth/policy.ts (HOTLINE_*).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../app.ts';
import { hotlineCaseChangeRoutes } from './hotline-case-changes.ts';
import { hotlineCaseRoutes } from './hotline-cases.ts';
import { hotlineLookupRoutes } from './hotline-lookup.ts';
import { hotlineMetricRoutes } from './hotline-metrics.ts';

export const hotlineRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, options) => {
  await app.register(hotlineCaseRoutes, options);
  await app.register(hotlineCaseChangeRoutes, options);
  await app.register(hotlineLookupRoutes, options);
  await app.register(hotlineMetricRoutes, options);
};
