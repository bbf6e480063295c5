/**
 * The status flow of a hotline case, as data:
 *
 *   open → investigating → resolved | closed
 *   resolved | closed → investigating   (reopen: only through `reopen`, history kept)
 *
 * A case is looked into before it is settled, so nothing skips `investigating`; a
 * settled case changes only by being reopened, so what was settled is never rewritten
 * by an ordinary edit. Settling needs a resolution code of the status it settles into.
 * Pure: no I/O; the routes map each refusal to its HTTP status in one place.
 */
import {
  type CaseStatus,
  isSettled,
  RESOLUTION_CODES,
  type ResolutionCode,
  type SettledStatus,
} from './case-codes.ts';

/** The statuses an edit may move a case to, from each status (reopening aside). */
export const NEXT_STATUSES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['investigating'],
  investigating: ['resolved', 'closed'],
  resolved: [],
  closed: [],
};

export type TransitionRefusal =
  /** The move is not in the flow from the stored status (HTTP 409). */
  | { readonly kind: 'not-allowed'; readonly from: CaseStatus; readonly to: CaseStatus }
  /** Settling without a resolution code (HTTP 422). */
  | { readonly kind: 'code-missing'; readonly to: SettledStatus }
  /** A code of the other settled status, or a code without settling (HTTP 422). */
  | { readonly kind: 'code-mismatch'; readonly to: CaseStatus; readonly code: ResolutionCode };

export type TransitionCheck =
  | { readonly ok: true; readonly resolutionCode: ResolutionCode | null }
  | { readonly ok: false; readonly refusal: TransitionRefusal };

/** Whether an edit may move a case from `from` to `to` with `code`. */
export function checkTransition(
  from: CaseStatus,
  to: CaseStatus,
  code: ResolutionCode | undefined,
): TransitionCheck {
  if (!NEXT_STATUSES[from].includes(to)) {
    return { ok: false, refusal: { kind: 'not-allowed', from, to } };
  }
  if (!isSettled(to)) {
    if (code !== undefined) return { ok: false, refusal: { kind: 'code-mismatch', to, code } };
    return { ok: true, resolutionCode: null };
  }
  if (code === undefined) return { ok: false, refusal: { kind: 'code-missing', to } };
  if (!(RESOLUTION_CODES[to] as readonly string[]).includes(code)) {
    return { ok: false, refusal: { kind: 'code-mismatch', to, code } };
  }
  return { ok: true, resolutionCode: code };
}

/** A case may be reopened once settled; it goes back to `investigating`. */
export function mayReopen(status: CaseStatus): boolean {
  return isSettled(status);
}

export const REOPENED_STATUS: CaseStatus = 'investigating';

/** Assignment, category, urgency and links change only while the case is not settled. */
export function mayEdit(status: CaseStatus): boolean {
  return !isSettled(status);
}

/** The sentence a refusal is explained with (the problem's detail). */
export function refusalMessage(refusal: TransitionRefusal): string {
  switch (refusal.kind) {
    case 'not-allowed':
      return refusal.from === refusal.to
        ? `the case is already ${refusal.from}`
        : isSettled(refusal.from)
          ? `the case is ${refusal.from}: reopen it first`
          : `a case that is ${refusal.from} cannot become ${refusal.to}; it can become ${NEXT_STATUSES[refusal.from].join(' or ')}`;
    case 'code-missing':
      return `a ${refusal.to} case needs a resolution code: one of ${RESOLUTION_CODES[refusal.to].join(', ')}`;
    case 'code-mismatch':
      return isSettled(refusal.to)
        ? `"${refusal.code}" is not a code for a ${refusal.to} case: use one of ${RESOLUTION_CODES[refusal.to].join(', ')}`
        : `a resolution code is given only when the case becomes resolved or closed`;
  }
}
