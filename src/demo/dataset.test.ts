/**
 * The demo dataset is a function of its size, seed and "today": the same inputs give the
 * same rows, byte for byte, and another seed gives another network.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDemoDataset, DEMO_SEED } from './dataset.ts';

function digest(tables: ReturnType<typeof buildDemoDataset>['tables']): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex');
}

describe('the demo dataset', () => {
  it('is the same for the same seed and day, and differs for another seed', () => {
    const options = { size: 'small', today: '2026-03-02' } as const;
    const first = buildDemoDataset(options);
    const again = buildDemoDataset(options);
    expect(digest(again.tables)).toBe(digest(first.tables));
    expect(again.counts).toEqual(first.counts);
    const other = buildDemoDataset({ ...options, seed: DEMO_SEED + 1 });
    expect(digest(other.tables)).not.toBe(digest(first.tables));
  }, 30_000);
});
