import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { RequestTable } from './request-table.ts';
import { compareRequests, priorityOrder } from './requests.ts';

interface Item {
  readonly urgent: boolean;
  readonly deadline: number;
  readonly clockStart: number;
}

/** A request table holding the items as requests 0, 1, 2…; only what the order reads matters. */
function tableOf(items: readonly Item[]): RequestTable {
  const table = new RequestTable();
  for (const [i, x] of items.entries()) {
    table.add(
      {
        id: `r${i}`,
        patientId: `p${i}`,
        type: 'routine-intake',
        standard: 'routine-nonphysician',
        clockStart: x.clockStart,
      },
      {
        urgent: x.urgent,
        deadline: x.deadline,
        standardDeadline: x.deadline,
        minStart: x.clockStart,
        prior: -1,
        profile: 0,
      },
    );
  }
  return table;
}

const item = (urgent: boolean, deadline: number, clockStart: number): Item => ({
  urgent,
  deadline,
  clockStart,
});

/** The order a comparator sort gives the given request numbers. */
function byComparator(table: RequestTable, requests: Int32Array, urgentFirst: boolean): number[] {
  return Array.from(requests).sort((a, b) => compareRequests(table, a, b, urgentFirst));
}

const numbers = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 5);

describe('priorityOrder (the order in which a batch is served)', () => {
  it('puts urgent first, then earliest deadline, then earliest request, then submission order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            urgent: fc.boolean(),
            deadlineDay: fc.integer({ min: 0, max: 30 }),
            clockMinute: fc.integer({ min: 0, max: 60 * 24 * 20 }),
          }),
          { maxLength: 200 },
        ),
        fc.boolean(),
        (items, urgentFirst) => {
          const table = tableOf(
            items.map((x) =>
              item(x.urgent, BASE + x.deadlineDay * DAY, BASE + x.clockMinute * 60_000),
            ),
          );
          const all = numbers(items.length);
          expect(Array.from(priorityOrder(table, all, urgentFirst))).toEqual(
            byComparator(table, all, urgentFirst),
          );
        },
      ),
    );
  });

  it('orders a batch large enough for the radix sort exactly like the comparator, in or out of submission order', () => {
    const random = new Random(7);
    const n = 120_000;
    const table = tableOf(
      Array.from({ length: n }, () =>
        item(
          random.chance(0.05),
          BASE + random.int(30) * DAY + (random.chance(0.1) ? random.int(DAY) : 0),
          BASE + random.int(20 * DAY),
        ),
      ),
    );
    const all = numbers(n);
    expect(Array.from(priorityOrder(table, all, true))).toEqual(byComparator(table, all, true));

    const shuffled = all.slice().reverse();
    expect(Array.from(priorityOrder(table, shuffled, true))).toEqual(
      byComparator(table, shuffled, true),
    );
  });

  it('still orders correctly when times span more than the radix sort handles', () => {
    const table = tableOf([
      item(false, BASE + 400 * 365 * DAY, BASE),
      item(true, BASE - 400 * 365 * DAY, BASE),
      item(false, BASE, BASE),
    ]);
    expect(Array.from(priorityOrder(table, numbers(3), true))).toEqual([1, 2, 0]);
  });
});
