/** The FHIR AuditEvent suite on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../../db/test-databases.ts';
import { describeAuditEventFhir } from './audit-event.suite.ts';

describe('FHIR AuditEvent on PGlite', () => {
  describeAuditEventFhir(openTempPglite);
});
