import { describe, expect, it } from 'vitest';
import { runCase, runReference } from './booking.ts';

// The benchmark itself runs with `npm run bench -- booking`; this keeps its code working.
describe('the booking benchmark, at a small scale', () => {
  it('places every request once, re-books the stoppage and reports its figures', () => {
    const figures = runCase(0.02); // 48 clinicians, 6,000 requests
    expect(figures.clinicians).toBe(48);
    expect(figures.booked + figures.referred + figures.waitlisted).toBe(figures.requests);
    expect(figures.rebooked).toBeGreaterThan(0);
    expect(figures.placedPerSecond).toBeGreaterThan(0);
  });

  it('gets the same outcome as the straightforward reference for every request', () => {
    const reference = runReference(20, 1_500);
    expect(reference.outcomesMatching).toBe(1_500);
    expect(reference.outcomesIdentical).toBe(true);
  });
});
