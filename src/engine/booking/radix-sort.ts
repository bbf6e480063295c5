/**
 * Stable LSD radix sort of indices by non-negative integer keys below 2^48, in up to
 * three passes of 16 bits. Ordering 300,000 requests this way takes a few milliseconds,
 * where a comparator sort takes a hundred: it sorts every large batch the engine places.
 */
const DIGIT_BITS = 16;
const DIGIT = 1 << DIGIT_BITS;
const PASSES = 3;
export const RADIX_KEY_LIMIT = DIGIT ** PASSES;
const TWO_32 = 2 ** 32;

/** Reorders `order` (indices into `key`) by key, keeping the current order among equal keys. */
export function radixSortIndices(order: Uint32Array, key: Float64Array): Uint32Array {
  const n = key.length;
  const digit = new Uint16Array(n);
  const count = new Uint32Array(DIGIT);
  let from: Uint32Array = order;
  let to: Uint32Array = new Uint32Array(order.length);
  for (let pass = 0; pass < PASSES; pass++) {
    // Digits straight from the keys, without copies of them split into 32-bit halves (a
    // large batch sorts twice, and those copies were megabytes of garbage): `>>> 0` takes
    // an integer modulo 2^32 exactly, and keys below 2^48 leave 16 bits above that.
    if (pass === 0) for (let i = 0; i < n; i++) digit[i] = key[i]! >>> 0;
    else if (pass === 1) for (let i = 0; i < n; i++) digit[i] = key[i]! >>> DIGIT_BITS;
    else for (let i = 0; i < n; i++) digit[i] = Math.floor(key[i]! / TWO_32);
    count.fill(0);
    for (let i = 0; i < from.length; i++) count[digit[from[i]!]!]!++;
    // A digit every key shares leaves the order as it is: skip the scatter.
    if (count[digit[from[0] ?? 0]!] === from.length) continue;
    let sum = 0;
    for (let d = 0; d < DIGIT; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < from.length; i++) {
      const index = from[i]!;
      to[count[digit[index]!]!++] = index;
    }
    [from, to] = [to, from];
  }
  return from;
}
