/**
 * The stoppage the wizard is on: read once, read again after each write (or replaced by
 * the write's own answer), and kept on the page meanwhile — a step must not blank out
 * into "Loading…" each time a toggle saves.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, callApi } from '../../api/client.ts';
import type { Loadable } from '../../api/use-api.ts';
import type { Stoppage } from './types.ts';

export function stoppagePath(id: string, rest = ''): string {
  return `/stoppages/${encodeURIComponent(id)}${rest}`;
}

export function useStoppage(id: string) {
  const [loaded, setLoaded] = useState<{ readonly id: string; readonly value: Loadable<Stoppage> }>(
    { id, value: { state: 'loading' } },
  );
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `attempt` reads the same stoppage again
  useEffect(() => {
    const controller = new AbortController();
    callApi<Stoppage>(stoppagePath(id), { signal: controller.signal }).then(
      (data) => setLoaded({ id, value: { state: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          error instanceof ApiError ? error.message : 'The stoppage could not be read.';
        setLoaded({ id, value: { state: 'error', message } });
      },
    );
    return () => controller.abort();
  }, [id, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback(
    (data: Stoppage) => setLoaded({ id: data.id, value: { state: 'ready', data } }),
    [],
  );
  // Another stoppage's record is never shown for this one, even for a render.
  const current: Loadable<Stoppage> = loaded.id === id ? loaded.value : { state: 'loading' };
  return { loaded: current, reload, replace };
}
