/**
 * What `POST /fhir/Appointment` must carry, read into the booking service's request
 * (docs/fhir.md, "Booking: the create profile"). A create is a booking: the client says
 * who, what kind of request under which standard and since when, and optionally which
 * Slot; the engine decides the rest. So an element Timely would have to ignore is
 * refused rather than dropped (a client must not believe a comment or an end time was
 * kept), and every problem is reported at once, each issue naming its element as a
 * FHIRPath (`Appointment.participant[0].actor.reference`).
 *
 * `id` is ignored, as FHIR R4 requires of a create (http.html#create); `meta`, `text`
 * and `language` describe the resource, not the booking, and are ignored too.
 *
 * Pure: no database, no Fastify. The route looks the patient up and calls the service.
 */
import { REQUEST_TYPES, type RequestType } from '../../engine/booking/model.ts';
import { californiaStandards } from '../../engine/rules/standards.ts';
import { EXTENSIONS, REQUEST_EXTENSIONS } from './booking-extensions.ts';
import { CODING_ELEMENTS, type Json, Reader } from './element-reader.ts';
import { FhirError } from './outcome.ts';
import { SYSTEMS } from './resources.ts';
import { isTimelyId } from './search-params.ts';
import { parseSlotId } from './slots.ts';

/** The statuses a create may ask for: each means "book it". */
export const CREATE_STATUSES = ['proposed', 'pending', 'booked'] as const;

const MODALITY_CODES = ['in-person', 'video'] as const;
const PARTICIPATION_STATUSES = ['accepted', 'tentative', 'needs-action', 'declined'] as const;
const STANDARD_IDS: readonly string[] = californiaStandards.ids();

/** The element each service input was read from, so the service's refusals name it. */
export interface BookingElements {
  readonly patient: string;
  readonly standard: string;
  readonly clockStart: string;
  readonly slot: string | undefined;
}

/** A booking read from an Appointment; times in epoch milliseconds. */
export interface AppointmentBooking {
  readonly patientId: string;
  readonly type: RequestType;
  readonly standard: string;
  readonly clockStart: number;
  readonly notBefore: number | undefined;
  readonly modality: (typeof MODALITY_CODES)[number] | undefined;
  readonly language: string | undefined;
  readonly priorClinician: string | undefined;
  readonly slot: { readonly clinicianId: string; readonly start: number } | undefined;
  readonly elements: BookingElements;
}

const ROOT = 'Appointment';

/** Elements of the profile; `id`, `meta`, `text` and `language` are accepted and ignored. */
const ROOT_ELEMENTS = [
  'resourceType',
  'id',
  'meta',
  'text',
  'language',
  'extension',
  'status',
  'appointmentType',
  'serviceType',
  'slot',
  'requestedPeriod',
  'participant',
];

/** Why a common element is refused (others: "not part of the profile"). */
const REFUSED: Readonly<Record<string, string>> = {
  start: 'set by the booking; to choose the time, send one of the Slots in Appointment.slot',
  end: 'set by the booking; to choose the time, send one of the Slots in Appointment.slot',
  minutesDuration: 'set by the booking (the Slot’s length)',
  modifierExtension: 'no modifier extension is understood, so none can be accepted',
  implicitRules: 'no implicit rules are understood, so none can be accepted',
  contained: 'contained resources are not accepted; refer to stored ones',
};

/**
 * Reads a posted Appointment into a booking. Throws a 400 FhirError listing every
 * problem, each naming its element.
 */
export function parseAppointmentCreate(body: unknown): AppointmentBooking {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FhirError(400, 'structure', 'expected an Appointment resource (a JSON object)');
  }
  if ((body as Json).resourceType !== 'Appointment') {
    throw new FhirError(400, 'invalid', 'expected a resource whose resourceType is Appointment');
  }
  const r = new Reader(REFUSED, 'not part of Timely’s Appointment create profile');
  const root = r.object(body, ROOT, ROOT_ELEMENTS) ?? {};

  if (root.status === undefined) r.fail('required', `${ROOT}.status`, 'required (proposed)');
  else r.code(root.status, `${ROOT}.status`, CREATE_STATUSES);

  const type = readRequestType(r, root.appointmentType);
  const modality = root.serviceType === undefined ? undefined : readModality(r, root.serviceType);
  const slot = root.slot === undefined ? undefined : readSlot(r, root.slot);
  const notBefore =
    root.requestedPeriod === undefined ? undefined : readNotBefore(r, root.requestedPeriod);
  const patient = readParticipants(r, root.participant, slot);
  const extensions = readExtensions(r, root.extension);

  const [first, ...more] = r.issues;
  if (first !== undefined) throw FhirError.of(400, [first, ...more]);
  // Every required part was read, or there would be an issue.
  return {
    patientId: patient!.id,
    type: type!,
    standard: extensions.standard!.value,
    clockStart: extensions.clockStart!.value,
    notBefore,
    modality,
    language: extensions.language?.value,
    priorClinician: extensions.priorClinician?.value,
    slot: slot && { clinicianId: slot.clinicianId, start: slot.start },
    elements: {
      patient: patient!.at,
      standard: extensions.standard!.at,
      clockStart: extensions.clockStart!.at,
      slot: slot?.at,
    },
  };
}

