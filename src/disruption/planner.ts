/**
 * Computes a stoppage's plan with the booking engine, on the records as they are now:
 * the participating clinicians' time in the stoppage's window is closed, every other
 * live appointment is held where it is, and the affected appointments' requests are
 * re-placed by `BookingEngine.displace` — the one booking model, in its priority order.
 * Nothing is written here; `plan-store.ts` stores the result.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import { requestInputOf, type StoredRequest } from '../booking/booking-service.ts';
import { loadNetworkSnapshot, type NetworkSnapshot } from '../booking/network-snapshot.ts';
import { modalityOf } from '../booking/options.ts';
import { epochMs } from '../db/epoch-ms.ts';
import type { Database, StoppagePlanTable } from '../db/schema.ts';
import { BookingEngine } from '../engine/booking/engine.ts';
import type { ClinicianInput, NetworkInput, RequestInput } from '../engine/booking/model.ts';
import type { DisplacedInput } from '../engine/booking/outcomes.ts';
import type { BookingPolicy } from '../engine/booking/policy.ts';
import { BusinessCalendar, type CalendarDefinition } from '../engine/rules/calendar.ts';
import type { StandardsTable } from '../engine/rules/standards.ts';
import { MS_PER_DAY } from '../engine/time.ts';
import type { Stoppage } from './model.ts';

export interface PlanSettings {
  readonly now: number;
  readonly calendar: CalendarDefinition;
  readonly standards: StandardsTable;
  readonly policy: Partial<BookingPolicy>;
}

type PlanColumn = Exclude<
  keyof Selectable<StoppagePlanTable>,
  'stoppage_id' | 'applied_at' | 'next_id' | 'replanned' | 'moved_back_at'
>;
/** Columns holding instants: epoch milliseconds here, timestamps in the table. */
type InstantColumn =
  | 'starts_at'
  | 'ends_at'
  | 'clock_start'
  | 'deadline'
  | 'next_starts_at'
  | 'next_ends_at';

/** One plan entry's values, instants as epoch ms. */
export type PlanValues = {
  readonly [K in PlanColumn]: K extends InstantColumn
    ? Selectable<StoppagePlanTable>[K] extends Date
      ? number
      : number | null
    : Selectable<StoppagePlanTable>[K];
};

/**
 * The plan as columns, one array per table column: a network's plan is ≈125,000
 * entries, and an object per entry (with a Date per instant) cost more in garbage
 * collection than computing the plan (docs/disruption.md, "Measured").
 */
export type PlanColumns = { readonly [K in PlanColumn]: PlanValues[K][] };

export const PLAN_COLUMNS: readonly PlanColumn[] = [
  'center_id',
  'seq',
  'appointment_id',
  'clinician_id',
  'starts_at',
  'ends_at',
  'patient_center_id',
  'patient_id',
  'request_id',
  'type',
  'standard',
  'clock_start',
  'deadline',
  'result',
  'next_center_id',
  'next_clinician_id',
  'next_provider',
  'next_starts_at',
  'next_ends_at',
  'next_modality',
  'next_kind',
  'met_before',
  'met_after',
];

function emptyPlan(): PlanColumns {
  return Object.fromEntries(PLAN_COLUMNS.map((c) => [c, []])) as unknown as PlanColumns;
}

/** Where an entry's appointment goes (null: nowhere — kept, or unplaceable). */
interface NextValues {
  readonly centerId: string | null;
  readonly clinicianId: string | null;
  readonly provider: string | null;
  readonly start: number;
  readonly end: number;
  readonly modality: PlanValues['next_modality'];
  readonly kind: PlanValues['next_kind'];
}

/**
 * Appends one entry, column by column. Written out rather than looped over the column
 * names: this runs for every appointment of a network's stoppage.
 */
