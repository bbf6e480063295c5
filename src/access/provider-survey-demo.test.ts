/**
 * The provider survey reads the books as they stood on past days (`created_at`), so the
 * demo must store when each of its requests and appointments was booked in its
 * simulated history — not when the demo was loaded (the column's default).
 */
import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../demo/dataset.ts';
import { addDays, dayNumberOfDate, type LocalDate, startOfLocalDay } from '../engine/time.ts';

const TODAY = '2026-03-02';
const ZONE = 'America/Los_Angeles';

describe('the demo’s booking moments', () => {
  const dataset = buildDemoDataset({ size: 'small', today: TODAY });
  const table = (name: string) => {
    const t = dataset.tables.find((x) => x.table === name)!;
    const column = (c: string) => t.columns.findIndex((x) => x.name === c);
    return { rows: t.rows, column };
  };

  it('stores each appointment as booked in the history, before it starts and before today', () => {
    const appointments = table('appointments');
    const created = appointments.column('created_at');
    const starts = appointments.column('starts_at');
    expect(created).toBeGreaterThanOrEqual(0);
    const today = startOfLocalDay(dayNumberOfDate(TODAY as LocalDate), ZONE);
    const firstDay = startOfLocalDay(addDays(dayNumberOfDate(TODAY as LocalDate), -90), ZONE);
    const moments = appointments.rows.map((row) => Date.parse(String(row[created])));
    for (const [i, row] of appointments.rows.entries()) {
      const at = moments[i]!;
      expect(at).toBeGreaterThanOrEqual(firstDay);
      expect(at).toBeLessThanOrEqual(today);
      expect(at).toBeLessThanOrEqual(Date.parse(String(row[starts])));
    }
    // Booked over the whole history, not in one instant: at least one moment per weekday.
    const days = new Set(moments.map((at) => Math.floor((at - firstDay) / 86_400_000)));
    expect(days.size).toBeGreaterThan(60);
  });

  it('books an intake during its call, and an appointment when its request was made', () => {
    const requests = table('requests');
    const appointments = table('appointments');
    const requestCreated = new Map(
      requests.rows.map((row) => [
        String(row[requests.column('id')]),
        {
          created: String(row[requests.column('created_at')]),
          clock: String(row[requests.column('clock_start')]),
          prior: row[requests.column('prior_clinician_id')],
        },
      ]),
    );
    let intakes = 0;
    for (const row of appointments.rows) {
      const request = requestCreated.get(String(row[appointments.column('request_id')]))!;
      expect(String(row[appointments.column('created_at')])).toBe(request.created);
      if (request.prior === null) {
        expect(request.created).toBe(request.clock);
        intakes++;
      }
    }
    expect(intakes).toBeGreaterThan(100);
  });
});
