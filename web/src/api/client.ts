/**
 * The one way the web app calls the API: same origin, JSON, the session cookie sent by
 * the browser, and the session's CSRF token in `x-csrf-token` on every write
 * (docs/security.md). The token lives in this module's memory only — never in storage a
 * script of another page load could read — so a reload forgets it.
 *
 * Every failure becomes an `ApiError` with a sentence fit for the page (the problem's
 * `detail`, RFC 9457); a network failure or a non-JSON answer gets a fixed text. Nothing
 * here ever shows a stack trace or the raw body.
 */

const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    /** The problem document (RFC 9457) when the answer had one: a 409's next options. */
    readonly problem: Readonly<Record<string, unknown>> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API says the caller is not signed in (the session ended or expired). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Extra headers (an `Idempotency-Key`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Leave a 401 to the caller (sign-in, the first /auth/me) instead of signing out. */
  readonly quietUnauthenticated?: boolean;
}

export async function callApi<T>(path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken !== null) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server could not be reached. Check the connection and try again.');
  }
  if (response.status === 401 && !options.quietUnauthenticated) {
    for (const listener of unauthenticatedListeners) listener();
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    throw new ApiError(response.status, problemText(response.status, problem), problem);
  }
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, 'The server sent an answer this page cannot read.');
  }
}

/** The answer's problem document, or null when it is not JSON (a proxy's error page, say). */
async function problemOf(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The sentence to show for a failed call: the problem's detail, or a text by status. */
function problemText(status: number, problem: Record<string, unknown> | null): string {
  const detail = problem?.detail;
  const title = problem?.title;
  if (typeof detail === 'string' && detail !== '') return sentence(detail);
  if (typeof title === 'string' && title !== '') return sentence(title);
  if (status >= 500) return 'The server had a problem answering. Try again shortly.';
  return `The request was refused (HTTP ${status}).`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