function pushEntry(
  plan: PlanColumns,
  row: AffectedRow,
  request: { type: PlanValues['type']; standard: string; clockStart: number; deadline: number },
  result: PlanValues['result'],
  next: NextValues | null,
): void {
  const start = row.starts_at;
  plan.center_id.push(row.center_id);
  plan.seq.push(plan.seq.length);
  plan.appointment_id.push(row.id);
  plan.clinician_id.push(row.clinician_id);
  plan.starts_at.push(start);
  plan.ends_at.push(row.ends_at);
  plan.patient_center_id.push(row.patient_center_id);
  plan.patient_id.push(row.patient_id);
  plan.request_id.push(row.request_id);
  plan.type.push(request.type);
  plan.standard.push(request.standard);
  plan.clock_start.push(request.clockStart);
  plan.deadline.push(request.deadline);
  plan.result.push(result);
  plan.next_center_id.push(next?.centerId ?? null);
  plan.next_clinician_id.push(next?.clinicianId ?? null);
  plan.next_provider.push(next?.provider ?? null);
  plan.next_starts_at.push(next?.start ?? null);
  plan.next_ends_at.push(next?.end ?? null);
  plan.next_modality.push(next?.modality ?? null);
  plan.next_kind.push(next?.kind ?? null);
  plan.met_before.push(start <= request.deadline);
  plan.met_after.push(
    result === 'kept' ? start <= request.deadline : next !== null && next.start <= request.deadline,
  );
}

/**
 * Days past the stoppage's end the engine opens slots on: enough for the affected
 * requests' deadlines (at most 15 business days) and the late slots after them.
 */
const HORIZON_PAST_END_DAYS = 60;
/** The standard an appointment booked without a request is re-placed under. */
const FOLLOWUP_STANDARD = 'followup-nonphysician-mh';

/** An affected or kept appointment with its request's columns (null without a request). */
interface AffectedRow {
  readonly center_id: string;
  readonly id: string;
  readonly clinician_id: string;
  readonly patient_center_id: string;
  readonly patient_id: string;
  readonly starts_at: number;
  readonly ends_at: number;
  readonly participating: boolean;
  readonly request_id: string | null;
  readonly type: StoredRequest['type'] | null;
  readonly standard: string | null;
  readonly clock_start: number | null;
  readonly deadline: number | null;
  readonly not_before: number | null;
  readonly language: string | null;
  readonly modality: StoredRequest['modality'] | null;
  readonly max_travel_km: number | null;
  readonly prior_clinician_id: string | null;
  readonly extension_deadline: number | null;
  readonly extension_reason: string | null;
  readonly extension_recorded_by: string | null;
  readonly extension_recorded_at: number | null;
}

/** The stoppage's window from now on: [from, to). */
export function planWindow(stoppage: Stoppage, now: number): { from: number; to: number } {
  return { from: Math.max(stoppage.startsAt, now), to: stoppage.endsAt };
}

/**
 * Live appointments of the stoppage's clinicians in its window, from now on. A network's
 * rows carry six instants each: read as numbers (`epochMs`), not Dates, that saved a
 * tenth of the preview's time.
 */
async function readAffected(
  db: Kysely<Database>,
  stoppageId: string,
  window: { from: number; to: number },
  now: number,
): Promise<AffectedRow[]> {
  const { rows } = await sql<AffectedRow>`
    SELECT a.center_id, a.id, a.clinician_id, a.patient_center_id, a.patient_id,
      ${epochMs(sql`a.starts_at`)} AS starts_at, ${epochMs(sql`a.ends_at`)} AS ends_at,
      sc.participating,
      r.id AS request_id, r.type, r.standard, ${epochMs(sql`r.clock_start`)} AS clock_start,
      ${epochMs(sql`coalesce(r.extension_deadline, r.deadline)`)} AS deadline,
      ${epochMs(sql`r.not_before`)} AS not_before, r.language, r.modality, r.max_travel_km,
      r.prior_clinician_id, ${epochMs(sql`r.extension_deadline`)} AS extension_deadline,
      r.extension_reason, r.extension_recorded_by,
      ${epochMs(sql`r.extension_recorded_at`)} AS extension_recorded_at
    FROM stoppage_clinicians sc
    JOIN appointments a ON a.center_id = sc.center_id AND a.clinician_id = sc.clinician_id
    LEFT JOIN requests r ON r.center_id = a.patient_center_id AND r.id = a.request_id
    WHERE sc.stoppage_id = ${stoppageId}
      AND a.status = 'booked'
      AND a.starts_at >= ${new Date(now)}::timestamptz
      AND a.starts_at < ${new Date(window.to)}::timestamptz
      AND a.ends_at > ${new Date(window.from)}::timestamptz`.execute(db);
  // Sorted here rather than in SQL (a network's rows spilled the sort to disk): the
  // engine breaks ties by input order, so the order must not depend on the plan.
  return rows.sort((a, b) =>
    a.center_id < b.center_id
      ? -1
      : a.center_id > b.center_id
        ? 1
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0,
  );
}

