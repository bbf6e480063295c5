/**
 * Every request the engine has registered, as columns indexed by request number (the
 * registration order, which is also the last tie-break of the order of service). A
 * simulated year or a large batch holds millions of requests: as one object each they
 * cost a cache miss per request when served in priority order, and garbage-collection
 * work that grows faster than the batch. The caller's request objects are not kept: only
 * the id and patient strings, and codes for the type and standard.
 */
import type { Instant } from '../time.ts';
import { grown } from '../typed-arrays.ts';
import { REQUEST_TYPES, type Request, type RequestInput, type RequestType } from './model.ts';
import { numberedRequestId } from './request-batch.ts';

export type RequestState = 'pending' | 'booked' | 'referred' | 'waitlisted' | 'closed';
export const REQUEST_STATES: readonly RequestState[] = [
  'pending',
  'booked',
  'referred',
  'waitlisted',
  'closed',
];
export const PENDING = 0;
export const BOOKED_STATE = 1;
export const REFERRED_STATE = 2;
export const WAITLISTED = 3;
export const CLOSED_STATE = 4;

export type WaitlistReason = 'no-fitting-clinician' | 'no-capacity-in-horizon';
/** Index 0: no reason (not waiting). */
export const WAITLIST_REASONS: readonly (WaitlistReason | null)[] = [
  null,
  'no-fitting-clinician',
  'no-capacity-in-horizon',
];

/** What the engine derives for a request when it registers it. */
export interface DerivedRequest {
  readonly urgent: boolean;
  /** The standard's deadline, or the recorded extension's. */
  readonly deadline: number;
  readonly standardDeadline: number;
  /** Earliest acceptable start: the clock start, or `notBefore` when later. */
  readonly minStart: number;
  /** The prior clinician (follow-ups), or -1. */
  readonly prior: number;
  /** The number of the request's profile in the engine's profile cache. */
  readonly profile: number;
}

const INITIAL = 1024;
/** Most requests `reserve` makes room for in the string columns ahead of time. */
const MAX_PRESIZED = 1 << 23;

export class RequestTable {
  length = 0;
  readonly ids: string[] = [];
  readonly patientId: string[] = [];
  /** Standard ids by code (a table holds few). */
  private readonly standards: string[] = [];
  /** Index into REQUEST_TYPES. */
  typeCode = new Uint8Array(INITIAL);
  /** Index into the table's standards. */
  standardCode = new Uint16Array(INITIAL);
  urgent = new Uint8Array(INITIAL);
  deadline = new Float64Array(INITIAL);
  standardDeadline = new Float64Array(INITIAL);
  minStart = new Float64Array(INITIAL);
  clockStart = new Float64Array(INITIAL);
  /** The prior clinician (follow-ups), or -1. */
  prior = new Int32Array(INITIAL);
  /** The patient's own clinician for this request (the prior clinician of a follow-up), or -1. */
  own = new Int32Array(INITIAL);
  profile = new Int32Array(INITIAL);
  /** Index into REQUEST_STATES. */
  state = new Uint8Array(INITIAL);
  /** Number of the appointment that currently serves the request, or -1. */
  appointment = new Int32Array(INITIAL);
  /** Index into WAITLIST_REASONS. */
  waitReason = new Uint8Array(INITIAL);
  /** 1 for a request entered by number (see `addNumbered`): its id is not stored. */
  numbered = new Uint8Array(INITIAL);

  /**
   * Makes room for `count` more requests at once. Growing a batch of a million by
   * doubling would allocate and drop twice its size in array buffers, and V8 answers
   * that much external memory with full garbage collections of the whole heap.
   */
  reserve(count: number, options: { ids?: boolean } = {}): void {
    const needed = this.length + count;
    if (needed > this.urgent.length) this.grow(Math.max(needed, this.urgent.length * 2));
    // The string columns too: pushing onto them would copy them over and over, and V8
    // allocates each copy past 128 kB in the old generation, which brings forward a full
    // collection of the whole heap. Setting a length allocates the elements at once; V8
    // keeps such an array fast (not a dictionary) up to tens of millions of elements, so
    // larger reservations are left to grow. Requests to come by number need no ids.
    if (needed <= MAX_PRESIZED) {
      if (needed > this.patientId.length) this.patientId.length = needed;
      if (options.ids !== false && needed > this.ids.length) this.ids.length = needed;
    }
  }

