/** The audit-trail suite on embedded PGlite: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../../db/test-databases.ts';
import { describeAuditTrail } from './audit-trail.suite.ts';

describe('the audit trail on PGlite', () => {
  describeAuditTrail(openTempPglite);
});
