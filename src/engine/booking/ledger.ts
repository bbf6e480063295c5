/**
 * The mutable side of a compiled network: which slots are free, booked or closed,
 * visits per clinician-day, active patients per clinician, and the search over them.
 *
 * Each pool-day keeps a head pointer past its leading slots that can no longer be
 * used (booked, closed or capped); it only moves forward until a slot is released,
 * when it is reset. Each pool also links every exhausted day to a later day that may
 * still have a free slot (a union-find "next open day" with path halving), so a search
 * jumps over the booked-out weeks of a pool in a step or two instead of visiting each
 * day. Searching for the earliest fitting slot therefore reads a few entries per pool
 * instead of scanning every clinician.
 */
import type { CompiledNetwork } from './network.ts';

export const FREE = 0;
export const BOOKED = 1;
/** Closed by unavailability (strike, sickness, departure). */
export const CLOSED = 2;
/** Free, but its clinician has reached the day's visit cap. */
export const CAPPED = 3;
/** Held by an appointment booked elsewhere (another process, an import): see `hold`. */
export const HELD = 4;

export class SlotLedger {
  readonly state: Uint8Array;
  /** Appointment number holding each slot, or -1. */
  readonly holder: Int32Array;
  /** How many unavailabilities close each slot (a slot reopens when the last one ends). */
  readonly closures: Uint8Array;
  /** How many appointments booked elsewhere overlap each slot (see `hold`). */
  readonly holds: Uint16Array;
  readonly dayCount: Uint16Array;
  readonly caseload: Int32Array;
  /** Per bucket: entries before it are known to be unusable. */
  private readonly bucketHead: Int32Array;
  /** Per pool-day: buckets before it are exhausted. */
  private readonly firstBucket: Int32Array;
  /**
   * Per pool, days + 1 entries: nextOpen[p * (days + 1) + d] = d when day d of pool p
   * may have a free slot; otherwise a later day, every day before which (from d) is
   * exhausted. Entry `days` is a sentinel that always points to itself.
   */
  private readonly nextOpen: Int32Array;

  constructor(private readonly net: CompiledNetwork) {
    this.state = new Uint8Array(net.slotCount);
    this.holder = new Int32Array(net.slotCount).fill(-1);
    this.closures = new Uint8Array(net.slotCount);
    this.holds = new Uint16Array(net.slotCount);
    this.dayCount = new Uint16Array(net.clinicianIds.length * net.days);
    this.caseload = Int32Array.from(net.initialCaseload);
    this.bucketHead = net.bucketStart.slice(0, net.bucketStart.length - 1);
    this.firstBucket = net.poolDayBucket.slice(0, net.poolCount * net.days);
    const stride = net.days + 1;
    this.nextOpen = new Int32Array(net.poolCount * stride);
    for (let i = 0; i < this.nextOpen.length; i++) this.nextOpen[i] = i % stride;
    this.patientBookings = Array.from(net.caseloadCap, (cap) =>
      cap < 0x7fffffff ? new Map() : null,
    );
  }

  /** The horizon day on which an instant falls, clamped to [0, days]; `days` means after the horizon. */
  horizonDayOf(t: number): number {
    const { index, horizonOffset, days } = this.net;
    if (t < index.dayStart[horizonOffset]!) return 0;
    const i = index.dayOf(t);
    if (i < 0) return days;
    return Math.min(Math.max(i - horizonOffset, 0), days);
  }

  /**
   * Live bookings per clinician and patient, so a caseload cap counts patients, not
   * visits: a clinician at cap can still see the patients they already have. Kept only
   * for clinicians with a cap (null otherwise): for the others the caseload is a figure
   * for reports, counted per new-patient booking, and a map look-up per booking would
   * cost more than the booking.
   */
  private readonly patientBookings: (Map<string, number> | null)[];
  /** The patient and own clinician of the request being searched for (see `searchFor`). */
  private searchPatient = '';
  private searchOwn = -1;

  /** Sets whose request the next searches are for: caps let a clinician see their own patients. */
  searchFor(patientId: string, ownClinician: number): void {
    this.searchPatient = patientId;
    this.searchOwn = ownClinician;
  }

