/**
 * Timely's FHIR extensions for booking (https://hl7.org/fhir/R4/extensibility.html): what
 * a booking carries that FHIR R4 has no element for. A client sends the first group on
 * `POST /fhir/Appointment`; every booking answer (201, 202, 409) carries the second.
 *
 * The urls are logical URIs (Extension.url: "a logical name or a URL"), like Timely's
 * code systems (`urn:timely:…`); docs/fhir.md defines each one. Nothing here reads the
 * database.
 */
import type { Extension } from '@medplum/fhirtypes';
import type { SlotOption } from '../../booking/options.ts';
import type { BookingEvaluation } from '../../engine/booking/outcomes.ts';
import type { WaitlistReason } from '../../engine/booking/request-table.ts';
import { SYSTEMS } from './resources.ts';
import { slotId } from './slots.ts';

const BASE = 'urn:timely:fhir:extension:';

export const EXTENSIONS = {
  // Sent by the client.
  /** valueCoding (system urn:timely:standard): the waiting-time standard that applies */
  standard: `${BASE}standard`,
  /** valueDateTime: when the standard's clock starts (the request, or the prior visit) */
  clockStart: `${BASE}clock-start`,
  /** valueCode (BCP 47): the language the visit must be held in */
  language: `${BASE}language`,
  /** valueReference(Practitioner): the patient's own clinician, kept for follow-ups */
  priorPractitioner: `${BASE}prior-practitioner`,
  // Set by Timely.
  /** valueDateTime: the deadline in force (an extension noted in the record included) */
  deadline: `${BASE}deadline`,
  /** complex: whether the booking meets the standard (sub-extensions below) */
  evaluation: `${BASE}evaluation`,
  /** complex, on a 409 OperationOutcome: one option to pick instead (slot, start, …) */
  nextOption: `${BASE}next-option`,
  /** valueCoding (system urn:timely:waitlist-reason), on a waitlisted Appointment */
  waitlistReason: `${BASE}waitlist-reason`,
} as const;

/** The urls a client may send; the others are Timely's answer and refused in a request. */
export const REQUEST_EXTENSIONS: ReadonlySet<string> = new Set([
  EXTENSIONS.standard,
  EXTENSIONS.clockStart,
  EXTENSIONS.language,
  EXTENSIONS.priorPractitioner,
]);

const iso = (ms: number) => new Date(ms).toISOString();

/** What every booking answer carries. */
export interface Judged {
  readonly standard: string;
  readonly deadline: number;
  readonly evaluation: BookingEvaluation;
}

/** The standard, the deadline and the evaluation, in that order. */
export function judgedExtensions(judged: Judged): Extension[] {
  return [
    {
      url: EXTENSIONS.standard,
      valueCoding: { system: SYSTEMS.standard, code: judged.standard },
    },
    { url: EXTENSIONS.deadline, valueDateTime: iso(judged.deadline) },
    evaluationExtension(judged.evaluation),
  ];
}

/**
 * `status` (met | missed | open), `clockStart`, `deadline`, `standardDeadline`, and once
 * there is an appointment `met`, `waitHours` and `waitBusinessDays`.
 */
export function evaluationExtension(e: BookingEvaluation): Extension {
  const extension: Extension[] = [
    { url: 'status', valueCode: e.status },
    { url: 'clockStart', valueDateTime: iso(e.clockStart) },
    { url: 'deadline', valueDateTime: iso(e.deadline) },
    { url: 'standardDeadline', valueDateTime: iso(e.standardDeadline) },
  ];
  if (e.met !== null) extension.push({ url: 'met', valueBoolean: e.met });
  if (e.waitHours !== null) extension.push({ url: 'waitHours', valueDecimal: e.waitHours });
  if (e.waitBusinessDays !== null) {
    extension.push({ url: 'waitBusinessDays', valueDecimal: e.waitBusinessDays });
  }
  return { url: EXTENSIONS.evaluation, extension };
}

/** One option of a refused booking: the Slot to send back, its time, and its evaluation. */
export function nextOptionExtension(option: SlotOption): Extension {
  return {
    url: EXTENSIONS.nextOption,
    extension: [
      { url: 'slot', valueReference: { reference: `Slot/${optionSlotId(option)}` } },
      {
        url: 'practitioner',
        valueReference: { reference: `Practitioner/${option.clinicianId}` },
      },
      { url: 'start', valueDateTime: iso(option.start) },
      { url: 'end', valueDateTime: iso(option.end) },
      {
        url: 'modality',
        valueCoding: { system: SYSTEMS.modality, code: option.modality },
      },
      { ...evaluationExtension(option.evaluation), url: 'evaluation' },
    ],
  };
}

/** The Slot id of an option: the engine places requests at template sessions' starts. */
export function optionSlotId(option: Pick<SlotOption, 'clinicianId' | 'start'>): string {
  return slotId(option.clinicianId, option.start);
}

export function waitlistReasonExtension(reason: WaitlistReason): Extension {
  return {
    url: EXTENSIONS.waitlistReason,
    valueCoding: { system: SYSTEMS.waitlistReason, code: reason },
  };
}
