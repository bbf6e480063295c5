/**
 * Paging over derived slots. They are not rows, so `../pagination.ts` cannot page them;
 * the same idea applies: the cursor is the last slot's (start, id), the list's total
 * order, and is bound to the search parameters it was made for.
 */
import { badParameter } from './outcome.ts';
import type { DerivedSlot } from './resources.ts';
import type { ParsedSearch } from './search-params.ts';

interface SlotCursor {
  readonly f: string;
  readonly s: number;
  readonly i: string;
}

export function slotPage(
  slots: readonly DerivedSlot[],
  search: ParsedSearch,
  filters: Readonly<Record<string, unknown>>,
): { slots: DerivedSlot[]; nextCursor: string | null } {
  const key = JSON.stringify(Object.entries(filters).sort(([a], [b]) => (a < b ? -1 : 1)));
  let startAt = 0;
  if (search.cursor !== undefined) {
    const after = decode(search.cursor, key);
    startAt = slots.findIndex(
      (slot) => slot.start > after.s || (slot.start === after.s && slot.id > after.i),
    );
    if (startAt === -1) startAt = slots.length;
  }
  const page = slots.slice(startAt, startAt + search.count);
  const last = page.at(-1);
  const more = startAt + search.count < slots.length;
  const nextCursor =
    more && last !== undefined ? encode({ f: key, s: last.start, i: last.id }) : null;
  return { slots: page, nextCursor };
}

function encode(cursor: SlotCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decode(text: string, key: string): SlotCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badParameter('_cursor', 'not a cursor this server issued');
  }
  const cursor = parsed as Partial<SlotCursor> | null;
  if (
    typeof cursor !== 'object' ||
    cursor === null ||
    typeof cursor.f !== 'string' ||
    typeof cursor.s !== 'number' ||
    typeof cursor.i !== 'string'
  ) {
    throw badParameter('_cursor', 'not a cursor this server issued');
  }
  if (cursor.f !== key) {
    throw badParameter('_cursor', 'the cursor was made for other search parameters');
  }
  return cursor as SlotCursor;
}
