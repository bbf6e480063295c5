/**
 * Errors as RFC 9457 problem details (`application/problem+json`): every 4xx and 5xx the
 * API sends has this one shape, names the field to fix when there is one, and never
 * carries a stack trace, an SQL message or a value the client sent (a value may be a
 * member's name). Statuses are decided here, in one place (STYLE.md, "Errors").
 *
 * https://www.rfc-editor.org/rfc/rfc9457 — `type` identifies the kind of problem; ours are
 * non-dereferenceable URNs (§3.1.1 allows that), stable across releases so clients can
 * switch on them.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SQL_STATE, sqlStateOf } from '../db/sql-state.ts';
import { unavailableReason } from '../db/unavailable.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * What a 503 tells the client to wait before trying again (RFC 9110 §10.2.3): about as
 * long as a database restart or a fail-over takes to begin answering.
 */
export const RETRY_AFTER_SECONDS = 5;

export const PROBLEM_KINDS = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Sign in or present an API token' },
  forbidden: { status: 403, title: 'Not allowed for this account' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the stored records' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'The request cannot be applied' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal server error' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** Where a bad field was: the JSON body, the query string, the URL path or a header. */
export type FieldLocation = 'body' | 'query' | 'path' | 'header';

export interface FieldError {
  /** Dotted path inside `in` (`sessions.2.startTime`); '' for the whole part. */
  readonly path: string;
  readonly in: FieldLocation;
  readonly message: string;
}

export const fieldErrorSchema = z.object({
  path: z.string().meta({ description: 'dotted path of the field, e.g. sessions.2.startTime' }),
  in: z.enum(['body', 'query', 'path', 'header']),
  message: z.string(),
});

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'urn:timely:problem:<kind>' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type ProblemBody = z.infer<typeof problemSchema>;

/** Thrown by handlers; the error handler turns it into the response. */
export class Problem extends Error {
  readonly kind: ProblemKind;
  readonly errors: readonly FieldError[] | undefined;

  constructor(kind: ProblemKind, detail: string, errors?: readonly FieldError[]) {
    super(detail);
    this.name = 'Problem';
    this.kind = kind;
    this.errors = errors;
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  toBody(): ProblemBody {
    const { status, title } = PROBLEM_KINDS[this.kind];
    return {
      type: `urn:timely:problem:${this.kind}`,
      title,
      status,
      detail: this.message,
      ...(this.errors === undefined ? {} : { errors: [...this.errors] }),
    };
  }
}

export function notFound(what: string): Problem {
  return new Problem('not-found', `${what} does not exist`);
}

/** A problem with one bad field (the common case for checks the schema cannot express). */
export function fieldProblem(
  kind: ProblemKind,
  location: FieldLocation,
  path: string,
  message: string,
): Problem {
  return new Problem(kind, `${path || location}: ${message}`, [{ path, in: location, message }]);
}

/** The problem responses every route may give, for its OpenAPI `response` map. */
export function problemResponses<const S extends readonly (keyof typeof STATUS_KIND)[]>(
  ...statuses: S
): Record<S[number], typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema])) as Record<
    S[number],
    typeof problemSchema
  >;
}

const STATUS_KIND = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  500: 'internal',
  503: 'unavailable',
} as const;

/** The problem for a database that does not answer (src/db/unavailable.ts): it will pass. */
export function databaseUnavailable(): Problem {
  return new Problem('unavailable', 'the database does not answer; try again shortly');
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  // Every 503 says when to come back; a route that knows better has set its own.
  if (problem.status === 503 && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  }
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toBody());
}

