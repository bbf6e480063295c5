/**
 * What one week's utilisation is computed from, read out of the database in one
 * repeatable-read snapshot as the engine's model (`utilisation.ts`'s `WeekInput`): the
 * active clinicians and their templates (sessions and admin blocks) with their effective
 * dates, the week's time off, and the week's appointments that use time.
 *
 * The templates are most of it and rarely change: on the full demo 2,400 templates hold
 * ~108,000 sessions, and reading them took ~0.45 s on PostgreSQL and ~1 s on PGlite —
 * for every week. So they are kept per process (`NetworkModel`) and reused while the
 * change log (`booking_changes`, migration 0006) shows no `network` row the model's
 * snapshot did not see: every statement on centers, clinicians, templates, sessions,
 * admin blocks or time off writes one, in its own transaction. Checking that *inside*
 * the week's snapshot means the model equals what that snapshot would have read, so
 * the week's watermark is the snapshot's own. Reloaded at least hourly (the log is
 * pruned after a day).
 */
import { sql, type Transaction } from 'kysely';
import { currentWatermark, type Watermark } from '../booking/change-log.ts';
import { epochMs } from '../db/epoch-ms.ts';
import type { Database } from '../db/schema.ts';
import type { TemplateInput } from '../engine/booking/model.ts';
import type { CalendarDefinition } from '../engine/rules/calendar.ts';
import {
  addDays,
  type DayNumber,
  localDateOfDay,
  MS_PER_DAY,
  MS_PER_HOUR,
  startOfLocalDay,
} from '../engine/time.ts';
import {
  type Assignment,
  USED_STATUSES,
  type UsedAppointment,
  type UtilisationClinician,
  type WeekInput,
} from './utilisation.ts';

/** The templates and clinicians as of a change-log watermark. */
interface NetworkModel {
  readonly watermark: Watermark;
  readonly loadedAt: number;
  /** Every stored template (any period), by `center/id`. */
  readonly templates: readonly TemplateInput[];
  /** Active clinicians with their assignments (any period), by `center/id`. */
  readonly clinicians: readonly Omit<UtilisationClinician, 'timeOff'>[];
}

const MODEL_MAX_AGE_MS = MS_PER_HOUR;
/**
 * Appointments are looked for from this long before the week: a visit starting earlier
 * and reaching into the week would last over a day. Bounding the start lets the
 * `(center_id, starts_at)` index find a week's appointments.
 */
const LONGEST_VISIT_MS = MS_PER_DAY;

const models = new WeakMap<object, NetworkModel>();

/** One week's records (read in `trx`, a repeatable-read transaction) and their watermark. */
export async function readWeekRecords(
  trx: Transaction<Database>,
  cacheKey: object,
  monday: DayNumber,
  calendar: CalendarDefinition,
  zone: string,
  now: number,
): Promise<{ input: WeekInput; watermark: Watermark }> {
  // The first statement fixes the snapshot: the watermark is the snapshot's own.
  const watermark = await currentWatermark(trx);
  let model = models.get(cacheKey);
  if (
    !model ||
    now - model.loadedAt >= MODEL_MAX_AGE_MS ||
    (await networkChangedSince(trx, model.watermark))
  ) {
    model = await loadNetworkModel(trx, watermark, now);
    models.set(cacheKey, model);
  }

  const from = localDateOfDay(monday);
  const to = localDateOfDay(addDays(monday, 6));
  const start = new Date(startOfLocalDay(monday, zone));
  const end = new Date(startOfLocalDay(addDays(monday, 7), zone));
  // One JSON document per kind, not a row each: ~17,000 appointment rows a week on the
  // full demo took PGlite ~0.9 s as rows and ~0.15 s as one document.
  const { rows } = await sql<{ time_off: string | null; appointments: string | null }>`
    SELECT
      (SELECT json_agg(json_build_array(o.center_id, o.clinician_id,
                                        ${epochMs('o.starts_at')}, ${epochMs('o.ends_at')}))::text
         FROM time_off o WHERE o.starts_at < ${end} AND o.ends_at > ${start}) AS time_off,
      (SELECT json_agg(json_build_array(a.center_id, a.clinician_id,
                                        ${epochMs('a.starts_at')}, ${epochMs('a.ends_at')},
                                        a.status))::text
         FROM appointments a
        WHERE a.center_id IN (SELECT id FROM medical_centers)
          AND a.starts_at >= ${new Date(start.getTime() - LONGEST_VISIT_MS)}
          AND a.starts_at < ${end} AND a.ends_at > ${start}
          AND a.status IN (${sql.join(USED_STATUSES)})) AS appointments
  `.execute(trx);
  const row = rows[0]!;

  const timeOff = new Map<string, { from: number; to: number }[]>();
  for (const [center, id, offFrom, offTo] of parse<[string, string, number, number]>(
    row.time_off,
  )) {
    const key = keyOf(center, id);
    const list = timeOff.get(key);
    if (list) list.push({ from: offFrom, to: offTo });
    else timeOff.set(key, [{ from: offFrom, to: offTo }]);
  }
  const inWeek = (a: Assignment) => a.from <= to && (a.to === undefined || a.to >= from);
  const clinicians: UtilisationClinician[] = [];
  for (const clinician of model.clinicians) {
    if (!clinician.schedule.some(inWeek)) continue;
    clinicians.push({ ...clinician, timeOff: timeOff.get(clinician.id) ?? [] });
  }
  const appointments = parse<[string, string, number, number, UsedAppointment['status']]>(
    row.appointments,
  ).map(([center, id, startMs, endMs, status]) => ({
    clinician: keyOf(center, id),
    start: startMs,
    end: endMs,
    status,
  }));
  return {
    input: { monday: from, calendar, templates: model.templates, clinicians, appointments },
    watermark,
  };
}

