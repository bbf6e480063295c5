/**
 * Stable LSD radix sort of indices by non-negative integer keys below 2^48, in three
 * passes of 16 bits. Ordering 300,000 requests this way takes a few milliseconds, where
 * a comparator sort takes a hundred: it sorts every batch the engine places.
 */
const DIGIT = 65536;
const PASSES = 3;
export const RADIX_KEY_LIMIT = DIGIT ** PASSES;

/** Reorders `order` (indices into `key`) by key, keeping the current order among equal keys. */
export function radixSortIndices(order: Uint32Array, key: Float64Array): Uint32Array {
  let from: Uint32Array = order;
  let to: Uint32Array = new Uint32Array(order.length);
  const count = new Uint32Array(DIGIT + 1);
  let divisor = 1;
  for (let pass = 0; pass < PASSES; pass++) {
    count.fill(0);
    for (let i = 0; i < from.length; i++) {
      count[(Math.floor(key[from[i]!]! / divisor) % DIGIT) + 1]!++;
    }
    for (let d = 1; d <= DIGIT; d++) count[d]! += count[d - 1]!;
    for (let i = 0; i < from.length; i++) {
      const index = from[i]!;
      to[count[Math.floor(key[index]! / divisor) % DIGIT]!++] = index;
    }
    [from, to] = [to, from];
    divisor *= DIGIT;
  }
  return from;
}
