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

/**
 * The digit counters, shared by every sort and all zero between sorts: 256 kB allocated
 * per sort was a full garbage collection every hundred or so batches (V8 collects when
 * external memory grows by 64 MB), and clearing all of them a pass cost more than
 * sorting ten thousand requests.
 */
const count = new Uint32Array(DIGIT);

/** Reorders `order` (indices into `key`) by key, keeping the current order among equal keys. */
export function radixSortIndices(order: Uint32Array, key: Float64Array): Uint32Array {
  const n = key.length;
  const digit = new Uint16Array(n);
  let maxKey = 0;
  for (let i = 0; i < n; i++) if (key[i]! > maxKey) maxKey = key[i]!;
  // Passes above the largest key's top digit see one digit only: they would change nothing.
  const passes = maxKey < DIGIT ? 1 : maxKey < TWO_32 ? 2 : PASSES;
  let from: Uint32Array = order;
  let to: Uint32Array = new Uint32Array(order.length);
  for (let pass = 0; pass < passes; pass++) {
    // Digits straight from the keys, without copies of them split into 32-bit halves (a
    // large batch sorts twice, and those copies were megabytes of garbage): `>>> 0` takes
    // an integer modulo 2^32 exactly, and keys below 2^48 leave 16 bits above that.
    if (pass === 0) for (let i = 0; i < n; i++) digit[i] = key[i]! >>> 0;
    else if (pass === 1) for (let i = 0; i < n; i++) digit[i] = key[i]! >>> DIGIT_BITS;
    else for (let i = 0; i < n; i++) digit[i] = Math.floor(key[i]! / TWO_32);
    let top = 0;
    for (let i = 0; i < from.length; i++) {
      const d = digit[from[i]!]!;
      count[d]!++;
      if (d > top) top = d;
    }
    // A digit every key shares leaves the order as it is: skip the scatter.
    if (count[digit[from[0] ?? 0]!] === from.length) {
      count.fill(0, 0, top + 1);
      continue;
    }
    let sum = 0;
    for (let d = 0; d <= top; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < from.length; i++) {
      const index = from[i]!;
      to[count[digit[index]!]!++] = index;
    }
    count.fill(0, 0, top + 1);
    [from, to] = [to, from];
  }
  return from;
}
