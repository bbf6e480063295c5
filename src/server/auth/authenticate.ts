/**
 * Authentication and the route policy, for every request, before any handler runs:
 *
 * 1. Who is calling: `Authorization: Bearer <token>` (scripts, FHIR clients), else the
 *    session cookie (the web app), else no one (`public`). A Bearer token that does not
 *    check out is a 401 at once, never a silent fall-back to public.
 * 2. A cookie-authenticated write must carry the session's CSRF token in `x-csrf-token`
 *    (a Bearer token cannot be sent by another site, so it needs none).
 * 3. The route's policy (`src/auth/policy.ts`): no entry → 403; a role without access →
 *    401 for the public (sign in), 403 for an account; `own` access is narrowed to the
 *    caller's clinician by `ownership.ts`.
 *
 * Every refusal is the same problem text whatever failed (unknown token, revoked,
 * expired, disabled account): nothing tells a caller which part was wrong.
 */

import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { tokenPrincipal } from '../../auth/accounts.ts';
import { type Access, policyOf } from '../../auth/policy.ts';
import type { CallerRole, Principal } from '../../auth/principal.ts';
import { findSession } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { unavailableReason } from '../../db/unavailable.ts';
import { Problem, RETRY_AFTER_SECONDS } from '../problem.ts';
import { checkOwnership } from './ownership.ts';

export const SESSION_COOKIE = 'timely_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route acts for no session even when a cookie names one: sign-in, which
     * replaces whatever session the browser holds (a live one of another account
     * included) instead of acting under it — so it needs no CSRF token of it either.
     */
    readonly replacesSession?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in account, or null for the public. */
    principal: Principal | null;
    /** What the route's policy grants this caller. */
    access: Access;
  }
}

export interface AuthenticateOptions {
  readonly db: Kysely<Database>;
  /** The clock (tests); `new Date()` by default. */
  readonly now?: (() => Date) | undefined;
}

export function unauthenticated(): Problem {
  return new Problem('unauthenticated', 'sign in, or present a valid API token');
}

export function forbidden(): Problem {
  return new Problem('forbidden', 'this account may not do this');
}

export const authenticate = fp(
  async (app: FastifyInstance, { db, now = () => new Date() }: AuthenticateOptions) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('access', 'all');

    // Refuse to start with a route nobody decided about (fail closed, and loudly).
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'OPTIONS' && policyOf(method, route.url) === undefined) {
          throw new Error(`route ${method} ${route.url} has no entry in src/auth/policy.ts`);
        }
      }
    });

    app.addHook('onRequest', async (request, reply) => {
      const url = request.routeOptions.url;
      // No route matched: the not-found handler answers (404), nothing to protect.
      if (url === undefined) return;
      const policy = policyOf(request.method, url);
      if (policy === undefined) throw forbidden();

      let caller: Principal | null;
      try {
        caller = await identify(request, db, now());
      } catch (error) {
        if (error instanceof Problem) throw error;
        // The credentials could not be checked: the database is away, which is not the
        // caller's fault and will pass (RFC 9110 §15.6.4: 503 with Retry-After).
        request.log.warn(
          { reason: unavailableReason(error) ?? 'unknown' },
          'credentials not checked: database unavailable',
        );
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        throw new Problem('unavailable', 'the database does not answer; try again shortly');
      }
      request.principal = caller;
      const role: CallerRole = caller?.role ?? 'public';
      const access = policy[role];
      if (access === undefined) throw caller ? forbidden() : unauthenticated();
      request.access = access;
      if (access === 'own') await checkOwnership(db, request, caller!);
    });
  },
  { name: 'timely-authenticate' },
);

async function identify(
  request: FastifyRequest,
  db: Kysely<Database>,
  now: Date,
): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    const principal = match ? await tokenPrincipal(db, match[1]!, now) : undefined;
    if (!principal) throw unauthenticated();
    return principal;
  }
  if (request.routeOptions.config.replacesSession) return null;
  const secret = request.cookies?.[SESSION_COOKIE];
  if (secret === undefined || secret === '') return null;
  const session = await findSession(db, secret, now);
  // An expired or ended session is simply no session: the route decides if that is enough.
  if (!session) return null;
  if (!SAFE_METHODS.has(request.method)) {
    const token = request.headers[CSRF_HEADER];
    if (typeof token !== 'string' || !session.csrfMatches(token)) {
      throw new Problem(
        'forbidden',
        `a write from the web app must carry the ${CSRF_HEADER} header`,
      );
    }
  }
  return session.principal;
}
