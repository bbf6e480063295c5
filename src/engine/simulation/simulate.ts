/**
 * The simulator: runs a scenario day by day through the booking engine — the one booking
 * model of Timely — and counts what happens to patients. Each day:
 *   1. announced events reach the engine: a stoppage's notice re-books the strikers'
 *      appointments, a leaver's notice re-books theirs, a stoppage's end reopens slots;
 *   2. the day's new patients ask for care and are placed (in network, referred out, or
 *      waitlisted);
 *   3. the day's appointments happen: some are cancelled on the day (the slot is offered
 *      to the waitlist), some are missed, the rest are seen; a seen patient whose course
 *      goes on asks for the next visit after the course's interval;
 *   4. those follow-up and repeat requests are placed.
 * Seeded and deterministic: the same scenario and seed give the same result.
 */
import { BookingEngine } from '../booking/engine.ts';
import type { RequestType } from '../booking/model.ts';
import { type NumberedRequest, RequestBatch } from '../booking/request-batch.ts';

import { Random } from '../random.ts';
import { californiaStandards } from '../rules/standards.ts';
import {
  addDays,
  type DayNumber,
  dayNumberOfDate,
  type Instant,
  type LocalDate,
  localDateOfDay,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
} from '../time.ts';
import { DayBook } from './day-book.ts';
import { arrivalsOfDay, courseVisits, expectedArrivals, MODALITY_CHOICES } from './demand.ts';
import type { DailyRow, SimulationResult } from './result.ts';
import { INTAKE_TYPES, type IntakeType, type Scenario } from './scenario.ts';
import { WaitTally } from './wait-tally.ts';
import { dayOffset, planWorkforce, RESIGNATION_NOTICE_DAYS } from './workforce.ts';

export interface SimulateOptions {
  /** Seed of this run (default: the scenario's). */
  readonly seed?: number;
  /** Called after each simulated day, e.g. for a progress bar. */
  readonly onDay?: (day: number, days: number) => void;
  /**
   * Called for each request of the counted period when it is seen (or its appointment
   * missed): for traces and for checks against theory, which need waits one by one.
   */
  readonly onSeen?: (seen: SeenRequest) => void;
}

export interface SeenRequest {
  readonly standard: string;
  /** Simulated days (0 = the scenario's start) of the request and of its visit. */
  readonly requestDay: number;
  readonly visitDay: number;
  readonly met: boolean;
}

/** The standard of each intake type, and of the follow-ups of its course. */
const INTAKE_STANDARD: Record<IntakeType, string> = {
  'urgent-intake': 'urgent-no-prior-auth',
  'routine-intake': 'nonurgent-nonphysician-mh',
  psychiatry: 'nonurgent-psychiatry',
};
// Follow-ups with a psychiatrist keep the psychiatry standard: the table has no
// separate standard for physician follow-ups.
const FOLLOWUP_STANDARD: Record<IntakeType, string> = {
  'urgent-intake': 'followup-nonphysician-mh',
  'routine-intake': 'followup-nonphysician-mh',
  psychiatry: 'nonurgent-psychiatry',
};
const COURSE_TYPES: readonly IntakeType[] = ['urgent-intake', 'routine-intake', 'psychiatry'];
const STATUS_BOOKED = 0;
/** Days after a clinically set follow-up date by which the visit counts as on time. */
const CADENCE_TOLERANCE_DAYS = 7;

/** Growable per-patient columns. */
class Patients {
  length = 0;
  language = new Uint8Array(1024);
  modality = new Uint8Array(1024);
  center = new Int16Array(1024);
  course = new Uint8Array(1024);
  /** Visits of the course still to come, the next one included. */
  remaining = new Int32Array(1024);
  /** Patient ids, made once per patient (a course has several requests). */
  readonly ids: string[] = [];

