/** The FHIR face's suite on embedded PGlite, in a temporary folder: always runs. */
import { describe } from 'vitest';
import { openTempPglite } from '../../db/test-databases.ts';
import { describeFhir } from './fhir.suite.ts';

describe('FHIR R4 face on PGlite', () => {
  describeFhir(openTempPglite);
});
