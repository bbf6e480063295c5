/**
 * Clinician utilisation and admin time, pre-computed per week (docs/utilisation.md).
 *
 * `utilisation_weeks`: per week (its Monday in the plan's zone), medical center and
 * discipline, the minutes of session slots offered and used (completed, booked, no-show)
 * and of protected admin time planned, lost (holiday or time off; a visit on it) and
 * delivered, with the headcount and FTE days. Minutes are whole numbers: sessions and
 * blocks are whole minutes, so sums stay exact and hours are a division at read time.
 *
 * `utilisation_refreshes`: one row per computed week — when, the change-log watermark
 * (`booking_changes`, migration 0006) of the snapshot it was computed from, and whether
 * it is final. A week is computed from the templates, time off, holidays and
 * appointments by `src/access/utilisation-rollup.ts` (the engine's template model in
 * TypeScript, not SQL), so the table is written by that code only. Past weeks are final
 * once settled and never recomputed; the open ones are recomputed on read when the
 * change log shows a write since their watermark.
 *
 * The templates themselves are kept in memory between weeks and reloaded after a
 * `network` row in the change log: a partial index finds those rows among the bookings'.
 *
 * On Citus `utilisation_weeks` is distributed by `center_id` like the rest of a center's
 * rows (its key leads with it); `utilisation_refreshes` is network-wide and small (a
 * row a week): a reference table.
 */
import { type Kysely, sql } from 'kysely';

const MINUTES = [
  'offered_minutes',
  'used_minutes',
  'completed_minutes',
  'booked_minutes',
  'no_show_minutes',
  'admin_planned_minutes',
  'admin_closed_minutes',
  'admin_booked_minutes',
  'admin_delivered_minutes',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE utilisation_weeks (
      center_id text NOT NULL,
      week_start date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
      discipline text NOT NULL,
      clinicians integer NOT NULL CHECK (clinicians > 0),
      fte_days integer NOT NULL CHECK (fte_days >= 0),
      ${sql.raw(MINUTES.map((c) => `${c} integer NOT NULL CHECK (${c} >= 0)`).join(',\n'))},
      PRIMARY KEY (center_id, week_start, discipline),
      CHECK (used_minutes <= offered_minutes),
      CHECK (used_minutes = completed_minutes + booked_minutes + no_show_minutes),
      CHECK (admin_delivered_minutes
        = admin_planned_minutes - admin_closed_minutes - admin_booked_minutes)
    )`,
    // The overview reads a window of weeks across every center.
    sql`CREATE INDEX utilisation_weeks_week_idx ON utilisation_weeks (week_start)`,
    sql`CREATE TABLE utilisation_refreshes (
      week_start date PRIMARY KEY CHECK (extract(isodow FROM week_start) = 1),
      computed_at timestamptz NOT NULL,
      change_seq bigint NOT NULL,
      change_in_progress text[] NOT NULL DEFAULT '{}',
      final boolean NOT NULL
    )`,
    // Whether the templates kept in memory are still current: any network statement since
    // (src/access/utilisation-records.ts). Few rows, so few entries; appointments skip it.
    sql`CREATE INDEX booking_changes_network_idx ON booking_changes (seq) WHERE kind = 'network'`,
  ];
  for (const statement of statements) await statement.execute(db);
}
