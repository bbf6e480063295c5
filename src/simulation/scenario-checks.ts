/**
 * Checks that relate one field to another, which the schema cannot express field by
 * field: known centers and disciplines, dates inside the simulated run, a working day
 * that ends after it starts.
 *
 * They read the merged input, not the parsed scenario, so they run even when the schema
 * found problems elsewhere and the user sees everything at once. A field the schema
 * rejects is skipped here (it is already reported); an absent one takes its default.
 *
 * Dates: the run covers [start, start + warmupDays + days) — the simulator runs the
 * warm-up first and counts the `days` after it. A stoppage, surge or hire must *begin*
 * in the run (in the warm-up is allowed: the figures then show the recovery) and may end
 * after it (the run just stops). A stoppage's notice may reach back before the start;
 * the simulator then re-books on the first day.
 */
import { SOCAL_CENTERS } from '../engine/synthetic/southern-california.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  localDateOfDay,
  parseLocalDate,
} from '../engine/time.ts';
import { type FieldFinding, valueAt } from './scenario-issues.ts';
import { defaultAt } from './scenario-json-schema.ts';
import { isMapping } from './scenario-merge.ts';
import { describeValue, expectedName } from './scenario-problem.ts';

type Path = readonly PropertyKey[];
type Read = (segments: Path) => unknown;
type Report = (segments: Path, message: string) => void;

const CENTER_IDS: readonly string[] = SOCAL_CENTERS.map((c) => c.id);
const DISCIPLINE = 'a discipline of network.disciplines';
const CENTER = 'a center of the network';

export function crossFieldFindings(input: unknown): FieldFinding[] {
  const findings: FieldFinding[] = [];
  const report: Report = (segments, message) => findings.push({ segments, message });
  const read: Read = (segments) => valueAt(input, segments) ?? defaultAt(segments);

  checkPeriod(read, report);
  const centers = checkCenters(read, report);
  const disciplines = checkDisciplines(read, report);
  checkWorkingDay(read, report);
  checkDemand(read, report);

  const inRun = dateCheck(read, report);
  const name = (segments: Path, known: readonly string[] | undefined, what: string): void => {
    const value = read(segments);
    if (known === undefined || typeof value !== 'string' || known.includes(value)) return;
    report(segments, expectedName(what, value, known));
  };
  const names = (segments: Path, known: readonly string[] | undefined, what: string): void => {
    forEachItem(read(segments), (i) => name([...segments, i], known, what));
  };

  forEachItem(read(['stoppages']), (i) => {
    inRun(['stoppages', i, 'start']);
    names(['stoppages', i, 'disciplines'], disciplines, DISCIPLINE);
    names(['stoppages', i, 'centers'], centers, CENTER);
  });
  forEachItem(read(['external', 'surges']), (i) => inRun(['external', 'surges', i, 'start']));
  forEachItem(read(['workforce', 'hiring']), (i) => {
    inRun(['workforce', 'hiring', i, 'date']);
    name(['workforce', 'hiring', i, 'discipline'], disciplines, DISCIPLINE);
    name(['workforce', 'hiring', i, 'center'], centers, CENTER);
  });
  return findings;
}

function got(expected: string, value: unknown): string {
  return `${expected} (got ${describeValue(value)})`;
}

function checkPeriod(read: Read, report: Report): void {
  const days = read(['days']);
  const warmup = read(['warmupDays']);
  // The simulator runs the warm-up before the counted days, so a long one would work; but a
  // warm-up only has to settle the queues, and one as long as the counted period is more
  // likely two swapped numbers than a plan.
  if (isCount(days) && isCount(warmup) && warmup >= days) {
    report(['warmupDays'], got(`expected fewer warm-up days than counted days (${days})`, warmup));
  }
}

