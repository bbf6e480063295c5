/**
 * The booking engine against a reference written here in the plainest way: a list of
 * every open session slot in time order, scanned from the start for each request, and
 * sets and maps for what is taken, closed and counted. The engine's pools, buckets, head
 * pointers and typed arrays must not change a single result: on generated networks
 * (with visit caps, caseload caps, time off, holidays and external providers) both give
 * every request the same kind of outcome, the same clinician or provider and the same
 * start — after placing a batch, after re-booking around unavailability, after
 * cancellations, after the unavailability is restored, and for a batch placed after that.
 *
 * The reference implements the policy as issue 3 and `policy.ts` state it (defaults):
 * 1. urgent first, then earliest deadline, then earliest clock start, then batch order;
 * 2. a follow-up stays with the patient's own clinician when that clinician fits the
 *    request (rule 3: language, modality, place) and has a free slot of the right kind
 *    inside the deadline; continuity is for follow-ups only ("Follow-ups stay with…");
 * 3. otherwise the earliest slot that fits (discipline, language, modality and place;
 *    day cap; caseload cap for a new patient), ties going to the clinician listed first;
 * 4. if it meets the deadline, book it; else refer out to the earliest external visit
 *    that comes before it (09:00 on a business day after the lead time, within weekly
 *    capacity); else book it late; else wait — 'no-fitting-clinician' when no clinician
 *    in the network fits at all, else 'no-capacity-in-horizon'.
 * 5. re-booking closes the clinicians' slots that overlap the unavailability, releases
 *    the live appointments in them that start at or after `now`, and re-places those in
 *    priority order, the same clinician first (inside the deadline), then as in 3–4;
 *    appointments of those clinicians on the days the unavailability touches are kept;
 *    slots the release brought back under a day cap are then offered to the waitlist;
 * 6. a freed or reopened slot is offered, earliest first, to the first waiting request
 *    (in priority order) that fits it.
 * A caseload cap counts patients, not visits: a follow-up with the own clinician, or a
 * patient who already has a live booking with the clinician, adds no one; any other
 * booking adds its patient until their last live booking with the clinician is released.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type DayNumber, instantAtLocal, isoWeekdayOf } from '../time.ts';
import {
  caseArbitrary,
  type GeneratedCase,
  type UnavailabilityCase,
  unavailabilityArbitrary,
} from './arbitraries.ts';
import { BookingEngine } from './engine.ts';
import { appointmentOf, minutesOfClock, NetworkFacts, type PlainRequest } from './oracle.ts';
import type { Appointment, Outcome } from './outcomes.ts';

interface RefSlot {
  readonly clinicianId: string;
  readonly rank: number;
  readonly day: DayNumber;
  readonly start: number;
  readonly end: number;
  readonly kind: 'intake' | 'followup';
}

type Reason = 'no-fitting-clinician' | 'no-capacity-in-horizon';

type RefOutcome =
  | { kind: 'booked'; clinicianId: string; start: number }
  | { kind: 'referred'; providerId: string; start: number }
  | { kind: 'waitlisted'; reason: Reason };

interface RefAppointment {
  readonly request: Req;
  readonly slot: RefSlot | null;
  readonly providerId: string | null;
  readonly week: number;
  readonly start: number;
  live: boolean;
}

interface Req extends PlainRequest {
  readonly seq: number;
  current: RefAppointment | null;
  waiting: Reason | null;
  cancelled: boolean;
}

type RebookResult =
  | 'kept'
  | 'moved-same-clinician'
  | 'moved-other-clinician'
  | 'referred-out'
  | 'unplaceable';

/** Days past the horizon's end within which external visits are searched (as the engine's index). */
const EXTERNAL_SEARCH_DAYS = 120;

function byPriority(a: Req, b: Req): number {
  return (
    Number(b.urgent) - Number(a.urgent) ||
    a.deadline - b.deadline ||
    a.clockStart - b.clockStart ||
    a.seq - b.seq
  );
}

class ReferenceEngine {
  private readonly slots: RefSlot[] = [];
  private readonly holder = new Map<RefSlot, RefAppointment>();
  private readonly closures = new Map<RefSlot, number>();
  private readonly closureLists: (RefSlot[] | null)[] = [];
  private readonly visits = new Map<string, number>();
  /** Per clinician: live bookings per patient. */
  private readonly bookings = new Map<string, Map<string, number>>();
  /** Per clinician: the patients that count in the caseload (beyond `activePatients`). */
  private readonly caseload = new Map<string, Set<string>>();
  private readonly externalUsed = new Map<string, number>();
  private readonly requests = new Map<string, Req>();
  private waitlist: Req[] = [];

