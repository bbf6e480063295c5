/**
 * Clinicians' names for the clinicians a page shows: those `known` already (a list the
 * page loaded) and the others, each read once (`GET /clinicians/{centerId}/{id}`) and
 * kept for the page's life. A name that cannot be read shows as the clinician's id.
 * While `known` is still loading (null), nothing is read: most names will be in it.
 */
import { useEffect, useState } from 'react';
import { callApi } from './client.ts';
import type { Clinician } from './types.ts';

export interface ClinicianKey {
  readonly centerId: string;
  readonly id: string;
}

export function useClinicianNames(
  known: ReadonlyMap<string, string> | null,
  wanted: readonly ClinicianKey[],
): ReadonlyMap<string, string> {
  const [read, setRead] = useState<ReadonlyMap<string, string>>(new Map());
  const missing = [
    ...new Map(
      wanted.filter((c) => !known?.has(c.id) && !read.has(c.id)).map((c) => [c.id, c.centerId]),
    ),
  ];
  // A string, so the effect runs again only when the clinicians missing change.
  const missingKey = known === null ? '[]' : JSON.stringify(missing);

  useEffect(() => {
    const keys = JSON.parse(missingKey) as [string, string][];
    if (keys.length === 0) return;
    const controller = new AbortController();
    void Promise.all(
      keys.map(([id, centerId]) =>
        callApi<Clinician>(
          `/clinicians/${encodeURIComponent(centerId)}/${encodeURIComponent(id)}`,
          { signal: controller.signal },
        ).catch(() => null),
      ),
    ).then((found) => {
      if (controller.signal.aborted) return;
      setRead((before) => {
        const next = new Map(before);
        // Unreadable ones are remembered by their id, so they are not asked for again.
        for (const [i, [id]] of keys.entries()) next.set(id, found[i]?.name ?? id);
        return next;
      });
    });
    return () => controller.abort();
  }, [missingKey]);

  return new Map([...read, ...(known ?? [])]);
}
