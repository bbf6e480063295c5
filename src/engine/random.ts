/**
 * A small, fast, seeded pseudo-random generator (SFC32, from Chris Doty-Humphrey's
 * PractRand suite), so that synthetic networks and simulations are reproducible byte
 * for byte from a seed. Not for anything that needs unpredictability.
 */
export class Random {
  /**
   * The generator's four 32-bit words (a, b, c, d). In a typed array, not in fields:
   * values past 2^31 do not fit V8's small integers, and in fields each update would be
   * a heap number, millions of them in a simulated year.
   */
  private readonly state = new Uint32Array(4);

  constructor(seed: number) {
    // Spread the seed with SplitMix32 so that nearby seeds give unrelated streams.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.state[i] = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    // Storing into the Uint32Array reduces each word modulo 2^32, as `>>> 0` would.
    const s = this.state;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (a + b + d) >>> 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `weights[i]` is the relative chance of `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    // An indexed loop: `for…of` here allocated an iterator result per weight wherever
    // this call was not optimized (hundreds of megabytes over a simulated year).
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    let x = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Poisson-distributed count with mean `lambda` (Knuth for small means, normal approximation above 60). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) {
      const u = 1 - this.next();
      const v = this.next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
    }
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
