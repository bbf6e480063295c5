/**
 * `timely deadline` computes one deadline. JSON output is exactly
 * {"standard","clockStart","deadline","limit"} with ISO 8601 local offsets; text output
 * is a few readable lines. Expected values are worked out by hand (see
 * src/engine/rules/deadline.test.ts for the reasoning).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALIFORNIA } from '../engine/rules/calendar.ts';
import { runTimely } from './testing.ts';

async function deadlineJson(...args: string[]): Promise<unknown> {
  const { code, stdout, stderr } = await runTimely(['deadline', ...args, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe('timely deadline --json', () => {
  it('prints exactly standard, clockStart, deadline and limit', async () => {
    const result = await deadlineJson(
      '--standard',
      'nonurgent-nonphysician-mh',
      '--at',
      '2026-11-24T10:00:00-08:00',
    );
    expect(result).toStrictEqual({
      standard: 'nonurgent-nonphysician-mh',
      clockStart: '2026-11-24T10:00:00.000-08:00',
      deadline: '2026-12-10T23:59:59.999-08:00',
      limit: { unit: 'business-days', amount: 10 },
    });
  });

  it.each([
    [
      'an offset',
      '2026-03-07T12:00:00-08:00',
      '2026-03-07T12:00:00.000-08:00',
      '2026-03-09T13:00:00.000-07:00',
    ],
    ['Z', '2026-03-07T20:00:00Z', '2026-03-07T12:00:00.000-08:00', '2026-03-09T13:00:00.000-07:00'],
    [
      'local time in the calendar’s zone',
      '2026-03-07T12:00',
      '2026-03-07T12:00:00.000-08:00',
      '2026-03-09T13:00:00.000-07:00',
    ],
    [
      'local time across the autumn change',
      '2026-10-31T09:00',
      '2026-10-31T09:00:00.000-07:00',
      '2026-11-02T08:00:00.000-08:00',
    ],
  ])('reads --at with %s (48 real hours across DST)', async (_, at, clockStart, deadline) => {
    expect(await deadlineJson('--standard', 'urgent-no-prior-auth', '--at', at)).toMatchObject({
      clockStart,
      deadline,
    });
  });

  it('ends business-day deadlines at 23:59:59.999 with the summer offset', async () => {
    expect(
      await deadlineJson('--standard', 'nonurgent-psychiatry', '--at', '2026-07-03T14:00'),
    ).toMatchObject({
      deadline: '2026-07-24T23:59:59.999-07:00',
    });
  });

  it('gives telephone triage 30 minutes', async () => {
    expect(
      await deadlineJson('--standard', 'telephone-triage', '--at', '2026-11-24T10:00'),
    ).toMatchObject({
      deadline: '2026-11-24T10:30:00.000-08:00',
      limit: { unit: 'minutes', amount: 30 },
    });
  });

  it('accepts --calendar california explicitly', async () => {
    expect(
      await deadlineJson(
        '--standard',
        'nonurgent-nonphysician-mh',
        '--at',
        '2026-11-24T10:00',
        '--calendar',
        'california',
      ),
    ).toMatchObject({ deadline: '2026-12-10T23:59:59.999-08:00' });
  });
});

describe('timely deadline (text)', () => {
  it('prints the standard, limit, clock start and deadline in local time', async () => {
    const { code, stdout, stderr } = await runTimely([
      'deadline',
      '--standard',
      'nonurgent-nonphysician-mh',
      '--at',
      '2026-11-24T10:00:00-08:00',
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')).toEqual([
      'Standard     nonurgent-nonphysician-mh (Non-urgent appointment with a non-physician mental health care provider)',
      'Limit        10 business days from the request',
      'Clock start  Tue 2026-11-24 10:00 -08:00',
      'Deadline     Thu 2026-12-10 23:59:59.999 -08:00',
      'Calendar     california (America/Los_Angeles)',
      '',
    ]);
  });
});

describe('timely deadline --calendar FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timely-calendar-'));
    const plan = {
      ...CALIFORNIA,
      name: 'plan-with-closures',
      holidays: [...CALIFORNIA.holidays, { name: 'Staff training day', date: '2026-12-01' }],
    };
    await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
    await writeFile(
      join(dir, 'new-york.json'),
      JSON.stringify({ ...CALIFORNIA, name: 'ny', timeZone: 'America/New_York' }),
    );
    await writeFile(
      join(dir, 'six-day-week.json'),
      JSON.stringify({ name: 'six-day-week', weekendDays: [7], holidays: [] }),
    );
  });

  it('a plan closure day pushes a business-day deadline one day later', async () => {
    const args = ['--standard', 'nonurgent-nonphysician-mh', '--at', '2026-11-24T10:00'];
    expect(await deadlineJson(...args, '--calendar', join(dir, 'plan.json'))).toMatchObject({
      deadline: '2026-12-11T23:59:59.999-08:00',
    });
  });

  it('a relative path is resolved against the working directory', async () => {
    const { code, stdout } = await runTimely(
      [
        'deadline',
        '--standard',
        'nonurgent-nonphysician-mh',
        '--at',
        '2026-11-24T10:00',
        '--calendar',
        './plan.json',
        '--json',
      ],
      dir,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ deadline: '2026-12-11T23:59:59.999-08:00' });
  });

  it('another time zone reads local times and ends days in that zone', async () => {
    expect(
      await deadlineJson(
        '--standard',
        'nonurgent-nonphysician-mh',
        '--at',
        '2026-11-24T10:00',
        '--calendar',
        join(dir, 'new-york.json'),
      ),
    ).toStrictEqual({
      standard: 'nonurgent-nonphysician-mh',
      clockStart: '2026-11-24T10:00:00.000-05:00',
      deadline: '2026-12-10T23:59:59.999-05:00',
      limit: { unit: 'business-days', amount: 10 },
    });
  });

  it('a six-day week without holidays counts Saturdays and Thanksgiving', async () => {
    // Nov 25, 26, 27, 28 (1–4), Nov 30, Dec 1–5 (5–10).
    expect(
      await deadlineJson(
        '--standard',
        'nonurgent-nonphysician-mh',
        '--at',
        '2026-11-24T10:00',
        '--calendar',
        join(dir, 'six-day-week.json'),
      ),
    ).toMatchObject({ deadline: '2026-12-05T23:59:59.999-08:00' });
  });
});
