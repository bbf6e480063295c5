/**
 * Who is signed in, for the whole app: asked once at load (`GET /auth/me`), set by
 * signing in (which also hands over the CSRF token, kept in memory by client.ts), and
 * cleared by signing out or when any call answers 401 (the session ended elsewhere or
 * expired after 12 hours).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, callApi, onUnauthenticated, setCsrfToken } from '../api/client.ts';
import type { PublicPrincipal, SignInAnswer } from '../api/types.ts';

export type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out'; readonly notice?: string }
  | { readonly status: 'unreachable'; readonly message: string }
  | { readonly status: 'signed-in'; readonly principal: PublicPrincipal };

export interface Session {
  readonly state: SessionState;
  signIn(name: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside <SessionProvider>');
  return session;
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  useEffect(() => {
    let live = true;
    callApi<{ principal: PublicPrincipal; csrfToken?: string }>('/auth/me', {
      quietUnauthenticated: true,
    }).then(
      ({ principal, csrfToken }) => {
        if (!live) return;
        // A reloaded page gets its session's CSRF token back, for its writes.
        if (csrfToken !== undefined) setCsrfToken(csrfToken);
        setState({ status: 'signed-in', principal });
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'signed-out' });
        else
          setState({
            status: 'unreachable',
            message: error instanceof ApiError ? error.message : 'Timely could not start.',
          });
      },
    );
    const stop = onUnauthenticated(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const signIn = useCallback(async (name: string, password: string) => {
    const answer = await callApi<SignInAnswer>('/auth/sign-in', {
      method: 'POST',
      body: { name, password },
      quietUnauthenticated: true,
    });
    setCsrfToken(answer.csrfToken);
    setState({ status: 'signed-in', principal: answer.principal });
  }, []);

  const signOut = useCallback(async () => {
    await callApi<void>('/auth/sign-out', { method: 'POST', quietUnauthenticated: true });
    setCsrfToken(null);
    setState({ status: 'signed-out', notice: 'You are signed out.' });
  }, []);

  return (
    <SessionContext.Provider value={{ state, signIn, signOut }}>{children}</SessionContext.Provider>
  );
}
