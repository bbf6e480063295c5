/**
 * The row types Kysely checks every query against, one interface per table, matching
 * the migrations in `migrations/` (which are the source of truth: change both together).
 *
 * Conventions: ids are text (the engine's ids are strings, and imports keep the ids
 * they bring); `Generated<T>` columns have a database default; timestamps are
 * `timestamptz` read back as `Date`; calendar days (`date`) are `YYYY-MM-DD` strings
 * and wall-clock times (`time`) `HH:MM:SS` strings on both back ends (see
 * `value-parsers.ts`). Tables owned by a medical center carry `center_id` and have the
 * primary key `(center_id, id)`, so they can be distributed by center (docs/database.md).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz: written as a Date or ISO string, always read as a Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export const MODALITIES = ['in-person', 'video'] as const;
export const SESSION_KINDS = ['intake', 'followup'] as const;
export const REQUEST_TYPES = ['urgent-intake', 'routine-intake', 'followup', 'psychiatry'] as const;
export const REQUEST_STATUSES = ['open', 'booked', 'referred', 'waitlisted', 'cancelled'] as const;
/** `booked` and `completed` hold the clinician's time; the others free it. */
export const APPOINTMENT_STATUSES = ['booked', 'completed', 'cancelled', 'no-show'] as const;
export const REFERRAL_STATUSES = ['sent', 'accepted', 'completed', 'cancelled'] as const;
/** A hotline case's status flow (src/hotline/transitions.ts; migration 0010). */
export const COMPLAINT_STATUSES = ['open', 'investigating', 'resolved', 'closed'] as const;
export const USER_ROLES = [
  'scheduler',
  'clinician',
  'compliance',
  'regulator',
  'hotline',
  'planner',
  'admin',
] as const;
/** FHIR AuditEvent.action: create, read, update, delete, execute. */
export const AUDIT_ACTIONS = ['C', 'R', 'U', 'D', 'E'] as const;

export interface MedicalCentersTable {
  id: string;
  name: string;
  time_zone: Generated<string>;
  lat: number | null;
  lon: number | null;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  /** the sign-in name (unique whatever its case; migration 0007) */
  name: string;
  email: string | null;
  display_name: string;
  role: (typeof USER_ROLES)[number];
  /** the center the user works for; null for network-wide roles */
  center_id: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  /** scrypt hash (src/auth/password.ts); null for token-only accounts */
  password_hash: string | null;
  /** the clinician a `clinician` account is (set exactly for that role) */
  clinician_center_id: string | null;
  clinician_id: string | null;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
}

/**
 * The change log the booking service keeps its engine current by (migration 0006),
 * filled by triggers only: the service reads it with raw SQL (`src/booking/change-log.ts`).
 */
export interface BookingChangesTable {
  seq: ColumnType<string, never, never>;
  xid: ColumnType<string, never, never>;
  changed_at: ColumnType<Date, never, never>;
  kind: 'appointment' | 'network';
  center_id: string | null;
  appointment_id: string | null;
  clinician_id: string | null;
  patient_id: string | null;
  starts_at: Timestamp | null;
  ends_at: Timestamp | null;
  live: boolean | null;
}

/** API tokens: the secret is shown once and stored as its SHA-256 (migration 0007). */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  secret_hash: string;
  label: Generated<string>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** Browser sessions, keyed by the SHA-256 of the cookie's secret (migration 0007). */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CliniciansTable {
  center_id: string;
  id: Generated<string>;
  name: string;
  discipline: string;
  languages: Generated<string[]>;
  modalities: (typeof MODALITIES)[number][];
  active: Generated<boolean>;
  caseload_cap: number | null;
  /** in the bargaining unit (migration 0015): a stoppage's scope can name the union's members */
  union_member: Generated<boolean>;
  created_at: CreatedAt;
}

