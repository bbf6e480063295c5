/**
 * The create profile on its own: what a booking Appointment is read into, and that each
 * thing it refuses is reported with the element to fix, every problem at once.
 */
import { describe, expect, it } from 'vitest';
import { parseAppointmentCreate } from './appointment-profile.ts';
import { EXTENSIONS } from './booking-extensions.ts';
import { FhirError } from './outcome.ts';

type Json = Record<string, unknown>;

const STANDARD = {
  url: EXTENSIONS.standard,
  valueCoding: { system: 'urn:timely:standard', code: 'nonurgent-nonphysician-mh' },
};
const CLOCK_START = { url: EXTENSIONS.clockStart, valueDateTime: '2026-11-24T10:00:00-08:00' };

function appointment(extra: Json = {}): Json {
  return {
    resourceType: 'Appointment',
    status: 'proposed',
    extension: [STANDARD, CLOCK_START],
    appointmentType: {
      coding: [{ system: 'urn:timely:request-type', code: 'routine-intake' }],
    },
    participant: [{ actor: { reference: 'Patient/p-1' }, status: 'needs-action' }],
    ...extra,
  };
}

/** The issues of a refused Appointment as [code, expression]. */
function refusal(body: unknown): [string, string | undefined][] {
  try {
    parseAppointmentCreate(body);
  } catch (error) {
    if (!(error instanceof FhirError)) throw error;
    expect(error.status).toBe(400);
    return error.issues.map((issue) => [issue.code, issue.expression]);
  }
  throw new Error('expected the Appointment to be refused');
}

