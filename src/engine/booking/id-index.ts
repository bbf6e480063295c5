/**
 * Request number by request id: an open-addressing hash table in typed arrays. A `Map`
 * of a million string keys costs more than placing the million requests (its table
 * lives on the JavaScript heap, and every full garbage collection walks it); here the
 * table holds only 32-bit hashes and numbers, side by side so a probe reads one cache
 * line, and ids are read back from the request table on a hash match.
 */
const EMPTY = -1;
/** A deleted entry: searches go on past it; inserts may reuse it. */
const DELETED = -2;
/** `addAll` groups ids by the top 12 bits of their home bucket. */
const GROUP_BITS = 12;

/** FNV-1a over UTF-16 code units. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export class IdIndex {
  /** Pairs (hash, value) per bucket; value EMPTY or DELETED marks a free bucket. */
  private buckets: Int32Array;
  private mask: number;
  /** Live entries plus deleted ones (both lengthen searches). */
  private used = 0;
  size = 0;

  constructor(
    /** The id of a stored number (request ids live in the request table). */
    private readonly idOf: (value: number) => string,
    capacity = 1024,
    /**
     * Ids taken without being stored: the number an id names this way, or -1 (requests
     * entered by number are named from their numbers, and storing millions of such ids
     * would cost more than placing them). Looked up when the table has no entry.
     */
    private readonly implicit: (id: string) => number = () => -1,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.buckets = emptyBuckets(size);
    this.mask = size - 1;
  }

  /** The number stored for an id, or -1. */
  get(id: string): number {
    const h = hashOf(id);
    const { buckets, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = buckets[2 * i + 1]!;
      if (v === EMPTY) return this.implicit(id);
      if (v !== DELETED && buckets[2 * i] === h && this.idOf(v) === id) return v;
    }
  }

  /** Stores a number for a new id; returns the number already stored if the id is known. */
  add(id: string, value: number): number {
    const taken = this.implicit(id);
    if (taken >= 0) return taken;
    if ((this.used + 1) * 2 > this.mask + 1) this.rehash(this.size + 1);
    const h = hashOf(id);
    const { buckets, mask } = this;
    let free = -1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = buckets[2 * i + 1]!;
      if (v === EMPTY) {
        if (free < 0) {
          free = i;
          this.used++;
        }
        break;
      }
      if (v === DELETED) {
        if (free < 0) free = i;
      } else if (buckets[2 * i] === h && this.idOf(v) === id) {
        return v;
      }
    }
    buckets[2 * free] = h;
    buckets[2 * free + 1] = value;
    this.size++;
    return -1;
  }

  /**
   * Stores numbers from, from + 1, … from + count − 1 for the ids at those positions of
   * `ids`, all or nothing: when one is known already or repeats, stores none and returns
   * false. Inserting a large batch in batch order writes all over a table of megabytes, a
   * cache miss per id; here the ids go in roughly in bucket order (grouped by the top bits
   * of their home bucket), so the writes sweep the table once. Lookups answer as if the
   * ids had been added one by one.
   */
  addAll(ids: readonly string[], from: number, count: number): boolean {
    for (let i = 0; i < count; i++) if (this.implicit(ids[from + i]!) >= 0) return false;
    this.reserve(count);
    const { buckets, mask } = this;
    const hashes = new Int32Array(count);
    for (let i = 0; i < count; i++) hashes[i] = hashOf(ids[from + i]!);
    // One counting-sort pass by the home bucket's top bits: groups of neighbouring buckets.
    const bits = Math.log2(mask + 1);
    const shift = Math.max(0, bits - GROUP_BITS);
    const starts = new Int32Array((1 << Math.min(bits, GROUP_BITS)) + 1);
    for (let i = 0; i < count; i++) starts[((hashes[i]! & mask) >>> shift) + 1]!++;
    for (let g = 1; g < starts.length; g++) starts[g]! += starts[g - 1]!;
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[starts[(hashes[i]! & mask) >>> shift]!++] = i;
    for (let k = 0; k < count; k++) {
      const i = order[k]!;
      const h = hashes[i]!;
      let free = -1;
      for (let b = h & mask; ; b = (b + 1) & mask) {
        const v = buckets[2 * b + 1]!;
        if (v === EMPTY) {
          if (free < 0) {
            free = b;
            this.used++;
          }
          break;
        }
        if (v === DELETED) {
          if (free < 0) free = b;
        } else if (buckets[2 * b] === h && (v >= from ? ids[v] : this.idOf(v)) === ids[from + i]) {
          for (let j = 0; j < k; j++) this.delete(ids[from + order[j]!]!, from + order[j]!);
          return false;
        }
      }
      buckets[2 * free] = h;
      buckets[2 * free + 1] = from + i;
      this.size++;
    }
    return true;
  }

  /** Forgets an id if it maps to this number. */
  delete(id: string, value: number): void {
    const h = hashOf(id);
    const { buckets, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = buckets[2 * i + 1]!;
      if (v === EMPTY) return;
      if (v === value && buckets[2 * i] === h) {
        buckets[2 * i + 1] = DELETED;
        this.size--;
        return;
      }
    }
  }

  /** Makes room for `count` more ids at once (one rehash instead of several). */
  reserve(count: number): void {
    if ((this.used + count) * 2 > this.mask + 1) this.rehash(this.size + count);
  }

  /** Moves the live entries into a table with room for `live` (deleted ones are dropped). */
  private rehash(live: number): void {
    const old = this.buckets;
    const size = Math.max(2 ** Math.ceil(Math.log2(Math.max(16, live * 2))), this.mask + 1);
    this.buckets = emptyBuckets(size);
    this.mask = size - 1;
    this.used = 0;
    for (let i = 1; i < old.length; i += 2) {
      const v = old[i]!;
      if (v < 0) continue;
      const h = old[i - 1]!;
      let j = h & this.mask;
      while (this.buckets[2 * j + 1] !== EMPTY) j = (j + 1) & this.mask;
      this.buckets[2 * j] = h;
      this.buckets[2 * j + 1] = v;
      this.used++;
    }
  }
}

function emptyBuckets(size: number): Int32Array {
  const buckets = new Int32Array(2 * size);
  for (let i = 1; i < buckets.length; i += 2) buckets[i] = EMPTY;
  return buckets;
}
