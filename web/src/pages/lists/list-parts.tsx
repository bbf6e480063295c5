/**
 * What the at-risk and breach pages share: filters kept in the address (a filtered list
 * can be shared, and survives a reload), the CSV link with the same filters, the pager
 * over the API's cursors, and how time left and request types read.
 */
import { useState } from 'react';
import { policyOf } from '../../../../src/auth/policy.ts';
import type { Role } from '../../../../src/auth/principal.ts';
import { navigate, useLocation } from '../../app/router.ts';

export const PAGE_SIZE = 25;

export const REQUEST_TYPES: readonly (readonly [string, string])[] = [
  ['urgent-intake', 'Urgent intake'],
  ['routine-intake', 'Routine intake'],
  ['followup', 'Follow-up'],
  ['psychiatry', 'Psychiatry'],
];
const TYPE_NAMES = new Map(REQUEST_TYPES);

export function typeName(type: string): string {
  return TYPE_NAMES.get(type) ?? type;
}

/**
 * The filters of a list page, read from and written to the address (replacing the
 * entry: a filter is not a step back); changing one starts again at the first page.
 */
export function useAddressFilters<const K extends string>(path: string, names: readonly K[]) {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const values = Object.fromEntries(names.map((name) => [name, params.get(name) ?? ''])) as Record<
    K,
    string
  >;
  // Cursors of the pages before this one; the last is this page's. Reset by a filter.
  const [cursors, setCursors] = useState<readonly string[]>([]);
  const [pagesOf, setPagesOf] = useState(search);
  if (pagesOf !== search) {
    setPagesOf(search);
    setCursors([]);
  }
  const setFilter = (name: K, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(`${path}${text ? `?${text}` : ''}`, { replace: true });
  };
  /** The API query of the filters that are set (empty ones left to the API's defaults). */
  const apiQuery = () => {
    const query = new URLSearchParams();
    for (const name of names) if (values[name]) query.set(name, values[name]);
    return query;
  };
  return { values, setFilter, apiQuery, cursors, setCursors };
}

/** A download of the list as CSV: the same filters, every row (`?format=csv`). */
export function CsvLink({ href, what }: { readonly href: string; readonly what: string }) {
  return (
    <a className="csv-link" href={href} download>
      Download {what} as CSV
    </a>
  );
}

export function Pager({
  cursors,
  setCursors,
  nextCursor,
}: {
  readonly cursors: readonly string[];
  readonly setCursors: (cursors: readonly string[]) => void;
  readonly nextCursor: string | null;
}) {
  return (
    <div className="actions">
      <button
        type="button"
        disabled={cursors.length === 0}
        onClick={() => setCursors(cursors.slice(0, -1))}
      >
        Previous page
      </button>
      <button
        type="button"
        disabled={nextCursor === null}
        onClick={() => nextCursor !== null && setCursors([...cursors, nextCursor])}
      >
        Next page
      </button>
    </div>
  );
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RELATIVE = new Intl.RelativeTimeFormat('en-US', { numeric: 'always' });

/** "in 5 hours", "in 3 days", "2 days ago": hours while under two days, then days. */
export function relativeTime(instant: string, now: number): string {
  const ms = Date.parse(instant) - now;
  const abs = Math.abs(ms);
  if (abs < 2 * DAY) return RELATIVE.format(Math.trunc(ms / HOUR), 'hour');
  return RELATIVE.format(Math.trunc(ms / DAY), 'day');
}

/**
 * Whether the role may open a request's options and book it: both routes granted by the
 * server's policy table (compliance reads the lists but does not book).
 */
export function mayBook(role: Role): boolean {
  return (
    policyOf('GET', '/requests/:centerId/:id/availability')?.[role] !== undefined &&
    policyOf('POST', '/requests/:centerId/:id/book')?.[role] !== undefined
  );
}