describe('Appointment create profile', () => {
  it('reads the least a booking needs', () => {
    expect(parseAppointmentCreate(appointment())).toEqual({
      patientId: 'p-1',
      type: 'routine-intake',
      standard: 'nonurgent-nonphysician-mh',
      clockStart: Date.parse('2026-11-24T18:00:00Z'),
      notBefore: undefined,
      modality: undefined,
      language: undefined,
      priorClinician: undefined,
      slot: undefined,
      elements: {
        patient: 'Appointment.participant[0].actor.reference',
        standard: 'Appointment.extension[0].valueCoding.code',
        clockStart: 'Appointment.extension[1].valueDateTime',
        slot: undefined,
      },
    });
  });

  it('reads every optional part, ignoring id, meta, text and codings of other systems', () => {
    const parsed = parseAppointmentCreate(
      appointment({
        id: 'client-chosen',
        meta: { profile: ['http://example.org/any'] },
        status: 'booked',
        extension: [
          CLOCK_START,
          { url: EXTENSIONS.language, valueCode: 'es' },
          { url: EXTENSIONS.priorPractitioner, valueReference: { reference: 'Practitioner/c-2' } },
          STANDARD,
        ],
        appointmentType: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'FOLLOWUP' },
            { system: 'urn:timely:request-type', code: 'followup', display: 'Follow-up' },
          ],
          text: 'follow-up',
        },
        serviceType: [{ coding: [{ system: 'urn:timely:modality', code: 'video' }] }],
        slot: [{ reference: 'Slot/c-2.20261130T170000Z', type: 'Slot' }],
        requestedPeriod: [{ start: '2026-11-30T00:00:00Z' }],
        participant: [
          { actor: { reference: 'Practitioner/c-2', display: 'Dr C' }, status: 'accepted' },
          { actor: { reference: 'Patient/p-1' }, status: 'accepted', required: 'required' },
        ],
      }),
    );
    expect(parsed).toMatchObject({
      patientId: 'p-1',
      type: 'followup',
      modality: 'video',
      language: 'es',
      priorClinician: 'c-2',
      notBefore: Date.parse('2026-11-30T00:00:00Z'),
      slot: { clinicianId: 'c-2', start: Date.parse('2026-11-30T17:00:00Z') },
      elements: {
        patient: 'Appointment.participant[1].actor.reference',
        standard: 'Appointment.extension[3].valueCoding.code',
        clockStart: 'Appointment.extension[0].valueDateTime',
        slot: 'Appointment.slot[0].reference',
      },
    });
  });

  const cases: [string, unknown, [string, string | undefined][]][] = [
    ['not an object', [], [['structure', undefined]]],
    ['another resource type', { resourceType: 'Patient' }, [['invalid', undefined]]],
    ['no status', appointment({ status: undefined }), [['required', 'Appointment.status']]],
    [
      'a status that is not a request to book',
      appointment({ status: 'cancelled' }),
      [['code-invalid', 'Appointment.status']],
    ],
    [
      'no patient among the participants',
      appointment({
        participant: [{ actor: { reference: 'Practitioner/c-1' }, status: 'accepted' }],
      }),
      [
        ['not-supported', 'Appointment.participant[0].actor.reference'],
        ['required', 'Appointment.participant'],
      ],
    ],
    [
      'a patient reference that is not one',
      appointment({ participant: [{ actor: { reference: 'Patient/' }, status: 'accepted' }] }),
      [
        ['value', 'Appointment.participant[0].actor.reference'],
        ['required', 'Appointment.participant'],
      ],
    ],
    [
      'a participant without a status',
      appointment({ participant: [{ actor: { reference: 'Patient/p-1' } }] }),
      [['required', 'Appointment.participant[0].status']],
    ],
    [
      'a Location participant',
      appointment({
        participant: [
          { actor: { reference: 'Patient/p-1' }, status: 'accepted' },
          { actor: { reference: 'Location/room-1' }, status: 'accepted' },
        ],
      }),
      [['not-supported', 'Appointment.participant[1].actor.reference']],
    ],
    [
      "a practitioner other than the slot's",
      appointment({
        slot: [{ reference: 'Slot/c-1.20261130T170000Z' }],
        participant: [
          { actor: { reference: 'Patient/p-1' }, status: 'accepted' },
          { actor: { reference: 'Practitioner/c-2' }, status: 'accepted' },
        ],
      }),
      [['value', 'Appointment.participant[1].actor.reference']],
    ],
    [
      'no request type',
      appointment({ appointmentType: undefined }),
      [['required', 'Appointment.appointmentType']],
    ],
    [
      'a request type Timely does not know',
      appointment({
        appointmentType: { coding: [{ system: 'urn:timely:request-type', code: 'walk-in' }] },
      }),
      [['code-invalid', 'Appointment.appointmentType.coding[0].code']],
    ],
    [
      'no standard and no clock start',
      appointment({ extension: undefined }),
      [
        ['required', 'Appointment.extension'],
        ['required', 'Appointment.extension'],
      ],
    ],
    [
      'an unknown standard',
      appointment({
        extension: [
          { ...STANDARD, valueCoding: { system: 'urn:timely:standard', code: 'soon' } },
          CLOCK_START,
        ],
      }),
      [['code-invalid', 'Appointment.extension[0].valueCoding.code']],
    ],
    [
      'a clock start without an offset',
      appointment({
        extension: [STANDARD, { url: EXTENSIONS.clockStart, valueDateTime: '2026-11-24T10:00:00' }],
      }),
      [['value', 'Appointment.extension[1].valueDateTime']],
    ],
    [
      'a clock start on a day that does not exist',
      appointment({
        extension: [
          STANDARD,
          { url: EXTENSIONS.clockStart, valueDateTime: '2026-02-30T10:00:00Z' },
        ],
      }),
      [['value', 'Appointment.extension[1].valueDateTime']],
    ],
    [
      'an unknown extension, and one Timely only answers with',
      appointment({
        extension: [
          STANDARD,
          CLOCK_START,
          { url: 'http://example.org/x', valueString: 'x' },
          { url: EXTENSIONS.deadline, valueDateTime: '2026-12-10T23:59:59-08:00' },
        ],
      }),
      [
        ['not-supported', 'Appointment.extension[2]'],
        ['not-supported', 'Appointment.extension[3]'],
      ],
    ],
    [
      'a modality Timely does not offer',
      appointment({
        serviceType: [{ coding: [{ system: 'urn:timely:modality', code: 'phone' }] }],
      }),
      [['code-invalid', 'Appointment.serviceType[0].coding[0].code']],
    ],
    [
      'a slot reference that is not a Timely Slot',
      appointment({ slot: [{ reference: 'Slot/tomorrow' }] }),
      [['value', 'Appointment.slot[0].reference']],
    ],
    [
      'two slots',
      appointment({
        slot: [
          { reference: 'Slot/c-1.20261130T170000Z' },
          { reference: 'Slot/c-1.20261130T180000Z' },
        ],
      }),
      [['not-supported', 'Appointment.slot[1]']],
    ],
    [
      'a requested period with an end',
      appointment({
        requestedPeriod: [{ start: '2026-11-30T00:00:00Z', end: '2026-12-30T00:00:00Z' }],
      }),
      [['not-supported', 'Appointment.requestedPeriod[0].end']],
    ],
    [
      'a start time, a comment and a modifier extension',
      appointment({
        start: '2026-11-30T17:00:00Z',
        comment: 'please call first',
        modifierExtension: [{ url: 'http://example.org/m', valueBoolean: true }],
      }),
      [
        ['not-supported', 'Appointment.start'],
        ['not-supported', 'Appointment.comment'],
        ['not-supported', 'Appointment.modifierExtension'],
      ],
    ],
    [
      'an extension of a primitive',
      appointment({ _status: { extension: [] } }),
      [['not-supported', 'Appointment.status']],
    ],
  ];

  it.each(cases)('refuses %s, naming the element', (_name, body, expected) => {
    expect(refusal(body)).toEqual(expected);
  });

  it('says what to send instead in each message', () => {
    try {
      parseAppointmentCreate(appointment({ end: '2026-11-30T18:00:00Z' }));
      expect.unreachable();
    } catch (error) {
      expect((error as FhirError).message).toBe(
        'Appointment.end: set by the booking; to choose the time, send one of the Slots in Appointment.slot',
      );
    }
  });
});
