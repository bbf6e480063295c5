/**
 * A long-lived engine (the booking service's) takes in appointments booked elsewhere as
 * holds, lets them go, and lists a request's options without booking. Checked with
 * fast-check on generated networks and requests, each against an engine that did the
 * same by booking: holds must weigh exactly what the bookings they stand for weighed
 * (slots, day caps, caseload), a released hold must leave nothing behind, and listing
 * options must change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary, type GeneratedCase } from './arbitraries.ts';
import { BookingEngine } from './engine.ts';
import type { HoldInput } from './holds.ts';
import type { RequestInput } from './model.ts';
import { overlaps } from './oracle.ts';
import type { Outcome } from './outcomes.ts';

const RUNS = { numRuns: 60, interruptAfterTimeLimit: 10_000 };
/** Referrals use external capacity that holds do not stand for: internal booking only. */
const POLICY = { referOut: false } as const;

/** What a request got: the clinician and start of its appointment, or how it waits. */
function keyOf(outcome: Outcome): string {
  if (outcome.kind === 'booked' || outcome.kind === 'referred') {
    return `${outcome.appointment.clinicianId}@${outcome.appointment.start}`;
  }
  return outcome.kind === 'waitlisted' ? `waitlisted:${outcome.reason}` : outcome.kind;
}

function split(c: GeneratedCase): { first: RequestInput[]; second: RequestInput[] } {
  const half = Math.floor(c.requests.length / 2);
  return { first: c.requests.slice(0, half), second: c.requests.slice(half) };
}

/** The live internal appointments of an engine, as holds another engine can take in. */
function holdsOf(engine: BookingEngine, requests: readonly RequestInput[]): HoldInput[] {
  const byId = new Map(requests.map((r) => [r.id, r]));
  return [...engine.allAppointments()]
    .filter((a) => a.status === 'booked' && a.clinicianId !== null)
    .map((a) => {
      const request = byId.get(a.requestId)!;
      return {
        id: `elsewhere-${a.id}`,
        clinicianId: a.clinicianId!,
        patientId: a.patientId,
        start: a.start,
        end: a.end,
        ownPatient: request.type === 'followup' && request.priorClinician === a.clinicianId,
      };
    });
}

