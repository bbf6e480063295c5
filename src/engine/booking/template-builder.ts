/**
 * Lays out a weekly template from a few numbers a planner knows — the working day,
 * lunch, intake sessions a day, session lengths, protected admin hours a week — so a
 * scenario can say "6 hours of planning & preparation" and get a real template.
 * Admin time is carved from the end of the week backwards (Friday afternoon first),
 * replacing whole follow-up sessions, because that is how clinics usually protect it.
 */
import type { TemplateInput } from './model.ts';

export interface TemplateShape {
  readonly id: string;
  /** ISO weekdays worked (default Monday–Friday). */
  readonly weekdays?: readonly number[];
  /** Start of the working day, minutes after midnight (default 08:00). */
  readonly dayStart?: number;
  /** End of the working day (default 18:00). */
  readonly dayEnd?: number;
  readonly lunchStart?: number;
  readonly lunchMinutes?: number;
  readonly intakesPerDay?: number;
  readonly intakeMinutes?: number;
  readonly followupMinutes?: number;
  readonly adminHoursPerWeek?: number;
  readonly dailyVisitCap?: number;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function buildTemplate(shape: TemplateShape): TemplateInput {
  const weekdays = shape.weekdays ?? [1, 2, 3, 4, 5];
  const dayStart = shape.dayStart ?? 8 * 60;
  const dayEnd = shape.dayEnd ?? 18 * 60;
  const lunchStart = shape.lunchStart ?? 12 * 60 + 30;
  const lunchMinutes = shape.lunchMinutes ?? 30;
  const intakes = shape.intakesPerDay ?? 2;
  const intakeMinutes = shape.intakeMinutes ?? 60;
  const followupMinutes = shape.followupMinutes ?? 45;

  type Session = { weekday: number; start: number; minutes: number; kind: 'intake' | 'followup' };
  const days: Session[][] = weekdays.map((weekday) => {
    const sessions: Session[] = [];
    let t = dayStart;
    let intakesLeft = intakes;
    // Intakes open the morning and the afternoon (new patients get unhurried hours).
    const place = (minutes: number, kind: Session['kind']) => {
      if (t < lunchStart && t + minutes > lunchStart) t = lunchStart + lunchMinutes;
      if (t >= lunchStart && t < lunchStart + lunchMinutes) t = lunchStart + lunchMinutes;
      if (t + minutes > dayEnd) return false;
      sessions.push({ weekday, start: t, minutes, kind });
      t += minutes;
      return true;
    };
    if (intakesLeft > 0 && place(intakeMinutes, 'intake')) intakesLeft--;
    while (t < lunchStart && t + followupMinutes <= lunchStart) place(followupMinutes, 'followup');
    t = Math.max(t, lunchStart + lunchMinutes);
    while (intakesLeft > 0 && place(intakeMinutes, 'intake')) intakesLeft--;
    while (place(followupMinutes, 'followup')) {}
    return sessions;
  });

  // Carve admin time from the end of the week backwards: on each day, whole follow-ups
  // from the end of the trailing run of follow-ups, so every block is contiguous.
  let adminLeft = Math.round((shape.adminHoursPerWeek ?? 0) * 60);
  const adminBlocks: { weekday: number; start: string; minutes: number; label: string }[] = [];
  for (let i = days.length - 1; i >= 0 && adminLeft > 0; i--) {
    const sessions = days[i]!;
    const blockEnd =
      sessions.length > 0
        ? sessions[sessions.length - 1]!.start + sessions[sessions.length - 1]!.minutes
        : 0;
    let blockStart = -1;
    while (
      adminLeft > 0 &&
      sessions.length > 0 &&
      sessions[sessions.length - 1]!.kind === 'followup'
    ) {
      const removed = sessions.pop()!;
      blockStart = removed.start;
      adminLeft -= removed.minutes;
    }
    if (blockStart >= 0) {
      adminBlocks.push({
        weekday: weekdays[i]!,
        start: clock(blockStart),
        minutes: blockEnd - blockStart,
        label: 'planning & preparation',
      });
    }
  }

  return {
    id: shape.id,
    sessions: days.flat().map((s) => ({
      weekday: s.weekday,
      start: clock(s.start),
      minutes: s.minutes,
      kind: s.kind,
    })),
    adminBlocks: adminBlocks.filter((b) => b.minutes > 0),
    ...(shape.dailyVisitCap === undefined ? {} : { dailyVisitCap: shape.dailyVisitCap }),
  };
}
