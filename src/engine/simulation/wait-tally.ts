/**
 * Counts of the requests seen in a run, grouped by a key (a standard, a request type):
 * how many, how many by their deadline, the sum of their waits and an hourly histogram,
 * from which the summary's figures are read at the end.
 */
import { type StandardFigures, WAIT_BINS_PER_DAY, WAIT_MAX_DAYS } from './result.ts';
import { waitFiguresFromHistogram } from './statistics.ts';

const BINS = WAIT_MAX_DAYS * WAIT_BINS_PER_DAY;

export class WaitTally {
  private readonly keys: string[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly count: number[] = [];
  private readonly met: number[] = [];
  private readonly waitSum: number[] = [];
  private readonly histograms: Uint32Array[] = [];

  /** The number of a key, given on first sight (groups keep that order). */
  numberOf(key: string): number {
    let k = this.numbers.get(key);
    if (k === undefined) {
      k = this.keys.push(key) - 1;
      this.numbers.set(key, k);
      this.count.push(0);
      this.met.push(0);
      this.waitSum.push(0);
      this.histograms.push(new Uint32Array(BINS + 1));
    }
    return k;
  }

  /** A request of group k seen after `waitDays`, by its deadline or not. */
  add(k: number, waitDays: number, met: boolean): void {
    this.count[k]!++;
    if (met) this.met[k]!++;
    this.waitSum[k]! += waitDays;
    this.histograms[k]![Math.min(BINS, Math.max(0, Math.floor(waitDays * WAIT_BINS_PER_DAY)))]!++;
  }

  figures(): Record<string, StandardFigures> {
    const out: Record<string, StandardFigures> = {};
    this.keys.forEach((key, k) => {
      const n = this.count[k]!;
      out[key] = {
        count: n,
        met: this.met[k]!,
        compliance: n > 0 ? this.met[k]! / n : null,
        waitDays: waitFiguresFromHistogram(this.histograms[k]!, n > 0 ? this.waitSum[k]! / n : 0),
      };
    });
    return out;
  }

  histogramsByKey(): Record<string, Uint32Array> {
    return Object.fromEntries(this.keys.map((key, k) => [key, this.histograms[k]!]));
  }
}