export interface TemplatesTable {
  center_id: string;
  id: Generated<string>;
  clinician_id: string;
  name: string;
  /** first day it applies, YYYY-MM-DD */
  effective_from: string;
  /** last day it applies; null = open-ended */
  effective_to: string | null;
  daily_visit_cap: number | null;
  created_at: CreatedAt;
}

export interface TemplateSessionsTable {
  center_id: string;
  id: Generated<string>;
  template_id: string;
  /** ISO weekday, Monday = 1 … Sunday = 7 */
  weekday: number;
  /** local wall-clock start, HH:MM[:SS] */
  start_time: string;
  minutes: number;
  kind: (typeof SESSION_KINDS)[number];
}

export interface AdminBlocksTable {
  center_id: string;
  id: Generated<string>;
  template_id: string;
  weekday: number;
  start_time: string;
  minutes: number;
  label: Generated<string>;
}

export interface StoppagesTable {
  id: Generated<string>;
  /** null = network-wide */
  center_id: string | null;
  name: string;
  /** disciplines called out; null = all */
  disciplines: string[] | null;
  notice_at: Timestamp | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  created_at: CreatedAt;
  /** migration 0015 (docs/disruption.md) */
  kind: Generated<'strike' | 'absence'>;
  status: Generated<'draft' | 'executing' | 'active' | 'ended'>;
  /** the scope as declared (src/disruption/model.ts `StoppageScope`) */
  scope: ColumnType<Record<string, unknown>, string | undefined, string>;
  participation: Generated<number>;
  declared_by: string | null;
  previewed_at: Timestamp | null;
  executed_at: Timestamp | null;
  ended_at: Timestamp | null;
  /** the simulator's summary for the same stoppage (`SimulatedPrediction`) */
  prediction: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

/** The clinicians a stoppage calls out, and who of them stops work (migration 0015). */
export interface StoppageCliniciansTable {
  center_id: string;
  stoppage_id: string;
  clinician_id: string;
  participating: boolean;
}

/** The external network the plan refers out to (migration 0015). */
export interface ExternalProvidersTable {
  id: string;
  name: string;
  disciplines: string[];
  languages: string[];
  modalities: string[];
  center_ids: Generated<string[]>;
  weekly_capacity: number;
  lead_days: number;
  visit_minutes: Generated<number>;
  contract_from: string | null;
  contract_to: string | null;
  created_at: CreatedAt;
}

/** One appointment a stoppage touches and what the plan does with it (migration 0015). */
export interface StoppagePlanTable {
  /** the appointment's (its clinician's) center */
  center_id: string;
  stoppage_id: string;
  seq: number;
  appointment_id: string;
  clinician_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  patient_center_id: string;
  patient_id: string;
  request_id: string | null;
  type: string;
  standard: string;
  clock_start: Timestamp;
  deadline: Timestamp;
  result:
    | 'kept'
    | 'moved-same-clinician'
    | 'moved-other-clinician'
    | 'referred-out'
    | 'unplaceable';
  next_center_id: string | null;
  next_clinician_id: string | null;
  next_provider: string | null;
  next_starts_at: Timestamp | null;
  next_ends_at: Timestamp | null;
  next_modality: 'in-person' | 'video' | null;
  next_kind: 'intake' | 'followup' | null;
  met_before: boolean;
  met_after: boolean;
  applied_at: Timestamp | null;
  next_id: string | null;
  replanned: Generated<boolean>;
  moved_back_at: Timestamp | null;
}

export interface TimeOffTable {
  center_id: string;
  id: Generated<string>;
  clinician_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: Generated<string>;
  stoppage_id: string | null;
  created_at: CreatedAt;
}

export interface PatientsTable {
  /** the member's home medical center */
  center_id: string;
  id: Generated<string>;
  member_number: string;
  name: string;
  birth_date: string | null;
  language: Generated<string>;
  created_at: CreatedAt;
}

export interface RequestsTable {
  /** the patient's home center, which answers for the request's timeliness */
  center_id: string;
  id: Generated<string>;
  patient_id: string;
  type: (typeof REQUEST_TYPES)[number];
  /** id of the standard in the rules table (src/engine/rules/standards.ts) */
  standard: string;
  discipline: string | null;
  clock_start: Timestamp;
  deadline: Timestamp;
  not_before: Timestamp | null;
  language: Generated<string>;
  modality: Generated<(typeof MODALITIES)[number] | 'any'>;
  prior_clinician_id: string | null;
  status: Generated<(typeof REQUEST_STATUSES)[number]>;
  extension_deadline: Timestamp | null;
  extension_reason: string | null;
  extension_recorded_by: string | null;
  extension_recorded_at: Timestamp | null;
  /** travel radius the request was placed with; null = the engine's default */
  max_travel_km: number | null;
  created_at: CreatedAt;
}

export interface AppointmentsTable {
  /** the clinician's center: the exclusion constraint is per (center, clinician) */
  center_id: string;
  id: Generated<string>;
  clinician_id: string;
  patient_center_id: string;
  patient_id: string;
  request_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  modality: (typeof MODALITIES)[number];
  kind: (typeof SESSION_KINDS)[number];
  status: Generated<(typeof APPOINTMENT_STATUSES)[number]>;
  cancelled_at: Timestamp | null;
  /** who cancelled it (migration 0011); null when unknown, read as the plan */
  cancelled_by: 'member' | 'plan' | null;
  /** the appointment this one replaced when it was rescheduled */
  replaces_id: string | null;
  created_at: CreatedAt;
}

export interface ReferralsTable {
  center_id: string;
  id: Generated<string>;
  request_id: string;
  patient_id: string;
  external_provider: string;
  discipline: string | null;
  referred_at: Timestamp;
  first_visit_at: Timestamp | null;
  status: Generated<(typeof REFERRAL_STATUSES)[number]>;
  created_at: CreatedAt;
}

/** A hotline case (migration 0010; codes in src/hotline/case-codes.ts). */
export interface ComplaintsTable {
  /** the member's home center; for a member not known at intake, the center the caller named */
  center_id: string;
  id: Generated<string>;
  /** the member; both null until an unknown caller's member is matched */
  patient_center_id: string | null;
  patient_id: string | null;
  /** what the caller gave for a member not found (kept after matching) */
  given_member_number: string | null;
  given_member_name: string | null;
  given_birth_date: string | null;
  caller_relation: Generated<string>;
  /** null when the member called */
  caller_name: string | null;
  received_by: string | null;
  received_at: Timestamp;
  category: string;
  /** the caller's account, free text */
  account: string;
  urgency: Generated<'urgent' | 'standard'>;
  due_at: Timestamp;
  status: Generated<(typeof COMPLAINT_STATUSES)[number]>;
  /** set exactly when resolved or closed */
  resolution_code: string | null;
  /** when it was resolved or closed; null otherwise */
  resolved_at: Timestamp | null;
  assigned_to: string | null;
  /** resolved or closed (generated): the queue lists these last */
  settled: ColumnType<boolean, never, never>;
  created_at: CreatedAt;
}

/** A case's notes; append-only (migration 0010). */
export interface ComplaintNotesTable {
  center_id: string;
  id: Generated<string>;
  complaint_id: string;
  author_user_id: string;
  written_at: ColumnType<Date, Date | string | undefined, never>;
  text: string;
}

/** A case's status changes, assignments and match; append-only (migration 0010). */
export interface ComplaintHistoryTable {
  center_id: string;
  id: Generated<string>;
  complaint_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor_user_id: string | null;
  kind: 'recorded' | 'status' | 'reopened' | 'assigned' | 'matched';
  from_status: string | null;
  to_status: string | null;
  resolution_code: string | null;
  assigned_to: string | null;
}

/** The requests and appointments a case names (migration 0010). */
export interface ComplaintLinksTable {
  center_id: string;
  complaint_id: string;
  kind: 'request' | 'appointment';
  /** the request's center (the member's) or the appointment's (its clinician's) */
  target_center_id: string;
  target_id: string;
  linked_at: CreatedAt;
}

/** Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
export interface AuditEventsTable {
  id: Generated<string>;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
  /** null for events not about one center (sign-in, network-wide changes) */
  center_id: string | null;
  actor_user_id: string | null;
  action: (typeof AUDIT_ACTIONS)[number];
  entity_type: string;
  entity_id: string;
  outcome: Generated<'success' | 'failure'>;
  /** allow-listed fields only: never names, member numbers, birth dates or notes */
  detail: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
  /** the actor's role at the time (migration 0007) */
  actor_role: string | null;
  /** the patient whose information was read or written, when there is one */
  patient_center_id: string | null;
  patient_id: string | null;
  /** the client's address as the server saw it */
  source_address: string | null;
  /** the HTTP request's id, to find every event of one request */
  request_id: string | null;
}