  add(language: number, modality: number, center: number, course: number, visits: number): number {
    if (this.length === this.language.length) {
      const grow = <T extends Uint8Array | Int16Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.language = grow(this.language);
      this.modality = grow(this.modality);
      this.center = grow(this.center);
      this.course = grow(this.course);
      this.remaining = grow(this.remaining);
    }
    const p = this.length++;
    this.language[p] = language;
    this.modality[p] = modality;
    this.center[p] = center;
    this.course[p] = course;
    this.remaining[p] = visits;
    this.ids.push(`p${p}`);
    return p;
  }
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const began = performance.now();
  const seed = options.seed ?? scenario.seed;
  const plan = planWorkforce(scenario, seed);
  const engine = new BookingEngine(plan.network, { policy: { acceptLate: true } });
  const net = engine.net;
  const random = new Random(seed);
  const start = dayNumberOfDate(scenario.start as LocalDate);
  const warmup = scenario.warmupDays;
  const runDays = warmup + scenario.days;
  const dayStart = (day: number): number => net.index.dayStart[net.horizonOffset + day]!;
  const horizonEnd = dayStart(plan.horizonDays);
  const demand = scenario.demand;

  const languages = Object.keys(demand.languages);
  const languageNumbers = languages.map((_, j) => j);
  const languageWeights = languages.map((l) => demand.languages[l]!);
  const modalityWeights = MODALITY_CHOICES.map((m) => demand.modalities[m]);
  const modalityNumbers = MODALITY_CHOICES.map((_, j) => j);
  const centerNumbers = plan.centers.map((_, i) => i);
  /** The follow-up standard's limit of each course type (see FOLLOWUP_STANDARD). */
  const followupLimit = COURSE_TYPES.map(
    (t) => californiaStandards.get(FOLLOWUP_STANDARD[t]).limit,
  );
  const windowFrom = clockMinutes(demand.arrivalWindow.from);
  const windowTo = clockMinutes(demand.arrivalWindow.to);
  const windowMinutes = Math.max(0, windowTo - windowFrom);

  engine.reserve(expectedRequests(scenario, start, runDays), { numbered: true });
  const patients = new Patients();
  /** Patient of each engine request number. */
  let patientOfRequest = new Int32Array(1 << 16);
  const batch = new RequestBatch();
  let batchPatients = new Int32Array(1024);
  /** Home center of each of the plan's centers, as the engine numbers them. */
  const engineCenter = plan.centers.map((id) => net.centerIndex.get(id)!);
  /** The request being queued: one object, refilled for each (see `RequestBatch`). */
  const entry: NumberedRequest = {
    patientId: '',
    type: 'followup',
    standard: '',
    clockStart: 0,
    notBefore: Number.NaN,
    language: 'en',
    modality: 'any',
    center: -1,
    maxTravelKm: demand.maxTravelKm,
    priorClinician: -1,
    extensionDeadline: Number.NaN,
  };

  /**
   * Queues a request of patient p for the next `place`: a follow-up names its prior
   * clinician (number), and may have a set date (`notBefore`) and a longer deadline.
   */
  const ask = (
    p: number,
    type: RequestType,
    standard: string,
    clockStart: number,
    priorClinician = -1,
    notBefore = Number.NaN,
    extensionDeadline = Number.NaN,
  ) => {
    entry.patientId = patients.ids[p]!;
    entry.type = type;
    entry.standard = standard;
    entry.clockStart = clockStart;
    entry.notBefore = notBefore;
    entry.language = languages[patients.language[p]!]!;
    entry.modality = MODALITY_CHOICES[patients.modality[p]!]!;
    entry.center = engineCenter[patients.center[p]!]!;
    entry.priorClinician = priorClinician;
    entry.extensionDeadline = extensionDeadline;
    if (batch.length === batchPatients.length) {
      const bigger = new Int32Array(batchPatients.length * 2);
      bigger.set(batchPatients);
      batchPatients = bigger;
    }
    batchPatients[batch.length] = p;
    batch.add(entry);
  };

