/** Signing in with a name and password (POST /auth/sign-in through the session). */
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { prefetchHomeCode } from '../app/prefetch.ts';
import { useSession } from '../app/session.tsx';
import { Link } from '../components/link.tsx';
import { PUBLIC_STATUS_PATH } from './public-status/public-status.ts';

export function SignInPage({ notice }: { readonly notice?: string | undefined }) {
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(prefetchHomeCode, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('name') ?? ''), String(form.get('password') ?? ''));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'The name or the password is not right.'
          : failure instanceof ApiError
            ? failure.message
            : 'Could not sign in. Try again.',
      );
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Timely</h1>
        <p className="lede">
          Timely access to mental-health care, measured against California’s standards.
        </p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="sign-in-name">Account name</label>
        <input id="sign-in-name" name="name" autoComplete="username" required maxLength={64} />
        <label htmlFor="sign-in-password">Password</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
        />
        {error && (
          <p className="state state-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        No account? <Link to={PUBLIC_STATUS_PATH}>See how timely access is</Link> across the
        network, and the help line for members who cannot get an appointment.
      </p>
    </main>
  );
}
