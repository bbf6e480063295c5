/**
 * Invariants of the booking engine (issue 3, "Invariants"), checked with fast-check on
 * generated networks and requests. Each check recounts from `allAppointments()` and the
 * network input with code of its own (see `oracle.ts`), never from the engine's compiled
 * arrays: no slot used twice, no cap exceeded, nothing in admin time, time off or a
 * holiday, every appointment fits its request, one outcome per request, deadlines
 * judged right, determinism, and re-booking that touches only what it must.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary, type GeneratedCase, unavailabilityArbitrary } from './arbitraries.ts';
import { BookingEngine } from './engine.ts';
import type { RequestInput } from './model.ts';
import { appointmentOf, NetworkFacts, overlaps, type PlainRequest } from './oracle.ts';
import type { Appointment, Outcome } from './outcomes.ts';

/** Runs per property, and a bound on the time spent shrinking a failure of these big inputs. */
const RUNS = { numRuns: 100, interruptAfterTimeLimit: 10_000 };

const LIVE = new Set(['booked', 'completed', 'no-show']);

function live(engine: BookingEngine): Appointment[] {
  return [...engine.allAppointments()].filter((a) => LIVE.has(a.status));
}

/** Monday of the ISO week of a day. */
function isoWeekOf(facts: NetworkFacts, t: number): number {
  const { day, weekday } = facts.local(t);
  return day - (weekday - 1);
}

interface World {
  readonly engine: BookingEngine;
  readonly facts: NetworkFacts;
  readonly requests: ReadonlyMap<string, PlainRequest>;
}

function setUp(c: GeneratedCase): World & { outcomes: Outcome[] } {
  const engine = new BookingEngine(c.network);
  const facts = new NetworkFacts(c.network);
  const placement = engine.place(c.requests);
  const requests = new Map(c.requests.map((r) => [r.id, facts.plain(r)]));
  return { engine, facts, requests, outcomes: placement.outcomes() };
}

/** No two live appointments of one clinician share a moment (half-open intervals). */
function expectNoDoubleBooking(appointments: readonly Appointment[]): void {
  const byClinician = new Map<string, Appointment[]>();
  for (const a of appointments) {
    if (a.clinicianId === null) continue;
    const list = byClinician.get(a.clinicianId) ?? [];
    list.push(a);
    byClinician.set(a.clinicianId, list);
  }
  for (const [clinician, list] of byClinician) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        expect(overlaps(a, b), `${clinician}: ${a.id} and ${b.id} overlap`).toBe(false);
      }
    }
  }
}

/**
 * A clinician's own patients: those who named them as prior clinician in a follow-up.
 * They are among the clinician's active patients already, so they never add to it.
 */
function ownPatients(world: World, clinicianId: string): Set<string> {
  const own = new Set<string>();
  for (const r of world.requests.values()) {
    if (r.type === 'followup' && r.priorClinician === clinicianId) own.add(r.patientId);
  }
  return own;
}

/**
 * Visits per clinician-day within the day's template cap; new patients within the
 * caseload cap. Caseload caps count patients (issue 3: "active-patient cap"): the
 * distinct patients with a live appointment who are not already the clinician's own.
 */
