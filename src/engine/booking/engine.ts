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
import {
  AppointmentTable,
  CONTINUITY,
  STATUS_BOOKED,
  STATUS_COMPLETED,
  STATUS_NO_SHOW,
  STATUSES,
} from './appointment-table.ts';
import { ExternalCapacity, type ExternalOption } from './external.ts';
import { type HoldInput, HoldRegistry } from './holds.ts';
import { IdIndex } from './id-index.ts';
import { BOOKED, FREE, SlotLedger } from './ledger.ts';
import type { NetworkInput, RequestInput } from './model.ts';
import { type CompiledNetwork, compileNetwork } from './network.ts';
import type {
  Appointment,
  AppointmentStatus,
  BookingEvaluation,
  DisplacedInput,
  DisplacementEntry,
  DisplacementReport,
  OptionList,
  Outcome,
  PlacementSummary,
  RebookEntry,
  RebookReport,
  RebookResult,
  SlotChoice,
} from './outcomes.ts';
import { type BookingPolicy, resolvePolicy } from './policy.ts';
import { type Profile, ProfileCache } from './profiles.ts';
import { numberOfRequestId, type RequestBatch } from './request-batch.ts';
import {
  BOOKED_STATE,
  CLOSED_STATE,
  REFERRED_STATE,
  RequestTable,
  WAITLIST_REASONS,
  WAITLISTED,
  type WaitlistReason,
} from './request-table.ts';
import {
  compareRequests,
  compileNumbered,
  compileRequests,
  deriveOne,
  priorityOrder,
} from './requests.ts';

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

/** What `choose` decided besides a slot (a slot is its number, ≥ 0). */
const REFER = -1;
const WAIT_NO_FIT = -2;
const WAIT_NO_CAPACITY = -3;
/** Requests whose fields `placeInOrder` gathers at a time (a few hundred kB of columns). */
const PLACE_CHUNK = 8192;
/** Most options `options` lists for one request. */
const MAX_OPTIONS = 1000;

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
    /** Number of the batch's first request; the batch holds `length` numbers from there. */
    private readonly first: number,
    readonly length: number,
    private readonly describe: (q: number) => Outcome,
    private readonly count: (first: number, length: number) => PlacementSummary,
  ) {}

  /** The outcome of the i-th request of the batch, as it stands now. */
  at(i: number): Outcome {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`no request ${i} in this batch`);
    }
    return this.describe(this.first + i);
  }

  outcomes(): Outcome[] {
    return Array.from({ length: this.length }, (_, i) => this.describe(this.first + i));
  }

  summary(): PlacementSummary {
    return this.count(this.first, this.length);
  }
}

/** What placing one request reads, held apart from the request table (see `placeInOrder`). */
class Placing {
  /** Request number. */
  request = -1;
  /** Earliest acceptable start: the request's, or now when later. */
  minStart = 0;
  deadline = 0;
  patientId = '';
  /** The prior clinician (follow-ups), or -1: for continuity. */
  prior = -1;
  /** The patient's own clinician for this request, or -1: caps let them see their patients. */
  own = -1;
  profile!: Profile;

  load(table: RequestTable, q: number, now: number, profile: Profile): this {
    this.request = q;
    this.minStart = Math.max(table.minStart[q]!, now);
    this.deadline = table.deadline[q]!;
    this.patientId = table.patientId[q]!;
    this.prior = table.prior[q]!;
    this.own = table.own[q]!;
    this.profile = profile;
    return this;
  }
}

