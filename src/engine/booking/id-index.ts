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
      if (v === EMPTY) return -1;
      if (v !== DELETED && buckets[2 * i] === h && this.idOf(v) === id) return v;
    }
  }

  /** Stores a number for a new id; returns the number already stored if the id is known. */
  add(id: string, value: number): number {
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