  constructor(private readonly facts: NetworkFacts) {
    const { network } = facts;
    network.clinicians.forEach((c, rank) => {
      if (!c.active) return;
      for (let day = facts.horizonFirst; day <= facts.horizonLast; day = addDays(day, 1)) {
        if (facts.isHoliday(day)) continue;
        const template = facts.templateOn(c.id, day);
        if (!template) continue;
        const weekday = isoWeekdayOf(day);
        for (const s of template.sessions) {
          if (s.weekday !== weekday) continue;
          const from = minutesOfClock(s.start);
          const start = instantAtLocal(day, from, facts.zone);
          const end = instantAtLocal(day, from + s.minutes, facts.zone);
          if (c.timeOff.some((off) => off.from < end && start < off.to)) continue;
          this.slots.push({ clinicianId: c.id, rank, day, start, end, kind: s.kind });
        }
      }
    });
    this.slots.sort((a, b) => a.start - b.start || a.rank - b.rank);
  }

  // --- capacity ---------------------------------------------------------------------

  private visitsOn(clinicianId: string, day: DayNumber): number {
    return this.visits.get(`${clinicianId}|${day}`) ?? 0;
  }

  private underDayCap(slot: RefSlot): boolean {
    return (
      this.visitsOn(slot.clinicianId, slot.day) <
      this.facts.dailyVisitCap(slot.clinicianId, slot.day)
    );
  }

  /** Free: not taken, not closed, and its clinician-day under the day's cap. */
  private isFree(slot: RefSlot): boolean {
    return !this.holder.has(slot) && !this.closures.get(slot) && this.underDayCap(slot);
  }

  private bookingsOf(clinicianId: string): Map<string, number> {
    const map = this.bookings.get(clinicianId) ?? new Map<string, number>();
    this.bookings.set(clinicianId, map);
    return map;
  }

  private caseloadOf(clinicianId: string): Set<string> {
    const set = this.caseload.get(clinicianId) ?? new Set<string>();
    this.caseload.set(clinicianId, set);
    return set;
  }

  /** Whether booking the request with the clinician adds a patient to their caseload. */
  private isNewPatient(r: Req, clinicianId: string): boolean {
    if (r.type === 'followup' && r.priorClinician === clinicianId) return false;
    return !this.bookingsOf(clinicianId).has(r.patientId);
  }

  private caseloadRoom(r: Req, clinicianId: string): boolean {
    const { caseloadCap, activePatients } = this.facts.clinician(clinicianId);
    if (caseloadCap === undefined || !this.isNewPatient(r, clinicianId)) return true;
    return activePatients + this.caseloadOf(clinicianId).size < caseloadCap;
  }

  private usable(slot: RefSlot, r: Req): boolean {
    return this.isFree(slot) && this.caseloadRoom(r, slot.clinicianId);
  }

  private book(slot: RefSlot, r: Req): void {
    const a: RefAppointment = {
      request: r,
      slot,
      providerId: null,
      week: 0,
      start: slot.start,
      live: true,
    };
    if (this.isNewPatient(r, slot.clinicianId)) this.caseloadOf(slot.clinicianId).add(r.patientId);
    const bookings = this.bookingsOf(slot.clinicianId);
    bookings.set(r.patientId, (bookings.get(r.patientId) ?? 0) + 1);
    this.holder.set(slot, a);
    const key = `${slot.clinicianId}|${slot.day}`;
    this.visits.set(key, (this.visits.get(key) ?? 0) + 1);
    r.current = a;
    r.waiting = null;
  }

  /** Releases an appointment; returns the slots that became free (for the waitlist). */
  private release(a: RefAppointment): RefSlot[] {
    a.live = false;
    a.request.current = null;
    if (a.providerId !== null) {
      const key = `${a.providerId}|${a.week}`;
      this.externalUsed.set(key, this.externalUsed.get(key)! - 1);
      return [];
    }
    const slot = a.slot!;
    const wasCapped = !this.underDayCap(slot);
    this.holder.delete(slot);
    const key = `${slot.clinicianId}|${slot.day}`;
    this.visits.set(key, this.visits.get(key)! - 1);
    const bookings = this.bookingsOf(slot.clinicianId);
    const left = bookings.get(a.request.patientId)! - 1;
    if (left > 0) bookings.set(a.request.patientId, left);
    else {
      bookings.delete(a.request.patientId);
      this.caseloadOf(slot.clinicianId).delete(a.request.patientId);
    }
    if (wasCapped && this.underDayCap(slot)) {
      return this.slots.filter(
        (s) => s.clinicianId === slot.clinicianId && s.day === slot.day && this.isFree(s),
      );
    }
    return this.isFree(slot) ? [slot] : [];
  }

