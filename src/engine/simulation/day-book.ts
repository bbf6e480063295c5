/**
 * The simulator's appointment book: each simulated day's appointments in booking order,
 * with what the day's loop reads of them copied when they are made. A day's bookings are
 * made over the weeks before it, so their numbers are scattered over the engine's tables:
 * read there on the day, each visit cost a dozen cache misses (appointment, request and
 * slot columns). Copied when made, those reads are sequential (the engine has just
 * written them), and on the day only the appointment's status is looked up.
 *
 * Records live in blocks of a shared arena, each day a chain of blocks; a day's loop
 * may book more appointments on that day (a cancelled slot offered to the waitlist),
 * which join its chain and are reached by the same loop.
 */
import { grown } from '../typed-arrays.ts';

const BLOCK = 256;

export class DayBook {
  /** Per record: booking number, request number, patient. */
  appointment: Int32Array;
  request: Int32Array;
  patient: Int32Array;
  /** Per record: the appointment's start and end, and the request's wait to its start in days. */
  visitStart: Float64Array;
  visitEnd: Float64Array;
  waitDays: Float64Array;
  /** Per record: the clinician's number, or -1 for an external referral. */
  clinician: Int32Array;
  /** Per record: 1 when the appointment starts by the request's deadline. */
  met: Uint8Array;
  /** Per record: the engine's standard and type codes of the request (see `RequestTable`). */
  standardCode: Uint16Array;
  typeCode: Uint8Array;

  /** Per block: records used, and the day's next block (-1: the last). */
  private fill: Int32Array;
  private nextBlock: Int32Array;
  private blocks = 0;
  /** Per day: first and last block (-1: none). */
  private readonly firstBlock: Int32Array;
  private readonly lastBlock: Int32Array;

  constructor(days: number, expectedRecords: number) {
    const blocks = Math.ceil(expectedRecords / BLOCK) + days;
    const n = blocks * BLOCK;
    this.appointment = new Int32Array(n);
    this.request = new Int32Array(n);
    this.patient = new Int32Array(n);
    this.visitStart = new Float64Array(n);
    this.visitEnd = new Float64Array(n);
    this.waitDays = new Float64Array(n);
    this.clinician = new Int32Array(n);
    this.met = new Uint8Array(n);
    this.standardCode = new Uint16Array(n);
    this.typeCode = new Uint8Array(n);
    this.fill = new Int32Array(blocks);
    this.nextBlock = new Int32Array(blocks);
    this.firstBlock = new Int32Array(days).fill(-1);
    this.lastBlock = new Int32Array(days).fill(-1);
  }

  /** A new record at the end of day i's chain; returns its number, for the caller to fill. */
  add(day: number): number {
    let b = this.lastBlock[day]!;
    if (b < 0 || this.fill[b] === BLOCK) {
      const fresh = this.newBlock();
      if (b < 0) this.firstBlock[day] = fresh;
      else this.nextBlock[b] = fresh;
      this.lastBlock[day] = fresh;
      b = fresh;
    }
    return b * BLOCK + this.fill[b]!++;
  }

  /** Day i's first block, or -1. */
  first(day: number): number {
    return this.firstBlock[day]!;
  }

  /** The block after b in its day's chain, or -1. */
  next(b: number): number {
    return this.nextBlock[b]!;
  }

  /** Block b's records are [blockStart(b), blockEnd(b)); the end moves on as the day books more. */
  blockStart(b: number): number {
    return b * BLOCK;
  }

  blockEnd(b: number): number {
    return b * BLOCK + this.fill[b]!;
  }

  private newBlock(): number {
    if (this.blocks === this.fill.length) this.grow(this.blocks * 2);
    const b = this.blocks++;
    this.fill[b] = 0;
    this.nextBlock[b] = -1;
    return b;
  }

  private grow(blocks: number): void {
    const n = blocks * BLOCK;
    this.appointment = grown(this.appointment, n);
    this.request = grown(this.request, n);
    this.patient = grown(this.patient, n);
    this.visitStart = grown(this.visitStart, n);
    this.visitEnd = grown(this.visitEnd, n);
    this.waitDays = grown(this.waitDays, n);
    this.clinician = grown(this.clinician, n);
    this.met = grown(this.met, n);
    this.standardCode = grown(this.standardCode, n);
    this.typeCode = grown(this.typeCode, n);
    this.fill = grown(this.fill, blocks);
    this.nextBlock = grown(this.nextBlock, blocks);
  }
}
