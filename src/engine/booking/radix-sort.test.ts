import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RADIX_KEY_LIMIT, radixSortIndices } from './radix-sort.ts';

describe('radixSortIndices', () => {
  it('orders indices by key and keeps the given order among equal keys (stable)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: RADIX_KEY_LIMIT - 1 }), { maxLength: 300 }),
        fc.boolean(),
        (values, fewDistinct) => {
          // Few distinct keys make ties common, which is where stability shows.
          const keys = Float64Array.from(values, (v) => (fewDistinct ? v % 5 : v));
          const order = Uint32Array.from(keys, (_, i) => i);
          const sorted = Array.from(radixSortIndices(order, keys));
          const expected = Array.from(order).sort((a, b) => keys[a]! - keys[b]! || a - b);
          expect(sorted).toEqual(expected);
        },
      ),
    );
  });

  it('sorts keys that need all three 16-bit digits', () => {
    const keys = Float64Array.from([2 ** 47, 1, 2 ** 32 + 5, 2 ** 32 + 4, 0]);
    expect(Array.from(radixSortIndices(Uint32Array.from([0, 1, 2, 3, 4]), keys))).toEqual([
      4, 1, 3, 2, 0,
    ]);
  });
});