  // --- placing ----------------------------------------------------------------------

  /** The earliest external visit at or after minStart and before `before`, or null. */
  private externalOption(
    r: Req,
    minStart: number,
    before: number,
  ): { providerId: string; start: number; week: number } | null {
    const { facts } = this;
    let best: { providerId: string; start: number; week: number } | null = null;
    const firstDay = facts.local(minStart).day;
    const lastDay = addDays(facts.horizonLast, EXTERNAL_SEARCH_DAYS);
    for (const p of facts.network.externalProviders) {
      if (!facts.externalFits(r, p.id)) continue;
      for (let day = addDays(firstDay, p.leadDays); day <= lastDay; day = addDays(day, 1)) {
        if (!facts.calendar.isBusinessDay(day)) continue;
        const start = instantAtLocal(day, 9 * 60, facts.zone);
        if (start < minStart) continue;
        if (start >= before || (best && start >= best.start)) break;
        const week = day - (isoWeekdayOf(day) - 1);
        if ((this.externalUsed.get(`${p.id}|${week}`) ?? 0) >= p.weeklyCapacity) continue;
        best = { providerId: p.id, start, week };
        break;
      }
    }
    return best;
  }

  private wait(r: Req, reason: Reason): void {
    r.current = null;
    r.waiting = reason;
    this.waitlist.push(r);
    this.waitlist.sort(byPriority);
  }

  /** Places one request by the policy; `prefer` is the clinician of a re-booked appointment. */
  private placeOne(r: Req, now: number, prefer?: string): void {
    const { facts } = this;
    const kind = facts.slotKindFor(r);
    const minStart = Math.max(r.minStart, now);
    const prior = r.priorClinician;
    const own =
      prefer ??
      (r.type === 'followup' && prior !== undefined && facts.clinicianFits(r, prior)
        ? prior
        : undefined);
    if (own !== undefined) {
      const slot = this.slots.find(
        (s) =>
          s.clinicianId === own &&
          s.kind === kind &&
          s.start >= minStart &&
          s.start <= r.deadline &&
          this.usable(s, r),
      );
      if (slot) {
        this.book(slot, r);
        return;
      }
    }
    const earliest = this.slots.find(
      (s) =>
        s.kind === kind &&
        s.start >= minStart &&
        facts.clinicianFits(r, s.clinicianId) &&
        this.usable(s, r),
    );
    if (earliest && earliest.start <= r.deadline) {
      this.book(earliest, r);
      return;
    }
    const option = this.externalOption(r, minStart, earliest?.start ?? Number.POSITIVE_INFINITY);
    if (option) {
      const key = `${option.providerId}|${option.week}`;
      this.externalUsed.set(key, (this.externalUsed.get(key) ?? 0) + 1);
      r.current = { request: r, slot: null, ...option, live: true };
      r.waiting = null;
      return;
    }
    if (earliest) {
      this.book(earliest, r);
      return;
    }
    const anyoneFits = facts.network.clinicians.some((c) => facts.clinicianFits(r, c.id));
    this.wait(r, anyoneFits ? 'no-capacity-in-horizon' : 'no-fitting-clinician');
  }

  /** Offers slots, earliest first, each to the first waiting request that fits it. */
  private offer(slots: readonly RefSlot[], now: number): string[] {
    const offered: string[] = [];
    const sorted = [...slots].sort((a, b) => a.start - b.start || a.rank - b.rank);
    for (const slot of sorted) {
      const r = this.waitlist.find(
        (w) =>
          this.usable(slot, w) &&
          slot.kind === this.facts.slotKindFor(w) &&
          slot.start >= Math.max(w.minStart, now) &&
          this.facts.clinicianFits(w, slot.clinicianId),
      );
      if (!r) continue;
      this.waitlist = this.waitlist.filter((w) => w !== r);
      this.book(slot, r);
      offered.push(r.id);
    }
    return offered;
  }

  place(batch: readonly PlainRequest[], now = Number.NEGATIVE_INFINITY): void {
    const records = batch.map(
      (r, i): Req => ({
        ...r,
        seq: this.requests.size + i,
        current: null,
        waiting: null,
        cancelled: false,
      }),
    );
    for (const r of records) this.requests.set(r.id, r);
    for (const r of [...records].sort(byPriority)) this.placeOne(r, now);
  }

