/** Open cases by age: bands cut at a day, the urgent clock (72 h), a week, two, and the 30-day clock. */
import { expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR } from '../engine/time.ts';
import { ageBandOf } from './age-bands.ts';

it.each([
  [-5_000, 'under-1-day'],
  [0, 'under-1-day'],
  [24 * MS_PER_HOUR - 1, 'under-1-day'],
  [24 * MS_PER_HOUR, '1-3-days'],
  [72 * MS_PER_HOUR, '3-7-days'],
  [7 * MS_PER_DAY, '7-14-days'],
  [29 * MS_PER_DAY, '14-30-days'],
  [30 * MS_PER_DAY, '30-days-or-more'],
  [400 * MS_PER_DAY, '30-days-or-more'],
])('a case %i ms old is in band %s', (age, band) => {
  expect(ageBandOf(age).id).toBe(band);
});
