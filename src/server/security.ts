/**
 * Transport-level hardening, registered before any route: cookies (for the session),
 * security headers (helmet: CSP, HSTS, no sniffing, no framing, no referrer leaks),
 * strict CORS (no other origin may call the API from a browser unless listed), and the
 * rate limiter the sign-in route uses. Request size is limited by `BODY_LIMIT` in app.ts.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

export interface SecurityOptions {
  /** Origins (scheme://host:port) whose pages may call the API; none by default. */
  readonly corsOrigins?: readonly string[] | undefined;
}

/** A plugin that is not encapsulated: what it registers applies to every route after it. */
export const security = fp(
  async (app: FastifyInstance, options: SecurityOptions) => installSecurity(app, options),
  { name: 'timely-security' },
);

async function installSecurity(app: FastifyInstance, options: SecurityOptions) {
  await app.register(cookie);
  // Helmet's middleware, built once: the Fastify wrapper built it again for every
  // request, re-reading the CSP directives each time (a few per cent of a small call).
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        // The API docs page (Swagger UI) loads its own script and styles only.
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error as Error | undefined),
    );
  });
  const allowed = new Set(options.corsOrigins ?? []);
  await app.register(cors, {
    // A same-origin request has no Origin to check; a listed one is echoed; others get
    // no CORS headers, so the browser withholds the answer from the calling page.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
  });
  // Off by default: only routes that set `config.rateLimit` are limited.
  await app.register(rateLimit, { global: false });
}
