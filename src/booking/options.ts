/**
 * A request's options, as the booking engine ranks them: its first choice, then what it
 * would choose if that were taken, and so on. The engine answers one placement at a
 * time, so each further option is found by placing a probe copy of the request (same
 * patient, same profile) on the same snapshot engine: the earlier options are then
 * booked and the engine moves on, with the daily visit cap and the caseload cap counted
 * as they would be. The snapshot engine is thrown away afterwards.
 */
import type { BookingEngine } from '../engine/booking/engine.ts';
import type { Modality, RequestInput, SlotKind } from '../engine/booking/model.ts';
import type { BookingEvaluation } from '../engine/booking/outcomes.ts';
import { DEFAULT_POLICY } from '../engine/booking/policy.ts';
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

const PROBE_SEPARATOR = '~option-';

export function rankOptions(
  engine: BookingEngine,
  request: RequestInput,
  clinicians: ReadonlyMap<string, ClinicianFacts>,
  count: number,
  now: number,
): RankedOptions {
  const options: SlotOption[] = [];
  let evaluation: BookingEvaluation | undefined;
  let waitlistReason: WaitlistReason | null = null;
  for (let i = 0; i < count; i++) {
    const probe = i === 0 ? request : { ...request, id: `${request.id}${PROBE_SEPARATOR}${i}` };
    const outcome = engine.place([probe], { now }).at(0);
    if (outcome.kind === 'waitlisted') {
      evaluation ??= outcome.evaluation;
      if (i === 0) waitlistReason = outcome.reason;
      break;
    }
    if (outcome.kind !== 'booked') break; // referrals: the database has no external providers
    const { appointment } = outcome;
    evaluation ??= {
      ...appointment.evaluation,
      met: null,
      waitHours: null,
      waitBusinessDays: null,
      status: 'open',
    };
    const clinicianId = appointment.clinicianId!;
    const facts = clinicians.get(clinicianId)!;
    options.push({
      clinicianId,
      centerId: facts.centerId,
      start: appointment.start,
      end: appointment.end,
      modality: modalityOf(request, facts),
      kind: DEFAULT_POLICY.slotKind[request.type],
      evaluation: appointment.evaluation,
    });
  }
  return { evaluation: evaluation!, options, waitlistReason };
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
