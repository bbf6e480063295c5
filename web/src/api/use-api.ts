/**
 * `useApi(path)`: a GET the page renders from — loading, the data, or the error's
 * sentence — refetched when the path changes, and abandoned (aborted) when the page
 * moves on, so an old answer never overwrites a newer one.
 */
import { useEffect, useState } from 'react';
import { ApiError, callApi } from './client.ts';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly data: T };

/** `attempt`: bump it to fetch the same path again (a "Try again" button). */
export function useApi<T>(path: string | null, attempt = 0): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `attempt` asks for the same path again
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setResult({ state: 'loading' });
    callApi<T>(path, { signal: controller.signal }).then(
      (data) => setResult({ state: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({
          state: 'error',
          message:
            error instanceof ApiError ? error.message : 'Something went wrong loading this page.',
        });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);
  return result;
}