  // Appointments by the simulated day they fall on, kept up to date by reading every
  // appointment the engine made since the last look (see `DayBook`).
  const { appointments, requests } = engine.tables;
  const book = new DayBook(runDays, expectedRequests(scenario, start, runDays));
  let seen = 0;
  const track = (): void => {
    const t = engine.tables.appointments;
    for (; seen < t.length; seen++) {
      const i = net.index.dayOf(t.start[seen]!) - net.horizonOffset;
      if (i >= 0 && i < runDays) enter(i, seen);
    }
  };
  /** Copies appointment n, on simulated day i, into the book with its request's figures. */
  const enter = (i: number, n: number): void => {
    const t = engine.tables.appointments;
    const r = book.add(i);
    const q = t.request[n]!;
    const visitStart = t.start[n]!;
    book.appointment[r] = n;
    book.request[r] = q;
    book.patient[r] = patientOfRequest[q]!;
    book.visitStart[r] = visitStart;
    book.visitEnd[r] = t.end[n]!;
    book.waitDays[r] = (visitStart - requests.clockStart[q]!) / MS_PER_DAY;
    book.met[r] = visitStart <= requests.deadline[q]! ? 1 : 0;
    book.standardCode[r] = requests.standardCode[q]!;
    book.typeCode[r] = requests.typeCode[q]!;
    book.clinician[r] = t.clinician[n]!;
  };

  let backlog = 0;
  const place = (now: number): void => {
    if (batch.length === 0) return;
    const first = requests.length;
    if (first + batch.length > patientOfRequest.length) {
      const bigger = new Int32Array(Math.max(patientOfRequest.length * 2, first + batch.length));
      bigger.set(patientOfRequest);
      patientOfRequest = bigger;
    }
    patientOfRequest.set(batchPatients.subarray(0, batch.length), first);
    engine.placeNumbered(batch, { now });
    backlog += batch.length;
    batch.clear();
    track();
  };

  // Figures, counted from the end of the warm-up: by standard, and by request type (a
  // standard such as non-urgent psychiatry covers both intakes and follow-ups).
  const byStandard = new WaitTally();
  const byType = new WaitTally();
  const totals = {
    requests: 0,
    visits: 0,
    externalVisits: 0,
    noShows: 0,
    cancellations: 0,
    referralsOut: 0,
    rebooked: 0,
    visitHours: 0,
  };
  const daily: DailyRow[] = [];

  /** Tally numbers of the request table's standard and type codes (-1: not yet seen). */
  const standardOfCode = new Int32Array(1 << 16).fill(-1);
  const typeOfCode = new Int32Array(256).fill(-1);

  /**
   * The request of book record r is seen (or its appointment missed): record its wait
   * against the standard. Returns whether the deadline was met. Called for every visit:
   * allocates nothing.
   */
  const evaluate = (r: number, counting: boolean): boolean => {
    const ok = book.met[r] === 1;
    if (counting) {
      const q = book.request[r]!;
      const code = book.standardCode[r]!;
      let s = standardOfCode[code]!;
      if (s < 0) s = standardOfCode[code] = byStandard.numberOf(requests.standard(q));
      const typeCode = book.typeCode[r]!;
      let t = typeOfCode[typeCode]!;
      if (t < 0) t = typeOfCode[typeCode] = byType.numberOf(requests.type(q));
      const waitDays = book.waitDays[r]!;
      byStandard.add(s, waitDays, ok);
      byType.add(t, waitDays, ok);
      if (options.onSeen) {
        options.onSeen({
          standard: requests.standard(q),
          requestDay: net.index.dayOf(requests.clockStart[q]!) - net.horizonOffset,
          visitDay: net.index.dayOf(book.visitStart[r]!) - net.horizonOffset,
          met: ok,
        });
      }
    }
    return ok;
  };

