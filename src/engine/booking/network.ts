/**
 * Compiles a validated network into compact arrays the booking engine searches:
 * every session slot over the horizon (templates applied by effective date, minus
 * holidays and time off), and "pools" — for each (medical center, discipline,
 * language, modality, slot kind) and day, that day's slots in start order. A request
 * looks only at the pools that can serve it, and each pool-day keeps a pointer past
 * its used slots, so a search costs a few array reads instead of a scan of the network.
 */
import { BusinessCalendar, CALIFORNIA } from '../rules/calendar.ts';
import { addDays, type DayNumber, dayNumberOfDate, isoWeekdayOf } from '../time.ts';
import { parseOrThrow } from '../validation.ts';
import { checkConsistency, minutesOf } from './consistency.ts';
import { DayIndex } from './day-index.ts';
import { MODALITIES, type Network, type NetworkInput, networkSchema, SLOT_KINDS } from './model.ts';

export const IN_PERSON = 1;
export const VIDEO = 2;
export const NO_CAP = 0xffff;
/** Days indexed before and after the horizon, so deadlines of requests near its edges are fast. */
const INDEX_MARGIN_DAYS = 120;

export interface CompiledNetwork {
  readonly source: Network;
  readonly calendar: BusinessCalendar;
  readonly index: DayIndex;
  /** DayIndex position of the horizon's first day. */
  readonly horizonOffset: number;
  /** Number of days in the horizon. */
  readonly days: number;

  readonly disciplineIds: readonly string[];
  readonly disciplineIndex: ReadonlyMap<string, number>;
  readonly physicianDiscipline: Uint8Array;
  readonly centerIds: readonly string[];
  readonly centerIndex: ReadonlyMap<string, number>;

  readonly clinicianIds: readonly string[];
  readonly clinicianIndex: ReadonlyMap<string, number>;
  readonly clinicianDiscipline: Int32Array;
  readonly clinicianCenter: Int32Array;
  readonly clinicianModalities: Uint8Array;
  readonly clinicianLanguages: readonly (readonly string[])[];
  readonly caseloadCap: Int32Array;
  readonly initialCaseload: Int32Array;

  readonly slotCount: number;
  /**
   * Slots are numbered clinician by clinician, day by day (as `clinicianDayStart` needs),
   * so between slots of different clinicians the lower number is the lower clinician:
   * the search breaks ties on it (see `SlotLedger.earliestInPools`).
   */
  readonly slotClinician: Int32Array;
  /** Horizon-relative day of each slot. */
  readonly slotDay: Int32Array;
  readonly slotStart: Float64Array;
  readonly slotEnd: Float64Array;
  readonly slotKind: Uint8Array;
  /** Slots of clinician c on day d are [clinicianDayStart[c*days+d], clinicianDayStart[c*days+d+1]). */
  readonly clinicianDayStart: Int32Array;
  /** Visit cap of clinician c on day d (NO_CAP when none). */
  readonly dayCap: Uint16Array;

  readonly poolCount: number;
  readonly poolIndex: ReadonlyMap<string, number>;
  /** Entries of pool p on day d are poolEntries[poolDayStart[p*days+d] … poolDayStart[p*days+d+1]). */
  readonly poolDayStart: Int32Array;
  readonly poolEntries: Int32Array;
  /**
   * Each pool-day's entries are grouped into buckets of equal start time: pool-day pd
   * holds buckets [poolDayBucket[pd], poolDayBucket[pd+1]); bucket b holds entries
   * [bucketStart[b], bucketStart[b+1]) starting at bucketTime[b]. A search binary-searches
   * the first bucket it may use instead of walking every earlier entry.
   */
  readonly poolDayBucket: Int32Array;
  readonly bucketStart: Int32Array;
  readonly bucketTime: Float64Array;
  /** Pools a clinician's slots of a kind belong to, at [c * 2 + kind]. */
  readonly clinicianKindPools: readonly Int32Array[];
}

/**
 * Video pools are not split by medical center: a video visit does not care where the
 * clinician sits, and one pool per (discipline, language) keeps a request's search to a
 * handful of pools instead of one per center.
 */
export function poolKey(
  center: number,
  discipline: number,
  language: string,
  modality: number,
  kind: number,
): string {
  return `${modality === VIDEO ? '*' : center}|${discipline}|${language}|${modality}|${kind}`;
}

interface CompiledTemplate {
  /** Sessions per ISO weekday (index 1–7): start minute, length, kind; sorted by start. */
  readonly byWeekday: { start: number; minutes: number; kind: number }[][];
  readonly cap: number;
}

