/** Admin blocks on a clinician's week: in force, and not on a closed day. */
import { describe, expect, it } from 'vitest';
import type { Template } from '../../api/types.ts';
import { adminBlocksOfWeek } from './admin-blocks.ts';
import { clinicInstant } from './time.ts';

/** Monday 23 November 2026; Thursday the 26th is Thanksgiving. */
const MONDAY = '2026-11-23';

function template(extra: Partial<Template> = {}): Template {
  return {
    centerId: 'north',
    id: 't-1',
    clinicianId: 'c-1',
    name: 'full time',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    sessions: [1, 2, 3, 4, 5].map((weekday) => ({ weekday })),
    adminBlocks: [
      { id: 'a-thu', weekday: 4, startTime: '15:30:00', minutes: 135, label: 'planning' },
      { id: 'a-fri', weekday: 5, startTime: '14:00:00', minutes: 60, label: 'planning' },
    ],
    ...extra,
  };
}

/** One slot a day, Monday to Friday except Thursday (the holiday). */
const SLOTS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-27'].map((day) => ({
  start: clinicInstant(day, '09:00'),
}));

describe('admin blocks of a week', () => {
  it('leaves out a holiday (sessions that day, no slot) and keeps the other days', () => {
    const blocks = adminBlocksOfWeek([template()], MONDAY, SLOTS);
    expect(blocks.map((b) => b.start)).toEqual([clinicInstant('2026-11-27', '14:00')]);
    expect(blocks[0]).toMatchObject({ kind: 'admin', text: 'planning' });
    expect(blocks[0]!.end - blocks[0]!.start).toBe(60 * 60_000);
  });

  it('keeps a block on a day with no sessions at all (a planning day)', () => {
    const planningThursday = template({ sessions: [1, 2, 3, 5].map((weekday) => ({ weekday })) });
    const blocks = adminBlocksOfWeek([planningThursday], MONDAY, SLOTS);
    expect(blocks).toHaveLength(2);
  });

  it('shows only the days a template is in force (both ends included)', () => {
    const ended = template({ effectiveTo: '2026-11-26' });
    const starts = template({ id: 't-2', effectiveFrom: '2026-11-27' });
    const blocks = adminBlocksOfWeek([ended, starts], MONDAY, [
      ...SLOTS,
      { start: clinicInstant('2026-11-26', '09:00') },
    ]);
    expect(blocks.map((b) => b.start)).toEqual([
      clinicInstant('2026-11-26', '15:30'),
      clinicInstant('2026-11-27', '14:00'),
    ]);
  });
});