function readRequestType(r: Reader, value: unknown): RequestType | undefined {
  const at = `${ROOT}.appointmentType`;
  const expected = `a coding in ${SYSTEMS.requestType} (${REQUEST_TYPES.join(', ')})`;
  if (value === undefined)
    return r.fail('required', at, `the request type is required: ${expected}`);
  const [coding, second] = r.codings(value, at, SYSTEMS.requestType);
  if (coding === undefined) return r.fail('required', `${at}.coding`, `expected ${expected}`);
  if (second !== undefined) r.fail('value', second.at, 'only one request type');
  return r.code(coding.code, coding.at, REQUEST_TYPES);
}

function readModality(r: Reader, value: unknown): (typeof MODALITY_CODES)[number] | undefined {
  const at = `${ROOT}.serviceType`;
  const concepts = r.array(value, at) ?? [];
  const found: { code: unknown; at: string }[] = [];
  concepts.forEach((concept, index) => {
    const codings = r.codings(concept, `${at}[${index}]`, SYSTEMS.modality);
    if (codings.length === 0) {
      r.fail(
        'not-supported',
        `${at}[${index}]`,
        `Timely books by modality only: a coding in ${SYSTEMS.modality} (in-person or video)`,
      );
    }
    found.push(...codings);
  });
  const [modality, second] = found;
  if (second !== undefined) r.fail('value', second.at, 'only one modality (leave it out for any)');
  return modality && r.code(modality.code, modality.at, MODALITY_CODES);
}

function readSlot(r: Reader, value: unknown) {
  const at = `${ROOT}.slot`;
  const item = r.single(value, at, 'slot');
  if (item === undefined) return undefined;
  const reference = r.reference(item, `${at}[0]`, ['Slot']);
  if (reference === undefined) return undefined;
  const named = parseSlotId(reference.id);
  if (named === undefined || !isTimelyId(named.clinicianId)) {
    return r.fail('value', `${at}[0].reference`, 'not a Timely Slot id ({practitioner}.{start})');
  }
  return { ...named, at: `${at}[0].reference` };
}

function readNotBefore(r: Reader, value: unknown): number | undefined {
  const at = `${ROOT}.requestedPeriod`;
  const item = r.single(value, at, 'requested period');
  if (item === undefined) return undefined;
  const period = r.object(item, `${at}[0]`, ['start'], {
    end: 'the standard’s deadline bounds the booking; only a start (not before) is taken',
  });
  if (period === undefined) return undefined;
  if (period.start === undefined) return r.fail('required', `${at}[0].start`, 'required');
  return r.dateTime(period.start, `${at}[0].start`);
}

function readParticipants(
  r: Reader,
  value: unknown,
  slot: { clinicianId: string; at: string } | undefined,
): { id: string; at: string } | undefined {
  const at = `${ROOT}.participant`;
  if (value === undefined) {
    return r.fail('required', at, 'the patient is required: a participant with actor Patient/{id}');
  }
  const items = r.array(value, at) ?? [];
  let patient: { id: string; at: string } | undefined;
  items.forEach((item, index) => {
    const itemAt = `${at}[${index}]`;
    const participant = r.object(item, itemAt, ['actor', 'status', 'type', 'required']);
    if (participant === undefined) return;
    if (participant.status === undefined) {
      r.fail('required', `${itemAt}.status`, 'required, e.g. accepted');
    } else {
      const status = r.code(participant.status, `${itemAt}.status`, PARTICIPATION_STATUSES);
      if (status === 'declined')
        r.fail('value', `${itemAt}.status`, 'a declined participant cannot be booked');
    }
    if (participant.actor === undefined) {
      r.fail('required', `${itemAt}.actor`, 'expected the patient (or the Slot’s practitioner)');
      return;
    }
    const actorAt = `${itemAt}.actor`;
    const actor = r.reference(participant.actor, actorAt, [
      'Patient',
      'Practitioner',
      'PractitionerRole',
    ]);
    if (actor === undefined) return;
    if (actor.type === 'Patient') {
      if (patient !== undefined)
        r.fail('not-supported', `${actorAt}.reference`, 'only one patient');
      else patient = { id: actor.id, at: `${actorAt}.reference` };
    } else if (slot === undefined) {
      r.fail(
        'not-supported',
        `${actorAt}.reference`,
        'the engine chooses the practitioner; to book one, send one of their Slots in Appointment.slot',
      );
    } else if (actor.id !== slot.clinicianId) {
      r.fail('value', `${actorAt}.reference`, `does not match the practitioner of ${slot.at}`);
    }
  });
  if (patient === undefined && items.length > 0) {
    r.fail('required', at, 'the patient is required: a participant with actor Patient/{id}');
  }
  return patient;
}