  add(request: RequestInput | Request, derived: DerivedRequest): number {
    return this.addFields(
      request.id,
      request.patientId,
      request.type,
      request.standard,
      request.clockStart,
      derived,
    );
  }

  /**
   * Registers a request entered by number (see `RequestBatch`): its id is made from its
   * number when asked for, and none is stored (a simulated year's millions of them would
   * be a column the garbage collector walks at every full collection).
   */
  addNumbered(
    patientId: string,
    type: RequestType,
    standard: string,
    clockStart: number,
    derived: DerivedRequest,
  ): number {
    return this.addFields(null, patientId, type, standard, clockStart, derived);
  }

  /** Registers a request; a null id marks one entered by number. */
  private addFields(
    id: string | null,
    patientId: string,
    type: RequestType,
    standard: string,
    clockStart: number,
    derived: DerivedRequest,
  ): number {
    if (this.length === this.urgent.length) this.grow(this.urgent.length * 2);
    const q = this.length++;
    // An engine that mixes ids after numbers gets a holey id column: slower, still right.
    if (id === null) this.numbered[q] = 1;
    else {
      this.numbered[q] = 0;
      this.ids[q] = id;
    }
    this.patientId[q] = patientId;
    this.typeCode[q] = REQUEST_TYPES.indexOf(type);
    let code = this.standards.indexOf(standard);
    if (code < 0) code = this.standards.push(standard) - 1;
    this.standardCode[q] = code;
    this.urgent[q] = derived.urgent ? 1 : 0;
    this.deadline[q] = derived.deadline;
    this.standardDeadline[q] = derived.standardDeadline;
    this.minStart[q] = derived.minStart;
    this.clockStart[q] = clockStart;
    this.prior[q] = derived.prior;
    this.own[q] = type === 'followup' ? derived.prior : -1;
    this.profile[q] = derived.profile;
    this.state[q] = PENDING;
    this.appointment[q] = -1;
    this.waitReason[q] = 0;
    return q;
  }

  /** Forgets the requests from number `from` on (a batch that failed validation). */
  truncate(from: number): void {
    this.length = from;
    // Cleared, not shortened: their length may run ahead of the table's (see `reserve`).
    this.ids.fill('', from);
    this.patientId.fill('', from);
  }

  id(q: number): string {
    return this.numbered[q] === 1 ? numberedRequestId(q) : this.ids[q]!;
  }

  /** Whether request q (a registered one) was entered by number (see `addNumbered`). */
  isNumbered(q: number): boolean {
    return q >= 0 && q < this.length && this.numbered[q] === 1;
  }
  type(q: number): RequestType {
    return REQUEST_TYPES[this.typeCode[q]!]!;
  }
  standard(q: number): string {
    return this.standards[this.standardCode[q]!]!;
  }
  deadlineOf(q: number): Instant {
    return this.deadline[q] as Instant;
  }
  stateOf(q: number): RequestState {
    return REQUEST_STATES[this.state[q]!]!;
  }
  waitlistReason(q: number): WaitlistReason | null {
    return WAITLIST_REASONS[this.waitReason[q]!]!;
  }

  private grow(size: number): void {
    this.urgent = grown(this.urgent, size);
    this.typeCode = grown(this.typeCode, size);
    this.standardCode = grown(this.standardCode, size);
    this.deadline = grown(this.deadline, size);
    this.standardDeadline = grown(this.standardDeadline, size);
    this.minStart = grown(this.minStart, size);
    this.clockStart = grown(this.clockStart, size);
    this.prior = grown(this.prior, size);
    this.own = grown(this.own, size);
    this.profile = grown(this.profile, size);
    this.state = grown(this.state, size);
    this.appointment = grown(this.appointment, size);
    this.waitReason = grown(this.waitReason, size);
    this.numbered = grown(this.numbered, size);
  }
}