export class BookingEngine {
  readonly net: CompiledNetwork;
  readonly policy: BookingPolicy;
  private readonly standards: StandardsTable;
  private readonly ledger: SlotLedger;
  private readonly external: ExternalCapacity;
  private readonly profiles: ProfileCache;
  private readonly requests = new RequestTable();
  /** Request number by id. */
  private readonly requestIndex = new IdIndex(
    (q) => this.requests.id(q),
    1024,
    (id) => this.numberedRequest(id),
  );
  private readonly appointments = new AppointmentTable();
  /** Waiting requests (numbers) in priority order. */
  private waitlist: number[] = [];
  private readonly closures: { id: string; slots: number[] }[] = [];
  /** Columns `placeInOrder` gathers a chunk of requests into. */
  private readonly chunk = {
    minStart: new Float64Array(PLACE_CHUNK),
    deadline: new Float64Array(PLACE_CHUNK),
    prior: new Int32Array(PLACE_CHUNK),
    own: new Int32Array(PLACE_CHUNK),
    profile: new Int32Array(PLACE_CHUNK),
    patient: new Array<string>(PLACE_CHUNK).fill(''),
  };
  /** The request being placed (one object, reused: placing allocates nothing per request). */
  private readonly placing = new Placing();
  private readonly horizonStart: number;
  private readonly horizonEnd: number;
  private readonly holds: HoldRegistry;
  /** The external option `choose` picked when it returned REFER. */
  private chosenReferral: ExternalOption | null = null;

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
    this.holds = new HoldRegistry(this.net, this.ledger);
  }

  /**
   * Places a batch of requests in priority order (urgent first, then earliest deadline,
   * then earliest request). Returns one outcome per request, in the order given.
   */
  place(requests: readonly RequestInput[], options: { now?: number } = {}): Placement {
    const first = compileRequests(
      requests,
      this.net,
      this.standards,
      this.profiles,
      this.requestIndex,
      this.requests,
    );
    return this.placeRegistered(first, options.now);
  }

  /**
   * Places a batch of numbered requests (see `RequestBatch`) as `place` places request
   * objects: for trusted in-process callers (the simulator) that submit millions of
   * requests. They are not validated, and their ids (`request-N`, N the request number plus
   * one) are made only when asked for. The batch may be cleared and refilled afterwards.
   */
  placeNumbered(batch: RequestBatch, options: { now?: number } = {}): Placement {
    const first = compileNumbered(batch, this.net, this.standards, this.profiles, this.requests);
    return this.placeRegistered(first, options.now);
  }

  /** Places the requests registered from number `first` on (see `place`). */
  private placeRegistered(first: number, now = Number.NEGATIVE_INFINITY): Placement {
    const count = this.requests.length - first;
    // Most requests get one appointment.
    this.appointments.reserve(count);
    const batch = new Int32Array(count);
    for (let i = 0; i < count; i++) batch[i] = first + i;
    const order = priorityOrder(this.requests, batch, this.policy.urgentFirst);
    this.placeInOrder(order, now);
    return new Placement(
      first,
      count,
      (q) => this.outcomeOf(q),
      (from, length) => this.summarize(from, length),
    );
  }

  /**
   * Makes room for about `requests` more requests and their appointments at once. A
   * client that knows how many it will submit over time (the simulator: a year of demand)
   * spares the tables their repeated doubling and the id index its rehashing. Requests
   * to come by number (`placeNumbered`) need no room in the id index.
   */
  reserve(requests: number, options: { numbered?: boolean } = {}): void {
    if (!(Number.isInteger(requests) && requests >= 0)) {
      throw new TimelyError(
        'FIELD_INVALID',
        `requests: expected a whole number ≥ 0, got ${requests}`,
        {
          path: 'requests',
        },
      );
    }
    this.requests.reserve(requests, { ids: !options.numbered });
    if (!options.numbered) this.requestIndex.reserve(requests);
    this.appointments.reserve(requests);
  }

  /** The current outcome of a request. */
  outcome(requestId: string): Outcome {
    return this.outcomeOf(this.requestNumber(requestId));
  }

  /** The number of a request entered by number from its id (see `numberedRequestId`), or -1. */
  private numberedRequest(requestId: string): number {
    const q = numberOfRequestId(requestId);
    return q >= 0 && this.requests.isNumbered(q) ? q : -1;
  }

  private requestNumber(requestId: string): number {
    const q = this.requestIndex.get(requestId);
    if (q < 0)
      throw new TimelyError('NOT_FOUND', `request "${requestId}" is unknown`, {
        path: 'requestId',
      });
    return q;
  }

  /**
   * Places requests in their order of service. Their fields are first gathered into
   * columns in that order, so the placement loop reads them one after another instead
   * of jumping through the request table. The gathering goes a chunk at a time into
   * columns reused for the whole batch: columns for all of a large batch would be
   * megabytes of short-lived array buffers, enough to make V8 run a full garbage
   * collection (it collects when external memory grows by 64 MB) in the middle of it;
   * and the chunk's columns are the engine's, not each batch's, for the same reason (a
   * simulated year places hundreds of batches).
   */
  private placeInOrder(order: Int32Array, now: number): void {
    const n = order.length;
    const table = this.requests;
    const size = Math.min(n, PLACE_CHUNK);
    const { minStart, deadline, prior, own, profile, patient } = this.chunk;
    const p = this.placing;
    for (let from = 0; from < n; from += size) {
      const to = Math.min(n, from + size);
      for (let i = from; i < to; i++) {
        const q = order[i]!;
        const k = i - from;
        minStart[k] = Math.max(table.minStart[q]!, now);
        deadline[k] = table.deadline[q]!;
        prior[k] = table.prior[q]!;
        own[k] = table.own[q]!;
        profile[k] = table.profile[q]!;
        patient[k] = table.patientId[q]!;
      }
      for (let i = from; i < to; i++) {
        const k = i - from;
        p.request = order[i]!;
        p.minStart = minStart[k]!;
        p.deadline = deadline[k]!;
        p.prior = prior[k]!;
        p.own = own[k]!;
        p.patientId = patient[k]!;
        p.profile = this.profiles.at(profile[k]!);
        this.placeCurrent(-1, -1);
      }
    }
  }

  /** Places one request (see `placeCurrent`). */
  private placeRequest(q: number, now: number, prefer: number, replaces: number): void {
    this.loadPlacing(q, now);
    this.placeCurrent(prefer, replaces);
  }

  private loadPlacing(q: number, now: number): Placing {
    const table = this.requests;
    return this.placing.load(table, q, now, this.profiles.at(table.profile[q]!));
  }

  /** Places the request in `this.placing` as `choose` decides. */
  private placeCurrent(prefer: number, replaces: number): void {
    const s = this.choose(prefer);
    if (s >= 0) this.bookSlot(s, replaces);
    else if (s === REFER) this.refer(this.placing.request, this.chosenReferral!, replaces);
    else {
      this.addToWaitlist(
        this.placing.request,
        s === WAIT_NO_FIT ? 'no-fitting-clinician' : 'no-capacity-in-horizon',
      );
    }
  }

  /**
   * Decides for the request in `this.placing`: the preferred clinician (own clinician for
   * follow-ups, or the clinician of a re-booked appointment) if they have a slot inside
   * the deadline; else the earliest fitting slot if it meets the deadline; else an
   * external referral; else the earliest internal slot (missed); else the waitlist.
   * Returns the slot, or REFER (the option in `chosenReferral`), or a WAIT_ code.
   */
  private choose(prefer: number): number {
    const q = this.placing;
    const { minStart, deadline, profile } = q;
    this.ledger.searchFor(q.patientId, q.own);
    const own = prefer >= 0 ? prefer : this.policy.continuity ? q.own : -1;
    if (own >= 0 && this.ledger.serves(own, profile.kind, profile.membership)) {
      const s = this.ledger.earliestWithClinician(own, profile.kind, minStart, deadline);
      if (s >= 0) return s;
    }
    const s = this.ledger.earliestInPools(profile.pools, minStart, this.horizonEnd);
    if (s >= 0 && this.ledger.startOf(s) <= deadline) return s;
    if (this.policy.referOut) {
      const before = s >= 0 ? this.ledger.startOf(s) - 1 : Number.POSITIVE_INFINITY;
      const option = this.external.earliest(profile, minStart, before);
      if (option && (option.start <= deadline || this.policy.acceptLate)) {
        this.chosenReferral = option;
        return REFER;
      }
    }
    if (s >= 0 && this.policy.acceptLate) return s;
    return profile.pools.length === 0 ? WAIT_NO_FIT : WAIT_NO_CAPACITY;
  }

  /**
   * A request's options, best first, without changing the engine: the slot placing it
   * would book, then the slot placing a copy of it (same patient) would book if the
   * first were taken, and so on — day caps and the caseload counted as those bookings
   * would count them. The list stops at `count`, or where the engine would refer the
   * request out or wait. Each option is booked on the ledger while the next is looked
   * for and released afterwards, newest first, which restores the ledger exactly.
   */
  options(request: RequestInput, options: { now?: number; count: number }): OptionList {
    const count = options.count;
    if (!(Number.isInteger(count) && count >= 0 && count <= MAX_OPTIONS)) {
      throw new TimelyError('FIELD_INVALID', `count: expected 0 to ${MAX_OPTIONS}, got ${count}`, {
        path: 'count',
      });
    }
    const { request: r, derived } = deriveOne(request, this.net, this.standards, this.profiles);
    const p = this.placing;
    p.request = -1;
    p.minStart = Math.max(derived.minStart, options.now ?? Number.NEGATIVE_INFINITY);
    p.deadline = derived.deadline;
    p.patientId = r.patientId;
    p.prior = derived.prior;
    p.own = r.type === 'followup' ? derived.prior : -1;
    p.profile = this.profiles.at(derived.profile);
    const judge = (start: number | null): BookingEvaluation =>
      this.evaluationAt(
        r.standard,
        r.clockStart,
        derived.deadline,
        derived.standardDeadline,
        start,
      );
    const net = this.net;
    const taken: number[] = [];
    const counted: boolean[] = [];
    const choices: SlotChoice[] = [];
    let after: OptionList['after'] = null;
    let waitlistReason: OptionList['waitlistReason'] = null;
    try {
      while (choices.length < count) {
        const s = this.choose(-1);
        if (s === REFER) {
          after = 'referral';
          break;
        }
        if (s < 0) {
          after = 'waitlist';
          if (choices.length === 0) {
            waitlistReason = s === WAIT_NO_FIT ? 'no-fitting-clinician' : 'no-capacity-in-horizon';
          }
          break;
        }
        const c = net.slotClinician[s]!;
        const newPatient = this.ledger.isNewPatient(c, p.patientId, p.own);
        this.ledger.occupy(s, -1, p.patientId, newPatient);
        taken.push(s);
        counted.push(newPatient);
        choices.push({
          clinicianId: net.clinicianIds[c]!,
          start: net.slotStart[s]! as Instant,
          end: net.slotEnd[s]! as Instant,
          kind: net.slotKind[s] === 0 ? 'intake' : 'followup',
          evaluation: judge(net.slotStart[s]!),
        });
      }
    } finally {
      for (let i = taken.length - 1; i >= 0; i--) {
        this.ledger.release(taken[i]!, p.patientId, counted[i]!);
      }
    }
    return { evaluation: judge(null), options: choices, after, waitlistReason };
  }

  /**
   * Takes in an appointment booked elsewhere (see `holds.ts`): its clinician's time is
   * held, its visit counts towards the day's cap and its patient towards the caseload.
   * Holding an id again replaces the earlier hold. The engine's own bookings are not
   * checked against it: the caller (the database's exclusion constraint) rules on
   * double booking; a hold only keeps the engine from offering the time.
   */
  hold(appointment: HoldInput): void {
    this.holds.hold(appointment);
  }

  /** Lets go of a held appointment (cancelled or moved elsewhere); false when not held. */
  releaseHold(appointmentId: string): boolean {
    return this.holds.release(appointmentId);
  }

  /** How many appointments booked elsewhere are held. */
  get holdCount(): number {
    return this.holds.size;
  }

  /** Whether the engine knows a clinician (an active one with a template in the horizon). */
  knowsClinician(clinicianId: string): boolean {
    return this.net.clinicianIndex.has(clinicianId);
  }

  /**
   * Whether the slot of a clinician starting at `start` is taken (booked by the engine or
   * held). False when there is no such slot, or it is free, capped or closed.
   */
  slotTaken(clinicianId: string, start: number): boolean {
    const c = this.net.clinicianIndex.get(clinicianId);
    if (c === undefined || start < this.horizonStart || start >= this.horizonEnd) return false;
    const net = this.net;
    const cd = c * net.days + this.ledger.horizonDayOf(start);
    const end = net.clinicianDayStart[cd + 1]!;
    for (let s = net.clinicianDayStart[cd]!; s < end; s++) {
      if (net.slotStart[s] === start)
        return this.ledger.holds[s]! > 0 || this.ledger.holder[s]! >= 0;
    }
    return false;
  }

  /** Whether a slot of a clinician starting at `start` is free for booking now. */
  slotFree(clinicianId: string, start: number): boolean {
    const c = this.net.clinicianIndex.get(clinicianId);
    if (c === undefined || start < this.horizonStart || start >= this.horizonEnd) return false;
    const net = this.net;
    const cd = c * net.days + this.ledger.horizonDayOf(start);
    const end = net.clinicianDayStart[cd + 1]!;
    for (let s = net.clinicianDayStart[cd]!; s < end; s++) {
      if (net.slotStart[s] === start) return this.ledger.state[s] === FREE;
    }
    return false;
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

  /** Books slot s for the request in `this.placing`. */
  private bookSlot(s: number, replaces: number): void {
    const net = this.net;
    const q = this.placing;
    const r = q.request;
    const c = this.ledger.clinicianOf(s);
    const newPatient = this.ledger.isNewPatient(c, q.patientId, q.own);
    const continuity = q.prior < 0 ? 0 : c === q.prior ? 1 : 2;
    const n = this.appointments.add(
      r,
      s,
      c,
      -1,
      -1,
      this.ledger.startOf(s),
      net.slotEnd[s]!,
      newPatient,
      continuity,
      replaces,
    );
    this.ledger.occupy(s, n, q.patientId, newPatient);
    this.register(r, n, 'booked');
  }

  private refer(r: number, option: ExternalOption, replaces: number): void {
    this.external.use(option);
    const continuity = this.requests.prior[r]! < 0 ? 0 : 2;
    const n = this.appointments.add(
      r,
      -1,
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

  private register(q: number, n: number, state: 'booked' | 'referred'): void {
    const table = this.requests;
    table.state[q] = state === 'booked' ? BOOKED_STATE : REFERRED_STATE;
    table.appointment[q] = n;
    table.waitReason[q] = 0;
  }

  private addToWaitlist(r: number, reason: WaitlistReason): void {
    const table = this.requests;
    table.state[r] = WAITLISTED;
    table.appointment[r] = -1;
    table.waitReason[r] = WAITLIST_REASONS.indexOf(reason);
    const list = this.waitlist;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRequests(table, list[mid]!, r, this.policy.urgentFirst) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, r);
  }

  /** Offers freed slots, earliest first, to the waitlist in priority order. */
  private offerToWaitlist(slots: readonly number[], now: number): Outcome[] {
    const offers: Outcome[] = [];
    // Every cancellation and no-show offers its slot: the common case is quick.
    if (this.waitlist.length === 0 || slots.length === 0) return offers;
    const net = this.net;
    const table = this.requests;
    const sorted = [...slots].sort((a, b) => net.slotStart[a]! - net.slotStart[b]! || a - b);
    for (const s of sorted) {
      const kind = net.slotKind[s]!;
      for (let i = 0; i < this.waitlist.length; i++) {
        const r = this.waitlist[i]!;
        // What `fits` would refuse for any patient, read without loading the request: a
        // waitlist is mostly requests no pool fits (they wait for a new template).
        const profile = this.profiles.at(table.profile[r]!);
        if (profile.kind !== kind || profile.pools.length === 0) continue;
        const q = this.loadPlacing(r, now);
        this.ledger.searchFor(q.patientId, q.own);
        if (this.ledger.fits(s, q.profile.kind, q.profile.membership, q.minStart)) {
          this.waitlist.splice(i, 1);
          this.bookSlot(s, -1);
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
    const offers = this.cancelNumber(n, options.now);
    return { cancelled: this.view(n), offers };
  }

  /**
   * Cancels live appointment n (see `cancel`), for in-process clients that hold booking
   * numbers (the simulator); returns the waitlist offers it made.
   */
  cancelNumber(n: number, now: number): Outcome[] {
    this.checkLiveNumber(n);
    const freed = this.releaseAppointment(n, 'cancelled');
    const r = this.appointments.request[n]!;
    this.requests.state[r] = CLOSED_STATE;
    this.requests.appointment[r] = -1;
    return this.offerToWaitlist(
      freed.filter((s) => this.net.slotStart[s]! >= now),
      now,
    );
  }

  private checkLiveNumber(n: number): void {
    if (
      !(n >= 0 && n < this.appointments.length) ||
      this.appointments.status[n] !== STATUS_BOOKED
    ) {
      throw new TimelyError('FIELD_INVALID', `appointment number ${n} is not a live appointment`, {
        path: 'appointment',
      });
    }
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
    this.placeRequest(r, options.now, prefer, n);
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
    this.recordAttendanceNumber(n, attended);
    return this.view(n);
  }

  /** Records attendance of live appointment n (see `recordAttendance`), by booking number. */
  recordAttendanceNumber(n: number, attended: boolean): void {
    this.checkLiveNumber(n);
    this.appointments.status[n] = attended ? STATUS_COMPLETED : STATUS_NO_SHOW;
  }

  /**
   * The engine's tables, read-only, for in-process clients that follow millions of
   * appointments (the simulator) without an object per read. Callers must not write to
   * them; appointment numbers are booking numbers (`appt-N` is number N − 1).
   */
  get tables(): { readonly appointments: AppointmentTable; readonly requests: RequestTable } {
    return { appointments: this.appointments, requests: this.requests };
  }

  /** The clinician number of appointment n, or -1 for an external referral. */
  clinicianOfAppointment(n: number): number {
    return this.clinicianOf(n);
  }

  /** Ends a course of treatment: the patient no longer counts against the clinician's caseload. */
  dischargePatient(clinicianId: string, patientId: string): void {
    this.dischargePatientNumber(this.clinicianNumber(clinicianId), patientId);
  }

  /** `dischargePatient` by clinician number (see `net.clinicianIds`), for in-process clients. */
  dischargePatientNumber(clinician: number, patientId: string): void {
    if (
      !(Number.isInteger(clinician) && clinician >= 0 && clinician < this.net.clinicianIds.length)
    ) {
      throw new TimelyError('NOT_FOUND', `clinician number ${clinician} is unknown`, {
        path: 'clinician',
      });
    }
    this.ledger.discharge(clinician, patientId);
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
    const patientId = this.requests.patientId[t.request[n]!]!;
    return this.ledger.release(t.slot[n]!, patientId, t.newPatient[n] === 1);
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
    // A map, not a column over all appointments: a simulated year re-books for every
    // leaver, and megabytes of array per call brought on full garbage collections.
    const mark = new Map<number, 1 | 2>();
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
            if (live && mark.get(n) !== 1) {
              mark.set(n, 1);
              affectedList.push(n);
            }
          } else if (live && !mark.has(n)) {
            mark.set(n, 2);
            keptList.push(n);
          }
        }
      }
    });
    const closureId = `closure-${this.closures.length + 1}`;
    this.closures.push({ id: closureId, slots: closed });

    let metBefore = 0;
    const freed: number[] = [];
    const table = this.requests;
    for (const n of affectedList) {
      if (t.start[n]! <= table.deadline[t.request[n]!]!) metBefore++;
      for (const slot of this.releaseAppointment(n, 'rebooked')) freed.push(slot);
    }
    // Each affected appointment is its request's live one: order the requests, then map back.
    const order = priorityOrder(
      table,
      Int32Array.from(affectedList, (n) => t.request[n]!),
      this.policy.urgentFirst,
    );
    const moved = Array.from(order, (q) => table.appointment[q]!);

    // The report is kept as columns (appointment, result, next appointment); its entry
    // objects are built when first read, so a large re-booking does not pay for them.
    const RESULTS: readonly RebookResult[] = [
      'kept',
      'moved-same-clinician',
      'moved-other-clinician',
      'referred-out',
      'unplaceable',
    ];
    const size = moved.length + keptList.length;
    const entryOf = new Int32Array(size);
    const resultOf = new Uint8Array(size);
    const nextOf = new Int32Array(size);
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
    let k = 0;
    for (const n of moved) {
      const prefer = this.clinicianOf(n);
      const r = t.request[n]!;
      this.placeRequest(r, options.now, prefer, n);
      const next = table.appointment[r]!;
      let result: number;
      if (next < 0) result = 4;
      else if (t.provider[next]! >= 0) result = 3;
      else result = this.clinicianOf(next) === prefer ? 1 : 2;
      if (next >= 0 && t.start[next]! <= table.deadline[r]!) totals.metAfter++;
      totals[RESULTS[result]!]++;
      entryOf[k] = n;
      resultOf[k] = result;
      nextOf[k++] = next;
    }
    for (const n of keptList) {
      if (mark.get(n) !== 2) continue;
      totals.kept++;
      entryOf[k] = n;
      resultOf[k] = 0;
      nextOf[k++] = n;
    }
    this.offerToWaitlist(freed, options.now);

    let entries: RebookEntry[] | null = null;
    const build = (): RebookEntry[] =>
      Array.from({ length: k }, (_, i) =>
        this.rebookEntry(entryOf[i]!, RESULTS[resultOf[i]!]!, nextOf[i]!),
      );
    return {
      closureId,
      totals,
      /** Built when first read: statuses are those of that moment. */
      get entries(): RebookEntry[] {
        entries ??= build();
        return entries;
      },
    };
  }

  /**
   * Re-places appointments booked elsewhere whose time is gone (the disruption plan: a
   * stoppage's appointments, read from the records). Each item is a request the engine
   * does not know yet and the clinician it was booked with; the caller has closed that
   * time in the network (time off) and holds every other live appointment. The requests
   * are placed in priority order by the policy, each preferring its own clinician when
   * they have a slot inside the deadline — what `rebook` does for the engine's own
   * appointments. Returns one entry per item, in the order placed.
   */
  displace(items: readonly DisplacedInput[], options: { now: number }): DisplacementReport {
    const first = compileRequests(
      items.map((item) => item.request),
      this.net,
      this.standards,
      this.profiles,
      this.requestIndex,
      this.requests,
    );
    const count = this.requests.length - first;
    this.appointments.reserve(count);
    const prefer = new Int32Array(count);
    items.forEach((item, i) => {
      prefer[i] =
        item.clinicianId === null ? -1 : (this.net.clinicianIndex.get(item.clinicianId) ?? -1);
    });
    const batch = new Int32Array(count);
    for (let i = 0; i < count; i++) batch[i] = first + i;
    const order = priorityOrder(this.requests, batch, this.policy.urgentFirst);
    const table = this.requests;
    const t = this.appointments;
    const entries: DisplacementEntry[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const r = order[k]!;
      const i = r - first;
      const own = prefer[i]!;
      this.placeRequest(r, options.now, own, -1);
      const next = table.appointment[r]!;
      let result: Exclude<RebookResult, 'kept'>;
      if (next < 0) result = 'unplaceable';
      else if (t.provider[next]! >= 0) result = 'referred-out';
      else
        result = this.clinicianOf(next) === own ? 'moved-same-clinician' : 'moved-other-clinician';
      entries[k] = {
        index: i,
        result,
        next: next >= 0 ? this.view(next) : null,
        evaluation: next >= 0 ? this.evaluationOf(next) : this.openEvaluation(r),
      };
    }
    return { entries };
  }

  /**
   * Counts a referral made elsewhere against its provider's weekly capacity, so the
   * engine does not promise that week's visit twice. False when the provider is
   * unknown or the visit falls outside the engine's days.
   */
  holdReferral(providerId: string, start: number): boolean {
    const e = this.net.source.externalProviders.findIndex((p) => p.id === providerId);
    return e >= 0 && this.external.countVisitAt(e, start);
  }

  private rebookEntry(n: number, result: RebookResult, next: number): RebookEntry {
    const t = this.appointments;
    const r = t.request[n]!;
    return {
      appointmentId: appointmentIdOf(n),
      requestId: this.requests.id(r),
      patientId: this.requests.patientId[r]!,
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

  /** How many requests wait for capacity. */
  get waitlistLength(): number {
    return this.waitlist.length;
  }

  /** Requests waiting for capacity, in priority order. */
  waitlisted(): { requestId: string; reason: string }[] {
    const table = this.requests;
    return this.waitlist.map((q) => ({
      requestId: table.id(q),
      reason: table.waitlistReason(q) ?? '',
    }));
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

  /** Counts outcomes of a run of requests straight from the tables, without building objects. */
  private summarize(first: number, length: number): PlacementSummary {
    const counts = {
      requests: length,
      booked: 0,
      referred: 0,
      waitlisted: 0,
      met: 0,
      missed: 0,
      continuityKept: 0,
      continuityLost: 0,
      cancelled: 0,
    };
    const table = this.requests;
    const t = this.appointments;
    for (let q = first; q < first + length; q++) {
      const n = table.appointment[q]!;
      if (n < 0) {
        if (table.state[q] === WAITLISTED) counts.waitlisted++;
        else if (table.state[q] === CLOSED_STATE) counts.cancelled++;
        continue;
      }
      if (t.provider[n]! >= 0) counts.referred++;
      else counts.booked++;
      if (t.start[n]! <= table.deadline[q]!) counts.met++;
      else counts.missed++;
      if (t.continuity[n] === 1) counts.continuityKept++;
      else if (t.continuity[n] === 2) counts.continuityLost++;
    }
    return counts;
  }

  private outcomeOf(q: number): Outcome {
    const table = this.requests;
    const id = table.id(q);
    const n = table.appointment[q]!;
    if (n >= 0) {
      const appointment = this.view(n);
      return this.appointments.provider[n]! >= 0
        ? { kind: 'referred', requestId: id, appointment }
        : { kind: 'booked', requestId: id, appointment };
    }
    if (table.state[q] === CLOSED_STATE) return { kind: 'cancelled', requestId: id };
    return {
      kind: 'waitlisted',
      requestId: id,
      reason: table.waitlistReason(q) ?? 'no-capacity-in-horizon',
      evaluation: this.openEvaluation(q),
    };
  }

  private evaluationOf(n: number): BookingEvaluation {
    const table = this.requests;
    const q = this.appointments.request[n]!;
    return this.evaluationAt(
      table.standard(q),
      table.clockStart[q]!,
      table.deadlineOf(q),
      table.standardDeadline[q]!,
      this.appointments.start[n]!,
    );
  }

  /** The evaluation of a booking starting at `start` (null: not booked, `open`). */
  private evaluationAt(
    standard: string,
    clockStart: number,
    deadline: number,
    standardDeadline: number,
    start: number | null,
  ): BookingEvaluation {
    if (start === null) {
      return {
        standard,
        clockStart: clockStart as Instant,
        deadline: deadline as Instant,
        standardDeadline: standardDeadline as Instant,
        met: null,
        waitHours: null,
        waitBusinessDays: null,
        status: 'open',
      };
    }
    const met = start <= deadline;
    return {
      standard,
      clockStart: clockStart as Instant,
      deadline: deadline as Instant,
      standardDeadline: standardDeadline as Instant,
      met,
      waitHours: (start - clockStart) / MS_PER_HOUR,
      waitBusinessDays: this.net.index.businessDaysBetween(clockStart as Instant, start as Instant),
      status: met ? 'met' : 'missed',
    };
  }

  private openEvaluation(q: number): BookingEvaluation {
    const table = this.requests;
    return {
      standard: table.standard(q),
      clockStart: table.clockStart[q] as Instant,
      deadline: table.deadlineOf(q),
      standardDeadline: table.standardDeadline[q] as Instant,
      met: null,
      waitHours: null,
      waitBusinessDays: null,
      status: 'open',
    };
  }

  /** The clinician number of appointment n, or -1 for an external referral. */
  private clinicianOf(n: number): number {
    return this.appointments.clinician[n]!;
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
      requestId: this.requests.id(r),
      patientId: this.requests.patientId[r]!,
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
