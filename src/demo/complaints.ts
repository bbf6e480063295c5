/**
 * A few hotline cases for the demo: members whose request missed its deadline call the
 * plan's hotline about it (the request is linked to the case), half within days of the
 * deadline, half in the last ten days. About one in five reports a serious threat to
 * health (urgent: 72 hours), the rest are standard (30 days). Most cases older than a
 * week are resolved (with their history: recorded, investigated, resolved); the rest
 * are open or being investigated. Accounts are fixed phrases, never a member's details.
 */
import { Random } from '../engine/random.ts';
import { type Instant, MS_PER_DAY, MS_PER_HOUR } from '../engine/time.ts';
import type { CaseCategory } from '../hotline/case-codes.ts';
import { dueAt } from '../hotline/clocks.ts';
import type { TableLoad } from './bulk-load.ts';

export interface MissedRequest {
  readonly centerId: string;
  readonly patientId: string;
  readonly requestId: string;
  /** Epoch ms. */
  readonly deadline: number;
}

/** The demo centers' zone (the column's default). */
const ZONE = 'America/Los_Angeles';

const CASES: readonly (readonly [CaseCategory, string])[] = [
  ['cannot-get-appointment', 'No appointment offered within the required time'],
  ['followup-too-far', 'Next therapy visit offered weeks after the last one'],
  ['moved-to-outside-provider', 'Sent to an outside provider instead of the own therapist'],
  ['cancelled-by-strike', 'Appointment cancelled during the strike, no new date given'],
  ['other', 'No clinician offered who speaks the member’s language'],
];

const iso = (ms: number) => new Date(ms).toISOString();

export function demoComplaints(
  missed: readonly MissedRequest[],
  options: { readonly seed: number; readonly count: number; readonly now: number },
): TableLoad[] {
  const random = new Random(options.seed);
  const rows: unknown[][] = [];
  const links: unknown[][] = [];
  const history: unknown[][] = [];
  const taken = new Set<string>();
  // Only calls that have already happened: a few days after a deadline before today.
  const candidates = missed.filter((m) => m.deadline + 4 * MS_PER_DAY < options.now);
  for (let tries = 0; rows.length < options.count && tries < options.count * 20; tries++) {
    if (candidates.length === 0) break;
    const m = random.pick(candidates);
    if (taken.has(m.patientId)) continue;
    taken.add(m.patientId);
    const id = `hotline-${String(rows.length + 1).padStart(3, '0')}`;
    const [category, account] = random.pick(CASES);
    const urgency = random.chance(0.2) ? 'urgent' : 'standard';
    const soonAfter = m.deadline + (1 + random.int(3)) * MS_PER_DAY + random.int(8) * MS_PER_HOUR;
    // Half the members call within days of the missed deadline, half in the last days
    // (still waiting), so the queue has cases on every clock.
    const lately = options.now - (1 + random.int(9)) * MS_PER_DAY - random.int(20) * MS_PER_HOUR;
    const receivedAt = random.chance(0.5) ? soonAfter : Math.max(soonAfter, lately);
    const resolved = receivedAt < options.now - 7 * MS_PER_DAY && random.chance(0.8);
    // Urgent cases are settled in 12 to 95 hours, so a few miss their 72; standard in days.
    const resolvedAt = !resolved
      ? null
      : urgency === 'urgent'
        ? receivedAt + (12 + random.int(84)) * MS_PER_HOUR
        : receivedAt + (2 + random.int(5)) * MS_PER_DAY;
    const investigating = resolved || random.chance(0.5);
    const code =
      category === 'moved-to-outside-provider' ? 'continuity-restored' : 'appointment-booked';
    rows.push([
      m.centerId,
      id,
      m.centerId,
      m.patientId,
      iso(receivedAt),
      category,
      account,
      urgency,
      iso(dueAt(receivedAt as Instant, urgency, ZONE)),
      resolved ? 'resolved' : investigating ? 'investigating' : 'open',
      resolved ? code : null,
      resolvedAt === null ? null : iso(resolvedAt),
    ]);
    links.push([m.centerId, id, 'request', m.centerId, m.requestId, iso(receivedAt)]);
    const event = (
      at: number,
      from: string | null,
      to: string | null,
      resolution = null as string | null,
    ) =>
      history.push([
        m.centerId,
        `${id}-${history.length + 1}`,
        id,
        iso(at),
        to === null ? 'recorded' : 'status',
        from,
        to,
        resolution,
      ]);
    event(receivedAt, null, null);
    if (investigating) event(receivedAt + MS_PER_HOUR, 'open', 'investigating');
    if (resolvedAt !== null) event(resolvedAt, 'investigating', 'resolved', code);
  }
  const text = (name: string) => ({ name, type: 'text' });
  const time = (name: string) => ({ name, type: 'timestamptz' });
  return [
    {
      table: 'complaints',
      columns: [
        text('center_id'),
        text('id'),
        text('patient_center_id'),
        text('patient_id'),
        time('received_at'),
        text('category'),
        text('account'),
        text('urgency'),
        time('due_at'),
        text('status'),
        text('resolution_code'),
        time('resolved_at'),
      ],
      rows,
    },
    {
      table: 'complaint_links',
      columns: [
        text('center_id'),
        text('complaint_id'),
        text('kind'),
        text('target_center_id'),
        text('target_id'),
        time('linked_at'),
      ],
      rows: links,
    },
    {
      table: 'complaint_history',
      columns: [
        text('center_id'),
        text('id'),
        text('complaint_id'),
        time('at'),
        text('kind'),
        text('from_status'),
        text('to_status'),
        text('resolution_code'),
      ],
      rows: history,
    },
  ];
}