/** The engine's request for an affected appointment, and the deadline it is judged by. */
function requestOf(
  row: AffectedRow,
  engineId: string,
  clinicians: ReadonlyMap<string, unknown>,
): RequestInput {
  if (row.request_id === null || row.type === null) {
    // Booked without a request (an import): a follow-up of the appointment itself.
    return {
      id: engineId,
      patientId: row.patient_id,
      type: 'followup',
      standard: FOLLOWUP_STANDARD,
      clockStart: row.starts_at,
      center: row.patient_center_id,
      ...(clinicians.has(row.clinician_id) ? { priorClinician: row.clinician_id } : {}),
    };
  }
  const stored: StoredRequest = {
    id: engineId,
    center_id: row.patient_center_id,
    patient_id: row.patient_id,
    type: row.type,
    standard: row.standard!,
    clock_start: row.clock_start!,
    not_before: row.not_before,
    language: row.language ?? 'en',
    modality: row.modality ?? 'any',
    max_travel_km: row.max_travel_km,
    prior_clinician_id: row.prior_clinician_id,
    extension_deadline: row.extension_deadline,
    extension_reason: row.extension_reason,
    extension_recorded_by: row.extension_recorded_by,
    extension_recorded_at: row.extension_recorded_at,
  };
  return requestInputOf(stored, clinicians, undefined);
}

async function externalProviders(db: Kysely<Database>): Promise<NetworkInput['externalProviders']> {
  const rows = await db.selectFrom('external_providers').selectAll().orderBy('id').execute();
  return rows.map((p) => ({
    id: p.id,
    disciplines: p.disciplines,
    languages: p.languages,
    modalities: p.modalities.filter(
      (m): m is 'in-person' | 'video' => m === 'in-person' || m === 'video',
    ),
    centers: p.center_ids,
    weeklyCapacity: p.weekly_capacity,
    leadDays: p.lead_days,
    visitMinutes: p.visit_minutes,
    ...(p.contract_from === null ? {} : { from: p.contract_from }),
    ...(p.contract_to === null ? {} : { to: p.contract_to }),
  }));
}

/**
 * A booking engine on the records as they are at `settings.now`: the network over
 * `horizonDays`, with the external network, every live appointment held (except those
 * in `skip`, keyed `center/id`) and the open referrals counted against their providers'
 * weeks; `close` shuts clinicians' time as the stoppage's time off will.
 */
export async function engineOnTheBooks(
  db: Kysely<Database>,
  settings: PlanSettings,
  options: {
    readonly horizonDays: number;
    readonly close?: { clinicians: ReadonlySet<string>; from: number; to: number } | undefined;
    readonly skip?: ReadonlySet<string> | undefined;
  },
): Promise<{ engine: BookingEngine; snapshot: NetworkSnapshot }> {
  const now = settings.now;
  const timeZone = new BusinessCalendar(settings.calendar).timeZone;
  const [snapshot, providers, referrals] = await Promise.all([
    loadNetworkSnapshot(db, {
      now,
      horizonDays: options.horizonDays,
      calendar: settings.calendar,
      timeZone,
    }),
    externalProviders(db),
    db
      .selectFrom('referrals')
      .select(['external_provider', 'first_visit_at'])
      .where('status', 'in', ['sent', 'accepted'])
      .where('first_visit_at', '>=', new Date(now))
      .execute(),
  ]);
  const close = options.close;
  const clinicians: ClinicianInput[] = close
    ? snapshot.network.clinicians.map((c) =>
        close.clinicians.has(c.id)
          ? {
              ...c,
              timeOff: [
                ...(c.timeOff ?? []),
                { from: close.from, to: close.to, reason: 'stoppage' },
              ],
            }
          : c,
      )
    : snapshot.network.clinicians;
  const engine = new BookingEngine(
    { ...snapshot.network, clinicians, externalProviders: providers },
    { standards: settings.standards, policy: settings.policy },
  );
  for (const a of snapshot.appointments) {
    const key = `${a.centerId}/${a.id}`;
    if (options.skip?.has(key)) continue;
    if (snapshot.clinicians.get(a.clinicianId)?.centerId !== a.centerId) continue;
    engine.hold({
      id: key,
      clinicianId: a.clinicianId,
      patientId: a.patientId,
      start: a.start,
      end: a.end,
    });
  }
  for (const r of referrals) {
    if (r.first_visit_at) engine.holdReferral(r.external_provider, r.first_visit_at.getTime());
  }
  return { engine, snapshot };
}

