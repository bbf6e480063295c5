/**
 * A router the size of this app: the page is a function of `location.pathname`, links
 * push history entries, and the back button works. Client routes live under `/app/`
 * (src/server/web.ts serves the page at every one of them).
 */
import { useSyncExternalStore } from 'react';

const NAVIGATED = 'timely:navigated';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

/** The current location's path and query, re-rendering on every navigation. */
export function useLocation(): { readonly path: string; readonly search: string } {
  const path = useSyncExternalStore(subscribe, () => window.location.pathname);
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return { path, search };
}

export function navigate(to: string, options: { readonly replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
}