  /** Whether booking this patient with clinician c adds a patient to c's caseload. */
  isNewPatient(c: number, patientId: string, ownClinician: number): boolean {
    if (c === ownClinician) return false;
    const pair = this.patientBookings[c];
    return pair === null || pair === undefined || (pair.get(patientId) ?? 0) === 0;
  }

  private hasRoom(c: number): boolean {
    if (this.caseload[c]! < this.net.caseloadCap[c]!) return true;
    return !this.isNewPatient(c, this.searchPatient, this.searchOwn);
  }

  /**
   * The earliest slot in the given pools that starts at or after `minStart` (and no
   * later than `maxStart`). Ties on start time go to the lower clinician number, so the
   * result does not depend on the order of `pools`. Returns -1 when there is none.
   */
  earliestInPools(pools: Int32Array, minStart: number, maxStart: number): number {
    const D = this.net.days;
    const firstDay = this.horizonDayOf(minStart);
    let lastDay = Math.min(this.horizonDayOf(maxStart), D - 1);
    const { slotClinician, slotStart } = this.net;
    let best = -1;
    let bestStart = maxStart;
    for (let k = 0; k < pools.length; k++) {
      const p = pools[k]!;
      // Each pool's own earliest slot, no later than the best found so far.
      for (let d = this.openDayFrom(p, firstDay); d <= lastDay; d = this.openDayFrom(p, d + 1)) {
        const s = this.earliestInPoolDay(p, d, minStart, bestStart);
        if (s < 0) continue;
        const start = slotStart[s]!;
        if (best < 0 || start < bestStart || slotClinician[s]! < slotClinician[best]!) {
          best = s;
          bestStart = start;
          lastDay = d;
        }
        break;
      }
    }
    return best;
  }

  /** The first day from d on that pool p may have a free slot (days when none). */
  private openDayFrom(p: number, d: number): number {
    const next = this.nextOpen;
    const base = p * (this.net.days + 1);
    let i = base + d;
    while (next[i]! !== i - base) {
      // Path halving: point each visited day two steps on.
      const j = base + next[i]!;
      next[i] = next[j]!;
      i = j;
    }
    return i - base;
  }