function compileTemplates(network: Network): Map<string, CompiledTemplate> {
  const out = new Map<string, CompiledTemplate>();
  for (const t of network.templates) {
    const byWeekday: CompiledTemplate['byWeekday'] = Array.from({ length: 8 }, () => []);
    for (const s of t.sessions) {
      byWeekday[s.weekday]!.push({
        start: minutesOf(s.start),
        minutes: s.minutes,
        kind: SLOT_KINDS.indexOf(s.kind),
      });
    }
    for (const list of byWeekday) list.sort((a, b) => a.start - b.start);
    out.set(t.id, { byWeekday, cap: Math.min(t.dailyVisitCap ?? NO_CAP, NO_CAP) });
  }
  return out;
}

/**
 * The sessions of a template on each horizon day, as instants: day d's sessions are
 * [first[d], first[d + 1]) of `start` and `end`. Computed once per template, so the slots
 * of its thousands of clinicians are copied from here rather than each converted from
 * wall-clock minutes.
 */
interface TemplateDays {
  readonly first: Int32Array;
  readonly minute: Int16Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly kind: Uint8Array;
}

function templateDays(
  template: CompiledTemplate,
  index: DayIndex,
  horizonOffset: number,
  firstDay: DayNumber,
  days: number,
): TemplateDays {
  const first = new Int32Array(days + 1);
  for (let d = 0; d < days; d++) {
    first[d + 1] = first[d]! + template.byWeekday[isoWeekdayOf(addDays(firstDay, d))]!.length;
  }
  const n = first[days]!;
  const out = {
    first,
    minute: new Int16Array(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
    kind: new Uint8Array(n),
  };
  for (let d = 0; d < days; d++) {
    const sessions = template.byWeekday[isoWeekdayOf(addDays(firstDay, d))]!;
    for (let k = 0; k < sessions.length; k++) {
      const s = sessions[k]!;
      const i = first[d]! + k;
      out.minute[i] = s.start;
      out.start[i] = index.instantAt(horizonOffset + d, s.start);
      out.end[i] = index.instantAt(horizonOffset + d, s.start + s.minutes);
      out.kind[i] = s.kind;
    }
  }
  return out;
}

/** Typed-array columns for slots, sized up front so millions of them cost no objects. */
class SlotColumns {
  length = 0;
  readonly clinician: Int32Array;
  readonly day: Int32Array;
  readonly minute: Int16Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly kind: Uint8Array;

  constructor(capacity: number) {
    this.clinician = new Int32Array(capacity);
    this.day = new Int32Array(capacity);
    this.minute = new Int16Array(capacity);
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  /** Adds session i of a template's days (see `TemplateDays`) as a slot of clinician c on day d. */
  push(c: number, d: number, sessions: TemplateDays, i: number): void {
    const k = this.length++;
    this.clinician[k] = c;
    this.day[k] = d;
    this.minute[k] = sessions.minute[i]!;
    this.start[k] = sessions.start[i]!;
    this.end[k] = sessions.end[i]!;
    this.kind[k] = sessions.kind[i]!;
  }
}

interface Assignment {
  readonly template: CompiledTemplate;
  readonly from: number;
  readonly to: number;
}

/** The template a clinician works to on a day (its assignments sorted by start), if any. */
function assignmentOn(assignments: readonly Assignment[], day: number): Assignment | undefined {
  for (let k = 0; k < assignments.length; k++) {
    const a = assignments[k]!;
    if (a.from <= day && day <= a.to) return a;
  }
  return undefined;
}

/** Whether [start, end) overlaps one of the intervals [from[k], to[k]). */
function overlapsAny(from: Float64Array, to: Float64Array, start: number, end: number): boolean {
  for (let k = 0; k < from.length; k++) if (from[k]! < end && start < to[k]!) return true;
  return false;
}

export function compileNetwork(input: NetworkInput): CompiledNetwork {
  const network = parseOrThrow(networkSchema, input, 'network');
  checkConsistency(network);
  const calendar = new BusinessCalendar(network.calendar ?? CALIFORNIA);
  const first = dayNumberOfDate(network.horizon.from);
  const last = dayNumberOfDate(network.horizon.to);
  const days = last - first + 1;
  const index = new DayIndex(
    calendar,
    addDays(first, -INDEX_MARGIN_DAYS),
    addDays(last, INDEX_MARGIN_DAYS),
  );
  const horizonOffset = INDEX_MARGIN_DAYS;

  const disciplineIds = network.disciplines.map((d) => d.id);
  const disciplineIndex = new Map(disciplineIds.map((id, i) => [id, i]));
  const physicianDiscipline = Uint8Array.from(
    network.disciplines.map((d) => (d.physician ? 1 : 0)),
  );
  const centerIds = network.centers.map((c) => c.id);
  const centerIndex = new Map(centerIds.map((id, i) => [id, i]));

  const clinicians = network.clinicians;
  const C = clinicians.length;
  const clinicianIds = clinicians.map((c) => c.id);
  const clinicianIndex = new Map(clinicianIds.map((id, i) => [id, i]));
  const clinicianDiscipline = new Int32Array(C);
  const clinicianCenter = new Int32Array(C);
  const clinicianModalities = new Uint8Array(C);
  const caseloadCap = new Int32Array(C);
  const initialCaseload = new Int32Array(C);
  const templates = compileTemplates(network);

  const closedDay = new Uint8Array(days);
  for (let d = 0; d < days; d++) {
    if (calendar.holidayOn(addDays(first, d))) closedDay[d] = 1;
  }
  const sessionsOf = new Map<CompiledTemplate, TemplateDays>();
  for (const template of templates.values()) {
    sessionsOf.set(template, templateDays(template, index, horizonOffset, first, days));
  }
  const assignmentsOf = clinicians.map((clinician) =>
    clinician.schedule
      .map((a) => ({
        template: templates.get(a.template)!,
        from: dayNumberOfDate(a.from),
        to: a.to === undefined ? Number.POSITIVE_INFINITY : dayNumberOfDate(a.to),
      }))
      .sort((a, b) => a.from - b.from),
  );
  // Room for every session of every working day; time off only leaves some unused.
  let capacity = 0;
  for (let c = 0; c < C; c++) {
    if (!clinicians[c]!.active) continue;
    for (let d = 0; d < days; d++) {
      if (closedDay[d]) continue;
      const assignment = assignmentOn(assignmentsOf[c]!, addDays(first, d));
      if (!assignment) continue;
      const sessions = sessionsOf.get(assignment.template)!;
      capacity += sessions.first[d + 1]! - sessions.first[d]!;
    }
  }
  const slots = new SlotColumns(capacity);
  const clinicianDayStart = new Int32Array(C * days + 1);
  const dayCap = new Uint16Array(C * days).fill(NO_CAP);

  for (let c = 0; c < C; c++) {
    const clinician = clinicians[c]!;
    clinicianDiscipline[c] = disciplineIndex.get(clinician.discipline)!;
    clinicianCenter[c] = centerIndex.get(clinician.center)!;
    for (const m of clinician.modalities)
      clinicianModalities[c]! |= m === 'in-person' ? IN_PERSON : VIDEO;
    caseloadCap[c] = clinician.caseloadCap ?? 0x7fffffff;
    initialCaseload[c] = clinician.activePatients;
    const assignments = assignmentsOf[c]!;
    const offFrom = Float64Array.from(clinician.timeOff, (off) => off.from);
    const offTo = Float64Array.from(clinician.timeOff, (off) => off.to);
    for (let d = 0; d < days; d++) {
      clinicianDayStart[c * days + d] = slots.length;
      if (!clinician.active || closedDay[d]) continue;
      const assignment = assignmentOn(assignments, addDays(first, d));
      if (!assignment) continue;
      dayCap[c * days + d] = assignment.template.cap;
      const sessions = sessionsOf.get(assignment.template)!;
      const end = sessions.first[d + 1]!;
      // Sessions lie within their day: on a day no time off touches, none is checked.
      const dayStart = index.dayStart[horizonOffset + d]!;
      const dayEnd = index.dayStart[horizonOffset + d + 1]!;
      const timeOffToday = overlapsAny(offFrom, offTo, dayStart, dayEnd);
      for (let i = sessions.first[d]!; i < end; i++) {
        if (timeOffToday && overlapsAny(offFrom, offTo, sessions.start[i]!, sessions.end[i]!)) {
          continue;
        }
        slots.push(c, d, sessions, i);
      }
    }
  }
  clinicianDayStart[C * days] = slots.length;

  // Pools: one per (center, discipline, language, modality, kind) that some clinician offers.
  const poolIndex = new Map<string, number>();
  const clinicianKindPools: Int32Array[] = [];
  for (let c = 0; c < C; c++) {
    for (let kind = 0; kind < SLOT_KINDS.length; kind++) {
      const ids: number[] = [];
      for (const language of clinicians[c]!.languages) {
        for (let m = 0; m < MODALITIES.length; m++) {
          const bit = m === 0 ? IN_PERSON : VIDEO;
          if (!(clinicianModalities[c]! & bit)) continue;
          const key = poolKey(clinicianCenter[c]!, clinicianDiscipline[c]!, language, bit, kind);
          let p = poolIndex.get(key);
          if (p === undefined) {
            p = poolIndex.size;
            poolIndex.set(key, p);
          }
          if (!ids.includes(p)) ids.push(p);
        }
      }
      clinicianKindPools.push(Int32Array.from(ids));
    }
  }
  const poolCount = poolIndex.size;
  const n = slots.length;

  // Slots in order of minute of day (stable, so clinician order breaks ties): counting sort.
  const byMinute = new Int32Array(n);
  const minuteCount = new Int32Array(24 * 60 + 1);
  for (let s = 0; s < n; s++) minuteCount[slots.minute[s]! + 1]!++;
  for (let m = 1; m <= 24 * 60; m++) minuteCount[m]! += minuteCount[m - 1]!;
  for (let s = 0; s < n; s++) byMinute[minuteCount[slots.minute[s]!]!++] = s;

  // Pool-day buckets filled in that order: each bucket ends up sorted by start time.
  const poolDayStart = countPoolDays(slots, clinicianKindPools, poolCount, days);
  const poolEntries = new Int32Array(poolDayStart[poolCount * days]!);
  const fill = poolDayStart.slice(0, poolCount * days);
  for (let i = 0; i < n; i++) {
    const s = byMinute[i]!;
    const pools = clinicianKindPools[slots.clinician[s]! * 2 + slots.kind[s]!]!;
    for (let k = 0; k < pools.length; k++)
      poolEntries[fill[pools[k]! * days + slots.day[s]!]!++] = s;
  }

  const { poolDayBucket, bucketStart, bucketTime } = bucketByStart(
    poolDayStart,
    poolEntries,
    slots.minute,
    slots.start,
  );

  return {
    source: network,
    calendar,
    index,
    horizonOffset,
    days,
    disciplineIds,
    disciplineIndex,
    physicianDiscipline,
    centerIds,
    centerIndex,
    clinicianIds,
    clinicianIndex,
    clinicianDiscipline,
    clinicianCenter,
    clinicianModalities,
    clinicianLanguages: clinicians.map((c) => c.languages),
    caseloadCap,
    initialCaseload,
    slotCount: n,
    slotClinician: slots.clinician.subarray(0, n),
    slotDay: slots.day.subarray(0, n),
    slotStart: slots.start.subarray(0, n),
    slotEnd: slots.end.subarray(0, n),
    slotKind: slots.kind.subarray(0, n),
    clinicianDayStart,
    dayCap,
    poolCount,
    poolIndex,
    poolDayStart,
    poolEntries,
    poolDayBucket,
    bucketStart,
    bucketTime,
    clinicianKindPools,
  };
}

/** Entries per pool-day, as starts: pool-day pd holds [start[pd], start[pd + 1]). */
function countPoolDays(
  slots: SlotColumns,
  clinicianKindPools: readonly Int32Array[],
  poolCount: number,
  days: number,
): Int32Array {
  const poolDayStart = new Int32Array(poolCount * days + 1);
  for (let s = 0; s < slots.length; s++) {
    const pools = clinicianKindPools[slots.clinician[s]! * 2 + slots.kind[s]!]!;
    for (let k = 0; k < pools.length; k++) poolDayStart[pools[k]! * days + slots.day[s]! + 1]!++;
  }
  for (let i = 1; i <= poolCount * days; i++) poolDayStart[i]! += poolDayStart[i - 1]!;
  return poolDayStart;
}

/**
 * Groups each pool-day's entries (in start order) into buckets of equal start. Slots of
 * one day with the same minute of the day start at the same instant, so an entry's start
 * is read (a cache miss: entries jump about the slot columns) only where the minute
 * changes; two minutes may still share an instant (on the day clocks spring forward).
 */
function bucketByStart(
  poolDayStart: Int32Array,
  poolEntries: Int32Array,
  slotMinute: Int16Array,
  slotStart: Float64Array,
): { poolDayBucket: Int32Array; bucketStart: Int32Array; bucketTime: Float64Array } {
  const poolDays = poolDayStart.length - 1;
  const poolDayBucket = new Int32Array(poolDays + 1);
  const isFirst = new Uint8Array(poolEntries.length);
  let buckets = 0;
  for (let pd = 0; pd < poolDays; pd++) {
    poolDayBucket[pd] = buckets;
    let lastMinute = -1;
    let last = Number.NaN;
    for (let i = poolDayStart[pd]!; i < poolDayStart[pd + 1]!; i++) {
      const s = poolEntries[i]!;
      const minute = slotMinute[s]!;
      if (minute === lastMinute) continue;
      lastMinute = minute;
      const t = slotStart[s]!;
      if (t !== last) {
        isFirst[i] = 1;
        buckets++;
        last = t;
      }
    }
  }
  poolDayBucket[poolDays] = buckets;
  const bucketStart = new Int32Array(buckets + 1);
  const bucketTime = new Float64Array(buckets);
  let b = 0;
  for (let i = 0; i < poolEntries.length; i++) {
    if (isFirst[i] === 0) continue;
    bucketStart[b] = i;
    bucketTime[b] = slotStart[poolEntries[i]!]!;
    b++;
  }
  bucketStart[buckets] = poolEntries.length;
  return { poolDayBucket, bucketStart, bucketTime };
}
