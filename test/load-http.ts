/**
 * The load client's one way to call the server: a timed `fetch` that reads the whole
 * answer, keeps the `x-request-id` the audit trail files the call under, and turns what
 * was answered into a `CallRecord` — with the number of audit events the call must have
 * written, which `load-checks.ts` counts in the database afterwards.
 */
import type { CallRecord } from './load-plan.ts';

export type Json = Record<string, unknown>;

export interface Call {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** `Bearer …` for a token; absent for the public or a cookie-only call. */
  readonly authorization?: string | undefined;
  /** The session cookie's value. */
  readonly session?: string | undefined;
  readonly csrf?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly requestId: string | null;
  readonly json: Json | null;
  /** The session cookie the answer sets, if it sets one. */
  readonly setSession: string | null;
}

const SESSION_COOKIE = 'timely_session';
/** A call that takes longer is a failure of its own (the server is stuck), not a wait. */
const CALL_TIMEOUT_MS = 30_000;

export async function send(address: string, call: Call): Promise<Answer> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.authorization) headers.authorization = call.authorization;
  if (call.session !== undefined) headers.cookie = `${SESSION_COOKIE}=${call.session}`;
  if (call.csrf !== undefined) headers['x-csrf-token'] = call.csrf;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(`${address}${call.path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let json: Json | null = null;
  if (/json/.test(response.headers.get('content-type') ?? '') && text !== '') {
    json = JSON.parse(text) as Json;
  }
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const value = cookie?.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? null;
  return {
    status: response.status,
    ms,
    requestId: response.headers.get('x-request-id'),
    json,
    setSession: value === '' ? null : value,
  };
}

/** How many records of members' care an answer shows: each is one audited read. */
export function recordsShown(answer: Answer): number {
  const json = answer.json;
  if (answer.status !== 200 || json === null) return 0;
  if (json.resourceType === 'Bundle') {
    const entries = (json.entry ?? []) as { resource?: { resourceType?: string } }[];
    return entries.filter((e) => PHI_RESOURCES.has(e.resource?.resourceType ?? '')).length;
  }
  if (typeof json.resourceType === 'string') return PHI_RESOURCES.has(json.resourceType) ? 1 : 0;
  if (Array.isArray(json.items)) return json.items.length;
  return 1;
}

const PHI_RESOURCES = new Set(['Patient', 'Appointment']);

/**
 * The record of a call: `expected` says which statuses are right, `audit` how many
 * events the answer must have written. Anything else is a problem (a 5xx always is).
 */
export function recordOf(
  name: string,
  answer: Answer,
  expected: readonly number[],
  audit: number,
): CallRecord {
  const right = expected.includes(answer.status);
  const detail = problemDetail(answer.json);
  return {
    name,
    status: answer.status,
    ms: answer.ms,
    requestId: answer.requestId,
    audit,
    problem: right ? undefined : `${name} answered ${answer.status}${detail}`,
  };
}

/** What a problem (RFC 9457) or an OperationOutcome says went wrong. */
function problemDetail(json: Json | null): string {
  if (typeof json?.detail === 'string') return `: ${json.detail}`;
  const issue = (json?.issue as { diagnostics?: string; details?: { text?: string } }[])?.[0];
  const text = issue?.diagnostics ?? issue?.details?.text;
  return text ? `: ${text}` : '';
}
