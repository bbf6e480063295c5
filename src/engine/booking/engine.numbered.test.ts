/**
 * Requests entered by number (`placeNumbered`, the simulator's way in) are booked exactly
 * as the same requests entered as objects (`place`): same appointments, same waitlist,
 * batch after batch. Their ids are made from their numbers when asked for, answer
 * look-ups like any other id, and cannot be taken by a request entered with an id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimelyError } from '../errors.ts';
import { caseArbitrary } from './arbitraries.ts';
import { BookingEngine } from './engine.ts';
import { DEFAULT_MAX_TRAVEL_KM, type RequestInput } from './model.ts';
import type { Outcome } from './outcomes.ts';
import { numberedRequestId, RequestBatch } from './request-batch.ts';

const RUNS = { numRuns: 60, interruptAfterTimeLimit: 10_000 };

/** The requests as a numbered batch of the engine's network. */
function batchOf(engine: BookingEngine, requests: readonly RequestInput[]): RequestBatch {
  const net = engine.net;
  const batch = new RequestBatch();
  for (const r of requests) {
    batch.add({
      patientId: r.patientId,
      type: r.type,
      standard: r.standard,
      clockStart: r.clockStart,
      notBefore: r.notBefore ?? Number.NaN,
      language: r.language ?? 'en',
      modality: r.modality ?? 'any',
      center: r.center === undefined ? -1 : net.centerIndex.get(r.center)!,
      maxTravelKm: r.maxTravelKm ?? DEFAULT_MAX_TRAVEL_KM,
      priorClinician:
        r.priorClinician === undefined ? -1 : net.clinicianIndex.get(r.priorClinician)!,
      extensionDeadline: r.extension?.deadline ?? Number.NaN,
    });
  }
  return batch;
}

/** An outcome with the request ids (which differ by design) taken out. */
function withoutRequestIds(outcome: Outcome): unknown {
  const { requestId: _id, ...rest } = outcome;
  if ('appointment' in rest) {
    const { requestId: _aid, ...appointment } = rest.appointment;
    return { ...rest, appointment };
  }
  return rest;
}

describe('placeNumbered', () => {
  it('books as place books the same requests, batch after batch', () => {
    fc.assert(
      fc.property(caseArbitrary(), (c) => {
        const byObject = new BookingEngine(c.network);
        const byNumber = new BookingEngine(c.network);
        const half = Math.floor(c.requests.length / 2);
        const batches = [c.requests.slice(0, half), c.requests.slice(half)];
        let offset = 0;
        for (const [k, requests] of batches.entries()) {
          const now = k === 0 ? undefined : c.requests[0]?.clockStart;
          const a = byObject.place(requests, { now });
          const b = byNumber.placeNumbered(batchOf(byNumber, requests), { now });
          expect(b.summary()).toEqual(a.summary());
          expect(b.outcomes().map(withoutRequestIds)).toEqual(a.outcomes().map(withoutRequestIds));
          for (let i = 0; i < requests.length; i++) {
            const id = numberedRequestId(offset + i);
            expect(b.at(i).requestId).toBe(id);
            expect(byNumber.outcome(id)).toEqual(b.at(i));
          }
          offset += requests.length;
        }
        expect(byNumber.waitlistLength).toBe(byObject.waitlistLength);
      }),
      RUNS,
    );
  });

  it('names requests from their numbers, and an id entered later cannot take one', () => {
    const c = fc.sample(caseArbitrary(), { numRuns: 1, seed: 7 })[0]!;
    const engine = new BookingEngine(c.network);
    const request: RequestInput = {
      id: 'first',
      patientId: 'pat-1',
      type: 'routine-intake',
      standard: 'nonurgent-nonphysician-mh',
      clockStart: Date.UTC(2026, 0, 5, 17),
    };
    engine.placeNumbered(batchOf(engine, [request]));
    expect(engine.outcome(numberedRequestId(0)).requestId).toBe(numberedRequestId(0));
    let error: unknown;
    try {
      engine.place([{ ...request, id: numberedRequestId(0) }]);
    } catch (e) {
      error = e;
    }
    expect(isTimelyError(error) && error.code).toBe('FIELD_INVALID');
    expect(() => engine.outcome(numberedRequestId(1))).toThrow(/unknown/);
    // An id of that form that names no numbered request is anyone's.
    engine.place([{ ...request, id: numberedRequestId(5) }]);
    expect(engine.outcome(numberedRequestId(5)).requestId).toBe(numberedRequestId(5));
  });

  it('refuses a center or clinician number the network does not have', () => {
    const c = fc.sample(caseArbitrary(), { numRuns: 1, seed: 3 })[0]!;
    const engine = new BookingEngine(c.network);
    const request: RequestInput = {
      id: 'x',
      patientId: 'pat-1',
      type: 'followup',
      standard: 'followup-nonphysician-mh',
      clockStart: Date.UTC(2026, 0, 5, 17),
    };
    const batch = batchOf(engine, [request]);
    batch.priorClinician[0] = engine.net.clinicianIds.length;
    expect(() => engine.placeNumbered(batch)).toThrow(/priorClinician/);
    expect(engine.placeNumbered(batchOf(engine, [request])).length).toBe(1);
    expect(engine.outcome(numberedRequestId(0)).requestId).toBe(numberedRequestId(0));
  });
});