  rebook(
    unavailability: readonly { clinicianId: string; from: number; to: number }[],
    now: number,
  ): { requestId: string; result: RebookResult; next: RefOutcome | null }[] {
    const closed: RefSlot[] = [];
    const affected = new Set<RefAppointment>();
    const kept = new Set<RefAppointment>();
    for (const u of unavailability) {
      const firstDay = this.facts.local(u.from).day;
      const lastDay = this.facts.local(u.to - 1).day;
      for (const slot of this.slots) {
        if (slot.clinicianId !== u.clinicianId) continue;
        const a = this.holder.get(slot);
        const live = a !== undefined && slot.start >= now;
        if (slot.start < u.to && u.from < slot.end) {
          this.closures.set(slot, (this.closures.get(slot) ?? 0) + 1);
          closed.push(slot);
          if (live) affected.add(a);
        } else if (live && firstDay <= slot.day && slot.day <= lastDay) {
          kept.add(a);
        }
      }
    }
    this.closureLists.push(closed);
    const freed: RefSlot[] = [];
    for (const a of affected) freed.push(...this.release(a));
    const entries: { requestId: string; result: RebookResult; next: RefOutcome | null }[] = [];
    for (const a of [...affected].sort((x, y) => byPriority(x.request, y.request))) {
      const r = a.request;
      this.placeOne(r, now, a.slot!.clinicianId);
      const next = this.outcome(r.id);
      const result: RebookResult =
        next.kind === 'waitlisted'
          ? 'unplaceable'
          : next.kind === 'referred'
            ? 'referred-out'
            : next.clinicianId === a.slot!.clinicianId
              ? 'moved-same-clinician'
              : 'moved-other-clinician';
      entries.push({ requestId: r.id, result, next: next.kind === 'waitlisted' ? null : next });
    }
    for (const a of kept) {
      if (!affected.has(a)) entries.push({ requestId: a.request.id, result: 'kept', next: null });
    }
    this.offer(freed, now);
    return entries;
  }

  restore(closure: number, now: number): string[] {
    const list = this.closureLists[closure]!;
    this.closureLists[closure] = null;
    const reopened: RefSlot[] = [];
    for (const slot of list) {
      const n = this.closures.get(slot) ?? 0;
      if (n === 0) continue;
      this.closures.set(slot, n - 1);
      if (n - 1 === 0 && this.isFree(slot)) reopened.push(slot);
    }
    return this.offer(
      reopened.filter((s) => s.start >= now),
      now,
    );
  }

  cancel(requestId: string, now: number): string[] {
    const r = this.requests.get(requestId)!;
    const freed = this.release(r.current!);
    r.cancelled = true;
    return this.offer(
      freed.filter((s) => s.start >= now),
      now,
    );
  }

  outcome(requestId: string): RefOutcome {
    const r = this.requests.get(requestId)!;
    const a = r.current;
    if (a === null) return { kind: 'waitlisted', reason: r.waiting ?? 'no-capacity-in-horizon' };
    if (a.providerId !== null)
      return { kind: 'referred', providerId: a.providerId, start: a.start };
    return { kind: 'booked', clinicianId: a.slot!.clinicianId, start: a.start };
  }

  /** Requests that are not cancelled, with their outcome now. */
  outcomes(): Map<string, RefOutcome> {
    const out = new Map<string, RefOutcome>();
    for (const r of this.requests.values()) if (!r.cancelled) out.set(r.id, this.outcome(r.id));
    return out;
  }

  waiting(): string[] {
    return this.waitlist.map((r) => r.id);
  }
}

function summarize(o: Outcome): RefOutcome | string {
  if (o.kind === 'waitlisted') return { kind: 'waitlisted', reason: o.reason };
  const a = appointmentOf(o);
  return a ? summarizeAppointment(a) : o.kind;
}

function summarizeAppointment(a: Appointment): RefOutcome {
  if (a.clinicianId === null)
    return { kind: 'referred', providerId: a.externalProviderId!, start: a.start };
  return { kind: 'booked', clinicianId: a.clinicianId, start: a.start };
}

function expectSameOutcomes(engine: BookingEngine, reference: ReferenceEngine, step: string): void {
  for (const [id, expected] of reference.outcomes()) {
    expect(summarize(engine.outcome(id)), `${step}: request ${id}`).toEqual(expected);
  }
  expect(
    engine.waitlisted().map((w) => w.requestId),
    `${step}: the waitlist`,
  ).toEqual(reference.waiting());
}

interface Scenario {
  readonly c: GeneratedCase;
  /** Where the batch is split in two (both halves placed in turn). */
  readonly split: number;
  /** Whether the second half is placed "now" (at the re-booking's `now`), not before any slot. */
  readonly secondNow: boolean;
  readonly unavailability: UnavailabilityCase['unavailability'];
  readonly now: number;
  /** Picks among the live internal appointments to cancel after re-booking. */
  readonly cancels: readonly number[];
}