describe('holds: appointments booked elsewhere', () => {
  it('weigh exactly what the bookings they stand for weighed', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const { first, second } = split(c);
        const booking = new BookingEngine(c.network, { policy: POLICY });
        booking.place(first);
        const holding = new BookingEngine(c.network, { policy: POLICY });
        for (const h of holdsOf(booking, first)) holding.hold(h);
        const expected = booking.place(second).outcomes().map(keyOf);
        const got = holding.place(second).outcomes().map(keyOf);
        expect(got).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('leave nothing behind when released, in any order', () => {
    fc.assert(
      fc.property(
        caseArbitrary().chain((c) =>
          fc.record({
            c: fc.constant(c),
            seed: fc.integer(),
            // Appointments at any minute, not only on slots: an import need not line up.
            shift: fc.integer({ min: -45, max: 45 }),
          }),
        ),
        ({ c, seed, shift }) => {
          const { first, second } = split(c);
          const source = new BookingEngine(c.network, { policy: POLICY });
          source.place(first);
          const holds = holdsOf(source, first).map((h) => ({
            ...h,
            start: h.start + shift * 60_000,
            end: h.end + shift * 60_000,
          }));
          const engine = new BookingEngine(c.network, { policy: POLICY });
          for (const h of holds) engine.hold(h);
          // Holding one again replaces it: it is still counted once.
          for (const h of holds.slice(0, 3)) engine.hold(h);
          expect(engine.holdCount).toBe(holds.length);
          const order = fc.sample(fc.shuffledSubarray(holds, { minLength: holds.length }), {
            seed,
            numRuns: 1,
          })[0]!;
          for (const h of order) expect(engine.releaseHold(h.id)).toBe(true);
          expect(engine.releaseHold('never-held')).toBe(false);
          const fresh = new BookingEngine(c.network, { policy: POLICY });
          expect(engine.place(second).outcomes().map(keyOf)).toEqual(
            fresh.place(second).outcomes().map(keyOf),
          );
        },
      ),
      RUNS,
    );
  });

  it('are never booked over, wherever they fall', () => {
    fc.assert(
      fc.property(caseArbitrary(), fc.integer({ min: -45, max: 45 }), (c, shift) => {
        const { first, second } = split(c);
        const source = new BookingEngine(c.network, { policy: POLICY });
        source.place(first);
        const holds = holdsOf(source, first).map((h) => ({
          ...h,
          start: h.start + shift * 60_000,
          end: h.end + shift * 60_000,
        }));
        const engine = new BookingEngine(c.network, { policy: POLICY });
        for (const h of holds) engine.hold(h);
        engine.place(second);
        for (const a of engine.allAppointments()) {
          if (a.status !== 'booked') continue;
          for (const h of holds) {
            if (h.clinicianId !== a.clinicianId) continue;
            expect(overlaps(a, h), `${a.id} over ${h.id}`).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('refuse what the engine cannot place', () => {
    const engine = new BookingEngine(
      fc.sample(caseArbitrary(), { seed: 1, numRuns: 1 })[0]!.network,
    );
    const good = { id: 'a', clinicianId: 'nobody', patientId: 'p', start: 0, end: 60_000 };
    expect(() => engine.hold(good)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const clinicianId = engine.net.clinicianIds[0]!;
    expect(() => engine.hold({ ...good, clinicianId, end: 0 })).toThrow(
      expect.objectContaining({ code: 'FIELD_INVALID', path: 'end' }),
    );
    expect(() => engine.hold({ ...good, clinicianId, id: '' })).toThrow(
      expect.objectContaining({ code: 'FIELD_INVALID', path: 'id' }),
    );
    expect(engine.holdCount).toBe(0);
  });
});

describe("options: a request's best slots without booking", () => {
  it('are what placing copies of the request one after another would book', () => {
    fc.assert(
      fc.property(caseArbitrary(), fc.integer({ min: 1, max: 4 }), (c, count) => {
        const { first, second } = split(c);
        const listing = new BookingEngine(c.network, { policy: POLICY });
        listing.place(first);
        for (const request of second.slice(0, 3)) {
          // A fresh twin per request: its probes stay booked.
          const probing = new BookingEngine(c.network, { policy: POLICY });
          probing.place(first);
          const list = listing.options(request, { count });
          const expected: string[] = [];
          for (let i = 0; i < count; i++) {
            const outcome = probing.place([{ ...request, id: `${request.id}~${i}` }]).at(0);
            if (outcome.kind !== 'booked') break;
            expected.push(keyOf(outcome));
            expect(list.options[i]?.evaluation).toEqual(outcome.appointment.evaluation);
          }
          expect(list.options.map((o) => `${o.clinicianId}@${o.start}`)).toEqual(expected);
          expect(list.after === null).toBe(expected.length === count);
        }
      }),
      RUNS,
    );
  });

  it('change nothing: the engine places afterwards as if never asked', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const { first, second } = split(c);
        const asked = new BookingEngine(c.network, { policy: POLICY });
        const fresh = new BookingEngine(c.network, { policy: POLICY });
        asked.place(first);
        fresh.place(first);
        for (const request of second) asked.options(request, { count: 3 });
        expect(asked.place(second).outcomes().map(keyOf)).toEqual(
          fresh.place(second).outcomes().map(keyOf),
        );
        expect(asked.appointmentCount).toBe(fresh.appointmentCount);
      }),
      RUNS,
    );
  });

  it('say why a request would wait, and refuse a bad request as placing would', () => {
    const c = fc.sample(caseArbitrary(), { seed: 2, numRuns: 1 })[0]!;
    const engine = new BookingEngine(c.network);
    const request = c.requests[0]!;
    const none = engine.options({ ...request, language: 'tlh' }, { count: 3 });
    expect(none).toMatchObject({ options: [], after: 'waitlist' });
    expect(none.waitlistReason).toBe('no-fitting-clinician');
    expect(none.evaluation.status).toBe('open');
    expect(() => engine.options({ ...request, standard: 'no-such' }, { count: 1 })).toThrow();
    expect(() => engine.options(request, { count: -1 })).toThrow(
      expect.objectContaining({ code: 'FIELD_INVALID', path: 'count' }),
    );
  });
});
