/**
 * A few hotline cases for the demo: members whose request missed its deadline call the
 * plan's hotline a few days later. Cases older than a week are resolved. Summaries are
 * fixed phrases, never a member's details.
 */
import { Random } from '../engine/random.ts';
import { MS_PER_DAY, MS_PER_HOUR } from '../engine/time.ts';
import type { TableLoad } from './bulk-load.ts';

export interface MissedRequest {
  readonly centerId: string;
  readonly patientId: string;
  readonly requestId: string;
  /** Epoch ms. */
  readonly deadline: number;
}

const CASES = [
  ['access-delay', 'No appointment offered within the required time'],
  ['access-delay', 'First available appointment was weeks away'],
  ['language', 'No clinician offered who speaks the member’s language'],
  ['continuity', 'Asked to keep the same therapist; offered another one'],
] as const;

export function demoComplaints(
  missed: readonly MissedRequest[],
  options: { readonly seed: number; readonly count: number; readonly now: number },
): TableLoad {
  const random = new Random(options.seed);
  const rows: unknown[][] = [];
  const taken = new Set<string>();
  // Only calls that have already happened: a few days after a deadline before today.
  const candidates = missed.filter((m) => m.deadline + 4 * MS_PER_DAY < options.now);
  for (let tries = 0; rows.length < options.count && tries < options.count * 20; tries++) {
    if (candidates.length === 0) break;
    const m = random.pick(candidates);
    if (taken.has(m.patientId)) continue;
    taken.add(m.patientId);
    const [category, summary] = random.pick(CASES);
    const receivedAt = m.deadline + (1 + random.int(3)) * MS_PER_DAY + random.int(8) * MS_PER_HOUR;
    const resolved = receivedAt < options.now - 7 * MS_PER_DAY;
    rows.push([
      m.centerId,
      `hotline-${String(rows.length + 1).padStart(3, '0')}`,
      m.patientId,
      m.requestId,
      new Date(receivedAt).toISOString(),
      category,
      summary,
      resolved ? 'resolved' : 'open',
      resolved ? new Date(receivedAt + (2 + random.int(5)) * MS_PER_DAY).toISOString() : null,
    ]);
  }
  return {
    table: 'complaints',
    columns: [
      { name: 'center_id', type: 'text' },
      { name: 'id', type: 'text' },
      { name: 'patient_id', type: 'text' },
      { name: 'request_id', type: 'text' },
      { name: 'received_at', type: 'timestamptz' },
      { name: 'category', type: 'text' },
      { name: 'summary', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'resolved_at', type: 'timestamptz' },
    ],
    rows,
  };
}