/** The first result of a booking call, by the client's Idempotency-Key (migration 0005). */
export interface IdempotencyKeysTable {
  key: string;
  /** SHA-256 of the canonical JSON of the operation and its body */
  request_hash: string;
  operation: string;
  result: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
}

export interface Database {
  medical_centers: MedicalCentersTable;
  users: UsersTable;
  clinicians: CliniciansTable;
  templates: TemplatesTable;
  template_sessions: TemplateSessionsTable;
  admin_blocks: AdminBlocksTable;
  stoppages: StoppagesTable;
  stoppage_clinicians: StoppageCliniciansTable;
  stoppage_plan: StoppagePlanTable;
  external_providers: ExternalProvidersTable;
  time_off: TimeOffTable;
  patients: PatientsTable;
  requests: RequestsTable;
  appointments: AppointmentsTable;
  referrals: ReferralsTable;
  complaints: ComplaintsTable;
  complaint_notes: ComplaintNotesTable;
  complaint_history: ComplaintHistoryTable;
  complaint_links: ComplaintLinksTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  booking_changes: BookingChangesTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  request_outcomes: RequestOutcomesTable;
  access_rollup: AccessRollupTable;
  access_rollup_deltas: AccessRollupTable;
  access_wait_rollup: AccessWaitRollupTable;
  access_wait_deltas: AccessWaitRollupTable;
  business_day_ordinals: { day: string; ordinal: number };
  standard_wait_units: { standard: string; unit: 'business-days' | 'hours' | 'minutes' };
  provider_survey_weeks: ProviderSurveyWeeksTable;
  provider_survey: ProviderSurveyTable;
  utilisation_weeks: UtilisationWeeksTable;
  utilisation_refreshes: UtilisationRefreshesTable;
  access_version: AccessVersionTable;
}