/**
 * The plan for a stoppage as of `settings.now`: one row per live appointment of an
 * in-scope clinician in the window — the participating clinicians' re-placed in the
 * engine's order (seq 0, 1, …), then the others' as kept.
 */
export async function computePlan(
  db: Kysely<Database>,
  stoppage: Stoppage,
  settings: PlanSettings,
): Promise<PlanColumns> {
  const now = settings.now;
  const window = planWindow(stoppage, now);
  if (window.to <= window.from) return emptyPlan();
  // A declaration adds thousands of rows to stoppage_clinicians at once, and until
  // autovacuum gets to the table the planner takes a stoppage for a handful of
  // clinicians: it then reads the books with an index probe per clinician and per
  // appointment instead of hash joins (measured on the full network: the read 1.1–1.3 s
  // against 0.8 s; docs/disruption.md, "Measured"). ANALYZE of this small table costs
  // milliseconds; a role that does not own the table gets a warning, not an error.
  await sql`ANALYZE stoppage_clinicians`.execute(db);
  const affectedRows = await readAffected(db, stoppage.id, window, now);
  const participants = await db
    .selectFrom('stoppage_clinicians')
    .select('clinician_id')
    .where('stoppage_id', '=', stoppage.id)
    .where('participating', '=', true)
    .execute();
  const striking = new Set(participants.map((p) => p.clinician_id));

  const moving = affectedRows.filter((r) => r.participating);
  const horizonDays = Math.ceil((window.to - now) / MS_PER_DAY) + HORIZON_PAST_END_DAYS;
  const { engine, snapshot } = await engineOnTheBooks(db, settings, {
    horizonDays,
    close: { clinicians: striking, from: window.from, to: window.to },
    skip: new Set(moving.map((r) => `${r.center_id}/${r.id}`)),
  });

  const requests = moving.map((row, i) =>
    requestOf(
      row,
      `${i}:${row.patient_center_id}/${row.request_id ?? row.id}`,
      snapshot.clinicians,
    ),
  );
  const items: DisplacedInput[] = moving.map((row, i) => ({
    request: requests[i]!,
    clinicianId: engine.knowsClinician(row.clinician_id) ? row.clinician_id : null,
  }));
  const report = engine.displace(items, { now });

  const plan = emptyPlan();
  for (const entry of report.entries) {
    const row = moving[entry.index]!;
    const request = requests[entry.index]!;
    const next = entry.next;
    const facts = next?.clinicianId ? snapshot.clinicians.get(next.clinicianId) : undefined;
    pushEntry(
      plan,
      row,
      {
        type: request.type,
        standard: request.standard,
        clockStart: request.clockStart,
        deadline: entry.evaluation.deadline,
      },
      entry.result,
      next === null
        ? null
        : {
            centerId: facts?.centerId ?? null,
            clinicianId: next.clinicianId,
            provider: next.externalProviderId,
            start: next.start,
            end: next.end,
            modality: facts ? modalityOf(request, facts) : 'video',
            kind: request.type === 'followup' ? 'followup' : 'intake',
          },
    );
  }
  for (const row of affectedRows) {
    if (row.participating) continue;
    const start = row.starts_at;
    // Booked without a request: judged, like a displaced one, as a follow-up of itself.
    pushEntry(
      plan,
      row,
      {
        type: row.type ?? 'followup',
        standard: row.standard ?? FOLLOWUP_STANDARD,
        clockStart: row.clock_start ?? start,
        deadline: row.deadline ?? start,
      },
      'kept',
      null,
    );
  }
  return plan;
}
