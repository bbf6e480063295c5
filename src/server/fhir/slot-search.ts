/**
 * The queries behind Slot: the clinicians asked for (with their center's time zone),
 * their templates and sessions in force around the range, and their time off and live
 * appointments overlapping it. `slots.ts` does the rest without I/O.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { BusinessCalendar, CALIFORNIA } from '../../engine/rules/calendar.ts';
import type { DerivedSlot } from './resources.ts';
import { deriveSlots, type SlotRange, type SlotTemplate } from './slots.ts';

/** The plan's calendar, as the booking service's default (its holidays close sessions). */
const CALENDAR = new BusinessCalendar(CALIFORNIA);

const DAY = 86_400_000;

/** Slots of `clinicianIds` (every clinician when undefined) starting in `range`. */
export async function searchSlots(
  db: Kysely<Database>,
  clinicianIds: readonly string[] | undefined,
  range: SlotRange,
): Promise<DerivedSlot[]> {
  if (clinicianIds !== undefined && clinicianIds.length === 0) return [];
  const ids = clinicianIds === undefined ? undefined : [...clinicianIds];
  // Templates are in days; two days of margin cover any time zone's offset.
  const firstDay = new Date(range.from - 2 * DAY).toISOString().slice(0, 10);
  const lastDay = new Date(range.to + 2 * DAY).toISOString().slice(0, 10);
  const from = new Date(range.from);
  const to = new Date(range.to);

  let clinicians = db
    .selectFrom('clinicians')
    .innerJoin('medical_centers', 'medical_centers.id', 'clinicians.center_id')
    .select([
      'clinicians.center_id as centerId',
      'clinicians.id as id',
      'clinicians.active as active',
      'medical_centers.time_zone as timeZone',
    ]);
  if (ids) clinicians = clinicians.where('clinicians.id', 'in', ids);
  // With clinicians named, their centers are read first: every other table's index leads
  // with the center (the Citus distribution column), so naming it turns a scan of every
  // template session into an index look-up.
  const clinicianRows = ids ? await clinicians.execute() : undefined;
  const centers = clinicianRows ? [...new Set(clinicianRows.map((c) => c.centerId))] : undefined;
  if (centers?.length === 0) return [];

  let sessions = db
    .selectFrom('template_sessions as s')
    .innerJoin('templates as t', (join) =>
      join.onRef('t.center_id', '=', 's.center_id').onRef('t.id', '=', 's.template_id'),
    )
    .select([
      't.center_id as centerId',
      't.clinician_id as clinicianId',
      't.id as templateId',
      't.effective_from as effectiveFrom',
      't.effective_to as effectiveTo',
      's.weekday as weekday',
      sql<string>`s.start_time::text`.as('startTime'),
      's.minutes as minutes',
      's.kind as kind',
    ])
    .where('t.effective_from', '<=', lastDay)
    .where((eb) => eb.or([eb('t.effective_to', 'is', null), eb('t.effective_to', '>=', firstDay)]));
  if (ids && centers) {
    sessions = sessions.where('t.center_id', 'in', centers).where('t.clinician_id', 'in', ids);
  }

  let timeOff = db
    .selectFrom('time_off')
    .select(['center_id as centerId', 'clinician_id as clinicianId', 'starts_at', 'ends_at'])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from);
  if (ids && centers) {
    timeOff = timeOff.where('center_id', 'in', centers).where('clinician_id', 'in', ids);
  }

  // A session that starts inside the range may end after it: widen by the longest
  // session (240 minutes, a check constraint) to see what overlaps its end.
  let appointments = db
    .selectFrom('appointments')
    .select([
      'center_id as centerId',
      'clinician_id as clinicianId',
      'starts_at',
      'ends_at',
      'kind',
    ])
    .where('status', 'in', ['booked', 'completed'])
    .where('starts_at', '<', new Date(range.to + 240 * 60_000))
    .where('ends_at', '>', from);
  if (ids && centers) {
    appointments = appointments.where('center_id', 'in', centers).where('clinician_id', 'in', ids);
  }

  const [clinicianList, sessionRows, timeOffRows, appointmentRows] = await Promise.all([
    clinicianRows ?? clinicians.execute(),
    sessions.execute(),
    timeOff.execute(),
    appointments.execute(),
  ]);

  const templates = new Map<
    string,
    SlotTemplate & { sessions: SlotTemplate['sessions'][number][] }
  >();
  for (const row of sessionRows) {
    const key = `${row.centerId}\u0000${row.templateId}`;
    let template = templates.get(key);
    if (template === undefined) {
      template = { ...row, sessions: [] };
      templates.set(key, template);
    }
    template.sessions.push(row);
  }
  const busy = (row: {
    centerId: string;
    clinicianId: string;
    starts_at: Date;
    ends_at: Date;
  }) => ({
    centerId: row.centerId,
    clinicianId: row.clinicianId,
    start: row.starts_at.getTime(),
    end: row.ends_at.getTime(),
  });
  return deriveSlots(
    {
      calendar: CALENDAR,
      clinicians: clinicianList,
      templates: [...templates.values()],
      timeOff: timeOffRows.map(busy),
      appointments: appointmentRows.map((row) => ({ ...busy(row), kind: row.kind })),
    },
    range,
  );
}