/**
 * One row: a random stamp the database renews whenever a grant may have been taken away
 * (migration 0017); token checks read it to know whether their kept rows still hold.
 */
export interface AccessVersionTable {
  singleton: ColumnType<boolean, never, never>;
  version: ColumnType<string, never, never>;
}

/**
 * Clinician utilisation and admin time per week × center × discipline, in whole minutes
 * (migration 0014); written by `src/access/utilisation-rollup.ts` only.
 */
export interface UtilisationWeeksTable {
  center_id: string;
  /** the week's Monday in the plan's zone */
  week_start: string;
  discipline: string;
  /** clinicians with a template in force that week */
  clinicians: number;
  /** Σ days of the five-day week their templates work: FTE × 5 */
  fte_days: number;
  offered_minutes: number;
  used_minutes: number;
  completed_minutes: number;
  booked_minutes: number;
  no_show_minutes: number;
  admin_planned_minutes: number;
  admin_closed_minutes: number;
  admin_booked_minutes: number;
  admin_delivered_minutes: number;
}

/** When each week's utilisation was computed, from which change-log snapshot (migration 0014). */
export interface UtilisationRefreshesTable {
  week_start: string;
  computed_at: Timestamp;
  change_seq: ColumnType<number, number, number>;
  change_in_progress: string[];
  /** settled: never computed again */
  final: boolean;
}