  // Events announced to the engine on a given day.
  const events: (() => void)[][] = Array.from({ length: runDays }, () => []);
  const strikeDiff = new Int32Array(runDays + 1);
  const strikeDays = new Map<number, [number, number][]>();
  for (const e of plan.employment) {
    if (e.leaveDay >= runDays) continue;
    const noticeDay = Math.max(0, e.leaveDay - RESIGNATION_NOTICE_DAYS);
    events[noticeDay]!.push(() => {
      const report = engine.rebook(
        [
          {
            clinicianId: net.clinicianIds[e.clinician]!,
            from: dayStart(e.leaveDay),
            to: horizonEnd,
            reason: 'departure',
          },
        ],
        { now: dayStart(noticeDay) },
      );
      totals.rebooked += report.totals.affected;
    });
  }
  for (const stoppage of scenario.stoppages) {
    const first = dayOffset(start, stoppage.start);
    const last = dayOffset(start, stoppage.end);
    if (last < 0 || first >= runDays) continue;
    const noticeDay = Math.min(runDays - 1, Math.max(0, first - stoppage.noticeDays));
    events[noticeDay]!.push(() => {
      const strikers = plan.employment.filter((e) => {
        if (e.firstDay > first || e.leaveDay <= first) return false;
        const c = e.clinician;
        const discipline = net.disciplineIds[net.clinicianDiscipline[c]!]!;
        const center = net.centerIds[net.clinicianCenter[c]!]!;
        if (stoppage.disciplines && !stoppage.disciplines.includes(discipline)) return false;
        if (stoppage.centers && !stoppage.centers.includes(center)) return false;
        return random.chance(stoppage.participation);
      });
      const from = dayStart(Math.max(first, 0));
      const to = dayStart(Math.min(last + 1, plan.horizonDays));
      const report = engine.rebook(
        strikers.map((e) => ({
          clinicianId: net.clinicianIds[e.clinician]!,
          from,
          to,
          reason: stoppage.name,
        })),
        { now: dayStart(noticeDay) },
      );
      totals.rebooked += report.totals.affected;
      track();
      const a = Math.max(first, 0);
      const b = Math.min(last + 1, runDays);
      strikeDiff[a]! += strikers.length;
      strikeDiff[b]! -= strikers.length;
      for (const e of strikers) {
        const list = strikeDays.get(e.clinician) ?? [];
        list.push([a, b]);
        strikeDays.set(e.clinician, list);
      }
      if (last + 1 < runDays) {
        events[last + 1]!.push(() => {
          engine.restore(report.closureId, { now: dayStart(last + 1) });
          track();
        });
      }
    });
  }

  let onStrike = 0;
  const backlogs: number[] = [];
  for (let i = 0; i < runDays; i++) {
    const counting = i >= warmup;
    const day = addDays(start, i);
    const today = dayStart(i);
    for (const event of events[i]!) event();
    track();
    onStrike += strikeDiff[i]!;
    const before = { ...totals };
    let seenToday = 0;
    let metToday = 0;

    // New patients.
    let arrivals = 0;
    for (const { type, count: n } of arrivalsOfDay(scenario, random, day)) {
      const course = COURSE_TYPES.indexOf(type);
      const mean = demand.course[type].meanVisits;
      for (let k = 0; k < n; k++) {
        const p = patients.add(
          random.weighted(languageNumbers, languageWeights),
          random.weighted(modalityNumbers, modalityWeights),
          random.weighted(centerNumbers, plan.centerWeights),
          course,
          courseVisits(random, mean),
        );
        const minute = windowMinutes > 0 ? windowFrom + random.next() * windowMinutes : windowFrom;
        ask(p, type, INTAKE_STANDARD[type], today + Math.floor(minute * MS_PER_MINUTE));
        arrivals++;
      }
    }
    if (counting) totals.requests += batch.length;
    place(today);

    // The day's appointments (the loop also reaches those the day itself books).
    for (let b = book.first(i); b >= 0; b = book.next(b)) {
      for (let r = book.blockStart(b); r < book.blockEnd(b); r++) {
        const n = book.appointment[r]!;
        if (appointments.status[n] !== STATUS_BOOKED) continue;
        const q = book.request[r]!;
        const p = book.patient[r]!;
        const visitStart = book.visitStart[r]!;
        const visitEnd = book.visitEnd[r]!;
        const c = book.clinician[r]!;
        const courseType = COURSE_TYPES[patients.course[p]!]!;
        if (c < 0) {
          // Seen out of network; the course goes on there.
          engine.recordAttendanceNumber(n, true);
          const ok = evaluate(r, counting);
          backlog--;
          if (counting) {
            totals.externalVisits++;
            seenToday++;
            if (ok) metToday++;
          }
          continue;
        }
        const u = random.next();
        if (u < demand.cancellationRate) {
          engine.cancelNumber(n, today);
          track();
          backlog--;
          if (counting) totals.cancellations++;
          // The patient asks again for the same visit.
          repeatRequest(p, q, courseType, visitEnd, c);
          continue;
        }
        const ok = evaluate(r, counting);
        backlog--;
        if (counting) {
          seenToday++;
          if (ok) metToday++;
        }
        if (random.next() < demand.noShowRate) {
          engine.recordAttendanceNumber(n, false);
          if (counting) totals.noShows++;
          repeatRequest(p, q, courseType, visitEnd, c);
          continue;
        }
        engine.recordAttendanceNumber(n, true);
        if (counting) {
          totals.visits++;
          totals.visitHours += (visitEnd - visitStart) / MS_PER_HOUR;
        }
        if (--patients.remaining[p]! > 0) {
          const standard = FOLLOWUP_STANDARD[courseType];
          const notBefore = visitStart + demand.course[courseType].intervalDays * MS_PER_DAY;
          const extension = cadenceDeadline(patients.course[p]!, visitEnd, notBefore);
          ask(p, 'followup', standard, visitEnd, c, notBefore, extension);
        } else {
          engine.dischargePatientNumber(c, patients.ids[p]!);
        }
      }
    }
    if (counting) totals.requests += batch.length;
    place(dayStart(i + 1));

    backlogs.push(backlog);
    if (counting) {
      const waitlist = engine.waitlistLength;
      daily.push({
        date: localDateOfDay(day),
        arrivals,
        visits: totals.visits - before.visits,
        externalVisits: totals.externalVisits - before.externalVisits,
        noShows: totals.noShows - before.noShows,
        cancellations: totals.cancellations - before.cancellations,
        referralsOut: 0,
        backlog,
        waitlist,
        compliance: seenToday > 0 ? metToday / seenToday : null,
        cliniciansAtWork: 0,
        cliniciansOnStrike: onStrike,
      });
    }
    options.onDay?.(i + 1, runDays);
  }

