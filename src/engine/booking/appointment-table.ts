/**
 * Every appointment the engine has made, as columns of typed arrays indexed by booking
 * number. A simulated year holds millions of appointments: as objects they would cost
 * the garbage collector more than the booking itself.
 */
import { grown } from '../typed-arrays.ts';
import type { Appointment, AppointmentStatus } from './outcomes.ts';

export const STATUSES: readonly AppointmentStatus[] = [
  'booked',
  'completed',
  'no-show',
  'cancelled',
  'rebooked',
];
export const STATUS_BOOKED = 0;
export const STATUS_COMPLETED = 1;
export const STATUS_NO_SHOW = 2;
export const STATUS_CANCELLED = 3;
export const STATUS_REBOOKED = 4;
export const CONTINUITY: readonly Appointment['continuity'][] = ['n/a', 'kept', 'lost'];

export class AppointmentTable {
  length = 0;
  /** Number of the request it serves (see RequestTable). */
  request = new Int32Array(1024);
  /** Slot number, or -1 for an external referral. */
  slot = new Int32Array(1024);
  /**
   * The slot's clinician, or -1 for an external referral: kept here, beside the other
   * fields of the appointment, because reading it from the network's slot columns is a
   * cache miss for every appointment a client follows.
   */
  clinician = new Int32Array(1024);
  /** External provider number, or -1. */
  provider = new Int32Array(1024);
  /** ISO week of an external appointment (its capacity is counted per week). */
  week = new Int32Array(1024);
  start = new Float64Array(1024);
  end = new Float64Array(1024);
  /** Index into STATUSES. */
  status = new Uint8Array(1024);
  /** 1 when booking it counted a new patient against the clinician's caseload. */
  newPatient = new Uint8Array(1024);
  /** Index into CONTINUITY. */
  continuity = new Uint8Array(1024);
  /** Booking number of the appointment this one replaced, or -1. */
  replaces = new Int32Array(1024);

  add(
    request: number,
    slot: number,
    clinician: number,
    provider: number,
    week: number,
    start: number,
    end: number,
    newPatient: boolean,
    continuity: number,
    replaces: number,
  ): number {
    if (this.length === this.slot.length) this.grow(this.slot.length * 2);
    const n = this.length++;
    this.request[n] = request;
    this.slot[n] = slot;
    this.clinician[n] = clinician;
    this.provider[n] = provider;
    this.week[n] = week;
    this.start[n] = start;
    this.end[n] = end;
    this.status[n] = STATUS_BOOKED;
    this.newPatient[n] = newPatient ? 1 : 0;
    this.continuity[n] = continuity;
    this.replaces[n] = replaces;
    return n;
  }

  /** Makes room for `count` more appointments at once (see `RequestTable.reserve`). */
  reserve(count: number): void {
    const needed = this.length + count;
    if (needed > this.slot.length) this.grow(Math.max(needed, this.slot.length * 2));
  }

  private grow(size: number): void {
    this.request = grown(this.request, size);
    this.slot = grown(this.slot, size);
    this.clinician = grown(this.clinician, size);
    this.provider = grown(this.provider, size);
    this.week = grown(this.week, size);
    this.start = grown(this.start, size);
    this.end = grown(this.end, size);
    this.status = grown(this.status, size);
    this.newPatient = grown(this.newPatient, size);
    this.continuity = grown(this.continuity, size);
    this.replaces = grown(this.replaces, size);
  }
}