/** A week of the regulator's provider survey, computed (migration 0013). */
export interface ProviderSurveyWeeksTable {
  /** the week's Monday, YYYY-MM-DD */
  week: string;
  /** the survey moment: the week's first business day, 10:00 local */
  surveyed_at: Timestamp;
  computed_at: Timestamp;
  /** computed after the week ended: never computed again */
  final: boolean;
  clinicians: number;
  compute_ms: number;
}

/** Surveyed and compliant clinicians per week × center × provider type (migration 0013). */
export interface ProviderSurveyTable {
  center_id: string;
  week: string;
  provider_type: 'non-physician' | 'psychiatrist';
  surveyed: number;
  urgent_compliant: number;
  nonurgent_compliant: number;
}

/**
 * Each request with its first live appointment, kept by triggers (migration 0009) for
 * the access figures; written by the database only.
 */
export interface RequestOutcomesTable {
  center_id: string;
  request_id: string;
  standard: string;
  status: (typeof REQUEST_STATUSES)[number];
  clock_start: Timestamp;
  /** the deadline in force: an extension's when recorded */
  due: Timestamp;
  discipline: string | null;
  /** the Monday of the clock start's week, in the plan's zone (migration 0012) */
  week: string;
  type: string;
  language: string;
  prior_clinician_id: string | null;
  first_at: Timestamp | null;
  served_discipline: string | null;
  /** the clinician of the first live appointment */
  served_clinician_id: string | null;
  /** the wait to it in the standard's unit: business days, else minutes (migration 0012) */
  wait: number | null;
  /** The breach list's facts (migration 0012): the member, the standard's own deadline, an
   * extension, and the first visit (booked or attended), member cancellation and no-show. */
  patient_id: string;
  deadline: Timestamp;
  extension_deadline: Timestamp | null;
  seen_at: Timestamp | null;
  declined_at: Timestamp | null;
  no_show_at: Timestamp | null;
}

/** Requests per week × center × standard × wait (migration 0012), and its deltas. */
export interface AccessWaitRollupTable {
  week: string;
  center_id: string;
  standard: string;
  wait: number;
  requests: number;
}

/**
 * The access figures per week × center × standard × type × language × discipline
 * (migration 0012); `access_rollup_deltas` holds the changes not yet folded in, with the
 * same columns. Written by the database only.
 */
export interface AccessRollupTable {
  week: string;
  center_id: string;
  standard: string;
  type: string;
  language: string;
  discipline: string;
  requests: number;
  met: number;
  referred: number;
  unresolved: number;
  followups: number;
  continuity: number;
}

export const TABLES = [
  'medical_centers',
  'users',
  'clinicians',
  'templates',
  'template_sessions',
  'admin_blocks',
  'stoppages',
  'time_off',
  'patients',
  'requests',
  'appointments',
  'referrals',
  'complaints',
  'complaint_notes',
  'complaint_history',
  'complaint_links',
  'audit_events',
  'idempotency_keys',
  'booking_changes',
  'api_tokens',
  'sessions',
  'request_outcomes',
  'access_rollup',
  'access_rollup_deltas',
  'access_wait_rollup',
  'access_wait_deltas',
  'business_day_ordinals',
  'standard_wait_units',
  'provider_survey_weeks',
  'provider_survey',
  'utilisation_weeks',
  'utilisation_refreshes',
  'stoppage_clinicians',
  'stoppage_plan',
  'external_providers',
  'access_version',
] as const satisfies readonly (keyof Database)[];

export type Clinician = Selectable<CliniciansTable>;
export type NewClinician = Insertable<CliniciansTable>;
export type Appointment = Selectable<AppointmentsTable>;
export type NewAppointment = Insertable<AppointmentsTable>;
export type AppointmentUpdate = Updateable<AppointmentsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
