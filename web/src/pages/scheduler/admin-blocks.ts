/**
 * A clinician's protected admin time in one week, from their templates: a block shows
 * on its weekday when the template is in force that day (effective dates inclusive), and
 * not on a day the template has sessions but the network published no slot at all — a
 * closed day (a holiday), when admin time is not worked either.
 */
import type { Template } from '../../api/types.ts';
import { addDays, clinicDate, clinicInstant } from './time.ts';

export interface AdminEntry {
  readonly start: number;
  readonly end: number;
  readonly kind: 'admin';
  readonly text: string;
}

export function adminBlocksOfWeek(
  templates: readonly Template[],
  monday: string,
  slots: readonly { readonly start: number }[],
): AdminEntry[] {
  const daysWithSlots = new Set(slots.map((slot) => clinicDate(slot.start)));
  const entries: AdminEntry[] = [];
  for (const template of templates) {
    const sessionDays = new Set(template.sessions.map((session) => session.weekday));
    for (const block of template.adminBlocks) {
      const day = addDays(monday, block.weekday - 1);
      const inForce =
        template.effectiveFrom <= day &&
        (template.effectiveTo === null || day <= template.effectiveTo);
      const closed = sessionDays.has(block.weekday) && !daysWithSlots.has(day);
      if (!inForce || closed) continue;
      const start = clinicInstant(day, block.startTime.slice(0, 5));
      entries.push({
        start,
        end: start + block.minutes * 60_000,
        kind: 'admin',
        text: block.label,
      });
    }
  }
  return entries;
}