/**
 * Installs the error and not-found handlers. Fastify's default handler echoes
 * `error.message`, which for a database error can hold a row's values: replaced.
 */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    sendProblem(reply, new Problem('not-found', `no route ${request.method} ${pathOf(request)}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = problemOf(error);
    if (problem.kind === 'unavailable') {
      // Expected while the database is away, and one line per request: a warning with
      // a fixed reason, no stack (which would say nothing new, many times over).
      request.log.warn(
        { problem: problem.kind, status: problem.status, reason: unavailableReason(error) },
        'request refused: service unavailable',
      );
    } else if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info(
        { problem: problem.kind, status: problem.status, err: error },
        'request refused',
      );
    }
    // The serializer would check a problem against the route's response schema; a
    // problem is always one shape, so it is written out directly.
    reply.serializer(JSON.stringify);
    return sendProblem(reply, problem);
  });
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/** Maps anything thrown during a request to the problem to send. */
export function problemOf(error: unknown): Problem {
  if (error instanceof Problem) return error;
  // Before the SQLSTATE mapping: a lost connection is not the request's fault, nor a bug.
  if (unavailableReason(error) !== undefined) return databaseUnavailable();
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = locationOf((error as FastifyError).validationContext);
    const errors = error.validation.map((issue): FieldError => {
      const segments = issue.instancePath.split('/').slice(1).filter(Boolean);
      const keys = (issue.params as { keys?: unknown }).keys;
      // zod reports an unknown key at the object holding it; name the key itself.
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) {
        return {
          path: [...segments, String(keys[0])].join('.'),
          in: location,
          message: 'unknown field',
        };
      }
      return { path: segments.join('.'), in: location, message: issue.message ?? 'invalid' };
    });
    const first = errors[0];
    const detail = first ? `${first.path || location}: ${first.message}` : 'invalid request';
    return new Problem('invalid-request', detail, errors);
  }
  const state = sqlStateOf(error);
  if (state !== undefined) return problemOfSqlState(state);
  if (isFastifyError(error)) return problemOfFastifyError(error);
  return new Problem('internal', 'an unexpected error occurred; it has been logged');
}

/** Messages are fixed text: a database error's message and detail can quote row values. */
function problemOfSqlState(state: string): Problem {
  switch (state) {
    case SQL_STATE.uniqueViolation:
      return new Problem('conflict', 'a record with the same key already exists');
    case SQL_STATE.foreignKeyViolation:
      return new Problem(
        'conflict',
        'the change would leave a reference to a record that does not exist (or is still referenced)',
      );
    case SQL_STATE.checkViolation:
      return new Problem('unprocessable', 'the change breaks a rule of the records');
    case SQL_STATE.exclusionViolation:
      return new Problem('conflict', 'the time is already taken');
    case '22P02': // invalid_text_representation
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22021': // character_not_in_repertoire: a NUL byte in text (PostgreSQL refuses it)
    case '22P05': // untranslatable_character: \u0000 in jsonb
      return new Problem('invalid-request', 'a value is not in the expected format');
    default:
      return new Problem('internal', 'an unexpected error occurred; it has been logged');
  }
}

function isFastifyError(error: unknown): error is FastifyError {
  return typeof error === 'object' && error !== null && 'statusCode' in error;
}

/**
 * Errors Fastify raises before a handler runs (body parsing, limits, content type). Their
 * messages are replaced too: the JSON parser's quotes a piece of the body.
 */
function problemOfFastifyError(error: FastifyError): Problem {
  const body = (message: string) => [{ path: '', in: 'body' as const, message }];
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem('body-too-large', 'the body is larger than the limit', body('too large'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem('unsupported-media-type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem('invalid-request', 'the body is empty', body('empty'));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem('invalid-request', 'the body is not valid JSON', body('not valid JSON'));
    default: {
      const status = error.statusCode ?? 500;
      if (status === 413)
        return problemOfFastifyError({ ...error, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
      if (status === 415)
        return new Problem('unsupported-media-type', 'send the body as application/json');
      if (status === 405) return new Problem('method-not-allowed', 'method not allowed');
      if (status === 404) return new Problem('not-found', 'not found');
      if (status === 429) {
        return new Problem('too-many-requests', 'too many requests; wait and try again');
      }
      // Other refusals Fastify makes before a handler runs (a bad Content-Length, …).
      if (status >= 400 && status < 500) {
        return new Problem('invalid-request', 'the request is not valid');
      }
      return new Problem('internal', 'an unexpected error occurred; it has been logged');
    }
  }
}

function locationOf(context: string | undefined): FieldLocation {
  if (context === 'querystring') return 'query';
  if (context === 'params') return 'path';
  if (context === 'headers') return 'header';
  return 'body';
}
