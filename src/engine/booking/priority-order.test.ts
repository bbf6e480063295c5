import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { compareRequests, priorityOrder, type RequestRecord } from './requests.ts';

/** Only the fields the order reads; the rest of a record does not matter here. */
function record(seq: number, urgent: boolean, deadline: number, clockStart: number): RequestRecord {
  return { seq, urgent, deadline, clockStart } as unknown as RequestRecord;
}

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
          const records = items.map((x, i) =>
            record(i, x.urgent, BASE + x.deadlineDay * DAY, BASE + x.clockMinute * 60_000),
          );
          const expected = records
            .map((_, i) => i)
            .sort((a, b) => compareRequests(records[a]!, records[b]!, urgentFirst));
          expect(Array.from(priorityOrder(records, urgentFirst))).toEqual(expected);
        },
      ),
    );
  });

  it('orders a batch large enough for the radix sort exactly like the comparator, in or out of submission order', () => {
    const random = new Random(7);
    const n = 120_000;
    const records = Array.from({ length: n }, (_, i) =>
      record(
        i,
        random.chance(0.05),
        BASE + random.int(30) * DAY + (random.chance(0.1) ? random.int(DAY) : 0),
        BASE + random.int(20 * DAY),
      ),
    );
    const expected = records
      .map((_, i) => i)
      .sort((a, b) => compareRequests(records[a]!, records[b]!, true));
    expect(Array.from(priorityOrder(records, true))).toEqual(expected);

    const shuffled = records.slice().reverse();
    const expectedShuffled = shuffled
      .map((_, i) => i)
      .sort((a, b) => compareRequests(shuffled[a]!, shuffled[b]!, true));
    expect(Array.from(priorityOrder(shuffled, true, false))).toEqual(expectedShuffled);
  });

  it('still orders correctly when times span more than the radix sort handles', () => {
    const records = [
      record(0, false, BASE + 400 * 365 * DAY, BASE),
      record(1, true, BASE - 400 * 365 * DAY, BASE),
      record(2, false, BASE, BASE),
    ];
    expect(Array.from(priorityOrder(records, true))).toEqual([1, 2, 0]);
  });
});
