/**
 * `GET /fhir/metadata`: the CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html).
 * Built from `SEARCH_PARAMETERS`, the same table the searches enforce, so it lists
 * exactly the interactions (read, search-type) and parameters implemented, plus create
 * for Appointment (= book), documented from the constants the create profile enforces
 * (`appointment-profile.ts`, `booking-extensions.ts`).
 */
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceInteraction,
} from '@medplum/fhirtypes';
import packageJson from '../../../package.json' with { type: 'json' };
import { REQUEST_TYPES } from '../../engine/booking/model.ts';
import { MAX_APPOINTMENT_BYTES } from './appointment-create.ts';
import { CREATE_STATUSES } from './appointment-profile.ts';
import { EXTENSIONS } from './booking-extensions.ts';
import { SYSTEMS } from './resources.ts';
import { SEARCH_PARAMETERS } from './search-definitions.ts';
import { DEFAULT_COUNT, MAX_COUNT } from './search-params.ts';

/** When this statement's content last changed (CapabilityStatement.date is required). */
const STATEMENT_DATE = '2026-11-24';

/** What a booking Appointment must carry, and what each answer means (markdown). */
export const APPOINTMENT_CREATE_DOCUMENTATION = [
  'Create books: the request goes through the booking engine and its constraints, as ' +
    '`POST /appointments` does. Send application/fhir+json (or application/json), at most ' +
    `${MAX_APPOINTMENT_BYTES / 1024} KiB, with:`,
  `- \`status\`: ${CREATE_STATUSES.join(', ')} (each means "book it");`,
  '- `participant`: exactly one with `actor.reference` Patient/{id} (and a `status`); a ' +
    "Practitioner/{id} participant only with a slot, and only the slot's practitioner;",
  `- \`appointmentType.coding\`: the request type in ${SYSTEMS.requestType} ` +
    `(${REQUEST_TYPES.join(', ')});`,
  `- extension ${EXTENSIONS.standard} (valueCoding in ${SYSTEMS.standard}) and extension ` +
    `${EXTENSIONS.clockStart} (valueDateTime with an offset): the standard and its clock start;`,
  `- optional: \`slot\` (one Slot/{id}; without it the engine's choice is booked), ` +
    `\`serviceType.coding\` in ${SYSTEMS.modality} (in-person or video; absent: any), ` +
    '`requestedPeriod[0].start` (not before), extensions ' +
    `${EXTENSIONS.language} (valueCode) and ${EXTENSIONS.priorPractitioner} ` +
    '(valueReference Practitioner/{id}). `id`, `meta`, `text` are ignored; anything else ' +
    'is refused (400 naming the element).',
  'Answers: 201 with Location and the booked Appointment; 202 with an Appointment whose ' +
    'status is waitlist (nothing fits: the request waits, no appointment exists); 409 ' +
    `OperationOutcome with the next options (${EXTENSIONS.nextOption} extensions holding ` +
    'Slot references) when the slot was taken or a cap reached; 422 for an unknown patient ' +
    'or a slot that is not an option. Every answer carries the extensions ' +
    `${EXTENSIONS.standard}, ${EXTENSIONS.deadline} and ${EXTENSIONS.evaluation}. ` +
    'An Idempotency-Key header makes a retry return the first result.',
].join('\n');

/** Who may read the audit trail, and what it holds. */
const AUDIT_EVENT_DOCUMENTATION =
  'The audit trail: one event per read or write of personal health information, for the ' +
  'compliance role only. Reading it records no events. The request (or command-line run) ' +
  'id is entity.detail "request-id" of the first entity; the member is the entity in the ' +
  'role Patient. Oldest first.';

export function capabilityStatement(baseUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Timely',
    kind: 'instance',
    software: { name: 'Timely', version: packageJson.version },
    implementation: {
      description: 'Timely FHIR R4 face (read, search, Appointment create = book)',
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          `Searches return a searchset Bundle with total and self/next links. _count is 1 to ${MAX_COUNT} ` +
          `(default ${DEFAULT_COUNT}); follow the next link (an opaque _cursor) for the next page. ` +
          'Parameters not listed here, and modifiers, are refused with a 400 OperationOutcome. ' +
          'Errors are OperationOutcomes naming the parameter, element or header at fault.',
        resource: Object.entries(SEARCH_PARAMETERS).map(([type, params]) => {
          const books = type === 'Appointment';
          const interaction: CapabilityStatementRestResourceInteraction[] = [
            { code: 'read' },
            { code: 'search-type' },
          ];
          if (books) {
            interaction.push({
              code: 'create',
              documentation: 'books the appointment (see the resource documentation)',
            });
          }
          return {
            type: type as CapabilityStatementRestResource['type'],
            ...(books
              ? { documentation: APPOINTMENT_CREATE_DOCUMENTATION, conditionalCreate: false }
              : {}),
            ...(type === 'AuditEvent' ? { documentation: AUDIT_EVENT_DOCUMENTATION } : {}),
            interaction,
            searchParam: Object.entries(params).map(([name, param]) => ({
              name,
              definition: param.definition,
              type: param.type,
              documentation: param.documentation,
            })),
          };
        }),
      },
    ],
  };
}
