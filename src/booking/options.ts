/**
 * A request's options as the service reports them: the engine's `options` (its first
 * choice, then what it would choose if that were taken, and so on, with the day caps and
 * the caseload counted as those bookings would count them; nothing is booked), with the
 * clinician's center and the visit's modality added.
 */
import type { BookingEngine } from '../engine/booking/engine.ts';
import type { Modality, RequestInput, SlotKind } from '../engine/booking/model.ts';
import type { BookingEvaluation } from '../engine/booking/outcomes.ts';
import type { WaitlistReason } from '../engine/booking/request-table.ts';
import type { ClinicianFacts } from './network-snapshot.ts';

export interface SlotOption {
  readonly clinicianId: string;
  /** the clinician's medical center (where the appointment row lives) */
  readonly centerId: string;
  readonly start: number;
  readonly end: number;
  readonly modality: Modality;
  readonly kind: SlotKind;
  readonly evaluation: BookingEvaluation;
}

export interface RankedOptions {
  /** The request's own evaluation (deadline, standard) before any booking. */
  readonly evaluation: BookingEvaluation;
  readonly options: readonly SlotOption[];
  /** Why there is no option, when there is none. */
  readonly waitlistReason: WaitlistReason | null;
}

export function rankOptions(
  engine: BookingEngine,
  request: RequestInput,
  clinicians: ReadonlyMap<string, ClinicianFacts>,
  count: number,
  now: number,
): RankedOptions {
  const list = engine.options(request, { now, count });
  const options = list.options.map((o): SlotOption => {
    const facts = clinicians.get(o.clinicianId)!;
    return {
      clinicianId: o.clinicianId,
      centerId: facts.centerId,
      start: o.start,
      end: o.end,
      modality: modalityOf(request, facts),
      kind: o.kind,
      evaluation: o.evaluation,
    };
  });
  return { evaluation: list.evaluation, options, waitlistReason: list.waitlistReason };
}

/**
 * The engine's appointment does not say which of the clinician's pools (in person or
 * video) it came from, so it is worked out here: what the request asked for; for "any",
 * in person when the clinician sees patients in person at the patient's own center,
 * otherwise video when the clinician offers it, otherwise in person (a nearby center).
 */
export function modalityOf(request: RequestInput, facts: ClinicianFacts): Modality {
  if (request.modality === 'in-person' || request.modality === 'video') return request.modality;
  const inPerson = facts.modalities.includes('in-person');
  if (inPerson && request.center === facts.centerId) return 'in-person';
  return facts.modalities.includes('video') ? 'video' : 'in-person';
}
