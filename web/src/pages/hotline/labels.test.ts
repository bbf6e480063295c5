/** The hotline pages' words for a clock: to the nearest minute, its two largest units. */
import { describe, expect, it } from 'vitest';
import { clockText, durationText } from './labels.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const clock = (state: 'running' | 'breached' | 'met' | 'missed', msLeft: number | null) => ({
  dueAt: '2026-03-05T18:00:00Z',
  state,
  msLeft,
  breached: state === 'breached' || state === 'missed',
});

describe('the time on a clock in words', () => {
  it.each([
    [0, '0 min'],
    [29_999, '0 min'],
    [30_000, '1 min'],
    [12 * MIN + 20_000, '12 min'],
    [5 * HOUR, '5 h'],
    [5 * HOUR + 10 * MIN, '5 h 10 min'],
    [3 * DAY, '3 d'],
    [2 * DAY + 5 * HOUR + 59 * MIN, '2 d 5 h'],
    [30 * DAY - 20_000, '30 d'],
    [-(DAY + 3 * HOUR), '1 d 3 h'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('says time left, overdue, or how the case was settled', () => {
    expect(clockText(clock('running', 70 * HOUR))).toBe('2 d 22 h left');
    expect(clockText(clock('breached', -8 * HOUR))).toBe('overdue by 8 h');
    expect(clockText(clock('met', null))).toBe('settled in time');
    expect(clockText(clock('missed', null))).toBe('settled late');
  });
});
