/** An in-app link: a real `<a href>` (open in a new tab works), routed without a reload. */
import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../app/router.ts';

export function Link({
  to,
  children,
  current = false,
}: {
  readonly to: string;
  readonly children: ReactNode;
  readonly current?: boolean;
}) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle modified clicks (new tab, new window, download).
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={follow} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
