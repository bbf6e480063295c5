/**
 * The HTTP API as a Fastify instance, built apart from listening (`start.ts` listens):
 * tests drive it with `app.inject()` or on a port of their own.
 *
 * Every route declares zod schemas for its path, query, body and responses. The same
 * schemas validate requests (unknown fields refused), check responses, and become the
 * OpenAPI 3.1 document at `/openapi.json` (browsable at `/docs`). Errors are RFC 9457
 * problems (`problem.ts`); logs keep personal data out (`logger.ts`).
 */
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { OpenAPIV3_1 } from 'openapi-types';
import packageJson from '../../package.json' with { type: 'json' };
import { startRollupFolding } from '../db/access-rollup.ts';
import type { Database } from '../db/schema.ts';
import { authenticate } from './auth/authenticate.ts';
import { authRoutes } from './auth/routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { healthRoutes } from './health.ts';
import { type LogSettings, loggerOptions } from './logger.ts';
import { withRequestIdHeader } from './openapi-request-id.ts';
import { installProblemHandlers, Problem, sendProblem } from './problem.ts';
import { accessRoutes } from './routes/access.ts';
import { accessAtRiskRoutes } from './routes/access-at-risk.ts';
import { accessBreachRoutes } from './routes/access-breaches.ts';
import { accessComplianceRoutes } from './routes/access-compliance.ts';
import { accessOpenRequestRoutes } from './routes/access-open-requests.ts';
import { accessProviderSurveyRoutes } from './routes/access-provider-survey.ts';
import { accessUtilisationRoutes } from './routes/access-utilisation.ts';
import { accessWaitTimeRoutes } from './routes/access-wait-times.ts';
import { auditEventRoutes } from './routes/audit-events.ts';
import { bookingRoutes } from './routes/booking.ts';
import { centerRoutes } from './routes/centers.ts';
import { clinicianRoutes } from './routes/clinicians.ts';
import { hotlineRoutes } from './routes/hotline.ts';
import { patientRoutes } from './routes/patients.ts';
import { publicStatusRoutes } from './routes/public-status.ts';
import { requestRoutes } from './routes/requests.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { stoppageRoutes } from './routes/stoppages.ts';
import { templateRoutes } from './routes/templates.ts';
import { type SecurityOptions, security as securityPlugin } from './security.ts';
import { webRoutes } from './web.ts';

/** Largest request body accepted; a template with every session of a week is ~20 kB. */
export const BODY_LIMIT = 1024 * 1024;
export const DOCS_PREFIX = '/docs';
/** The response header that carries the request's id, as the audit trail records it. */
export const REQUEST_ID_HEADER = 'x-request-id';

export interface ServerOptions {
  readonly db: Kysely<Database>;
  readonly logger?: LogSettings | undefined;
  readonly security?: ServerSecurityOptions | undefined;
}

export interface ServerSecurityOptions extends SecurityOptions {
  /** Mark the session cookie Secure (default true; false only for plain-HTTP development). */
  readonly secureCookies?: boolean | undefined;
  /** Sign-in attempts allowed per address per minute (default 10). */
  readonly signInsPerMinute?: number | undefined;
  /**
   * Reverse proxies (addresses, CIDR ranges, range names: see trusted-proxies.ts) whose
   * `X-Forwarded-For` names the client. None by default: the peer is the client.
   */
  readonly trustedProxies?: readonly string[] | undefined;
}

/** What each route plugin receives. */
export interface RouteOptions {
  readonly db: Kysely<Database>;
}

export function buildServer(options: ServerOptions) {
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: BODY_LIMIT,
    // A request's id is unique across restarts and servers (not Fastify's per-process
    // counter): the audit trail stores it, and the caller gets it back in `x-request-id`
    // to name the request when it asks what happened to it.
    genReqId: () => randomUUID(),
    // The client's address (sign-in limit, audit trail, request log) is read from the
    // forwarding headers only when the connection comes from a named proxy.
    trustProxy:
      options.security?.trustedProxies && options.security.trustedProxies.length > 0
        ? [...options.security.trustedProxies]
        : false,
    // Each route is one exact path; /centers/ is not /centers.
    routerOptions: { ignoreTrailingSlash: false },
    // Errors the router raises before any route (a path with an invalid percent-escape)
    // are problems like every other refusal, not Fastify's own JSON.
    frameworkErrors: (error, _request, reply) => {
      sendProblem(
        reply,
        new Problem('invalid-request', `the URL cannot be read (${error.code ?? 'bad URL'})`),
      );
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  // Fastify parses text/plain by default; the API speaks JSON only (anything else: 415).
  app.removeContentTypeParser('text/plain');

  // Before every route: security headers, cookies, CORS, rate limits, then who may call
  // what (src/auth/policy.ts); a route registered without a policy entry stops the start.
  const security = options.security ?? {};
  app.register(securityPlugin, security);
  app.register(authenticate, { db: options.db });

  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Timely API',
        version: packageJson.version,
        description:
          'Records of the network (medical centers, clinicians, members, templates), ' +
          'booking, and the audit trail. Authenticate with an API token ' +
          '(`Authorization: Bearer timely_…`, from `timely users add` or `timely tokens add`) ' +
          'or, in the web app, the session cookie from POST /auth/sign-in. Who may call what: ' +
          'docs/security.md. Errors are RFC 9457 problem details (application/problem+json).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'timely_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: createJsonSchemaTransform({
      skipList: [`${DOCS_PREFIX}/*`, `${DOCS_PREFIX}/`, DOCS_PREFIX, '/openapi.json'],
    }),
    transformObject: (input) =>
      withRequestIdHeader(
        jsonSchemaTransformObject(input) as Partial<OpenAPIV3_1.Document>,
        REQUEST_ID_HEADER,
      ),
  });
  app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  // The access rollup's deltas are folded in while the server runs (src/db/access-rollup.ts).
  let stopFolding: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopFolding = startRollupFolding(options.db, {
      onError: (error) => app.log.warn({ err: error }, 'folding the access rollup failed'),
    });
  });
  app.addHook('onClose', async () => {
    await stopFolding?.();
  });

  const routeOptions: RouteOptions = { db: options.db };
  app.register(healthRoutes, routeOptions);
  app.register(authRoutes, {
    ...routeOptions,
    secureCookies: security.secureCookies,
    signInsPerMinute: security.signInsPerMinute,
  });
  app.register(auditEventRoutes, routeOptions);
  app.register(centerRoutes, routeOptions);
  app.register(clinicianRoutes, routeOptions);
  app.register(patientRoutes, routeOptions);
  app.register(bookingRoutes, routeOptions);
  app.register(requestRoutes, routeOptions);
  app.register(templateRoutes, routeOptions);
  app.register(fhirRoutes, { ...routeOptions, prefix: '/fhir' });
  app.register(accessRoutes, routeOptions);
  app.register(accessComplianceRoutes, routeOptions);
  app.register(accessWaitTimeRoutes, routeOptions);
  app.register(accessOpenRequestRoutes, routeOptions);
  app.register(accessUtilisationRoutes, routeOptions);
  app.register(accessProviderSurveyRoutes, routeOptions);
  app.register(accessAtRiskRoutes, routeOptions);
  app.register(accessBreachRoutes, routeOptions);
  app.register(scenarioRoutes, routeOptions);
  app.register(stoppageRoutes, routeOptions);
  app.register(hotlineRoutes, routeOptions);
  app.register(publicStatusRoutes, routeOptions);
  app.register(webRoutes);
  return app;
}

export type TimelyServer = ReturnType<typeof buildServer>;
