/**
 * `BookingEngine.displace` — the disruption plan's way into the engine — places
 * appointments booked elsewhere exactly as `rebook` re-places the engine's own: on a
 * generated network with generated unavailability, an engine that booked the requests
 * and re-books around the unavailability, and a second engine that only holds the
 * untouched appointments (as the records hand them over), has the time closed as time
 * off and displaces the affected requests, reach the same plan, entry for entry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary, unavailabilityArbitrary } from './arbitraries.ts';
import { BookingEngine } from './engine.ts';
import type { NetworkInput, RequestInput } from './model.ts';
import { overlaps } from './oracle.ts';

// About a quarter of generated cases touch a booked appointment: 300 runs try ~75 plans.
const RUNS = { numRuns: 300, interruptAfterTimeLimit: 15_000 };

describe('displacing appointments booked elsewhere', () => {
  const displaceCase = caseArbitrary().chain((c) =>
    unavailabilityArbitrary(c).map((u) => ({ c, ...u })),
  );

  it('gives the plan re-booking gives, entry for entry, in the same order', () => {
    fc.assert(
      fc.property(displaceCase, ({ c, unavailability, now }) => {
        const own = new BookingEngine(c.network);
        own.place(c.requests);
        const before = [...own.allAppointments()];
        const requestOf = new Map<string, RequestInput>(c.requests.map((r) => [r.id, r]));
        const affected = before.filter(
          (a) =>
            a.status === 'booked' &&
            a.clinicianId !== null &&
            a.start >= now &&
            unavailability.some(
              (u) => u.clinicianId === a.clinicianId && overlaps(a, { start: u.from, end: u.to }),
            ),
        );
        const report = own.rebook(unavailability, { now });
        const expected = report.entries
          .filter((e) => e.result !== 'kept')
          .map((e) => ({
            requestId: e.requestId,
            result: e.result,
            next: e.next && {
              clinicianId: e.next.clinicianId,
              provider: e.next.externalProviderId,
              start: e.next.start,
            },
          }));

        // The same books as records: the time closed as time off, the rest held.
        const network: NetworkInput = {
          ...c.network,
          clinicians: c.network.clinicians.map((clinician) => ({
            ...clinician,
            timeOff: [
              ...(clinician.timeOff ?? []),
              ...unavailability
                .filter((u) => u.clinicianId === clinician.id)
                .map((u) => ({ from: u.from, to: u.to, reason: u.reason })),
            ],
          })),
        };
        const records = new BookingEngine(network);
        const affectedIds = new Set(affected.map((a) => a.id));
        for (const a of before) {
          if (affectedIds.has(a.id) || !(a.status === 'booked' || a.status === 'completed'))
            continue;
          if (a.clinicianId === null) {
            records.holdReferral(a.externalProviderId!, a.start);
            continue;
          }
          const request = requestOf.get(a.requestId)!;
          records.hold({
            id: a.id,
            clinicianId: a.clinicianId,
            patientId: a.patientId,
            start: a.start,
            end: a.end,
            ownPatient: request.type === 'followup' && request.priorClinician === a.clinicianId,
          });
        }
        const displaced = records.displace(
          affected.map((a) => ({
            request: requestOf.get(a.requestId)!,
            clinicianId: a.clinicianId,
          })),
          { now },
        );
        const actual = displaced.entries.map((e) => ({
          requestId: affected[e.index]!.requestId,
          result: e.result,
          next: e.next && {
            clinicianId: e.next.clinicianId,
            provider: e.next.externalProviderId,
            start: e.next.start,
          },
        }));
        expect(actual).toEqual(expected);
        // Each affected appointment is accounted for exactly once.
        expect(new Set(displaced.entries.map((e) => e.index)).size).toBe(affected.length);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same books give the same plan', () => {
    fc.assert(
      fc.property(displaceCase, ({ c, now }) => {
        const run = () => {
          const engine = new BookingEngine(c.network);
          return engine
            .displace(
              c.requests.map((request) => ({ request, clinicianId: null })),
              { now },
            )
            .entries.map((e) => [e.index, e.result, e.next?.clinicianId, e.next?.start]);
        };
        expect(run()).toEqual(run());
      }),
      { ...RUNS, numRuns: 50 },
    );
  });
});
