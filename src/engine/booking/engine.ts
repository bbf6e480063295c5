/**
 * The booking engine: places requests into the network's slots by the booking policy,
 * refers out, keeps the waitlist, cancels, and re-books around unavailability. It is
 * pure and deterministic — the same network and the same calls give the same results —
 * and it is the only booking model in Timely: the server, the simulator and the
 * disruption plan all book through it.
 */
import { z } from 'zod';
import { TimelyError } from '../errors.ts';
import { californiaStandards, type StandardsTable } from '../rules/standards.ts';
import type { Instant } from '../time.ts';
import { MS_PER_HOUR } from '../time.ts';
import { parseOrThrow } from '../validation.ts';
import { AppointmentTable, CONTINUITY, STATUS_BOOKED, STATUSES } from './appointment-table.ts';
import { ExternalCapacity, type ExternalOption } from './external.ts';
import { BOOKED, SlotLedger } from './ledger.ts';
import type { NetworkInput, RequestInput } from './model.ts';
import { type CompiledNetwork, compileNetwork } from './network.ts';
import type {
  Appointment,
  AppointmentStatus,
  BookingEvaluation,
  Outcome,
  PlacementSummary,
  RebookEntry,
  RebookReport,
  RebookResult,
} from './outcomes.ts';
import { type BookingPolicy, resolvePolicy } from './policy.ts';
import { ProfileCache } from './profiles.ts';
import { compareRequests, compileRequests, priorityOrder, type RequestRecord } from './requests.ts';

export interface EngineOptions {
  readonly standards?: StandardsTable;
  readonly policy?: Partial<BookingPolicy>;
}

const unavailabilitySchema = z.array(
  z
    .object({
      clinicianId: z.string().min(1),
      from: z.number().int(),
      to: z.number().int(),
      reason: z.string().default('unavailable'),
    })
    .strict(),
);
export type UnavailabilityInput = z.input<typeof unavailabilitySchema>[number];

const APPOINTMENT_PREFIX = 'appt-';

/** Appointment ids are `appt-N`, N being the booking number plus one: no index is needed. */
function appointmentIdOf(n: number): string {
  return `${APPOINTMENT_PREFIX}${n + 1}`;
}

/**
 * The result of placing a batch. Its summary is counted as requests are placed; the
 * per-request outcomes (objects with the appointment and its evaluation) are built
 * when asked for, so a caller that needs only the figures does not pay for them.
 */
export class Placement {
  constructor(
    private readonly records: readonly RequestRecord[],
    private readonly describe: (r: RequestRecord) => Outcome,
    private readonly count: (records: readonly RequestRecord[]) => PlacementSummary,
  ) {}

  get length(): number {
    return this.records.length;
  }

  /** The outcome of the i-th request of the batch, as it stands now. */
  at(i: number): Outcome {
    const r = this.records[i];
    if (!r) throw new RangeError(`no request ${i} in this batch`);
    return this.describe(r);
  }

  outcomes(): Outcome[] {
    return this.records.map(this.describe);
  }

  summary(): PlacementSummary {
    return this.count(this.records);
  }
}

export class BookingEngine {
  readonly net: CompiledNetwork;
  readonly policy: BookingPolicy;
  private readonly standards: StandardsTable;
  private readonly ledger: SlotLedger;
  private readonly external: ExternalCapacity;
  private readonly profiles: ProfileCache;
  private readonly requests = new Map<string, RequestRecord>();
  private readonly appointments = new AppointmentTable();
  /** Waiting requests in priority order. */
  private waitlist: RequestRecord[] = [];
  private readonly closures: { id: string; slots: number[] }[] = [];
  private readonly horizonStart: number;
  private readonly horizonEnd: number;