  /**
   * A course whose interval is longer than the standard allows: the treating clinician
   * notes that the longer wait is clinically appropriate (the law's extension), with a
   * week's tolerance after the intended date. Returns the extension's deadline, or NaN
   * when the standard's deadline stands.
   */
  function cadenceDeadline(course: number, clock: number, notBefore: number): number {
    const limit = followupLimit[course]!;
    if (notBefore <= net.index.deadline(limit, clock as Instant)) return Number.NaN;
    return notBefore + CADENCE_TOLERANCE_DAYS * MS_PER_DAY;
  }

  /**
   * A cancelled or missed visit (with clinician c): the patient asks for it again from
   * the visit's end.
   */
  function repeatRequest(
    p: number,
    q: number,
    courseType: IntakeType,
    from: number,
    c: number,
  ): void {
    const type = requests.type(q);
    const prior = requests.prior[q]!;
    if (type === 'followup' || prior >= 0) {
      ask(p, 'followup', FOLLOWUP_STANDARD[courseType], from, prior >= 0 ? prior : c);
    } else {
      ask(p, type, INTAKE_STANDARD[courseType], from);
    }
  }

  const hours = workedHours(engine, plan, start, runDays, warmup, strikeDays);
  // Referrals: requests of the counted period whose appointment is external.
  const referralsByDay = new Int32Array(runDays);
  for (let n = 0; n < appointments.length; n++) {
    const q = appointments.request[n]!;
    // A referral counts once per request (its last one: a re-booking may refer again),
    // on the day the request arose.
    if (appointments.provider[n]! < 0 || requests.appointment[q] !== n) continue;
    const i = net.index.dayOf(requests.clockStart[q]!) - net.horizonOffset;
    if (i >= warmup && i < runDays) referralsByDay[i]!++;
  }
  let referralsOut = 0;
  for (let i = warmup; i < runDays; i++) referralsOut += referralsByDay[i]!;
  const rows = daily.map((row, k) => ({
    ...row,
    referralsOut: referralsByDay[warmup + k]!,
    cliniciansAtWork: hours.atWork[warmup + k]!,
  }));

  const counted = backlogs.slice(warmup);
  const employedAtEnd = plan.employment.filter(
    (e) => e.firstDay < runDays && e.leaveDay >= runDays,
  ).length;

