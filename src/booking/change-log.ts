/**
 * Reading `booking_changes` (migration 0006) without missing a row. A watermark is the
 * highest `seq` read so far and the transactions the reading snapshot saw in progress;
 * the next read takes `seq > watermark.seq OR xid = ANY(in progress)` and, in the same
 * statement, the snapshot that becomes the next watermark. Re-reading a row is harmless
 * (applying a change is idempotent); missing one is impossible: a row not visible to a
 * snapshot was written by a transaction in progress at that moment, or got its `seq`
 * after it (see the migration's comment).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface Watermark {
  readonly seq: number;
  /** Transaction ids (xid8, as text) in progress when the watermark was taken. */
  readonly inProgress: readonly string[];
}

export type Change =
  | { readonly kind: 'network'; readonly seq: number }
  | {
      readonly kind: 'appointment';
      readonly seq: number;
      readonly centerId: string;
      readonly appointmentId: string;
      readonly clinicianId: string | null;
      readonly patientId: string | null;
      readonly start: number | null;
      readonly end: number | null;
      readonly live: boolean;
    };

interface ChangeRow {
  seq: number | string;
  kind: 'appointment' | 'network';
  center_id: string | null;
  appointment_id: string | null;
  clinician_id: string | null;
  patient_id: string | null;
  starts_at: string | null;
  ends_at: string | null;
  live: boolean | null;
}

/** `xmin:xmax:xip,…` → the in-progress list. */
export function inProgressOf(snapshot: string): string[] {
  const xip = snapshot.split(':')[2] ?? '';
  return xip === '' ? [] : xip.split(',');
}

/** The watermark of the calling transaction's snapshot (run first in a repeatable-read read). */
export async function currentWatermark(
  trx: Transaction<Database> | Kysely<Database>,
): Promise<Watermark> {
  const { rows } = await sql<{ snapshot: string; seq: number | string }>`
    SELECT pg_current_snapshot()::text AS snapshot,
           (SELECT coalesce(max(seq), 0) FROM booking_changes) AS seq`.execute(trx);
  const row = rows[0]!;
  return { seq: Number(row.seq), inProgress: inProgressOf(row.snapshot) };
}

/**
 * Changes after a watermark, in `seq` order, and the watermark after them. The two
 * conditions are two branches of a UNION ALL, not one OR: each branch is an index scan
 * (`seq`, `xid`), where the OR made PostgreSQL scan the whole log on every poll — a
 * cost that grew with the log and, under load, kept a backend busy polling.
 */
export async function changesSince(
  db: Kysely<Database>,
  since: Watermark,
): Promise<{ changes: Change[]; watermark: Watermark }> {
  const inProgress = `{${since.inProgress.join(',')}}`;
  const { rows } = await sql<{ snapshot: string; changes: ChangeRow[] | string }>`
    SELECT pg_current_snapshot()::text AS snapshot,
           coalesce((SELECT json_agg(c ORDER BY c.seq) FROM (
             SELECT seq, kind, center_id, appointment_id, clinician_id, patient_id,
                    starts_at, ends_at, live
               FROM booking_changes WHERE seq > ${since.seq}
             UNION ALL
             SELECT seq, kind, center_id, appointment_id, clinician_id, patient_id,
                    starts_at, ends_at, live
               FROM booking_changes
              WHERE xid = ANY(${inProgress}::xid8[]) AND seq <= ${since.seq}) c),
             '[]'::json) AS changes`.execute(db);
  const row = rows[0]!;
  const raw: ChangeRow[] =
    typeof row.changes === 'string' ? (JSON.parse(row.changes) as ChangeRow[]) : row.changes;
  let seq = since.seq;
  const changes = raw.map((c): Change => {
    const n = Number(c.seq);
    if (n > seq) seq = n;
    if (c.kind === 'network') return { kind: 'network', seq: n };
    return {
      kind: 'appointment',
      seq: n,
      centerId: c.center_id ?? '',
      appointmentId: c.appointment_id ?? '',
      clinicianId: c.clinician_id,
      patientId: c.patient_id,
      start: c.starts_at === null ? null : Date.parse(c.starts_at),
      end: c.ends_at === null ? null : Date.parse(c.ends_at),
      live: c.live === true,
    };
  });
  return { changes, watermark: { seq, inProgress: inProgressOf(row.snapshot) } };
}

/** Deletes change rows older than `maxAgeMs` (every reader rebuilds long before that). */
export async function pruneChanges(db: Kysely<Database>, maxAgeMs: number): Promise<void> {
  await sql`DELETE FROM booking_changes
    WHERE changed_at < now() - make_interval(secs => ${maxAgeMs / 1000})`.execute(db);
}