interface Read<T> {
  readonly value: T;
  readonly at: string;
}

function readExtensions(r: Reader, value: unknown) {
  const at = `${ROOT}.extension`;
  const found: {
    standard?: Read<string>;
    clockStart?: Read<number>;
    language?: Read<string>;
    priorClinician?: Read<string>;
  } = {};
  const items = value === undefined ? [] : (r.array(value, at) ?? []);
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const itemAt = `${at}[${index}]`;
    const url = (item as Json | null)?.url;
    if (typeof url !== 'string') {
      r.fail('required', `${itemAt}.url`, 'required');
      return;
    }
    if (!REQUEST_EXTENSIONS.has(url)) {
      const known = (Object.values(EXTENSIONS) as string[]).includes(url);
      r.fail(
        'not-supported',
        itemAt,
        known
          ? `${url} is set by Timely in its answers, not sent`
          : `unknown extension ${url} (known: ${[...REQUEST_EXTENSIONS].join(', ')})`,
      );
      return;
    }
    if (seen.has(url)) {
      r.fail('value', itemAt, `${url} is given more than once`);
      return;
    }
    seen.add(url);
    switch (url) {
      case EXTENSIONS.standard: {
        const ext = r.object(item, itemAt, ['url', 'valueCoding']);
        const codingAt = `${itemAt}.valueCoding`;
        const coding = ext && r.object(ext.valueCoding, codingAt, CODING_ELEMENTS);
        if (coding === undefined) return;
        if (coding.system !== SYSTEMS.standard) {
          r.fail('value', `${codingAt}.system`, `expected ${SYSTEMS.standard}`);
        }
        const code = r.code(coding.code, `${codingAt}.code`, STANDARD_IDS);
        if (code !== undefined) found.standard = { value: code, at: `${codingAt}.code` };
        return;
      }
      case EXTENSIONS.clockStart: {
        const ext = r.object(item, itemAt, ['url', 'valueDateTime']);
        const time = ext && r.dateTime(ext.valueDateTime, `${itemAt}.valueDateTime`);
        if (time !== undefined) found.clockStart = { value: time, at: `${itemAt}.valueDateTime` };
        return;
      }
      case EXTENSIONS.language: {
        const ext = r.object(item, itemAt, ['url', 'valueCode']);
        const code = ext && r.string(ext.valueCode, `${itemAt}.valueCode`);
        if (code === undefined) return;
        if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code) || code.length > 16) {
          r.fail(
            'code-invalid',
            `${itemAt}.valueCode`,
            'expected a language tag such as en or es-MX',
          );
          return;
        }
        found.language = { value: code, at: `${itemAt}.valueCode` };
        return;
      }
      case EXTENSIONS.priorPractitioner: {
        const ext = r.object(item, itemAt, ['url', 'valueReference']);
        const ref =
          ext && r.reference(ext.valueReference, `${itemAt}.valueReference`, ['Practitioner']);
        if (ref !== undefined)
          found.priorClinician = { value: ref.id, at: `${itemAt}.valueReference` };
        return;
      }
    }
  });
  // One given with a bad value has its own issue already.
  if (!seen.has(EXTENSIONS.standard)) {
    r.fail('required', at, `the standard is required: extension ${EXTENSIONS.standard}`);
  }
  if (!seen.has(EXTENSIONS.clockStart)) {
    r.fail('required', at, `the clock start is required: extension ${EXTENSIONS.clockStart}`);
  }
  return found;
}
