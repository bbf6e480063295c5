/**
 * The server's log: pino (Fastify's logger), JSON lines, with personal data kept out.
 *
 * Two layers, because redaction by key alone is a deny-list and deny-lists leak
 * (STYLE.md, "Log through allow-lists"):
 * - requests are logged through allow-listed serializers: the route *template*
 *   (`/patients/:centerId/:id`), never the URL with its query string (`?memberNumber=…`),
 *   and errors by type and code only when they come from the database (whose messages
 *   quote row values: "Key (member_number)=(M-1) already exists");
 * - anything else a handler logs is scrubbed of the keys that hold names, member ids,
 *   birth dates and notes, at any depth and inside arrays (pino's own `redact` takes
 *   fixed paths, which miss `body.sessions[3].name`).
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { sqlStateOf } from '../db/sql-state.ts';
import { TimelyError } from '../engine/errors.ts';

export const LOG_LEVEL_VARIABLE = 'TIMELY_LOG_LEVEL';
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const PERSONAL_KEYS = [
  'name',
  'displayName',
  'display_name',
  'memberNumber',
  'member_number',
  'birthDate',
  'birth_date',
  'notes',
  'note',
  'summary',
  'email',
];

const PERSONAL = new Set(
  [...PERSONAL_KEYS, 'authorization', 'cookie'].map((key) => key.toLowerCase()),
);
const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/** A copy of `value` with every personal key's value replaced, at any depth. */
export function scrubPersonal(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubPersonal(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = PERSONAL.has(key.toLowerCase()) ? REDACTED : scrubPersonal(item, depth + 1);
  }
  return copy;
}

export interface LogSettings {
  /** pino level; default: TIMELY_LOG_LEVEL, else `silent` under a test runner, else `info` */
  level?: string | undefined;
  /** where lines go (default stdout); tests pass a collector */
  stream?: { write(line: string): void } | undefined;
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const level = env[LOG_LEVEL_VARIABLE] ?? (env.VITEST ? 'silent' : 'info');
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new TimelyError(
      'FIELD_INVALID',
      `${LOG_LEVEL_VARIABLE}: expected one of ${LEVELS.join(', ')}, got "${level}"`,
      { path: LOG_LEVEL_VARIABLE },
    );
  }
  return level;
}

export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Fastify's `logger` option. */
export function loggerOptions(settings: LogSettings = {}): LoggerOptions {
  return {
    level: settings.level ?? logLevelFromEnv(),
    serializers: { req: serializeRequest, err: serializeError },
    formatters: { log: scrubLogObject },
    ...(settings.stream === undefined ? {} : { stream: settings.stream }),
  };
}

/** Keys with an allow-list serializer are left for it (it needs the live object). */
const SERIALIZED = new Set(['req', 'res', 'err']);

function scrubLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const scrubbed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    scrubbed[key] = SERIALIZED.has(key)
      ? value
      : PERSONAL.has(key.toLowerCase())
        ? REDACTED
        : scrubPersonal(value, 1);
  }
  return scrubbed;
}

function serializeRequest(request: FastifyRequest) {
  return {
    id: request.id,
    method: request.method,
    route: request.routeOptions?.url ?? '(no route)',
    remoteAddress: request.ip,
  };
}

function serializeError(error: unknown): {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
} {
  if (!(error instanceof Error)) return { type: typeof error, message: '', stack: '' };
  const state = sqlStateOf(error);
  if (state !== undefined) {
    // The message and stack's first line quote values ("Key (member_number)=(…)").
    const { constraint, table } = error as { constraint?: unknown; table?: unknown };
    return {
      type: error.name,
      message: `database error ${state}`,
      stack: '',
      sqlState: state,
      constraint,
      table,
    };
  }
  const code = (error as { code?: unknown }).code;
  return { type: error.name, code, message: error.message, stack: error.stack ?? '' };
}
