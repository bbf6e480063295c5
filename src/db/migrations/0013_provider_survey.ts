/**
 * The regulator's rate of compliance, pre-computed (docs/provider-survey.md): per week,
 * medical center and provider type, how many clinicians were surveyed and how many had
 * their next available urgent and non-urgent appointment within the standard. Computing
 * a week builds the booking engine as the books stood at the survey moment (seconds on
 * the full network), so the page reads these rows instead.
 *
 * - `provider_survey_weeks`: one row per week computed — the survey moment, when it was
 *   computed, and whether it is final (computed after the week ended: never again). A
 *   week with no clinician to survey still has its row, so it is not computed again.
 *   Network-wide and small: a Citus reference table.
 * - `provider_survey`: the counts, distributed by center like the rest of a center's
 *   rows. A week's rows are replaced together with its week row, in one transaction.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE provider_survey_weeks (
      week date PRIMARY KEY CHECK (extract(isodow FROM week) = 1),
      surveyed_at timestamptz NOT NULL,
      computed_at timestamptz NOT NULL,
      final boolean NOT NULL,
      clinicians integer NOT NULL CHECK (clinicians >= 0),
      compute_ms integer NOT NULL CHECK (compute_ms >= 0)
    )`,
    sql`CREATE TABLE provider_survey (
      center_id text NOT NULL REFERENCES medical_centers (id),
      week date NOT NULL REFERENCES provider_survey_weeks (week) ON DELETE CASCADE,
      provider_type text NOT NULL CHECK (provider_type IN ('non-physician', 'psychiatrist')),
      surveyed integer NOT NULL CHECK (surveyed > 0),
      urgent_compliant integer NOT NULL CHECK (urgent_compliant BETWEEN 0 AND surveyed),
      nonurgent_compliant integer NOT NULL CHECK (nonurgent_compliant BETWEEN 0 AND surveyed),
      PRIMARY KEY (center_id, week, provider_type)
    )`,
    // The page reads a window of weeks across every center.
    sql`CREATE INDEX provider_survey_week_idx ON provider_survey (week)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
