/**
 * Hotline cases (issue 8): `complaints` grows into the case a hotline call opens — who
 * called, the member (or, for a caller who could not say who, the member number and
 * name given, until the case is matched), the category, the caller's account, urgency
 * and its clock, the status flow with a resolution code, and the assignee — with three
 * tables of its own: notes, history and links to the member's requests and appointments.
 *
 * Why evolve `complaints` rather than add `hotline_cases`: the table already is the
 * hotline's cases (the demo, its summary and tests, the Citus layout in
 * docs/database.md all name it), and renaming would touch them all for no change in
 * behaviour. Its rows survive: old categories are mapped onto the new list, old
 * resolved cases get the code `unrecorded` and the 30-day clock.
 *
 * Sharding (docs/database.md): a case belongs to a center, the first column of every
 * key. That is the member's home center, or — for a member not known yet — the center
 * the caller named; matching the member later sets `patient_center_id`/`patient_id` and
 * leaves the case where it is (a distribution column value is never updated), so the
 * member is referred to by its own center like an appointment's patient is. Notes,
 * history and links carry the case's center and are co-located with it. Links to
 * appointments may name another center (a video visit's clinician's), so they have no
 * foreign key; the write checks them, as the booking transaction does on Citus.
 */
import { type Kysely, sql } from 'kysely';

const CATEGORIES = `'cannot-get-appointment', 'followup-too-far', 'moved-to-outside-provider',
  'cancelled-by-strike', 'cost', 'other'`;
