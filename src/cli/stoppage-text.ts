/**
 * What `timely stoppage` prints for a person: tables in the clinic's wall-clock time.
 * Plain functions from the service's records to lines, so they are tested without a
 * database. Names typed by people (a stoppage's) are cleaned of control characters
 * before they reach the terminal.
 */
import type {
  EndResult,
  ExecutionProgress,
  ImpactReport,
  PlanEntry,
  PlanSummary,
  StandardTotals,
  Stoppage,
} from '../disruption/model.ts';
import { formatInstant, type Instant } from '../engine/time.ts';
import { describeLocalTime } from './describe.ts';
import { formatTable } from './output.ts';

/** A name could hold escape sequences that recolour the terminal or move the cursor. */
export function printable(text: string): string {
  return [...text]
    .map((char) => {
      const code = char.codePointAt(0)!;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '?' : char;
    })
    .join('');
}

/** "2027-01-11 08:00", the wall clock in `timeZone`, for table cells. */
export function shortTime(ms: number, timeZone: string): string {
  return formatInstant(ms as Instant, timeZone)
    .slice(0, 16)
    .replace('T', ' ');
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The stoppage as a two-column card (declare, end). */
export function stoppageLines(stoppage: Stoppage, timeZone: string): string[] {
  const { inScope, participating } = stoppage.clinicians;
  return formatTable([
    ['Stoppage', stoppage.id],
    ['Name', printable(stoppage.name)],
    ['Kind', stoppage.kind],
    ['Status', stoppage.status],
    ['From', describeLocalTime(stoppage.startsAt as Instant, timeZone)],
    ['To', describeLocalTime(stoppage.endsAt as Instant, timeZone)],
    ['Clinicians', `${count(inScope)} in scope, ${count(participating)} stop work`],
    ['Plan', planText(stoppage)],
  ]);
}

function planText(stoppage: Stoppage): string {
  const { entries, applied } = stoppage.plan;
  if (entries === 0 && stoppage.previewedAt === null) return 'not previewed';
  return `${count(entries)} entries, ${count(applied)} applied`;
}

export function listLines(stoppages: readonly Stoppage[], timeZone: string): string[] {
  if (stoppages.length === 0) return ['No stoppages declared (timely stoppage declare).'];
  return formatTable([
    ['Id', 'Name', 'Kind', 'Status', 'From', 'To', 'In scope', 'Stop work', 'Plan'],
    ...stoppages.map((s) => [
      s.id,
      printable(s.name),
      s.kind,
      s.status,
      shortTime(s.startsAt, timeZone),
      shortTime(s.endsAt, timeZone),
      count(s.clinicians.inScope),
      count(s.clinicians.participating),
      `${count(s.plan.applied)}/${count(s.plan.entries)}`,
    ]),
  ]);
}

const TOTALS_HEADER = [
  'Standard',
  'Affected',
  'Kept',
  'Same clinician',
  'Other clinician',
  'Referred out',
  'Unplaceable',
  'Met before',
  'Met after',
  'Not met',
];

function totalsRow(label: string, t: Omit<StandardTotals, 'standard'>): string[] {
  return [
    label,
    ...[
      t.affected,
      t.kept,
      t.movedSameClinician,
      t.movedOtherClinician,
      t.referredOut,
      t.unplaceable,
      t.metBefore,
      t.metAfter,
      t.notMet,
    ].map(count),
  ];
}

/** Per standard, then the total: what the plan does. */
export function totalsLines(
  byStandard: readonly StandardTotals[],
  totals: Omit<StandardTotals, 'standard'>,
): string[] {
  return formatTable([
    TOTALS_HEADER,
    ...byStandard.map((t) => totalsRow(t.standard, t)),
    totalsRow('total', totals),
  ]);
}

export function summaryLines(summary: PlanSummary): string[] {
  return [
    ...totalsLines(summary.byStandard, summary.totals),
    '',
    `Plan computed in ${(summary.ms / 1000).toFixed(1)} s.`,
  ];
}

/** The plan entries in the order they were placed; ids and times only, no names. */
export function entriesLines(entries: readonly PlanEntry[], timeZone: string): string[] {
  return formatTable([
    ['#', 'Appointment', 'Clinician', 'Start', 'Standard', 'Deadline', 'Result', 'Next', 'Met'],
    ...entries.map((e) => [
      String(e.seq),
      `${e.appointment.centerId}/${e.appointment.id}`,
      e.appointment.clinicianId,
      shortTime(e.appointment.start, timeZone),
      e.request.standard,
      shortTime(e.request.deadline, timeZone),
      e.result,
      nextText(e, timeZone),
      `${e.metBefore ? 'yes' : 'no'} → ${e.metAfter ? 'yes' : 'no'}`,
    ]),
  ]);
}

function nextText(entry: PlanEntry, timeZone: string): string {
  const next = entry.next;
  if (next === null) return '-';
  const who = next.provider ?? next.clinicianId ?? '?';
  return `${who} ${shortTime(next.start, timeZone)}`;
}

export function executionLine(progress: ExecutionProgress): string {
  const replanned =
    progress.replanned > 0
      ? `, ${count(progress.replanned)} placed again (their slot was taken since the preview)`
      : '';
  return (
    `timely: stoppage ${progress.stoppageId} ${progress.status}: ` +
    `${count(progress.applied)} of ${count(progress.entries)} plan entries applied${replanned} ` +
    `in ${(progress.ms / 1000).toFixed(1)} s`
  );
}

/** The ended stoppage; with `--move-back`, how many follow-ups went back (0 of 0 says none could). */
export function endLines(result: EndResult, timeZone: string, movedBack: boolean): string[] {
  const { candidates, moved } = result.moveBack;
  return [
    ...stoppageLines(result.stoppage, timeZone),
    ...(movedBack
      ? [`Moved back to their own clinician: ${count(moved)} of ${count(candidates)} follow-ups`]
      : []),
  ];
}

export function reportLines(report: ImpactReport, timeZone: string): string[] {
  const { stoppage, referrals } = report;
  const lines = [
    `Stoppage ${stoppage.id} "${printable(stoppage.name)}" (${stoppage.status}), ` +
      `${shortTime(stoppage.startsAt, timeZone)} to ${shortTime(stoppage.endsAt, timeZone)}`,
    '',
    ...totalsLines(report.byStandard, sumTotals(report.byStandard)),
    '',
    `Referrals out: ${count(referrals.count)} × $${count(referrals.visitCost)} = $${count(referrals.cost)}`,
  ];
  if (report.movedBack > 0) {
    lines.push(`Moved back to their own clinician when it ended: ${count(report.movedBack)}`);
  }
  if (report.prediction !== null) lines.push('', ...predictionLines(report));
  lines.push('', 'Rows per day and standard: --format csv.');
  return lines;
}

function sumTotals(byStandard: readonly StandardTotals[]): Omit<StandardTotals, 'standard'> {
  const sum = (pick: (t: StandardTotals) => number) =>
    byStandard.reduce((total, t) => total + pick(t), 0);
  return {
    affected: sum((t) => t.affected),
    kept: sum((t) => t.kept),
    movedSameClinician: sum((t) => t.movedSameClinician),
    movedOtherClinician: sum((t) => t.movedOtherClinician),
    referredOut: sum((t) => t.referredOut),
    unplaceable: sum((t) => t.unplaceable),
    metBefore: sum((t) => t.metBefore),
    metAfter: sum((t) => t.metAfter),
    notMet: sum((t) => t.notMet),
  };
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;

/**
 * The simulator's prediction beside what happened. The two shares do not count the same
 * people — the prediction's compliance is over every request it simulated, what happened
 * over the appointments the stoppage touched — so they sit side by side, not subtracted.
 */
function predictionLines(report: ImpactReport): string[] {
  const prediction = report.prediction!;
  const actual = new Map(report.byStandard.map((t) => [t.standard, t]));
  const standards = [
    ...new Set([...report.byStandard.map((t) => t.standard), ...Object.keys(prediction.standards)]),
  ];
  return [
    `Prediction (simulated scenario "${printable(prediction.scenario)}") beside what happened:`,
    ...formatTable([
      ['Standard', 'Predicted compliance', 'Affected meeting deadline'],
      ...standards.map((standard) => {
        const predicted = prediction.standards[standard];
        const happened = actual.get(standard);
        return [
          standard,
          predicted === undefined || predicted.compliance === null
            ? '-'
            : percent(predicted.compliance),
          happened === undefined || happened.affected === 0
            ? '-'
            : `${percent(happened.metAfter / happened.affected)} (${count(happened.metAfter)} of ${count(happened.affected)})`,
        ];
      }),
    ]),
    ...formatTable([
      ['', 'Predicted', 'Happened'],
      ['Referrals out', count(prediction.referralsOut), count(report.referrals.count)],
      [
        'Unplaced',
        count(prediction.unplaced),
        count(report.byStandard.reduce((n, t) => n + t.unplaceable, 0)),
      ],
    ]),
  ];
}
