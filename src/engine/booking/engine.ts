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

interface AppointmentRecord {
  /** Booking number; the appointment's id is `appt-(n+1)`, made only when shown. */
  readonly n: number;
  readonly request: RequestRecord;
  /** Slot number, or -1 for an external referral. */
  readonly slot: number;
  readonly external: ExternalOption | null;
  readonly start: number;
  readonly end: number;
  status: AppointmentStatus;
  /** Whether booking it counted a new patient against the clinician's caseload. */
  readonly newPatient: boolean;
  readonly continuity: Appointment['continuity'];
  readonly replaces: string | null;
}

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

function appointmentIdOf(a: { readonly n: number }): string {
  return `${APPOINTMENT_PREFIX}${a.n + 1}`;
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
  private readonly appointments: AppointmentRecord[] = [];
  /** Waiting requests in priority order. */
  private waitlist: RequestRecord[] = [];
  private readonly closures: { id: string; slots: number[] }[] = [];
  private readonly horizonEnd: number;

  constructor(network: NetworkInput | CompiledNetwork, options: EngineOptions = {}) {
    this.net = 'slotCount' in network ? network : compileNetwork(network);
    this.policy = resolvePolicy(options.policy);
    this.standards = options.standards ?? californiaStandards;
    this.ledger = new SlotLedger(this.net);
    this.external = new ExternalCapacity(this.net, this.policy.externalVisitMinuteOfDay);
    this.profiles = new ProfileCache(this.net, this.policy);
    const { index, horizonOffset, days } = this.net;
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
    for (const r of records) this.requests.set(r.id, r);
    const order = priorityOrder(records, this.policy.urgentFirst);
    const now = options.now ?? Number.NEGATIVE_INFINITY;
    for (let i = 0; i < order.length; i++) this.placeRecord(records[order[i]!]!, now, -1, null);
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

  private newPatientWith(r: RequestRecord, c: number): boolean {
    return r.type !== 'followup' || c !== r.prior;
  }

  /**
   * Places one request: the preferred clinician (own clinician for follow-ups, or the
   * clinician of a re-booked appointment) if they have a slot inside the deadline; else
   * the earliest fitting slot if it meets the deadline; else an external referral; else
   * the earliest internal slot (missed); else the waitlist.
   */
  private placeRecord(
    r: RequestRecord,
    now: number,
    prefer: number,
    replaces: string | null,
  ): void {
    const net = this.net;
    const minStart = Math.max(r.minStart, now);
    const deadline = r.deadline;
    const own = prefer >= 0 ? prefer : this.policy.continuity ? r.prior : -1;
    if (own >= 0) {
      const s = this.ledger.earliestWithClinician(
        own,
        r.profile.kind,
        minStart,
        deadline,
        this.newPatientWith(r, own),
      );
      if (s >= 0) {
        this.bookSlot(r, s, replaces);
        return;
      }
    }
    const s = this.ledger.earliestInPools(r.profile.pools, minStart, this.horizonEnd, true);
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

  /** Appointment ids are `appt-N`, N being the booking number: no index is needed to find one. */
  private findAppointment(appointmentId: string): AppointmentRecord | undefined {
    if (!appointmentId.startsWith(APPOINTMENT_PREFIX)) return undefined;
    const n = Number(appointmentId.slice(APPOINTMENT_PREFIX.length)) - 1;
    const a = Number.isInteger(n) ? this.appointments[n] : undefined;
    return a && appointmentIdOf(a) === appointmentId ? a : undefined;
  }

  private bookSlot(r: RequestRecord, s: number, replaces: string | null): void {
    const net = this.net;
    const c = net.slotClinician[s]!;
    const newPatient = this.newPatientWith(r, c);
    const n = this.appointments.length;
    const record: AppointmentRecord = {
      n,
      request: r,
      slot: s,
      external: null,
      start: net.slotStart[s]!,
      end: net.slotEnd[s]!,
      status: 'booked',
      newPatient,
      continuity: r.prior < 0 ? 'n/a' : c === r.prior ? 'kept' : 'lost',
      replaces,
    };
    this.ledger.occupy(s, n, newPatient);
    this.register(r, record, 'booked');
  }

  private refer(r: RequestRecord, option: ExternalOption, replaces: string | null): void {
    this.external.use(option);
    const record: AppointmentRecord = {
      n: this.appointments.length,
      request: r,
      slot: -1,
      external: option,
      start: option.start,
      end: option.end,
      status: 'booked',
      newPatient: false,
      continuity: r.prior < 0 ? 'n/a' : 'lost',
      replaces,
    };
    this.register(r, record, 'referred');
  }

  private register(
    r: RequestRecord,
    record: AppointmentRecord,
    state: 'booked' | 'referred',
  ): void {
    this.appointments.push(record);
    r.state = state;
    r.appointment = record.n;
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
        const c = net.slotClinician[s]!;
        if (
          this.ledger.fits(
            s,
            r.profile.kind,
            r.profile.membership,
            minStart,
            this.newPatientWith(r, c),
          )
        ) {
          this.waitlist.splice(i, 1);
          this.bookSlot(r, s, null);
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
    const a = this.liveAppointment(appointmentId);
    const freed = this.releaseAppointment(a, 'cancelled');
    a.request.state = 'closed';
    a.request.appointment = -1;
    const offers = this.offerToWaitlist(
      freed.filter((s) => this.net.slotStart[s]! >= options.now),
      options.now,
    );
    return { cancelled: this.view(a), offers };
  }

  /** Moves an appointment: releases it and places its request again, own clinician first. */
  reschedule(
    appointmentId: string,
    options: { now: number },
  ): { previous: Appointment; outcome: Outcome } {
    const a = this.liveAppointment(appointmentId);
    const prefer = a.slot >= 0 ? this.net.slotClinician[a.slot]! : -1;
    this.releaseAppointment(a, 'rebooked');
    this.placeRecord(a.request, options.now, prefer, appointmentIdOf(a));
    return { previous: this.view(a), outcome: this.outcomeOf(a.request) };
  }

  /** Records that a booked appointment took place (or that the patient did not come). */
  recordAttendance(appointmentId: string, attended: boolean): Appointment {
    const a = this.liveAppointment(appointmentId);
    a.status = attended ? 'completed' : 'no-show';
    return this.view(a);
  }

  /** Ends a course of treatment: the patient no longer counts against the clinician's caseload. */
  dischargePatient(clinicianId: string): void {
    const c = this.clinicianNumber(clinicianId);
    if (this.ledger.caseload[c]! > 0) this.ledger.caseload[c]!--;
  }

  private clinicianNumber(clinicianId: string, path = 'clinicianId'): number {
    const c = this.net.clinicianIndex.get(clinicianId);
    if (c === undefined)
      throw new TimelyError('NOT_FOUND', `${path}: unknown clinician "${clinicianId}"`, { path });
    return c;
  }

  private liveAppointment(appointmentId: string): AppointmentRecord {
    const a = this.findAppointment(appointmentId);
    if (!a)
      throw new TimelyError('NOT_FOUND', `appointment "${appointmentId}" is unknown`, {
        path: 'appointmentId',
      });
    if (a.status !== 'booked') {
      throw new TimelyError(
        'FIELD_INVALID',
        `appointment "${appointmentId}" is ${a.status}, not booked`,
        {
          path: 'appointmentId',
        },
      );
    }
    return a;
  }

  private releaseAppointment(a: AppointmentRecord, status: AppointmentStatus): number[] {
    a.status = status;
    if (a.external) {
      this.external.release(a.external.provider, a.external.week);
      return [];
    }
    return this.ledger.release(a.slot, a.newPatient);
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
    const affected = new Map<number, AppointmentRecord>();
    const keptCandidates = new Map<number, AppointmentRecord>();
    const closed: number[] = [];
    items.forEach((u, i) => {
      if (u.to <= u.from) {
        throw new TimelyError('FIELD_INVALID', `unavailability[${i}].to: must be after from`, {
          path: `unavailability[${i}].to`,
        });
      }
      const c = this.clinicianNumber(u.clinicianId, `unavailability[${i}].clinicianId`);
      const first = this.ledger.horizonDayOf(u.from);
      const last = Math.min(this.ledger.horizonDayOf(u.to - 1), D - 1);
      for (let d = first; d <= last; d++) {
        const end = net.clinicianDayStart[c * D + d + 1]!;
        for (let s = net.clinicianDayStart[c * D + d]!; s < end; s++) {
          const holder = this.ledger.holder[s]!;
          const live =
            holder >= 0 && this.ledger.state[s] === BOOKED && net.slotStart[s]! >= options.now;
          if (net.slotStart[s]! < u.to && u.from < net.slotEnd[s]!) {
            this.ledger.close(s);
            closed.push(s);
            if (live) affected.set(holder, this.appointments[holder]!);
          } else if (live) {
            keptCandidates.set(holder, this.appointments[holder]!);
          }
        }
      }
    });
    const closureId = `closure-${this.closures.length + 1}`;
    this.closures.push({ id: closureId, slots: closed });

    const before = [...affected.values()].map((a) => ({ a, evaluation: this.evaluationOf(a) }));
    const freed: number[] = [];
    for (const { a } of before) freed.push(...this.releaseAppointment(a, 'rebooked'));
    before.sort((x, y) => compareRequests(x.a.request, y.a.request, this.policy.urgentFirst));

    const entries: RebookEntry[] = [];
    for (const { a } of before) {
      const prefer = net.slotClinician[a.slot]!;
      this.placeRecord(a.request, options.now, prefer, appointmentIdOf(a));
      const r = a.request;
      const next = r.appointment >= 0 ? this.appointments[r.appointment]! : null;
      let result: RebookResult;
      if (!next) result = 'unplaceable';
      else if (next.external) result = 'referred-out';
      else
        result =
          net.slotClinician[next.slot] === prefer
            ? 'moved-same-clinician'
            : 'moved-other-clinician';
      entries.push(this.rebookEntry(a, result, next));
    }
    for (const a of keptCandidates.values()) {
      if (!affected.has(a.n)) entries.push(this.rebookEntry(a, 'kept', a));
    }
    this.offerToWaitlist(freed, options.now);

    const totals = {
      affected: before.length,
      kept: 0,
      'moved-same-clinician': 0,
      'moved-other-clinician': 0,
      'referred-out': 0,
      unplaceable: 0,
      metBefore: before.filter((b) => b.evaluation.met).length,
      metAfter: 0,
    };
    for (const e of entries) {
      totals[e.result]++;
      if (e.result !== 'kept' && e.evaluation.met) totals.metAfter++;
    }
    return { closureId, entries, totals };
  }

  private rebookEntry(
    a: AppointmentRecord,
    result: RebookResult,
    next: AppointmentRecord | null,
  ): RebookEntry {
    const r = a.request;
    return {
      appointmentId: appointmentIdOf(a),
      requestId: r.id,
      patientId: r.patientId,
      result,
      previous: {
        clinicianId: a.slot >= 0 ? this.net.clinicianIds[this.net.slotClinician[a.slot]!]! : null,
        start: a.start as Instant,
      },
      next: next && result !== 'kept' ? this.view(next) : null,
      evaluation: next ? this.evaluationOf(next) : this.openEvaluation(r),
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
    const a = this.findAppointment(appointmentId);
    if (!a)
      throw new TimelyError('NOT_FOUND', `appointment "${appointmentId}" is unknown`, {
        path: 'appointmentId',
      });
    return this.view(a);
  }

  /** Every appointment ever made, in booking order (re-booked and cancelled ones included). */
  *allAppointments(): Generator<Appointment> {
    for (const a of this.appointments) yield this.view(a);
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
    };
    for (const r of records) {
      if (r.appointment < 0) {
        if (r.state === 'waitlisted') counts.waitlisted++;
        continue;
      }
      const a = this.appointments[r.appointment]!;
      if (a.external) counts.referred++;
      else counts.booked++;
      if (a.start <= r.deadline) counts.met++;
      else counts.missed++;
      if (a.continuity === 'kept') counts.continuityKept++;
      else if (a.continuity === 'lost') counts.continuityLost++;
    }
    return counts;
  }

  private outcomeOf(r: RequestRecord): Outcome {
    const id = r.id;
    if (r.appointment >= 0) {
      const a = this.appointments[r.appointment]!;
      const appointment = this.view(a);
      return a.external
        ? { kind: 'referred', requestId: id, appointment }
        : { kind: 'booked', requestId: id, appointment };
    }
    return {
      kind: 'waitlisted',
      requestId: id,
      reason: r.waitlistReason ?? 'no-capacity-in-horizon',
      evaluation: this.openEvaluation(r),
    };
  }

  private evaluationOf(a: AppointmentRecord): BookingEvaluation {
    const r = a.request;
    const clockStart = r.clockStart as Instant;
    const met = a.start <= r.deadline;
    return {
      standard: r.standard,
      clockStart,
      deadline: r.deadline,
      standardDeadline: r.standardDeadline,
      met,
      waitHours: (a.start - clockStart) / MS_PER_HOUR,
      waitBusinessDays: this.net.index.businessDaysBetween(clockStart, a.start as Instant),
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

  private view(a: AppointmentRecord): Appointment {
    const net = this.net;
    return {
      id: appointmentIdOf(a),
      requestId: a.request.id,
      patientId: a.request.patientId,
      clinicianId: a.slot >= 0 ? net.clinicianIds[net.slotClinician[a.slot]!]! : null,
      externalProviderId: a.external ? net.source.externalProviders[a.external.provider]!.id : null,
      start: a.start as Instant,
      end: a.end as Instant,
      status: a.status,
      continuity: a.continuity,
      replaces: a.replaces,
      evaluation: this.evaluationOf(a),
    };
  }
}