  constructor(network: NetworkInput | CompiledNetwork, options: EngineOptions = {}) {
    this.net = 'slotCount' in network ? network : compileNetwork(network);
    this.policy = resolvePolicy(options.policy);
    this.standards = options.standards ?? californiaStandards;
    this.ledger = new SlotLedger(this.net);
    this.external = new ExternalCapacity(this.net, this.policy.externalVisitMinuteOfDay);
    this.profiles = new ProfileCache(this.net, this.policy);
    const { index, horizonOffset, days } = this.net;
    this.horizonStart = index.dayStart[horizonOffset]!;
    this.horizonEnd = index.dayStart[horizonOffset + days]!;
  }

  /**
   * Places a batch of requests in priority order (urgent first, then earliest deadline,
   * then earliest request). Returns one outcome per request, in the order given.
   */
  place(requests: readonly RequestInput[], options: { now?: number } = {}): Placement {
    const records = compileRequests(
      requests,
      this.net,
      this.standards,
      this.profiles,
      this.requests,
      this.requests.size,
    );
    const order = priorityOrder(records, this.policy.urgentFirst);
    const now = options.now ?? Number.NEGATIVE_INFINITY;
    for (let i = 0; i < order.length; i++) this.placeRecord(records[order[i]!]!, now, -1, -1);
    return new Placement(
      records,
      (r) => this.outcomeOf(r),
      (rs) => this.summarizeRecords(rs),
    );
  }

  /** The current outcome of a request. */
  outcome(requestId: string): Outcome {
    return this.outcomeOf(this.requestRecord(requestId));
  }

  private requestRecord(requestId: string): RequestRecord {
    const r = this.requests.get(requestId);
    if (!r)
      throw new TimelyError('NOT_FOUND', `request "${requestId}" is unknown`, {
        path: 'requestId',
      });
    return r;
  }

  /** The patient's own clinician for this request: the prior clinician of a follow-up. */
  private ownClinician(r: RequestRecord): number {
    return r.type === 'followup' ? r.prior : -1;
  }

  private newPatientWith(r: RequestRecord, c: number): boolean {
    return this.ledger.isNewPatient(c, r.patientId, this.ownClinician(r));
  }

  /**
   * Places one request: the preferred clinician (own clinician for follow-ups, or the
   * clinician of a re-booked appointment) if they have a slot inside the deadline; else
   * the earliest fitting slot if it meets the deadline; else an external referral; else
   * the earliest internal slot (missed); else the waitlist.
   */
  private placeRecord(r: RequestRecord, now: number, prefer: number, replaces: number): void {
    const net = this.net;
    const minStart = Math.max(r.minStart, now);
    const deadline = r.deadline;
    this.ledger.searchFor(r.patientId, this.ownClinician(r));
    const own = prefer >= 0 ? prefer : this.policy.continuity ? this.ownClinician(r) : -1;
    if (own >= 0 && this.ledger.serves(own, r.profile.kind, r.profile.membership)) {
      const s = this.ledger.earliestWithClinician(own, r.profile.kind, minStart, deadline);
      if (s >= 0) {
        this.bookSlot(r, s, replaces);
        return;
      }
    }
    const s = this.ledger.earliestInPools(r.profile.pools, minStart, this.horizonEnd);
    if (s >= 0 && net.slotStart[s]! <= deadline) {
      this.bookSlot(r, s, replaces);
      return;
    }
    if (this.policy.referOut) {
      const before = s >= 0 ? net.slotStart[s]! - 1 : Number.POSITIVE_INFINITY;
      const option = this.external.earliest(r.profile, minStart, before);
      if (option && (option.start <= deadline || this.policy.acceptLate)) {
        this.refer(r, option, replaces);
        return;
      }
    }
    if (s >= 0 && this.policy.acceptLate) {
      this.bookSlot(r, s, replaces);
      return;
    }
    this.addToWaitlist(
      r,
      r.profile.pools.length === 0 ? 'no-fitting-clinician' : 'no-capacity-in-horizon',
    );
  }