const RELATIONS = `'self', 'parent-or-guardian', 'spouse-or-partner', 'relative', 'caregiver',
  'clinician', 'other'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // The member: known, or not yet (then what the caller gave is kept for matching).
    sql`ALTER TABLE complaints ADD COLUMN patient_center_id text`,
    sql`UPDATE complaints SET patient_center_id = center_id`,
    sql`ALTER TABLE complaints DROP CONSTRAINT complaints_center_id_patient_id_fkey`,
    sql`ALTER TABLE complaints ALTER COLUMN patient_id DROP NOT NULL`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_patient_fkey
      FOREIGN KEY (patient_center_id, patient_id) REFERENCES patients (center_id, id)`,
    sql`ALTER TABLE complaints ADD COLUMN given_member_number text`,
    sql`ALTER TABLE complaints ADD COLUMN given_member_name text`,
    sql`ALTER TABLE complaints ADD COLUMN given_birth_date date`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_member_known_or_given CHECK (
      (patient_id IS NULL) = (patient_center_id IS NULL)
      AND (patient_id IS NOT NULL
           OR btrim(coalesce(given_member_number, '')) <> ''
           OR btrim(coalesce(given_member_name, '')) <> ''))`,

    // Who called: the member, or someone on their behalf, whose name is then recorded.
    sql.raw(`ALTER TABLE complaints ADD COLUMN caller_relation text NOT NULL DEFAULT 'self'
      CHECK (caller_relation IN (${RELATIONS}))`),
    sql`ALTER TABLE complaints ADD COLUMN caller_name text`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_caller_named CHECK (
      (caller_relation = 'self') = (caller_name IS NULL)
      AND (caller_name IS NULL OR btrim(caller_name) <> ''))`,
    sql`ALTER TABLE complaints ADD COLUMN received_by text REFERENCES users (id)`,

    // What it is about: the category list, and the caller's own account of it.
    sql`UPDATE complaints SET category = CASE category
      WHEN 'access-delay' THEN 'cannot-get-appointment' ELSE 'other' END
      WHERE category NOT IN (${sql.raw(CATEGORIES)})`,
    sql.raw(`ALTER TABLE complaints ADD CONSTRAINT complaints_category_check
      CHECK (category IN (${CATEGORIES}))`),
    sql`ALTER TABLE complaints RENAME COLUMN summary TO account`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_account_given
      CHECK (btrim(account) <> '')`,

    // The clock (src/hotline/clocks.ts): urgent 72 hours, standard 30 calendar days at
    // the same wall-clock time in the center's zone. Existing cases were all standard.
    sql`ALTER TABLE complaints ADD COLUMN urgency text NOT NULL DEFAULT 'standard'
      CHECK (urgency IN ('urgent', 'standard'))`,
    sql`ALTER TABLE complaints ADD COLUMN due_at timestamptz`,
    sql`UPDATE complaints c
      SET due_at = ((c.received_at AT TIME ZONE m.time_zone) + interval '30 days')
                   AT TIME ZONE m.time_zone
      FROM medical_centers m WHERE m.id = c.center_id`,
    sql`ALTER TABLE complaints ALTER COLUMN due_at SET NOT NULL`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_due_after_received
      CHECK (due_at > received_at)`,

    // The status flow (src/hotline/transitions.ts); a settled case has its code and time.
    sql`ALTER TABLE complaints DROP CONSTRAINT complaints_status_check`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_status_check
      CHECK (status IN ('open', 'investigating', 'resolved', 'closed'))`,
    sql`ALTER TABLE complaints ADD COLUMN resolution_code text`,
    sql`UPDATE complaints SET resolution_code = 'unrecorded' WHERE status = 'resolved'`,
    sql`ALTER TABLE complaints ADD CONSTRAINT complaints_settled_complete CHECK (
      (status IN ('resolved', 'closed')) = (resolution_code IS NOT NULL)
      AND (status IN ('resolved', 'closed')) = (resolved_at IS NOT NULL))`,
    // The queue lists open and investigating cases first: a column it can sort on.
    sql`ALTER TABLE complaints ADD COLUMN settled boolean
      GENERATED ALWAYS AS (status IN ('resolved', 'closed')) STORED`,
    sql`ALTER TABLE complaints ADD COLUMN assigned_to text REFERENCES users (id)`,

    // The named request moves to the links table, where a case may name several.
    sql`CREATE TABLE complaint_links (
      center_id text NOT NULL,
      complaint_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('request', 'appointment')),
      target_center_id text NOT NULL,
      target_id text NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, complaint_id, kind, target_center_id, target_id),
      FOREIGN KEY (center_id, complaint_id) REFERENCES complaints (center_id, id)
    )`,
    sql`INSERT INTO complaint_links (center_id, complaint_id, kind, target_center_id, target_id)
      SELECT center_id, id, 'request', center_id, request_id
      FROM complaints WHERE request_id IS NOT NULL`,
    sql`ALTER TABLE complaints DROP COLUMN request_id`,

    // Notes: who wrote what, when. Never changed: a correction is a new note.
    sql`CREATE TABLE complaint_notes (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      complaint_id text NOT NULL,
      author_user_id text NOT NULL REFERENCES users (id),
      written_at timestamptz NOT NULL DEFAULT now(),
      text text NOT NULL CHECK (btrim(text) <> '' AND length(text) <= 4000),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, complaint_id) REFERENCES complaints (center_id, id)
    )`,
    sql`CREATE INDEX complaint_notes_case_idx
      ON complaint_notes (center_id, complaint_id, written_at)`,

    // History: every status change, assignment and match, so a reopened case still
    // shows how it was resolved before.
    sql`CREATE TABLE complaint_history (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      complaint_id text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id text REFERENCES users (id),
      kind text NOT NULL CHECK (kind IN ('recorded', 'status', 'reopened', 'assigned', 'matched')),
      from_status text,
      to_status text,
      resolution_code text,
      assigned_to text REFERENCES users (id),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, complaint_id) REFERENCES complaints (center_id, id),
      CHECK ((kind IN ('status', 'reopened')) = (to_status IS NOT NULL))
    )`,
    sql`CREATE INDEX complaint_history_case_idx ON complaint_history (center_id, complaint_id, at)`,

    sql`CREATE FUNCTION complaint_records_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING HINT = 'Add a note or a history row instead of changing one.';
      END
      $$`,
    sql`CREATE TRIGGER complaint_notes_append_only BEFORE UPDATE OR DELETE ON complaint_notes
      FOR EACH ROW EXECUTE FUNCTION complaint_records_refuse_change()`,
    sql`CREATE TRIGGER complaint_history_append_only BEFORE UPDATE OR DELETE ON complaint_history
      FOR EACH ROW EXECUTE FUNCTION complaint_records_refuse_change()`,

    // The queue: open and investigating first, least time left first, across centers
    // (or within one: the center index below). A member's cases, for the case page.
    sql`CREATE INDEX complaints_queue_idx ON complaints (settled, due_at, center_id, id)`,
    sql`DROP INDEX complaints_patient_idx`,
    sql`CREATE INDEX complaints_patient_idx ON complaints (patient_center_id, patient_id)
      WHERE patient_id IS NOT NULL`,
    sql`CREATE INDEX complaints_received_idx ON complaints (received_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
