/**
 * The FHIR AuditEvent suite on a real PostgreSQL server, in a database made for this
 * run. Skipped, loudly, without TIMELY_TEST_DATABASE_URL.
 */
import { describe } from 'vitest';
import { openFreshServerDatabase, SERVER_URL_VARIABLE } from '../../db/test-databases.ts';
import { describeAuditEventFhir } from './audit-event.suite.ts';

const serverUrl = process.env[SERVER_URL_VARIABLE];

if (!serverUrl) {
  console.warn(
    `${SERVER_URL_VARIABLE} is not set: SKIPPING the FHIR AuditEvent tests on a PostgreSQL ` +
      `server (set it, e.g. ${SERVER_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test).`,
  );
}

(serverUrl ? describe : describe.skip)('FHIR AuditEvent on a PostgreSQL server', () => {
  describeAuditEventFhir(() => openFreshServerDatabase(serverUrl ?? ''));
});
