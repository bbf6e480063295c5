/**
 * `GET /fhir/metadata`: the CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html).
 * Built from `SEARCH_PARAMETERS`, the same table the searches enforce, so it lists
 * exactly the interactions (read, search-type) and parameters implemented. Creating an
 * Appointment (booking) is not offered here yet.
 */
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import packageJson from '../../../package.json' with { type: 'json' };
import { SEARCH_PARAMETERS } from './search-definitions.ts';
import { DEFAULT_COUNT, MAX_COUNT } from './search-params.ts';

/** When this statement's content last changed (CapabilityStatement.date is required). */
const STATEMENT_DATE = '2026-05-01';

export function capabilityStatement(baseUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'Timely',
    kind: 'instance',
    software: { name: 'Timely', version: packageJson.version },
    implementation: { description: 'Timely FHIR R4 face (read and search)', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          `Searches return a searchset Bundle with total and self/next links. _count is 1 to ${MAX_COUNT} ` +
          `(default ${DEFAULT_COUNT}); follow the next link (an opaque _cursor) for the next page. ` +
          'Parameters not listed here, and modifiers, are refused with a 400 OperationOutcome.',
        resource: Object.entries(SEARCH_PARAMETERS).map(([type, params]) => ({
          type: type as CapabilityStatementRestResource['type'],
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          searchParam: Object.entries(params).map(([name, param]) => ({
            name,
            definition: param.definition,
            type: param.type,
            documentation: param.documentation,
          })),
        })),
      },
    ],
  };
}