const scenario = (options: Parameters<typeof caseArbitrary>[0]): fc.Arbitrary<Scenario> =>
  caseArbitrary(options).chain((c) =>
    fc
      .record({
        c: fc.constant(c),
        split: fc.nat({ max: c.requests.length }),
        secondNow: fc.boolean(),
        unav: unavailabilityArbitrary(c),
        cancels: fc.array(fc.nat(), { maxLength: 3 }),
      })
      .map(({ unav, ...rest }) => ({ ...rest, ...unav })),
  );

/** Places, re-books, cancels and restores in the engine and the reference, comparing after each step. */
function compareScenario({ c, split, secondNow, unavailability, now, cancels }: Scenario): void {
  const facts = new NetworkFacts(c.network);
  const reference = new ReferenceEngine(facts);
  const engine = new BookingEngine(c.network);
  const batches = [c.requests.slice(0, split), c.requests.slice(split)];
  for (const [i, batch] of batches.entries()) {
    const at = i === 1 && secondNow ? now : Number.NEGATIVE_INFINITY;
    reference.place(
      batch.map((r) => facts.plain(r)),
      at,
    );
    const placed = engine.place(batch, { now: at }).outcomes();
    expect(placed.map((o) => o.requestId)).toEqual(batch.map((r) => r.id));
    expectSameOutcomes(engine, reference, `batch ${i + 1}`);
  }

  const expected = reference.rebook(unavailability, now);
  const report = engine.rebook(unavailability, { now });
  expect(
    report.entries.map((e) => ({
      requestId: e.requestId,
      result: e.result,
      next: e.next === null ? null : summarizeAppointment(e.next),
    })),
    're-booking report',
  ).toEqual(expected);
  expectSameOutcomes(engine, reference, 'after re-booking');

  for (const pick of cancels) {
    const live = [...engine.allAppointments()].filter(
      (a) => a.status === 'booked' && a.clinicianId !== null,
    );
    if (live.length === 0) break;
    const a = live[pick % live.length]!;
    const at = a.start - 3_600_000;
    const expectedOffers = reference.cancel(a.requestId, at);
    const { offers } = engine.cancel(a.id, { now: at });
    expect(
      offers.map((o) => o.requestId),
      `offers after cancelling ${a.id}`,
    ).toEqual(expectedOffers);
    expectSameOutcomes(engine, reference, `after cancelling ${a.id}`);
  }

  const expectedOffers = reference.restore(0, now);
  const offers = engine.restore(report.closureId, { now });
  expect(
    offers.map((o) => o.requestId),
    'offers after restoring',
  ).toEqual(expectedOffers);
  expectSameOutcomes(engine, reference, 'after restoring');

  // A last batch searches days whose slots were booked out, then freed by re-booking,
  // cancelling and restoring: the search must find them again.
  const again = c.requests.map((r) => ({ ...r, id: `${r.id}-again` }));
  reference.place(
    again.map((r) => facts.plain(r)),
    now,
  );
  engine.place(again, { now });
  expectSameOutcomes(engine, reference, 'after a batch placed after restoring');
}

function compare(c: GeneratedCase): void {
  const facts = new NetworkFacts(c.network);
  const reference = new ReferenceEngine(facts);
  reference.place(c.requests.map((r) => facts.plain(r)));
  const engine = new BookingEngine(c.network);
  const outcomes = engine.place(c.requests).outcomes();
  const expected = reference.outcomes();
  for (const o of outcomes)
    expect(summarize(o), `request ${o.requestId}`).toEqual(expected.get(o.requestId));
}

/** Shrinking a failure of these big inputs can take long: report what it has by then. */
const LIMIT = { interruptAfterTimeLimit: 10_000 };

describe('the engine agrees with a plain reference', () => {
  it('placing a batch on generated networks with caps, time off, holidays and external providers', () => {
    fc.assert(fc.property(caseArbitrary(), compare), {
      numRuns: 300,
      ...LIMIT,
    });
  });

  it('placing a batch on crowded networks, where caps and capacity run out', () => {
    fc.assert(fc.property(caseArbitrary({ sharedPatients: false, maxClinicians: 3 }), compare), {
      numRuns: 200,
      ...LIMIT,
    });
  });

  it('placing two batches, re-booking around unavailability, cancelling and restoring', () => {
    fc.assert(fc.property(scenario({}), compareScenario), {
      numRuns: 200,
      ...LIMIT,
    });
  });
});
