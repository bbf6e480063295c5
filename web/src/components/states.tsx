/**
 * The three states every page has besides its data: loading, empty and failed. Each is
 * announced to screen readers (a live region), and a failure shows only a sentence —
 * never a stack trace or a raw answer.
 */
import type { ReactNode } from 'react';

export function Loading({ what }: { readonly what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { readonly children: ReactNode }) {
  return (
    <p className="state state-empty" role="status">
      {children}
    </p>
  );
}

export function Failure({
  message,
  onRetry,
}: {
  readonly message: string;
  readonly onRetry?: () => void;
}) {
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>Could not load this.</strong> {message}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