  /** The first usable slot of pool p on day d starting in [minStart, maxStart], or -1. */
  private earliestInPoolDay(p: number, d: number, minStart: number, maxStart: number): number {
    const net = this.net;
    const pd = p * net.days + d;
    const { bucketStart, bucketTime, poolEntries } = net;
    const { state, bucketHead } = this;
    const lastBucket = net.poolDayBucket[pd + 1]!;
    let first = this.firstBucket[pd]!;
    // Skip exhausted leading buckets for good (until a release resets them).
    while (first < lastBucket) {
      const end = bucketStart[first + 1]!;
      let h = bucketHead[first]!;
      while (h < end && state[poolEntries[h]!] !== FREE) h++;
      bucketHead[first] = h;
      if (h < end) break;
      first++;
    }
    this.firstBucket[pd] = first;
    if (first === lastBucket) {
      this.nextOpen[p * (net.days + 1) + d] = d + 1;
      return -1;
    }
    let b = first;
    if (bucketTime[b]! < minStart) {
      let lo = b + 1;
      let hi = lastBucket;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (bucketTime[mid]! < minStart) lo = mid + 1;
        else hi = mid;
      }
      b = lo;
    }
    for (; b < lastBucket; b++) {
      if (bucketTime[b]! > maxStart) return -1;
      const end = bucketStart[b + 1]!;
      let h = bucketHead[b]!;
      while (h < end && state[poolEntries[h]!] !== FREE) h++;
      bucketHead[b] = h;
      for (let i = h; i < end; i++) {
        const s = poolEntries[i]!;
        if (state[s] !== FREE) continue;
        if (!this.hasRoom(net.slotClinician[s]!)) continue;
        return s;
      }
    }
    return -1;
  }

  /** The earliest free slot of one clinician of a kind in [minStart, maxStart], or -1. */
  earliestWithClinician(c: number, kind: number, minStart: number, maxStart: number): number {
    const net = this.net;
    const D = net.days;
    if (!this.hasRoom(c)) return -1;
    const firstDay = this.horizonDayOf(minStart);
    const lastDay = Math.min(this.horizonDayOf(maxStart), D - 1);
    for (let d = firstDay; d <= lastDay; d++) {
      const end = net.clinicianDayStart[c * D + d + 1]!;
      for (let s = net.clinicianDayStart[c * D + d]!; s < end; s++) {
        const start = net.slotStart[s]!;
        if (start > maxStart) return -1;
        if (this.state[s] === FREE && net.slotKind[s] === kind && start >= minStart) return s;
      }
    }
    return -1;
  }

  /** Whether a free slot can take a request needing this kind and pools at or after minStart. */
  fits(s: number, kind: number, membership: Uint8Array, minStart: number): boolean {
    const net = this.net;
    if (this.state[s] !== FREE || net.slotKind[s] !== kind || net.slotStart[s]! < minStart) {
      return false;
    }
    const c = net.slotClinician[s]!;
    return this.hasRoom(c) && this.serves(c, kind, membership);
  }

  /** Whether a clinician's sessions of a kind lie in any pool a request's profile fits. */
  serves(c: number, kind: number, membership: Uint8Array): boolean {
    const pools = this.net.clinicianKindPools[c * 2 + kind]!;
    for (let k = 0; k < pools.length; k++) if (membership[pools[k]!]) return true;
    return false;
  }

  /**
   * Books a slot for a patient. A new patient (not the clinician's own follow-up patient,
   * and with no other live booking with them) is added to the caseload until their last
   * booking with the clinician is released.
   */
  occupy(s: number, appointment: number, patientId: string, newPatient: boolean): void {
    const net = this.net;
    const c = net.slotClinician[s]!;
    this.state[s] = BOOKED;
    this.holder[s] = appointment;
    this.addPatientBooking(c, patientId, newPatient);
    this.addVisit(c * net.days + net.slotDay[s]!);
  }

  /**
   * Counts one more live booking of a patient with clinician c; a new patient joins the
   * caseload (until their last booking with c is released: `removePatientBooking`).
   */
  addPatientBooking(c: number, patientId: string, newPatient: boolean): void {
    const pair = this.patientBookings[c];
    if (pair) {
      // Value: live bookings × 2, plus 1 when the patient counts in the caseload.
      const value = pair.get(patientId) ?? 0;
      const counted = newPatient || (value & 1) === 1;
      if (newPatient && (value & 1) === 0) this.caseload[c]!++;
      pair.set(patientId, ((value >> 1) + 1) * 2 + (counted ? 1 : 0));
    } else if (newPatient) {
      this.caseload[c]!++;
    }
  }

  /** Counts one more visit on clinician-day cd; reaching the cap caps its free slots. */
  addVisit(cd: number): void {
    const net = this.net;
    const count = ++this.dayCount[cd]!;
    if (count >= net.dayCap[cd]!) {
      const end = net.clinicianDayStart[cd + 1]!;
      for (let t = net.clinicianDayStart[cd]!; t < end; t++) {
        if (this.state[t] === FREE) this.state[t] = CAPPED;
      }
    }
  }

  /**
   * A course of treatment ended: the patient leaves the clinician's caseload (and, where
   * bookings are tracked per patient, their remaining bookings no longer count).
   */
  discharge(c: number, patientId: string): void {
    const pair = this.patientBookings[c];
    const value = pair?.get(patientId);
    // A patient counted by a booking stops counting; one who was already in the caseload
    // (an own follow-up patient, or one of the initial active patients) leaves it.
    if (pair && value !== undefined && (value & 1) === 1) pair.set(patientId, value - 1);
    if (this.caseload[c]! > 0) this.caseload[c]!--;
  }

  /**
   * Frees a booked slot. Returns the slots that became usable (the slot itself unless it
   * is closed, and any slots of that clinician-day that were capped), for the waitlist.
   */
  release(s: number, patientId: string, newPatient: boolean): number[] {
    const net = this.net;
    const c = net.slotClinician[s]!;
    this.holder[s] = -1;
    this.removePatientBooking(c, patientId, newPatient);
    const freed: number[] = [];
    this.state[s] = this.closures[s]! > 0 ? CLOSED : this.holds[s]! > 0 ? HELD : FREE;
    if (this.state[s] === FREE) freed.push(s);
    this.removeVisit(c * net.days + net.slotDay[s]!, freed);
    for (const t of freed) this.resetPools(t);
    return freed;
  }

  /** Undoes `addPatientBooking`. */
  removePatientBooking(c: number, patientId: string, newPatient: boolean): void {
    const pair = this.patientBookings[c];
    if (pair) {
      const value = (pair.get(patientId) ?? 2) - 2;
      if (value < 2) {
        pair.delete(patientId);
        if (value === 1) this.caseload[c]!--;
      } else {
        pair.set(patientId, value);
      }
    } else if (newPatient) {
      this.caseload[c]!--;
    }
  }

  /** Undoes `addVisit`: dropping below the cap frees the capped slots (pushed to `freed`). */
  removeVisit(cd: number, freed: number[]): void {
    const net = this.net;
    const count = --this.dayCount[cd]!;
    if (count + 1 >= net.dayCap[cd]! && count < net.dayCap[cd]!) {
      const end = net.clinicianDayStart[cd + 1]!;
      for (let t = net.clinicianDayStart[cd]!; t < end; t++) {
        if (this.state[t] === CAPPED) {
          this.state[t] = FREE;
          freed.push(t);
        }
      }
    }
  }

  /** Holds slot s for an appointment booked elsewhere: no search offers it while held. */
  hold(s: number): void {
    this.holds[s]!++;
    if (this.state[s] === FREE || this.state[s] === CAPPED) this.state[s] = HELD;
  }

  /** Lifts one hold of slot s; returns true when the slot became free. */
  unhold(s: number): boolean {
    if (this.holds[s] === 0) return false;
    this.holds[s]!--;
    if (this.holds[s]! > 0 || this.state[s] !== HELD) return false;
    const net = this.net;
    const cd = net.slotClinician[s]! * net.days + net.slotDay[s]!;
    if (this.closures[s]! > 0) this.state[s] = CLOSED;
    else this.state[s] = this.dayCount[cd]! >= net.dayCap[cd]! ? CAPPED : FREE;
    if (this.state[s] !== FREE) return false;
    this.resetPools(s);
    return true;
  }

  /** Makes slots freed by `removeVisit` searchable again. */
  reset(freed: readonly number[]): void {
    for (const t of freed) this.resetPools(t);
  }

  /** Closes a slot for unavailability; returns the appointment holding it, or -1. */
  close(s: number): number {
    this.closures[s]!++;
    const holder = this.holder[s]!;
    if (this.state[s] !== BOOKED) this.state[s] = CLOSED;
    return holder;
  }

  /** Lifts one closure; returns true when the slot became free. */
  reopen(s: number): boolean {
    if (this.closures[s] === 0) return false;
    this.closures[s]!--;
    if (this.closures[s]! > 0 || this.state[s] !== CLOSED) return false;
    const net = this.net;
    const cd = net.slotClinician[s]! * net.days + net.slotDay[s]!;
    if (this.holds[s]! > 0) this.state[s] = HELD;
    else this.state[s] = this.dayCount[cd]! >= net.dayCap[cd]! ? CAPPED : FREE;
    if (this.state[s] !== FREE) return false;
    this.resetPools(s);
    return true;
  }

  /**
   * Day d of pool p has a free slot again: no earlier day may jump past it. Days
   * between an entry and its target were exhausted when it was set, so pointing it at
   * d keeps it right.
   */
  private reopenDay(p: number, d: number): void {
    const base = p * (this.net.days + 1);
    this.nextOpen[base + d] = d;
    for (let e = d - 1; e >= 0; e--) {
      if (this.nextOpen[base + e]! > d) this.nextOpen[base + e] = d;
    }
  }

  /** A slot became free: the buckets holding it must look at it again. */
  private resetPools(s: number): void {
    const net = this.net;
    const d = net.slotDay[s]!;
    const start = net.slotStart[s]!;
    const pools = net.clinicianKindPools[net.slotClinician[s]! * 2 + net.slotKind[s]!]!;
    for (let k = 0; k < pools.length; k++) {
      const p = pools[k]!;
      const pd = p * net.days + d;
      let lo = net.poolDayBucket[pd]!;
      let hi = net.poolDayBucket[pd + 1]! - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (net.bucketTime[mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      this.bucketHead[lo] = net.bucketStart[lo]!;
      if (this.firstBucket[pd]! > lo) this.firstBucket[pd] = lo;
      this.reopenDay(p, d);
    }
  }
}