/** The engine's ids are one string: a clinician or template is `center/id`. */
function keyOf(center: string, id: string): string {
  return `${center}/${id}`;
}

function parse<T>(text: string | null): T[] {
  return text === null ? [] : (JSON.parse(text) as T[]);
}

/** Whether a `network` row was written that a snapshot with this watermark did not see. */
async function networkChangedSince(trx: Transaction<Database>, since: Watermark): Promise<boolean> {
  const inProgress = `{${since.inProgress.join(',')}}`;
  const { rows } = await sql<{ changed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM booking_changes
                   WHERE kind = 'network'
                     AND (seq > ${since.seq} OR xid = ANY(${inProgress}::xid8[]))) AS changed
  `.execute(trx);
  return rows[0]?.changed === true;
}

async function loadNetworkModel(
  trx: Transaction<Database>,
  watermark: Watermark,
  now: number,
): Promise<NetworkModel> {
  const { rows } = await sql<{ clinicians: string | null; templates: string | null }>`
    SELECT
      (SELECT json_agg(json_build_array(c.center_id, c.id, c.discipline))::text
         FROM clinicians c WHERE c.active) AS clinicians,
      (SELECT json_agg(json_build_array(t.center_id, t.id, t.clinician_id,
                t.effective_from, t.effective_to,
                (SELECT coalesce(json_agg(json_build_array(s.weekday,
                          to_char(s.start_time, 'HH24:MI'), s.minutes, s.kind)), '[]')
                   FROM template_sessions s
                  WHERE s.center_id = t.center_id AND s.template_id = t.id),
                (SELECT coalesce(json_agg(json_build_array(b.weekday,
                          to_char(b.start_time, 'HH24:MI'), b.minutes, b.label)), '[]')
                   FROM admin_blocks b
                  WHERE b.center_id = t.center_id AND b.template_id = t.id)))::text
         FROM templates t) AS templates
  `.execute(trx);
  const row = rows[0]!;
  const clinicians = new Map<
    string,
    Omit<UtilisationClinician, 'timeOff'> & { schedule: Assignment[] }
  >();
  for (const [center, id, discipline] of parse<[string, string, string]>(row.clinicians)) {
    clinicians.set(keyOf(center, id), { id: keyOf(center, id), center, discipline, schedule: [] });
  }
  type Session = [number, string, number, 'intake' | 'followup'];
  type Block = [number, string, number, string];
  const templates: TemplateInput[] = [];
  for (const [center, id, clinician, from, to, sessions, blocks] of parse<
    [string, string, string, string, string | null, Session[], Block[]]
  >(row.templates)) {
    templates.push({
      id: keyOf(center, id),
      sessions: sessions.map(([weekday, start, minutes, kind]) => ({
        weekday,
        start,
        minutes,
        kind,
      })),
      adminBlocks: blocks.map(([weekday, start, minutes, label]) => ({
        weekday,
        start,
        minutes,
        label,
      })),
    });
    clinicians.get(keyOf(center, clinician))?.schedule.push({
      template: keyOf(center, id),
      from,
      ...(to === null ? {} : { to }),
    });
  }
  return { watermark, loadedAt: now, templates, clinicians: [...clinicians.values()] };
}
