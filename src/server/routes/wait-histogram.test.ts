import { describe, expect, it } from 'vitest';
import { bucketWidth, distributionOf, percentile } from './wait-histogram.ts';

describe('wait-time distribution', () => {
  it('sizes buckets to the limit: one per business day, round widths for hours and minutes', () => {
    expect(bucketWidth({ unit: 'business-days', amount: 10 })).toBe(1);
    expect(bucketWidth({ unit: 'hours', amount: 48 })).toBe(6);
    expect(bucketWidth({ unit: 'hours', amount: 96 })).toBe(12);
    expect(bucketWidth({ unit: 'minutes', amount: 30 })).toBe(5);
  });

  it('takes nearest-rank percentiles, always a wait that happened', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((wait) => ({ wait, count: 1 }));
    expect(percentile(waits, 10, 0.5)).toBe(5);
    expect(percentile(waits, 10, 0.9)).toBe(9);
    expect(percentile(waits, 10, 0.99)).toBe(10);
    expect(percentile([], 0, 0.5)).toBeNull();
  });

  it('counts each wait once, with the long waits in the open last bucket', () => {
    const result = distributionOf(
      [
        { wait: 12, count: 1 },
        { wait: 0, count: 3 },
        { wait: 10, count: 2 },
        { wait: 25, count: 1 },
        { wait: 3, count: 0 },
      ],
      { unit: 'business-days', amount: 10 },
    );
    expect(result).toMatchObject({ appointed: 7, withinLimit: 5, p50: 10, p90: 25, p99: 25 });
    expect(result.buckets).toHaveLength(21);
    expect(result.buckets[0]).toEqual({ from: 0, to: 1, count: 3 });
    expect(result.buckets[10]).toEqual({ from: 10, to: 11, count: 2 });
    expect(result.buckets[12]).toEqual({ from: 12, to: 13, count: 1 });
    expect(result.buckets[20]).toEqual({ from: 20, to: null, count: 1 });
    expect(result.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(7);
  });

  it('puts fractional hours in the bucket they fall in', () => {
    const result = distributionOf(
      [
        { wait: 5.99, count: 1 },
        { wait: 6, count: 1 },
      ],
      {
        unit: 'hours',
        amount: 48,
      },
    );
    expect(result.buckets.slice(0, 2)).toEqual([
      { from: 0, to: 6, count: 1 },
      { from: 6, to: 12, count: 1 },
    ]);
    expect(result.buckets).toHaveLength(17);
  });
});
