/**
 * One clinician's week, counted by hand: the week of Veterans Day 2026 (Wednesday
 * 11 November, a California holiday), Friday off, a partial time off on Monday, and one
 * admin block broken by a visit entered outside the engine.
 */
import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../engine/booking/model.ts';
import { parseInstant } from '../engine/time.ts';
import {
  CONTRACT,
  type UsedAppointment,
  type UtilisationClinician,
  utilisationOfWeek,
} from './utilisation.ts';

const ZONE = 'America/Los_Angeles';
const MONDAY = '2026-11-09';
const at = (local: string) => parseInstant(local, ZONE);

/** Monday to Friday: 09:00 intake (60), 10:00 follow-up (60), 13:00 follow-up (45) = 165 min. */
const FULL_TIME: TemplateInput = {
  id: 'north/t-1',
  sessions: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '09:00', minutes: 60, kind: 'intake' as const },
    { weekday, start: '10:00', minutes: 60, kind: 'followup' as const },
    { weekday, start: '13:00', minutes: 45, kind: 'followup' as const },
  ]),
  // 6 h a week: Tuesday 2 h, Wednesday 1 h, Thursday 1 h, Friday 2 h.
  adminBlocks: [
    { weekday: 2, start: '15:00', minutes: 120 },
    { weekday: 3, start: '14:00', minutes: 60 },
    { weekday: 4, start: '14:00', minutes: 60 },
    { weekday: 5, start: '14:00', minutes: 120 },
  ],
};

const CLINICIAN: UtilisationClinician = {
  id: 'north/c-1',
  center: 'north',
  discipline: 'lcsw',
  schedule: [{ template: 'north/t-1', from: '2026-01-01' }],
  timeOff: [
    // Monday 13:30–14:00 overlaps the 13:00 slot: the whole slot closes, as in the engine.
    { from: at('2026-11-09T13:30'), to: at('2026-11-09T14:00') },
    // Friday off.
    { from: at('2026-11-13T00:00'), to: at('2026-11-14T00:00') },
  ],
};

const visit = (
  start: string,
  minutes: number,
  status: UsedAppointment['status'],
): UsedAppointment => ({
  clinician: 'north/c-1',
  start: at(start),
  end: at(start) + minutes * 60_000,
  status,
});

const APPOINTMENTS: UsedAppointment[] = [
  visit('2026-11-09T09:00', 60, 'completed'),
  visit('2026-11-09T10:00', 60, 'no-show'),
  visit('2026-11-10T09:00', 60, 'booked'),
  // Thursday 13:00: a no-show, then the slot given to someone else — booked wins.
  visit('2026-11-12T13:00', 45, 'no-show'),
  visit('2026-11-12T13:00', 45, 'booked'),
  // Thursday 14:30, inside the admin block (an import; the engine never books there).
  visit('2026-11-12T14:30', 30, 'booked'),
  // On the holiday: no slot is offered, so it uses none.
  visit('2026-11-11T09:00', 60, 'booked'),
];

describe('utilisation of one week', () => {
  const [week] = utilisationOfWeek({
    monday: MONDAY,
    templates: [FULL_TIME],
    clinicians: [CLINICIAN],
    appointments: APPOINTMENTS,
  });

  it('offers the slots of the days open: Monday 120 (13:00 closed), Tuesday 165, Thursday 165', () => {
    // Wednesday is Veterans Day and Friday is off: nothing offered on either.
    expect(week?.offered).toBe(120 + 165 + 165);
  });

  it('counts used slots by their strongest status: completed, booked, no-show', () => {
    expect(week).toMatchObject({
      completed: 60, // Monday 09:00
      booked: 60 + 45, // Tuesday 09:00; Thursday 13:00 (booked beats its no-show)
      noShow: 60, // Monday 10:00
      used: 225,
    });
    expect(week!.used / week!.offered).toBe(0.5);
  });

  it('plans 6 h of admin time and delivers only Tuesday’s 2 h', () => {
    expect(week).toMatchObject({
      adminPlanned: 360,
      adminClosed: 60 + 120, // Wednesday (the holiday) and Friday (off)
      adminBooked: 60, // Thursday, broken by the 14:30 visit
      adminDelivered: 120, // Tuesday
    });
  });

  it('is one full-time clinician: five workdays, whatever the holiday and the day off', () => {
    expect(week).toMatchObject({ clinician: 'north/c-1', center: 'north', discipline: 'lcsw' });
    expect(week?.workdays).toBe(CONTRACT.fteWeekdays);
  });
});

describe('templates in force', () => {
  const partTime: TemplateInput = {
    id: 'north/t-2',
    sessions: [{ weekday: 5, start: '09:00', minutes: 60, kind: 'intake' }],
    adminBlocks: [{ weekday: 4, start: '09:00', minutes: 90 }],
  };
  const adminOnly: TemplateInput = {
    id: 'north/t-admin',
    sessions: [],
    adminBlocks: [{ weekday: 1, start: '08:00', minutes: 240 }],
  };

  it('applies each template on the days between its dates, both ends included', () => {
    const [week] = utilisationOfWeek({
      monday: MONDAY,
      templates: [FULL_TIME, partTime],
      clinicians: [
        {
          ...CLINICIAN,
          timeOff: [],
          schedule: [
            { template: 'north/t-1', from: '2026-01-01', to: '2026-11-10' }, // Mon, Tue
            { template: 'north/t-2', from: '2026-11-11' }, // Thu block, Fri session
          ],
        },
      ],
      appointments: [],
    });
    expect(week).toMatchObject({ offered: 165 * 2 + 60, adminPlanned: 120 + 90, used: 0 });
    expect(week?.adminDelivered).toBe(210);
    expect(week?.workdays).toBe(4); // Mon, Tue (t-1), Thu, Fri (t-2)
  });

  it('leaves out a clinician with no template in force that week', () => {
    const weeks = utilisationOfWeek({
      monday: MONDAY,
      templates: [FULL_TIME],
      clinicians: [{ ...CLINICIAN, schedule: [{ template: 'north/t-1', from: '2026-11-16' }] }],
      appointments: [],
    });
    expect(weeks).toEqual([]);
  });

  it('counts the admin time of a template without sessions, and no slot', () => {
    const [week] = utilisationOfWeek({
      monday: MONDAY,
      templates: [adminOnly],
      clinicians: [
        { ...CLINICIAN, timeOff: [], schedule: [{ template: 'north/t-admin', from: MONDAY }] },
      ],
      appointments: [],
    });
    expect(week).toMatchObject({ offered: 0, adminPlanned: 240, adminDelivered: 240, workdays: 1 });
  });

  it('loses both Thanksgiving holidays (Thursday and Friday 2026)', () => {
    const [week] = utilisationOfWeek({
      monday: '2026-11-23',
      templates: [FULL_TIME],
      clinicians: [{ ...CLINICIAN, timeOff: [] }],
      appointments: [],
    });
    expect(week).toMatchObject({ offered: 165 * 3, adminPlanned: 360, adminClosed: 180 });
  });

  it('refuses a week that does not start on a Monday', () => {
    expect(() =>
      utilisationOfWeek({ monday: '2026-11-10', templates: [], clinicians: [], appointments: [] }),
    ).toThrow(/not a Monday/);
  });
});
