/**
 * Whether an error means "the database is not there right now" — stopped, restarting,
 * unreachable, out of connections — rather than "this request is wrong" or "Timely has
 * a bug". The API answers the first kind with 503 and `Retry-After` (it will pass, and
 * it is nobody's fault), the others with 4xx or 500 (problem.ts).
 *
 * Three sources, tested by code where there is one, never by a message a server wrote:
 * - the socket: Node's system error codes (`ECONNREFUSED`: nothing listens; `ECONNRESET`,
 *   `EPIPE`: the connection was cut; `ENOTFOUND`, `EAI_AGAIN`: the host name does not
 *   resolve; …);
 * - node-postgres' own errors, which carry no code, only fixed text of the library's
 *   (`pg/lib/client.js`, `pg-pool/index.js`): the server closed the connection, or no
 *   connection was had within `connectionTimeoutMillis`;
 * - PostgreSQL's SQLSTATE (Appendix A, "PostgreSQL Error Codes"): class 08 (connection
 *   exception), 57P01–57P03 (the server is shutting down or starting up) and 53300
 *   (too_many_connections).
 */

/** Socket errors that mean the server cannot be reached or the connection broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** SQLSTATEs outside class 08 that mean "come back later". */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the server is stopping (pg_ctl stop -m fast)
  '57P02', // crash_shutdown: another backend crashed, every session is ended
  '57P03', // cannot_connect_now: the server is starting up or in recovery
  '53300', // too_many_connections: max_connections reached
]);

/** node-postgres' fixed texts for a lost or never-had connection, by what they mean. */
const PG_MESSAGES: readonly (readonly [prefix: string, reason: string])[] = [
  // The server (or something between) closed the socket: `Connection terminated
  // unexpectedly`, `… due to connection timeout`.
  ['Connection terminated', 'connection-lost'],
  // A client that lost its connection earlier, asked again.
  ['Client has encountered a connection error', 'connection-lost'],
  ['Client was closed and is not queryable', 'connection-lost'],
  // pg-pool: no connection within `connectionTimeoutMillis` (connecting, or waiting for
  // a free one in a full pool).
  ['timeout exceeded when trying to connect', 'connect-timeout'],
];

/** How deep to follow `cause` and an AggregateError's `errors` (Node's multi-address connect). */
const MAX_DEPTH = 4;

/**
 * Why the database is unavailable, as a short fixed label fit for a log line (a socket
 * code, `sqlstate 57P01`, `connection-lost`, `connect-timeout`), or undefined when the
 * error is not of that kind.
 */
export function unavailableReason(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return undefined;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return code;
    // Checked after the socket codes: `EPIPE` has the shape of an SQLSTATE too.
    if (/^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_STATES.has(code)) return `sqlstate ${code}`;
  }
  // Only node-postgres' own errors, which have no code: a server's message is its own.
  if (code === undefined && typeof message === 'string') {
    for (const [prefix, reason] of PG_MESSAGES) if (message.startsWith(prefix)) return reason;
  }
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const reason = unavailableReason(inner, depth + 1);
      if (reason !== undefined) return reason;
    }
  }
  return cause === undefined ? undefined : unavailableReason(cause, depth + 1);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailableReason(error) !== undefined;
}
