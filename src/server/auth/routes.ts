/**
 * Signing in and out of the web app: `POST /auth/sign-in` (name and password → a fresh
 * session cookie and its CSRF token), `POST /auth/sign-out`, `GET /auth/me`.
 *
 * The session cookie is httpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it) and Secure unless the server is told it runs without TLS in
 * development. Sign-in attempts are rate-limited per address on top of the per-account
 * lockout (src/auth/sign-in.ts); every attempt, either way, is an audit event.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.ts';
import { createSession, csrfTokenOf, endSession, SESSION_HOURS } from '../../auth/sessions.ts';
import { signIn } from '../../auth/sign-in.ts';
import type { RouteOptions } from '../app.ts';
import { recordAudit } from '../audit.ts';
import { Problem, problemResponses } from '../problem.ts';
import { SESSION_COOKIE, unauthenticated } from './authenticate.ts';

export interface AuthRouteOptions extends RouteOptions {
  /** Mark the session cookie Secure (default true; false only for plain-HTTP development). */
  readonly secureCookies?: boolean | undefined;
  /** Sign-in attempts allowed per address per minute (default 10). */
  readonly signInsPerMinute?: number | undefined;
}

const principalSchema = z.object({
  name: z.string(),
  role: z.string(),
  centerId: z.string().nullable(),
  clinician: z.object({ centerId: z.string(), id: z.string() }).nullable(),
});

const signInBody = z.strictObject({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (
  app,
  { db, secureCookies = true, signInsPerMinute = 10 },
) => {
  const tags = ['accounts'];
  const cookieOptions = {
    httpOnly: true,
    secure: secureCookies,
    sameSite: 'strict' as const,
    path: '/',
  };

  app.post(
    '/auth/sign-in',
    {
      config: {
        rateLimit: { max: signInsPerMinute, timeWindow: 60_000 },
        // A cookie the browser brings is never the caller here: it is ended below.
        replacesSession: true,
      },
      schema: {
        tags,
        summary: 'Sign in with a name and password: sets the session cookie',
        description:
          'The answer carries the CSRF token the web app sends back in the x-csrf-token ' +
          'header on every write. Wrong name, wrong password, a locked or disabled account: ' +
          'all the same 401.',
        body: signInBody,
        response: {
          200: z.object({
            principal: principalSchema,
            csrfToken: z.string(),
            expiresAt: z.string(),
          }),
          ...problemResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const { name, password } = request.body;
      const result = await signIn(db, name, password);
      if (!result.ok) {
        await recordAudit(db, request, [
          {
            action: 'E',
            entityType: 'Session',
            entityId: result.userId ?? 'unknown-account',
            outcome: 'failure',
            detail: { reason: result.why },
          },
        ]);
        throw new Problem('unauthenticated', 'the name or the password is not right');
      }
      const { principal } = result;
      // A fresh session at every sign-in: a cookie set before it is never promoted.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await endSession(db, previous);
      const session = await createSession(db, principal.userId);
      request.principal = principal;
      await recordAudit(db, request, [
        {
          action: 'E',
          entityType: 'Session',
          entityId: principal.userId,
          detail: { event: 'sign-in' },
        },
      ]);
      reply.setCookie(SESSION_COOKIE, session.secret, {
        ...cookieOptions,
        maxAge: SESSION_HOURS * 3600,
      });
      return {
        principal: publicPrincipal(principal),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/auth/sign-out',
    {
      schema: {
        tags,
        summary: 'End this session at once',
        response: { 204: z.null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await endSession(db, secret);
      await recordAudit(db, request, [
        {
          action: 'E',
          entityType: 'Session',
          entityId: request.principal?.userId ?? 'unknown-account',
          detail: { event: 'sign-out' },
        },
      ]);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags,
        summary: 'The account this request acts for',
        description:
          'Signed in with the session cookie, the answer also carries the CSRF token ' +
          '(a reloaded page has lost it and needs it for its next write).',
        response: {
          200: z.object({ principal: principalSchema, csrfToken: z.string().optional() }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      if (!request.principal) throw unauthenticated();
      const secret = request.cookies[SESSION_COOKIE];
      return {
        principal: publicPrincipal(request.principal),
        ...(request.principal.via === 'session' && secret
          ? { csrfToken: csrfTokenOf(secret) }
          : {}),
      };
    },
  );
};

function publicPrincipal(principal: Principal) {
  return {
    name: principal.name,
    role: principal.role,
    centerId: principal.centerId,
    clinician: principal.clinician,
  };
}