  /** The booking number of an appointment id, or -1. */
  private findAppointment(appointmentId: string): number {
    if (!appointmentId.startsWith(APPOINTMENT_PREFIX)) return -1;
    const n = Number(appointmentId.slice(APPOINTMENT_PREFIX.length)) - 1;
    return Number.isInteger(n) &&
      n >= 0 &&
      n < this.appointments.length &&
      appointmentIdOf(n) === appointmentId
      ? n
      : -1;
  }

  private bookSlot(r: RequestRecord, s: number, replaces: number): void {
    const net = this.net;
    const c = net.slotClinician[s]!;
    const newPatient = this.newPatientWith(r, c);
    const continuity = r.prior < 0 ? 0 : c === r.prior ? 1 : 2;
    const n = this.appointments.add(
      r,
      s,
      -1,
      -1,
      net.slotStart[s]!,
      net.slotEnd[s]!,
      newPatient,
      continuity,
      replaces,
    );
    this.ledger.occupy(s, n, r.patientId, newPatient);
    this.register(r, n, 'booked');
  }

  private refer(r: RequestRecord, option: ExternalOption, replaces: number): void {
    this.external.use(option);
    const continuity = r.prior < 0 ? 0 : 2;
    const n = this.appointments.add(
      r,
      -1,
      option.provider,
      option.week,
      option.start,
      option.end,
      false,
      continuity,
      replaces,
    );
    this.register(r, n, 'referred');
  }

  private register(r: RequestRecord, n: number, state: 'booked' | 'referred'): void {
    r.state = state;
    r.appointment = n;
    r.waitlistReason = null;
  }