/** A check that the date at a path lies in the run; a no-op when the run is unknown. */
function dateCheck(read: Read, report: Report): (segments: Path) => void {
  const first = dayOf(read(['start']));
  const days = read(['days']);
  const warmup = read(['warmupDays']);
  if (first === undefined || !isCount(days) || !isCount(warmup)) return () => {};
  const end = addDays(first, warmup + days);
  const run = `${localDateOfDay(first)} to ${localDateOfDay(addDays(end, -1))}`;
  return (segments) => {
    const day = dayOf(read(segments));
    if (day !== undefined && (day < first || day >= end)) {
      report(segments, got(`expected a date in the simulated run, ${run}`, read(segments)));
    }
  };
}

/** Checks network.centers and returns the centers of the network (undefined if unknown). */
function checkCenters(read: Read, report: Report): readonly string[] | undefined {
  const listed = read(['network', 'centers']);
  if (listed === undefined) return CENTER_IDS;
  if (!Array.isArray(listed)) return undefined;
  const seen = new Set<string>();
  listed.forEach((id, i) => {
    if (typeof id !== 'string') return;
    if (!CENTER_IDS.includes(id)) {
      report(
        ['network', 'centers', i],
        expectedName('a Southern California center id', id, CENTER_IDS),
      );
    } else if (seen.has(id)) {
      report(['network', 'centers', i], got('expected each center once', id));
    }
    seen.add(id);
  });
  return [...seen].filter((id) => CENTER_IDS.includes(id));
}

/** Checks network.disciplines and returns its names (undefined if unknown). */
function checkDisciplines(read: Read, report: Report): readonly string[] | undefined {
  const mix = read(['network', 'disciplines']);
  if (!isMapping(mix)) return undefined;
  if (allZero(mix)) {
    const found = Object.keys(mix).length > 0 ? 'only shares of 0' : 'none';
    report(['network', 'disciplines'], `expected a discipline with a share above 0 (got ${found})`);
  }
  return Object.keys(mix);
}

function checkWorkingDay(read: Read, report: Report): void {
  const template = ['network', 'template'];
  const dayStart = minutesOf(read([...template, 'dayStart']));
  const dayEnd = read([...template, 'dayEnd']);
  const end = minutesOf(dayEnd);
  if (dayStart !== undefined && end !== undefined && end <= dayStart) {
    report([...template, 'dayEnd'], got('expected a time after dayStart', dayEnd));
  }
  // Two sessions of one clinician at the same time would be a double booking by design.
  const weekdays = read([...template, 'weekdays']);
  if (Array.isArray(weekdays)) {
    weekdays.forEach((day, i) => {
      if (weekdays.indexOf(day) !== i) {
        report([...template, 'weekdays', i], got('expected each weekday once', day));
      }
    });
  }
}

function checkDemand(read: Read, report: Report): void {
  // The simulator spreads a day's arrivals over to − from and would quietly bunch an
  // inverted window at `from`.
  const from = minutesOf(read(['demand', 'arrivalWindow', 'from']));
  const to = read(['demand', 'arrivalWindow', 'to']);
  const toMinutes = minutesOf(to);
  if (from !== undefined && toMinutes !== undefined && toMinutes < from) {
    report(['demand', 'arrivalWindow', 'to'], got('expected a time at or after from', to));
  }
  const languages = read(['demand', 'languages']);
  if (isMapping(languages) && allZero(languages)) {
    const found = Object.keys(languages).length > 0 ? 'only shares of 0' : 'none';
    report(['demand', 'languages'], `expected a language with a share above 0 (got ${found})`);
  }
}

/** True when every share is a number and none is above 0 (an empty mix included). */
function allZero(mix: Record<string, unknown>): boolean {
  const weights = Object.values(mix);
  return weights.every((w) => typeof w === 'number') && !weights.some((w) => (w as number) > 0);
}

function forEachItem(list: unknown, visit: (index: number) => void): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) visit(i);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function dayOf(value: unknown): DayNumber | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return dayNumberOfDate(parseLocalDate(value));
  } catch {
    return undefined;
  }
}

function minutesOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m === null ? undefined : Number(m[1]) * 60 + Number(m[2]);
}