function expectCapsKept(world: World, appointments: readonly Appointment[]): void {
  const { facts, requests } = world;
  const perDay = new Map<string, number>();
  const patients = new Map<string, Set<string>>();
  for (const a of appointments) {
    if (a.clinicianId === null) continue;
    const { day } = facts.local(a.start);
    const key = `${a.clinicianId}|${day}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
    const set = patients.get(a.clinicianId) ?? new Set();
    set.add(requests.get(a.requestId)!.patientId);
    patients.set(a.clinicianId, set);
  }
  for (const [key, visits] of perDay) {
    const [clinician, day] = key.split('|');
    const cap = facts.dailyVisitCap(clinician!, Number(day) as never);
    expect(visits, `${clinician} on day ${day}: ${visits} visits, cap ${cap}`).toBeLessThanOrEqual(
      cap,
    );
  }
  for (const [clinician, seen] of patients) {
    const c = facts.clinician(clinician);
    if (c.caseloadCap === undefined) continue;
    const own = ownPatients(world, clinician);
    const added = [...seen].filter((p) => !own.has(p)).length;
    expect(
      c.activePatients + added,
      `${clinician}: ${c.activePatients} active + ${added} new patients, cap ${c.caseloadCap}`,
    ).toBeLessThanOrEqual(Math.max(c.caseloadCap, c.activePatients));
  }
}

/** Every internal appointment is a template session on an open day, of the kind the request needs. */
function expectInOpenSessions(world: World, appointments: readonly Appointment[]): void {
  const { facts, requests } = world;
  for (const a of appointments) {
    if (a.clinicianId === null) continue;
    const why = facts.whyNotASession(a.clinicianId, a.start, a.end);
    expect(why, `${a.id} with ${a.clinicianId} at ${new Date(a.start).toISOString()}`).toBeNull();
    const r = requests.get(a.requestId)!;
    expect(facts.sessionKind(a.clinicianId, a.start), `${a.id} session kind`).toBe(
      facts.slotKindFor(r),
    );
  }
}

/**
 * Clinicians and external providers fit the request; referrals respect lead time and
 * capacity. `exceptOwnClinician` skips the fit of appointments with the request's own
 * (prior) clinician: the placement property checks those strictly, and the checks after
 * cancelling or re-booking should not fail again for the same reason.
 */
function expectFit(
  world: World,
  appointments: readonly Appointment[],
  options: { exceptOwnClinician?: boolean } = {},
): void {
  const { facts, requests } = world;
  const perWeek = new Map<string, number>();
  for (const a of appointments) {
    const r = requests.get(a.requestId)!;
    expect(a.start, `${a.id} starts before its request allows`).toBeGreaterThanOrEqual(r.minStart);
    if (a.clinicianId !== null) {
      if (options.exceptOwnClinician && a.clinicianId === r.priorClinician) continue;
      const c = facts.clinician(a.clinicianId);
      expect(
        facts.clinicianFits(r, a.clinicianId),
        `${a.id}: ${r.type} in ${r.language}/${r.modality} from ${r.center ?? '-'} ≤${r.maxTravelKm} km ` +
          `(prior ${r.priorClinician ?? '-'}) booked with ${c.id} (${c.discipline}, ${c.languages}, ${c.modalities}, ${c.center})`,
      ).toBe(true);
      continue;
    }
    const providerId = a.externalProviderId!;
    const p = facts.external(providerId);
    expect(facts.externalFits(r, providerId), `${a.id} referred to ${providerId}`).toBe(true);
    const at = facts.local(a.start);
    expect(at.minute, `${a.id}: external visits start at 09:00`).toBe(9 * 60);
    expect(facts.calendar.isBusinessDay(at.day), `${a.id}: external visit on a business day`).toBe(
      true,
    );
    expect(at.day - facts.local(r.minStart).day).toBeGreaterThanOrEqual(p.leadDays);
    expect(a.end - a.start).toBe(p.visitMinutes * 60_000);
    const key = `${providerId}|${isoWeekOf(facts, a.start)}`;
    perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
    expect(perWeek.get(key)!, `${key} over weekly capacity`).toBeLessThanOrEqual(p.weeklyCapacity);
  }
}

/** The evaluation agrees with the rules engine's deadline, and met means start ≤ deadline. */
function expectEvaluation(r: PlainRequest, outcome: Outcome): void {
  if (outcome.kind === 'waitlisted') {
    expect(outcome.evaluation).toMatchObject({
      deadline: r.deadline,
      standardDeadline: r.standardDeadline,
      clockStart: r.clockStart,
      met: null,
      status: 'open',
    });
    return;
  }
  const a = appointmentOf(outcome);
  expect(a, `${r.id} is ${outcome.kind}`).not.toBeNull();
  const met = a!.start <= r.deadline;
  expect(a!.evaluation, `${r.id}: start ≤ deadline is ${met}`).toMatchObject({
    deadline: r.deadline,
    standardDeadline: r.standardDeadline,
    clockStart: r.clockStart,
    met,
    status: met ? 'met' : 'missed',
  });
}

/** Every request has exactly one outcome, consistent with the appointments and the waitlist. */
function expectOneOutcomeEach(
  world: World,
  outcomes: readonly Outcome[],
  appointments: readonly Appointment[],
): void {
  const { engine, requests } = world;
  const waiting = engine.waitlisted().map((w) => w.requestId);
  expect(new Set(waiting).size, 'a request waits twice').toBe(waiting.length);
  const liveByRequest = new Map<string, Appointment[]>();
  for (const a of appointments) {
    const list = liveByRequest.get(a.requestId) ?? [];
    list.push(a);
    liveByRequest.set(a.requestId, list);
  }
  for (const outcome of outcomes) {
    const r = requests.get(outcome.requestId)!;
    const held = liveByRequest.get(outcome.requestId) ?? [];
    expect(['booked', 'referred', 'waitlisted']).toContain(outcome.kind);
    if (outcome.kind === 'waitlisted') {
      expect(held, `${r.id} waits but holds an appointment`).toEqual([]);
      expect(waiting, `${r.id} is reported waitlisted but is not on the waitlist`).toContain(r.id);
    } else {
      const a = appointmentOf(outcome)!;
      expect(held.map((h) => h.id)).toEqual([a.id]);
      expect(outcome.kind === 'referred').toBe(a.clinicianId === null);
      expect(waiting).not.toContain(r.id);
      const continuity =
        r.priorClinician === undefined
          ? 'n/a'
          : a.clinicianId === r.priorClinician
            ? 'kept'
            : 'lost';
      expect(a.continuity, `${r.id} continuity`).toBe(continuity);
    }
    expectEvaluation(r, outcome);
  }
}

function expectAllInvariants(world: World, outcomes: readonly Outcome[]): void {
  const appointments = live(world.engine);
  expectNoDoubleBooking(appointments);
  expectCapsKept(world, appointments);
  expectInOpenSessions(world, appointments);
  expectFit(world, appointments, { exceptOwnClinician: true });
  expectOneOutcomeEach(world, outcomes, appointments);
}

function currentOutcomes(world: World): Outcome[] {
  return [...world.requests.keys()].map((id) => world.engine.outcome(id));
}

describe('placing a batch of requests on a generated network', () => {
  const placed = (check: (world: World & { outcomes: Outcome[] }) => void) => () =>
    fc.assert(
      fc.property(caseArbitrary(), (c) => check(setUp(c))),
      RUNS,
    );

  it(
    'uses no slot twice: no two live appointments of a clinician overlap',
    placed((world) => expectNoDoubleBooking(live(world.engine))),
  );

  it(
    'keeps every daily visit cap and caseload cap',
    placed((world) => expectCapsKept(world, live(world.engine))),
  );

  it(
    'books only template sessions of the needed kind, never in admin time, time off or a holiday',
    placed((world) => expectInOpenSessions(world, live(world.engine))),
  );

  it(
    'books clinicians and external providers that fit the request: discipline, language, modality, place',
    placed((world) => expectFit(world, live(world.engine))),
  );

  it(
    'gives every request exactly one outcome, consistent with the appointments and the waitlist',
    placed((world) => {
      expect(world.outcomes.map((o) => o.requestId)).toEqual([...world.requests.keys()]);
      expectOneOutcomeEach(world, world.outcomes, live(world.engine));
    }),
  );

  it('summarizes exactly the outcomes it reports', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const engine = new BookingEngine(c.network);
        const placement = engine.place(c.requests);
        const outcomes = placement.outcomes();
        const summary = placement.summary();
        const appointments = outcomes.flatMap((o) => appointmentOf(o) ?? []);
        const count = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
        // Nothing is cancelled in a fresh placement (a `cancelled` count, if reported, is 0).
        expect((summary as { cancelled?: number }).cancelled ?? 0).toBe(0);
        expect(summary).toMatchObject({
          requests: c.requests.length,
          booked: count('booked'),
          referred: count('referred'),
          waitlisted: count('waitlisted'),
          met: appointments.filter((a) => a.evaluation.met).length,
          missed: appointments.filter((a) => !a.evaluation.met).length,
          continuityKept: appointments.filter((a) => a.continuity === 'kept').length,
          continuityLost: appointments.filter((a) => a.continuity === 'lost').length,
        });
        outcomes.forEach((o, i) => {
          expect(placement.at(i)).toEqual(o);
          expect(o.requestId).toBe(c.requests[i]!.id);
        });
      }),
      RUNS,
    );
  });

  it('gives the same results for the same input', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const once = new BookingEngine(c.network);
        const twice = new BookingEngine(structuredClone(c.network));
        expect(twice.place(structuredClone(c.requests)).outcomes()).toEqual(
          once.place(c.requests).outcomes(),
        );
        expect([...twice.allAppointments()]).toEqual([...once.allAppointments()]);
        expect(twice.waitlisted()).toEqual(once.waitlisted());
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the batch when no two requests tie on the priority keys', () => {
    // Generated clock starts are distinct, so the registration order (`seq`) breaks no tie.
    fc.assert(
      fc.property(
        caseArbitrary().chain((c) =>
          fc
            .array(fc.nat(), { minLength: c.requests.length, maxLength: c.requests.length })
            .map((keys) => ({ c, keys })),
        ),
        ({ c, keys }) => {
          const shuffled = c.requests
            .map((r, i) => ({ r, k: keys[i]! }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.r);
          const a = new BookingEngine(c.network);
          const b = new BookingEngine(c.network);
          const byId = (outcomes: Outcome[]) =>
            new Map(outcomes.map((o) => [o.requestId, o] as const));
          const inOrder = byId(a.place(c.requests).outcomes());
          const outOfOrder = byId(b.place(shuffled).outcomes());
          for (const r of c.requests) expect(outOfOrder.get(r.id)).toEqual(inOrder.get(r.id));
          expect(b.waitlisted()).toEqual(a.waitlisted());
        },
      ),
      RUNS,
    );
  });

  it('never reports a booking that meets its deadline as missed, nor the reverse', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const { outcomes, requests } = setUp(c);
        for (const o of outcomes) expectEvaluation(requests.get(o.requestId)!, o);
      }),
      RUNS,
    );
  });

  it('serves a higher-priority request no later than a lower-priority one that could use the same slots', () => {
    // What the policy guarantees within a batch: requests are placed one by one in priority
    // order and slots only fill up, so when two requests fit exactly the same slots (same
    // slot kind, disciplines, language, modality, center and radius, no own clinician), the
    // earlier one takes the earliest free slot it may use. A later one can only end up
    // earlier if its slot starts before the earlier request's earliest acceptable start —
    // or if a clinician at their caseload cap could take it only because its patient is
    // already theirs (own, or booked with them for another request).
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const world = setUp(c);
        const { outcomes, requests, facts, engine } = world;
        const appointments = live(engine);
        const alreadyTheirs = (a: Appointment) => {
          if (a.clinicianId === null || facts.clinician(a.clinicianId).caseloadCap === undefined) {
            return false;
          }
          const patient = requests.get(a.requestId)!.patientId;
          const withThem = appointments.filter(
            (b) =>
              b.clinicianId === a.clinicianId && requests.get(b.requestId)!.patientId === patient,
          );
          return withThem.length > 1 || ownPatients(world, a.clinicianId).has(patient);
        };
        const profileOf = (r: PlainRequest) =>
          JSON.stringify([
            facts.slotKindFor(r),
            facts.disciplinesFor(r),
            r.language,
            r.modality,
            r.center,
            r.maxTravelKm,
          ]);
        const rank = (r: PlainRequest) => [r.urgent ? 0 : 1, r.deadline, r.clockStart] as const;
        const before = (a: PlainRequest, b: PlainRequest) => {
          const [x, y] = [rank(a), rank(b)];
          return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
        };
        const entries = outcomes
          .map((o) => ({ o, r: requests.get(o.requestId)! }))
          .filter(({ r }) => r.priorClinician === undefined);
        for (const hi of entries) {
          for (const lo of entries) {
            if (before(hi.r, lo.r) >= 0 || profileOf(hi.r) !== profileOf(lo.r)) continue;
            const loAppointment = lo.o.kind === 'booked' ? appointmentOf(lo.o)! : null;
            if (!loAppointment || loAppointment.start < hi.r.minStart) continue;
            if (alreadyTheirs(loAppointment)) continue;
            const loStart = loAppointment.start;
            const lower = `${lo.r.id} (${lo.r.urgent ? 'urgent' : 'routine'})`;
            expect(hi.o.kind, `${hi.r.id} waits while ${lower} got a slot it could use`).not.toBe(
              'waitlisted',
            );
            if (hi.o.kind === 'booked') {
              expect(
                appointmentOf(hi.o)!.start,
                `${hi.r.id} (${hi.r.urgent ? 'urgent' : 'routine'}) is served after ${lower}`,
              ).toBeLessThanOrEqual(loStart);
            }
          }
        }
      }),
      RUNS,
    );
  });
});

describe('cancelling and rescheduling on a generated network', () => {
  it('keeps every invariant; a cancellation offers only its own slot (or its day-capped ones)', () => {
    fc.assert(
      fc.property(
        caseArbitrary().chain((c) =>
          fc
            .array(fc.record({ pick: fc.nat(), cancel: fc.boolean() }), { maxLength: 8 })
            .map((ops) => ({ c, ops })),
        ),
        ({ c, ops }) => {
          const world = setUp(c);
          const { engine } = world;
          const closed = new Set<string>();
          for (const op of ops) {
            const booked = live(engine).filter((a) => a.status === 'booked');
            if (booked.length === 0) break;
            const a = booked[op.pick % booked.length]!;
            const now = a.start - 60 * 60_000;
            if (op.cancel) {
              const { cancelled, offers } = engine.cancel(a.id, { now });
              expect(cancelled.status).toBe('cancelled');
              closed.add(a.requestId);
              for (const offer of offers) {
                expect(offer.kind).toBe('booked');
                if (offer.kind !== 'booked') continue;
                // The slot itself, or one its clinician's day cap had held back that day.
                const offered = appointmentOf(offer)!;
                expect(offered.clinicianId).toBe(a.clinicianId);
                expect(world.facts.local(offered.start).day).toBe(world.facts.local(a.start).day);
              }
            } else {
              const { previous, outcome } = engine.reschedule(a.id, { now });
              expect(previous.status).toBe('rebooked');
              const next = appointmentOf(outcome);
              if (next) expect(next.replaces).toBe(a.id);
            }
          }
          // A cancelled request is closed: it holds no appointment and does not wait.
          const waiting = new Set(engine.waitlisted().map((w) => w.requestId));
          const holding = new Set(live(engine).map((a) => a.requestId));
          for (const id of closed) {
            expect(waiting.has(id) || holding.has(id), `cancelled ${id} still open`).toBe(false);
          }
          const open = [...world.requests.keys()].filter((id) => !closed.has(id));
          expectAllInvariants(
            world,
            open.map((id) => engine.outcome(id)),
          );
        },
      ),
      RUNS,
    );
  });
});

describe('re-booking around unavailability on a generated network', () => {
  const rebookCase = caseArbitrary().chain((c) =>
    unavailabilityArbitrary(c).map((u) => ({ c, ...u })),
  );

  it('re-places exactly the affected appointments, each once, and touches nothing else', () => {
    fc.assert(
      fc.property(rebookCase, ({ c, unavailability, now }) => {
        const world = setUp(c);
        const { engine, requests } = world;
        const before = structuredClone([...engine.allAppointments()]);
        const report = engine.rebook(unavailability, { now });
        const after = new Map([...engine.allAppointments()].map((a) => [a.id, a]));

        const affected = before.filter(
          (a) =>
            a.status === 'booked' &&
            a.clinicianId !== null &&
            a.start >= now &&
            unavailability.some(
              (u) => u.clinicianId === a.clinicianId && overlaps(a, { start: u.from, end: u.to }),
            ),
        );
        const moved = report.entries.filter((e) => e.result !== 'kept');
        expect(moved.map((e) => e.appointmentId).sort()).toEqual(affected.map((a) => a.id).sort());
        expect(new Set(report.entries.map((e) => e.appointmentId)).size).toBe(
          report.entries.length,
        );
        expect(report.totals.affected).toBe(affected.length);
        for (const result of [
          'kept',
          'moved-same-clinician',
          'moved-other-clinician',
          'referred-out',
          'unplaceable',
        ] as const) {
          expect(report.totals[result]).toBe(
            report.entries.filter((e) => e.result === result).length,
          );
        }

        // Untouched: every appointment that was not affected is exactly as it was.
        const affectedIds = new Set(affected.map((a) => a.id));
        for (const a of before) {
          if (!affectedIds.has(a.id)) expect(after.get(a.id)).toEqual(a);
          else expect(after.get(a.id)!.status).toBe('rebooked');
        }

        // Each entry agrees with its request's outcome now.
        for (const e of moved) {
          const previous = before.find((a) => a.id === e.appointmentId)!;
          expect(e.previous).toEqual({ clinicianId: previous.clinicianId, start: previous.start });
          const outcome = engine.outcome(e.requestId);
          const expected = {
            unplaceable: 'waitlisted',
            'referred-out': 'referred',
            'moved-same-clinician': 'booked',
            'moved-other-clinician': 'booked',
          }[e.result as Exclude<typeof e.result, 'kept'>];
          expect(outcome.kind, `${e.appointmentId} reported ${e.result}`).toBe(expected);
          if (outcome.kind === 'waitlisted') {
            expect(e.next).toBeNull();
            continue;
          }
          const next = appointmentOf(outcome)!;
          expect(e.next).toEqual(next);
          expect(next.replaces).toBe(e.appointmentId);
          expect(e.evaluation).toEqual(next.evaluation);
          if (e.result === 'moved-same-clinician') {
            expect(next.clinicianId).toBe(previous.clinicianId);
          }
          if (e.result === 'moved-other-clinician') {
            expect(next.clinicianId).not.toBe(previous.clinicianId);
            expect(next.clinicianId).not.toBeNull();
          }
          expect(next.start).toBeGreaterThanOrEqual(now);
        }
        for (const e of report.entries.filter((x) => x.result === 'kept')) {
          expect(affectedIds.has(e.appointmentId)).toBe(false);
          expect(after.get(e.appointmentId)!.status).toBe('booked');
        }

        // Urgent requests are re-placed first, then by deadline and clock start.
        const ranks = moved.map((e) => {
          const r = requests.get(e.requestId)!;
          return [r.urgent ? 0 : 1, r.deadline, r.clockStart] as const;
        });
        for (let i = 1; i < ranks.length; i++) {
          const [p, q] = [ranks[i - 1]!, ranks[i]!];
          expect(
            p[0] - q[0] || p[1] - q[1] || p[2] - q[2],
            'entries out of priority order',
          ).toBeLessThanOrEqual(0);
        }

        // Nothing is placed inside the unavailability.
        for (const a of live(engine)) {
          if (a.clinicianId === null || a.start < now) continue;
          for (const u of unavailability) {
            if (u.clinicianId !== a.clinicianId) continue;
            expect(overlaps(a, { start: u.from, end: u.to }), `${a.id} inside ${u.reason}`).toBe(
              false,
            );
          }
        }

        expectAllInvariants(world, currentOutcomes(world));
      }),
      RUNS,
    );
  });

  it('keeps every invariant after the unavailability is restored', () => {
    fc.assert(
      fc.property(rebookCase, ({ c, unavailability, now }) => {
        const world = setUp(c);
        const report = world.engine.rebook(unavailability, { now });
        const waitingBefore = world.engine.waitlisted().map((w) => w.requestId);
        const offers = world.engine.restore(report.closureId, { now });
        for (const o of offers) {
          expect(waitingBefore).toContain(o.requestId);
          expect(o.kind).toBe('booked');
        }
        expectAllInvariants(world, currentOutcomes(world));
        expect(() => world.engine.restore(report.closureId, { now })).toThrow(/unknown/);
      }),
      RUNS,
    );
  });

  it('gives the same report for the same input', () => {
    fc.assert(
      fc.property(rebookCase, ({ c, unavailability, now }) => {
        const run = () => {
          const engine = new BookingEngine(c.network);
          engine.place(c.requests as RequestInput[]);
          const report = engine.rebook(unavailability, { now });
          return {
            report,
            appointments: [...engine.allAppointments()],
            waiting: engine.waitlisted(),
          };
        };
        expect(run()).toEqual(run());
      }),
      { ...RUNS, numRuns: 50 },
    );
  });
});

describe('the generated cases', () => {
  it('exercise every outcome, reason and cap the invariants are about', () => {
    // A fixed seed: this guards the generators' reach, not the engine.
    const seen = new Map<string, number>();
    const see = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    for (const c of fc.sample(caseArbitrary(), { numRuns: 150, seed: 20261126 })) {
      const { engine, facts, outcomes } = setUp(c);
      for (const o of outcomes) {
        see(o.kind === 'waitlisted' ? `waitlisted: ${o.reason}` : o.kind);
        const a = appointmentOf(o);
        if (!a) continue;
        see(a.evaluation.met ? 'met' : 'missed');
        see(`continuity ${a.continuity}`);
      }
      for (const clinician of c.network.clinicians) {
        const { caseload, visitsByDay } = engine.load(clinician.id);
        if (clinician.caseloadCap !== undefined && caseload >= clinician.caseloadCap)
          see('caseload cap reached');
        visitsByDay.forEach((visits, d) => {
          if (
            visits > 0 &&
            visits >= facts.dailyVisitCap(clinician.id, (facts.horizonFirst + d) as never)
          ) {
            see('day cap reached');
          }
        });
        if (clinician.schedule.length > 1) see('template change');
        if (clinician.timeOff?.length) see('time off');
      }
      for (let d = facts.horizonFirst; d <= facts.horizonLast; d++)
        if (facts.isHoliday(d as never)) see('holiday');
    }
    for (const what of [
      'booked',
      'referred',
      'waitlisted: no-fitting-clinician',
      'waitlisted: no-capacity-in-horizon',
      'met',
      'missed',
      'continuity kept',
      'continuity lost',
      'continuity n/a',
      'caseload cap reached',
      'day cap reached',
      'template change',
      'time off',
      'holiday',
    ]) {
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(10);
    }
  });
});
