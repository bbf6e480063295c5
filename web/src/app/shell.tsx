/**
 * The frame around every signed-in page: a skip link, the app's name, the menu of the
 * pages this role may open (app/catalog.ts), who is signed in, and signing out. Focus
 * moves to the page's heading on every navigation, so keyboard and screen-reader users
 * start at the new content.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { PublicPrincipal } from '../api/types.ts';
import { Link } from '../components/link.tsx';
import { pagesFor } from './catalog.ts';
import { useSession } from './session.tsx';

export function Shell({
  principal,
  path,
  children,
}: {
  readonly principal: PublicPrincipal;
  readonly path: string;
  readonly children: ReactNode;
}) {
  const { signOut } = useSession();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const main = useRef<HTMLElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new path, which it does not read
  useEffect(() => {
    // A new page: put focus on its heading (WCAG 2.4.3 focus order).
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  const leave = () => {
    setSignOutError(null);
    signOut().catch(() => setSignOutError('Could not sign out. Try again.'));
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Timely</span>
        <nav aria-label="Main menu">
          <ul>
            {pagesFor(principal.role).map((page) => (
              <li key={page.id}>
                <Link to={page.path} current={page.path === path}>
                  {page.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span>
            {principal.name} <span className="role">({principal.role})</span>
          </span>
          <button type="button" onClick={leave}>
            Sign out
          </button>
        </div>
      </header>
      {signOutError && (
        <p className="state state-error" role="alert">
          {signOutError}
        </p>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
