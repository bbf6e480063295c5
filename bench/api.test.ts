import { describe, expect, it } from 'vitest';
import { SERVER_URL_VARIABLE } from '../src/db/test-databases.ts';
import { runApiBench } from './api.ts';

// The benchmark itself runs with `npm run bench -- api`; this keeps its code working. It
// needs the PostgreSQL server (the same variable as the database tests).
const serverUrl = process.env[SERVER_URL_VARIABLE];
if (!serverUrl) {
  console.warn(`${SERVER_URL_VARIABLE} is not set: SKIPPING the API benchmark at a small scale.`);
}

(serverUrl ? describe : describe.skip)('the API benchmark, at a small scale', () => {
  it('loads the network, drives the server and proves no double booking', async () => {
    const figures = await runApiBench({
      scale: 0.01, // 24 clinicians, ~3,000 appointments
      pgliteScale: 0.005,
      seconds: 1,
      databaseUrl: serverUrl ?? '',
    });
    expect(figures.clinicians).toBe(24);
    expect(figures.appointments).toBeGreaterThan(1_000);
    expect(figures.ceiling.byStatus['200']).toBeGreaterThan(0);
    expect(figures.availability.byStatus['200']).toBeGreaterThan(0);
    expect(figures.availability.errors).toBe(0);
    expect(figures.slotSearch.byStatus['200']).toBeGreaterThan(0);
    expect(figures.booking.booked).toBeGreaterThan(0);
    // Every answer is a booking, a waitlisting or a conflict: no 4xx/5xx besides 409.
    for (const status of Object.keys(figures.booking.byStatus)) {
      expect(['201', '202', '409']).toContain(status);
    }
    expect(figures.overlaps).toBe(0);
    expect(figures.pglite.booked).toBeGreaterThan(0);
  }, 180_000);
});