  return {
    scenario: scenario.name,
    seed,
    summary: {
      days: scenario.days,
      requests: totals.requests,
      visits: totals.visits,
      externalVisits: totals.externalVisits,
      noShows: totals.noShows,
      cancellations: totals.cancellations,
      referralsOut,
      unplaced: engine.waitlistLength,
      rebooked: totals.rebooked,
      standards: byStandard.figures(),
      requestTypes: byType.figures(),
      backlog: {
        mean: counted.reduce((a, b) => a + b, 0) / Math.max(1, counted.length),
        max: counted.reduce((a, b) => Math.max(a, b), 0),
        end: counted[counted.length - 1] ?? 0,
      },
      utilisation: hours.session > 0 ? totals.visitHours / hours.session : 0,
      sessionHours: hours.session,
      adminHours: hours.admin,
      wageCost: hours.paid * scenario.costs.hourlyWage,
      externalCost: totals.externalVisits * scenario.costs.externalVisitCost,
      cliniciansEnd: employedAtEnd,
    },
    daily: rows,
    waitHistogram: byStandard.histogramsByKey(),
    seconds: (performance.now() - began) / 1000,
  };
}

/** Most requests reserved ahead: a longer run grows its tables as it goes. */
const MAX_RESERVED_REQUESTS = 8_000_000;

/**
 * About how many requests a run submits: each new patient's course of visits, and a
 * repeat for each no-show or cancellation. The engine reserves room for them at once.
 */
function expectedRequests(scenario: Scenario, start: DayNumber, runDays: number): number {
  const d = scenario.demand;
  const repeats = 1 + d.noShowRate + d.cancellationRate;
  let total = 0;
  for (let i = 0; i < runDays; i++) {
    const day = addDays(start, i);
    for (const type of INTAKE_TYPES) {
      total += expectedArrivals(scenario, type, day) * d.course[type].meanVisits * repeats;
    }
  }
  return Math.min(MAX_RESERVED_REQUESTS, Math.ceil(total));
}

function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * Hours offered and paid, from the templates: per clinician and day of the counted
 * period, the template's session and admin minutes on working days that are not
 * holidays; nothing on leave (paid) or on strike (unpaid).
 */
function workedHours(
  engine: BookingEngine,
  plan: ReturnType<typeof planWorkforce>,
  start: DayNumber,
  runDays: number,
  warmup: number,
  strikeDays: ReadonlyMap<number, readonly (readonly [number, number])[]>,
): { session: number; admin: number; paid: number; atWork: Int32Array } {
  const net = engine.net;
  const minutesOf = new Map<string, { session: number[]; admin: number[] }>();
  for (const t of net.source.templates) {
    const session = new Array<number>(8).fill(0);
    const admin = new Array<number>(8).fill(0);
    for (const s of t.sessions) session[s.weekday]! += s.minutes;
    for (const b of t.adminBlocks) admin[b.weekday]! += b.minutes;
    minutesOf.set(t.id, { session, admin });
  }
  const holiday = new Uint8Array(runDays);
  const weekday = new Uint8Array(runDays);
  for (let i = 0; i < runDays; i++) {
    const day = addDays(start, i);
    holiday[i] = net.calendar.holidayOn(day) ? 1 : 0;
    weekday[i] = ((((day + 3) % 7) + 7) % 7) + 1;
  }
  let session = 0;
  let admin = 0;
  let paid = 0;
  const atWork = new Int32Array(runDays);
  const within = (i: number, spans: readonly (readonly [number, number])[] | undefined) =>
    spans?.some(([a, b]) => i >= a && i < b) === true;
  for (const e of plan.employment) {
    const m = minutesOf.get(e.template)!;
    const from = Math.max(e.firstDay, 0);
    const to = Math.min(e.leaveDay, runDays);
    if (from >= to) continue;
    const strikes = strikeDays.get(e.clinician);
    for (let i = from; i < to; i++) {
      // Day by day, so that leave during a strike takes the clinician away once, not twice.
      const onStrike = within(i, strikes);
      const onLeave = within(i, e.leave);
      if (!onStrike && !onLeave) atWork[i]!++;
      if (i < warmup || holiday[i] || onStrike) continue;
      const w = weekday[i]!;
      paid += (m.session[w]! + m.admin[w]!) / 60;
      if (onLeave) continue;
      session += m.session[w]! / 60;
      admin += m.admin[w]! / 60;
    }
  }
  return { session, admin, paid, atWork };
}
