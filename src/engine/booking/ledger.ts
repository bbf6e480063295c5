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
import { type CompiledNetwork, NO_CAP } from './network.ts';

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
  /**
   * Whether any clinician has a caseload cap. Fixed by the network: without caps every
   * clinician always has room, and a search need not read each candidate slot's
   * clinician (a cache miss per candidate) to find that out.
   */
  private readonly anyCaseloadCap: boolean;
  /** Whether any clinician-day has a visit cap (see `addVisit`). Fixed by the network. */
  private readonly anyDayCap: boolean;
  /**
   * `net.clinicianKindPools` in one flat column: the pools of clinician c's slots of a
   * kind are kindPools[kindPoolStart[c * 2 + kind] … kindPoolStart[c * 2 + kind + 1]).
   * Read for every follow-up (`serves`); tens of kilobytes that stay in cache, where the
   * per-clinician arrays are thousands of objects strewn over the heap.
   */
  private readonly kindPoolStart: Int32Array;
  private readonly kindPools: Int32Array;

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
    this.anyCaseloadCap = this.patientBookings.some((pair) => pair !== null);
    this.anyDayCap = net.dayCap.some((cap) => cap !== NO_CAP);
    const lists = net.clinicianKindPools;
    this.kindPoolStart = new Int32Array(lists.length + 1);
    for (let i = 0; i < lists.length; i++) {
      this.kindPoolStart[i + 1] = this.kindPoolStart[i]! + lists[i]!.length;
    }
    this.kindPools = new Int32Array(this.kindPoolStart[lists.length]!);
    for (let i = 0; i < lists.length; i++) this.kindPools.set(lists[i]!, this.kindPoolStart[i]!);
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
  /**
   * The start times `earliestInPools` accepts: [windowStart, windowEnd], the end
   * narrowing to the best start found so far. Kept in fields rather than passed to
   * the per-pool-day search, which V8 does not inline: a time is a double beyond the
   * small-integer range, and each one passed to a call is boxed into a fresh heap
   * number — millions per batch, and the collections they bring.
   */
  private windowStart = 0;
  private windowEnd = 0;
  /** The start of the slot `firstUsable` last returned. */
  private candidateStart = 0;
  /**
   * The slot the last search (`earliestInPools`, `earliestWithClinician`) returned, with
   * its day, start and clinician (-1 when the search did not read it). These are facts of
   * the network, which never change: kept so that choosing and booking that slot need not
   * read them from the slot columns again, a cache miss each per request.
   */
  private foundSlot = -1;
  private foundDay = 0;
  private foundStart = 0;
  private foundClinician = -1;

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
    let best = -1;
    this.windowStart = minStart;
    this.windowEnd = maxStart;
    for (let k = 0; k < pools.length; k++) {
      const p = pools[k]!;
      // Each pool's own earliest slot, no later than the best found so far.
      for (let d = this.openDayFrom(p, firstDay); d <= lastDay; d = this.openDayFrom(p, d + 1)) {
        const s = this.earliestInPoolDay(p, d);
        if (s < 0) continue;
        const start = this.candidateStart;
        // A tie on start time goes to the lower clinician number, which is the lower slot
        // number: slots are numbered clinician by clinician (`CompiledNetwork.slotClinician`), and two
        // pools offering the same clinician at the same time offer the same slot. Most
        // candidates tie (sessions start on a common grid), and comparing slot numbers
        // spares reading each one's clinician, a cache miss.
        if (best >= 0 && start === this.windowEnd && s >= best) break;
        best = s;
        this.windowEnd = start;
        lastDay = d;
        break;
      }
    }
    this.found(best, lastDay, this.windowEnd, -1);
    return best;
  }

  /** Records the slot a search returns (see `foundSlot`). */
  private found(s: number, day: number, start: number, clinician: number): void {
    this.foundSlot = s;
    this.foundDay = day;
    this.foundStart = start;
    this.foundClinician = clinician;
  }

  /** The start of slot s (see `foundSlot`). */
  startOf(s: number): number {
    return s === this.foundSlot ? this.foundStart : this.net.slotStart[s]!;
  }

  /** The clinician of slot s (see `foundSlot`). */
  clinicianOf(s: number): number {
    return s === this.foundSlot && this.foundClinician >= 0
      ? this.foundClinician
      : this.net.slotClinician[s]!;
  }

  /** The horizon day of slot s (see `foundSlot`). */
  private dayOf(s: number): number {
    return s === this.foundSlot ? this.foundDay : this.net.slotDay[s]!;
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

  /** The first usable slot of pool p on day d starting in the search window, or -1. */
  private earliestInPoolDay(p: number, d: number): number {
    const net = this.net;
    const pd = p * net.days + d;
    const lastBucket = net.poolDayBucket[pd + 1]!;
    const first = this.firstBucket[pd]!;
    if (first < lastBucket && net.bucketTime[first]! < this.windowStart) {
      // The window opens after the day's first usable bucket (two searches in three): look
      // from there, and leave the leading buckets, which this search would not use, to be
      // cleared only when it finds nothing here (when the whole day may be exhausted).
      const s = this.firstUsable(this.bucketFrom(first + 1, lastBucket), lastBucket);
      if (s < 0) this.skipExhausted(p, d);
      return s;
    }
    const from = this.skipExhausted(p, d);
    return from < lastBucket ? this.firstUsable(from, lastBucket) : -1;
  }

  /**
   * Moves pool-day (p, d) past its exhausted leading buckets for good (until a release
   * resets them), and marks the day exhausted when none is left. Returns its first bucket.
   */
  private skipExhausted(p: number, d: number): number {
    const net = this.net;
    const pd = p * net.days + d;
    const { bucketStart, poolEntries } = net;
    const { state, bucketHead } = this;
    const lastBucket = net.poolDayBucket[pd + 1]!;
    let first = this.firstBucket[pd]!;
    while (first < lastBucket) {
      const end = bucketStart[first + 1]!;
      let h = bucketHead[first]!;
      while (h < end && state[poolEntries[h]!] !== FREE) h++;
      bucketHead[first] = h;
      if (h < end) break;
      first++;
    }
    this.firstBucket[pd] = first;
    if (first === lastBucket) this.nextOpen[p * (net.days + 1) + d] = d + 1;
    return first;
  }

  /** The first bucket in [b, lastBucket) starting at or after the window's start. */
  private bucketFrom(b: number, lastBucket: number): number {
    const { bucketTime } = this.net;
    const minStart = this.windowStart;
    let lo = b;
    let hi = lastBucket;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bucketTime[mid]! < minStart) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first usable slot in buckets [b, lastBucket) that starts by the window's end, or -1. */
  private firstUsable(b: number, lastBucket: number): number {
    const net = this.net;
    const { bucketStart, bucketTime, poolEntries } = net;
    const { state, bucketHead } = this;
    const maxStart = this.windowEnd;
    for (; b < lastBucket; b++) {
      const time = bucketTime[b]!;
      if (time > maxStart) return -1;
      // A bucket's slots all start at its time: the caller reads it here, not from the slot.
      this.candidateStart = time;
      const end = bucketStart[b + 1]!;
      let h = bucketHead[b]!;
      while (h < end && state[poolEntries[h]!] !== FREE) h++;
      bucketHead[b] = h;
      // Without caseload caps the bucket's first free slot is the one.
      if (h < end && !this.anyCaseloadCap) return poolEntries[h]!;
      for (let i = h; i < end; i++) {
        const s = poolEntries[i]!;
        if (state[s] !== FREE) continue;
        if (!this.hasRoom(net.slotClinician[s]!)) continue;
        return s;
      }
    }
    return -1;
  }

  /**
   * The earliest free slot of one clinician of a kind in [minStart, maxStart], or -1.
   * A clinician's slots are numbered day by day, each day's in start order: the days
   * from minStart's to maxStart's are one run of slot numbers, scanned in one loop (most
   * follow-ups look at a week or two of their own clinician's days, mostly booked), and
   * the first free slot of the kind from minStart on is the one if it starts by maxStart.
   */
  earliestWithClinician(c: number, kind: number, minStart: number, maxStart: number): number {
    const net = this.net;
    const D = net.days;
    const { slotKind, slotStart } = net;
    const state = this.state;
    this.foundSlot = -1;
    if (!this.hasRoom(c)) return -1;
    const firstDay = this.horizonDayOf(minStart);
    const lastDay = Math.min(this.horizonDayOf(maxStart), D - 1);
    if (lastDay < firstDay) return -1;
    const end = net.clinicianDayStart[c * D + lastDay + 1]!;
    for (let s = net.clinicianDayStart[c * D + firstDay]!; s < end; s++) {
      if (state[s] !== FREE || slotKind[s] !== kind) continue;
      const start = slotStart[s]!;
      if (start < minStart) continue;
      if (start > maxStart) return -1;
      // The slot's day from its start (index arithmetic), not from `slotDay` (a cache miss).
      this.found(s, this.horizonDayOf(start), start, c);
      return s;
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
    const { kindPools } = this;
    const end = this.kindPoolStart[c * 2 + kind + 1]!;
    for (let k = this.kindPoolStart[c * 2 + kind]!; k < end; k++) {
      if (membership[kindPools[k]!]) return true;
    }
    return false;
  }

  /**
   * Books a slot for a patient. A new patient (not the clinician's own follow-up patient,
   * and with no other live booking with them) is added to the caseload until their last
   * booking with the clinician is released.
   */
  occupy(s: number, appointment: number, patientId: string, newPatient: boolean): void {
    const c = this.clinicianOf(s);
    this.state[s] = BOOKED;
    this.holder[s] = appointment;
    this.addPatientBooking(c, patientId, newPatient);
    this.addVisit(c * this.net.days + this.dayOf(s));
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
    // Without day caps every cap is NO_CAP: compared without reading it (a cache miss).
    if (count >= (this.anyDayCap ? net.dayCap[cd]! : NO_CAP)) {
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
   * d keeps it right. No entry jumps past a day that points to itself (path halving
   * only jumps past exhausted days, and reopening a day cuts every jump past it), so
   * the walk back stops at the first such day: the entries before it all stop by it.
   * Without that stop every cancellation walked back over all the horizon's days.
   */
  private reopenDay(p: number, d: number): void {
    const base = p * (this.net.days + 1);
    const next = this.nextOpen;
    next[base + d] = d;
    for (let e = d - 1; e >= 0; e--) {
      const target = next[base + e]!;
      if (target === e) break;
      if (target > d) next[base + e] = d;
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