  private addToWaitlist(r: RequestRecord, reason: RequestRecord['waitlistReason'] & string): void {
    r.state = 'waitlisted';
    r.appointment = -1;
    r.waitlistReason = reason;
    const list = this.waitlist;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRequests(list[mid]!, r, this.policy.urgentFirst) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, r);
  }

  /** Offers freed slots, earliest first, to the waitlist in priority order. */
  private offerToWaitlist(slots: readonly number[], now: number): Outcome[] {
    const offers: Outcome[] = [];
    const net = this.net;
    const sorted = [...slots].sort((a, b) => net.slotStart[a]! - net.slotStart[b]! || a - b);
    for (const s of sorted) {
      for (let i = 0; i < this.waitlist.length; i++) {
        const r = this.waitlist[i]!;
        const minStart = Math.max(r.minStart, now);
        this.ledger.searchFor(r.patientId, this.ownClinician(r));
        if (this.ledger.fits(s, r.profile.kind, r.profile.membership, minStart)) {
          this.waitlist.splice(i, 1);
          this.bookSlot(r, s, -1);
          offers.push(this.outcomeOf(r));
          break;
        }
      }
    }
    return offers;
  }

  /** Cancels an appointment; a future internal slot it frees is offered to the waitlist. */
  cancel(
    appointmentId: string,
    options: { now: number },
  ): { cancelled: Appointment; offers: Outcome[] } {
    const n = this.liveAppointment(appointmentId);
    const freed = this.releaseAppointment(n, 'cancelled');
    const r = this.appointments.request[n]!;
    r.state = 'closed';
    r.appointment = -1;
    const offers = this.offerToWaitlist(
      freed.filter((s) => this.net.slotStart[s]! >= options.now),
      options.now,
    );
    return { cancelled: this.view(n), offers };
  }

  /** Moves an appointment: releases it and places its request again, own clinician first. */
  reschedule(
    appointmentId: string,
    options: { now: number },
  ): { previous: Appointment; outcome: Outcome } {
    const n = this.liveAppointment(appointmentId);
    const prefer = this.clinicianOf(n);
    const freed = this.releaseAppointment(n, 'rebooked');
    const r = this.appointments.request[n]!;
    this.placeRecord(r, options.now, prefer, n);
    // What the move freed (and the request did not take again) goes to the waitlist.
    this.offerToWaitlist(
      freed.filter((s) => this.net.slotStart[s]! >= options.now),
      options.now,
    );
    return { previous: this.view(n), outcome: this.outcomeOf(r) };
  }

  /** Records that a booked appointment took place (or that the patient did not come). */
  recordAttendance(appointmentId: string, attended: boolean): Appointment {
    const n = this.liveAppointment(appointmentId);
    this.appointments.status[n] = STATUSES.indexOf(attended ? 'completed' : 'no-show');
    return this.view(n);
  }

  /** Ends a course of treatment: the patient no longer counts against the clinician's caseload. */
  dischargePatient(clinicianId: string, patientId: string): void {
    this.ledger.discharge(this.clinicianNumber(clinicianId), patientId);
  }

  private clinicianNumber(clinicianId: string, path = 'clinicianId'): number {
    const c = this.net.clinicianIndex.get(clinicianId);
    if (c === undefined)
      throw new TimelyError('NOT_FOUND', `${path}: unknown clinician "${clinicianId}"`, { path });
    return c;
  }

  private knownAppointment(appointmentId: string): number {
    const n = this.findAppointment(appointmentId);
    if (n < 0) {
      throw new TimelyError('NOT_FOUND', `appointment "${appointmentId}" is unknown`, {
        path: 'appointmentId',
      });
    }
    return n;
  }

  private liveAppointment(appointmentId: string): number {
    const n = this.knownAppointment(appointmentId);
    const status = this.appointments.status[n]!;
    if (status !== STATUS_BOOKED) {
      throw new TimelyError(
        'FIELD_INVALID',
        `appointment "${appointmentId}" is ${STATUSES[status]}, not booked`,
        { path: 'appointmentId' },
      );
    }
    return n;
  }

  private releaseAppointment(n: number, status: AppointmentStatus): number[] {
    const t = this.appointments;
    t.status[n] = STATUSES.indexOf(status);
    if (t.provider[n]! >= 0) {
      this.external.release(t.provider[n]!, t.week[n]!);
      return [];
    }
    return this.ledger.release(t.slot[n]!, t.request[n]!.patientId, t.newPatient[n] === 1);
  }

  /**
   * Re-books around unavailability (a strike, sickness, a departure): closes the
   * clinicians' slots in the given intervals, then re-places every affected future
   * appointment by the same policy, in priority order, preferring the same clinician.
   * Appointments of those clinicians on the same days that the intervals do not
   * touch are reported as kept. Nothing else is touched.
   */
  rebook(unavailability: readonly UnavailabilityInput[], options: { now: number }): RebookReport {
    const items = parseOrThrow(unavailabilitySchema, unavailability, 'unavailability');
    const net = this.net;
    const D = net.days;
    // Per appointment number: 1 = affected (its time is closed), 2 = kept (same days, untouched).
    const mark = new Uint8Array(this.appointments.length);
    const affectedList: number[] = [];
    const keptList: number[] = [];
    const closed: number[] = [];
    const { state, holder } = this.ledger;
    const t = this.appointments;
    items.forEach((u, i) => {
      if (u.to <= u.from) {
        throw new TimelyError('FIELD_INVALID', `unavailability[${i}].to: must be after from`, {
          path: `unavailability[${i}].to`,
        });
      }
      const c = this.clinicianNumber(u.clinicianId, `unavailability[${i}].clinicianId`);
      // An interval wholly outside the horizon touches no slot and keeps nothing.
      if (u.to <= this.horizonStart || u.from >= this.horizonEnd) return;
      const first = this.ledger.horizonDayOf(u.from);
      const last = Math.min(this.ledger.horizonDayOf(u.to - 1), D - 1);
      for (let d = first; d <= last; d++) {
        const end = net.clinicianDayStart[c * D + d + 1]!;
        for (let s = net.clinicianDayStart[c * D + d]!; s < end; s++) {
          const n = holder[s]!;
          const live =
            n >= 0 &&
            state[s] === BOOKED &&
            t.status[n] === STATUS_BOOKED &&
            net.slotStart[s]! >= options.now;
          if (net.slotStart[s]! < u.to && u.from < net.slotEnd[s]!) {
            this.ledger.close(s);
            closed.push(s);
            if (live && mark[n] !== 1) {
              mark[n] = 1;
              affectedList.push(n);
            }
          } else if (live && mark[n] === 0) {
            mark[n] = 2;
            keptList.push(n);
          }
        }
      }
    });
    const closureId = `closure-${this.closures.length + 1}`;
    this.closures.push({ id: closureId, slots: closed });

    let metBefore = 0;
    const freed: number[] = [];
    for (const n of affectedList) {
      if (t.start[n]! <= t.request[n]!.deadline) metBefore++;
      for (const slot of this.releaseAppointment(n, 'rebooked')) freed.push(slot);
    }
    const order = priorityOrder(
      affectedList.map((n) => t.request[n]!),
      this.policy.urgentFirst,
      false,
    );
    const moved = Array.from(order, (i) => affectedList[i]!);

    const entries: RebookEntry[] = [];
    for (const n of moved) {
      const prefer = this.clinicianOf(n);
      const r = t.request[n]!;
      this.placeRecord(r, options.now, prefer, n);
      const next = r.appointment;
      let result: RebookResult;
      if (next < 0) result = 'unplaceable';
      else if (t.provider[next]! >= 0) result = 'referred-out';
      else
        result =
          this.clinicianOf(next) === prefer ? 'moved-same-clinician' : 'moved-other-clinician';
      entries.push(this.rebookEntry(n, result, next));
    }
    for (const n of keptList) {
      if (mark[n] === 2) entries.push(this.rebookEntry(n, 'kept', n));
    }
    this.offerToWaitlist(freed, options.now);

    const totals = {
      affected: moved.length,
      kept: 0,
      'moved-same-clinician': 0,
      'moved-other-clinician': 0,
      'referred-out': 0,
      unplaceable: 0,
      metBefore,
      metAfter: 0,
    };
    for (const e of entries) {
      totals[e.result]++;
      if (e.result !== 'kept' && e.evaluation.met) totals.metAfter++;
    }
    return { closureId, entries, totals };
  }

  private rebookEntry(n: number, result: RebookResult, next: number): RebookEntry {
    const t = this.appointments;
    const r = t.request[n]!;
    return {
      appointmentId: appointmentIdOf(n),
      requestId: r.id,
      patientId: r.patientId,
      result,
      previous: {
        clinicianId: this.clinicianIdOf(n),
        start: t.start[n] as Instant,
      },
      next: next >= 0 && result !== 'kept' ? this.view(next) : null,
      evaluation: next >= 0 ? this.evaluationOf(next) : this.openEvaluation(r),
    };
  }

  /** Ends an unavailability declared by `rebook`: its slots reopen and are offered to the waitlist. */
  restore(closureId: string, options: { now: number }): Outcome[] {
    const i = this.closures.findIndex((c) => c.id === closureId);
    if (i < 0)
      throw new TimelyError('NOT_FOUND', `closure "${closureId}" is unknown`, {
        path: 'closureId',
      });
    const [closure] = this.closures.splice(i, 1);
    const reopened = closure!.slots.filter((s) => this.ledger.reopen(s));
    return this.offerToWaitlist(
      reopened.filter((s) => this.net.slotStart[s]! >= options.now),
      options.now,
    );
  }

  /** Requests waiting for capacity, in priority order. */
  waitlisted(): { requestId: string; reason: string }[] {
    return this.waitlist.map((r) => ({ requestId: r.id, reason: r.waitlistReason ?? '' }));
  }

  appointment(appointmentId: string): Appointment {
    return this.view(this.knownAppointment(appointmentId));
  }

  /** Every appointment ever made, in booking order (re-booked and cancelled ones included). */
  *allAppointments(): Generator<Appointment> {
    for (let n = 0; n < this.appointments.length; n++) yield this.view(n);
  }

  get appointmentCount(): number {
    return this.appointments.length;
  }

  /** Visits booked with a clinician on a horizon day, and active patients — for tests and reports. */
  load(clinicianId: string): { caseload: number; visitsByDay: number[] } {
    const c = this.clinicianNumber(clinicianId);
    const D = this.net.days;
    return {
      caseload: this.ledger.caseload[c]!,
      visitsByDay: Array.from(this.ledger.dayCount.subarray(c * D, (c + 1) * D)),
    };
  }

  /** Counts outcomes straight from the records, without building outcome objects. */
  private summarizeRecords(records: readonly RequestRecord[]): PlacementSummary {
    const counts = {
      requests: records.length,
      booked: 0,
      referred: 0,
      waitlisted: 0,
      met: 0,
      missed: 0,
      continuityKept: 0,
      continuityLost: 0,
      cancelled: 0,
    };
    for (const r of records) {
      if (r.appointment < 0) {
        if (r.state === 'waitlisted') counts.waitlisted++;
        else if (r.state === 'closed') counts.cancelled++;
        continue;
      }
      const n = r.appointment;
      const t = this.appointments;
      if (t.provider[n]! >= 0) counts.referred++;
      else counts.booked++;
      if (t.start[n]! <= r.deadline) counts.met++;
      else counts.missed++;
      if (t.continuity[n] === 1) counts.continuityKept++;
      else if (t.continuity[n] === 2) counts.continuityLost++;
    }
    return counts;
  }

  private outcomeOf(r: RequestRecord): Outcome {
    const id = r.id;
    if (r.appointment >= 0) {
      const appointment = this.view(r.appointment);
      return this.appointments.provider[r.appointment]! >= 0
        ? { kind: 'referred', requestId: id, appointment }
        : { kind: 'booked', requestId: id, appointment };
    }
    if (r.state === 'closed') return { kind: 'cancelled', requestId: id };
    return {
      kind: 'waitlisted',
      requestId: id,
      reason: r.waitlistReason ?? 'no-capacity-in-horizon',
      evaluation: this.openEvaluation(r),
    };
  }

  private evaluationOf(n: number): BookingEvaluation {
    const r = this.appointments.request[n]!;
    const start = this.appointments.start[n]!;
    const clockStart = r.clockStart as Instant;
    const met = start <= r.deadline;
    return {
      standard: r.standard,
      clockStart,
      deadline: r.deadline,
      standardDeadline: r.standardDeadline,
      met,
      waitHours: (start - clockStart) / MS_PER_HOUR,
      waitBusinessDays: this.net.index.businessDaysBetween(clockStart, start as Instant),
      status: met ? 'met' : 'missed',
    };
  }

  private openEvaluation(r: RequestRecord): BookingEvaluation {
    return {
      standard: r.standard,
      clockStart: r.clockStart as Instant,
      deadline: r.deadline,
      standardDeadline: r.standardDeadline,
      met: null,
      waitHours: null,
      waitBusinessDays: null,
      status: 'open',
    };
  }

  /** The clinician number of appointment n, or -1 for an external referral. */
  private clinicianOf(n: number): number {
    const slot = this.appointments.slot[n]!;
    return slot >= 0 ? this.net.slotClinician[slot]! : -1;
  }

  private clinicianIdOf(n: number): string | null {
    const c = this.clinicianOf(n);
    return c >= 0 ? this.net.clinicianIds[c]! : null;
  }

  private view(n: number): Appointment {
    const net = this.net;
    const t = this.appointments;
    const r = t.request[n]!;
    const provider = t.provider[n]!;
    const replaces = t.replaces[n]!;
    return {
      id: appointmentIdOf(n),
      requestId: r.id,
      patientId: r.patientId,
      clinicianId: this.clinicianIdOf(n),
      externalProviderId: provider >= 0 ? net.source.externalProviders[provider]!.id : null,
      start: t.start[n] as Instant,
      end: t.end[n] as Instant,
      status: STATUSES[t.status[n]!]!,
      continuity: CONTINUITY[t.continuity[n]!]!,
      replaces: replaces >= 0 ? appointmentIdOf(replaces) : null,
      evaluation: this.evaluationOf(n),
    };
  }
}
